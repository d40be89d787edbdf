"""Build an issue: the week's reports understood — normalized, merged into stories, kept to the beat and window,
classified, ranked and drafted — then composed and stored as a numbered draft.

understand() is the one road every report takes, whichever door it came through: a build, and a report an editor
adds, pastes or splits off in the desk (app/intake.py), are judged by the same rules, model and lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zhoubao.app import memory, preparers
from zhoubao.app.coverage import coverage
from zhoubao.app.learn import section_model
from zhoubao.app.week import profile_lexicon, window
from zhoubao.archive import search as search_index
from zhoubao.archive.models import Issue, Item, ItemStory, Profile, Report, Story, audit
from zhoubao.archive.profiles import sync_profile, with_desk_profile
from zhoubao.classify import rank as rank_stage
from zhoubao.classify.marked import story_home
from zhoubao.classify.sections import SectionGuess, beat_verdict, classify_many
from zhoubao.compose.compose import Candidate, compose
from zhoubao.conf.settings import ProfileSpec, Settings, secret
from zhoubao.dedupe.embed import sentence_embedder
from zhoubao.dedupe.stories import Doc, bare_title, cluster, representative
from zhoubao.draft.extractive import Source as DraftSource
from zhoubao.draft.extractive import draft_story
from zhoubao.draft.house import (
    HouseStyle,
    company_home,
    declared_naming,
    house_path,
    read_style,
    with_declared_naming,
)
from zhoubao.draft.llm import LLMDrafter
from zhoubao.errors import ZhoubaoError
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import policy_for
from zhoubao.review import rebuilds
from zhoubao.review.diff import ensure_draft_snapshot
from zhoubao.text.entities import extract
from zhoubao.text.gazetteer import Lexicon
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
    pending: str = ""  # 待定: why the beat is in doubt (the item waits at the end of its section for an editor)

    @property
    def included(self) -> bool:
        return self.on_beat and not self.excluded and bool(self.paragraphs)


def understand(settings: Settings, reports: Sequence[ReportIn], *, start: datetime, end: datetime,
               days: int = 7, progress: Progress | None = None, house: HouseStyle | None = None) -> list[Understood]:
    """Normalize, merge into stories, keep to the beat and window, classify, rank and draft — no database.
    `house`: how the office titles its items, read from its published archive (pastissues.house_style)."""
    say = progress or (lambda _m: None)
    spec = settings.profile
    tz = settings.timezone
    lex = profile_lexicon(spec)
    house = with_declared_naming(house, declared_naming(spec.lexicon, lex))
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
    # The rules and the model read Chinese: a story led by a foreign outlet's English report is classified by the
    # most authoritative of its Chinese retellings (a Reuters lead and 界面's retelling are one story).
    readers = [_chinese_reader(g, rep, titles, reports) for g, rep in zip(groups, reps, strict=True)]
    # The rules, the model and the lexicon are written in simplified Chinese: a 繁体 report is read in simplified
    # (美團無人機 is 美团无人机 to the 低空经济 keywords); what is printed follows the profile's setting.
    rtitles, rtexts = (titles, texts) if spec.traditional_to_simplified else _read_simplified(titles, texts)
    homes = [story_home(spec, bare_title(rtitles[i], reports[i].outlet), lex, lead=rtexts[i][:200],
                        outlet_kind=reports[i].outlet_kind,
                        titles=tuple(bare_title(rtitles[j], reports[j].outlet) for j in g if j != i))
             for g, i in zip(groups, readers, strict=True)]
    guesses = classify_many(spec, [(bare_title(rtitles[i], reports[i].outlet), rtexts[i]) for i in readers], model,
                            weight=cl.learned_weight,
                            embeddings=cl.embeddings and len(groups) <= cl.embed_limit, homes=homes)
    if house is not None and house.grouped:
        guesses = _to_company_sections(spec, house, lex, guesses, homes,
                                       [bare_title(rtitles[i], reports[i].outlet) for i in readers])
    weak = frozenset(cl.weak_beat_words)
    dr = settings.draft
    out: list[Understood] = []
    for g, rep, rd, (guess, p_off) in zip(groups, reps, readers, guesses, strict=True):
        inside = [i for i in g if _within(reports[i].published, start, end)]
        title = bare_title(titles[rep], reports[rep].outlet)
        # The beat is judged on the report the model read (p_off is its): an English lead has no beat word in it.
        verdict = beat_verdict(spec, bare_title(rtitles[rd], reports[rd].outlet), rtexts[rd], p_off, lex,
                               threshold=cl.offbeat_threshold, weak=weak, sure=cl.offbeat_sure,
                               outlet_kind=reports[rd].outlet_kind,
                               other_titles=[bare_title(rtitles[i], reports[i].outlet) for i in g if i != rd])
        beat, excluded = verdict.on, verdict.reason
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
                               rank_stage.authority(reports[i].outlet_kind), reports[i].outlet_kind) for i in ordered]
        d = draft_story(sources, tz=tz, max_sentences=dr.max_sentences, max_chars=dr.max_chars,
                        lexicon=lex, house=house)
        reasons = guess.reasons()
        if beat:
            reasons["entities"] = ents.organisations[:8]
        if verdict.pending:
            reasons["pending"] = verdict.pending
        out.append(Understood(
            members=list(g), representative=rep, title=title[:1000], section=guess.section, reasons=reasons,
            score=score, on_beat=beat, excluded=excluded, entities=ents.as_list()[:20], first=first,
            last=max(dated, default=None), authority=max(rank_stage.authority(k) for k in kinds),
            draft_title=clean_line(d.title, rule=rule)[:1000],
            paragraphs=[clean_line(p, rule=rule) for p in d.paragraphs], sources=sources,
            pending=verdict.pending,
        ))
    return out




def _read_simplified(titles: Sequence[str], texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """Titles and texts as the rules read them: a report whose title OpenCC changes (繁体) converted, title and
    text; the others untouched (t2s over simplified text could still change a character)."""
    rt, rx = list(titles), list(texts)
    for i, t in enumerate(titles):
        if (s := to_simplified(t)) != t:
            rt[i], rx[i] = s, to_simplified(texts[i])
    return rt, rx


def _to_company_sections(spec: ProfileSpec, house: HouseStyle, lex: Lexicon,
                         guesses: list[tuple[SectionGuess, float | None]], homes: Sequence[tuple[str, str]],
                         titles: Sequence[str]) -> list[tuple[SectionGuess, float | None]]:
    """A story opening with a company the office groups in one section (its archive shows it) goes there from
    another section that groups by company, or from abroad: the group forms where the words alone spread it
    (南方航空's aircraft order put in 航空制造, its route in 航司机场). A section of a topic (资本, 数据, a 投融资 the
    archive never grouped in) keeps its story: 华虹's acquisition stays in 资本 though the office groups 华虹's other
    news in 企业."""
    # Sections that group by company, in the profile and in the archive: 投融资 may be marked to group, but an
    # office that never grouped there (dev-h) files its companies' deals there as deals.
    grouping = {s.name for s in spec.sections if s.group_by == "platform"} & set(house.grouped.values())
    out = list(guesses)
    for n, ((guess, p_off), (_home, kind), title) in enumerate(zip(guesses, homes, titles, strict=True)):
        home = company_home(title, house, lex)
        if home in grouping and home != guess.section and (guess.section in grouping or kind == "abroad"):
            out[n] = (replace(guess, section=home, method=guess.method + "+company"), p_off)
    return out


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _chinese_reader(group: Sequence[int], rep: int, titles: Sequence[str], reports: Sequence[ReportIn]) -> int:
    """The report a story is classified by: its representative, unless that one's headline has no Chinese and
    another member's has (the most authoritative of those)."""
    if _CJK.search(titles[rep]):
        return rep
    chinese = [i for i in group if _CJK.search(titles[i])]
    return min(chinese, key=lambda i: (-rank_stage.authority(reports[i].outlet_kind), i)) if chinese else rep


def _within(when: datetime | None, start: datetime, end: datetime) -> bool:
    return when is None or start <= when <= end


def _weight(profile: ProfileSpec, section: str) -> float:
    """The section's ranking weight (a section the profile no longer has weighs as its defaults say)."""
    sec = profile.section(section)
    return sec.weight if sec is not None else float(profile.section_defaults["weight"])


class BuildError(ZhoubaoError):
    """The issue cannot be built as asked; the message says why and what to do."""


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
    kept: bool = False  # a rebuild of an edited draft: the editors' items were kept, new stories are candidates
    pending: int = 0  # items proposed as 待定 (the editor keeps or removes each before the issue moves on)


class NoReports(BuildError):
    """The window holds no report: the command line is told which flags to change, the desk (`desk`) what to do."""

    def __init__(self, start: datetime, end: datetime) -> None:
        span = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d} 之间没有报道"
        self.desk = f"{span}：请先在“来源”页抓取报道，或换一个日期再生成草稿。"
        super().__init__(f"{span}：先运行 zhoubao collect，或调整 --date/--days")


class RebuildRefused(BuildError):
    """The draft has editors' changes: it is rebuilt only when asked to (CLI --rebuild, the desk's confirmation)."""

    def __init__(self, issue: Issue, edits: int, last: str) -> None:
        self.issue, self.edits, self.last = issue, edits, last
        super().__init__(f"第{issue.number}期草稿已有 {edits} 处编辑修改（最近：{last}），未重新生成。"
                         "确认要重新生成请加 --rebuild：编辑过的条目全部保留，新报道只加入候选，可用 --undo 撤销")


class DateCovered(BuildError):
    """The date lies in the window of an issue already made: that issue is the one to open, not a new number."""

    def __init__(self, issue: Issue, issue_date: date) -> None:
        self.issue = issue
        super().__init__(f"{issue_date} 已在第{issue.number}期（{issue.date}，{issue.get_state_display()}）的时间窗口内，"
                         f"未生成新的一期：请打开第{issue.number}期；要出新的一期，请选择 {issue.date} 之后的日期")


def build(settings: Settings, *, issue_date: date, days: int | None = None, number: int | None = None,
          force: bool = False, rebuild: bool = False, user: Any = None, actor: str = "cli",
          progress: Progress | None = None) -> BuildResult:
    """Draft the issue dated issue_date from the reports published in its window.

    A draft that editors have changed is rebuilt only with rebuild=True, and then keeps their items (new stories
    become candidates); every rebuild keeps the items it replaces aside, for undo_rebuild(). A date inside the
    window of an existing issue, or a new issue with nothing to carry, takes no number."""
    say = progress or (lambda _m: None)
    profile = sync_profile(settings)
    home_settings = settings
    settings = with_desk_profile(settings, profile)
    spec = settings.profile
    days = settings.build.days if days is None else days
    if days < 0:
        raise BuildError("--days 不能为负数")
    start, end = window(issue_date, days, settings.timezone)

    existing = _first_look(profile, issue_date, start, number=number, force=force, rebuild=rebuild)

    say("选取窗口内的报道")
    # Reports shortly before the window are read too: a story that began earlier is recognised as such
    # (and kept out, with the reason) instead of looking new because its first reports are not seen.
    context = timedelta(days=settings.build.context_days)
    reports = list(Report.objects.filter(published__gte=start - context, published__lte=end)
                   .select_related("source").order_by("published", "id"))
    in_window = sum(1 for r in reports if r.published is not None and r.published >= start)
    if not in_window and not force:
        raise NoReports(start, end)

    records = [ReportIn(r.title, r.text, r.published, r.outlet or (r.source.name if r.source else ""), _kind(r),
                        r.fingerprint) for r in reports]
    stories = understand(settings, records, start=start, end=end, days=days, progress=say,
                         house=read_style(house_path(settings.data_dir)))
    llm = _llm_drafter(settings)

    try:
        with transaction.atomic():
            # One build at a time per weekly: the number and the target are decided again under the lock, so
            # two builds never take one number (SQLite's IMMEDIATE transactions serialise the same way).
            Profile.objects.select_for_update().filter(pk=profile.pk).first()
            # Two builds of one week make one issue: the later rebuilds the earlier's draft, unless an editor has
            # touched it since (then it is refused as any rebuild of an edited draft is).
            existing = _target_issue(profile, issue_date, number, force)
            if existing is not None:
                _may_rebuild(existing, rebuild)
            # The other build may have stored these reports' stories meanwhile: read them again under the lock.
            now_in = dict(Report.objects.filter(published__gte=start - context, published__lte=end)
                          .values_list("id", "story_id"))
            for r in reports:
                r.story_id = now_in.get(r.id, r.story_id)
            if number is None:
                number = existing.number if existing else next_number(settings)
            carried = set(ItemStory.objects.filter(item__issue__profile=profile).exclude(item__issue=existing)
                          .values_list("story_id", flat=True)) if reports else set()
            # The stories the reports belonged to before this build: the same event in an earlier issue.
            linked = [{sid for i in u.members if (sid := reports[i].story_id) is not None} for u in stories]
            story_rows = _store_stories(profile, reports, stories, frozen=_frozen_stories(profile, existing))
            _remember(profile, number, stories, story_rows, linked)
            candidates: list[Candidate] = []
            for u, story in zip(stories, story_rows, strict=True):
                seen = memory.seen_for(story.memory, number)
                if not u.included or (seen is not None and not seen["follow_up"]) \
                        or (seen is None and story.id in carried):
                    # Off the beat, out of the window, or carried by an earlier issue with nothing new since (the
                    # desk shows it among the candidates as 已见于第N期); a later issue's story is never repeated.
                    continue
                if llm is not None:
                    u.draft_title, u.paragraphs = llm.improve(u, spacing=spec.cjk_spacing)
                    story.draft_title, story.draft_paragraphs = u.draft_title, u.paragraphs
                    story.reasons = u.reasons
                    story.save(update_fields=["draft_title", "draft_paragraphs", "reasons"])
                rep = u.sources[0] if u.sources else None
                candidates.append(Candidate(story.id, u.section, u.score, u.draft_title, u.paragraphs,
                                            rep.text if rep else "", u.authority, pending=u.pending,
                                            # outlets as the rank score counts them: an unnamed one each
                                            outlets=len({s.outlet or str(i) for i, s in enumerate(u.sources)}) or 1,
                                            leads=tuple(s.text[:160] for s in u.sources[1:6]),
                                            publishers=tuple(s.outlet for s in u.sources if s.outlet)))
            say("编排本期")
            composed = compose(spec, candidates, max_per_section=settings.build.max_items_per_section,
                               lexicon=profile_lexicon(spec))
            result = _store_issue(profile, existing, number, issue_date, (start, end), spec, composed,
                                  {s.id: s for s in story_rows}, user=user, actor=actor, reports=in_window)
            # Stories and items were written in bulk (no signals): the search index learns them here.
            search_index.index_stories(story_rows)
            search_index.index_issue(result[0])
    except IntegrityError:  # a last guard: the unique number was taken by a build this lock did not see
        raise BuildError("期号刚被另一次生成占用，本次未保存：请刷新后重试") from None
    waiting = 0 if result[2] else sum(1 for ci in composed if ci.pending)
    prepare_desk(home_settings, result[0])
    return BuildResult(result[0], in_window, len(stories), result[1], existing is not None, kept=result[2],
                       pending=waiting)


def prepare_desk(settings: Settings, issue: Issue) -> None:
    """Compute now what the desk shows of a fresh draft that only the archive's reports decide — the coverage of
    its window (the panel beside the issue, the 趋势 page), and what the desk's own preparations store (app.preparers:
    the items' pieces as an editor sees them, their source checks) — rather than on the first editor's request. It
    is kept until what it depends on changes (zhoubao.app.derived); `settings` as the desk reads them."""
    coverage(settings, issue.window_start, issue.window_end)
    preparers.prepare(issue)


def _remember(profile: Profile, number: int, stories: list[Understood], rows: list[Story],
              linked: list[set[int]]) -> int:
    """Store on each proposable story what earlier issues carried it and what is new since (app/memory.py); a
    story that ran before with nothing new is kept out with that reason. Returns how many ran before."""
    pending = [memory.Pending(story, u.title, u.sources[0].text if u.sources else "",
                              [(s.published, s.text) for s in u.sources], had, u.entities)
               for u, story, had in zip(stories, rows, linked, strict=True) if u.included]
    found = memory.remember(profile, number, pending)
    key = str(number)
    changed: list[Story] = []
    for p in pending:
        story, entry = p.story, found.get(p.story.pk)
        if entry is None and key not in (story.memory or {}):
            continue
        story.memory = {**(story.memory or {}), key: entry} if entry is not None else \
            {k: v for k, v in story.memory.items() if k != key}
        if entry is not None and not entry["follow_up"]:
            story.excluded = memory.no_news_reason(entry)[:200]
        changed.append(story)
    Story.objects.bulk_update(changed, ["memory", "excluded"], batch_size=500)
    return len(found)


def _store_issue(profile: Profile, existing: Issue | None, number: int, issue_date: date,
                 span: tuple[datetime, datetime], spec: ProfileSpec, composed: list[Any], story_of: dict[int, Story],
                 *, user: Any, actor: str, reports: int) -> tuple[Issue, int, bool]:
    """Write the composed items into a new issue or over a draft; (issue, items, kept the editors' items)."""
    who = user if user is not None and getattr(user, "is_authenticated", False) else None
    if existing is None and not composed:
        raise BuildError("窗口内没有可编入本期的新事件（都已收入往期、不属本行业或不在窗口内），未生成，期号未占用："
                         "先运行 zhoubao collect 抓取新报道")
    if existing is not None:
        rebuilds.keep_aside(existing, who)  # what this rebuild replaces can be put back (undo_rebuild)
        if rebuilds.edits_since_build(existing):
            # The editors' items stay as they are; the week's new stories wait among the candidates.
            existing.version += 1
            existing.save(update_fields=["version", "updated"])
            audit("rebuild_keep", actor=actor, user=who, issue=existing,
                  after={"number": existing.number, "items": existing.items.count(), "reports": reports})
            return existing, existing.items.count(), True
    issue = existing or Issue(profile=profile, number=number)
    issue.date, (issue.window_start, issue.window_end) = issue_date, span
    issue.footer = spec.table()["footer"]
    issue.state = Issue.State.DRAFT
    if existing is not None:
        issue.version += 1
        issue.items.all().delete()
    issue.save()
    for order, ci in enumerate(composed):
        item = Item.objects.create(issue=issue, section=ci.section, order=order, title=ci.title,
                                   paragraphs=ci.paragraphs, group=ci.group, highlight=ci.highlight,
                                   pending=ci.pending[:200])
        ItemStory.objects.bulk_create([
            ItemStory(item=item, story=story_of[part.key], order=porder, title=part.title,
                      paragraphs=part.paragraphs) for porder, part in enumerate(ci.parts)])
    audit("rebuild" if existing is not None else "build", actor=actor, user=who, issue=issue,
          after={"number": issue.number, "items": len(composed), "reports": reports})
    # The machine draft is kept as built, before anyone edits it: the desk diffs the approved text against it.
    ensure_draft_snapshot(issue)
    return issue, len(composed), False


def first_look(settings: Settings, issue_date: date, *, rebuild: bool = False) -> Issue | None:
    """The checks a build makes before its long part, for a shell that runs the build later (a job): raises
    DateCovered or RebuildRefused as build() would; returns the draft it would rebuild, if any."""
    profile = sync_profile(settings)
    start, _end = window(issue_date, settings.build.days, settings.timezone)
    return _first_look(profile, issue_date, start, rebuild=rebuild)


def _first_look(profile: Profile, issue_date: date, start: datetime, *, number: int | None = None,
                force: bool = False, rebuild: bool = False) -> Issue | None:
    existing = _target_issue(profile, issue_date, number, force)
    if existing is None and number is None and not force:
        covering = _covering(profile, start.tzinfo, issue_date)
        if covering is not None:
            raise DateCovered(covering, issue_date)
    if existing is not None:
        _may_rebuild(existing, rebuild)
    return existing


def _may_rebuild(issue: Issue, rebuild: bool) -> None:
    edits = rebuilds.edits_since_build(issue)
    if edits and not rebuild:
        raise RebuildRefused(issue, len(edits), rebuilds.describe(edits))


def _covering(profile: Profile, zone: Any, issue_date: date) -> Issue | None:
    """An issue of the weekly whose window holds the date (its own date included)."""
    day_start = datetime.combine(issue_date, time.min, tzinfo=zone)
    day_end = datetime.combine(issue_date, time.max, tzinfo=zone)
    return (Issue.objects.filter(profile=profile, window_start__lte=day_end, window_end__gte=day_start)
            .order_by("-number").first())


def _frozen_stories(profile: Profile, existing: Issue | None) -> set[int]:
    """Stories carried by an issue past its draft (in review, approved, published): no build may take a report
    out of them (what an issue carried stays as it was)."""
    qs = ItemStory.objects.filter(item__issue__profile=profile, story__isnull=False).exclude(
        item__issue__state=Issue.State.DRAFT)
    if existing is not None:
        qs = qs.exclude(item__issue=existing)
    return set(qs.values_list("story_id", flat=True))


def undo_rebuild(settings: Settings, issue: Issue, *, user: Any = None, actor: str = "cli",
                 version: int | None = None) -> int:
    """Put back the items the latest rebuild replaced (the current ones are kept aside in turn); returns how many."""
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.state != Issue.State.DRAFT:
            raise BuildError(f"第{locked.number}期已{locked.get_state_display()}，不能撤销重新生成")
        if version is not None and locked.version != version:
            raise BuildError("本期刚被他人修改过，未撤销：请刷新页面后重试")
        kept = rebuilds.latest_kept(locked)
        if kept is None:
            raise BuildError(f"第{locked.number}期没有可撤销的重新生成")
        n = rebuilds.restore(locked, kept, user, actor_name=actor)
        locked.version += 1
        locked.save(update_fields=["version", "updated"])
    return n


def draft_of(settings: Settings, issue_date: date) -> Issue | None:
    """The draft dated issue_date (the one `build --date` would rebuild)."""
    return (Issue.objects.filter(profile=sync_profile(settings), date=issue_date, state=Issue.State.DRAFT)
            .order_by("-number").first())


def _store_stories(profile: Profile, reports: list[Report], stories: list[Understood], *,
                   frozen: set[int] | frozenset[int] = frozenset()) -> list[Story]:
    """One Story row per understood story, reusing the story its reports already had (identity across builds).

    A report of a frozen story (carried by an issue past its draft) stays in it, and the story is left as it is."""
    old_ids = {r.story_id for r in reports if r.story_id}
    old = Story.objects.in_bulk(list(old_ids)) if old_ids else {}
    rows: list[Story] = []
    new: list[Story] = []
    taken: set[int] = set()
    fixed: list[Story] = []
    for u in stories:
        had = {reports[i].story_id for i in u.members}
        if had and had <= frozen and (kept_as_is := old.get(min(had))) is not None:  # type: ignore[type-var]
            rows.append(kept_as_is)  # every report of it is in an issue past its draft: left untouched
            fixed.append(kept_as_is)
            continue
        ids = sorted({sid for sid in had if sid is not None} - taken - frozen)
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
    kept = [s for s in rows if s not in new and s not in fixed]
    for s in kept:
        s.updated = now
    Story.objects.bulk_update(kept, fields, batch_size=500)
    moved: list[Report] = []
    for u, story in zip(stories, rows, strict=True):
        for i in u.members:
            if reports[i].story_id != story.id and reports[i].story_id not in frozen:
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
