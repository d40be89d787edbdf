"""`zhoubao worker`: run queued jobs and the periodic tick until SIGTERM (or Ctrl+C), then stop cleanly.

SIGTERM lets the jobs in flight finish for up to [jobs] stop_timeout seconds; what has not finished by then is
handed back to the queue (its run goes back to queued, its message is sent again) and its transaction is undone
at the next progress step, so another worker — or this one, started again — runs it from the start. Ctrl+C hands
back at once. A worker beats in the database every few seconds: one that stops beating (killed, machine gone) has
its running jobs handed back by the next tick of any other worker.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from datetime import datetime

from zhoubao.app import jobs as app_jobs
from zhoubao.conf.settings import Settings
from zhoubao.jobs.tasks import configure

log = logging.getLogger("zhoubao.jobs")


def setup_logging() -> None:
    """The worker's log: one line per job and per schedule action on stderr (journald keeps it under systemd)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    for name, level in (("zhoubao", logging.INFO), ("huey", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not logger.handlers:
            logger.addHandler(handler)


def run_worker(settings: Settings, *, threads: int | None = None, say: Callable[[str], None] = print,
               started: datetime | None = None) -> int:
    """Run jobs until told to stop; returns 0 after a clean stop."""
    threads = max(1, threads or settings.jobs.threads)
    name = app_jobs.worker_name(os.getpid())
    stop = threading.Event()  # set once the jobs still in flight must hand back
    ctx = app_jobs.Context(worker=name, stopping=stop.is_set, pool=app_jobs.shared_pool())
    q = configure(settings, ctx)
    q.huey.immediate = False
    consumer = q.huey.create_consumer(
        workers=threads, worker_type="thread", periodic=True, initial_delay=0.1, backoff=1.15, max_delay=2.0,
        graceful_signal="TERM", shutdown_timeout=settings.jobs.stop_timeout, check_worker_health=True)
    beating = threading.Event()
    begun = started or app_jobs.now()

    def beat(stopping: bool = False) -> None:
        try:
            app_jobs.beat(name, pid=os.getpid(), threads=threads, started=begun, stopping=stopping)
        except Exception:  # a database hiccup must not kill the heartbeat; the next beat tries again
            log.exception("worker heartbeat failed")

    def beats() -> None:
        while not beating.wait(app_jobs.BEAT_EVERY):
            beat()

    beat()
    heart = threading.Thread(target=beats, name="zhoubao-beat", daemon=True)
    heart.start()
    say(f"worker {name} 已启动：{threads} 个线程，任务队列 {app_jobs.broker_shown(settings)}；"
        f"每分钟检查一次计划。Ctrl+C 或 SIGTERM 停止（进行中的任务最多再等 {settings.jobs.stop_timeout:g} 秒，"
        "未完成的交回队列）。")
    try:
        consumer.run()  # returns once a signal stopped it (graceful for SIGTERM)
    finally:
        stop.set()
        beat(stopping=True)
        back = app_jobs.hand_back(worker=name)
        if back:
            q.send(back)
        beating.set()
        app_jobs.worker_gone(name)
        app_jobs.close_pool()
    said = f"，{len(back)} 个未完成的任务已交回队列" if back else "，没有未完成的任务"
    say(f"worker {name} 已停止{said}。")
    stuck = [t for t in threading.enumerate() if t.name.startswith("Worker-") and t.is_alive()]
    if stuck:
        # Jobs handed back are still unwinding on their threads (a fetch waiting on the network): they would only
        # find their run taken back. Leave now rather than wait for them.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0
