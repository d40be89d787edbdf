"""What the office's published archive (its imported past issues too) teaches: section examples and its house ways."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from zhoubao.archive.models import Issue, Item
from zhoubao.archive.profiles import sync_profile
from zhoubao.conf.settings import Settings
from zhoubao.draft.house import HouseStyle
from zhoubao.text.gazetteer import Lexicon, lexicon_for, lexicon_table

# 主体：事件 — a subject of at most 20 characters before the colon (a longer head is a sentence, not a subject).
_SUBJECT = re.compile(r"^([^：:]{2,20})[：:]\s*\S")
# A head that is a column or a quotation's speaker label rather than a body: digits, quotes, brackets, 《works》.
_NOT_A_BODY = re.compile(r"[\d“”\"《》（）()【】\s]")


def _published_items(settings: Settings) -> list[Item]:
    profile = sync_profile(settings)
    return list(Item.objects.filter(issue__profile=profile, issue__state=Issue.State.PUBLISHED)
                .prefetch_related("parts").order_by("issue__number", "order", "id"))


def _heads(titles: list[str]) -> list[str]:
    """The subjects of the titles shaped 主体：事件, in order."""
    return [m.group(1).strip() for t in titles if (m := _SUBJECT.match(t))]


def _naming(titles: list[str], lexicon: Lexicon) -> dict[str, str]:
    """Of the bodies the lexicon knows, the form the office prints most in its titles' subjects."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for t in titles:
        if m := _SUBJECT.match(t):
            for mention in lexicon.mentions(m.group(1)):
                # 国务院常务会议 names a meeting of 国务院, not another name for it.
                if mention.alias == mention.name or mention.name not in mention.alias:
                    forms[mention.name][mention.alias] += 1
    return {canon: c.most_common(1)[0][0] for canon, c in sorted(forms.items())}


def house_style(settings: Settings) -> HouseStyle | None:
    """How the office titles its items, for the drafts (draft/house.py); None with no published archive."""
    profile = sync_profile(settings)
    rows = list(Item.objects.filter(issue__profile=profile, issue__state=Issue.State.PUBLISHED)
                .values_list("title", "group", "section"))
    if not rows:
        return None
    titles = [t for t, _g, _s in rows]
    sections: dict[str, set[str]] = defaultdict(set)
    for _t, group, section in rows:
        if group:
            sections[group].add(section)
    grouped = {company: next(iter(secs)) for company, secs in sorted(sections.items()) if len(secs) == 1}
    heads = _heads(titles)
    # The heads it writes are its bodies' names, as it writes them (not a sentence, a quotation or a work).
    subjects = frozenset(h for h in heads if len(h) <= 12 and not _NOT_A_BODY.search(h))
    return HouseStyle(subject_titles=len(heads) / len(titles), subjects=subjects, grouped=grouped,
                      naming=_naming(titles, lexicon_for(lexicon_table(settings.profile.lexicon))))


def archive_examples(settings: Settings) -> list[dict[str, str]]:
    """Every published item as a labelled example of its section (a grouped item: each of its parts, under its
    company), for the section model: what the office carried is on its beat, in the section it chose."""
    names = set(settings.profile.section_names)
    out: list[dict[str, str]] = []
    for item in _published_items(settings):
        if item.section not in names:
            continue
        parts = list(item.parts.all())
        if item.group and len(parts) > 1:
            for part in parts:
                out.append({"title": f"{item.group}：{part.title}", "text": "".join(part.paragraphs),
                            "section": item.section})
        else:
            out.append({"title": item.title, "text": "".join(item.paragraphs), "section": item.section})
    return out


@dataclass
class HouseWays:
    """The archive read for how the office writes: counts a person can check against the issues themselves."""

    issues: int = 0
    items: int = 0
    per_section: dict[str, int] = field(default_factory=dict)
    subject_titles: float = 0.0  # share of titles shaped 主体：事件
    title_chars: int = 0  # median title length
    grouped: dict[str, list[str]] = field(default_factory=dict)  # section → companies it groups under
    naming: dict[str, str] = field(default_factory=dict)  # canonical name → the form the office prints
    unknown_sections: list[str] = field(default_factory=list)


def house_ways(settings: Settings) -> HouseWays:
    """Sections, title shapes, grouping and naming as the office's published issues show them."""
    items = _published_items(settings)
    ways = HouseWays(issues=len({it.issue_id for it in items}), items=len(items))
    if not items:
        return ways
    names = settings.profile.section_names
    ways.per_section = dict(Counter(it.section for it in items))
    ways.unknown_sections = sorted({it.section for it in items} - set(names))
    titles = [it.title for it in items]
    ways.subject_titles = round(len(_heads(titles)) / len(titles), 3)
    ways.title_chars = int(median(len(t) for t in titles))
    grouped: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        if it.group:
            grouped[it.section][it.group] += 1
    ways.grouped = {s: [g for g, _n in c.most_common()] for s, c in grouped.items()}
    ways.naming = _naming(titles, lexicon_for(lexicon_table(settings.profile.lexicon)))
    return ways
