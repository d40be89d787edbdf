"""Collect: poll the due sources (or the ones named) and import local files — the call the CLI, desk and jobs share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from zhoubao.app.build import Progress
from zhoubao.app.files import limited_pool
from zhoubao.archive.models import Source
from zhoubao.collect.feedworker import WorkerPool
from zhoubao.collect.run import Collector, CollectSummary, SourceResult, due_sources
from zhoubao.collect.store import FileOutcome, collect_files
from zhoubao.conf.settings import Settings, secret
from zhoubao.errors import ZhoubaoError
from zhoubao.net.broker import BrokerError, RedisHostSlots, broker_pool, check_broker
from zhoubao.net.politeness import HostSlots

__all__ = ["CollectSummary", "FileOutcome", "SourceResult", "collect", "due", "import_files"]


def collect(settings: Settings, *, sources: Sequence[Source] | None = None,
            progress: Progress | None = None, workers: WorkerPool | None = None) -> CollectSummary:
    """Fetch the given sources (default: every enabled one) through the guarded fetcher and store new reports.

    `workers`: extraction processes to share (a long-lived worker keeps one pool for all its collect jobs)."""
    todo = list(sources) if sources is not None else list(Source.objects.filter(enabled=True).order_by("id"))
    collector = Collector(settings, progress=progress, workers=workers, slots=host_slots(settings))
    try:
        return collector.run(todo)
    finally:
        collector.close()


_SLOTS: dict[str, RedisHostSlots] = {}


def host_slots(settings: Settings) -> HostSlots | None:
    """The per-host fetch slots shared by every worker when the queue is Redis ([jobs] broker), so [fetch] per_host
    holds across workers and machines; None on the embedded queue (one machine, and a host's sources are collected
    one job at a time). One pool per process."""
    cfg = settings.jobs
    if not cfg.broker:
        return None
    if cfg.broker not in _SLOTS:
        try:
            check_broker(cfg.broker, cfg.allow)
            pool = broker_pool(cfg.broker, cfg.allow, secret(cfg.password_env))
        except BrokerError as exc:
            raise ZhoubaoError(str(exc)) from None
        # A slot is held for one fetch, which ends within [fetch] timeout: a killed worker's slot frees after that.
        _SLOTS[cfg.broker] = RedisHostSlots(pool, hold_for=settings.fetch.timeout + 10.0)
    return _SLOTS[cfg.broker]


def import_files(settings: Settings, paths: Iterable[Path]) -> list[FileOutcome]:
    """Store reports from local files, each read under the worker limits: new, already stored, or refused with
    its reason (an unreadable file is not stored, so a good copy at the same path is read later)."""
    return collect_files(paths, tz=settings.timezone, pool=limited_pool(settings),
                         max_bytes=settings.collect.max_file_bytes)


def due(*, every: bool = False, ids: Sequence[int] | None = None) -> tuple[list[Source], list[str], int]:
    """The sources to poll now, a line for each named source that will not be, and how many wait their turn."""
    sources, notes = due_sources(every=every, ids=ids)
    waiting = 0 if (every or ids) else Source.objects.filter(enabled=True).count() - len(sources)
    return sources, notes, waiting
