"""Read a report from a local file (HTML, Word, PDF, text, email) without storing it: needs no archive.

Every file is read in a worker process under the home's limits ([collect] extract_*: CPU, memory, time) and
max_file_bytes, whichever door it comes through — the command line, a folder source, the desk, past issues —
so a bomb or a hang costs one clear line, never the process that asked."""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from zhoubao.collect.extract import Extracted
from zhoubao.collect.feedworker import WorkerPool
from zhoubao.collect.limited import FileRefused, read_limited
from zhoubao.conf.settings import Settings

__all__ = ["Extracted", "FileRefused", "limited_pool", "read_file"]

_POOLS: dict[tuple[float, int, float], WorkerPool] = {}
_LOCK = threading.Lock()


def limited_pool(settings: Settings) -> WorkerPool:
    """The process's worker pool for the home's limits (started on first use, closed at exit)."""
    c = settings.collect
    key = (c.extract_cpu_seconds, c.extract_memory_mb, c.extract_wall_seconds)
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = WorkerPool(2, extract_cpu=c.extract_cpu_seconds, feed_cpu=c.extract_cpu_seconds,
                              memory_mb=c.extract_memory_mb, wall=c.extract_wall_seconds)
            _POOLS[key] = pool
            atexit.register(pool.close)
    return pool


def read_file(settings: Settings, path: Path) -> Extracted:
    """A report's title, date, outlet and text from a local file, dates without a zone read in the home's;
    FileRefused (its message one line) when the file is too big or cannot be read."""
    return read_limited(path, tz=settings.timezone, pool=limited_pool(settings),
                        max_bytes=settings.collect.max_file_bytes)
