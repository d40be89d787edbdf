"""The database is the scheduler: due sources become one collect job each (one host at a time), build_at builds the
week's draft once, reviewers are reminded, stopped workers' jobs are handed back, a run is claimed once."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from zhoubao.app import jobs as app_jobs
from zhoubao.app import schedule
from zhoubao.archive.models import AuditEntry, Issue, IssueSignoff, JobRun, ScheduleMark, Source, WorkerBeat
from zhoubao.conf.settings import ConfigError, ScheduleSettings, Settings, load

pytestmark = pytest.mark.django_db


@pytest.fixture
def home() -> Settings:
    s = load(Path(os.environ["ZHOUBAO_HOME"]), env={})
    return dataclasses.replace(s, schedule=ScheduleSettings("30m", "mon 07:30", "1d"))


def _zone(s: Settings) -> ZoneInfo:
    return ZoneInfo(s.timezone)


def _sources() -> dict[str, Source]:
    past = datetime(2025, 6, 1, tzinfo=UTC)
    made = {
        "a1": Source.objects.create(name="a1", url="https://a.example.com/1.xml"),
        "a2": Source.objects.create(name="a2", url="https://a.example.com/2.xml", next_check=past),
        "a3": Source.objects.create(name="a3", url="https://a.example.com/3.xml"),
        "b1": Source.objects.create(name="b1", url="https://b.example.com/rss", next_check=past),
        "off": Source.objects.create(name="off", url="https://c.example.com/rss", enabled=False),
        "later": Source.objects.create(name="later", url="https://d.example.com/rss",
                                       next_check=datetime(2099, 1, 1, tzinfo=UTC)),
        "wait": Source.objects.create(name="wait", url="https://e.example.com/rss",
                                      retry_after_until=datetime(2099, 1, 1, tzinfo=UTC)),
    }
    return made


def _finish(run: JobRun) -> None:
    JobRun.objects.filter(pk=run.pk).update(state=JobRun.State.DONE, finished=timezone.now())


def test_due_sources_become_one_job_each_one_host_at_a_time(home: Settings) -> None:
    src = _sources()
    now = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)
    runs = schedule.tick(home, now)
    # a.example.com has three due sources but gets one job; the disabled, not-yet-due and Retry-After ones none.
    assert sorted(r.args["source_id"] for r in runs) == sorted([src["a1"].id, src["b1"].id])
    assert {r.kind for r in runs} == {"collect"} and all(r.origin == "schedule" for r in runs)
    assert {r.host for r in runs} == {"https://a.example.com:443", "https://b.example.com:443"}
    # Another worker ticking at the same moment gets nothing: the mark was taken.
    assert schedule.tick(home, now) == []
    # Ten minutes later the period has not come; the host's next source waits for its first one anyway.
    assert schedule.tick(home, now + timedelta(minutes=10)) == []
    # When a host's job ends, its next due source follows at once (not a whole period later).
    a_run = next(r for r in runs if r.args["source_id"] == src["a1"].id)
    _finish(a_run)
    follow = app_jobs.next_for_host(a_run.host, now)
    assert [r.args["source_id"] for r in follow] == [src["a1"].id]  # a1 was never checked: still due
    Source.objects.filter(pk=src["a1"].id).update(next_check=now + timedelta(hours=1))
    _finish(follow[0])
    follow = app_jobs.next_for_host(a_run.host, now)
    assert [r.args["source_id"] for r in follow] == [src["a2"].id]
    # A source with a job on its way is never queued twice.
    assert all(r.args["source_id"] != src["a2"].id for r in schedule.queue_due_sources(now))


def test_collect_every_spaces_the_ticks(home: Settings) -> None:
    _sources()
    t0 = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)
    assert schedule.tick(home, t0)
    JobRun.objects.update(state=JobRun.State.DONE)
    assert schedule.tick(home, t0 + timedelta(minutes=29)) == []
    assert schedule.tick(home, t0 + timedelta(minutes=30))  # a minute's tick a little early still counts
    assert ScheduleMark.objects.get(name="collect").last == t0 + timedelta(minutes=30)


@pytest.mark.parametrize(("value", "ok"), [("30m", True), ("1m", True), ("2h", True), ("59s", False),
                                            ("0.5m", False), ("soon", False), ("", False)])
def test_collect_every_is_checked(tmp_path: Path, value: str, ok: bool) -> None:
    env = {"ZHOUBAO_SCHEDULE_COLLECT_EVERY": value}
    if ok:
        assert load(tmp_path, env=env).schedule.every >= timedelta(minutes=1)
    else:
        with pytest.raises(ConfigError, match="collect_every"):
            load(tmp_path, env=env)


@pytest.mark.parametrize("value", ["monday 7:30", "mon 25:00", "07:30", "xyz 07:30"])
def test_build_at_is_checked(tmp_path: Path, value: str) -> None:
    (tmp_path / "zhoubao.toml").write_text(f'[schedule]\nbuild_at = "{value}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="build_at"):
        load(tmp_path, env={})


def test_build_at_queues_the_weeks_draft_once(home: Settings) -> None:
    tz = _zone(home)
    monday = datetime(2025, 6, 9, 7, 29, tzinfo=tz)
    assert schedule.queue_weekly_build(home, monday) == []  # a minute early
    assert schedule.queue_weekly_build(home, monday - timedelta(days=3)) == []
    runs = schedule.queue_weekly_build(home, monday + timedelta(minutes=2))
    assert [(r.kind, r.args) for r in runs] == [("build", {"issue_date": "2025-06-09", "scheduled": True})]
    assert schedule.queue_weekly_build(home, monday + timedelta(minutes=3)) == []  # once
    assert schedule.queue_weekly_build(home, monday + timedelta(days=3)) == []
    # The next Monday: again; a worker that starts half a day after the slot does not build by surprise.
    assert len(schedule.queue_weekly_build(home, monday + timedelta(days=7, minutes=5))) == 1
    assert schedule.queue_weekly_build(home, monday + timedelta(days=14, hours=13)) == []
    never = dataclasses.replace(home, schedule=ScheduleSettings("30m", "", "1d"))
    assert schedule.queue_weekly_build(never, monday + timedelta(days=21, minutes=1)) == []
    nxt = schedule.next_runs(home, monday + timedelta(days=1))["weekly_build"]
    assert nxt == datetime(2025, 6, 16, 7, 30, tzinfo=tz)


def test_build_at_produces_a_draft_and_tells_the_editors(home: Settings) -> None:
    from tests.desk.conftest import make_week

    make_week()
    runs = schedule.queue_weekly_build(home, datetime(2025, 6, 9, 7, 31, tzinfo=_zone(home)))
    ctx = app_jobs.Context(worker="test:1")
    app_jobs.build_job(home, runs[0].pk, **{k: v for k, v in runs[0].args.items()}, ctx=ctx)
    run = JobRun.objects.get(pk=runs[0].pk)
    assert run.state == "done" and run.progress == 100, run.message
    issue = Issue.objects.get(pk=run.result["issue"])
    assert issue.date.isoformat() == "2025-06-09" and issue.state == "draft" and issue.items.exists()
    assert AuditEntry.objects.filter(issue=issue, action="scheduled_build", actor="worker").exists()
    notes = app_jobs.notices(timezone.now())
    assert any("按计划自动生成" in n["text"] and n["issue"] == issue.pk for n in notes)
    # A second scheduled build of that date leaves the issue (and an editor's work on it) as it is.
    again = app_jobs.record("build", {"issue_date": "2025-06-09", "scheduled": True}, origin="schedule")
    app_jobs.build_job(home, again.pk, "2025-06-09", ctx, scheduled=True)
    again.refresh_from_db()
    assert again.state == "done" and "已存在" in again.message
    assert Issue.objects.count() == 1 and Issue.objects.get().version == issue.version


def test_a_scheduled_build_without_reports_fails_with_a_message_editors_see(home: Settings) -> None:
    run = app_jobs.record("build", {"issue_date": "2020-01-06", "scheduled": True}, origin="schedule")
    app_jobs.build_job(home, run.pk, "2020-01-06", app_jobs.Context(worker="test:1"), scheduled=True)
    run.refresh_from_db()
    assert run.state == "failed" and "没有报道" in run.message
    assert any("按计划生成草稿失败" in n["text"] for n in app_jobs.notices())


def test_reviewers_are_reminded_once_per_period(home: Settings, users: dict[str, Any], issue: Issue) -> None:
    now = timezone.now()
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.IN_REVIEW)
    IssueSignoff.objects.create(issue=issue, submitted_by=users["editor"], submitted_at=now - timedelta(hours=20))
    assert schedule.remind_reviewers(home, now) == 0  # not a day yet
    assert schedule.remind_reviewers(home, now + timedelta(hours=5)) == 1
    assert schedule.remind_reviewers(home, now + timedelta(hours=6)) == 0
    entry = AuditEntry.objects.get(issue=issue, action="remind_review")
    assert entry.actor == "worker" and entry.after["waiting_hours"] >= 24
    assert any("等待复核" in n["text"] for n in app_jobs.notices(now + timedelta(hours=6)))
    assert schedule.remind_reviewers(home, entry.when + timedelta(days=1, minutes=1)) == 1


def test_a_run_is_claimed_once_and_a_stopped_workers_run_is_handed_back(home: Settings) -> None:
    run = app_jobs.record("build", {"issue_date": "2025-06-09"}, origin="desk")
    assert app_jobs.claim(run.pk, "w:1") is not None
    assert app_jobs.claim(run.pk, "w:2") is None  # the same message delivered twice runs once
    now = timezone.now()
    # Its worker beats: nothing is handed back.
    WorkerBeat.objects.create(name="w:1", host="w", pid=1, started=now, seen=now)
    JobRun.objects.filter(pk=run.pk).update(updated=now - timedelta(minutes=5))
    assert schedule.orphans(now) == []
    # The worker went silent (killed): its run goes back to the queue and is sent again.
    WorkerBeat.objects.filter(name="w:1").update(seen=now - timedelta(minutes=5))
    back = schedule.orphans(now)
    assert [r.pk for r in back] == [run.pk]
    run.refresh_from_db()
    assert run.state == "queued" and run.worker == "" and "交回" in run.message
    again = app_jobs.claim(run.pk, "w:3")
    assert again is not None and again.attempts == 2
    # A progress or an end written by the old worker changes nothing now.
    stale = JobRun(pk=run.pk, worker="w:1", progress=0)
    app_jobs.set_progress(stale, 50, "旧的进度")
    run.refresh_from_db()
    assert run.worker == "w:3" and run.message != "旧的进度"


def test_queued_runs_nobody_touched_are_sent_again(home: Settings) -> None:
    run = app_jobs.record("build", {"issue_date": "2025-06-09"}, origin="desk")
    now = timezone.now()
    assert schedule.orphans(now) == []
    assert [r.pk for r in schedule.orphans(now + schedule.RESEND_AFTER + timedelta(seconds=1))] == [run.pk]
