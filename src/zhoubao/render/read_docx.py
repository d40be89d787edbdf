"""Word (.docx) → printed blocks: each paragraph with the look Word gives it (size, bold, font, shading, style)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from zhoubao.compose.document import IssueDoc
from zhoubao.render.import_classify import classify
from zhoubao.render.import_model import RUN_IN_MAX, RUN_IN_NOT_END, Block, IssueImportError, assemble

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_NOT_OWN = {W + "txbxContent", W + "del", W + "moveFrom", MC + "Fallback"}

# Style names zhoubao's own template uses (docx.py): a file carrying them says what each paragraph is.
DOCX_STYLES = {
    "周报标题": "title",
    "周报期号": "number",
    "周报刊头": "meta",
    "摘要标题": "summary",
    "摘要条目": "highlight",
    "栏目标题": "section",
    "条目标题": "item",
    "条目正文": "body",
    "周报落款": "footer",
}
_NO_FILL = {"", "auto", "FFFFFF", "ffffff", "none"}
_WIDE_GAP = re.compile(r"\t|[ \u3000]{2,}")
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _attr(el: Any, name: str) -> str | None:
    return None if el is None else el.get(W + name)


def _on(el: Any) -> bool | None:
    """A Word on/off property (<w:b/>, <w:b w:val="0"/>): None when absent."""
    if el is None:
        return None
    return _attr(el, "val") not in ("0", "false", "off")


def _filled(shd: Any) -> bool:
    return shd is not None and (_attr(shd, "fill") or "") not in _NO_FILL


class _Styles:
    """Effective run properties through Word's inheritance: run → character style → paragraph style chain → defaults."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        root = document.styles.element
        for st in root.findall(W + "style"):
            sid = _attr(st, "styleId")
            if sid:
                self.by_id[sid] = st
        self.default_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_para = next((st for st in root.findall(W + "style")
                                  if _attr(st, "type") == "paragraph" and _attr(st, "default") == "1"), None)
        self.default_ppr = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")

    def chain(self, style_id: str | None, *, fallback_default: bool = True) -> list[Any]:
        out: list[Any] = []
        st = self.by_id.get(style_id or "") if style_id else (self.default_para if fallback_default else None)
        while st is not None and len(out) < 20:
            out.append(st)
            based = st.find(W + "basedOn")
            st = self.by_id.get(_attr(based, "val") or "") if based is not None else None
        return out

    def run_props(self, rpr: Any, para_style: str | None) -> tuple[bool, float, str, bool]:
        """(bold, size in pt, east-Asian font, shaded) of a run."""
        rprs = [rpr]
        rstyle = rpr.find(W + "rStyle") if rpr is not None else None
        if rstyle is not None:
            rprs += [st.find(W + "rPr") for st in self.chain(_attr(rstyle, "val"))]
        rprs += [st.find(W + "rPr") for st in self.chain(para_style)]
        rprs.append(self.default_rpr)
        bold = next((v for r in rprs if r is not None and (v := _on(r.find(W + "b"))) is not None), False)
        size = next((int(sz) / 2 for r in rprs if r is not None and (sz := _attr(r.find(W + "sz"), "val"))), 10.5)
        font = ""
        for r in rprs:
            fonts = r.find(W + "rFonts") if r is not None else None
            # A theme font (Word's headings use the major one, its text the minor one) is a font too.
            if fonts is not None and (name := _attr(fonts, "eastAsia") or _attr(fonts, "eastAsiaTheme")
                                      or _attr(fonts, "ascii") or _attr(fonts, "asciiTheme")):
                font = name
                break
        shaded = rpr is not None and (_filled(rpr.find(W + "shd")) or
                                      (_attr(rpr.find(W + "highlight"), "val") or "none") != "none")
        return bold, size, font, shaded

    def para_prop(self, ppr: Any, para_style: str | None, tag: str) -> Any:
        """The first <w:tag> on the paragraph, then up its style chain."""
        for p in [ppr, *(st.find(W + "pPr") for st in self.chain(para_style)), self.default_ppr]:
            if p is not None and (el := p.find(W + tag)) is not None:
                return el
        return None

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        return (_attr(chain[0].find(W + "name"), "val") or "") if chain else ""


def _own(el: Any, p: Any) -> bool:
    """Printed as part of paragraph p: not in a text box of its own, not a deleted revision."""
    for a in el.iterancestors():
        if a is p:
            return True
        if a.tag in _NOT_OWN:
            return False
    return True


_Look = tuple[bool, float, str, bool]  # bold, size, font, shaded


def _printed_lines(p: Any, styles: _Styles, style_id: str | None) -> list[list[tuple[str, _Look]]]:
    """The paragraph's own text as printed, cut at hand line breaks, each piece with its run's look.

    Tabs are kept; deleted revisions and text boxes are left out.
    """
    lines: list[list[tuple[str, _Look]]] = [[]]
    for r in p.iter(W + "r"):
        if not _own(r, p):
            continue
        look = styles.run_props(r.find(W + "rPr"), style_id)
        for el in r:
            if el.tag == W + "t":
                lines[-1].append((el.text or "", look))
            elif el.tag == W + "tab":
                lines[-1].append(("\t", look))
            elif el.tag == W + "noBreakHyphen":
                lines[-1].append(("-", look))
            elif el.tag in (W + "br", W + "cr") and _attr(el, "type") not in ("page", "column"):
                lines.append([])
    return lines


def _look(pieces: list[tuple[str, _Look]]) -> tuple[bool, float, str, bool] | None:
    """The look most of the visible characters have: (bold, size, font, shaded)."""
    weight: Counter[_Look] = Counter()
    for text, look in pieces:
        weight[look] += len(re.sub(r"\s", "", text))
    total = sum(weight.values())
    if not total:
        return None
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for (_b, size, font, _s), n in weight.items():
        sizes[size] += n
        fonts[font] += n
    bold = sum(n for look, n in weight.items() if look[0]) * 2 > total
    shaded = sum(n for look, n in weight.items() if look[3]) * 2 > total
    return bold, sizes.most_common(1)[0][0], fonts.most_common(1)[0][0], shaded


def _run_in(pieces: list[tuple[str, _Look]]) -> list[list[tuple[str, _Look]]]:
    """A title run in before its text on one line (bold or another size or face, then the body's look, no break
    between): two lines, so each gets a block of its own look. Anything else stays one line."""
    visible = [len(re.sub(r"\s", "", t)) for t, _ in pieces]
    if not any(visible):
        return [pieces]
    first = next(look for (_t, look), n in zip(pieces, visible, strict=True) if n)
    cut = 0
    while cut < len(pieces) and (not visible[cut] or pieces[cut][1][:3] == first[:3]):
        cut += 1
    head = "".join(t for t, _ in pieces[:cut]).strip()
    head_chars, rest_chars = sum(visible[:cut]), sum(visible[cut:])
    rest_looks = {look[:3] for (_t, look), n in zip(pieces[cut:], visible[cut:], strict=True) if n}
    if (cut == len(pieces) or len(rest_looks) != 1 or head_chars > RUN_IN_MAX or rest_chars < max(20, head_chars)
            or RUN_IN_NOT_END.search(head) or not (first[0] and not next(iter(rest_looks))[0])):
        return [pieces]
    return [pieces[:cut], pieces[cut:]]


def _text_boxes(p: Any) -> list[Any]:
    """Text boxes anchored in p (a masthead is often one), each once (not the copy kept for old Word)."""
    return [box for box in p.iter(W + "txbxContent")
            if not any(a.tag in (W + "txbxContent", MC + "Fallback") for a in box.iterancestors())]


def _blocks(p: Any, styles: _Styles, *, cell_shaded: bool) -> list[Block]:
    """One block per paragraph; a paragraph whose hand-broken lines differ in look (a bold title, a
    line break, then the text) gives one block per look."""
    ppr = p.find(W + "pPr")
    style_id = _attr(ppr.find(W + "pStyle"), "val") if ppr is not None else None
    style_name = styles.name(style_id)
    groups: list[tuple[list[str], tuple[bool, float, str, bool]]] = []
    for pieces in (part for line in _printed_lines(p, styles, style_id) for part in _run_in(line)):
        text = "".join(t for t, _ in pieces)
        look = _look(pieces)
        if look is None:
            if groups and text:
                groups[-1][0].append(text)
            continue
        if groups and groups[-1][1][:3] == look[:3]:
            groups[-1][0].append(text)
        else:
            groups.append(([text], look))
    jc = styles.para_prop(ppr, style_id, "jc")
    para_shd = styles.para_prop(ppr, style_id, "shd")
    heading = _HEADING_STYLE.match(style_name)
    outline = styles.para_prop(ppr, style_id, "outlineLvl")
    level = int(heading.group(1)) if heading else (int(_attr(outline, "val") or 9) + 1 if outline is not None else 0)
    hint = DOCX_STYLES.get(style_name, "")
    num = styles.para_prop(ppr, style_id, "numPr")
    listed = num is not None and (_attr(num.find(W + "numId"), "val") or "0") != "0"  # numId 0: numbering taken off
    out = []
    for texts, (bold, size, font, shaded) in groups:
        text = "\n".join(texts).strip("\n")
        out.append(Block(
            text=text, size=size, bold=bold, font=font,
            centered=(_attr(jc, "val") or "") == "center",
            shaded=cell_shaded or _filled(para_shd) or shaded,
            segments=text.split("\t") if hint else [s for s in _WIDE_GAP.split(text) if s.strip()],
            hint=hint,
            heading=level if 0 < level <= 9 else 0,
            title_style=style_name.lower() in ("title", "标题"),
            listed=listed,
        ))
    return out


def _paragraphs(parent: Any, styles: _Styles, *, cell_shaded: bool = False) -> Iterator[Block]:
    """Body paragraphs in reading order, through tables (the 摘要 box, shaded section bars) and content controls."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == W + "p":
            for box in _text_boxes(child):
                yield from _paragraphs(box, styles)
            yield from _blocks(child, styles, cell_shaded=cell_shaded)
        elif tag == W + "tbl":
            for tr in child.iterchildren(W + "tr"):
                for tc in tr.iterchildren(W + "tc"):
                    tcpr = tc.find(W + "tcPr")
                    shaded = tcpr is not None and _filled(tcpr.find(W + "shd"))
                    yield from _paragraphs(tc, styles, cell_shaded=shaded)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins"):
            yield from _paragraphs(child, styles, cell_shaded=cell_shaded)


def docx_blocks(path: Path) -> list[Block]:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise IssueImportError(f"无法打开 Word 文件（文件损坏或不是 .docx）：{exc}") from exc
    return list(_paragraphs(document.element.body, _Styles(document)))


def read_docx(path: Path, sections: Sequence[str] | None = None) -> IssueDoc:
    """A past issue from Word: zhoubao's own styles when present, else the layout."""
    return assemble(classify(docx_blocks(path), sections))
