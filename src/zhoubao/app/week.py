"""An issue's window of reports and the lexicon a profile finds names with: what a build reads and what the
coverage of a week counts, apart from the build itself (app/coverage reads them; the build stores coverage)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from zhoubao.conf.settings import ProfileSpec
from zhoubao.text.gazetteer import Lexicon, lexicon_for, lexicon_table

__all__ = ["profile_lexicon", "window"]


def profile_lexicon(profile: ProfileSpec) -> Lexicon:
    """The shipped beat lexicon extended by the profile's [profile.lexicon] (cached per content)."""
    return lexicon_for(lexicon_table(profile.lexicon))


def window(issue_date: date, days: int, tz: str) -> tuple[datetime, datetime]:
    """From DATE minus N days, 00:00, to DATE 23:59:59.999999, in the profile's time zone."""
    zone = ZoneInfo(tz)
    start = datetime.combine(issue_date - timedelta(days=days), time.min, tzinfo=zone)
    end = datetime.combine(issue_date, time.max, tzinfo=zone)
    return start, end
