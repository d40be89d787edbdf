"""Printed paragraphs → masthead, 摘要, sections, items, body and footer, by layout and numbering alone.

The rules are general, never tied to one office's file: the body is the look that carries most of
the text; headings are the blocks that look different from it (bold, larger, another font,
shaded, a Word heading style) or are numbered like titles; a heading that reads as one of the
profile's sections (numbering, brackets and marks aside) starts that section; any other heading
is a section when it is short and another heading follows it, an item when text follows it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from zhoubao.conf.settings import defaults
from zhoubao.render.import_model import FOOTER_START, Block, IssueImportError, Line, find_date


def default_sections() -> tuple[str, ...]:
    """The default profile's section names (defaults.toml), for a caller that gives none."""
    return tuple(s["name"] for s in defaults()["profile"]["sections"])


SUMMARY_WORDS = {"摘要", "本期摘要", "内容摘要", "本期导读", "导读", "本期提要", "内容提要", "提要", "本期要目",
                 "要目", "本期目录", "目录", "本期要点", "要点", "本期看点", "看点"}

_SYMBOLS = "▲△■□●○◆◇★☆▎▍▌▋▊▉█▶►▷▸▪▫•·※◎◉❖✦✧➤➢→—-|｜"
_BRACKETS = "【】〖〗〔〕[]「」『』<>〈〉"
_HEAD_NUMBER = re.compile(
    r"^(?:第?[一二三四五六七八九十]{1,3}\s*(?:、|．|\.|部分|章|是)\s*"
    r"|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3})\s*[)）]\s*"
    r"|\d{1,3}\s*[、.．)）]\s*(?!\d)"
    r"|[①-⑳]\s*)"
)
# Item and highlight numbering: the kind of mark, so a prefix is dropped only when the items share it.
_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("digit", re.compile(r"^\d{1,3}\s*[.．、)）]\s*(?!\d)")),
    ("paren", re.compile(r"^[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3})\s*[)）]\s*")),
    ("han", re.compile(r"^[一二三四五六七八九十]{1,3}\s*、\s*")),
    ("circled", re.compile(r"^[①-⑳]\s*")),
    ("symbol", re.compile(rf"^[{re.escape(_SYMBOLS.replace('—', '').replace('-', ''))}]\s*")),
)
_SENTENCE_END = re.compile(r"[。；;！!]$|[。！]”$")
_BRACKETED = re.compile(r"^[（(［\[].*[)）］\]]$")
_SHORT_HEADING = 16  # characters a section name has at most, decorations aside


def mark_of(text: str) -> tuple[str, int]:
    """(kind of numbering mark, its length) at the start of text, or ("", 0); a symbol is its own kind (symbol:★)."""
    for kind, pattern in _MARKS:
        if m := pattern.match(text):
            return (f"{kind}:{text[0]}" if kind == "symbol" else kind), m.end()
    return "", 0


def heading_text(text: str) -> str:
    """A heading without its numbering, brackets, symbols and spaces: 一、要闻 / 【要闻】 / ▲要闻 → 要闻."""
    t = re.sub(r"\s+", "", text)
    for _ in range(3):
        before = t
        t = t.strip(_SYMBOLS + _BRACKETS + "：:")
        t = _HEAD_NUMBER.sub("", t)
        if t == before:
            break
    return t


def _compact(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def is_summary_heading(block: Block) -> bool:
    return heading_text(block.flat) in SUMMARY_WORDS


def _body_signature(blocks: Sequence[Block]) -> tuple[float, bool, str]:
    weight: Counter[tuple[float, bool, str]] = Counter()
    for b in blocks:
        weight[b.sig] += len(_compact(b.text))
    return weight.most_common(1)[0][0]


class _Reader:
    def __init__(self, blocks: list[Block], sections: Sequence[str] | None, *, by_shape: bool = False) -> None:
        self.blocks = blocks
        # Titles set exactly like the body (one typeface and size throughout, or a PDF whose fonts were
        # substituted) are told by their shape alone: short and not ending a sentence. Only a second reading
        # uses it, when the look found no item, so a file whose look tells its titles is never read this way.
        self.by_shape = by_shape
        self.names = [n for n in (sections or default_sections()) if n]
        self.by_name = {heading_text(n): n for n in self.names}
        self.body = _body_signature(blocks)

    # -- helpers -------------------------------------------------------------------------------

    def section_name(self, b: Block) -> str | None:
        text = heading_text(b.flat)
        return self.by_name.get(text) if len(text) <= 2 * _SHORT_HEADING else None

    def looks_heading(self, b: Block) -> bool:
        """Set apart from the body by its look, its Word style, or numbered like a title."""
        flat = b.flat.strip()
        if not flat or len(_compact(flat)) > 120 or _SENTENCE_END.search(flat):
            return False
        if b.heading or b.shaded or b.sig != self.body:
            return True
        if self.by_shape and _BRACKETED.match(flat):
            return False  # （来源：新华网）, （完）: a note under the text, not a title
        return (bool(mark_of(flat)[0]) or b.listed or self.by_shape) and len(_compact(flat)) <= 60

    # -- parts of the issue ----------------------------------------------------------------------

    def is_label(self, b: Block) -> bool:
        return bool(FOOTER_START.match(b.flat))

    def opens_item(self, j: int) -> bool:
        """A heading followed by plain text: an item still to come."""
        blocks = self.blocks
        return (j + 1 < len(blocks) and self.looks_heading(blocks[j]) and not self.is_label(blocks[j])
                and not self.looks_heading(blocks[j + 1]) and not self.is_label(blocks[j + 1]))

    def footer_start(self) -> int:
        """The footer is a trailing run that opens with a label (编辑部：, 责编：, 报： …) and holds no item."""
        blocks = self.blocks
        n = len(blocks)
        later_item = [False] * (n + 1)
        for j in range(n - 1, -1, -1):
            later_item[j] = later_item[j + 1] or self.opens_item(j)
        for i, b in enumerate(blocks):
            if not self.is_label(b) or later_item[i + 1]:
                continue
            labelled = sum(1 for x in blocks[i:] if self.is_label(x))
            if labelled >= 2 or b.sig != self.body or i == n - 1:
                return i
        return n

    def masthead_end(self, end: int) -> int:
        """The masthead runs until the 摘要, the first section or the first block that reads like content."""
        blocks = self.blocks
        have_number = have_date = False
        for i in range(end):
            b = blocks[i]
            flat = b.flat.strip()
            if is_summary_heading(b) or self.section_name(b) or (b.heading and (have_number or have_date)):
                return i  # (a title may itself be set in a Word heading style)
            meta = bool(re.search(r"第\s*\d+\s*期", flat)) or find_date(flat) is not None
            if i > 0 and not meta and (len(_compact(flat)) > 40 or _SENTENCE_END.search(flat)):
                return i
            if i > 0 and have_number and have_date and not meta:
                # After the number and the date only a centred, labelled or title-sized line still belongs —
                # unless it opens the content: a heading over an item title and its text is the first section.
                labelled = re.search(r"主办|编印|出版|秘书处编|编$", flat)
                if not (b.centered or labelled) or (self.looks_heading(b) and self.opens_item(i + 1)):
                    return i
            have_number = have_number or bool(re.search(r"第\s*\d+\s*期|No\.?\s*\d+", flat, re.IGNORECASE))
            have_date = have_date or find_date(flat) is not None
        return end

    @staticmethod
    def _segments(b: Block) -> list[str]:
        parts = b.segments if len(b.segments) > 1 else b.text.split("\n")
        return [s for s in parts if s.strip()]

    def masthead(self, end: int) -> list[Line]:
        """The title is the Title-styled or largest line (with the lines of its size right after it)."""
        head = self.blocks[:end]
        if not head:
            return []

        def meta(b: Block) -> bool:
            return bool(re.search(r"第\s*\d+\s*期", b.flat)) or find_date(b.flat) is not None

        top = max(b.size for b in head)
        chosen = [i for i, b in enumerate(head) if b.title_style and not meta(b)]
        chosen = chosen or [i for i, b in enumerate(head) if b.size == top and not meta(b)]
        title: set[int] = set()
        for i in chosen:
            if not title or i - 1 in title:
                title.add(i)
        return [Line(b.flat.strip(), "title") if i in title else Line(b.flat.strip(), "meta", segments=self._segments(b))
                for i, b in enumerate(head)]

    def summary_end(self, start: int, end: int) -> int:
        """Highlights run while they look like the first one (or carry its mark) and no section starts."""
        blocks = self.blocks
        if start >= end:
            return start
        first = blocks[start]
        first_mark = mark_of(first.flat.strip())[0]
        for i in range(start, end):
            b = blocks[i]
            if self.section_name(b) or b.heading or is_summary_heading(b):
                return i
            same_look = b.sig == first.sig and b.shaded == first.shaded
            same_mark = bool(first_mark) and mark_of(b.flat.strip())[0] == first_mark
            if not (same_look or same_mark):
                return i
        return end

    def highlights(self, start: int, stop: int) -> list[Line]:
        texts = [part.strip() for b in self.blocks[start:stop] for part in b.text.split("\n") if part.strip()]
        kinds = Counter(mark_of(t)[0] for t in texts)
        numbered = next((k for k, n in kinds.items() if k and not k.startswith("symbol") and n >= max(2, len(texts) // 2)), "")
        out: list[Line] = []
        for t in texts:
            kind, length = mark_of(t)
            if numbered and kind == numbered:
                t = t[length:].strip()
            elif numbered and out:
                # In a numbered 摘要 a line without its number is the wrapped rest of the line above (a PDF
                # breaks a long line in two: "…清理违法违规信息 120" / "万余条").
                out[-1] = Line(out[-1].text + t, "highlight")
                continue
            out.append(Line(t, "highlight"))
        return out

    def content(self, start: int, end: int) -> list[Line]:
        blocks = self.blocks[start:end]
        kinds: list[str] = []
        for b in blocks:
            if b.hint:
                kinds.append(b.hint)
            elif self.section_name(b):
                kinds.append("section")
            elif self.looks_heading(b):
                kinds.append("head")
            else:
                kinds.append("body")
        # A heading framed as the known sections' headings are ("【赛事】" among "【要闻】", "【行业】") is a section too,
        # whatever its name: without the profile's names, its look may not tell it from an item's title.
        frames = {(f[0], f[-1]) for b, k in zip(blocks, kinds, strict=True)
                  if k == "section" and (f := b.flat.strip()) and f[0] in _BRACKETS}
        for i, b in enumerate(blocks):
            f = b.flat.strip()
            if (kinds[i] in ("head", "body") and not b.hint and f and (f[0], f[-1]) in frames
                    and 0 < len(heading_text(f)) <= _SHORT_HEADING):
                kinds[i] = "section"
        # A heading followed by text is an item; a short one followed by another heading is a section.
        for i, k in enumerate(kinds):
            if k == "head":
                nxt = kinds[i + 1] if i + 1 < len(kinds) else ""
                short = 0 < len(heading_text(blocks[i].flat)) <= _SHORT_HEADING
                kinds[i] = "section" if short and nxt in ("head", "item", "section", "") else "item"
        # A short heading right under a section's heading and over an item, not itself one of the profile's
        # sections, is a group's heading (a company whose items follow: 航司机场 / 南方航空 / its items).
        for i, k in enumerate(kinds):
            if (k == "section" and 0 < i < len(kinds) - 1 and kinds[i - 1] == "section" and kinds[i + 1] == "item"
                    and not blocks[i].hint and not self.section_name(blocks[i])):
                kinds[i] = "group"
        titles = [b.flat.strip() for b, k in zip(blocks, kinds, strict=True) if k == "item" and not b.hint]
        marks = Counter(mark_of(t)[0] for t in titles)
        shared = {k for k, n in marks.items() if k and n >= max(2, (len(titles) + 1) // 2)}
        out: list[Line] = []
        for b, k in zip(blocks, kinds, strict=True):
            if b.hint:
                out.append(Line(b.text, k, segments=b.segments))
            elif k == "section":
                out.append(Line(self.section_name(b) or heading_text(b.flat), "section"))
            elif k == "group":
                out.append(Line(heading_text(b.flat), "group"))
            elif k == "item":
                title = b.flat.strip()
                kind, length = mark_of(title)
                out.append(Line(title[length:].strip() if kind in shared else title, "item"))
            else:
                out.append(Line(b.flat.strip(), "body"))
        return out

    def footer(self, start: int) -> list[Line]:
        return [Line(b.flat, "footer", segments=self._segments(b)) for b in self.blocks[start:]]


def classify(blocks: list[Block], sections: Sequence[str] | None = None) -> list[Line]:
    """Blocks in reading order → classified lines. ``sections`` are the profile's section names."""
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks:
        raise IssueImportError("文件中没有可提取的文字（可能是扫描件、图片或空文件）。")
    if all(b.hint for b in blocks):  # zhoubao's own Word styles say what each paragraph is
        return [Line(b.text, b.hint, segments=b.segments) for b in blocks]
    out = _classify(_Reader(blocks, sections))
    if not any(line.kind == "item" for line in out):
        out = _classify(_Reader(blocks, sections, by_shape=True))
    return out


def _classify(reader: _Reader) -> list[Line]:
    blocks = reader.blocks
    end = reader.footer_start()
    m_end = reader.masthead_end(end)
    out = reader.masthead(m_end)
    i = m_end
    if i < end and is_summary_heading(blocks[i]):
        out.append(Line(blocks[i].flat, "summary"))
        stop = reader.summary_end(i + 1, end)
        out += reader.highlights(i + 1, stop)
        i = stop
    elif i < end and mark_of(blocks[i].flat.strip())[0].startswith("symbol") and not reader.section_name(blocks[i]):
        # 摘要 lines set under the masthead without a heading: a run of bulleted lines.
        stop = reader.summary_end(i, end)
        if stop < end:
            out += reader.highlights(i, stop)
            i = stop
    out += reader.content(i, end)
    out += reader.footer(end)
    return out


__all__ = ["classify", "default_sections", "heading_text", "is_summary_heading", "mark_of"]
