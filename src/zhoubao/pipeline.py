"""The verbs of zhoubao in order — collect, normalize, dedupe, classify, rank, draft, compose — over the archive.

Shells (cli, web, jobs) call these; each verb calls the stage functions and stores what they return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max

from zhoubao.archive.models import Issue, Item, ItemStory, Profile, Report, Source, Story, audit
from zhoubao.archive.profiles import sync_profile
from zhoubao.classify import rank as rank_stage
from zhoubao.classify.sections import classify, on_beat
from zhoubao.collect.run import Collector, CollectSummary
from zhoubao.compose.compose import Candidate, compose
from zhoubao.conf.settings import Settings
from zhoubao.dedupe.stories import Doc, cluster
from zhoubao.draft.extractive import draft
from zhoubao.errors import ZhoubaoError
from zhoubao.text.normalize import clean_line, clean_text

Progress = Callable[[str], None]


class BuildError(ZhoubaoError):
    """The issue cannot be built as asked; the message says why and what to do."""


# -- collect ---------------------------------------------------------------------------------------

def collect(settings: Settings, *, sources: Sequence[Source] | None = None,
            progress: Progress | None = None) -> CollectSummary:
    todo = list(sources) if sources is not None else list(Source.objects.filter(enabled=True).order_by("id"))
    collector = Collector(settings, progress=progress)
    try:
        return collector.run(todo)
    finally:
        collector.close()


# -- build -----------------------------------------------------------------------------------------

def window(issue_date: date, days: int, tz: str) -> tuple[datetime, datetime]:
    """From DATE minus N days, 00:00, to DATE 23:59:59.999999, in the profile's time zone."""
    zone = ZoneInfo(tz)
    start = datetime.combine(issue_date - timedelta(days=days), time.min, tzinfo=zone)
    end = datetime.combine(issue_date, time.max, tzinfo=zone)
    return start, end


def next_number(settings: Settings) -> int:
    profile = sync_profile(settings)
    last = Issue.objects.filter(profile=profile).aggregate(m=Max("number"))["m"]
    return profile.first_number if last is None else last + 1


@dataclass
class BuildResult:
    issue: Issue
    reports: int
    stories: int
    items: int
    rebuilt: bool


def build(settings: Settings, *, issue_date: date, days: int | None = None, number: int | None = None,
          force: bool = False, progress: Progress | None = None) -> BuildResult:
    """Draft the issue dated issue_date from the reports published in its window."""
    say = progress or (lambda _m: None)
    profile = sync_profile(settings)
    spec = settings.profile
    tz = settings.timezone
    days = int(settings.raw["build"]["days"]) if days is None else days
    if days < 0:
        raise BuildError("--days 不能为负数")
    start, end = window(issue_date, days, tz)

    existing = _target_issue(profile, issue_date, number, force)
    if number is None:
        number = existing.number if existing else next_number(settings)

    say("选取窗口内的报道")
    reports = list(Report.objects.filter(published__gte=start, published__lte=end).select_related("source")
                   .order_by("published", "id"))
    if not reports and not force:
        raise BuildError(f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d} 之间没有报道：先运行 zhoubao collect，或调整 --date/--days")
    carried = set(ItemStory.objects.filter(item__issue__profile=profile).exclude(item__issue=existing)
                  .values_list("story_id", flat=True)) if reports else set()

    say("规范化与合并同一事件")
    rule = spec.cjk_spacing
    texts = {r.id: clean_text(r.text, simplified=spec.traditional_to_simplified) for r in reports}
    docs = [Doc(r.id, clean_line(r.title), texts[r.id], r.published, r.fingerprint) for r in reports]
    groups = cluster(docs, threshold=float(settings.raw["build"]["dedupe_threshold"]))

    say("分类、排序与起草")
    candidates: list[Candidate] = []
    story_of: dict[int, Story] = {}
    with transaction.atomic():
        for group in groups:
            members = [reports[i] for i in group]
            story = _story_for(profile, members)
            if story.id in carried:
                continue  # carried by an earlier issue: never repeated
            rep = max(members, key=lambda r: (rank_stage.authority(_kind(r)), len(texts[r.id]), -r.id))
            title, text = clean_line(rep.title), texts[rep.id]
            beat, why = on_beat(spec, title, text)
            guess = classify(spec, title, text)
            outlets = {r.outlet or (r.source.name if r.source else r.url) for r in members}
            first = min((r.published for r in members if r.published), default=None)
            score = rank_stage.score(outlet_kinds=[_kind(r) for r in members], outlets=len(outlets),
                                     published=first, window_end=end, section=guess.section, days=days)
            d = draft(rep.title, text, rep.published, outlet=rep.outlet, tz=tz)
            paragraphs = [clean_line(p, rule=rule) for p in d.paragraphs]
            story.representative = rep
            story.title = title[:1000]
            story.section = guess.section
            story.reasons = guess.reasons()
            story.score = score
            story.on_beat = beat
            story.excluded = why
            story.first_published = first
            story.last_published = max((r.published for r in members if r.published), default=None)
            story.draft_title = clean_line(d.title, rule=rule)[:1000]
            story.draft_paragraphs = paragraphs
            story.save()
            story_of[story.id] = story
            if beat and paragraphs:
                candidates.append(Candidate(story.id, guess.section, score, story.draft_title, paragraphs, text,
                                            max(rank_stage.authority(_kind(r)) for r in members)))

        say("编排本期")
        composed = compose(spec, candidates, max_per_section=int(settings.raw["build"]["max_items_per_section"]))
        issue = existing or Issue(profile=profile, number=number)
        rebuilt = existing is not None
        issue.date, issue.window_start, issue.window_end = issue_date, start, end
        issue.footer = dict(settings.raw["profile"]["footer"])
        issue.state = Issue.State.DRAFT
        if rebuilt:
            issue.version += 1
            issue.items.all().delete()
        issue.save()
        for order, ci in enumerate(composed):
            item = Item.objects.create(issue=issue, section=ci.section, order=order, title=ci.title,
                                       paragraphs=ci.paragraphs, group=ci.group, highlight=ci.highlight)
            for porder, part in enumerate(ci.parts):
                ItemStory.objects.create(item=item, story=story_of[part.key], order=porder,
                                         title=part.title, paragraphs=part.paragraphs)
        audit("rebuild" if rebuilt else "build", issue=issue,
              after={"number": issue.number, "items": len(composed), "reports": len(reports)})
    return BuildResult(issue, len(reports), len(groups), len(composed), rebuilt)


def _kind(r: Report) -> str:
    return r.outlet_kind or (r.source.outlet_kind if r.source else "")


def _target_issue(profile: Profile, issue_date: date, number: int | None, force: bool) -> Issue | None:
    """The draft to rebuild, if any; refuses gaps, repeats and rebuilding what is under review."""
    issues = Issue.objects.filter(profile=profile)
    if number is not None:
        found = issues.filter(number=number).first()
        last = issues.aggregate(m=Max("number"))["m"]
        if found is None and last is not None and number != last + 1 and not force:
            raise BuildError(f"期号 {number} 与上一期 {last} 不连续：用 --force 确认，或省略 --number")
    else:
        found = issues.filter(date=issue_date, state=Issue.State.DRAFT).order_by("-number").first()
    if found is not None and found.state != Issue.State.DRAFT:
        raise BuildError(f"第{found.number}期已{found.get_state_display()}，不能重新生成；请先在编辑台退回修改")
    return found


def _story_for(profile: Profile, members: list[Report]) -> Story:
    """Reuse the story one of these reports already belongs to, so stories keep their identity across builds."""
    existing = sorted({r.story_id for r in members if r.story_id})
    story = Story.objects.filter(id=existing[0]).first() if existing else None
    if story is None:
        story = Story.objects.create(profile=profile, title=members[0].title[:1000])
    Report.objects.filter(id__in=[r.id for r in members]).exclude(story=story).update(story=story)
    return story
