"""PDF through Typst: layout, embedded fonts, text order, safety, speed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhoubao.compose.document import IssueDoc
from zhoubao.render import registry
from zhoubao.render.pdf import issue_payload, render_pdf
from zhoubao.render.registry import RenderUnavailable

from .conftest import needs_fonts, needs_poppler, run
from .samples import make_issue

pytestmark = needs_fonts


def _squash(text: str) -> str:
    # pdftotext joins a word broken after a hyphen ("Wi-" / "Fi") and drops the hyphen.
    return re.sub(r"[\s-]+", "", text)


@pytest.fixture(scope="module")
def full_pdf(full_issue: IssueDoc, artifacts: Path) -> Path:
    path = artifacts / "issue-40.pdf"
    path.write_bytes(render_pdf(full_issue))
    return path


def test_registered_as_pdf(full_issue: IssueDoc) -> None:
    renderer = registry.get("pdf")
    assert renderer.extension == "pdf" and renderer.media_type == "application/pdf"
    assert renderer.render(full_issue).startswith(b"%PDF-")


@needs_poppler
def test_page_one_as_png(full_pdf: Path, artifacts: Path) -> None:
    run("pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile", str(full_pdf), str(artifacts / "issue-40-page1"))
    png = artifacts / "issue-40-page1.png"
    assert png.stat().st_size > 20_000
    info = run("pdfinfo", str(full_pdf))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info), info  # A4
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3  # type: ignore[union-attr]


@needs_poppler
def test_fonts_embedded_and_only_noto_cjk(full_pdf: Path) -> None:
    rows = run("pdffonts", str(full_pdf)).splitlines()[2:]
    assert rows, "no fonts listed"
    names = []
    for row in rows:
        cols = row.split()
        names.append(cols[0])
        assert cols[-5] == "yes", f"font not embedded: {row}"  # columns …, emb, sub, uni, object, gen
    assert any("NotoSerifCJK" in n for n in names) and any("NotoSansCJK" in n and "Bold" in n for n in names)
    # A fallback face in the list would mean some character had no glyph in Noto CJK.
    assert all("NotoSerifCJK" in n or "NotoSansCJK" in n for n in names), names


@needs_poppler
def test_text_order_and_no_missing_glyphs(full_issue: IssueDoc, full_pdf: Path) -> None:
    text = run("pdftotext", "-enc", "UTF-8", str(full_pdf), "-")
    assert "\ufffd" not in text
    # Running headers (pages ≥ 2) and page numbers interrupt the flow: drop them first.
    pages = []
    for n, page in enumerate(text.split("\f")):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and re.fullmatch(r"—\s*\d+\s*—", lines[-1].strip()):
            lines.pop()
        if n > 0 and lines:
            lines.pop(0)
        pages.append("".join(lines))
    flat = _squash("".join(pages))
    m = full_issue.masthead
    order = [m.title, f"第{m.number}期", m.publisher, f"{m.date.year}年{m.date.month}月{m.date.day}日", "摘要"]
    order += [full_issue.style.bullet + _squash(h) for h in full_issue.highlights]
    for section in full_issue.sections:
        order.append(section.name)
        for item in section.items:
            order.append(_squash(item.title))
            order += [_squash(p) for p in item.paragraphs]
    f = full_issue.footer
    order += ["编辑部：" + f.office, "责编：" + "、".join(f.editors), "复核：" + "、".join(f.reviewers),
              "注：" + f.note, "报：" + "，".join(f.report_to), "发：" + "，".join(f.send_to)]
    pos = 0
    for piece in order:
        piece = _squash(piece)
        found = flat.find(piece, pos)
        assert found >= 0, f"missing or out of order: {piece[:40]}"
        pos = found + len(piece)


@needs_poppler
def test_running_header_and_page_numbers(full_issue: IssueDoc, full_pdf: Path) -> None:
    page2 = run("pdftotext", "-f", "2", "-l", "2", "-layout", str(full_pdf), "-")
    first_line = next(line for line in page2.splitlines() if line.strip())
    assert full_issue.masthead.title in first_line and f"第{full_issue.masthead.number}期" in first_line
    assert re.search(r"—\s*2\s*—", page2)
    page1 = run("pdftotext", "-f", "1", "-l", "1", "-layout", str(full_pdf), "-")
    assert re.search(r"—\s*1\s*—", page1)


def test_report_text_is_never_typst_code(artifacts: Path) -> None:
    doc = make_issue(11, items=3)
    nasty = "#set page(fill: red) #panic(\"x\") $x^2$ *b* _i_ @ref <lbl> \\ `raw` ] [ #{1+1} // c /* c */ = 标题"
    doc.sections[0].items[0].title = nasty
    doc.sections[0].items[0].paragraphs = [nasty, "#include \"/etc/passwd\" #read(\"/etc/passwd\")"]
    doc.highlights = [nasty]
    pdf = render_pdf(doc)
    (artifacts / "typst-markup.pdf").write_bytes(pdf)
    import pdfplumber, io  # noqa: E401, I001

    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        text = "\n".join(p.extract_text() or "" for p in opened.pages)
    assert "#set page(fill: red)" in text and "$x^2$" in text and "`raw`" in text
    assert '#include "/etc/passwd"' in text and "root:" not in text


def test_payload_is_plain_strings(full_issue: IssueDoc) -> None:
    payload = issue_payload(full_issue)

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            assert isinstance(value, str)

    walk(payload)
    assert payload["masthead"]["date_text"] == "2025年2月24日"


def test_spaced_house_style_masthead() -> None:
    doc = make_issue(5, items=2, spacing="space")
    payload = issue_payload(doc)
    assert re.fullmatch(r"\d{4} 年 \d{1,2} 月 \d{1,2} 日", payload["masthead"]["date_text"])
    assert re.fullmatch(r"第 \d+ 期", payload["masthead"]["number_text"])


def test_missing_fonts_name_the_package(tmp_path: Path, full_issue: IssueDoc) -> None:
    with pytest.raises(RenderUnavailable, match="fonts-noto-cjk"):
        render_pdf(full_issue, font_dir=tmp_path)


def test_empty_issue_renders() -> None:
    doc = make_issue(1, items=0)
    assert doc.sections == [] and doc.highlights == []
    assert render_pdf(doc).startswith(b"%PDF-")


def test_deterministic_bytes(full_issue: IssueDoc) -> None:
    assert render_pdf(full_issue) == render_pdf(full_issue)


def test_no_line_starts_with_closing_punctuation(full_issue: IssueDoc) -> None:
    """CJK line breaking (kinsoku): ，。、；：？！）》” never open a line."""
    import io

    import pdfplumber

    from zhoubao.render.read_pdf import group_chars

    closing = set("，。、；：？！）》”’」』】")
    starts = []
    with pdfplumber.open(io.BytesIO(render_pdf(full_issue))) as pdf:
        for n, page in enumerate(pdf.pages):
            for line in group_chars(list(page.chars), n, float(page.height)):
                starts.append(line.text.lstrip()[:1])
    assert len(starts) > 100
    assert not [s for s in starts if s in closing]
