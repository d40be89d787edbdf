"""Past issues in four office layouts of our own (tests/render/office_layouts.py) import item for item, as Word and
as the PDF LibreOffice makes of them; the corpora's past issues import every item through `zhoubao import-issue`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from zhoubao.compose.document import IssueDoc
from zhoubao.render.importer import read_issue

from .office_layouts import LAYOUTS, SECTION_NAMES, Layout

CORPORA = Path(__file__).resolve().parents[2] / "corpus"


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check(doc: IssueDoc, want: Layout, *, pdf: bool) -> None:
    m = doc.masthead
    assert (m.title, m.publisher, m.number, m.date) == (want.title, want.publisher, want.number, want.day)
    assert [s.name for s in doc.sections] == [name for name, _ in want.sections]
    got = [(it.title, it.paragraphs) for it in doc.items()]
    if pdf:  # a line break in a PDF may only have lost the space it fell on (GPT-4o mini)
        got = [(_bare(t), [_bare(p) for p in ps]) for t, ps in got]
        expected = [(_bare(t), [_bare(p) for p in ps]) for t, ps in want.items()]
        assert [_bare(h) for h in doc.highlights] == [_bare(h) for h in want.highlights]
    else:
        expected = want.items()
        assert doc.highlights == want.highlights
    assert got == expected
    assert doc.footer.editors == want.editors


@pytest.mark.parametrize("named", [True, False], ids=["profile-sections", "layout-alone"])
@pytest.mark.parametrize("kind", sorted(LAYOUTS))
def test_word_layout_imports_every_item(tmp_path: Path, kind: str, named: bool) -> None:
    path = tmp_path / f"{kind}.docx"
    want = LAYOUTS[kind](path)
    _check(read_issue(path, sections=SECTION_NAMES[kind] if named else None), want, pdf=False)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, timeout=60).stdout.decode()
    return [_bare(p) for p in text.split("\f")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (soffice)")
def test_libreoffice_pdfs_of_the_layouts_import_every_item(tmp_path: Path) -> None:
    wants = {kind: make(tmp_path / f"{kind}.docx") for kind, make in LAYOUTS.items()}
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *(str(tmp_path / f"{k}.docx") for k in LAYOUTS)],
                   capture_output=True, timeout=300, check=True)
    broken = 0
    for kind, want in wants.items():
        pdf = tmp_path / f"{kind}.pdf"
        for named in (SECTION_NAMES[kind], None):
            _check(read_issue(pdf, sections=named), want, pdf=True)
        if shutil.which("pdftotext"):
            pages = _pages(pdf)
            whole = [_bare(p) for _t, ps in want.items() for p in ps]
            broken += sum(1 for p in whole if not any(p in page for page in pages))
    # The layouts are long enough that some paragraphs run over a page break (joined back above).
    assert broken > 0 or not shutil.which("pdftotext")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (soffice)")
def test_redhead_pdf_whose_fonts_were_substituted_is_read_by_shape(tmp_path: Path) -> None:
    """The red-head's titles differ from the body by typeface only; fonts this machine lacks come out as one in the
    PDF, so its titles look like the body there: they are still found (short, not ending a sentence)."""
    want = LAYOUTS["redhead"](tmp_path / "redhead.docx")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "redhead.docx")],
                   capture_output=True, timeout=240, check=True)
    doc = read_issue(tmp_path / "redhead.pdf")
    assert [_bare(it.title) for it in doc.items()] == [_bare(t) for t, _ in want.items()]


# ---------------------------------------------------------------------------------------------
# The corpora's past issues through the command line: every item, counts pinned.

# Items in corpus/dev-*/past, the same in each issue's .docx and .pdf (issues.jsonl says which).
PINNED = {"dev-e": 54, "dev-f": 56, "dev-g": 55, "dev-h": 54, "dev-i": 60, "dev-n": 56, "dev-o": 57, "dev-p": 52, "dev-q": 54}


def _truth(corpus: str) -> dict[str, int]:
    lines = (CORPORA / corpus / "past" / "issues.jsonl").read_text(encoding="utf-8").splitlines()
    return {(w := json.loads(line))["file"]: sum(len(s["items"]) for s in w["sections"]) for line in lines if line.strip()}


def test_corpus_counts_are_pinned() -> None:
    for corpus, n in PINNED.items():
        per_file = _truth(corpus)
        assert sum(v for f, v in per_file.items() if f.endswith(".docx")) == n
        assert sum(v for f, v in per_file.items() if f.endswith(".pdf")) == n


@pytest.mark.django_db
@pytest.mark.parametrize("corpus", sorted(PINNED))
def test_import_issue_stores_every_past_item(tmp_path: Path, corpus: str) -> None:
    """`import-issue`'s use case over a corpus's past/ (Word into one home's archive, then PDF with --force over
    the same numbers), with the corpus's own profile: every item stored, in its issue, numbered as printed."""
    import tomllib

    from zhoubao.app.issues import import_issue
    from zhoubao.archive.models import Issue, Item
    from zhoubao.conf.settings import load

    meta = tomllib.loads((CORPORA / corpus / "corpus.toml").read_text(encoding="utf-8"))
    settings = load(tmp_path, env={}, flags={"profile": meta["profile"]} if "profile" in meta else None)
    lines = (CORPORA / corpus / "past" / "issues.jsonl").read_text(encoding="utf-8").splitlines()
    wants = {(w := json.loads(line))["file"]: w for line in lines if line.strip()}
    for suffix in (".docx", ".pdf"):
        stored = 0
        for name in sorted(f for f in wants if f.endswith(suffix)):
            want = wants[name]
            got = import_issue(settings, CORPORA / corpus / "past" / name, force=suffix == ".pdf")
            issue = Issue.objects.get(pk=got.issue.pk)
            assert (issue.number, issue.date.isoformat(), issue.state) == (want["number"], want["date"], "published")
            titles = list(Item.objects.filter(issue=issue).order_by("order").values_list("title", flat=True))
            assert [_bare(t) for t in titles] == [_bare(it["title"]) for s in want["sections"] for it in s["items"]]
            stored += got.items
        assert stored == PINNED[corpus], suffix


def test_import_issue_command_refuses_a_file_with_no_items(tmp_path: Path) -> None:
    """A Word file with a masthead and no item: one line saying why, a non-zero exit, nothing stored; among
    several files, the rest are imported."""
    from docx import Document

    from tests.unit.test_cli import zb

    doc = Document()
    for text in ("行业动态周报", "第12期", "某协会\t2024年6月10日", "责编：张三"):
        doc.add_paragraph(text)
    path = tmp_path / "空的一期.docx"
    doc.save(str(path))
    home = tmp_path / "home"
    assert zb("init", str(home)).returncode == 0
    res = zb("import-issue", str(path), home=home)
    assert res.returncode != 0 and "没有读到任何条目" in res.stderr and "已导入" not in res.stdout
    assert len([ln for ln in res.stderr.splitlines() if ln.strip()]) == 1
    # A folder of past issues with one such file among them: the others are imported, the bad one said and counted.
    good = sorted((CORPORA / "dev-g" / "past").glob("*.docx"))
    res = zb("import-issue", str(good[0]), str(path), str(good[1]), home=home)
    assert res.returncode == 2
    assert all(f"已导入 {g.name}：" in res.stdout for g in good)
    assert f"未导入 {path.name}：" in res.stderr and "没有读到任何条目" in res.stderr
    assert "导入 2 期；1 个文件未导入" in res.stderr


def test_a_bold_lead_in_phrase_stays_in_its_paragraph(tmp_path: Path) -> None:
    """会议强调： in bold at the head of a paragraph is not a run-in title: the paragraph stays whole."""
    from docx import Document

    doc = Document()
    for text in ("行业动态周报", "第3期", "某协会\t2024年6月10日"):
        doc.add_paragraph(text)
    doc.add_paragraph().add_run("要闻").bold = True
    doc.add_paragraph().add_run("国务院常务会议：部署推进人工智能产业发展").bold = True
    doc.add_paragraph("6月7日，国务院总理主持召开国务院常务会议，部署推进人工智能产业发展。")
    lead = doc.add_paragraph()
    lead.add_run("会议强调：").bold = True
    lead.add_run("要加强基础研究和关键核心技术攻关，推动人工智能与实体经济深度融合。")
    path = tmp_path / "leadin.docx"
    doc.save(str(path))
    assert [(it.title, it.paragraphs) for it in read_issue(path).items()] == [
        ("国务院常务会议：部署推进人工智能产业发展",
         ["6月7日，国务院总理主持召开国务院常务会议，部署推进人工智能产业发展。",
          "会议强调：要加强基础研究和关键核心技术攻关，推动人工智能与实体经济深度融合。"])]


@pytest.mark.parametrize("corpus", sorted(PINNED))
def test_the_masthead_and_every_summary_line_of_the_past_issues(corpus: str) -> None:
    """Each past file's masthead and 摘要 as issues.jsonl says; a numbered 摘要 line that LibreOffice's PDF wraps in
    two ("…违法违规信息 120" / "万余条") is still one line (dev-q read 7 lines for 5 before)."""
    lines = (CORPORA / corpus / "past" / "issues.jsonl").read_text(encoding="utf-8").splitlines()
    for want in (json.loads(line) for line in lines if line.strip()):
        doc = read_issue(CORPORA / corpus / "past" / want["file"])
        m = doc.masthead
        assert (m.title, m.publisher, m.number, m.date.isoformat()) == (
            want["title"], want["publisher"], want["number"], want["date"]), want["file"]
        assert [_bare(h) for h in doc.highlights] == [_bare(h) for h in want["highlights"]], want["file"]
