"""Trends of the week for the desk: items per section over a quarter, rising bodies and companies, each source's yield."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from zhoubao.app.coverage import Coverage, EntityWeek, SourceWeek, coverage
from zhoubao.app.profile import current_profile
from zhoubao.archive.models import Item
from zhoubao.conf.settings import Settings

__all__ = ["QUARTER_WEEKS", "SectionSeries", "Trends", "trends"]

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
