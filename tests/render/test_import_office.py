"""Past issues laid out by an office's Word or WPS, not by zhoubao, read back item for item.

corpus/dev-*/past holds five offices' layouts, each issue as .docx and as the PDF LibreOffice made
of it, with issues.jsonl saying what each file holds. The synthetic layouts below add what those
five do not show (Word heading styles, shaded paragraphs, un-bulleted 摘要, numbered titles in the
body's own font, dates in Chinese numerals, a footer in brackets).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import defaults
from zhoubao.render.docx import render_docx
from zhoubao.render.import_classify import heading_text
from zhoubao.render.import_model import clean_publisher, find_date
from zhoubao.render.importer import IssueImportError, read_issue

from .conftest import needs_fonts
from .samples import make_issue

CORPORA = Path(__file__).resolve().parents[2] / "corpus"
PDF_MATCH = 0.995  # character-level match of a PDF's paragraphs with the truth (measured: ≥ 0.9998)


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for past in sorted(CORPORA.glob("dev-*/past/issues.jsonl")):
        for line in past.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append((past.parents[1].name, json.loads(line)))
    return out


CASES = _cases()
IDS = [f"{corpus}/{want['file']}" for corpus, want in CASES]


def _section_names(corpus: str) -> list[str]:
    """The corpus's own profile's sections, else the default weekly's (what the caller passes)."""
    meta = tomllib.loads((CORPORA / corpus / "corpus.toml").read_text(encoding="utf-8"))
    sections = meta.get("profile", {}).get("sections") or defaults()["profile"]["sections"]
    return [s["name"] for s in sections]


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _read(corpus: str, want: dict[str, Any], sections: list[str] | None) -> tuple[Path, IssueDoc]:
    path = CORPORA / corpus / "past" / want["file"]
    return path, read_issue(path, sections=sections)


def test_the_corpus_has_office_layouts_in_both_formats() -> None:
    assert len(CASES) >= 20
    assert {Path(w["file"]).suffix for _, w in CASES} == {".docx", ".pdf"}
    assert len({c for c, _ in CASES}) >= 5


@pytest.mark.parametrize(("corpus", "want"), CASES, ids=IDS)
def test_past_issue_reads_as_printed(corpus: str, want: dict[str, Any]) -> None:
    path, doc = _read(corpus, want, _section_names(corpus))
    m = doc.masthead
    assert (m.title, m.publisher, m.number, m.date) == (
        want["title"], want["publisher"], want["number"], date.fromisoformat(want["date"]))
    # A PDF holds no space where a line broke on one ("2632.40亿元 同比增长" wrapped after 亿元, dev-zn): its lines
    # are compared without spaces; a Word file keeps every space.
    same = _bare if path.suffix == ".pdf" else _ws
    assert [same(h) for h in doc.highlights] == [same(h) for h in want["highlights"]]
    assert [s.name for s in doc.sections] == [s["name"] for s in want["sections"]]
    for got, expected in zip(doc.sections, want["sections"], strict=True):
        assert [same(it.title) for it in got.items] == [same(it["title"]) for it in expected["items"]], got.name
    got_paras = [it.paragraphs for it in doc.items()]
    want_paras = [it["paragraphs"] for s in want["sections"] for it in s["items"]]
    if path.suffix == ".docx":
        assert got_paras == want_paras
        return
    # PDF: every paragraph whole and in its item; a line break may only have lost the space it fell on.
    assert [len(p) for p in got_paras] == [len(p) for p in want_paras]
    differ = [(g, w) for gs, ws in zip(got_paras, want_paras, strict=True)
              for g, w in zip(gs, ws, strict=True) if g != w]
    assert all(_bare(g) == _bare(w) for g, w in differ), differ
    a = "\n".join(p for ps in want_paras for p in ps)
    b = "\n".join(p for ps in got_paras for p in ps)
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    assert ratio >= PDF_MATCH, f"{ratio:.4f}; differing paragraphs: {differ}"


@pytest.mark.parametrize(("corpus", "want"), CASES, ids=IDS)
def test_grouped_items_become_one_story_per_paragraph(corpus: str, want: dict[str, Any]) -> None:
    _path, doc = _read(corpus, want, _section_names(corpus))
    truth = [it for s in want["sections"] for it in s["items"]]
    grouped = [(got, it) for got, it in zip(doc.items(), truth, strict=True) if " | " in it["title"]]
    assert grouped, "every office here groups some items"
    for got, it in grouped:
        parts = it["title"].split(" | ")
        parts[0] = parts[0].partition("：")[2]
        assert [_ws(s.title) for s in got.stories] == [_ws(p) for p in parts]
        assert [s.paragraphs for s in got.stories] == [[p] for p in got.paragraphs]


@pytest.mark.parametrize(("corpus", "want"), CASES, ids=IDS)
def test_layout_alone_finds_the_sections(corpus: str, want: dict[str, Any]) -> None:
    """Without the profile's names (the default weekly's are tried), the layout gives the same issue."""
    _path, doc = _read(corpus, want, None)
    assert [s.name for s in doc.sections] == [s["name"] for s in want["sections"]]
    assert [_ws(it.title) for it in doc.items()] == [_ws(it["title"]) for s in want["sections"] for it in s["items"]]
    assert doc.masthead.number == want["number"]


@pytest.mark.parametrize("corpus", sorted({c for c, _ in CASES}))
def test_footer_block_is_read_alike_from_word_and_pdf(corpus: str) -> None:
    names = _section_names(corpus)
    for docx_path in sorted((CORPORA / corpus / "past").glob("*.docx")):
        word = read_issue(docx_path, sections=names).footer
        pdf = read_issue(docx_path.with_suffix(".pdf"), sections=names).footer
        assert word.office and word.editors and word.reviewers and word.note and word.report_to and word.send_to
        assert all("：" not in n for n in [*word.editors, *word.reviewers])  # 责编：A　B　　复核：C split apart
        assert pdf.editors == word.editors and pdf.reviewers == word.reviewers
        assert (_bare(pdf.office), pdf.note, pdf.report_to, pdf.send_to) == (
            _bare(word.office), word.note, word.report_to, word.send_to)


# ---------------------------------------------------------------------------------------------
# Refusals: never a success with nothing read.


def _masthead_only_docx(path: Path, *, with_summary: bool) -> None:
    doc = Document()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("行业动态周报").font.size = Pt(24)
    doc.add_paragraph("第12期")
    doc.add_paragraph("某协会\t2024年6月10日")
    if with_summary:
        doc.add_paragraph().add_run("本期摘要").bold = True
        doc.add_paragraph("◆星河视频上线“长辈模式”")
    doc.add_paragraph("编辑部：信息部")
    doc.add_paragraph("责编：张三、李四")
    doc.save(str(path))


@pytest.mark.parametrize("with_summary", [False, True])
def test_a_file_with_no_items_is_refused(tmp_path: Path, with_summary: bool) -> None:
    path = tmp_path / "empty.docx"
    _masthead_only_docx(path, with_summary=with_summary)
    with pytest.raises(IssueImportError, match="没有读到任何条目"):
        read_issue(path)


def test_zhoubaos_own_issue_without_items_is_refused(tmp_path: Path) -> None:
    doc = make_issue(3, items=0)
    path = tmp_path / "empty.docx"
    path.write_bytes(render_docx(doc))
    with pytest.raises(IssueImportError, match="没有读到任何条目"):
        read_issue(path)


@needs_fonts
def test_zhoubaos_own_pdf_without_items_is_refused(tmp_path: Path) -> None:
    from zhoubao.render.pdf import render_pdf

    path = tmp_path / "empty.pdf"
    path.write_bytes(render_pdf(make_issue(3, items=0)))
    with pytest.raises(IssueImportError, match="没有读到任何条目"):
        read_issue(path)


def test_masthead_in_a_text_box(tmp_path: Path) -> None:
    """A red-head masthead set in a Word text box (with the copy old Word keeps) is read once, in place."""
    from docx.oxml import parse_xml

    doc = Document()
    box = ('<w:txbxContent><w:p><w:r><w:rPr><w:sz w:val="48"/></w:rPr><w:t>行业动态周报</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>第9期</w:t></w:r></w:p><w:p><w:r><w:t>某协会　　2024年6月10日</w:t></w:r></w:p></w:txbxContent>')
    anchor = doc.add_paragraph()
    anchor._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>'))
    for text, bold in [("要闻", True), ("某部门：发布通知", True), ("6月4日，某部门发布通知。", False)]:
        doc.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "box.docx"
    doc.save(str(path))
    back = read_issue(path)
    assert (back.masthead.title, back.masthead.number, back.masthead.publisher) == ("行业动态周报", 9, "某协会")
    assert [(it.title, it.paragraphs) for it in back.items()] == [("某部门：发布通知", ["6月4日，某部门发布通知。"])]


def test_title_and_text_in_one_paragraph_split_by_a_line_break(tmp_path: Path) -> None:
    """Shift+Enter between a bold title and its text: two blocks, because they look different."""
    doc = Document()
    for text in ("行业动态周报", "第3期", "某协会\t2024年6月10日"):
        doc.add_paragraph(text)
    doc.add_paragraph().add_run("要闻").bold = True
    for title, body in [("某部门：发布通知", "6月4日，某部门发布通知。"), ("某公司：上线新功能", "6月5日，某公司上线新功能。")]:
        p = doc.add_paragraph()
        p.add_run(title).bold = True
        p.add_run().add_break()
        p.add_run(body)
    path = tmp_path / "runin.docx"
    doc.save(str(path))
    assert [(it.title, it.paragraphs) for it in read_issue(path).items()] == [
        ("某部门：发布通知", ["6月4日，某部门发布通知。"]), ("某公司：上线新功能", ["6月5日，某公司上线新功能。"])]


def test_prose_without_a_masthead_is_refused(tmp_path: Path) -> None:
    doc = Document()
    for text in ("关于召开年会的通知", "各会员单位：", "经研究，定于下月召开年会，请各单位做好准备。"):
        doc.add_paragraph(text)
    path = tmp_path / "letter.docx"
    doc.save(str(path))
    with pytest.raises(IssueImportError, match="刊头"):
        read_issue(path)


def test_damaged_and_blank_pdfs_are_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(IssueImportError):
        read_issue(bad)
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with blank.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(IssueImportError, match="没有可提取的文字"):
        read_issue(blank)


# ---------------------------------------------------------------------------------------------
# The pieces: headings, dates, numbers, publishers.


@pytest.mark.parametrize("printed", ["一、要闻", "【要闻】", "▲要闻", "（一）要闻", "1. 要闻", "■ 要闻", "要　闻", "〖要闻〗", "第一部分 要闻"])
def test_section_headings_lose_their_numbering_and_marks(printed: str) -> None:
    assert heading_text(printed) == "要闻"


@pytest.mark.parametrize(("printed", "day"), [
    ("2024 年 6 月 3 日", date(2024, 6, 3)), ("2026.01.05", date(2026, 1, 5)), ("2025-6-9", date(2025, 6, 9)),
    ("2025/12/29", date(2025, 12, 29)), ("二〇二五年八月四日", date(2025, 8, 4)), ("2025年12月29日 星期一", date(2025, 12, 29)),
])
def test_dates_in_the_forms_offices_print(printed: str, day: date) -> None:
    found = find_date(printed)
    assert found is not None and found[0] == day


@pytest.mark.parametrize(("lines", "number", "day"), [
    (["2025年第31期（总第206期）", "中国网络视听产业协会\t2025 年 8 月 4 日"], 206, date(2025, 8, 4)),
    (["第302期 | 2025.12.29"], 302, date(2025, 12, 29)),
    (["第 58 期（2025.7.28—8.3）", "2025年8月4日"], 58, date(2025, 8, 4)),
    (["（第57期）", "2025年7月28日至8月3日"], 57, date(2025, 7, 28)),
])
def test_masthead_number_prefers_the_running_count_and_date_skips_the_window(
        lines: list[str], number: int, day: date) -> None:
    from zhoubao.render.import_model import Line, assemble

    doc = assemble([Line("周报", "title"), *(Line(t, "meta", segments=t.split("\t")) for t in lines),
                    Line("要闻", "section"), Line("标题", "item"), Line("正文。", "body")])
    assert (doc.masthead.number, doc.masthead.date) == (number, day)


@pytest.mark.parametrize(("printed", "name"), [
    ("主办：网络视听行业协会", "网络视听行业协会"), ("中国文旅产业发展协会秘书处编", "中国文旅产业发展协会"),
    ("中国医药行业协会研究部", "中国医药行业协会研究部"), ("（）", ""), ("内部资料 注意保存", ""),
])
def test_publisher_as_printed_without_labels(printed: str, name: str) -> None:
    assert clean_publisher(printed)[0] == name


# ---------------------------------------------------------------------------------------------
# Layouts none of the five offices uses.

SECTIONS = ["要闻", "政策", "市场", "企业"]


def _items(section: str, n: int, *, long: bool = False) -> list[tuple[str, list[str]]]:
    out = []
    for k in range(n):
        body = f"6月{k + 1}日，{section}主体{k}发布通知，要求各地加快推进相关工作，确保2024年目标任务如期完成，并在GPT-4o等新技术应用方面加强管理。"
        paras = [body * (6 if long else 1)]
        if k == 1:
            paras.append("通知强调，要坚持问题导向，推动高质量发展。")
        out.append((f"{section}主体{k}：发布《关于推进{section}工作的第{k + 1}号通知》", paras))
    if section == "市场":
        out.append(("星河视频：网络剧《山海》开播 | 综艺《夏日》定档",
                    ["6月2日，网络剧《山海》在星河视频开播。", "6月3日，星河视频宣布综艺《夏日》定档6月10日。"]))
    return out


def _run(p: Any, text: str, *, bold: bool | None = None, size: float | None = None, font: str | None = None) -> None:
    r = p.add_run(text)
    r.bold = bold
    if size:
        r.font.size = Pt(size)
    if font:
        r.font.name = font
        r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _shade(p: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    p._p.get_or_add_pPr().append(shd)


def _centred(d: Any, text: str, **kw: Any) -> None:
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, text, **kw)


def _layout(kind: str, path: Path) -> dict[str, Any]:
    """Write one layout; return what a reader must find in it."""
    d = Document()
    secs = [(s, _items(s, 2 if kind == "box" else 3, long=kind == "box")) for s in SECTIONS]
    highlights = [secs[0][1][0][0], secs[1][1][1][0], secs[2][1][0][0]]
    want: dict[str, Any] = {"sections": secs, "highlights": highlights}
    if kind == "headings":  # Word's Heading 1/2, 本期导读 without bullets, 年第N期（总第N期）, 主办：
        _centred(d, "某某产业周报", size=24, font="方正小标宋简体")
        _centred(d, "2024年第12期（总第345期）", size=14)
        _run(d.add_paragraph(), "主办：某某产业协会\u3000\u3000\u3000\u30002024 年 6 月 3 日", size=14)
        d.add_heading("本期导读", level=1)
        for h in highlights:
            d.add_paragraph(h)
        for i, (s, items) in enumerate(secs):
            d.add_heading("一二三四"[i] + "、" + s, level=1)
            for j, (title, paras) in enumerate(items):
                d.add_heading(f"（{'一二三四五'[j]}）{title}", level=2)
                for para in paras:
                    d.add_paragraph(para).paragraph_format.first_line_indent = Cm(0.74)
        d.add_paragraph("责编：张三\u3000李四\u3000\u3000复核：王五")
        d.add_paragraph("报：主管部门，会长单位")
        d.add_paragraph("发：各会员单位")
        d.sections[0].footer.paragraphs[0].text = "第 1 页 共 3 页"
        want.update(masthead=("某某产业周报", "某某产业协会", 345, date(2024, 6, 3)), editors=["张三", "李四"])
    elif kind == "shaded":  # shaded section bars, titles numbered 1、 in the body's own font, no 摘要, 2026.01.05
        _centred(d, "某某动态", bold=True, size=20, font="黑体")
        _centred(d, "第 58 期\u3000\u3000某某研究院编\u3000\u30002026.01.05", size=11)
        for s, items in secs:
            p = d.add_paragraph()
            _shade(p, "D9E2F3")
            _run(p, s, bold=True, size=14, font="微软雅黑")
            for j, (title, paras) in enumerate(items):
                _run(d.add_paragraph(), f"{j + 1}、{title}", size=11, font="仿宋")
                for para in paras:
                    p = d.add_paragraph()
                    _run(p, para, size=11, font="仿宋")
                    p.paragraph_format.space_after = Pt(6)
        _run(d.add_paragraph(), "编辑部：某某研究院信息中心", size=9)
        _run(d.add_paragraph(), "责编：赵六", size=9)
        d.sections[0].footer.paragraphs[0].text = "- 1 -"
        want.update(masthead=("某某动态", "某某研究院", 58, date(2026, 1, 5)), highlights=[], editors=["赵六"])
    else:  # 摘　要 in a bordered box with 1. numbering, 【栏目】, ■ titles, a date in Chinese numerals, long paragraphs
        _centred(d, "某某周报", bold=True, size=26, font="宋体")
        _centred(d, "第77期", size=12)
        _centred(d, "某某协会秘书处\u3000\u3000二〇二四年七月八日", size=12)
        cell = d.add_table(rows=1, cols=1).cell(0, 0)
        _run(cell.paragraphs[0], "摘　要", bold=True, size=14)
        for n, h in enumerate(highlights, 1):
            _run(cell.add_paragraph(), f"{n}. {h}", size=11)
        for s, items in secs:
            _centred(d, f"【{s}】", bold=True, size=15)
            for title, paras in items:
                _run(d.add_paragraph(), "■ " + title, bold=True, size=12)
                for para in paras:
                    p = d.add_paragraph()
                    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                    p.paragraph_format.first_line_indent = Pt(24)
                    _run(p, para, size=12)
        _run(d.add_paragraph(), "（编辑部：秘书处综合部　责编：钱七）", size=10)
        d.sections[0].footer.paragraphs[0].text = "第1页"
        want.update(masthead=("某某周报", "某某协会秘书处", 77, date(2024, 7, 8)), editors=["钱七"])
    d.save(str(path))
    return want


def _assert_layout(doc: IssueDoc, want: dict[str, Any]) -> None:
    m = doc.masthead
    assert (m.title, m.publisher, m.number, m.date) == want["masthead"]
    assert doc.highlights == want["highlights"]
    assert [(s.name, [(it.title, it.paragraphs) for it in s.items]) for s in doc.sections] == want["sections"]
    assert doc.footer.editors == want["editors"]


LAYOUTS = ["headings", "shaded", "box"]


@pytest.mark.parametrize("kind", LAYOUTS)
@pytest.mark.parametrize("named", [True, False])
def test_other_word_layouts(tmp_path: Path, kind: str, named: bool) -> None:
    path = tmp_path / f"{kind}.docx"
    want = _layout(kind, path)
    _assert_layout(read_issue(path, sections=SECTIONS if named else None), want)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (soffice)")
def test_other_layouts_as_libreoffice_pdfs(tmp_path: Path) -> None:
    wants = {kind: _layout(kind, tmp_path / f"{kind}.docx") for kind in LAYOUTS}
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *(str(tmp_path / f"{k}.docx") for k in LAYOUTS)],
                   capture_output=True, timeout=240, check=True)
    for kind, want in wants.items():
        _assert_layout(read_issue(tmp_path / f"{kind}.pdf", sections=SECTIONS), want)


def test_names_run_together_by_a_pdf_are_split_where_only_one_cut_makes_names() -> None:
    from zhoubao.render.import_model import _split_names

    assert _split_names("王蕾陈思远") == ["王蕾", "陈思远"]  # a PDF's text drops the space between them
    assert _split_names("李明张伟王芳") == ["李明", "张伟", "王芳"]
    assert _split_names("张三、李四") == ["张三", "李四"]
    # Not a run of names, or a run that can be cut more than one way: as it is.
    assert _split_names("中国网络视听协会") == ["中国网络视听协会"]
    assert _split_names("欧阳明月") == ["欧阳明月"]
    assert _split_names("王林陈思") == ["王林陈思"]  # four characters: one name or two cannot be told
