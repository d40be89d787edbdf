"""A local file read under the worker limits (size, CPU, memory, time): no database, so `zhoubao extract` and
every door that stores reports share it."""

from __future__ import annotations

import contextlib
from pathlib import Path

from zhoubao.collect.extracted import Extracted
from zhoubao.collect.feedworker import WorkerFailed, WorkerPool
from zhoubao.collect.files import unreadable_reason
from zhoubao.errors import ZhoubaoError


class FileRefused(ZhoubaoError):
    """A local file that cannot become a report; the message says why, in a few words."""


def read_limited(path: Path, *, tz: str, pool: WorkerPool, max_bytes: int) -> Extracted:
    """A local file's article, read in a worker under the limits; FileRefused when too big or unreadable."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileRefused(f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise FileRefused(f"无法读取（{exc.strerror or type(exc).__name__}）") from None
    if len(data) > max_bytes:
        raise FileRefused(f"文件过大（上限 {max_bytes / 1048576:.0f} MB）")
    with contextlib.suppress(OSError):
        if path.stat().st_size != len(data):
            raise FileRefused("文件正在写入（可能仍在复制中），下次再读")
    try:
        ex = pool.extract_file(data, path.name, tz=tz)
    except WorkerFailed as exc:
        raise FileRefused(exc.reason if exc.error_type in ("", "MemoryError") else f"无法读取（{exc.error_type}）") from None
    reason = unreadable_reason(ex)
    if reason:
        raise FileRefused(reason)
    return ex
