"""Compose: stories → the items of an issue in WEEKLY_FORMAT.md order, grouped by platform, with highlights."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhoubao.conf.settings import ProfileSpec
from zhoubao.text.gazetteer import PLATFORMS, default_lexicon, find_first


@dataclass
class Candidate:
    """A drafted story that may go into the issue."""

    key: int
    section: str
    score: float
    title: str
    paragraphs: list[str]
    text: str = ""  # representative text, to find the platform of a story
    authority: float = 0.0


@dataclass
class ComposedItem:
    section: str
    title: str
    paragraphs: list[str]
    parts: list[Candidate] = field(default_factory=list)
    group: str = ""
    highlight: int | None = None

    @property
    def score(self) -> float:
        return max(p.score for p in self.parts)


def platform_of(c: Candidate) -> str:
    """The platform a 内容 story belongs to: named in its title first, else in its lead."""
    platforms = default_lexicon().category("platforms") or PLATFORMS
    return find_first(c.title, platforms) or find_first(c.text[:200], platforms)


def _short_title(title: str, group: str) -> str:
    # In a grouped title the platform is said once: "爱奇艺：网络剧《X》开播" → "网络剧《X》开播".
    for alias in PLATFORMS.get(group, (group,)):
        for sep in ("：", ":"):
            if title.startswith(alias + sep):
                return title[len(alias) + 1 :].strip()
        if title.startswith(alias) and len(title) > len(alias) + 4:
            return title[len(alias) :].lstrip("：: ")
    return title


def compose(profile: ProfileSpec, candidates: list[Candidate], *, max_per_section: int = 12) -> list[ComposedItem]:
    """Order sections as the profile does, best stories first, grouped where the section groups."""
    items: list[ComposedItem] = []
    for sec in profile.sections:
        # The limit counts items, not stories: a grouped item of one platform is one item.
        chosen = sorted((c for c in candidates if c.section == sec.name), key=lambda c: -c.score)
        if not chosen:
            continue
        sec_items: list[ComposedItem] = []
        if sec.group_by == "platform":
            groups: dict[str, list[Candidate]] = {}
            singles: list[Candidate] = []
            for c in chosen:
                p = platform_of(c)
                (groups.setdefault(p, []) if p else singles).append(c)
            for p, members in groups.items():
                if len(members) == 1:
                    singles.append(members[0])
                    continue
                shorts = [_short_title(m.title, p) for m in members]
                paras = [m.paragraphs[0] if m.paragraphs else "" for m in members]
                sec_items.append(ComposedItem(sec.name, f"{p}：" + " | ".join(shorts), paras, members, p))
            sec_items.extend(ComposedItem(sec.name, c.title, list(c.paragraphs), [c]) for c in singles)
        else:
            sec_items = [ComposedItem(sec.name, c.title, list(c.paragraphs), [c]) for c in chosen]
        sec_items.sort(key=lambda it: -it.score)
        items.extend(sec_items[:max_per_section])
    pick_highlights(items, profile.highlights)
    return items


def pick_highlights(items: list[ComposedItem], count: int) -> None:
    """Top of 要闻, then the most consequential 行业 items (authoritative sources first); in issue order."""
    if count <= 0:
        return
    pool = [it for it in items if it.section == "要闻"]
    industry = sorted((it for it in items if it.section == "行业"),
                      key=lambda it: (-max(p.authority for p in it.parts), -it.score))
    pool += industry
    if len(pool) < count:
        pool += [it for it in items if it not in pool and not it.group]
    chosen = {id(it) for it in pool[:count]}
    rank = 1
    for it in items:
        if id(it) in chosen:
            it.highlight = rank
            rank += 1
