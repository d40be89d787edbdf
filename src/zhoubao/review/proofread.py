"""校对: an issue's items checked for names, titles, banned words, relative dates, facts, punctuation and repeats."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from zhoubao.draft.faithful import outside_pairs
from zhoubao.text import facts
from zhoubao.text.cjk import HAN

# Kinds of finding, in the order the panel lists them, with their Chinese names.
KINDS = {
    "person": "姓名职务", "org": "机构名称", "banned": "禁用词", "relative_date": "相对日期",
    "source": "来源中未见", "untranslated": "外文未译", "punctuation": "标点", "spacing": "空格",
    "duplicate": "重复报道",
}


class ListError(ValueError):
    """An office's list file cannot be read; the message says which file and why, in Chinese."""


@dataclass(frozen=True)
class Person:
    name: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """What the items are checked against: the lists (shipped + the office's) and the house style."""

    timezone: str  # the profile's: the day a report's 今天 means
    people: tuple[Person, ...] = ()
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # full name → short forms
    banned: Mapping[str, str] = field(default_factory=dict)  # word → replacement ("" for none)
    cjk_spacing: str = "none"
    duplicate_threshold: float = 0.6


@dataclass(frozen=True)
class ItemText:
    """One item as checked: its text, and its sources' texts and publication times (for the source check)."""

    pk: int
    title: str
    paragraphs: tuple[str, ...]
    sources: tuple[str, ...] = ()
    published: tuple[datetime | None, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One thing to look at: where (item, field, span of that field's text), what, and a fix when one is sure."""

    item: int
    field: str  # "title" or "paragraph:N"
    kind: str
    text: str  # the text at span
    span: tuple[int, int]
    suggestion: str | None  # what replaces text; None when there is no one-click fix
    note: str  # the reason, in Chinese

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "field": self.field, "kind": self.kind, "kind_name": KINDS[self.kind],
                "text": self.text, "span": list(self.span), "suggestion": self.suggestion, "note": self.note}


# -- lists ------------------------------------------------------------------------------------------------------

@functools.cache
def _shipped(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("zhoubao.review.lists").joinpath(name).read_text(encoding="utf-8"))


def _read(path: str, text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"第 {at.group(1)} 行第 {at.group(2)} 列" if at else "某处"
        raise ListError(f"校对名单 {path} 不是有效的 TOML（{where}有误），请按 docs/desk.md“校对”一节的格式修改。") from None


def people_from(table: Mapping[str, Any], where: str = "") -> list[Person]:
    out = []
    for p in table.get("person", []):
        if not isinstance(p, Mapping) or not str(p.get("name", "")).strip():
            raise ListError(f"校对名单 {where} 中每个 [[person]] 都要有 name。")
        titles = p.get("titles", [])
        if not isinstance(titles, list):
            raise ListError(f"校对名单 {where} 中 {p['name']} 的 titles 应为列表。")
        out.append(Person(str(p["name"]).strip(), tuple(str(t).strip() for t in titles if str(t).strip())))
    return out


def names_from(table: Mapping[str, Any], where: str = "") -> dict[str, tuple[str, ...]]:
    names = table.get("names", {})
    if not isinstance(names, Mapping):
        raise ListError(f"校对名单 {where} 中 [names] 应为“全称 = [简称, …]”。")
    out = {}
    for full, short in names.items():
        short = [short] if isinstance(short, str) else short
        if not isinstance(short, list):
            raise ListError(f"校对名单 {where} 中 {full} 的简称应为列表。")
        out[str(full)] = tuple(str(s).strip() for s in short if str(s).strip() and str(s).strip() != full)
    return out


def rules(*, timezone: str, people_text: str | None = None, people_path: str = "", names_text: str | None = None,
          names_path: str = "", banned_words: Iterable[str] = (), cjk_spacing: str = "none",
          duplicate_threshold: float = 0.6) -> Rules:
    """The shipped lists extended by the office's files (their text, read by the caller) and banned words.

    A person in the office's list replaces the shipped entry of that name (titles change); a full name in the
    office's table adds its short forms to the shipped ones. Banned words are "词" or "词=替换"."""
    people = {p.name: p for p in people_from(_shipped("people.toml"), "people.toml")}
    people.update({p.name: p for p in people_from(_read(people_path, people_text), people_path)})
    names = names_from(_shipped("names.toml"), "names.toml")
    for full, short in names_from(_read(names_path, names_text), names_path).items():
        names[full] = tuple(dict.fromkeys((*names.get(full, ()), *short)))
    banned: dict[str, str] = {}
    for entry in banned_words:
        word, _, repl = str(entry).partition("=")
        if word.strip():
            banned[word.strip()] = repl.strip()
    return Rules(timezone=timezone, people=tuple(people.values()), names=names, banned=banned,
                 cjk_spacing=cjk_spacing, duplicate_threshold=duplicate_threshold)


# -- the checks, each over one field's text -------------------------------------------------------------------------

Check = Callable[[str, str, ItemText, Rules], list[Finding]]


def _fields(item: ItemText) -> list[tuple[str, str]]:
    return [("title", item.title)] + [(f"paragraph:{n}", p) for n, p in enumerate(item.paragraphs)]


class _Free:
    """outside_pairs(text), worked out only when a check first asks (most fields have nothing to ask about)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.marks: list[bool] | None = None

    def __getitem__(self, at: int) -> bool:
        if self.marks is None:
            self.marks = outside_pairs(self.text)
        return self.marks[at]


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the words, longest first (so 国家广电总局 wins over 广电总局); made once per list."""
    return _pattern(tuple(sorted({w for w in words if w}, key=lambda w: (-len(w), w))))


@functools.lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(re.escape(w) for w in words)) if words else None


def check_people(item: ItemText, rules: Rules) -> list[Finding]:
    """A listed title printed right before a listed person whose titles do not include it."""
    by_name = {p.name: p for p in rules.people}
    names = _alternation(by_name)
    titles = sorted({t for p in rules.people for t in p.titles}, key=len, reverse=True)
    if names is None or not titles:
        return []
    out = []
    for fld, text in _fields(item):
        for m in names.finditer(text):
            before = text[: m.start()]
            title = next((t for t in titles if before.endswith(t)), None)
            if title is None:
                continue
            start = m.start() - len(title)
            if start > 0 and text[start - 1] in "原前":  # 原局长…: a former title, not checked against today's list
                continue
            person = by_name[m.group(0)]
            if title in person.titles or any(t.endswith(title) for t in person.titles):
                continue
            fix = person.titles[0] if person.titles else None
            listed = "、".join(person.titles) or "（名单未列职务）"
            out.append(Finding(item.pk, fld, "person", title, (start, m.start()), fix,
                               f"名单中{person.name}的职务为：{listed}"))
    return out


def check_names(item: ItemText, rules: Rules) -> list[Finding]:
    """An organisation's first mention in the item under a short name (the house style wants the full name)."""
    short_of = {s: full for full, shorts in rules.names.items() for s in shorts}
    every = _alternation([*rules.names, *short_of])
    if every is None:
        return []
    seen: set[str] = set()
    out = []
    for fld, text in _fields(item):
        free = _Free(text)
        for m in every.finditer(text):
            word = m.group(0)
            full = short_of.get(word, word)
            if full in seen or not free[m.start()]:
                continue
            seen.add(full)
            if word in short_of:
                out.append(Finding(item.pk, fld, "org", word, m.span(), full, f"首次出现宜用全称“{full}”"))
    return out


def check_banned(item: ItemText, rules: Rules) -> list[Finding]:
    pattern = _alternation(rules.banned)
    if pattern is None:
        return []
    return [Finding(item.pk, fld, "banned", m.group(0), m.span(), rules.banned[m.group(0)] or None,
                    "编辑部禁用或慎用的词" + (f"，可改为“{rules.banned[m.group(0)]}”" if rules.banned[m.group(0)] else ""))
            for fld, text in _fields(item) for m in pattern.finditer(text)]


# Dates relative to a report's day: an issue goes out days later. 今日头条, 《今日说法》, 节日前 are not dates.
_RELATIVE = re.compile(r"今日(?!头条|说法|关注|聚焦|亮点|俄罗斯)|今天|今晚|今早|昨日|昨天|昨晚|明日|明天|明晚"
                       r"|本周[一二三四五六日天]?|上周[一二三四五六日天]?|下周[一二三四五六日天]?")
_BACK = {"今": 0, "昨": 1, "明": -1}


def _one_day(item: ItemText, tz: str) -> datetime | None:
    """The sources' day of publication when they all share one (the day a 今日 of theirs means), else None."""
    zone = ZoneInfo(tz)
    days = {d.astimezone(zone).date(): d.astimezone(zone) for d in item.published if d is not None}
    return next(iter(days.values())) if len(days) == 1 else None


def check_relative_dates(item: ItemText, rules: Rules) -> list[Finding]:
    day = _one_day(item, rules.timezone)
    out = []
    for fld, text in _fields(item):
        free = _Free(text)
        for m in _RELATIVE.finditer(text):
            if not free[m.start()]:
                continue
            word = m.group(0)
            fix: str | None = None
            if fld == "title" and word[0] in _BACK:
                fix = ""  # a title goes without it ("《X》今晚开播" → "《X》开播")
            elif word[0] in _BACK and day is not None:
                when = day - timedelta(days=_BACK[word[0]])
                fix = f"{when.month}月{when.day}日" + ("晚" if word.endswith("晚") else "")
            note = "相对日期：周报发出时已不是当天" + ("" if fix is not None else "，请改为具体日期或“近日”")
            out.append(Finding(item.pk, fld, "relative_date", word, m.span(), fix, note))
    return out


# A sentence of a foreign language: a run of Latin words with next to no Chinese in it (an English-only story's draft
# is its wire's lead). Product and company names inside Chinese text ("Qwen3.5", "Netflix") are not such runs.
_FOREIGN_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’,.\-]*(?:\s+[A-Za-z0-9$%'’,.\-()]+){5,}")


def check_untranslated(item: ItemText, rules: Rules) -> list[Finding]:
    """Text left in a foreign language: the weekly is printed in Chinese, so an editor translates or removes it."""
    out = []
    for fld, text in _fields(item):
        for m in _FOREIGN_SENTENCE.finditer(text):
            # Prose, not a name: several words in lower case ("regulator proposes … rules for"), where a title of
            # a show or an event is capitalised throughout ("Netflix Tudum Live 2026 in Los Angeles").
            if len(re.findall(r"(?<![A-Za-z])[a-z]{2,}", m.group(0))) >= 3:
                out.append(Finding(item.pk, fld, "untranslated", m.group(0), m.span(), None,
                                   "外文未译：本刊以中文印发，请译写为中文或删去"))
    return out


FactCheck = Callable[[ItemText], Sequence[str]]


def source_tokens(item: ItemText, tz: str) -> list[str]:
    """The desk's 来源中未见 check itself (text/facts.py): tokens of the item its sources lack."""
    if not item.sources:
        return []
    return [f.token for f in facts.unsupported([item.title, *item.paragraphs], item.sources, item.published, tz=tz)]


def check_sources(item: ItemText, tokens: Sequence[str]) -> list[Finding]:
    out = []
    for token in tokens:
        for fld, text in _fields(item):
            at = text.find(token)
            if at >= 0:
                out.append(Finding(item.pk, fld, "source", token, (at, at + len(token)), None,
                                   "来源报道中没有找到，请核对"))
                break
        else:  # found only width- or space-insensitively ("6 月 1 日"): point at the field, not a place in it
            fld = next((f for f, t in _fields(item) if token in facts.flat(t)), "title")
            out.append(Finding(item.pk, fld, "source", token, (0, 0), None, "来源报道中没有找到，请核对"))
    return out


_C = rf"[{HAN}]"
_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_MARK = re.compile(rf"(?<={_C})[,;:?!](?={_C}|$|[“《（])|(?<=[”》）])[,;:?!](?={_C})")
_PARENS = re.compile(rf"\(([^()]*{_C}[^()]*)\)")
_QUOTES = re.compile(rf'"([^"]*{_C}[^"]*)"')
_DOUBLED = re.compile(r"([，。、；：！？])\1+|[，、；：]+(?=[。！？])")
_CJK_CJK_SPACE = re.compile(rf"(?<={_C})[ \u00a0\u3000]+(?={_C})")
_DIGIT_CJK_SPACE = re.compile(rf"(?<=[0-9])[ \u00a0]+(?={_C})|(?<={_C})[ \u00a0]+(?=[0-9])")


def check_punctuation(item: ItemText, rules: Rules) -> list[Finding]:
    out = []
    for fld, text in _fields(item):
        for m in _HALF_MARK.finditer(text):
            out.append(Finding(item.pk, fld, "punctuation", m.group(0), m.span(), _HALF[m.group(0)],
                               "中文里用全角标点"))
        for m in _PARENS.finditer(text):
            out.append(Finding(item.pk, fld, "punctuation", m.group(0), m.span(), f"（{m.group(1)}）",
                               "中文括号用全角"))
        for m in _QUOTES.finditer(text):
            out.append(Finding(item.pk, fld, "punctuation", m.group(0), m.span(), f"“{m.group(1)}”",
                               "中文引号用“”"))
        for m in _DOUBLED.finditer(text):
            mark = m.group(1) or text[m.end()]
            span = m.span() if m.group(1) else (m.start(), m.end() + 1)
            out.append(Finding(item.pk, fld, "punctuation", text[span[0]:span[1]], span, mark, "标点重复"))
        free = _Free(text)
        for m in _CJK_CJK_SPACE.finditer(text):
            if not free[m.start()]:  # a slogan's own space: “视听连接你我 共享美好未来”
                continue
            out.append(Finding(item.pk, fld, "spacing", m.group(0), m.span(), "", "汉字之间不留空格"))
        if rules.cjk_spacing == "none":
            for m in _DIGIT_CJK_SPACE.finditer(text):
                out.append(Finding(item.pk, fld, "spacing", m.group(0), m.span(), "",
                                   "本刊体例：数字与汉字之间不留空格"))
    return out


# -- the same story twice ----------------------------------------------------------------------------------------------

def _grams(text: str, n: int) -> set[str]:
    flat = re.sub(rf"[^{HAN}A-Za-z0-9]", "", facts.flat(text))
    return {flat[i : i + n] for i in range(len(flat) - n + 1)} if len(flat) >= n else {flat} - {""}


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    shared = len(small & big)
    return shared / (len(a) + len(b) - shared)


def _could_reach(a: set[str], b: set[str], threshold: float) -> bool:
    """Whether two sets' Jaccard can reach threshold at all: it is at most the smaller size over the larger."""
    return bool(a and b) and min(len(a), len(b)) >= threshold * max(len(a), len(b))


def _shingles(item: ItemText) -> tuple[set[str], set[str]]:
    return _grams(item.title, 2), _grams("".join(item.paragraphs), 3)


def similarity(a: ItemText, b: ItemText) -> float:
    """How alike two items are: the higher of their titles' and their texts' overlap of character pairs/triples."""
    (ta, pa), (tb, pb) = _shingles(a), _shingles(b)
    return max(_jaccard(ta, tb), _jaccard(pa, pb))


def check_duplicates(items: Sequence[ItemText], rules: Rules) -> list[Finding]:
    shingles = [_shingles(it) for it in items]  # once per item, not once per pair
    out = []
    for j, b in enumerate(items):
        tb, pb = shingles[j]
        for i, a in enumerate(items[:j]):
            ta, pa = shingles[i]
            score = _jaccard(ta, tb)
            if score < rules.duplicate_threshold and _could_reach(pa, pb, rules.duplicate_threshold):
                score = max(score, _jaccard(pa, pb))
            if score >= rules.duplicate_threshold:
                out.append(Finding(b.pk, "title", "duplicate", b.title, (0, len(b.title)), None,
                                   f"与“{a.title}”相似（{score:.0%}），可能是同一事件；可合并或移出一条"))
                break
    return out


# -- all of it -----------------------------------------------------------------------------------------------------

_ITEM_CHECKS: tuple[Callable[[ItemText, Rules], list[Finding]], ...] = (
    check_people, check_names, check_banned, check_relative_dates, check_untranslated, check_punctuation)


def proofread(items: Sequence[ItemText], rules: Rules, *, fact_check: FactCheck | None = None) -> list[Finding]:
    """Every finding of the items, item by item in issue order, then by field and place.

    `fact_check` gives an item's tokens its sources lack (default: text/facts.py's check, uncached)."""
    check = fact_check or (lambda it: source_tokens(it, rules.timezone))
    found: list[Finding] = []
    for item in items:
        mine = [f for c in _ITEM_CHECKS for f in c(item, rules)]
        mine += check_sources(item, check(item))
        found += mine
    found += check_duplicates(items, rules)
    order = {it.pk: n for n, it in enumerate(items)}

    def place(f: Finding) -> tuple[int, int, int, int]:
        n = -1 if f.field == "title" else int(f.field.split(":")[1])
        return order.get(f.item, 0), n, f.span[0], list(KINDS).index(f.kind)

    return sorted(found, key=place)


def apply(text: str, span: tuple[int, int], expected: str, suggestion: str) -> str | None:
    """The text with span replaced by suggestion, or None when the span no longer holds `expected` (edited since)."""
    start, end = span
    if not (0 <= start <= end <= len(text)) or text[start:end] != expected:
        return None
    left, right = text[:start], text[end:]
    if suggestion == "":
        # A word dropped at a clause's edge leaves its comma or space: "，，", an opening "，", a doubled space.
        if (left.endswith(("，", ",")) or not left.strip()) and right.startswith(("，", ",")):
            right = right[1:]
        if left.endswith(" ") and right.startswith(" "):
            right = right.lstrip(" ")
    return left + suggestion + right
