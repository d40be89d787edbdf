"""Build an issue: the week's reports, understood (app/understand.py), composed and stored as a numbered draft."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhoubao.app.understand import Progress, ReportIn, Understood, profile_lexicon, understand
from zhoubao.archive.models import Issue, Item, ItemStory, Profile, Report, Story, audit
from zhoubao.archive.profiles import sync_profile, with_desk_profile
from zhoubao.compose.compose import Candidate, compose
from zhoubao.conf.settings import Settings, secret
from zhoubao.draft.llm import LLMDrafter
from zhoubao.errors import ZhoubaoError
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import policy_for
from zhoubao.review.diff import ensure_draft_snapshot


class BuildError(ZhoubaoError):
    """The issue cannot be built as asked; the message says why and what to do."""


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
    settings = with_desk_profile(settings, profile)
    spec = settings.profile
    days = settings.build.days if days is None else days
    if days < 0:
        raise BuildError("--days 不能为负数")
    start, end = window(issue_date, days, settings.timezone)

    existing = _target_issue(profile, issue_date, number, force)
    if number is None:
        number = existing.number if existing else next_number(settings)

    say("选取窗口内的报道")
    # Reports shortly before the window are read too: a story that began earlier is recognised as such
    # (and kept out, with the reason) instead of looking new because its first reports are not seen.
    context = timedelta(days=settings.build.context_days)
    reports = list(Report.objects.filter(published__gte=start - context, published__lte=end)
                   .select_related("source").order_by("published", "id"))
    in_window = sum(1 for r in reports if r.published is not None and r.published >= start)
    if not in_window and not force:
        raise BuildError(f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d} 之间没有报道：先运行 zhoubao collect，或调整 --date/--days")
    carried = set(ItemStory.objects.filter(item__issue__profile=profile).exclude(item__issue=existing)
                  .values_list("story_id", flat=True)) if reports else set()

    records = [ReportIn(r.title, r.text, r.published, r.outlet or (r.source.name if r.source else ""), _kind(r),
                        r.fingerprint) for r in reports]
    stories = understand(settings, records, start=start, end=end, days=days, progress=say)
    llm = _llm_drafter(settings)

    with transaction.atomic():
        story_rows = _store_stories(profile, reports, stories)
        candidates: list[Candidate] = []
        story_of: dict[int, Story] = {}
        for u, story in zip(stories, story_rows, strict=True):
            story_of[story.id] = story
            if story.id in carried or not u.included:
                continue  # carried by an earlier issue (never repeated), off the beat or out of the window
            if llm is not None:
                u.draft_title, u.paragraphs = llm.improve(u, spacing=spec.cjk_spacing)
                story.draft_title, story.draft_paragraphs = u.draft_title, u.paragraphs
                story.reasons = u.reasons
                story.save(update_fields=["draft_title", "draft_paragraphs", "reasons"])
            rep = u.sources[0] if u.sources else None
            candidates.append(Candidate(story.id, u.section, u.score, u.draft_title, u.paragraphs,
                                        rep.text if rep else "", u.authority))

        say("编排本期")
        composed = compose(spec, candidates, max_per_section=settings.build.max_items_per_section,
                           lexicon=profile_lexicon(spec))
        issue = existing or Issue(profile=profile, number=number)
        rebuilt = existing is not None
        issue.date, issue.window_start, issue.window_end = issue_date, start, end
        issue.footer = spec.table()["footer"]
        issue.state = Issue.State.DRAFT
        if rebuilt:
            issue.version += 1
            issue.items.all().delete()
        issue.save()
        for order, ci in enumerate(composed):
            item = Item.objects.create(issue=issue, section=ci.section, order=order, title=ci.title,
                                       paragraphs=ci.paragraphs, group=ci.group, highlight=ci.highlight)
            ItemStory.objects.bulk_create([
                ItemStory(item=item, story=story_of[part.key], order=porder, title=part.title,
                          paragraphs=part.paragraphs) for porder, part in enumerate(ci.parts)])
        audit("rebuild" if rebuilt else "build", issue=issue,
              after={"number": issue.number, "items": len(composed), "reports": in_window})
        # The machine draft is kept as built, before anyone edits it: the desk diffs the approved text against it.
        ensure_draft_snapshot(issue)
    return BuildResult(issue, in_window, len(stories), len(composed), rebuilt)


def _store_stories(profile: Profile, reports: list[Report], stories: list[Understood]) -> list[Story]:
    """One Story row per understood story, reusing the story its reports already had (identity across builds)."""
    old_ids = {r.story_id for r in reports if r.story_id}
    old = Story.objects.in_bulk(list(old_ids)) if old_ids else {}
    rows: list[Story] = []
    new: list[Story] = []
    taken: set[int] = set()
    for u in stories:
        ids = sorted({sid for i in u.members if (sid := reports[i].story_id) is not None} - taken)
        story = old.get(ids[0]) if ids else None
        if story is None:
            story = Story(profile=profile)
            new.append(story)
        else:
            taken.add(story.id)
        rep = reports[u.representative]
        story.representative = rep
        story.title = u.title
        story.section = u.section
        story.reasons = u.reasons
        story.score = u.score
        story.entities = u.entities
        story.on_beat = u.on_beat
        story.excluded = u.excluded[:200]
        story.first_published, story.last_published = u.first, u.last
        story.draft_title = u.draft_title
        story.draft_paragraphs = u.paragraphs
        rows.append(story)
    Story.objects.bulk_create(new, batch_size=500)
    fields = ["representative", "title", "section", "reasons", "score", "entities", "on_beat", "excluded",
              "first_published", "last_published", "draft_title", "draft_paragraphs", "updated"]
    now = timezone.now()
    kept = [s for s in rows if s not in new]
    for s in kept:
        s.updated = now
    Story.objects.bulk_update(kept, fields, batch_size=500)
    moved: list[Report] = []
    for u, story in zip(stories, rows, strict=True):
        for i in u.members:
            if reports[i].story_id != story.id:
                reports[i].story = story
                moved.append(reports[i])
    Report.objects.bulk_update(moved, ["story"], batch_size=500)
    return rows


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


def _llm_drafter(settings: Settings) -> LLMDrafter | None:
    """The language-model drafter when [llm] is enabled and complete, reaching its endpoint through the guard."""
    cfg = settings.llm
    if not cfg.enabled or not cfg.url or not cfg.model:
        return None
    fetcher = Fetcher(replace(policy_for(settings), timeout=cfg.timeout))
    return LLMDrafter(cfg, tz=settings.timezone, api_key=secret(cfg.api_key_env), fetcher=fetcher)
