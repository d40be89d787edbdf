"""What every past-issue reader shares: the printed paragraph (Block), its classified Line, and Lines → IssueDoc."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from zhoubao.compose.document import Footer, IssueDoc, ItemDoc, Masthead, SectionDoc, StoryDoc, Style
from zhoubao.render.text import LIST_SEP


class IssueImportError(ValueError):
    """The file is not a readable issue (wrong type, damaged, no masthead, no items); the message says why."""


@dataclass
class Block:
    """One paragraph as printed, with the layout a reader can see (format-neutral)."""

    text: str  # "\n" where Word breaks a line by hand
    size: float = 0.0  # dominant font size, pt
    bold: bool = False  # most of its glyphs are bold
    font: str = ""  # font family (Word) or "sans"/"serif" (PDF)
    centered: bool = False
    shaded: bool = False  # a filled background: shaded paragraph, cell or bar
    segments: list[str] = field(default_factory=list)  # parts set apart by tabs or wide gaps
    hint: str = ""  # a kind the format states outright (zhoubao's own Word styles)
    heading: int = 0  # Word heading level (Heading 1 → 1), 0 when none
    title_style: bool = False  # Word's Title style
    listed: bool = False  # in a Word numbered or bulleted list: marked like a title, though its text holds no mark

    @property
    def sig(self) -> tuple[float, bool, str]:
        """What makes two blocks look alike on the page."""
        return (round(self.size * 2) / 2, self.bold, self.font)

    @property
    def flat(self) -> str:
        return join_broken(self.text.split("\n"))


# A title run in before its text on one line ends as a title does; a bold lead-in phrase (会议指出：, 一是，) does not.
RUN_IN_MAX = 60  # visible characters a run-in title has at most
RUN_IN_NOT_END = re.compile(r"[，。；：:,;!！?？、]$")


@dataclass
class Line:
    """A block once classified: title | meta | summary | highlight | section | item | body | footer."""

    text: str
    kind: str
    segments: list[str] = field(default_factory=list)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def join_broken(parts: list[str]) -> str:
    """Lines of one paragraph joined back: nothing between CJK, a space between two Latin words."""
    out = ""
    for part in parts:
        if out and part and _ASCII_WORD.match(out[-1]) and part[0].isascii() and part[0].isalpha():
            out += " "
        out += part
    return out


# ---------------------------------------------------------------------------------------------
# Masthead: issue number, date and the publisher as the office printed them.

_NUMBER = re.compile(r"(?:(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:度\s*)?)?(总\s*)?第\s*(\d+)\s*期")
_NUMBER_LATIN = re.compile(r"\bNo\.?\s*(\d+)\b", re.IGNORECASE)
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_NUM = re.compile(r"(?<![\d.])(\d{4})\s*([.．/\-－])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d.])")
_DATE_HAN = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_SPAN = re.compile(r"\s*(?:至|到|—|–|-|－|~|～)+\s*(?:\d|[一二三四五六七八九十〇])")
_SPAN_END = re.compile(r"(?:至|到|—|–|-|－|~|～)+\s*$")
_WEEKDAY = re.compile(r"[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?")
_HAN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_PREFIX_LABEL = re.compile(r"^(?:主办单位|主办|承办|编印单位|编印|编辑出版|出版单位|出版|编辑单位|出品|发布单位)\s*[：:]\s*")
_SUFFIX_LABEL = re.compile(r"(?:编印|编辑|编|主办|出品|印发)$")
# The office that compiled an issue for its body (…秘书处编): the body is the publisher.
_DEPARTMENT = re.compile(r"(?:秘书处|办公室|办公厅)$")
_NOT_PUBLISHER = re.compile(r"内部|资料|注意保存|密级|秘密|参阅|仅供|请勿")
_EMPTY_BRACKETS = re.compile(r"[（(【\[〔]\s*[)）】\]〕]")
# Digits set one apart from the next ("2 0 2 5 年", WPS's distributed alignment or letter spacing read back).
_SPREAD_DIGITS = re.compile(r"(?<![\d.])\d(?:[ \u3000]\d){2,}(?![\d.])")
_SEP_CHARS = " \t\u3000|｜·•/—–-_，,;；：:"


def _han_number(text: str) -> int:
    if len(text) == 4 and all(c in _HAN_DIGITS for c in text):
        return int("".join(str(_HAN_DIGITS[c]) for c in text))
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _HAN_DIGITS.get(text[1], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _HAN_DIGITS.get(tens, 0) * 10 + (_HAN_DIGITS.get(ones, 0) if ones else 0)
    return _HAN_DIGITS.get(text, 0)


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first valid date written 2025年6月9日, 2025 年 6 月 9 日, 2025.06.09, 2025-6-9 or 二〇二五年六月九日."""
    found: list[tuple[int, date, re.Match[str]]] = []
    for pattern in (_DATE_CN, _DATE_NUM, _DATE_HAN):
        for m in pattern.finditer(text):
            groups = [g for g in m.groups() if g not in (".", "．", "/", "-", "－")]
            try:
                if pattern is _DATE_HAN:
                    d = date(*(_han_number(g) for g in groups))
                else:
                    d = date(*(int(g) for g in groups))
            except ValueError:
                continue
            found.append((m.start(), d, m))
    if not found:
        return None
    _, d, m = min(found, key=lambda f: f[0])
    return d, m


def clean_publisher(text: str) -> tuple[str, bool]:
    """(publisher, labelled): separators, empty brackets and labels (主办：, …秘书处编) taken off."""
    t = _EMPTY_BRACKETS.sub("", _WEEKDAY.sub("", text)).strip(_SEP_CHARS)
    labelled = False
    if m := _PREFIX_LABEL.match(t):
        t, labelled = t[m.end():], True
    if (m2 := _SUFFIX_LABEL.search(t)) and len(t) > len(m2.group(0)) + 1:
        t, labelled = t[: m2.start()], True
        t = _DEPARTMENT.sub("", t) if len(_DEPARTMENT.sub("", t)) >= 2 else t
    t = t.strip(_SEP_CHARS)
    if not _CJK.search(t) or _NOT_PUBLISHER.search(t):
        return "", False
    return t, labelled


@dataclass
class _Masthead:
    title: str = ""
    publisher: str = ""
    publisher_rank: int = 9
    number: int = 0
    number_total: bool = False
    dates: list[tuple[date, bool, bool]] = field(default_factory=list)  # (date, in a span, spaced)
    spaced: bool = False
    last_offer: str = ""  # the latest publisher candidate as printed, for a label wrapped onto a line of its own

    @property
    def issue_date(self) -> date | None:
        """The first date printed on its own (a span's start only when there is nothing else)."""
        chosen = next((d for d in self.dates if not d[1]), self.dates[0] if self.dates else None)
        return chosen[0] if chosen else None

    @property
    def date_spaced(self) -> bool:
        return any(d[2] for d in self.dates if d[0] == self.issue_date)

    def offer_publisher(self, text: str, rank: int) -> None:
        if _SUFFIX_LABEL.fullmatch(text.strip(_SEP_CHARS)) and self.last_offer:
            # "…秘书处" with its "编" wrapped under it (a narrow table cell): the label belongs to the line above.
            text = self.last_offer.strip(_SEP_CHARS) + text.strip(_SEP_CHARS)
        elif text.strip(_SEP_CHARS):
            self.last_offer = text
        name, labelled = clean_publisher(text)
        if not name or name == self.title.strip():
            return
        rank = 0 if labelled else rank
        if rank < self.publisher_rank:
            self.publisher, self.publisher_rank = name, rank

    def read(self, segments: list[str], *, standalone_rank: int) -> None:
        """One masthead line: its number, its date, and what is left is a publisher candidate."""
        for seg in segments:
            seg = _SPREAD_DIGITS.sub(lambda m: re.sub(r"\s", "", m.group(0)), seg.strip())
            had = False
            for m in _NUMBER.finditer(seg):
                total = bool(m.group(1))
                if not self.number or (total and not self.number_total):
                    self.number, self.number_total = int(m.group(2)), total
                    self.spaced = self.spaced or "第 " in m.group(0)
                had = True
            if had:
                seg = _NUMBER.sub(" ", seg)
            elif not self.number and (m3 := _NUMBER_LATIN.search(seg)):
                self.number, had = int(m3.group(1)), True
                seg = _NUMBER_LATIN.sub(" ", seg)
            while found := find_date(seg):
                d, m4 = found
                # A span (2025.7.28—8.3, 7月28日至8月3日) is the window the issue covers, not its date.
                span = bool(_SPAN.match(seg, m4.end()) or _SPAN_END.search(seg[: m4.start()]))
                self.dates.append((d, span, "年 " in m4.group(0)))
                seg = seg[: m4.start()] + " " + seg[m4.end():]
                had = True
            self.offer_publisher(seg, 1 if had else standalone_rank)


# ---------------------------------------------------------------------------------------------
# Footer: 编辑部 / 责编 / 复核 / 注 / 报 / 发 and the words other offices use for them.

FOOTER_KEYS = {
    "编辑部": "编辑部", "编辑单位": "编辑部", "编印": "编辑部",
    "责编": "责编", "责任编辑": "责编", "编辑": "责编",
    "复核": "复核", "审核": "复核", "审校": "复核", "核稿": "复核", "校对": "复核",
    "注": "注",
    "报": "报", "报送": "报",
    "发": "发", "分送": "发", "抄送": "发", "发送": "发",
}
_KEYS = "|".join(sorted(FOOTER_KEYS, key=len, reverse=True))
FOOTER_START = re.compile(rf"^\s*[（(]?\s*({_KEYS})\s*[：:]")
_FOOTER_SPLIT = re.compile(rf"[\s\u3000]+(?=(?:{_KEYS})\s*[：:])")
# Names: 、 or ， between them, or a gap between two Chinese names (a Latin name keeps its space).
_NAME_GAP = re.compile(r"\s*[、，,]\s*|[\s\u3000]{2,}|\u3000|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def _split_list(value: str, sep: str) -> list[str]:
    return [v for v in value.split(sep) if v]


# Common single-character surnames: a PDF's text drops the space between two Chinese names ("王蕾陈思远", the same
# gap a justified line's letter-spacing leaves), so a run too long for one name is split where each part is a
# surname and a given name of one or two characters.
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
                "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
                "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
                "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
                "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲"
                "虞敖巩明佘池查麻苑迟邝")


def _split_run(name: str) -> list[str]:
    """"王蕾陈思远" → ["王蕾", "陈思远"]: only a run of 5–12 Chinese characters with one way to cut it into names."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{5,12}", name):
        return [name]
    ways: list[list[str]] = []

    def cut(rest: str, parts: list[str]) -> None:
        if not rest:
            ways.append(parts)
            return
        for n in (2, 3):
            if len(rest) >= n and rest[0] in _SURNAMES and (len(rest) == n or rest[n] in _SURNAMES):
                cut(rest[n:], [*parts, rest[:n]])

    cut(name, [])
    return ways[0] if len(ways) == 1 else [name]


def _split_names(value: str) -> list[str]:
    return [part for v in _NAME_GAP.split(value) if v for part in _split_run(v)]


def _read_footer(lines: list[Line]) -> Footer:
    footer: dict[str, str] = {}
    last = ""
    for line in lines:
        segments = line.segments or [line.text]
        # Fields set side by side (责编 … 复核 …) may arrive as one segment.
        for seg in (part for s in segments for part in _FOOTER_SPLIT.split(s) if part.strip()):
            m = FOOTER_START.match(seg)
            if m:
                last = FOOTER_KEYS[m.group(1)]
                footer[last] = footer.get(last, "") + seg[m.end():].strip()
            elif last:
                # Names set apart by a wide gap ("责编：王慧  刘洋") arrive as two segments: the gap stays a gap.
                footer[last] += ("\u3000" if last in ("责编", "复核") else "") + seg.strip()
    f = {k: v.strip() for k, v in footer.items()}
    bracketed = bool(lines) and (lines[0].segments or [lines[0].text])[0].lstrip()[:1] in "（("
    if bracketed and last and f[last][-1:] in "）)":  # （编辑部：… 责编：…） closes after its last field
        f[last] = f[last][:-1].strip()
    return Footer(
        office=f.get("编辑部", ""),
        editors=_split_names(f.get("责编", "")),
        reviewers=_split_names(f.get("复核", "")),
        note=f.get("注", ""),
        report_to=_split_list(f.get("报", ""), LIST_SEP),
        send_to=_split_list(f.get("发", ""), LIST_SEP),
    )


# ---------------------------------------------------------------------------------------------
# Lines → IssueDoc

_GROUP_SEP = re.compile(r"\s+[|｜]\s+|\s*｜\s*")
# A bullet is a mark, never the opening of the text (a quote, a bracket, a book title).
_OPENING = set("“‘\"'《〈「『（(【[〔<")


def _split_title(title: str, paragraphs: list[str]) -> list[StoryDoc]:
    """A grouped item (平台：t1 | t2, one paragraph per story) → its stories."""
    parts = _GROUP_SEP.split(title)
    if len(parts) > 1 and len(parts) == len(paragraphs):
        _platform, sep, first = parts[0].partition("：")
        if sep and first:
            parts[0] = first
        return [StoryDoc(t, [p]) for t, p in zip(parts, paragraphs, strict=True)]
    return [StoryDoc(title, list(paragraphs))]


def _bullet_of(highlights: list[str]) -> str | None:
    """The mark most 摘要 lines open with (a mark, never a character or an opening quote)."""
    firsts = Counter(h.lstrip()[:1] for h in highlights if h.strip())
    if not firsts:
        return None
    mark, n = firsts.most_common(1)[0]
    if n * 2 < len(highlights) or _CJK.match(mark) or mark.isalnum() or mark in _OPENING:
        return None
    return mark


def _unbullet(highlights: list[str], bullet: str) -> list[str]:
    """Bullets off; a line without the bullet is the wrapped rest of the line above."""
    out: list[str] = []
    for h in highlights:
        h = h.lstrip()
        if h.startswith(bullet) or not out:
            out.append(h[len(bullet):].lstrip() if h.startswith(bullet) else h)
        else:
            out[-1] += h
    return out


_SUBJECT_MAX = 16  # characters of a subject before a title's colon (南方航空：…), a sentence's clause aside


def assemble(lines: list[Line]) -> IssueDoc:
    """Classified lines → IssueDoc; refuses a file without masthead date, number, sections or items."""
    head = _Masthead()
    highlights: list[str] = []
    sections: list[SectionDoc] = []
    footer_lines: list[Line] = []
    item: ItemDoc | None = None
    seen_title = False
    # A group printed under its own heading (a company, then its items untitled by it): one grouped item
    # "公司：t1 | t2", a story per title, until an item names another subject or the section ends.
    group = ""
    grouped: ItemDoc | None = None

    def close_item() -> None:
        nonlocal item
        if item is not None and item is not grouped:
            item.paragraphs = [p.strip() for p in item.paragraphs]
            item.title = item.title.strip()
            item.stories = _split_title(item.title, item.paragraphs)
        item = None

    def close_group() -> None:
        nonlocal group, grouped
        if grouped is not None:
            # one paragraph per story (docs/weekly-format.md); a story printed in two is read as one
            grouped.paragraphs = ["".join(p.strip() for p in s.paragraphs) for s in grouped.stories]
            grouped.title = f"{group}：" + " | ".join(s.title for s in grouped.stories)
        group, grouped = "", None

    for line in lines:
        text = line.text
        if line.kind == "title":
            head.title = (head.title + text) if head.title else text
            seen_title = True
        elif line.kind in ("number", "meta"):
            head.read(line.segments or [text], standalone_rank=2 if seen_title else 3)
        elif line.kind == "highlight":
            highlights.append(text.strip())
        elif line.kind == "section":
            close_item()
            close_group()
            sections.append(SectionDoc(text.strip()))
        elif line.kind == "group":
            close_item()
            close_group()
            group = text.strip()
        elif line.kind == "item":
            close_item()
            if not sections:
                sections.append(SectionDoc(""))
            subject, colon, rest = text.strip().partition("：")
            if group and colon and subject.strip() != group and len(subject) <= _SUBJECT_MAX:
                close_group()  # another subject: the group has ended
            if group:
                story = StoryDoc(rest.strip() if colon and subject.strip() == group else text.strip(), [])
                if grouped is None:
                    grouped = ItemDoc("", [], stories=[])
                    sections[-1].items.append(grouped)
                grouped.stories.append(story)
                item = grouped
                continue
            item = ItemDoc(text, [])
            sections[-1].items.append(item)
        elif line.kind == "body":
            if grouped is not None and item is grouped:
                grouped.stories[-1].paragraphs.append(text)
            elif item is not None:  # text outside any item (a hand-made preface) is not part of the model
                item.paragraphs.append(text)
        elif line.kind == "footer":
            close_item()
            close_group()
            footer_lines.append(line)
    close_item()
    close_group()
    issue_date = head.issue_date
    if issue_date is None:
        raise IssueImportError("找不到刊头的出刊日期（形如 2025年6月9日 或 2025.06.09）：这不像一期周报。")
    if not head.number:
        raise IssueImportError("找不到刊头的期号（形如 第12期 或 总第206期）：这不像一期周报。")
    sections = [s for s in sections if s.items]
    if not sections:
        raise IssueImportError("没有读到任何条目：找不到栏目标题和条目标题，可能是版式无法识别或文件只有刊头。")
    if not any(s.name for s in sections):
        raise IssueImportError("没有找到栏目标题（如“要闻”）：无法把条目分到栏目。")
    bullet = _bullet_of(highlights)
    if bullet:
        highlights = _unbullet(highlights, bullet)
    return IssueDoc(
        masthead=Masthead(title=head.title.strip(), publisher=head.publisher, number=head.number, date=issue_date),
        window_start=issue_date - timedelta(days=7),
        window_end=issue_date - timedelta(days=1),
        highlights=[h.strip() for h in highlights],
        sections=sections,
        footer=_read_footer(footer_lines),
        style=Style(cjk_spacing="space" if head.spaced or head.date_spaced else "none", bullet=bullet or "◆"),
        state="published",
    )
