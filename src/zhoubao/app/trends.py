"""Trends of the week for the desk: items per section over a quarter, rising bodies and companies, each source's yield."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from zhoubao.app.coverage import Coverage, EntityWeek, SourceWeek, coverage
from zhoubao.app.profile import current_profile
from zhoubao.archive.models import Item
from zhoubao.conf.settings import Settings
from zhoubao.render.charts import Bar, bars, columns

__all__ = ["QUARTER_WEEKS", "SectionSeries", "TrendCharts", "Trends", "charts", "trends"]

QUARTER_WEEKS = 13


@dataclass
class SectionSeries:
    """Items of one section in each of the quarter's weeks, oldest first."""

    section: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Trends:
    """Everything the 趋势 page draws, with the numbers its tables show."""

    start: datetime
    end: datetime
    weeks: list[date]  # the last day of each of the quarter's weeks, oldest first
    sections: list[SectionSeries] = field(default_factory=list)
    rising: list[EntityWeek] = field(default_factory=list)
    sources: list[SourceWeek] = field(default_factory=list)
    coverage: Coverage | None = None


def trends(settings: Settings, start: datetime, end: datetime, *, rising_limit: int = 12) -> Trends:
    """The trends of the window [start, end]: the quarter ends with the window's last day."""
    last = end.date()
    weeks = [last - timedelta(days=7 * k) for k in range(QUARTER_WEEKS - 1, -1, -1)]
    profile = current_profile(settings)
    counts: dict[str, Counter[int]] = {}
    rows = Item.objects.filter(issue__profile=profile, issue__date__gt=last - timedelta(days=7 * QUARTER_WEEKS),
                               issue__date__lte=last).values_list("section", "issue__date")
    for section, day in rows:
        k = QUARTER_WEEKS - 1 - (last - day).days // 7
        counts.setdefault(section, Counter())[k] += 1
    order = [s.name for s in settings.profile.sections]
    names = order + sorted(n for n in counts if n not in order)
    series = [SectionSeries(n, [counts.get(n, Counter())[k] for k in range(QUARTER_WEEKS)]) for n in names]
    cov = coverage(settings, start, end)
    sources = sorted((s for s in cov.sources if s.week_reports or s.baseline_mean),
                     key=lambda s: (-(s.week_reports + s.baseline_mean), s.name))
    return Trends(start, end, weeks, [s for s in series if s.total], cov.rising_entities[:rising_limit], sources,
                  cov)


@dataclass
class TrendCharts:
    """The 趋势 page's charts as SVG text (every name escaped), with the rows their tables show."""

    labels: list[str]  # the quarter's weeks as 6/9
    sections: list[tuple[SectionSeries, str]]
    rising: str | None
    yields: str | None
    yield_rows: list[SourceWeek]


def charts(t: Trends) -> TrendCharts:
    """Draw the trends: one column chart per section, a bar chart of rising names and one of the sources' yields."""
    labels = [f"{d.month}/{d.day}" for d in t.weeks]
    sections = [(s, columns(f"section-{n}", f"{s.section}：近 13 周每周条目数",
                            "、".join(f"{lab} {v} 条" for lab, v in zip(labels, s.counts, strict=True)),
                            labels, s.counts))
                for n, s in enumerate(t.sections)]
    rising = bars("rising", "本周上升的机构与公司", "每行一个名称：蓝条为本周提及的报道数，红线为此前每周平均。",
                  [Bar(e.name, e.week, f"{e.week}（均 {e.baseline_mean:.1f}）", e.baseline_mean)
                   for e in t.rising]) if t.rising else None
    rows = [s for s in t.sources if s.week_yield is not None or s.baseline_yield is not None]
    yields = bars("yield", "各来源正文提取率", "每行一个来源：蓝条为本周有正文的报道占比，红线为此前的占比。",
                  [Bar(s.name, 100 * (s.week_yield or 0.0),
                       "—" if s.week_yield is None else f"{s.week_yield:.0%}（{s.week_reports}篇）",
                       None if s.baseline_yield is None else 100 * s.baseline_yield)
                   for s in rows], peak=100.0) if rows else None
    return TrendCharts(labels, sections, rising, yields, rows)
