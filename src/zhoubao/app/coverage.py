"""Coverage of a week before its build: sources that went quiet, failed, were disabled or yield less, and silent bodies."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone

from zhoubao.app import derived
from zhoubao.app.advice import readable
from zhoubao.app.week import profile_lexicon, window
from zhoubao.archive.models import Report, Source
from zhoubao.conf.settings import Settings
from zhoubao.text.gazetteer import Lexicon

__all__ = ["Coverage", "EntityWeek", "SourceWeek", "coverage", "week_window"]

# Flags that collect/store.py sets when a page's own text could not be extracted.
_NO_TEXT = ("no_text", "text_from_feed")
# Characters of a report's text read for names besides its headline: the lead sentence names whom a story is about
# (and reading whole texts costs seconds a week on a large archive).
_LEAD_CHARS = 160

STATUS_LABELS = {"disabled": "已停用", "failed": "抓取失败", "silent": "本周无新报道", "falling": "提取率或报道量下降",
                 "ok": "正常"}


@dataclass
class SourceWeek:
    """One source this week against its weeks before."""

    id: int
    name: str
    url: str
    status: str  # disabled, failed, silent, falling, ok
    problem: str  # in Chinese: the last error, the reason it was disabled, or what fell
    week_reports: int
    week_text: int
    baseline_mean: float  # reports per week in the weeks before
    week_yield: float | None  # share of this week's reports with extracted text
    baseline_yield: float | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "url": self.url, "status": self.status, "problem": self.problem,
                "week_reports": self.week_reports, "week_text": self.week_text,
                "baseline_mean": round(self.baseline_mean, 2), "week_yield": _round(self.week_yield),
                "baseline_yield": _round(self.baseline_yield)}


@dataclass
class EntityWeek:
    """One body or company: reports naming it this week, and in the weeks before."""

    name: str
    week: int
    baseline_mean: float
    weeks_seen: int  # weeks before this one in which it was named

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "week": self.week, "baseline_mean": round(self.baseline_mean, 2),
                "weeks_seen": self.weeks_seen}


@dataclass
class Coverage:
    """What the week's build will miss, and what rose."""

    start: datetime
    end: datetime
    baseline_weeks: int
    sources: list[SourceWeek] = field(default_factory=list)
    silent_entities: list[EntityWeek] = field(default_factory=list)
    rising_entities: list[EntityWeek] = field(default_factory=list)

    def of(self, status: str) -> list[SourceWeek]:
        return [s for s in self.sources if s.status == status]

    @property
    def problems(self) -> list[SourceWeek]:
        return [s for s in self.sources if s.status != "ok"]

    def summary(self) -> str:
        """One line in Chinese: how many sources of each trouble, and the silent bodies."""
        if not self.sources:
            return "还没有来源。"
        parts = [f"{STATUS_LABELS[k]} {n} 个" for k in ("silent", "failed", "disabled", "falling")
                 if (n := len(self.of(k)))]
        head = f"{len(self.sources)} 个来源中" + ("，".join(parts) if parts else "全部正常")
        silent = f"；常见机构与公司本周未见 {len(self.silent_entities)} 个" if self.silent_entities else ""
        return head + silent + "。"

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "baseline_weeks": self.baseline_weeks,
                "summary": self.summary(),
                **{k: [s.as_json() for s in self.of(k)] for k in ("silent", "failed", "disabled", "falling")},
                "ok": [s.as_json() for s in self.of("ok")],
                "silent_entities": [e.as_json() for e in self.silent_entities],
                "rising_entities": [e.as_json() for e in self.rising_entities]}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def week_window(settings: Settings, day: date | None = None) -> tuple[datetime, datetime]:
    """The window a build dated `day` (default today) reads."""
    day = day or timezone.localdate(timezone.now(), timezone=_zone(settings))
    return window(day, settings.build.days, settings.timezone)


def _zone(settings: Settings) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.timezone)


def _span_of(when: datetime, start: datetime, length: timedelta, weeks: int) -> int | None:
    """0 for this week's window, k for the k-th window of the same length before it, None outside."""
    if when >= start:
        return 0
    k = math.ceil((start - when) / length)
    return k if k <= weeks else None


def coverage(settings: Settings, start: datetime, end: datetime) -> Coverage:
    """The coverage of the window [start, end] against the `coverage.baseline_weeks` windows before it."""
    conf = settings.coverage
    length = end - start
    first = start - length * conf.baseline_weeks
    result = Coverage(start, end, conf.baseline_weeks)
    sources = list(Source.objects.order_by("id"))
    counts = _counted(settings, start, end, first, length, sources)
    result.sources = _sources(settings, counts, sources)
    result.silent_entities, result.rising_entities = _entities(settings, counts)
    return result


@dataclass
class _Counts:
    """What coverage counts in the reports of its windows (this week first, then each week before): per source,
    its reports and those with extracted text; per body or company, the reports naming it."""

    reports: dict[int, list[int]]
    texts: dict[int, list[int]]
    named: dict[str, list[int]]

    def dump(self) -> dict[str, Any]:
        return {"reports": {str(k): v for k, v in self.reports.items()},
                "texts": {str(k): v for k, v in self.texts.items()}, "named": self.named}

    @classmethod
    def load(cls, d: dict[str, Any]) -> _Counts:
        return cls({int(k): v for k, v in d["reports"].items()}, {int(k): v for k, v in d["texts"].items()},
                   dict(d["named"]))


def _counted(settings: Settings, start: datetime, end: datetime, first: datetime, length: timedelta,
             sources: list[Source]) -> _Counts:
    """The counts of the window, computed once per change of what they are counted from (zhoubao.app.derived):
    reports are only ever added, never edited, so their number and highest id in [first, end] tell every change;
    the sources' ids (a deleted source's reports lose it) and the lexicon (which names are found) are the rest."""
    seen = _in(first, end).aggregate(n=Count("id"), last=Max("id"))
    # Instants, not their time zones: an issue read back from the database tells its window in UTC.
    span = (start.timestamp(), end.timestamp(), first.timestamp())
    key = derived.digest("coverage-counts/1", span, length.total_seconds(), seen["n"], seen["last"],
                         [(s.id, s.created.timestamp()) for s in sources], _lexicon_key(settings))
    return derived.kept("coverage:{:.6f}/{:.6f}/{:.6f}".format(*span), key,
                        lambda: _count(settings, start, end, first, length), dump=_Counts.dump, load=_Counts.load)


def _lexicon_key(settings: Settings) -> str:
    return repr(sorted((str(k), repr(v)) for k, v in (settings.profile.lexicon or {}).items()))


def _count(settings: Settings, start: datetime, end: datetime, first: datetime, length: timedelta) -> _Counts:
    reports, texts = _source_counts(settings, start, end, first, length)
    return _Counts(reports, texts, _named(settings, start, end, first, length))


def _spans(start: datetime, end: datetime, length: timedelta, weeks: int) -> list[tuple[datetime, datetime]]:
    """This week's window [start, end], then the `weeks` windows of the same length before it, [lo, hi)."""
    return [(start, end)] + [(start - length * k, start - length * (k - 1)) for k in range(1, weeks + 1)]


def _in(first: datetime, end: datetime) -> QuerySet[Report]:
    """Reports published in [first, end]; one without a published time counts at its fetch time. A week is the
    reports the build of that week reads, so a backlog collected today still falls in the weeks it was published."""
    return Report.objects.filter(Q(published__gte=first, published__lte=end)
                                 | Q(published__isnull=True, fetched__gte=first, fetched__lte=end))


def _source_counts(settings: Settings, start: datetime, end: datetime, first: datetime,
                   length: timedelta) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Per source, its reports and those with extracted text in each window."""
    weeks = settings.coverage.baseline_weeks
    # One grouped query: per source, its reports and those with extracted text in each window (the database counts).
    spans = _spans(start, end, length, weeks)
    no_text = Q(flags_text__contains=_NO_TEXT[0]) | Q(flags_text__contains=_NO_TEXT[1])
    aggregates: dict[str, Any] = {}
    for k, (lo, hi) in enumerate(spans):
        within = Q(when__gte=lo, when__lte=hi) if k == 0 else Q(when__gte=lo, when__lt=hi)
        aggregates[f"n{k}"] = Count("id", filter=within)
        aggregates[f"t{k}"] = Count("id", filter=within & ~no_text)
    rows = (_in(first, end).filter(source__isnull=False)
            .annotate(when=Coalesce("published", "fetched"), flags_text=Cast("flags", TextField()))
            .values("source_id").annotate(**aggregates).order_by("source_id"))
    counts: dict[int, list[int]] = {}  # source → window → reports
    texts: dict[int, list[int]] = {}  # source → window → reports with extracted text
    for found in rows:
        row: dict[str, Any] = dict(found)  # the window counts are named at run time
        counts[row["source_id"]] = [row[f"n{k}"] for k in range(len(spans))]
        texts[row["source_id"]] = [row[f"t{k}"] for k in range(len(spans))]
    return counts, texts


def _sources(settings: Settings, counted: _Counts, sources: list[Source]) -> list[SourceWeek]:
    conf = settings.coverage
    weeks = conf.baseline_weeks
    out = []
    for s in sources:
        c = Counter(dict(enumerate(counted.reports.get(s.id, []))))
        t = Counter(dict(enumerate(counted.texts.get(s.id, []))))
        before = sum(n for k, n in c.items() if k)
        before_text = sum(n for k, n in t.items() if k)
        mean = before / weeks
        week_yield = t[0] / c[0] if c[0] else None
        base_yield = before_text / before if before else None
        status, problem = "ok", ""
        if not s.enabled:
            status, problem = "disabled", readable(s.disabled_reason) or "已停用"
        elif s.error_count:
            status, problem = "failed", readable(s.last_error) or f"连续失败 {s.error_count} 次"
        elif not c[0]:
            status = "silent"
            problem = (f"前 {weeks} 周平均每周 {mean:.1f} 篇，本周 0 篇" if before
                       else "本周没有新报道，此前也没有" if s.last_success else "尚未抓取成功过")
        elif before >= conf.min_reports and week_yield is not None and base_yield is not None \
                and week_yield < base_yield - conf.yield_drop:
            status = "falling"
            problem = (f"正文提取率由 {base_yield:.0%} 降至 {week_yield:.0%}（{t[0]}/{c[0]} 篇），"
                       "网页版式可能已改变，请检查链接规则或选择器")
        elif before >= conf.min_reports and c[0] < mean * conf.volume_drop:
            status = "falling"
            problem = f"报道量由每周 {mean:.1f} 篇降至 {c[0]} 篇，列表页或订阅源可能已改变"
        out.append(SourceWeek(s.id, s.name, s.url, status, problem, c[0], t[0], mean, week_yield, base_yield))
    return out


# The names in a report's title and lead, kept between requests: the 趋势 page and the coverage panel read the same
# thousands of reports each time, and finding names in them was most of their time (issue 15's bench). Lexicons are
# made once per content and never freed (text/gazetteer.lexicon_for), so one's id names it for good.
_NAMES: dict[tuple[int, str], tuple[str, ...]] = {}
_NAMES_MAX = 60_000


def _names(lexicon: Lexicon, text: str) -> tuple[str, ...]:
    key = (id(lexicon), text)
    found = _NAMES.get(key)
    if found is None:
        if len(_NAMES) >= _NAMES_MAX:
            _NAMES.clear()  # a bound on memory; the next requests fill it again
        found = _NAMES[key] = tuple(lexicon.find(text))
    return found


def _named(settings: Settings, start: datetime, end: datetime, first: datetime,
           length: timedelta) -> dict[str, list[int]]:
    """Per body or company, the reports naming it in each window (this week first)."""
    weeks = settings.coverage.baseline_weeks
    lexicon = profile_lexicon(settings.profile)
    named: dict[str, list[int]] = {}  # name → span → reports naming it
    rows = _in(first, end).annotate(when=Coalesce("published", "fetched"), lead=Substr("text", 1, _LEAD_CHARS))
    for title, lead, when in rows.values_list("title", "lead", "when").iterator():
        k = _span_of(when, start, length, weeks)
        if k is None:
            continue
        for name in _names(lexicon, f"{title}\n{lead}"):
            named.setdefault(name, [0] * (weeks + 1))[k] += 1
    return named


def _entities(settings: Settings, counted: _Counts) -> tuple[list[EntityWeek], list[EntityWeek]]:
    """Bodies and companies the beat usually hears from that are silent this week, and those rising this week."""
    conf = settings.coverage
    weeks = conf.baseline_weeks
    silent, rising = [], []
    for name, spans in counted.named.items():
        c = Counter({k: n for k, n in enumerate(spans) if n})
        seen = sum(1 for k in c if k)
        mean = sum(n for k, n in c.items() if k) / weeks
        e = EntityWeek(name, c[0], mean, seen)
        if not c[0] and seen >= conf.usual_weeks:
            silent.append(e)
        # Rising: named in at least two reports this week and more than twice (plus one) its weekly mean before.
        if c[0] >= 2 and c[0] > 2 * mean + 1:
            rising.append(e)
    silent.sort(key=lambda e: (-e.weeks_seen, -e.baseline_mean, e.name))
    rising.sort(key=lambda e: (-(e.week - e.baseline_mean), e.name))
    return silent, rising
