"""Word output: template styles, East Asian fonts, indents, page numbers, LibreOffice opens it."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from zhoubao.compose.document import IssueDoc
from zhoubao.render import registry
from zhoubao.render.docx import STYLE_NAMES, default_template, render_docx

from .conftest import needs_poppler, run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def full_docx(full_issue: IssueDoc, artifacts: Path) -> Path:
    path = artifacts / "issue-40.docx"
    path.write_bytes(render_docx(full_issue))
    return path


def _east_asia(style: object) -> str | None:
    rfonts = style.element.find(f"{W}rPr/{W}rFonts")  # type: ignore[attr-defined]
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def test_registered_as_docx(full_issue: IssueDoc) -> None:
    r = registry.get("docx")
    assert r.extension == "docx" and "wordprocessingml" in r.media_type
    assert zipfile.is_zipfile(io.BytesIO(r.render(full_issue)))


def test_styles_fonts_and_indent(full_docx: Path) -> None:
    doc = Document(str(full_docx))
    styles = {s.name: s for s in doc.styles}
    for name in STYLE_NAMES:
        assert name in styles, name
    assert _east_asia(styles["Normal"]) == "宋体"
    assert _east_asia(styles["条目正文"]) == "宋体"
    assert _east_asia(styles["条目标题"]) == "黑体" and styles["条目标题"].font.bold
    assert _east_asia(styles["栏目标题"]) == "黑体"
    ind = styles["条目正文"].element.find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert styles["条目正文"].paragraph_format.first_line_indent == Pt(24)
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_all_titles_in_order(full_issue: IssueDoc, full_docx: Path) -> None:
    doc = Document(str(full_docx))
    titles = [p.text for p in doc.paragraphs if p.style.name == "条目标题"]
    assert titles == [it.title for it in full_issue.items()]
    sections = [p.text for p in doc.paragraphs if p.style.name == "栏目标题"]
    assert sections == [s.name for s in full_issue.sections]
    texts = [p.text for p in doc.paragraphs]
    m = full_issue.masthead
    assert texts[:3] == [m.title, f"第{m.number}期", f"{m.publisher}\t{m.date.year}年{m.date.month}月{m.date.day}日"]
    box = doc.tables[0].cell(0, 0).paragraphs
    assert box[0].text == "摘要"
    assert [p.text for p in box[1:]] == [f"{full_issue.style.bullet}\t{h}" for h in full_issue.highlights]
    assert texts[-1].startswith("发：")


def test_page_number_field_and_running_header(full_issue: IssueDoc, full_docx: Path) -> None:
    doc = Document(str(full_docx))
    section = doc.sections[0]
    assert "PAGE" in "".join(t.text or "" for t in section.footer._element.iter(f"{W}instrText"))
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0].text
    assert header == f"{full_issue.masthead.title}\t第{full_issue.masthead.number}期"


def test_shipped_template_matches_code() -> None:
    shipped = Document(io.BytesIO(default_template()))
    assert {s.name for s in shipped.styles} >= set(STYLE_NAMES)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui): cannot check it opens")
@needs_poppler
def test_libreoffice_converts_it(full_issue: IssueDoc, full_docx: Path, tmp_path: Path, artifacts: Path) -> None:
    profile = tmp_path / "lo-profile"
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(full_docx)],
            capture_output=True, timeout=180, check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("LibreOffice did not finish within 180 s")
    pdf = tmp_path / "issue-40.pdf"
    assert pdf.is_file()
    shutil.copy(pdf, artifacts / "issue-40-docx-libreoffice.pdf")
    run("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(artifacts / "issue-40-docx-page1"))
    text = run("pdftotext", str(pdf), "-")
    assert full_issue.masthead.title in text and "摘要" in text
    assert full_issue.items()[-1].title.split("：")[0] in text
