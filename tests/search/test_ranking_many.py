"""Ranking and date filters over an archive large enough to take the walked paths (more entries than FEW)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from zhoubao.app.search import search
from zhoubao.archive import search as index
from zhoubao.archive.models import Issue, Report, Source
from zhoubao.conf.settings import Settings

pytestmark = pytest.mark.django_db


LONG = "星河计划公布新一批入选项目，" + "各地文化单位申报踊跃，专家评审历时三个月，" * 8


def _report(source: Source, n: int, title: str, text: str, day: date) -> Report:
    return Report.objects.create(url=f"https://many.example.com/{n}.html", title=title, text=text, source=source,
                                 published=datetime(day.year, day.month, day.day, 8, tzinfo=UTC),
                                 fingerprint=f"many{n}")


def test_every_entry_holding_the_phrase_comes_before_those_holding_its_words_apart(home: Settings, issue: Issue) -> None:
    source = Source.objects.create(name="星河网", url="https://many.example.com/feed.xml")
    day = date(2024, 3, 1)
    held = [_report(source, n, f"星河计划第{n}批名单", LONG, day) for n in range(15)]
    apart = [_report(source, 100 + n, f"星河银河计算计划第{n}期", "星河、银河计算、计划；星河与计划。", day) for n in range(300)]
    held += [_report(source, 500 + n, f"星河计划第{n}批名单", LONG, day) for n in range(15)]
    best = _report(source, 900, "星河计划星河计划：星河计划全名单", "星河计划、星河计划与星河计划。", day)
    hits = [h for h in search(home, "星河计划", limit=40) if h.kind == "report"]
    # (Ranked by their words alone, the short texts holding them apart many times would come first.)
    assert len(hits) == 40
    assert hits[0].id == best.pk  # the most occurrences ranks first even though the walk reached few others
    assert {h.id for h in hits[:31]} == {r.pk for r in held} | {best.pk}
    assert {h.id for h in hits[31:]} <= {r.pk for r in apart}


def test_a_date_filter_finds_every_entry_of_its_days_among_newer_ones_indexed_around_them(
        home: Settings, issue: Issue) -> None:
    source = Source.objects.create(name="融资网", url="https://many.example.com/rss.xml")
    old, new = date(2023, 5, 8), date(2024, 9, 2)
    for n in range(200):
        _report(source, n, f"新公司完成第{n}轮融资", "公司宣布完成融资。", new)
    wanted = {_report(source, 1000 + n, f"老公司完成第{n}轮融资", "公司宣布完成融资。", old).pk for n in range(350)}
    for n in range(200):
        _report(source, 2000 + n, f"又一家公司完成第{n}轮融资", "公司宣布完成融资。", new)
    assert len(wanted) > index.FEW  # the filter keeps many: the walked path, not the ranked-in-range one
    hits = search(home, "融资", start=old, end=old, limit=400)
    assert {h.id for h in hits} == wanted
    top = search(home, "融资", start=old, end=old, limit=10)
    assert len(top) == 10 and {h.id for h in top} <= wanted
