"""Memory across issues: which earlier issue carried a story (已见于第 N 期) and what is new since (续).

One rule for the build and the desk: the build calls remember() for the stories it would propose and stores the
answer on each story (Story.memory, keyed by the issue number it was judged for); the desk reads it back with
seen_for(). A story is matched to an earlier item through the reports they share (dedupe's stories, across the
build's context days), else through the search index (the story's 《works》 and names) confirmed by dedupe's pair
rules (same_story): no second similarity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from zhoubao.archive import search as search_index
from zhoubao.archive.models import Issue, Item, ItemStory, Profile, Report, Story
from zhoubao.dedupe.stories import Doc, same_story
from zhoubao.text.followup import News, news
from zhoubao.text.tokenize import works

# How many earlier items the index may offer for one story (each is checked by dedupe's rules).
_OFFERS = 8


@dataclass
class Pending:
    """A story a build would propose: its row, its words, and the stories its reports belonged to before."""

    story: Story
    title: str
    text: str  # the representative report's text
    later: list[tuple[datetime | None, str]]  # (published, text) of its reports inside the window: what may be new
    linked: set[int]  # story ids its reports had before this build (the same event in an earlier issue)
    entities: list[str]


def _seen(part: ItemStory) -> dict[str, Any]:
    item = part.item
    issue = item.issue
    return {"issue": issue.number, "issue_id": issue.pk, "item": item.pk, "state": issue.state, "title": item.title}


def _earlier(profile: Profile, number: int) -> Any:
    """The parts (one story each) of the weekly's items in issues numbered below `number`."""
    return ItemStory.objects.filter(item__issue__profile=profile, item__issue__number__lt=number,
                                    story__isnull=False).select_related("item__issue")


def _part_text(part: ItemStory) -> str:
    return part.title + "\n" + "\n".join(part.paragraphs or [])


def _offers(p: Pending, profile: Profile, number: int) -> list[ItemStory]:
    """Earlier items the index finds by the story's 《works》 or first names; of each, the parts (a grouped item
    holds several stories) that dedupe's pair rules say tell the same story."""
    keys = works(p.title)[:2] or p.entities[:2]
    ids: set[int] = set()
    for key in keys:
        if len(key) >= 2:
            found = search_index.matching(key, search_index.Filters(profile=profile.pk, kinds=("item",)), limit=200)
            ids.update(found["item"])
    items = list(Item.objects.filter(pk__in=ids, issue__profile=profile, issue__number__lt=number)
                 .order_by("-issue__number", "order").values_list("pk", flat=True)[:_OFFERS])
    later = Doc(0, p.title, p.text, None)
    return [part for part in _earlier(profile, number).filter(item_id__in=items)
            if same_story(Doc(1, part.title, "\n".join(part.paragraphs or []), None), later)]


def remember(profile: Profile, number: int, pending: Sequence[Pending]) -> dict[int, dict[str, Any]]:
    """For each pending story that an earlier issue (numbered below `number`) carried: where (seen_in, newest
    first) and what is new since (figures, a later stage, the sentences saying so). Stories never carried are
    left out. The answer is what Story.memory keeps under str(number)."""
    ids = {sid for p in pending for sid in p.linked | {p.story.pk} if sid}
    by_story: dict[int, list[ItemStory]] = {}
    for part in _earlier(profile, number).filter(story_id__in=ids):
        by_story.setdefault(part.story_id, []).append(part)
    out: dict[int, dict[str, Any]] = {}
    for p in pending:
        parts = [part for sid in sorted(p.linked | {p.story.pk}) for part in by_story.get(sid, [])]
        if not parts:
            parts = _offers(p, profile, number)
        if not parts:
            continue
        parts.sort(key=lambda part: (-part.item.issue.number, part.item.order, part.pk))
        # What was known then: the earlier items' words for this story (not the other stories of a grouped
        # item) and the reports those stories had up to the end of the latest such issue's window. Windows may
        # share a day: a report that issue already read is not news now.
        known_until = max(part.item.issue.window_end for part in parts)
        before = [_part_text(part) for part in parts]
        before += list(Report.objects.filter(story_id__in={part.story_id for part in parts},
                                             published__lte=known_until).values_list("text", flat=True)[:50])
        fresh = [text for when, text in p.later if when is None or when > known_until]
        found: News = news("\n".join(before), fresh)
        seen = list({part.item_id: _seen(part) for part in parts}.values())
        out[p.story.pk] = {
            "seen_in": seen, "follow_up": bool(found), "figures": found.figures[:8],
            "stage": found.stage, "stage_before": found.stage_before, "new": found.sentences,
        }
    return out


def seen_for(memory: dict[str, Any] | None, number: int) -> dict[str, Any] | None:
    """What a story's stored memory says for issue `number` (None when no earlier issue carried it)."""
    entry = (memory or {}).get(str(number))
    return entry if isinstance(entry, dict) and entry.get("seen_in") else None


def no_news_reason(entry: dict[str, Any]) -> str:
    """Why a story that ran before is not proposed again (the candidate list shows it)."""
    first = entry["seen_in"][0]
    return f"已见于第{first['issue']}期，本周无新数字或新进展，未再编入"


def item_memory(issue: Issue, stories: Iterable[Story]) -> dict[str, Any] | None:
    """An item's memory in its issue: the first of its stories that ran in an earlier issue."""
    for s in stories:
        entry = seen_for(s.memory, issue.number)
        if entry is not None:
            return entry
    return None
