"""Build an issue: the week's reports understood — normalized, merged into stories, kept to the beat and window,
classified, ranked and drafted — then composed and stored as a numbered draft.

understand() is the one road every report takes, whichever door it came through: a build, and a report an editor
adds, pastes or splits off in the desk (app/intake.py), are judged by the same rules, model and lexicon.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhoubao.app.learn import section_model
from zhoubao.archive.models import Issue, Item, ItemStory, Profile, Report, Story, audit
from zhoubao.archive.profiles import sync_profile, with_desk_profile
from zhoubao.classify import rank as rank_stage
from zhoubao.classify.sections import classify_many, judge_beat
from zhoubao.compose.compose import Candidate, compose
from zhoubao.conf.settings import ProfileSpec, Settings, secret
from zhoubao.dedupe.embed import sentence_embedder
from zhoubao.dedupe.stories import Doc, bare_title, cluster, representative
from zhoubao.draft.extractive import Source as DraftSource
from zhoubao.draft.extractive import draft_story
from zhoubao.draft.llm import LLMDrafter
from zhoubao.errors import ZhoubaoError
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import policy_for
from zhoubao.review.diff import ensure_draft_snapshot
from zhoubao.text.entities import extract
from zhoubao.text.gazetteer import Lexicon, lexicon_for, lexicon_table
from zhoubao.text.normalize import clean_line, clean_text, to_simplified

Progress = Callable[[str], None]


@dataclass
class ReportIn:
    """What understanding needs of one report (the archive's Report, or a corpus record in the benchmark)."""

    title: str
    text: str
    published: datetime | None
    outlet: str = ""
    outlet_kind: str = ""
    fingerprint: str = ""


@dataclass
class Understood:
    """One story of the week as the stages left it: members, section, beat, score and draft."""

    members: list[int]  # indices into the reports given to understand()
    representative: int
    title: str
    section: str
    reasons: dict[str, object]
    score: float
    on_beat: bool
    excluded: str
    entities: list[str]
    first: datetime | None
    last: datetime | None
    authority: float
    draft_title: str
    paragraphs: list[str]
    sources: list[DraftSource] = field(default_factory=list)

    @property
    def included(self) -> bool:
        return self.on_beat and not self.excluded and bool(self.paragraphs)


def profile_lexicon(profile: ProfileSpec) -> Lexicon:
    """The shipped beat lexicon extended by the profile's [profile.lexicon] (cached per content)."""
    return lexicon_for(lexicon_table(profile.lexicon))


def understand(settings: Settings, reports: Sequence[ReportIn], *, start: datetime, end: datetime,
               days: int = 7, progress: Progress | None = None) -> list[Understood]:
    """Normalize, merge into stories, keep to the beat and window, classify, rank and draft — no database."""
    say = progress or (lambda _m: None)
    spec = settings.profile
    tz = settings.timezone
    lex = profile_lexicon(spec)
    rule = spec.cjk_spacing
    say("规范化与合并同一事件")
    texts = [clean_text(r.text, simplified=spec.traditional_to_simplified) for r in reports]
    titles = [clean_line(to_simplified(r.title) if spec.traditional_to_simplified else r.title) for r in reports]
    docs = [Doc(i, titles[i], texts[i], r.published, r.fingerprint, r.outlet) for i, r in enumerate(reports)]
    dd = settings.dedupe
    embed = sentence_embedder() if dd.embeddings else None
    groups = cluster(docs, threshold=settings.build.dedupe_threshold, max_days=dd.max_days,
                     work_days=dd.work_days,
                     lexicon=lex, embed=embed, embed_undecided=len(reports) <= dd.embed_limit)

    say("分类、排序与起草")
    cl = settings.classify
    model = section_model(settings)
    reps: list[int] = []
    for g in groups:
        members = [docs[i] for i in g]
        reps.append(g[representative(members, lambda d: rank_stage.authority(reports[d.key].outlet_kind))])
    guesses = classify_many(spec, [(bare_title(titles[i], reports[i].outlet), texts[i]) for i in reps], model,
                            weight=cl.learned_weight,
                            embeddings=cl.embeddings and len(groups) <= cl.embed_limit)
    weak = frozenset(cl.weak_beat_words)
    dr = settings.draft
    out: list[Understood] = []
    for g, rep, (guess, p_off) in zip(groups, reps, guesses, strict=True):
        inside = [i for i in g if _within(reports[i].published, start, end)]
        title = bare_title(titles[rep], reports[rep].outlet)
        beat, why = judge_beat(spec, title, texts[rep], p_off, lex, threshold=cl.offbeat_threshold,
                               weak=weak, sure=cl.offbeat_sure)
        excluded = why
        if not inside:
            when = max((p for i in g if (p := reports[i].published) is not None), default=None)
            excluded = f"报道均不在本期时间窗口内（最近一篇发布于 {when.astimezone(ZoneInfo(tz)):%Y-%m-%d}）" if when \
                else "报道均不在本期时间窗口内"
        kinds = [reports[i].outlet_kind for i in g]
        outlets = {reports[i].outlet or str(i) for i in g}
        dated = [p for i in (inside or g) if (p := reports[i].published) is not None]
        first = min(dated, default=None)
        ents = extract(title + "\n" + texts[rep][:400], lex)
        score = rank_stage.score(outlet_kinds=kinds, outlets=len(outlets), published=first, window_end=end,
                                 section_weight=_weight(spec, guess.section), days=days, entities=len(ents.organisations) + len(ents.works))
        ordered = sorted(inside or g, key=lambda i: (-rank_stage.authority(reports[i].outlet_kind), i))
        sources = [DraftSource(titles[i], texts[i], reports[i].published, reports[i].outlet,
                          rank_stage.authority(reports[i].outlet_kind)) for i in ordered]
        d = draft_story(sources, tz=tz, max_sentences=dr.max_sentences, max_chars=dr.max_chars,
                        lexicon=lex)
        reasons = guess.reasons()
        if beat:
            reasons["entities"] = ents.organisations[:8]
        out.append(Understood(
            members=list(g), representative=rep, title=title[:1000], section=guess.section, reasons=reasons,
            score=score, on_beat=beat, excluded=excluded, entities=ents.as_list()[:20], first=first,
            last=max(dated, default=None), authority=max(rank_stage.authority(k) for k in kinds),
            draft_title=clean_line(d.title, rule=rule)[:1000],
            paragraphs=[clean_line(p, rule=rule) for p in d.paragraphs], sources=sources,
        ))
    return out




def _within(when: datetime | None, start: datetime, end: datetime) -> bool:
    return when is None or start <= when <= end


def _weight(profile: ProfileSpec, section: str) -> float:
    """The section's ranking weight (a section the profile no longer has weighs as its defaults say)."""
    sec = profile.section(section)
    return sec.weight if sec is not None else float(profile.section_defaults["weight"])


class BuildError(ZhoubaoError):
    """The issue cannot be built as asked; the message says why and what to do."""


def window(issue_date: date, days: int, tz: str) -> tuple[datetime, datetime]:
    """From DATE minus N days, 00:00, to DATE 23:59:59.999999, in the profile's time zone."""
    zone = ZoneInfo(tz)
    start = datetime.combine(issue_date - timedelta(days=days), time.min, tzinfo=zone)
    end = datetime.combine(issue_date, time.max, tzinfo=zone)
    return start, end


def next_number(settings: Settings) -> int:
    return _next_number(sync_profile(settings))


def _next_number(profile: Profile) -> int:
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

    # A first look, so that a build asked for a week it may not rebuild stops before the long part; the target
    # and the number are chosen again under the lock below.
    _target_issue(profile, issue_date, number, force)

    say("选取窗口内的报道")
    # Reports shortly before the window are read too: a story that began earlier is recognised as such
    # (and kept out, with the reason) instead of looking new because its first reports are not seen.
    context = timedelta(days=settings.build.context_days)
    reports = list(Report.objects.filter(published__gte=start - context, published__lte=end)
                   .select_related("source").order_by("published", "id"))
    in_window = sum(1 for r in reports if r.published is not None and r.published >= start)
    if not in_window and not force:
        raise BuildError(f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d} 之间没有报道：先运行 zhoubao collect，或调整 --date/--days")
    records = [ReportIn(r.title, r.text, r.published, r.outlet or (r.source.name if r.source else ""), _kind(r),
                        r.fingerprint) for r in reports]
    stories = understand(settings, records, start=start, end=end, days=days, progress=say)
    llm = _llm_drafter(settings)

    with transaction.atomic():
        # Two builds at once (two workers, a worker and the desk) meet here one after the other: the profile's row
        # is locked (on SQLite the write transaction is), then the target, the number and the reports' stories
        # are read again, as the other build may have stored them meanwhile. So two builds of one week make one
        # issue (the second rebuilds the first's draft) and two new issues never share a number.
        Profile.objects.select_for_update().filter(pk=profile.pk).exists()
        existing = _target_issue(profile, issue_date, number, force)
        number = existing.number if existing else number if number is not None else _next_number(profile)
        now_in = dict(Report.objects.filter(published__gte=start - context, published__lte=end)
                      .values_list("id", "story_id"))
        for r in reports:
            r.story_id = now_in.get(r.id, r.story_id)
        carried = set(ItemStory.objects.filter(item__issue__profile=profile).exclude(item__issue=existing)
                      .values_list("story_id", flat=True)) if reports else set()
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
