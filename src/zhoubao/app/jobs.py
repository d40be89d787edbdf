"""Jobs: asking for one (the JobRun bookkeeping), running one (collect a source, build a week, publish an issue)
and what `zhoubao status` and the desk show of them.

The queue (Huey, in zhoubao.jobs) carries a run's id and the ids it was asked with; everything else — state,
progress, the message an editor reads, who runs it — is the JobRun row here. A run is claimed by exactly one
worker (queued → running, a conditional update), so a message delivered twice, or sent again after a worker
stopped, runs once; a run whose worker stops before it ends is handed back (running → queued) and sent again.
"""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone

from zhoubao.app.advice import readable
from zhoubao.archive.models import AuditEntry, Issue, JobRun, ScheduleMark, Source, WorkerBeat, audit
from zhoubao.archive.profiles import sync_profile
from zhoubao.collect.feedworker import WorkerPool
from zhoubao.collect.run import due_sources
from zhoubao.conf.settings import Settings, secret
from zhoubao.errors import DeskError, ZhoubaoError
from zhoubao.net.broker import BrokerError, broker_pool, check_broker
from zhoubao.net.errors import FetchError
from zhoubao.net.politeness import Politeness
from zhoubao.review import workflow

log = logging.getLogger("zhoubao.jobs")

State = JobRun.State
ACTIVE = (State.QUEUED, State.RUNNING)
KINDS = {"collect": "抓取", "build": "生成草稿", "publish": "发布", "send": "发送"}
# A worker beats this often; one silent for WORKER_STALE has stopped (killed, machine gone): its running jobs are
# handed back to the queue by the next tick of any worker. WORKER_STALE is [jobs] stale_after's default: two
# minutes, not seconds: on SQLite a long build transaction holds the write lock, and a beat waiting behind it is
# not a dead worker.
BEAT_EVERY = 5.0
WORKER_STALE = timedelta(minutes=2)


class JobError(ZhoubaoError):
    """A job cannot be asked for or run as asked; the message says why and what to do."""


class Interrupted(Exception):
    """Raised inside a job when its worker stops before it ends: the run is handed back, its transaction undone."""


class Resend(Exception):
    """Raised out of a job whose database connection died under it, once the database answers again: its run is
    back in the queue (`runs`), for the shell to send again. What the job had stored in its open transaction was
    rolled back by the server, so the run starts over: never half-stored."""

    def __init__(self, runs: list[JobRun]) -> None:
        super().__init__(f"resend {[r.pk for r in runs]}")
        self.runs = runs


# How long a job whose connection died waits for the database to answer again before it gives up (the run is then
# left to the tick that hands back runs of silent workers): a restart or a fail-over takes seconds to a minute.
DB_WAIT = 600.0


# -- the queue's address ----------------------------------------------------------------------------------------

def broker_connection(settings: Settings) -> Any:
    """The Redis connection pool for [jobs] broker, through the address guard; JobError when refused."""
    cfg = settings.jobs
    try:
        check_broker(cfg.broker, cfg.allow)
        return broker_pool(cfg.broker, cfg.allow, secret(cfg.password_env))
    except BrokerError as exc:
        raise JobError(str(exc)) from None


def queue_file(settings: Settings) -> str:
    """The embedded queue's SQLite file (when [jobs] broker is empty)."""
    return str(settings.data_dir / "jobs.sqlite3")


def broker_shown(settings: Settings) -> str:
    if not settings.jobs.broker:
        return f"sqlite:{queue_file(settings)}"
    try:
        from zhoubao.net.broker import broker_address

        return broker_address(settings.jobs.broker).shown()
    except BrokerError:
        return "redis（设置有误）"


def worker_name(pid: int) -> str:
    return f"{platform.node() or 'localhost'}:{pid}"


# -- asking for a job -------------------------------------------------------------------------------------------

def record(kind: str, args: dict[str, Any], *, origin: str, user: Any = None, host: str = "",
           message: str = "") -> JobRun:
    """A queued run (the shell then puts its id on the queue)."""
    if kind not in KINDS:
        raise JobError(f"未知的任务类型 {kind}")
    return JobRun.objects.create(kind=kind, args=args, origin=origin, host=host[:300], message=message or "排队中",
                                 user=user if getattr(user, "pk", None) else None)


def active_run(kind: str, **args: Any) -> JobRun | None:
    """The queued or running run of this kind asked with these args, if any (the desk shows it, not a second)."""
    runs = JobRun.objects.filter(kind=kind, state__in=ACTIVE).order_by("id")
    for run in runs[:200]:
        if all(run.args.get(k) == v for k, v in args.items()):
            return run
    return None


def request_build(settings: Settings, issue_date: date, user: Any, *, origin: str = "desk",
                  rebuild: bool = False) -> JobRun:
    """Ask for the draft dated issue_date to be built; while one is on its way, that one is returned. A date in an
    issue's window or an edited draft without rebuild=True is answered now (DateCovered, RebuildRefused)."""
    found = active_run("build", issue_date=issue_date.isoformat())
    if found is not None:
        return found
    from zhoubao.app import build as building

    building.first_look(settings, issue_date, rebuild=rebuild)
    args: dict[str, Any] = {"issue_date": issue_date.isoformat()}
    if rebuild:
        args["rebuild"] = True
    return record("build", args, origin=origin, user=user, message=f"排队中：生成 {issue_date:%Y-%m-%d} 的草稿")


def request_publish(settings: Settings, issue_id: int, user: Any, *, version: int) -> JobRun:
    """Ask for the issue to be published; role, state and version are checked now (DeskError), the rendering
    happens in the job."""
    workflow.permitted("publish", user)  # the role first: a publish on its way is shown only to those who may
    found = active_run("publish", issue_id=issue_id)
    if found is not None:
        return found
    issue = workflow.ready(issue_id, "publish", user, version=version)
    return record("publish", {"issue_id": issue_id, "user_id": user.pk, "version": version}, origin="desk",
                  user=user, message=f"排队中：发布第{issue.number}期")


def request_send(settings: Settings, issue_id: int, user: Any) -> JobRun:
    """Ask for a published issue to be sent to the address book (those who may publish may send); the issue, the
    address book and the mail server are checked now (SendRefused), the sending happens in the job."""
    workflow.permitted("publish", user)
    found = active_run("send", issue_id=issue_id)
    if found is not None:
        return found
    from zhoubao.app.send import check_sendable

    issue = check_sendable(settings, issue_id)
    return record("send", {"issue_id": issue_id, "user_id": user.pk}, origin="desk", user=user,
                  message=f"排队中：发送第{issue.number}期")


def request_collect(source: Source, *, origin: str) -> JobRun:
    return record("collect", {"source_id": source.id}, origin=origin, host=host_of(source),
                  message=f"排队中：抓取 {source.name}")


def host_of(source: Source) -> str:
    """The per-host key of a source ("" for local files, which have no host)."""
    if source.kind == Source.Kind.FILES:
        return ""
    try:
        return Politeness.host_key(source.url)
    except FetchError:
        return ""


# -- running a job ----------------------------------------------------------------------------------------------

@dataclass
class Context:
    """What the worker gives a running job: its name, a shared extraction pool and whether it must stop."""

    worker: str
    stopping: Callable[[], bool] = lambda: False
    pool: WorkerPool | None = None


_POOL: list[WorkerPool] = []


def shared_pool() -> WorkerPool:
    """One pool of extraction processes for every collect job of this worker process (started once)."""
    if not _POOL:
        _POOL.append(WorkerPool())
    return _POOL[0]


def close_pool() -> None:
    while _POOL:
        _POOL.pop().close()


def claim(run_id: int, worker: str) -> JobRun | None:
    """Take the queued run for this worker; None when another took it, it ended, or it is gone."""
    now = timezone.now()
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None or run.state != State.QUEUED:
        return None
    won = JobRun.objects.filter(pk=run_id, state=State.QUEUED).update(
        state=State.RUNNING, worker=worker[:200], started=now, updated=now, attempts=run.attempts + 1,
        progress=0)
    if not won:
        return None
    run.refresh_from_db()
    return run


def set_progress(run: JobRun, percent: int, message: str) -> None:
    """Progress of a running run (only while this worker still holds it)."""
    JobRun.objects.filter(pk=run.pk, state=State.RUNNING, worker=run.worker).update(
        progress=max(0, min(100, int(percent))), message=message[:1000], updated=timezone.now())


def _end(run: JobRun, state: str, message: str, result: dict[str, Any] | None = None) -> bool:
    now = timezone.now()
    done = JobRun.objects.filter(pk=run.pk, state=State.RUNNING, worker=run.worker).update(
        state=state, message=message[:1000], result=result or {}, finished=now, updated=now,
        progress=100 if state == State.DONE else run.progress)
    return bool(done)


def unsent(run: JobRun, message: str) -> None:
    """A queued run that could not be put on the queue ends failed, saying why."""
    now = timezone.now()
    JobRun.objects.filter(pk=run.pk, state=State.QUEUED).update(state=State.FAILED, message=message[:1000],
                                                                 finished=now, updated=now)


def hand_back(run_ids: list[int] | None = None, *, worker: str | None = None) -> list[JobRun]:
    """Running runs (these ids, or all of one worker's) put back in the queue; the shell sends them again."""
    runs = JobRun.objects.filter(state=State.RUNNING)
    if run_ids is not None:
        runs = runs.filter(pk__in=run_ids)
    if worker is not None:
        runs = runs.filter(worker=worker)
    back = []
    for run in runs:
        moved = JobRun.objects.filter(pk=run.pk, state=State.RUNNING, worker=run.worker).update(
            state=State.QUEUED, message="已交回队列：执行它的 worker 停止了，将重新执行", worker="",
            updated=timezone.now())
        if moved:
            run.refresh_from_db()
            back.append(run)
    return back


def fresh_connection() -> None:
    """Drop a connection the database closed or that outlived CONN_MAX_AGE, as a long-lived worker thread must;
    never one inside a transaction a caller opened (a job run inline), whose work would be lost with it."""
    if not connection.in_atomic_block:
        close_old_connections()


def connection_lost(exc: BaseException) -> bool:
    """Whether this error is the database connection gone (server restarted or down, network cut) rather than a
    query that failed on a live connection (a lock timeout, a constraint): only the first is worth a retry."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    if connection.in_atomic_block:  # a job run inline inside a caller's transaction: the caller decides
        return False
    try:
        return connection.connection is None or not connection.is_usable()
    except Exception:
        return True


def wait_for_database(ctx: Context, limit: float = DB_WAIT) -> bool:
    """Reconnect once the database answers again (backing off up to 5 s between tries); False when the worker is
    stopping or the database stayed away for `limit` seconds."""
    end = time.monotonic() + limit
    pause = 0.2
    while not ctx.stopping():
        with suppress(Exception):  # closing a dead connection may itself complain; it is dropped all the same
            connection.close()
        try:
            with connection.cursor() as cur:
                cur.execute("SELECT 1")
            return True
        except (OperationalError, InterfaceError):
            if time.monotonic() > end:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 5.0)
    return False


def _after_lost(run_id: int, kind: str, ctx: Context, exc: BaseException) -> None:
    """The job's connection died: wait for the database, put the run back in the queue and raise Resend."""
    log.warning("数据库连接中断（%s: %s）：%s任务 #%s 等数据库恢复后重新执行", type(exc).__name__,
                str(exc).strip().splitlines()[0] if str(exc).strip() else "", KINDS.get(kind, kind), run_id)
    if not wait_for_database(ctx):
        log.error("数据库仍未恢复：%s任务 #%s 留待重新分派", KINDS.get(kind, kind), run_id)
        raise exc
    log.info("数据库已重新连接：%s任务 #%s 重新放入队列", KINDS.get(kind, kind), run_id)
    back = hand_back([run_id], worker=ctx.worker)
    # A run the job had not claimed yet (the connection died before) is still queued: sent again as it is.
    again = back or list(JobRun.objects.filter(pk=run_id, state=State.QUEUED))
    raise Resend(again) from exc


def outlasting(ctx: Context, step: Callable[[], Any]) -> Any:
    """Run a database step of a job's bookkeeping, once more after the database came back if its connection died
    (queueing a host's next source must not be lost to a restart: the host would wait for the next period)."""
    try:
        return step()
    except (OperationalError, InterfaceError) as exc:
        if not connection_lost(exc) or not wait_for_database(ctx):
            raise
        return step()


@contextmanager
def _running(run_id: int, ctx: Context, kind: str) -> Iterator[JobRun | None]:
    """Claim the run, give it to the body, and record how it ended (done by the body, failed, or handed back).
    A connection that dies under it (the database restarted) hands the run back once the database answers:
    Resend, for the shell to queue it again."""
    fresh_connection()
    try:
        try:
            run = claim(run_id, ctx.worker)
        except (OperationalError, InterfaceError) as exc:
            if connection_lost(exc):
                _after_lost(run_id, kind, ctx, exc)
            raise
        if run is not None and run.kind != kind:
            _end(run, State.FAILED, f"任务类型不符：{run.kind} ≠ {kind}")
            run = None
        try:
            yield run
        except Interrupted:
            pass  # its worker is stopping: the worker hands back (and sends again) every run it still holds
        except ZhoubaoError as exc:
            if _lost_under(exc):
                _after_lost(run_id, kind, ctx, exc)
            if run is not None:
                _end(run, State.FAILED, str(exc).replace("\n", " "))
        except Exception as exc:  # a defect or an outside failure: the run says so, the worker goes on
            if _lost_under(exc):
                _after_lost(run_id, kind, ctx, exc)
            log.exception("job %s #%s failed", kind, run_id)
            if run is not None:
                _end(run, State.FAILED, f"内部错误：{type(exc).__name__}: {exc}（详情见 worker 日志；若是程序缺陷请报告）")
    finally:
        fresh_connection()


def _lost_under(exc: BaseException) -> bool:
    """The connection died under this error, even when a use case wrapped the database's error in its own."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            break
        if isinstance(seen, (OperationalError, InterfaceError)):
            return connection_lost(seen)
        seen = seen.__cause__ or seen.__context__
    return False


def _reporter(run: JobRun, ctx: Context, steps: dict[str, int]) -> Callable[[str], None]:
    """A progress callback for a use case: known step messages move the bar; a stopping worker interrupts."""
    seen = [0]

    def say(message: str) -> None:
        if ctx.stopping():
            raise Interrupted()
        seen[0] = steps.get(message, min(seen[0] + 5, 95))
        set_progress(run, seen[0], message)

    return say


def collect_job(settings: Settings, run_id: int, source_id: int, ctx: Context) -> list[JobRun]:
    """Collect one source; returns the next due source of the same host, queued (one job per host at a time)."""
    follow: list[JobRun] = []
    with _running(run_id, ctx, "collect") as run:
        if run is None:
            return follow
        source = Source.objects.filter(pk=source_id).first()
        if source is None or not source.enabled:
            _end(run, State.DONE, "来源已删除或已停用，未抓取")
        else:
            set_progress(run, 5, f"正在抓取 {source.name}")
            from zhoubao.app.collect import collect  # the stages load in the worker, not in `zhoubao status`

            summary = collect(settings, sources=[source], workers=ctx.pool)
            r = summary.results[0] if summary.results else None
            if r is None or r.skipped:
                _end(run, State.DONE, f"{source.name}：{r.skipped if r else '未抓取'}")
            elif r.error:
                _end(run, State.FAILED, f"{source.name}：{readable(r.error)}", {"source": source.id})
            else:
                extra = f"，失败 {r.failed}" if r.failed else ""
                _end(run, State.DONE, f"{source.name}：{'未更新' if r.unchanged else f'新增 {r.new}，已有 {r.seen}{extra}'}",
                     {"source": source.id, "new": r.new})
        if run.host:
            host = run.host
            follow = outlasting(ctx, lambda: next_for_host(host))
    return follow


HOSTS_LOCK = "collect_hosts"  # the ScheduleMark row whose lock serialises queueing collect jobs


@contextmanager
def hosts_locked() -> Iterator[None]:
    """Which collect jobs to queue is decided by one worker at a time (a row lock on PostgreSQL; on SQLite the
    IMMEDIATE transaction serialises it): a tick queueing the due sources and a job queueing its host's next
    source never both find a host idle and queue two jobs of it (doubling its politeness limit), nor one source
    twice."""
    ScheduleMark.objects.get_or_create(name=HOSTS_LOCK)
    with transaction.atomic():
        ScheduleMark.objects.select_for_update().filter(name=HOSTS_LOCK).first()
        yield


def next_for_host(host: str, now: datetime | None = None) -> list[JobRun]:
    """The next due source of this host, queued, when no collect job of the host is in flight (the host's
    politeness limit holds inside one job; two jobs at once would double it)."""
    with hosts_locked():
        if JobRun.objects.filter(kind="collect", host=host, state__in=ACTIVE).exists():
            return []
        busy = {r.get("source_id") for r in JobRun.objects.filter(kind="collect", state__in=ACTIVE)
                .values_list("args", flat=True)}
        for source in due_sources(now=now)[0]:
            if source.id not in busy and host_of(source) == host and not _waiting(source, now):
                return [request_collect(source, origin="schedule")]
        return []


def _waiting(source: Source, now: datetime | None) -> bool:
    """The site asked us to wait (Retry-After) and that time has not come."""
    return bool(source.retry_after_until and source.retry_after_until > (now or timezone.now()))


BUILD_STEPS = {"选取窗口内的报道": 10, "规范化与合并同一事件": 25, "分类、排序与起草": 55, "编排本期": 85}


def build_job(settings: Settings, run_id: int, issue_date: str, ctx: Context, *, scheduled: bool = False,
              rebuild: bool = False) -> None:
    """Build (or rebuild) the draft of that date; a scheduled build leaves an issue of that date as it is."""
    with _running(run_id, ctx, "build") as run:
        if run is None:
            return
        when = date.fromisoformat(issue_date)
        if scheduled:
            profile = sync_profile(settings)
            there = Issue.objects.filter(profile=profile, date=when).order_by("-number").first()
            if there is not None:
                _end(run, State.DONE, f"第{there.number}期（{when:%Y-%m-%d}）已存在，未重新生成",
                     {"issue": there.pk, "number": there.number})
                return
        from zhoubao.app import build as building

        who = run.user
        try:
            res = building.build(settings, issue_date=when, rebuild=rebuild, user=who,
                                 actor=workflow.actor(who) if who is not None else "worker",
                                 progress=_reporter(run, ctx, BUILD_STEPS))
        except building.NoReports as exc:  # read in the desk: no command-line flags in it
            _end(run, State.FAILED, exc.desk)
            return
        if res.kept:
            message = f"已重新生成第{res.issue.number}期：编辑过的条目全部保留，新报道已加入候选。"
        else:
            message = (f"已{'重新' if res.rebuilt else ''}生成第{res.issue.number}期草稿：报道 {res.reports} 篇，"
                       f"条目 {res.items} 条。")
        if scheduled:
            audit("scheduled_build", actor="worker", issue=res.issue,
                  after={"number": res.issue.number, "date": issue_date, "items": res.items, "run": run.pk})
        _end(run, State.DONE, message, {"issue": res.issue.pk, "number": res.issue.number})


def publish_job(settings: Settings, run_id: int, issue_id: int, user_id: int, version: int, ctx: Context) -> None:
    """Render every format and publish, as the user who asked (their role is checked again now)."""
    with _running(run_id, ctx, "publish") as run:
        if run is None:
            return
        issue = Issue.objects.filter(pk=issue_id).first()
        if issue is None:
            raise DeskError("这一期已被删除，未发布")
        if issue.state == Issue.State.PUBLISHED:
            _end(run, State.DONE, f"第{issue.number}期已发布", {"issue": issue.pk, "number": issue.number})
            return
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            raise DeskError("发起发布的用户已不存在，未发布")
        from zhoubao.app import publish as publishing

        names = publishing.formats()
        say = _reporter(run, ctx, {f"生成 {n.upper()}": 10 + 80 * i // max(1, len(names)) for i, n in enumerate(names)})
        result = publishing.publish(settings, issue_id, user, version=version, progress=say)
        failed = [f for f in result.get("files", []) if "error" in f]
        note = "；未生成：" + "、".join(f"{f['format']}（{f['error']}）" for f in failed) if failed else ""
        _end(run, State.DONE, f"已发布第{issue.number}期。{note}", {"issue": issue.pk, "number": issue.number})


def send_job(settings: Settings, run_id: int, issue_id: int, user_id: int, ctx: Context) -> None:
    """Send the published issue to everyone in the address book not sent it yet (the ledger: app/send.py); a run
    stopped midway is resumed by the next one."""
    with _running(run_id, ctx, "send") as run:
        if run is None:
            return
        issue = Issue.objects.filter(pk=issue_id).first()
        if issue is None:
            raise DeskError("这一期已被删除，未发送")
        user = get_user_model().objects.filter(pk=user_id).first()
        from zhoubao.app.send import send_issue
        from zhoubao.app.webhooks import channels, push_issue

        actor = user.get_username() if user is not None else "编辑台"
        email, robots = channels(settings, "")
        said, sent, failed = [], 0, 0
        for wanted, go in ((email, send_issue), (robots, push_issue)):
            if wanted:
                report = go(settings, issue.number, progress=_reporter(run, ctx, {}), actor=actor)
                said.append(report.summary)
                sent, failed = sent + report.sent, failed + report.failed
        _end(run, State.DONE, f"第{issue.number}期：{'；'.join(said)}",
             {"issue": issue.pk, "number": issue.number, "sent": sent, "failed": failed})


# -- workers ----------------------------------------------------------------------------------------------------

def beat(name: str, *, pid: int, threads: int, started: datetime, stopping: bool = False) -> None:
    """The worker is alive (every BEAT_EVERY seconds)."""
    fresh_connection()
    host = name.rsplit(":", 1)[0]
    WorkerBeat.objects.update_or_create(name=name, defaults={
        "host": host[:200], "pid": pid, "threads": threads, "started": started, "seen": timezone.now(),
        "stopping": stopping})


def now() -> datetime:
    return timezone.now()


def worker_gone(name: str) -> None:
    WorkerBeat.objects.filter(name=name).delete()


def live_workers(now: datetime | None = None, stale: timedelta = WORKER_STALE) -> list[WorkerBeat]:
    now = now or timezone.now()
    return list(WorkerBeat.objects.filter(seen__gte=now - stale).order_by("name"))


# -- what the desk and `zhoubao status` show --------------------------------------------------------------------

@dataclass
class RunView:
    """A run as the desk's progress fragment shows it."""

    id: int
    kind: str
    label: str
    state: str
    state_label: str
    progress: int
    message: str
    active: bool
    failed: bool
    issue: int | None
    created: datetime
    started: datetime | None
    finished: datetime | None
    waiting_for_worker: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def view(run: JobRun, *, workers: int | None = None) -> RunView:
    issue = run.result.get("issue") if isinstance(run.result, dict) else None
    if issue is None and run.kind in ("publish", "send"):
        issue = run.args.get("issue_id")
    alive = len(live_workers()) if workers is None else workers
    return RunView(run.pk, run.kind, KINDS.get(run.kind, run.kind), run.state, run.get_state_display(),
                   run.progress, run.message, run.active, run.state == State.FAILED, issue, run.created,
                   run.started, run.finished, waiting_for_worker=run.state == State.QUEUED and alive == 0)


def find(run_id: int) -> JobRun | None:
    return JobRun.objects.filter(pk=run_id).first()


def iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def run_json(run: JobRun) -> dict[str, Any]:
    return {"id": run.pk, "kind": run.kind, "state": run.state, "progress": run.progress, "message": run.message,
            "args": run.args, "origin": run.origin, "worker": run.worker, "attempts": run.attempts,
            "created": iso(run.created), "started": iso(run.started), "finished": iso(run.finished)}


def notices(now: datetime | None = None, *, days: int = 7) -> list[dict[str, Any]]:
    """What the schedule did that editors and reviewers should see: weekly drafts, reminders, failed scheduled
    builds (newest first)."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    out: list[dict[str, Any]] = []
    for e in (AuditEntry.objects.filter(action__in=("scheduled_build", "remind_review"), when__gte=since)
              .select_related("issue")[:20]):
        if e.issue is None:
            continue
        if e.action == "scheduled_build":
            text = f"第{e.issue.number}期草稿已按计划自动生成，请责编审阅。"
        else:
            hours = (e.after or {}).get("waiting_hours", "")
            text = f"第{e.issue.number}期已等待复核 {hours} 小时，请复核人处理。"
        out.append({"when": e.when, "text": text, "issue": e.issue.pk, "kind": e.action})
    for run in JobRun.objects.filter(origin="schedule", kind="build", state=State.FAILED, finished__gte=since)[:5]:
        out.append({"when": run.finished, "text": f"按计划生成草稿失败：{run.message}", "issue": None,
                    "kind": "scheduled_build_failed"})
    out.sort(key=lambda n: n["when"], reverse=True)
    return out
