"""Issue 15's speed: the coverage of a window is counted once per change of its reports (zhoubao.app.derived),
shared by the desk's processes and prepared by the build — and never served stale: a report arriving in the
window, a deleted source, a source's state, a changed lexicon all show at once; an edited item shows in 趋势."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from tests.coverage.conftest import Seeded, _report
from zhoubao.app import coverage as coverage_module
from zhoubao.app.build import prepare_desk
from zhoubao.app.coverage import coverage
from zhoubao.archive.models import Derived, Item, Source
from zhoubao.conf.settings import Settings


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the reports were counted (a stored result read back is not a count)."""
    calls: list[int] = []
    real = coverage_module._count

    def count(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(coverage_module, "_count", count)
    return calls


def _panel(client: Any, seeded: Seeded) -> str:
    return str(client.get(reverse("issue_coverage", args=[seeded.issue.pk]), HTTP_HX_REQUEST="true").content.decode())


def test_counted_once_then_read_back_the_same(home: Settings, seeded: Seeded, counted: list[int]) -> None:
    first = coverage(home, seeded.start, seeded.end).as_json()
    again = coverage(home, seeded.start, seeded.end).as_json()
    assert first == again and len(counted) == 1
    assert Derived.objects.count() == 1


def test_a_report_arriving_in_the_window_changes_the_panel(as_editor: Any, seeded: Seeded, counted: list[int]) -> None:
    panel = _panel(as_editor, seeded)
    assert "沉默周刊" in panel and "腾讯视频" in panel
    assert len(counted) == 1 and _panel(as_editor, seeded) == panel and len(counted) == 1
    # 沉默周刊 publishes again this week, naming 腾讯视频: neither is silent any more.
    _report(seeded.sources["quiet"], 5000, seeded.start + timedelta(hours=50), "腾讯视频本周发布新片单")
    after = _panel(as_editor, seeded)
    assert len(counted) == 2
    assert "沉默周刊" not in after and "腾讯视频" not in after
    # The older result of the window was replaced, not kept beside the new one.
    assert Derived.objects.count() == 1


def test_a_report_outside_the_window_counts_nothing_again(home: Settings, seeded: Seeded, counted: list[int]) -> None:
    coverage(home, seeded.start, seeded.end)
    _report(seeded.sources["steady"], 5001, seeded.end + timedelta(days=3), "下周的报道")
    coverage(home, seeded.start, seeded.end)
    assert len(counted) == 1


def test_a_sources_state_shows_at_once(home: Settings, seeded: Seeded, counted: list[int]) -> None:
    assert [s.name for s in coverage(home, seeded.start, seeded.end).of("failed")] == ["故障网"]
    Source.objects.filter(pk=seeded.sources["broken"].pk).update(error_count=0, last_error="")
    Source.objects.filter(pk=seeded.sources["off"].pk).update(enabled=True, disabled_reason="")
    cov = coverage(home, seeded.start, seeded.end)
    assert cov.of("failed") == [] and cov.of("disabled") == [] and len(counted) == 1


def test_a_deleted_source_lends_its_counts_to_none(home: Settings, seeded: Seeded, counted: list[int]) -> None:
    """A deleted source's reports lose it; a source added after may even get its id back (SQLite reuses the
    highest): it must start from nothing, not from the counts of the one before."""
    last = Source.objects.order_by("-id").first()
    assert last is not None
    before = {s.name: s.week_reports for s in coverage(home, seeded.start, seeded.end).sources}
    assert before[last.name] > 0
    last_id = last.id
    last.delete()
    new = Source.objects.create(id=last_id, name="新来源", url="https://new.example.com/feed.xml")
    after = {s.name: (s.week_reports, s.baseline_mean) for s in coverage(home, seeded.start, seeded.end).sources}
    assert after["新来源"] == (0, 0.0) and last.name not in after and new.id == last_id
    assert len(counted) == 2


def test_a_changed_lexicon_finds_names_again(home: Settings, seeded: Seeded, counted: list[int]) -> None:
    import dataclasses

    coverage(home, seeded.start, seeded.end)
    spec = dataclasses.replace(home.profile, lexicon={"companies": ["改版集团=改版网"]})
    coverage(dataclasses.replace(home, profile=spec), seeded.start, seeded.end)
    assert len(counted) == 2
    named = Derived.objects.get().value["named"]
    assert named["改版集团"] == [3] * 9  # named in the titles of its three reports a week


def test_the_build_prepares_the_panel(as_editor: Any, home: Settings, seeded: Seeded, counted: list[int]) -> None:
    prepare_desk(home, seeded.issue)
    assert len(counted) == 1
    assert "沉默周刊" in _panel(as_editor, seeded)
    assert len(counted) == 1  # the editor's request read what the build counted


def test_an_edited_item_changes_trends(as_editor: Any, seeded: Seeded) -> None:
    """趋势 counts items per section per week: moving an item to another section moves its bar."""
    import xml.etree.ElementTree as ET

    def this_week() -> dict[str, str]:
        page = as_editor.get(reverse("trends"), {"week": "2025-06-09"}).content.decode()
        out = {}
        for svg in re.findall(r"<svg .*?</svg>", page, flags=re.S):
            root = ET.fromstring(svg)
            title = root.find("{http://www.w3.org/2000/svg}title")
            desc = root.find("{http://www.w3.org/2000/svg}desc")
            if title is not None and desc is not None and "近 13 周" in (title.text or ""):
                out[(title.text or "").split("：")[0]] = (desc.text or "").rsplit("、", 1)[-1]
        return out

    before = this_week()
    item = Item.objects.filter(issue=seeded.issue).order_by("order").first()
    assert item is not None
    first, second = list(before)
    assert item.section == first and before == {first: "6/9 3 条", second: "6/9 1 条"}
    Item.objects.filter(pk=item.pk).update(section=second)
    assert this_week() == {first: "6/9 2 条", second: "6/9 2 条"}
