"""The schedule: the database is the scheduler (as Miniflux's is). Every worker ticks once a minute; a tick

- hands back the jobs of workers that stopped without finishing them (and sends again runs whose message was lost),
- every [schedule] collect_every, turns the due sources — next check passed, enabled, not waiting for a site's
  Retry-After, no collect job of their host in flight — into one collect job each,
- at [schedule] build_at (a weekday and a time in the profile's time zone) queues the week's draft,
- reminds reviewers of an issue waiting in review longer than [schedule] remind_after.

Each periodic duty keeps its last run in a ScheduleMark row, advanced by a conditional update: of several workers
ticking at the same moment one wins each period, and a restarted worker neither repeats nor forgets a duty.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from zhoubao.app.jobs import (
    ACTIVE,
    KINDS,
    WORKER_STALE,
    State,
    broker_shown,
    hand_back,
    host_of,
    hosts_locked,
    iso,
    live_workers,
    record,
    request_collect,
    run_json,
)
from zhoubao.archive.models import (
    AuditEntry,
    Issue,
    IssueSignoff,
    JobRun,
    Report,
    ScheduleMark,
    Source,
    audit,
)
from zhoubao.collect.run import due_sources
from zhoubao.conf.settings import Settings

# Huey's scheduler wakes each minute, give or take a queue's delay: a period counts as come this much early.
TICK_SLACK = timedelta(seconds=15)
# A worker that was down at build_at still builds the week's draft if it starts within this; later, editors
# build it from the desk (an issue built days late by surprise helps nobody).
BUILD_GRACE = timedelta(hours=12)
# A queued run nobody has touched this long is sent again (its message may have been lost with a worker or a
# broker); a run delivered twice still runs once (JobRun claim).
RESEND_AFTER = timedelta(minutes=15)


def tick(settings: Settings, now: datetime | None = None) -> list[JobRun]:
    """One beat of the scheduler; returns the runs the shell must put on the queue."""
    now = now or timezone.now()
    runs = orphans(now, timedelta(seconds=settings.jobs.stale_after))
    if _advance("collect", now, settings.schedule.every):
        runs += queue_due_sources(now)
    runs += queue_weekly_build(settings, now)
    remind_reviewers(settings, now)
    return runs


def _advance(name: str, now: datetime, every: timedelta) -> bool:
    """True when this tick wins the period of `name` (its mark is moved to now); False when it is not due or
    another worker took it."""
    mark, _ = ScheduleMark.objects.get_or_create(name=name)
    if mark.last is not None and now < mark.last + every - TICK_SLACK:
        return False
    same = ScheduleMark.objects.filter(pk=mark.pk)
    same = same.filter(last__isnull=True) if mark.last is None else same.filter(last=mark.last)
    return bool(same.update(last=now))


def orphans(now: datetime, silent: timedelta = WORKER_STALE) -> list[JobRun]:
    """Runs left running by a worker silent for `silent` ([jobs] stale_after), handed back; queued runs untouched
    for long, sent again."""
    alive = {w.name for w in live_workers(now, silent)}
    stale = [r.pk for r in JobRun.objects.filter(state=State.RUNNING, updated__lt=now - silent)
             if r.worker not in alive]
    back = hand_back(stale) if stale else []
    lost = list(JobRun.objects.filter(state=State.QUEUED, updated__lt=now - RESEND_AFTER).order_by("id")[:500])
    if lost:
        JobRun.objects.filter(pk__in=[r.pk for r in lost]).update(updated=now)
    return back + lost


def queue_due_sources(now: datetime) -> list[JobRun]:
    """One collect job for each due source, one host at a time (the rest of a host follow its first one)."""
    with hosts_locked():  # a job ending now queues its host's next source before or after this, not meanwhile
        active = list(JobRun.objects.filter(kind="collect", state__in=ACTIVE).values_list("host", "args"))
        busy_hosts = {host for host, _ in active if host}
        busy_sources = {args.get("source_id") for _, args in active}
        out = []
        for source in due_sources(now=now)[0]:
            if source.id in busy_sources:
                continue
            if source.retry_after_until and source.retry_after_until > now:
                continue
            host = host_of(source)
            if host and host in busy_hosts:
                continue
            out.append(request_collect(source, origin="schedule"))
            if host:
                busy_hosts.add(host)
        return out


def build_slot(settings: Settings, now: datetime) -> datetime | None:
    """The latest build_at moment at or before now, in the profile's time zone; None when build_at is ""."""
    when = settings.schedule.build_time
    if when is None:
        return None
    weekday, at = when
    local = now.astimezone(ZoneInfo(settings.timezone))
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    slot = datetime.combine(day, at, tzinfo=local.tzinfo)
    if slot > local:
        slot -= timedelta(days=7)
    return slot


def queue_weekly_build(settings: Settings, now: datetime) -> list[JobRun]:
    """The week's draft, once per build_at (dated the day of the slot); nothing when it is not time."""
    slot = build_slot(settings, now)
    if slot is None or now - slot > BUILD_GRACE:
        return []
    mark, _ = ScheduleMark.objects.get_or_create(name="build")
    if mark.last is not None and mark.last >= slot:
        return []
    same = ScheduleMark.objects.filter(pk=mark.pk)
    same = same.filter(last__isnull=True) if mark.last is None else same.filter(last=mark.last)
    if not same.update(last=now):
        return []  # another worker queued it
    day = slot.date().isoformat()
    return [record("build", {"issue_date": day, "scheduled": True}, origin="schedule",
                   message=f"排队中：按计划生成 {day} 的草稿")]


def remind_reviewers(settings: Settings, now: datetime) -> int:
    """An audit entry (shown in the desk as a notice) for each issue waiting in review longer than remind_after,
    once per remind_after; returns how many were reminded."""
    wait = settings.schedule.remind
    if wait is None:
        return 0
    count = 0
    for sign in (IssueSignoff.objects.filter(issue__state=Issue.State.IN_REVIEW, submitted_at__lte=now - wait)
                 .select_related("issue")):
        assert sign.submitted_at is not None
        last = (AuditEntry.objects.filter(issue=sign.issue, action="remind_review", when__gte=sign.submitted_at)
                .order_by("-when").values_list("when", flat=True).first())
        if last is not None and now < last + wait:
            continue
        hours = int((now - sign.submitted_at).total_seconds() // 3600)
        audit("remind_review", actor="worker", issue=sign.issue,
              after={"waiting_hours": hours, "submitted_at": sign.submitted_at.isoformat()})
        count += 1
    return count


def next_runs(settings: Settings, now: datetime) -> dict[str, datetime | None]:
    """When the schedule will next look for due sources, build the week's draft, and check a source."""
    mark = ScheduleMark.objects.filter(name="collect").values_list("last", flat=True).first()
    collect = (mark + settings.schedule.every) if mark else None
    slot = build_slot(settings, now)
    build = slot + timedelta(days=7) if slot is not None else None
    check = (Source.objects.filter(enabled=True, next_check__isnull=False).order_by("next_check")
             .values_list("next_check", flat=True).first())
    never = Source.objects.filter(enabled=True, next_check__isnull=True).exists()
    return {"collect_tick": collect, "weekly_build": build, "source_check": now if never else check}


def status(settings: Settings, *, queue_depth: int | None, now: datetime | None = None) -> dict[str, Any]:
    """Everything `zhoubao status` shows, as plain JSON-able values (the JSON has a top-level `reports` count)."""
    now = now or timezone.now()
    counts = dict(JobRun.objects.filter(state__in=ACTIVE).values_list("state").annotate(n=Count("id")))
    running = list(JobRun.objects.filter(state=State.RUNNING).order_by("started", "id")[:50])
    last: dict[str, Any] = {}
    for kind in KINDS:
        run = (JobRun.objects.filter(kind=kind, state__in=(State.DONE, State.FAILED))
               .order_by("-finished", "-id").first())
        last[kind] = run_json(run) if run else None
    marks = {m.name: m.last for m in ScheduleMark.objects.all()}
    failing = Source.objects.filter(Q(error_count__gt=0) | Q(enabled=False)).order_by("-error_count", "id")
    failed_24h = JobRun.objects.filter(state=State.FAILED, finished__gte=now - timedelta(days=1)).count()
    return {
        "home": str(settings.home),
        "broker": broker_shown(settings),
        "queue": {"depth": queue_depth, "queued": counts.get(State.QUEUED, 0),
                  "running": counts.get(State.RUNNING, 0), "failed_24h": failed_24h},
        "workers": [{"name": w.name, "threads": w.threads, "started": iso(w.started), "seen": iso(w.seen),
                     "stopping": w.stopping} for w in live_workers(now)],
        "running": [run_json(r) for r in running],
        "last_runs": {**last, "collect_tick": iso(marks.get("collect")), "weekly_build": iso(marks.get("build"))},
        "next_runs": {k: iso(v) for k, v in next_runs(settings, now).items()},
        "failing_sources": [{"id": s.id, "name": s.name, "url": s.url, "enabled": s.enabled,
                             "error_count": s.error_count, "last_error": s.last_error,
                             "disabled_reason": s.disabled_reason} for s in failing[:100]],
        "sources": Source.objects.count(),
        "enabled_sources": Source.objects.filter(enabled=True).count(),
        "reports": Report.objects.count(),
        "issues": Issue.objects.count(),
        "issues_by_state": dict(Issue.objects.values_list("state").annotate(n=Count("id"))),
    }
