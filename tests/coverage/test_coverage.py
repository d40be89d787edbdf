"""The week's coverage (app/coverage, `zhoubao sources report`): exactly the seeded troubles, never the healthy."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.coverage.conftest import WEEK, Seeded
from zhoubao.app.coverage import coverage
from zhoubao.conf.settings import Settings


def _names(rows: list[Any]) -> list[str]:
    return [r.name for r in rows]


def test_the_report_lists_exactly_the_seeded_troubles(home: Settings, seeded: Seeded) -> None:
    cov = coverage(home, seeded.start, seeded.end)
    assert _names(cov.of("silent")) == ["沉默周刊"]
    assert _names(cov.of("failed")) == ["故障网"]
    assert _names(cov.of("disabled")) == ["停用站"]
    assert _names(cov.of("falling")) == ["改版网"]
    assert sorted(_names(cov.of("ok"))) == sorted(["稳定日报", "常规财经"])
    failed = cov.of("failed")[0]
    # The last error is said in Chinese (the English detail of the fetcher is not shown).
    assert "无法连接到该网站" in failed.problem and "network error" not in failed.problem
    assert "HTTP 404" in cov.of("disabled")[0].problem
    falling = cov.of("falling")[0]
    assert falling.week_yield == 0.0 and falling.baseline_yield == 1.0 and "100%" in falling.problem
    assert cov.of("silent")[0].baseline_mean == 3.0 and cov.of("silent")[0].week_reports == 0


def test_silent_and_rising_bodies(home: Settings, seeded: Seeded) -> None:
    cov = coverage(home, seeded.start, seeded.end)
    assert [(e.name, e.weeks_seen) for e in cov.silent_entities] == [("腾讯视频", 4)]
    assert [(e.name, e.week) for e in cov.rising_entities] == [("哔哩哔哩", 4)]
    # 爱奇艺 is named every week (usual and present), 芒果TV only once before (not usual): neither is listed.
    listed = _names(cov.silent_entities) + _names(cov.rising_entities)
    assert "爱奇艺" not in listed and "芒果TV" not in listed


def test_a_week_without_trouble_lists_nothing(home: Settings, seeded: Seeded) -> None:
    """The week before: every enabled source brought reports with text as usual."""
    from zhoubao.archive.models import Source

    Source.objects.filter(name__in=["故障网"]).update(error_count=0, last_error="")
    Source.objects.filter(name="停用站").update(enabled=True, disabled_reason="")
    length = seeded.end - seeded.start
    cov = coverage(home, seeded.start - length, seeded.end - length)
    assert cov.problems == [] and "全部正常" in cov.summary()


def test_volume_fall_is_noticed(home: Settings, seeded: Seeded) -> None:
    from zhoubao.archive.models import Report

    steady = seeded.sources["steady"]
    # Two of its three reports this week vanish: one against a mean of three is not below the default quarter.
    Report.objects.filter(source=steady, published__gte=seeded.start).exclude(
        pk=Report.objects.filter(source=steady, published__gte=seeded.start).order_by("pk").first().pk).delete()
    cov = coverage(home, seeded.start, seeded.end)
    assert "稳定日报" in _names(cov.of("ok"))
    # With volume_drop at 0.5, one report against three a week is a fall.
    import dataclasses

    strict = dataclasses.replace(home, coverage=dataclasses.replace(home.coverage, volume_drop=0.5))
    falling = coverage(strict, seeded.start, seeded.end).of("falling")
    assert _names(falling) == ["稳定日报", "改版网"] and "3.0" in falling[0].problem


def test_json_shape_from_the_command_line(home: Settings, seeded: Seeded, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from zhoubao.cli import main as cli

    monkeypatch.setattr(cli, "open_settings", lambda args, flags=None: home)
    assert cli.main(["sources", "report", "--week", WEEK.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"start", "end", "baseline_weeks", "summary", "silent", "failed", "disabled", "falling", "ok",
                         "silent_entities", "rising_entities"}
    assert data["start"].startswith("2025-06-02") and data["baseline_weeks"] == 8
    assert [s["name"] for s in data["silent"]] == ["沉默周刊"]
    row = data["falling"][0]
    assert set(row) == {"id", "name", "url", "status", "problem", "week_reports", "week_text", "baseline_mean",
                        "week_yield", "baseline_yield"}
    assert row["status"] == "falling" and row["week_reports"] == 3 and row["week_text"] == 0
    assert data["silent_entities"] == [{"name": "腾讯视频", "week": 0, "baseline_mean": 0.5, "weeks_seen": 4}]
    assert [e["name"] for e in data["rising_entities"]] == ["哔哩哔哩"]


def test_table_and_one_line_summary(home: Settings, seeded: Seeded, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    from zhoubao.cli import main as cli

    monkeypatch.setattr(cli, "open_settings", lambda args, flags=None: home)
    assert cli.main(["sources", "report", "--week", WEEK.isoformat()]) == 0
    text = capsys.readouterr().out
    for name in ("沉默周刊", "故障网", "停用站", "改版网", "腾讯视频"):
        assert name in text
    assert "稳定日报" not in text and "常规财经" not in text
    last = text.strip().splitlines()[-1]
    assert last == "6 个来源中本周无新报道 1 个，抓取失败 1 个，已停用 1 个，提取率或报道量下降 1 个；常见机构与公司本周未见 1 个。"


def test_a_bad_week_is_one_chinese_line(home: Settings, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from zhoubao.cli import main as cli

    monkeypatch.setattr(cli, "open_settings", lambda args, flags=None: home)
    assert cli.main(["sources", "report", "--week", "2025-13-40"]) == 2
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err and "Traceback" not in err


def test_settings_out_of_range_are_refused_in_chinese() -> None:
    from zhoubao.conf.settings import ConfigError, CoverageSettings

    with pytest.raises(ConfigError, match="usual_weeks"):
        CoverageSettings(baseline_weeks=8, yield_drop=0.3, volume_drop=0.25, min_reports=5, usual_weeks=9)
    with pytest.raises(ConfigError, match="yield_drop"):
        CoverageSettings(baseline_weeks=8, yield_drop=0, volume_drop=0.25, min_reports=5, usual_weeks=3)
    with pytest.raises(ConfigError, match="baseline_weeks"):
        CoverageSettings(baseline_weeks=0, yield_drop=0.3, volume_drop=0.25, min_reports=5, usual_weeks=1)


def test_the_real_command_on_a_new_home(tmp_path: Any) -> None:
    """`zhoubao sources report` as a user runs it (a child process): a new home has nothing to report."""
    from tests.unit.test_cli import zb

    home = tmp_path / "home"
    assert zb("init", str(home)).returncode == 0
    res = zb("sources", "report", "--json", home=home)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["silent"] == data["failed"] == data["ok"] == data["silent_entities"] == []
    res = zb("sources", "report", "--week", "2025-06-09", home=home)
    assert res.returncode == 0 and res.stdout.strip().splitlines()[-1] == "还没有来源。"
