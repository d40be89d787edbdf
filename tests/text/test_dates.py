"""Chinese and feed date forms → aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from zhoubao.text.dates import find_dates, parse_datetime

SH = ZoneInfo("Asia/Shanghai")
REF = datetime(2024, 6, 5, 12, 0, tzinfo=SH)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-03T10:30:00+08:00", sh(2024, 6, 3, 10, 30)),
        ("2024-06-03T02:30:00Z", datetime(2024, 6, 3, 2, 30, tzinfo=UTC)),
        ("2024-06-03T10:30:00.123+08:00", sh(2024, 6, 3, 10, 30, 0, 123000)),
        ("2024-06-03", sh(2024, 6, 3)),
        ("2024-06-03 10:30", sh(2024, 6, 3, 10, 30)),
        ("2024-06-03 10:30:15", sh(2024, 6, 3, 10, 30, 15)),
        ("2024/6/3", sh(2024, 6, 3)),
        ("2024/06/03 08:05", sh(2024, 6, 3, 8, 5)),
        ("2024.06.03", sh(2024, 6, 3)),
        ("2024年6月3日", sh(2024, 6, 3)),
        ("2024年06月03日 10:30", sh(2024, 6, 3, 10, 30)),
        ("2011年12月09日18:51", sh(2011, 12, 9, 18, 51)),
        ("２０２４年６月３日", sh(2024, 6, 3)),
        ("二〇二四年六月三日", sh(2024, 6, 3)),
        ("6月3日 10:30", sh(2024, 6, 3, 10, 30)),
        ("6月3日", sh(2024, 6, 3)),
        ("6月7日", sh(2024, 6, 7)),  # two days ahead of the reference: still this year (clock skew)
        ("12月30日", sh(2023, 12, 30)),  # later in the year than the reference: last year
        ("当地时间6月2日", sh(2024, 6, 2)),
        ("当地时间6月2日上午10时", sh(2024, 6, 2)),  # a local time abroad: keep the date only
        ("昨天 10:30", sh(2024, 6, 4, 10, 30)),
        ("今天", sh(2024, 6, 5)),
        ("前天", sh(2024, 6, 3)),
        ("3小时前", sh(2024, 6, 5, 9, 0)),
        ("10分钟前", sh(2024, 6, 5, 11, 50)),
        ("刚刚", REF),
        ("2天前", sh(2024, 6, 3, 12, 0)),
        ("下午3:20", None),
        ("Mon, 03 Jun 2024 10:30:00 +0000", datetime(2024, 6, 3, 10, 30, tzinfo=UTC)),
        ("Mon, 03 Jun 2024 10:30:00 GMT", datetime(2024, 6, 3, 10, 30, tzinfo=UTC)),
        (
            "Mon, 03 Jun 2024 18:30:00 +0800",
            datetime(2024, 6, 3, 18, 30, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("发布时间：2024-06-03 10:30", sh(2024, 6, 3, 10, 30)),
        ("发布时间: 2024年6月3日", sh(2024, 6, 3)),
        ("时间：2024年6月3日", sh(2024, 6, 3)),
        ("日期：2024-06-03", sh(2024, 6, 3)),
        ("2024-06-03 10:30:00 来源：新华网", sh(2024, 6, 3, 10, 30)),
        ("【2024-06-03】", sh(2024, 6, 3)),
        ("20240603", sh(2024, 6, 3)),
        ("06-03 10:30", sh(2024, 6, 3, 10, 30)),
        ("2024年6月3日下午3时20分", sh(2024, 6, 3, 15, 20)),
        ("", None),
        ("garbage", None),
        ("第3期", None),
        ("2024年13月40日", None),
    ],
)
def test_parse_datetime(text: str, expected: datetime | None) -> None:
    got = parse_datetime(text, reference=REF, tz="Asia/Shanghai")
    assert got == expected
    if got is not None:
        assert got.tzinfo is not None


def test_timezone_parameter() -> None:
    got = parse_datetime("2024-06-03 10:30", tz="Europe/Berlin")
    assert got is not None and got.utcoffset() == timedelta(hours=2)
    # An explicit offset wins over tz.
    got = parse_datetime("2024-06-03T10:30:00+09:00", tz="Europe/Berlin")
    assert got is not None and got.utcoffset() == timedelta(hours=9)


def test_naive_reference_and_default_reference() -> None:
    assert parse_datetime("昨天", reference=datetime(2024, 1, 1, 8, 0), tz="Asia/Shanghai") == sh(2023, 12, 31)
    got = parse_datetime("刚刚", tz="Asia/Shanghai")
    assert got is not None and abs((datetime.now(SH) - got).total_seconds()) < 60


def test_year_boundary() -> None:
    ref = sh(2024, 1, 2, 9, 0)
    assert parse_datetime("12月31日", reference=ref, tz="Asia/Shanghai") == sh(2023, 12, 31)
    assert parse_datetime("1月1日", reference=ref, tz="Asia/Shanghai") == sh(2024, 1, 1)


def test_find_dates() -> None:
    text = "新华社北京6月3日电 据悉，新规将于2024年7月1日起施行，当地时间6月2日上午10时，昨天下午"
    found = [t for _, _, t in find_dates(text)]
    assert found[0] == "6月3日"
    assert "2024年7月1日" in found
    assert any(t.startswith("当地时间6月2日") for t in found)
    assert any(t.startswith("昨天") for t in found)
    for start, end, t in find_dates(text):
        assert text[start:end] == t
    assert find_dates("") == []
