"""The queue of this home (Huey) and its task functions: each takes ids and calls one use case in zhoubao.app.

SqliteHuey in data/jobs.sqlite3 when [jobs] broker is empty; RedisHuey over a connection pool whose connections
pass the address guard ([jobs] broker and [jobs] allow) otherwise. Messages carry a JobRun's id and the ids it was
asked with — never an object of the archive; the run's state and progress live in the database (app/jobs.py).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, TaskWrapper

from zhoubao.app import jobs as app_jobs
from zhoubao.app import schedule
from zhoubao.archive.models import JobRun
from zhoubao.conf.settings import Settings, active

log = logging.getLogger("zhoubao.jobs")
QUEUE_NAME = "zhoubao"


@dataclass
class Queue:
    """The Huey instance of this process's home and its tasks by JobRun kind."""

    huey: Huey
    settings: Settings
    tasks: dict[str, TaskWrapper]
    context: app_jobs.Context

    def send(self, runs: Iterable[JobRun]) -> None:
        """Put queued runs on the queue (their kind's task, with the ids they were asked with)."""
        for run in runs:
            self.tasks[run.kind](run.id, **run.args)

    def submit(self, run: JobRun) -> JobRun:
        """Put one run on the queue; a queue that cannot be reached fails the run with the reason (the desk
        shows it) instead of leaving it waiting for nothing."""
        try:
            self.send([run])
        except Exception as exc:
            log.exception("cannot enqueue run %s", run.pk)
            app_jobs.unsent(run, f"无法放入任务队列（{app_jobs.broker_shown(self.settings)}）：{exc}")
            run.refresh_from_db()
        return run

    def depth(self) -> int | None:
        """Messages waiting in the queue (None when it cannot be reached)."""
        try:
            return int(self.huey.storage.queue_size())
        except Exception:
            return None


_QUEUE: list[Queue] = []


def make_huey(settings: Settings) -> Huey:
    if settings.jobs.broker:
        return RedisHuey(QUEUE_NAME, connection_pool=app_jobs.broker_connection(settings), results=False)
    return SqliteHuey(QUEUE_NAME, filename=app_jobs.queue_file(settings), results=False, timeout=30)


def queue(settings: Settings | None = None) -> Queue:
    """This process's queue, made on first use from the settings of the home it opened."""
    if not _QUEUE:
        _QUEUE.append(_build(settings or active()))
    return _QUEUE[0]


def _build(settings: Settings) -> Queue:
    huey = make_huey(settings)
    q = Queue(huey, settings, {}, app_jobs.Context(worker="inline:" + app_jobs.worker_name(os.getpid())))

    @huey.task(name="collect")
    def collect(run_id: int, source_id: int) -> None:
        with _resending(q):
            q.send(app_jobs.collect_job(q.settings, run_id, source_id, q.context))
        _said(run_id)

    @huey.task(name="build")
    def build(run_id: int, issue_date: str, scheduled: bool = False, rebuild: bool = False) -> None:
        with _resending(q):
            app_jobs.build_job(q.settings, run_id, issue_date, q.context, scheduled=scheduled, rebuild=rebuild)
        _said(run_id)

    @huey.task(name="publish")
    def publish(run_id: int, issue_id: int, user_id: int, version: int) -> None:
        with _resending(q):
            app_jobs.publish_job(q.settings, run_id, issue_id, user_id, version, q.context)
        _said(run_id)

    @huey.task(name="send")
    def send(run_id: int, issue_id: int, user_id: int) -> None:
        with _resending(q):
            app_jobs.send_job(q.settings, run_id, issue_id, user_id, q.context)
        _said(run_id)

    @huey.periodic_task(crontab(), name="tick")
    def tick() -> None:
        app_jobs.fresh_connection()  # this thread's connection may have died with a database restart since
        runs = schedule.tick(q.settings)
        q.send(runs)
        if runs:
            log.info("计划任务：放入队列 %d 个任务", len(runs))

    q.tasks.update({"collect": collect, "build": build, "publish": publish, "send": send})
    return q


@contextmanager
def _resending(q: Queue) -> Iterator[None]:
    """A job whose database connection died is back in the queue once the database answers: send it again."""
    try:
        yield
    except app_jobs.Resend as again:
        q.send(again.runs)


def _said(run_id: int) -> None:
    """One line in the worker's log for each run that ended here."""
    run = app_jobs.find(run_id)
    if run is not None and not run.active:
        mark = "✓" if run.state == JobRun.State.DONE else "✗"
        log.info("%s %s #%s：%s", mark, app_jobs.KINDS.get(run.kind, run.kind), run.pk, run.message)


def run_inline(on: bool = True) -> Queue:
    """Run every job in the process that asks for it, at once (tests; a desk without a worker never does)."""
    q = queue()
    q.huey.immediate = on
    return q


def configure(settings: Settings, context: app_jobs.Context) -> Queue:
    """The queue of a worker: its settings and its context (name, shared pool, stop flag)."""
    q = queue(settings)
    q.settings, q.context = settings, context
    return q
