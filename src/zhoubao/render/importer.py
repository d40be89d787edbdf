"""Past issues back from PDF or Word into an IssueDoc (masthead, 摘要, sections, items, footer).

PDF is read from the glyphs' fonts and positions (pdfplumber; pypdf as a fallback): the largest
line on page 1 is the weekly's title, bold lines larger than the body are section headings,
bold lines at body size are item titles, an indented first line starts a paragraph, and a
paragraph that runs onto the next page is joined back. Running headers and page numbers are
dropped. Word is read from paragraph styles, falling back to bold runs and first-line indents.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from zhoubao.compose.document import (
    Footer,
    IssueDoc,
    ItemDoc,
    Masthead,
    SectionDoc,
    StoryDoc,
    Style,
    doc_to_dict,
)
from zhoubao.render.text import LIST_SEP, NAME_SEP
from zhoubao.text.cjk import CJK_PUNCT, HAN, HAN_CHAR

KNOWN_SECTIONS = ("要闻", "行业", "内容", "技术", "资本", "人事", "研究")
_FOOTER_START = re.compile(r"^(编辑部|责编|复核|注|报|发)：")
_FOOTER_SPLIT = re.compile(r"\s+(?=(?:编辑部|责编|复核|注|报|发)：)")
_NUMBER = re.compile(r"第\s*(\d+)\s*期")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PAGE_NO = re.compile(r"^[\s—–\-－·]*(第\s*)?\d+(\s*页)?(\s*/\s*\d+)?[\s—–\-－·]*$")
_CJK_GAP = re.compile(f"(?<=[{CJK_PUNCT}{HAN}]) (?=[{CJK_PUNCT}{HAN}])")


class IssueImportError(ValueError):
    """The file is not a readable issue (wrong type, damaged, or no masthead found)."""


# ---------------------------------------------------------------------------------------------
# A format-neutral stream of lines, each tagged with what it looks like.


@dataclass
class Line:
    text: str
    kind: str  # title | number | meta | summary | highlight | section | item | body | footer
    indent: bool = False  # body: the first line of a paragraph
    new_block: bool = True  # item title: starts a new title (not the wrapped rest of one)
    segments: list[str] = field(default_factory=list)


def _split_title(title: str, paragraphs: list[str]) -> list[StoryDoc]:
    parts = title.split(" | ")
    if len(parts) > 1 and len(parts) == len(paragraphs):
        _platform, sep, first = parts[0].partition("：")
        if sep and first:
            parts[0] = first
        return [StoryDoc(t, [p]) for t, p in zip(parts, paragraphs, strict=True)]
    return [StoryDoc(title, list(paragraphs))]


def _split_list(value: str, sep: str) -> list[str]:
    return [v for v in value.split(sep) if v]


def _assemble(lines: list[Line]) -> IssueDoc:
    """Lines (already classified) → IssueDoc. Shared by the PDF and Word readers."""
    title = ""
    publisher = ""
    number = 0
    issue_date: date | None = None
    spaced = False
    highlights: list[str] = []
    bullet = "◆"
    sections: list[SectionDoc] = []
    footer: dict[str, str] = {}
    last_key = ""
    item: ItemDoc | None = None

    def close_item() -> None:
        nonlocal item
        if item is not None:
            item.paragraphs = [p.strip() for p in item.paragraphs]
            item.title = item.title.strip()
            item.stories = _split_title(item.title, item.paragraphs)
        item = None

    for line in lines:
        text = line.text
        if line.kind == "title":
            title = (title + text) if title else text
        elif line.kind in ("number", "meta"):
            for seg in line.segments or [text]:
                seg = seg.strip()
                if m := _NUMBER.search(seg):
                    number = int(m.group(1))
                    spaced = spaced or "第 " in seg
                    rest = _NUMBER.sub("", seg).strip()
                    if rest and not _DATE.search(rest) and not publisher:
                        publisher = rest
                    seg = rest
                if m := _DATE.search(seg):
                    issue_date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                    spaced = spaced or "年 " in m.group(0)
                    seg = _DATE.sub("", seg).strip()
                if seg and not publisher:
                    publisher = seg
        elif line.kind == "summary":
            continue
        elif line.kind == "highlight":
            if line.new_block or not highlights:
                stripped = text.lstrip()
                if stripped and not HAN_CHAR.match(stripped[0]) and not stripped[0].isalnum():
                    bullet = stripped[0]
                    stripped = stripped[1:].lstrip()
                highlights.append(stripped)
            else:
                highlights[-1] += text
        elif line.kind == "section":
            close_item()
            sections.append(SectionDoc(text.strip()))
        elif line.kind == "item":
            if item is not None and not line.new_block and not item.paragraphs:
                item.title += text
                continue
            close_item()
            if not sections:
                sections.append(SectionDoc(""))
            item = ItemDoc(text, [])
            sections[-1].items.append(item)
        elif line.kind == "body":
            if item is None:
                continue  # text outside any item (a hand-made preface): not part of the model
            if line.indent or not item.paragraphs:
                item.paragraphs.append(text)
            else:
                item.paragraphs[-1] += text
        elif line.kind == "footer":
            close_item()
            segments = line.segments or [text]
            # Fields set side by side (责编 … 复核 …) may arrive as one segment when gaps are unknown.
            segments = [part for seg in segments for part in _FOOTER_SPLIT.split(seg) if part]
            for seg in segments:
                m = _FOOTER_START.match(seg)
                if m:
                    last_key = m.group(1)
                    footer[last_key] = footer.get(last_key, "") + seg[m.end():]
                elif last_key:
                    footer[last_key] += seg
    close_item()
    if issue_date is None:
        raise IssueImportError("找不到刊期日期（形如 2025年6月9日）：这不像一期周报。")
    f = {k: v.strip() for k, v in footer.items()}
    return IssueDoc(
        masthead=Masthead(title=title.strip(), publisher=publisher, number=number, date=issue_date),
        window_start=issue_date - timedelta(days=7),
        window_end=issue_date - timedelta(days=1),
        highlights=[h.strip() for h in highlights],
        sections=[s for s in sections if s.items],
        footer=Footer(
            office=f.get("编辑部", ""),
            editors=_split_list(f.get("责编", ""), NAME_SEP),
            reviewers=_split_list(f.get("复核", ""), NAME_SEP),
            note=f.get("注", ""),
            report_to=_split_list(f.get("报", ""), LIST_SEP),
            send_to=_split_list(f.get("发", ""), LIST_SEP),
        ),
        style=Style(cjk_spacing="space" if spaced else "none", bullet=bullet),
        state="published",
    )


# ---------------------------------------------------------------------------------------------
# PDF


@dataclass
class _PdfLine:
    page: int
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    sans: bool
    text: str
    segments: list[str]
    page_height: float


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(w in name for w in ("bold", "black", "heavy", "semibold", "demibold", "hei"))


def _is_sans(fontname: str) -> bool:
    name = fontname.lower()
    return "sans" in name or "hei" in name or "gothic" in name or "arial" in name


def _group_chars(chars: list[dict[str, Any]], page: int, height: float, *, x_order: bool = True) -> list[_PdfLine]:
    """Glyphs in stream order → lines (same baseline), each split into gap-separated segments."""
    lines: list[_PdfLine] = []
    run: list[dict[str, Any]] = []

    def flush() -> None:
        if not run:
            return
        sizes = Counter(round(c["size"], 1) for c in run if not c["text"].isspace())
        fonts = Counter(c["fontname"] for c in run if not c["text"].isspace())
        if not sizes:
            run.clear()
            return
        size = sizes.most_common(1)[0][0]
        font = fonts.most_common(1)[0][0]
        segments: list[str] = []
        seg = ""
        prev: dict[str, Any] | None = None
        for c in run:
            if prev is not None and c["x0"] - prev["x1"] > 1.5 * size:
                segments.append(seg)
                seg = ""
            seg += c["text"]
            prev = c
        segments.append(seg)
        first = next(c for c in run if not c["text"].isspace())
        lines.append(_PdfLine(
            page=page, top=min(c["top"] for c in run), bottom=max(c["bottom"] for c in run),
            x0=first["x0"], size=size, bold=_is_bold(font), sans=_is_sans(font),
            text="".join(segments), segments=segments, page_height=height,
        ))
        run.clear()

    base: float | None = None
    last_x = 0.0
    for c in chars:
        if not c.get("upright", True):
            continue
        y = c["bottom"]
        if base is None or abs(y - base) > 0.35 * c["size"] or (x_order and c["x0"] < last_x - 2 * c["size"]):
            flush()
            base = y
        run.append(c)
        last_x = c["x1"]
    flush()
    return lines


def _pdf_lines_pdfplumber(path: Source) -> list[_PdfLine]:
    import pdfplumber

    out: list[_PdfLine] = []
    with pdfplumber.open(_opened(path)) as pdf:
        for n, page in enumerate(pdf.pages):
            chars = [c for c in page.chars if c.get("text")]
            out += _group_chars(chars, n, float(page.height))
    return out


def _pdf_lines_pypdf(path: Source) -> list[_PdfLine]:
    """Fallback: text runs from pypdf's visitor (coarser than glyphs, but same line model)."""
    from pypdf import PdfReader

    out: list[_PdfLine] = []
    reader = PdfReader(_opened(path))
    for n, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
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
        # Run widths are guesses here, so lines are told apart by baseline alone.
        out += _group_chars([r for r in runs if r["text"]], n, height, x_order=False)
    return out


def _classify_pdf(lines: list[_PdfLine]) -> list[Line]:
    if not lines:
        raise IssueImportError("PDF 中没有可提取的文字（可能是扫描件）。")
    weights = Counter()  # type: Counter[float]
    for ln in lines:
        if not ln.bold:
            weights[ln.size] += len(ln.text)
    body_size = weights.most_common(1)[0][0] if weights else 12.0
    body_x = Counter(round(ln.x0) for ln in lines if ln.size == body_size and not ln.bold)
    left = min((x for x, n in body_x.items() if n >= 2), default=min(round(ln.x0) for ln in lines))

    def running(ln: _PdfLine) -> bool:
        in_margin = ln.top < 0.1 * ln.page_height or ln.bottom > 0.9 * ln.page_height
        return in_margin and (ln.size < body_size - 1.5 or bool(_PAGE_NO.match(ln.text)))

    kept = [ln for ln in lines if not running(ln)]
    if not kept:
        raise IssueImportError("PDF 中只有页眉页脚。")
    page0 = [ln for ln in kept if ln.page == 0]
    title_size = max(ln.size for ln in page0)
    out: list[Line] = []
    stage = "masthead"
    prev: _PdfLine | None = None
    for ln in kept:
        text = ln.text
        compact = re.sub(r"\s+", "", text)
        if stage == "masthead":
            if ln.page == 0 and ln.size == title_size:
                out.append(Line(text, "title"))
                prev = ln
                continue
            if compact == "摘要":
                stage = "summary"
                out.append(Line(text, "summary"))
                prev = ln
                continue
            looks_meta = bool(_NUMBER.search(text) or _DATE.search(text)) or (ln.page == 0 and not ln.bold)
            if looks_meta and not (ln.bold and ln.size > body_size + 0.5):
                out.append(Line(text, "meta", segments=ln.segments))
                prev = ln
                continue
            stage = "content"
        if stage == "summary":
            if ln.bold and ln.size > body_size + 0.5:
                stage = "content"
            else:
                out.append(Line(text, "highlight", new_block=_starts_highlight(ln, out)))
                prev = ln
                continue
        if stage == "content":
            if _FOOTER_START.match(text) and not ln.bold and ln.size < body_size - 0.5:
                stage = "footer"
            elif ln.bold and ln.size > body_size + 0.5:
                out.append(Line(text, "section"))
            elif ln.bold:
                gap_ok = (
                    prev is not None and prev.bold and prev.page == ln.page
                    and abs(prev.size - ln.size) < 0.5 and ln.top - prev.bottom < 0.9 * ln.size
                )
                out.append(Line(text, "item", new_block=not gap_ok))
            else:
                out.append(Line(text, "body", indent=ln.x0 - left > 1.2 * ln.size))
        if stage == "footer":
            out.append(Line(text, "footer", segments=ln.segments))
        prev = ln
    return out


def _starts_highlight(ln: _PdfLine, so_far: list[Line]) -> bool:
    """A highlight starts with its bullet; a wrapped line starts with text (hanging indent)."""
    first = ln.text.lstrip()[:1]
    if not first:
        return False
    previous = [x for x in so_far if x.kind == "highlight"]
    if not previous:
        return True
    bullet = previous[0].text.lstrip()[:1]
    return first == bullet


def read_pdf(path: Source) -> IssueDoc:
    try:
        lines = _pdf_lines_pdfplumber(path)
    except Exception:
        try:
            lines = _pdf_lines_pypdf(path)
        except Exception:  # neither reader can open it: damaged, truncated or not a PDF at all
            raise IssueImportError("不是有效的 PDF 文件（已损坏、不完整或格式不对）") from None
    return _assemble(_classify_pdf(lines))


# ---------------------------------------------------------------------------------------------
# Word

# Style names the default template uses (docx.py); a user's template keeps them.
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


def _docx_paragraph_kind(par: Any) -> tuple[str | None, bool]:
    style = par.style.name if par.style is not None else ""
    if style in DOCX_STYLES:
        kind = DOCX_STYLES[style]
        return kind, kind == "body"
    text = par.text.strip()
    if not text:
        return None, False
    runs = [r for r in par.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.bold is None and par.style.font.bold) for r in runs)
    indent = par.paragraph_format.first_line_indent or par.style.paragraph_format.first_line_indent
    if style.lower().startswith("heading") or style.startswith("标题"):
        return ("section" if text in KNOWN_SECTIONS or style.endswith("1") else "item"), False
    if bold and text in KNOWN_SECTIONS:
        return "section", False
    if bold:
        return "item", False
    if _FOOTER_START.match(text):
        return "footer", False
    return "body", bool(indent and indent > 0)


def _docx_paragraphs(document: Any) -> Iterable[Any]:
    """Body paragraphs in reading order, including those inside tables (the 摘要 box)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == qn_w("p"):
            yield Paragraph(child, document)
        elif child.tag == qn_w("tbl"):
            table = Table(child, document)
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def qn_w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def read_docx(path: Source) -> IssueDoc:
    import docx

    try:
        document = docx.Document(_opened(path))
    except Exception:
        raise IssueImportError("无法打开 Word 文件（已损坏、不完整或不是 .docx）") from None
    lines: list[Line] = []
    in_footer = False
    stage = "masthead"  # masthead → summary → content (for files without our styles)
    for par in _docx_paragraphs(document):
        kind, _indent = _docx_paragraph_kind(par)
        text = par.text
        if kind is None or not text.strip():
            continue
        styled = par.style is not None and par.style.name in DOCX_STYLES
        if not styled:
            compact = re.sub(r"\s+", "", text)
            if compact == "摘要":
                kind, stage = "summary", "summary"
            elif stage == "masthead" and kind in ("body", "item"):
                has_title = any(line.kind == "title" for line in lines)
                if not has_title:
                    kind = "title"
                elif kind == "body" or _NUMBER.search(text) or _DATE.search(text):
                    kind = "meta"
                else:
                    stage = "content"
            elif stage == "summary" and kind == "body":
                kind = "highlight"
            if kind in ("section", "item"):
                stage = "content"
        elif kind in ("section", "item", "body"):
            stage = "content"
        if kind == "footer":
            in_footer = True
        if in_footer and kind in ("body", "item"):
            kind = "footer"
        if kind in ("meta", "number", "footer"):
            segments = [s for s in text.split("\t") if s.strip()]
            lines.append(Line(text, kind, segments=segments))
        elif kind == "body":
            lines.append(Line(text, "body", indent=True))  # every w:p is a paragraph of its own
        elif kind in ("highlight", "item"):
            lines.append(Line(text, kind, new_block=True))
        else:
            lines.append(Line(text, kind))
    return _assemble(lines)


Source = Path | str | bytes


def _opened(source: Source) -> Any:
    """A path as a string, bytes as a stream: what pdfplumber, pypdf and python-docx each accept."""
    return io.BytesIO(source) if isinstance(source, bytes) else str(source)


def read_issue_data(data: bytes, *, suffix: str) -> dict[str, Any]:
    """A past issue from its file's bytes, as plain data (doc_to_dict): how a worker process hands it back."""
    if suffix == ".pdf":
        doc = read_pdf(data)
    elif suffix == ".docx":
        doc = read_docx(data)
    else:
        raise IssueImportError(f"不支持的文件类型 {suffix or '（无扩展名）'}：只能导入 .pdf 或 .docx。")
    return doc_to_dict(doc)


def read_issue(path: str | Path) -> IssueDoc:
    """Read a past issue (.pdf or .docx) back into the document model."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(p)
    if suffix == ".docx":
        return read_docx(p)
    raise IssueImportError(f"不支持的文件类型 {suffix or '（无扩展名）'}：只能导入 .pdf 或 .docx。")


def item_texts(items: Iterable[ItemDoc]) -> list[tuple[str, tuple[str, ...]]]:
    return [(it.title, tuple(it.paragraphs)) for it in items]
