"""PDF → printed blocks: glyphs into lines by position, lines into paragraphs by style, indent and line fill.

Glyphs are grouped by baseline and ordered left to right (LibreOffice and Word write runs of another
font — quotes, Latin, spaces — out of order). Running headers and page numbers are dropped. A line
continues the paragraph above when it has the same look, sits at line spacing below it (or opens
the next page), lines up with the paragraph's continuation indent, and the line above ended only
because this line's first word did not fit; so a paragraph that runs onto the next page is joined.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from zhoubao.compose.document import IssueDoc
from zhoubao.render.import_classify import classify, mark_of
from zhoubao.render.import_model import (
    FOOTER_START,
    RUN_IN_MAX,
    RUN_IN_NOT_END,
    Block,
    IssueImportError,
    assemble,
    join_broken,
)

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")
_PAGE_NO = re.compile(r"^[—–\-－·•]*(?:第?\d+页?(?:[/／]\d+|共\d+页)?|page\d+(?:of\d+)?|\d+[/／]\d+)[—–\-－·•]*$", re.I)
_LATIN_WORD = re.compile(r"[A-Za-z0-9.%\-_/+]")
_CLOSING = set("，。、；：？！）》”’」』】〕,.;:!?)]%")
_OPENING = set("“‘《（(【「『〔[")


@dataclass
class PdfLine:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    sans: bool | None  # None: no CJK glyph to tell (Latin and digits come in the Western font)
    text: str
    segments: list[str]
    page_height: float
    page_width: float = 0.0
    first_word: float = 0.0  # width of what would have had to fit on the line above
    tabbed: bool = False  # parts set far apart (a masthead or footer set in columns)
    shaded: bool = False
    family: str = ""  # the font family most CJK glyphs are set in ("" when none)
    run_in: bool = False  # the text after a title run in on the same line: it opens a paragraph mid-line

    @property
    def style(self) -> tuple[float, bool, bool]:
        return (round(self.size * 2) / 2, self.bold, bool(self.sans))


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(w in name for w in ("bold", "black", "heavy", "semibold", "demibold", "hei", ",b"))


def _is_sans(fontname: str) -> bool:
    name = fontname.lower()
    return any(w in name for w in ("sans", "hei", "gothic", "arial", "helvetica", "yahei", "dengxian", "pingfang"))


def _family(fontname: str) -> str:
    """ABCDEF+SimSun,Bold → simsun; NotoSerifCJKjp-Regular-VKana → notoserifcjkjp."""
    return re.split(r"[-,]", fontname.split("+", 1)[-1])[0].lower()


def _first_word(chars: list[dict[str, Any]]) -> float:
    """Width of the first word: a Latin word or one CJK character, with any closing marks it drags along."""
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return 0.0
    i = 0
    while i < len(visible) - 1 and visible[i]["text"] in _OPENING:
        i += 1  # an opening mark never ends a line: it goes down with the word after it
    i += 1
    if _LATIN_WORD.match(visible[i - 1]["text"]):
        while i < len(visible) and _LATIN_WORD.match(visible[i]["text"]):
            i += 1
    while i < len(visible) and visible[i]["text"][:1] in _CLOSING:
        i += 1
    return float(visible[i - 1]["x1"] - visible[0]["x0"])


def _make_line(run: list[dict[str, Any]], page: int, height: float, width: float) -> PdfLine | None:
    visible = [c for c in run if not c["text"].isspace()]
    if not visible:
        return None
    size = Counter(round(c["size"], 1) for c in visible).most_common(1)[0][0]
    segments: list[str] = []
    seg = ""
    prev: dict[str, Any] | None = None
    widest = 0.0
    for c in run:
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            widest = max(widest, gap)
            if gap > 1.5 * size:
                segments.append(seg)
                seg = ""
        seg += c["text"]
        prev = c
    segments.append(seg)
    # Latin and digits come in the document's Western font: the CJK glyphs say which typeface a line is in.
    cjk = [c for c in visible if _CJK.match(c["text"])]
    judged = cjk or visible
    return PdfLine(
        page=page, top=min(c["top"] for c in visible), bottom=max(c["bottom"] for c in visible),
        x0=float(visible[0]["x0"]), x1=float(visible[-1]["x1"]), size=size,
        bold=sum(1 for c in judged if _is_bold(c["fontname"])) * 2 > len(judged),
        sans=sum(1 for c in cjk if _is_sans(c["fontname"])) * 2 > len(cjk) if cjk else None,
        text="".join(segments), segments=segments, page_height=height, page_width=width,
        first_word=_first_word(run), tabbed=widest > 4 * size,
        family=Counter(_family(c["fontname"]) for c in cjk).most_common(1)[0][0] if cjk else "",
    )


def _run_in(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A line that opens in bold and goes on in the body's face (a title run in before its text, or the end of
    one that wrapped): two runs, so the title and the text become lines of their own look."""
    visible = [i for i, c in enumerate(run) if not c["text"].isspace()]
    bold = [_is_bold(run[i]["fontname"]) for i in visible]
    cut = next((k for k, b in enumerate(bold) if not b), len(bold))
    if not 2 <= cut <= RUN_IN_MAX or cut == len(bold) or any(bold[cut:]):
        return [run]
    head = "".join(c["text"] for c in run[: visible[cut - 1] + 1])
    if RUN_IN_NOT_END.search(head.strip()):
        return [run]
    return [run[: visible[cut - 1] + 1], run[visible[cut]:]]


def group_chars(chars: list[dict[str, Any]], page: int, height: float, width: float = 0.0) -> list[PdfLine]:
    """Glyphs → lines: same baseline, left to right; a line of mixed sizes set apart (a masthead table) is split."""
    glyphs = [c for c in chars if c.get("text") and c.get("upright", True)]
    glyphs.sort(key=lambda c: (c["bottom"], c["x0"]))
    rows: list[list[dict[str, Any]]] = []
    base = 0.0
    for c in glyphs:
        if rows and abs(c["bottom"] - base) <= 0.35 * c["size"]:
            rows[-1].append(c)
        else:
            rows.append([c])
            base = c["bottom"]
    lines: list[PdfLine] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        deduped: list[dict[str, Any]] = []
        for c in row:  # glyphs printed twice to fake bold
            if deduped and c["text"] == deduped[-1]["text"] and abs(c["x0"] - deduped[-1]["x0"]) < 0.2 * c["size"]:
                continue
            deduped.append(c)
        for k, c in enumerate(deduped):
            if c["text"] in ("\u3000", "\u00a0"):
                advance = (deduped[k + 1]["x0"] if k + 1 < len(deduped) else c["x1"]) - c["x0"]
                if advance < 0.6 * c["size"]:  # a word space some fonts map to U+3000
                    deduped[k] = {**c, "text": " "}
        # Cells of different type size on one baseline (title | number) are separate lines.
        run: list[dict[str, Any]] = []
        for c in deduped:
            if run and not c["text"].isspace():
                last = next((x for x in reversed(run) if not x["text"].isspace()), run[-1])
                ratio = max(c["size"], last["size"]) / max(min(c["size"], last["size"]), 0.1)
                if ratio > 1.3 and c["x0"] - last["x1"] > 0.5 * min(c["size"], last["size"]):
                    if (line := _make_line(run, page, height, width)) is not None:
                        lines.append(line)
                    run = []
            run.append(c)
        parts = _run_in(run)
        for k, part in enumerate(parts):
            if (line := _make_line(part, page, height, width)) is not None:
                line.run_in = k > 0
                lines.append(line)
    lines.sort(key=lambda ln: (round(ln.top / 2), ln.x0))
    return lines


def _white(color: Any) -> bool:
    if color is None:
        return True
    values = [float(v) for v in (color if isinstance(color, (list, tuple)) else [color])]
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def _shade(lines: list[PdfLine], rects: list[dict[str, Any]]) -> None:
    """A line on a filled bar (a shaded cell or paragraph) is marked shaded."""
    bars = [r for r in rects if r.get("fill") and not _white(r.get("non_stroking_color"))]
    for ln in lines:
        mid = (ln.top + ln.bottom) / 2
        for r in bars:
            covers = min(r["x1"], ln.x1) - max(r["x0"], ln.x0)
            if r["top"] - 2 <= mid <= r["bottom"] + 2 and covers >= 0.5 * (ln.x1 - ln.x0) and r["bottom"] - r["top"] < 4 * ln.size:
                ln.shaded = True


def _lines_pdfplumber(path: Path) -> list[PdfLine]:
    import pdfplumber

    out: list[PdfLine] = []
    with pdfplumber.open(str(path)) as pdf:
        for n, page in enumerate(pdf.pages):
            lines = group_chars(list(page.chars), n, float(page.height), float(page.width))
            _shade(lines, list(page.rects))
            out += lines
    return out


def _lines_pypdf(path: Path) -> list[PdfLine]:
    """Fallback: text runs from pypdf's visitor (coarser than glyphs, but the same line model)."""
    from pypdf import PdfReader

    out: list[PdfLine] = []
    reader = PdfReader(str(path))
    for n, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        width = float(page.mediabox.width)
        runs: list[dict[str, Any]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float,
                  runs: list[dict[str, Any]] = runs, height: float = height) -> None:
            if not text or text == "\n":
                return
            scale = (tm[3] or 1.0) * (cm[3] or 1.0)
            real = abs(size * scale) or size
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if font else ""
            # pypdf turns the letter-spacing of justified CJK lines into spaces; CJK never has them.
            text = _CJK_GAP.sub("", text.replace("\n", ""))
            runs.append({"text": text, "x0": x, "x1": x + real * len(text),
                         "top": height - y - real, "bottom": height - y, "size": real, "fontname": name})

        page.extract_text(visitor_text=visit)
        out += group_chars([r for r in runs if r["text"]], n, height, width)
    return out


# ---------------------------------------------------------------------------------------------
# Lines → blocks


def _drop_running(lines: list[PdfLine], body_size: float) -> list[PdfLine]:
    """Running headers and footers: page numbers, small type in the margins, text repeated page after page."""
    pages = len({ln.page for ln in lines})
    seen: Counter[tuple[str, int]] = Counter()
    for ln in lines:
        seen[(re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text)), round(ln.top / 4))] += 1

    def running(ln: PdfLine) -> bool:
        if not (ln.top < 0.1 * ln.page_height or ln.bottom > 0.9 * ln.page_height):
            return False
        compact = re.sub(r"\s+", "", ln.text)
        repeated = pages > 1 and seen[(re.sub(r"\d+", "#", compact), round(ln.top / 4))] > 1
        # Small type counts only at the very edge: the last lines of the text (a footer block) come close.
        # A labelled footer line (责编：…) that a page break pushed to the top of the last page is text.
        outer = (ln.bottom < 0.07 * ln.page_height or ln.top > 0.93 * ln.page_height) \
            and not FOOTER_START.match(ln.text)
        return bool(_PAGE_NO.match(compact)) or repeated or (outer and ln.size < body_size - 1)

    return [ln for ln in lines if not running(ln)]


def _edge(ends: list[float], size: float) -> float | None:
    """The right edge full lines of one look end on: the densest end near the farthest one.

    Justified lines share it to the point; a few may overhang it (hanging punctuation), and
    ragged lines come within a character of it.
    """
    if len(ends) < 2:
        return None
    band = sorted((x for x in ends if x >= max(ends) - 2 * size), reverse=True)
    best, best_n = None, 1
    for x in band:
        n = sum(1 for y in band if x - 0.25 * size <= y <= x)
        if n > best_n:
            best, best_n = x, n
    return best


class _Layout:
    """What the page says about line ends and spacing, per look (size, bold, sans)."""

    def __init__(self, lines: list[PdfLine]) -> None:
        long_lines = [ln for ln in lines if len(ln.text.strip()) >= 8 and not ln.tabbed]
        starts = sorted(ln.x0 for ln in long_lines) or [ln.x0 for ln in lines]
        self.left = starts[len(starts) // 10]
        self.right: dict[tuple[float, bool, bool], float] = {}
        ends: dict[tuple[float, bool, bool], list[float]] = {}
        for ln in long_lines:
            ends.setdefault(ln.style, []).append(ln.x1)
        everything = [x for xs in ends.values() for x in xs]
        self.default_right = _edge(everything, 12.0) or max((ln.x1 for ln in lines), default=0.0)
        for style, xs in ends.items():
            self.right[style] = _edge(xs, style[0]) or self.default_right
        gaps: dict[tuple[float, bool, bool], Counter[float]] = {}
        for a, b in pairwise(lines):
            if a.page == b.page and a.style == b.style and -0.2 * a.size < b.top - a.bottom < 2 * a.size:
                gaps.setdefault(a.style, Counter())[round((b.top - a.bottom) * 2) / 2] += 1
        self.gap = {style: c.most_common(1)[0][0] for style, c in gaps.items()}
        # The paragraphs' first-line indent, where they have one: how far right of the margin a line starts after a
        # line that ended early (a paragraph's last). 0 when the paragraphs show none.
        starts_after: Counter[float] = Counter()
        for a, b in pairwise(lines):
            if a.page == b.page and a.x1 < self.right.get(a.style, self.default_right) - 2 * a.size:
                starts_after[round((b.x0 - self.left) / b.size * 2) / 2] += 1
        total = sum(starts_after.values())
        # (Titles at the margin follow paragraphs' last lines as often as paragraphs follow titles: not the first.)
        indents = [(n, off) for off, n in starts_after.items() if 1.5 <= off <= 3 and n >= 3 and n >= 0.25 * total]
        self.indent = max(indents)[1] if indents else 0.0

    def continues(self, block: list[PdfLine], n: PdfLine) -> bool:
        p, first = block[-1], block[0]
        if n.tabbed or p.tabbed or n.style != p.style or n.shaded != p.shaded or FOOTER_START.match(n.text):
            return False
        if n.page == p.page:
            if n.top < p.bottom - 0.3 * p.size:
                return False  # beside it, not below it
            gap = n.top - p.bottom
            expected = block[-1].top - block[-2].bottom if len(block) > 1 and block[-2].page == p.page \
                else self.gap.get(p.style, 0.6 * p.size)
            if gap > expected + 0.45 * p.size:
                return False
        elif n.page != p.page + 1:
            return False
        tol = 0.5 * n.size
        # A short numbered line after a finished sentence ("…实景拍摄。" then "四、技术") opens a heading, however
        # full the line above ran: a section heading set like the body is told by its number.
        if mark_of(n.text.strip())[0] and len(n.text.strip()) <= 16 and p.text.rstrip().endswith(("。", "！", "？", "”")) \
                and not n.text.strip().endswith(("。", "；", "！", "？")):
            return False
        # The line above ended early (the next word would have fit): it was the paragraph's last line.
        # Where the paragraph shows a first-line indent and this line sits at its left, only a line
        # ending far short says so (line breakers keep numbers and their marks together).
        room = self.right.get(p.style, self.default_right) - p.x1
        indented = block[1].x0 if len(block) > 1 else n.x0
        # (A paragraph opened mid-line after a run-in title is as structured as one with a first-line indent.)
        structured = (first.run_in or 0.5 * n.size < first.x0 - indented <= 3 * n.size) and abs(n.x0 - indented) <= tol
        if room > n.first_word + 0.3 * n.size and not (structured and room <= 8 * n.size):
            return False
        if len(block) > 1:
            return abs(n.x0 - block[1].x0) <= tol
        if self.indent and abs(first.x0 - self.left) <= tol and abs(n.x0 - self.left - self.indent * n.size) <= tol \
                and not mark_of(first.text.lstrip())[0]:
            return False  # a full line at the margin (a long title), then a paragraph's first line, indented
        if abs(n.x0 - first.x0) > tol:
            return True  # first-line indent or hanging indent
        first_mark = mark_of(first.text.lstrip())[0]
        if first_mark and mark_of(n.text.lstrip())[0] == first_mark:
            return False  # the next entry of a list
        return first.x0 - self.left < 1.0 * n.size  # not indented: the paragraphs here have no first-line indent


def _block(lines: list[PdfLine], layout: _Layout) -> Block:
    first = lines[0]
    text = join_broken([ln.text for ln in lines])
    centre = (first.x0 + first.x1) / 2
    centered = first.page_width > 0 and abs(centre - first.page_width / 2) < 0.05 * first.page_width \
        and first.x0 - layout.left > 2 * first.size
    return Block(
        text=text, size=first.size, bold=first.bold, font=first.family or ("sans" if first.sans else "serif"),
        centered=centered, shaded=any(ln.shaded for ln in lines),
        segments=first.segments if len(lines) == 1 else [text],
    )


def pdf_blocks(lines: list[PdfLine]) -> list[Block]:
    if not lines:
        raise IssueImportError("PDF 中没有可提取的文字（可能是扫描件或图片）。")
    weights: Counter[float] = Counter()
    for ln in lines:
        if not ln.bold:
            weights[ln.size] += len(ln.text)
    body_size = weights.most_common(1)[0][0] if weights else 12.0
    kept = _drop_running(lines, body_size)
    if not kept:
        raise IssueImportError("PDF 中只有页眉页脚，没有正文。")
    for i, ln in enumerate(kept):
        if ln.sans is None:  # a line of Latin or digits only: it belongs with its neighbours' font
            near = [x for x in (kept[i - 1] if i else None, kept[i + 1] if i + 1 < len(kept) else None)
                    if x is not None and x.sans is not None and x.page == ln.page and x.size == ln.size]
            ln.sans = near[0].sans if near else False
            ln.family = near[0].family if near else ln.family
    layout = _Layout(kept)
    groups: list[list[PdfLine]] = []
    for ln in kept:
        if groups and layout.continues(groups[-1], ln):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return [_block(g, layout) for g in groups]


def read_pdf(path: Path, sections: Sequence[str] | None = None, *, engine: str = "pdfplumber") -> IssueDoc:
    """A past issue from PDF, by the glyphs' fonts and positions (pdfplumber; pypdf as a fallback)."""
    try:
        lines = _lines_pypdf(path) if engine == "pypdf" else _lines_pdfplumber(path)
    except Exception:
        try:
            lines = _lines_pypdf(path)
        except Exception as exc:
            raise IssueImportError(f"无法打开 PDF 文件（文件损坏或加密）：{exc}") from exc
    return assemble(classify(pdf_blocks(lines), sections))
