"""What the desk reads: the candidate stories of an issue, each item's check against its sources, the diff of the
machine draft against the approved text, and who may do what (roles, workflow steps)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from zhoubao.app import derived
from zhoubao.archive import search as search_index
from zhoubao.archive.models import Issue, ItemStory, Report, Story
from zhoubao.compose.document import bare_note
from zhoubao.review import roles
from zhoubao.review.diff import changed, diff, ensure_draft_snapshot, issue_lines
from zhoubao.review.workflow import (
    TRANSITIONS,
    actor,
    allows_self_approval,
    available,
    self_approval_blocked,
    sent_back,
    waiting_on,
)
from zhoubao.text import facts
from zhoubao.text.facts import mark

__all__ = ["TRANSITIONS", "CandidateQuery", "actor", "allows_self_approval", "available", "bare_note", "candidate_stories",
           "changed", "diff", "ensure_draft_snapshot", "issue_lines", "mark", "outlets", "roles",
           "self_approval_blocked", "sent_back", "unsupported", "waiting_on", "why_not_in"]


def unsupported(title: str, paragraphs: Sequence[str], sources: Sequence[str], dates: Sequence[datetime | None], *,
                tz: str) -> list[str]:
    """The tokens of an item's title and paragraphs (each checked on its own) that its reports lack."""
    return [f.token for f in facts.unsupported([title, *paragraphs], sources, dates, tz=tz)]


@dataclass(frozen=True)
class CandidateQuery:
    """What an editor narrows the candidates to (every field optional)."""

    q: str = ""
    section: str = ""
    outlet: str = ""
    day: date | None = None
    min_score: float | None = None
    scope: str = ""  # "beat": on the beat and kept; "off": judged off the beat or kept out


def candidate_stories(issue: Issue, query: CandidateQuery | None = None) -> QuerySet[Story]:
    """The issue's candidates: stories of its profile first reported in its window and not in it, best first.

    A story an earlier issue carried stays in the list when the build judged it for this issue (its memory: shown
    as 已见于第N期, a follow-up or kept out for want of news); one in another issue that was not judged so is left
    to that issue."""
    c = query or CandidateQuery()
    window = Story.objects.filter(profile=issue.profile, first_published__gte=issue.window_start,
                                  first_published__lte=issue.window_end)
    qs = window.exclude(Exists(ItemStory.objects.filter(story=OuterRef("pk"), item__issue=issue))).exclude(
        Q(Exists(ItemStory.objects.filter(story=OuterRef("pk")))) & ~Q(memory__has_key=str(issue.number)))
    if c.q.strip():
        q = c.q.strip()
        near = (Q(title__icontains=q) | Q(draft_title__icontains=q)
                | Q(Exists(Report.objects.filter(story=OuterRef("pk"), text__icontains=q))))
        # The archive's index adds what holds every word of the query, not side by side (爱奇艺 开播), in
        # another case or width (ＧＰＴ-4o): stories first reported in the window, reports up to two months earlier.
        tz = ZoneInfo(issue.profile.timezone)
        found = search_index.matching(q, search_index.Filters(
            start=(issue.window_start.astimezone(tz) - timedelta(days=60)).date(),
            end=issue.window_end.astimezone(tz).date(), kinds=("story", "report")))
        if found["story"] or found["report"]:
            near |= Q(pk__in=found["story"]) | Q(Exists(Report.objects.filter(story=OuterRef("pk"),
                                                                                pk__in=found["report"])))
        qs = qs.filter(near)
    if c.section:
        qs = qs.filter(section=c.section)
    if c.outlet:
        qs = qs.filter(Exists(Report.objects.filter(story=OuterRef("pk"), outlet=c.outlet)))
    if c.day:
        start = datetime.combine(c.day, time.min, tzinfo=ZoneInfo(issue.profile.timezone))
        qs = qs.filter(first_published__gte=start, first_published__lt=start + timedelta(days=1))
    if c.min_score is not None:
        qs = qs.filter(score__gte=c.min_score)
    if c.scope == "beat":
        qs = qs.filter(on_beat=True, excluded="")
    elif c.scope == "off":
        qs = qs.filter(Q(on_beat=False) | ~Q(excluded=""))
    return qs.order_by("-on_beat", "-score", "-first_published", "id")


def why_not_in(row: Mapping[str, Any]) -> str:
    """Why a candidate is not in the issue, from its stored judgement."""
    if row["excluded"]:
        return str(row["excluded"])
    if not row["on_beat"]:
        return "不属本行业"
    return "未入选（排名靠后或超出栏目条数）"


def outlets(issue: Issue, limit: int = 300) -> list[str]:
    """The outlets that published in the issue's window (the candidate filter's choices), kept in the database until
    a report arrives in the window (reports are only added: their number and highest id there tell every change)."""
    window = Report.objects.filter(published__gte=issue.window_start, published__lte=issue.window_end)
    seen = window.aggregate(n=Count("id"), last=Max("id"))
    span = (issue.window_start.timestamp(), issue.window_end.timestamp())
    key = derived.digest("outlets/1", span, limit, seen["n"], seen["last"])
    return derived.kept("outlets:{:.6f}/{:.6f}".format(*span), key, lambda: sorted(
        o for o in window.exclude(outlet="").order_by("outlet").values_list("outlet", flat=True).distinct()[:limit]))
