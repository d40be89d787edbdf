"""Understanding: normalize reports, merge them into stories, keep to the beat and window, classify, rank and draft.

The one road every report takes, whichever door it came through: a build, and a report an editor adds, pastes or
splits off in the desk (app/intake.py), are judged by the same rules, model and lexicon.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from zhoubao.app.learn import section_model
from zhoubao.classify import rank as rank_stage
from zhoubao.classify.sections import classify_many, judge_beat
from zhoubao.conf.settings import ProfileSpec, Settings
from zhoubao.dedupe.embed import sentence_embedder
from zhoubao.dedupe.stories import Doc, bare_title, cluster, representative
from zhoubao.draft.extractive import Source as DraftSource
from zhoubao.draft.extractive import draft_story
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
