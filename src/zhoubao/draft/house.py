"""Titles as the office writes them: its names for bodies, and 主体：事件 where its archive shows that shape."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from zhoubao.text.gazetteer import GROUPED_BY, ORGANISATIONS, Lexicon, Mention, lexicon_table

# An office writes 主体：事件 when most of its published titles have that shape (dev-t's archive: 89 %, dev-u's:
# 96 %; the house format's own examples: nearly all). Below this share it mixes shapes and drafts keep theirs.
SUBJECT_SHARE = 0.6
# Quoted text and works' titles: a name inside them is part of another name.
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』|\"[^\"]*\"")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MARKED = re.compile(r"[《》“”「」『』\"]")
# After the subject, what cannot open an event: a possessive, a list of bodies going on, a punctuation mark.
_NOT_AN_EVENT = tuple("的等及和、，,；;：:（(《“\"'·—-")


@dataclass(frozen=True)
class HouseStyle:
    """What the office's published archive shows of its titles (zhoubao.app.pastissues reads it)."""

    subject_titles: float = 0.0  # share of its titles shaped 主体：事件
    naming: Mapping[str, str] = field(default_factory=dict)  # a body's canonical name → the form the office prints
    # The subjects its titles open with (民航局, 空客, 中芯国际 …): bodies the lexicon may not know.
    subjects: frozenset[str] = frozenset()
    # The companies whose items it groups, each under the one section it groups them in (东方航空 → 航司机场);
    # a company it grouped in two sections is left out (the section is then the story's, not the company's).
    grouped: Mapping[str, str] = field(default_factory=dict)

    @property
    def subject_first(self) -> bool:
        return self.subject_titles >= SUBJECT_SHARE


def declared_naming(profile_lexicon: Mapping[str, object] | None, lex: Lexicon) -> dict[str, str]:
    """The names the office declares in its profile ([profile.lexicon] "广电总局=国家广播电视总局|…"): for each body it
    gives other forms of, the lexicon's canonical name of that body → the office's. The merged lexicon files the
    body under the shipped name (国家广播电视总局), so without this the office's 广电总局 never reached a title."""
    def whole(name: str) -> set[str]:
        return {m.name for m in lex.mentions(name) if m.start == 0 and len(m.alias) == len(name)}

    out: dict[str, str] = {}
    for cat, table in lexicon_table(profile_lexicon or {}).items():
        if cat not in ORGANISATIONS:
            continue  # a term's or a work's forms are not a body's names ("出版融合=出版深度融合")
        for canon, aliases in table.items():
            if not aliases:
                continue  # a name alone declares no form over another
            body = whole(canon) or {canon}
            # Only the forms the lexicon takes for this same body: "国务院办公厅=国办" says nothing of 国务院.
            for name in (canon, *aliases):
                for known in whole(name) & (body | {canon}):
                    # A body the shipped lexicon files under its parent (国务院办公厅 under 国务院) is not its parent.
                    if known == canon or not canon.startswith(known):
                        out.setdefault(known, canon)
    return out


def with_declared_naming(house: HouseStyle | None, naming: Mapping[str, str]) -> HouseStyle | None:
    """The house style with the profile's declared names over those its archive shows (the office said so)."""
    if not naming:
        return house
    if house is None:
        return HouseStyle(naming=dict(naming))
    return replace(house, naming={**house.naming, **naming})


HOUSE_NAME = "house.json"


def house_path(data_dir: Path) -> Path:
    """Where `zhoubao learn` keeps the house style it read from the archive (beside the section model)."""
    return data_dir / "models" / HOUSE_NAME


def save_style(style: HouseStyle, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"subject_titles": round(style.subject_titles, 4), "naming": dict(sorted(style.naming.items())),
            "subjects": sorted(style.subjects), "grouped": dict(sorted(style.grouped.items()))}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)  # a killed learn leaves the old file whole


def read_style(path: Path) -> HouseStyle | None:
    """The saved house style, or None when there is none or it cannot be read (the drafts keep their own shape)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return HouseStyle(subject_titles=float(data.get("subject_titles", 0.0)),
                          naming={str(k): str(v) for k, v in dict(data.get("naming", {})).items()},
                          subjects=frozenset(str(x) for x in data.get("subjects", [])),
                          grouped={str(k): str(v) for k, v in dict(data.get("grouped", {})).items()})
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def abbreviates(short: str, full: str) -> bool:
    """Whether `short` is `full` or written with some of its characters left out, in order (民航局 of 中国民用航空局,
    南航 of 南方航空): two forms of one name. A subsidiary the lexicon files under its parent (阿里云 under 阿里巴巴)
    or another language's name is not, and is never renamed."""
    it = iter(full)
    return bool(short) and all(c in it for c in short)


def _renamed(title: str, house: HouseStyle, lex: Lexicon) -> str:
    """Each body the title names under the office's form of its name (中国民用航空局 → 民航局 where it writes so)."""
    out = title
    # A name inside quotes or a work's title is part of another name ("携程问道", 《…》): left as written.
    quoted = [q.span() for q in _QUOTED.finditer(title)]
    for m in sorted(lex.mentions(title), key=lambda m: -m.start):
        if any(a < m.start < b for a, b in quoted) or _MARKED.search(m.alias):
            continue  # "《求是》杂志" is a work's name with its marks, not a form of 求是 to shorten
        # Two characters after a Han character or a letter are likely part of a longer word ("飞天茅台", the app
        # "i茅台"): left as written.
        if len(m.alias) <= 2 and m.start > 0 and (_HAN.match(title[m.start - 1]) or title[m.start - 1].isalnum()):
            continue
        form = house.naming.get(m.name)
        # Only between two ways of writing one name: one is the other with characters left out. A name the
        # office's form opens (国务院常务会议, filed under 国务院) is a thing of that body, not another name for it.
        if not form or form == m.alias or m.alias.startswith(form):
            continue
        if abbreviates(form, m.alias) or abbreviates(m.alias, form):
            out = out[: m.start] + form + out[m.start + len(m.alias):]
    return out


def _subject(title: str, house: HouseStyle, lex: Lexicon) -> Mention | None:
    """The organisation a title opens with, when an event follows it directly ("南航将开通…", not "南航与…的…"):
    one the lexicon knows, or a subject of the office's own titles."""
    at_start = [m for m in lex.mentions(title) if m.start == 0 and m.category in ORGANISATIONS]
    at_start += [Mention("companies", s, s, 0) for s in house.subjects if len(s) >= 2 and title.startswith(s)]
    if not at_start:
        return None
    m = max(at_start, key=lambda m: len(m.alias))
    rest = title[len(m.alias):]
    if len(rest) < 4 or rest.startswith(_NOT_AN_EVENT) or rest[0].isspace():
        return None
    # An English headline ("Lufthansa cancels …") is no 主体：事件 title: the colon is the Chinese house's.
    if len(_HAN.findall(rest)) < 0.3 * len(rest):
        return None
    # Two bodies in a row ("东航日航扩大联营合作") are a joint event, not one subject's.
    if any(n.start == len(m.alias) for n in lex.mentions(title)):
        return None
    return m


def office_title(title: str, house: HouseStyle | None, lex: Lexicon) -> str:
    """The drafted title in the office's ways: its names for bodies; 主体：事件 when it mostly writes that shape and
    the title opens with the organisation that acts ("民航局印发《…》" → "民航局：印发《…》"). An abbreviation as the
    subject is written out (南航 → the lexicon's 南方航空) unless the office has its own form."""
    if not title or house is None:
        return title
    out = _renamed(title, house, lex)
    if house.subject_first and "：" not in out and ":" not in out and (m := _subject(out, house, lex)) is not None:
        name = m.alias
        if len(m.alias) <= 2 < len(m.name) and abbreviates(m.alias, m.name):  # 南航 as the subject: written out
            form = house.naming.get(m.name, "")
            name = form if abbreviates(form, m.name) and len(form) > 2 else m.name
        out = f"{name}：{out[len(m.alias):]}"
    return out



def company_home(title: str, house: HouseStyle | None, lex: Lexicon) -> str:
    """The section the office groups the company a title opens with ("南方航空：拟向中国商飞购买…" → 航司机场, where
    its archive groups 南方航空's items), or "". Only the opening subject counts: a company merely named does not
    move a story."""
    if house is None or not house.grouped:
        return ""
    at_start = [m for m in lex.mentions(title) if m.start == 0 and m.category in GROUPED_BY]
    for m in sorted(at_start, key=lambda m: -len(m.alias)):
        for company, section in house.grouped.items():
            if company in (m.name, m.alias) or lex.canonical(company) == m.name:
                return section
    # A company the lexicon does not know, as the office writes it.
    return next((sec for company, sec in house.grouped.items() if len(company) >= 2 and title.startswith(company)), "")
