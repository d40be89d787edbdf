"""Word (.docx) of an issue, written into the shipped template (templates/issue.docx).

The template carries the page setup, the running header/footer and nine paragraph styles
(周报标题 … 周报落款). Rendering keeps the template's section settings, header and footer,
empties its body and writes the issue with those styles; ``{title}``, ``{number}``,
``{publisher}`` and ``{date}`` in the header/footer are filled in.
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from zhoubao.compose.document import IssueDoc
from zhoubao.render.base import Renderer
from zhoubao.render.text import clean_text, date_text, footer_lines, number_text

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE_NAME = "issue.docx"
RED = RGBColor(0xC0, 0x00, 0x00)
SONG = "宋体"
HEI = "黑体"
TEXT_WIDTH_MM = 210 - 26 - 26


# ---------------------------------------------------------------------------------------------
# Low-level helpers (python-docx has no API for these OOXML settings)


def _fonts(rpr_owner: Any, east_asia: str, latin: str) -> None:
    """Set both the Latin and the East Asian font: Word picks the face per script."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


# Word rejects (offers to "repair") a pPr whose children are out of the schema's order.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)


def _child_in_order(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.insert_element_before(el, *order[order.index(tag) + 1:])
    return el


def _ppr_child(ppr: Any, tag: str) -> Any:
    return _child_in_order(ppr, tag, _PPR_ORDER)


def _first_line_chars(style: Any, chars: int, size_pt: float) -> None:
    """First-line indent in characters (firstLineChars, Word's 首行缩进 2 字符) plus twips fallback."""
    ppr = style.element.get_or_add_pPr()
    ind = _ppr_child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size_pt * 20)))


def _hanging_chars(style: Any, chars: float, size_pt: float) -> None:
    ppr = style.element.get_or_add_pPr()
    ind = _ppr_child(ppr, "w:ind")
    ind.set(qn("w:leftChars"), str(int(chars * 100)))
    ind.set(qn("w:left"), str(int(chars * size_pt * 20)))
    ind.set(qn("w:hangingChars"), str(int(chars * 100)))
    ind.set(qn("w:hanging"), str(int(chars * size_pt * 20)))


def _border(ppr: Any, sides: dict[str, tuple[str, int, str, int]]) -> None:
    """Paragraph borders: side → (style, size in 1/8 pt, colour, space in pt)."""
    pbdr = _ppr_child(ppr, "w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            val, sz, color, space = sides[side]
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), val)
            el.set(qn("w:sz"), str(sz))
            el.set(qn("w:space"), str(space))
            el.set(qn("w:color"), color)
            pbdr.append(el)


def _outline(style: Any, level: int) -> None:
    _ppr_child(style.element.get_or_add_pPr(), "w:outlineLvl").set(qn("w:val"), str(level))


def _field(paragraph: Any, instr: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES …) that Word and LibreOffice update on open/print."""
    def run_with(child: Any) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    t = OxmlElement("w:t")
    t.text = placeholder
    run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# ---------------------------------------------------------------------------------------------
# The default template

STYLE_NAMES = ("周报标题", "周报期号", "周报刊头", "摘要标题", "摘要条目", "栏目标题", "条目标题", "条目正文", "周报落款")


def _paragraph_style(doc: Any, name: str, *, east_asia: str, latin: str, size: float,
                     bold: bool = False, color: RGBColor | None = None) -> Any:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    _fonts(style.element, east_asia, latin)
    pf = style.paragraph_format
    pf.first_line_indent = None
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    return style


def _define_styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _fonts(normal.element, SONG, "Times New Roman")
    npf = normal.paragraph_format
    npf.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    npf.space_before = Pt(0)
    npf.space_after = Pt(0)
    npf.widow_control = True
    # Chinese line breaking: no closing punctuation at a line start (kinsoku) and
    # punctuation compression, as Word's 中文版式 does by default.
    ppr = normal.element.get_or_add_pPr()
    _ppr_child(ppr, "w:kinsoku").set(qn("w:val"), "1")
    _ppr_child(ppr, "w:autoSpaceDE").set(qn("w:val"), "0")
    _ppr_child(ppr, "w:autoSpaceDN").set(qn("w:val"), "0")
    # Spacing between CJK and Latin/digits is part of the text (house style), never added by
    # the word processor: off in the document defaults too, which LibreOffice reads.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        ppr_default = defaults.find(qn("w:pPrDefault"))
        if ppr_default is None:
            ppr_default = OxmlElement("w:pPrDefault")
            defaults.append(ppr_default)
        dppr = ppr_default.find(qn("w:pPr"))
        if dppr is None:
            dppr = OxmlElement("w:pPr")
            ppr_default.append(dppr)
        _ppr_child(dppr, "w:autoSpaceDE").set(qn("w:val"), "0")
        _ppr_child(dppr, "w:autoSpaceDN").set(qn("w:val"), "0")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)

    s = _paragraph_style(doc, "周报标题", east_asia=SONG, latin="Times New Roman", size=28, bold=True, color=RED)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(18)
    s.paragraph_format.space_after = Pt(6)
    s.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    s.font.character_spacing = Pt(2)

    s = _paragraph_style(doc, "周报期号", east_asia=SONG, latin="Times New Roman", size=14)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_after = Pt(6)

    s = _paragraph_style(doc, "周报刊头", east_asia=SONG, latin="Times New Roman", size=12)
    s.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    s.paragraph_format.space_after = Pt(14)
    _border(s.element.get_or_add_pPr(), {"bottom": ("thickThinSmallGap", 24, "C00000", 2)})

    s = _paragraph_style(doc, "摘要标题", east_asia=HEI, latin="Arial", size=13, bold=True)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_after = Pt(2)
    s.font.character_spacing = Pt(12)

    s = _paragraph_style(doc, "摘要条目", east_asia=SONG, latin="Times New Roman", size=11)
    s.paragraph_format.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    _hanging_chars(s, 1.5, 11)

    s = _paragraph_style(doc, "栏目标题", east_asia=HEI, latin="Arial", size=14, bold=True, color=RED)
    s.paragraph_format.space_before = Pt(16)
    s.paragraph_format.space_after = Pt(8)
    s.paragraph_format.keep_with_next = True
    s.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _border(s.element.get_or_add_pPr(), {
        "left": ("single", 36, "C00000", 6), "bottom": ("single", 4, "A6A6A6", 2),
    })
    _outline(s, 0)

    s = _paragraph_style(doc, "条目标题", east_asia=HEI, latin="Arial", size=12, bold=True)
    s.paragraph_format.space_before = Pt(10)
    s.paragraph_format.space_after = Pt(2)
    s.paragraph_format.keep_with_next = True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _outline(s, 1)

    s = _paragraph_style(doc, "条目正文", east_asia=SONG, latin="Times New Roman", size=12)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _first_line_chars(s, 2, 12)

    s = _paragraph_style(doc, "周报落款", east_asia=SONG, latin="Times New Roman", size=10.5)
    s.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    s.paragraph_format.space_after = Pt(3)
    _hanging_chars(s, 2, 10.5)


def build_default_template() -> bytes:
    """The default template, built from code (so it can be regenerated and diffed)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(27), Mm(24)
    section.left_margin, section.right_margin = Mm(26), Mm(26)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.different_first_page_header_footer = True  # page 1 carries the masthead instead
    _define_styles(doc)

    # The stock Header style has Letter-size centre/right tabs; ours is one right tab at A4 width.
    doc.styles["Header"].paragraph_format.tab_stops.clear_all()
    header = section.header.paragraphs[0]
    header.text = "{title}\t{number}"
    header.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    for run in header.runs:
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    _border(header._p.get_or_add_pPr(), {"bottom": ("single", 4, "C00000", 1)})

    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("— ")
        _field(p, "PAGE")
        p.add_run(" —")
        for run in p.runs:
            run.font.size = Pt(9)
    # Body left empty: the renderer fills it.
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    buf = io.BytesIO()
    doc.core_properties.title = "行业动态周报模板"
    doc.core_properties.author = "zhoubao"
    doc.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def default_template() -> bytes:
    shipped = resources.files("zhoubao.render").joinpath(f"templates/{TEMPLATE_NAME}")
    if shipped.is_file():
        return shipped.read_bytes()
    return build_default_template()


# ---------------------------------------------------------------------------------------------
# Rendering


def _fill_placeholders(paragraph: Any, values: dict[str, str]) -> None:
    text = paragraph.text
    if "{" not in text:
        return
    new = text
    for key, value in values.items():
        new = new.replace("{" + key + "}", value)
    if new == text:
        return
    runs = paragraph.runs
    if runs:
        runs[0].text = new
        for run in runs[1:]:
            run.text = ""


class _Writer:
    """Appends styled paragraphs; style ids are resolved once (python-docx's lookup by name
    scans every style on each call: 0.2 s for a 40-item issue)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids = {s.name: s.style_id for s in doc.styles if s.name in STYLE_NAMES}

    def add(self, text: str, style: str) -> Any:
        paragraph = self.doc.add_paragraph(text)
        paragraph._p.style = self.ids[style]
        return paragraph


def _summary_box(doc: Any, highlights: list[str], bullet: str) -> None:
    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    borders = _child_in_order(tbl_pr, "w:tblBorders", _TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "404040")
        borders.append(el)
    cell = table.cell(0, 0)
    cell.width = Mm(TEXT_WIDTH_MM)
    mar = OxmlElement("w:tcMar")
    for side, val in (("top", 120), ("left", 200), ("bottom", 120), ("right", 200)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(val))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    cell._tc.get_or_add_tcPr().append(mar)
    first = cell.paragraphs[0]
    first.style = doc.styles["摘要标题"]
    first.add_run("摘要")
    for h in highlights:
        p = cell.add_paragraph(style="摘要条目")
        run = p.add_run(bullet)
        run.font.color.rgb = RED
        p.add_run("\t" + h)
    # Word needs a paragraph between a table and what follows to keep them apart.
    spacer = doc.add_paragraph(style="Normal")
    spacer.paragraph_format.space_after = Twips(60)


def render_docx(doc: IssueDoc) -> bytes:
    out = Document(io.BytesIO(default_template()))
    w = _Writer(out)
    body = out.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    m = doc.masthead
    values = {
        "title": clean_text(m.title), "number": number_text(doc),
        "publisher": clean_text(m.publisher), "date": date_text(doc),
    }
    for section in out.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            for p in part.paragraphs:
                _fill_placeholders(p, values)

    w.add(values["title"], "周报标题")
    w.add(values["number"], "周报期号")
    w.add(values["publisher"] + "\t" + values["date"], "周报刊头")
    if doc.highlights:
        _summary_box(out, [clean_text(h) for h in doc.highlights], clean_text(doc.style.bullet))
    for sec in doc.sections:
        if not sec.items:
            continue
        w.add(clean_text(sec.name), "栏目标题")
        for item in sec.items:
            w.add(clean_text(item.title), "条目标题")
            for para in item.paragraphs:
                w.add(clean_text(para), "条目正文")
    lines = footer_lines(doc)
    for n, (key, value) in enumerate(lines):
        p = w.add(f"{key}：{value}", "周报落款")
        if n == 0:
            p.paragraph_format.space_before = Pt(24)
            _border(p._p.get_or_add_pPr(), {"top": ("single", 8, "404040", 4)})
        if key == "报" and n > 0:
            _border(p._p.get_or_add_pPr(), {"top": ("single", 4, "404040", 2)})
        if n == len(lines) - 1:
            _border(p._p.get_or_add_pPr(), {"bottom": ("single", 8, "404040", 2)})

    props = out.core_properties
    props.title = f"{values['title']} {values['number']}"
    props.author = values["publisher"]
    props.subject = "行业动态周报"
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


RENDERER = Renderer("docx", extension="docx", media_type=MEDIA_TYPE, make=render_docx)
