"""Parse feeds and extract articles in worker processes, each task under a CPU-time limit.

feedparser has super-linear cases and extraction runs on untrusted HTML, so neither runs in the
collector's own process: a small pool of long-lived workers (started once per run, reused for
every feed and page) takes one task at a time. Before each task a worker lowers its own
RLIMIT_CPU soft limit to what it has used so far plus the task's allowance, so a runaway parse
is killed by the kernel (SIGXCPU); the parent also stops waiting after a wall-clock bound and
kills the worker. Either way the task fails as a value and a fresh worker takes its place.

Replies travel as JSON, never pickle: a worker that a hostile input had subverted still could not
make the parent run code.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import queue
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from datetime import datetime
from typing import IO, Any

from zhoubao.collect.extract import Extracted
from zhoubao.collect.feeds import FeedEntry, FeedParse

__all__ = ["WorkerFailed", "WorkerPool"]

_HEADER = struct.Struct("!II")  # JSON length, blob length
_MAX_REPLY = 256 * 1024 * 1024

FEED_CPU_SECONDS = 10.0  # CPU allowance of one feed parse
EXTRACT_CPU_SECONDS = 20.0  # CPU allowance of one article extraction
MEMORY_MB = 1024  # address space a task may add to what the worker already uses (RLIMIT_AS)


class WorkerFailed(Exception):
    """A task did not come back: the worker ran out of CPU time or memory, was too slow, or died; or the task
    raised (error_type names the exception, so a caller can tell its own refusals from a failure)."""

    def __init__(self, reason: str, *, cpu_limit: bool = False, error_type: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.cpu_limit = cpu_limit
        self.error_type = error_type


# --------------------------------------------------------------------------------------------
# Framing (both sides)


def _write(stream: IO[bytes], header: dict[str, Any], blob: bytes = b"") -> None:
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    stream.write(_HEADER.pack(len(head), len(blob)) + head + blob)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    raw = _read_exact(stream, _HEADER.size)
    if raw is None:
        return None
    head_len, blob_len = _HEADER.unpack(raw)
    if head_len + blob_len > _MAX_REPLY:
        raise ValueError("message too large")
    head = _read_exact(stream, head_len)
    blob = _read_exact(stream, blob_len) if blob_len else b""
    if head is None or blob is None:
        return None
    header = json.loads(head.decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("bad message")
    return header, blob


# --------------------------------------------------------------------------------------------
# Conversions to and from JSON


def _dt(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def feed_to_json(parsed: FeedParse) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "error": parsed.error,
        "warning": parsed.warning,
        "entries": [
            {"link": e.link, "guid": e.guid, "title": e.title, "published": _iso(e.published),
             "summary_html": e.summary_html, "author": e.author}
            for e in parsed.entries
        ],
    }


def feed_from_json(data: dict[str, Any]) -> FeedParse:
    entries = []
    for e in data.get("entries") or []:
        entries.append(FeedEntry(str(e.get("link", "")), str(e.get("guid", "")), str(e.get("title", "")),
                                 _dt(e.get("published")), str(e.get("summary_html", "")), str(e.get("author", ""))))
    return FeedParse(title=str(data.get("title", "")), entries=entries, error=str(data.get("error", "")),
                     warning=str(data.get("warning", "")))


_EXTRACTED_FIELDS = ("title", "text", "outlet", "author", "html", "encoding", "encoding_note", "dateline")


def extracted_to_json(ex: Extracted) -> dict[str, Any]:
    out: dict[str, Any] = {k: getattr(ex, k) for k in _EXTRACTED_FIELDS}
    out["published"] = _iso(ex.published)
    out["encoding_clean"] = bool(ex.encoding_clean)
    return out


def extracted_from_json(data: dict[str, Any]) -> Extracted:
    values: dict[str, Any] = {k: str(data.get(k) or "") for k in _EXTRACTED_FIELDS}
    return Extracted(published=_dt(data.get("published")), encoding_clean=bool(data.get("encoding_clean")), **values)


# --------------------------------------------------------------------------------------------
# The worker side


def _limit_cpu(seconds: float) -> None:
    """Let this process use at most `seconds` more CPU time (soft limit: SIGXCPU ends it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used + max(seconds, 1.0))
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _limit_memory(megabytes: float) -> None:
    """Let this process's address space grow by at most `megabytes` (a bomb gets MemoryError, not the machine)."""
    if megabytes <= 0:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return  # not Linux: the CPU and wall limits still hold
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = size + int(megabytes * 1024 * 1024)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _call(target: str, args: dict[str, Any], blob: bytes) -> dict[str, Any]:
    """A named function of zhoubao ("module:function"), given the blob and the args: the way a use case runs a
    later stage's reader (past issues) here without this module importing it."""
    module, _, name = target.partition(":")
    if not module.startswith("zhoubao.") or not name:
        raise ValueError(f"not a zhoubao function: {target!r}")
    import importlib

    fn = getattr(importlib.import_module(module), name)
    result = fn(blob, **args)
    if not isinstance(result, dict):
        raise TypeError("the function must return a dict")
    return result


def _run_task(kind: str, args: dict[str, Any], blob: bytes) -> dict[str, Any]:
    if kind == "feed":
        from zhoubao.collect.feeds import parse_feed

        return feed_to_json(parse_feed(blob, str(args.get("url", "")), args.get("content_type"),
                                       tz=str(args["tz"])))
    if kind == "extract":
        from zhoubao.collect.extract import extract

        ex = extract(blob, str(args.get("url", "")), content_type=args.get("content_type"),
                     reference=_dt(args.get("reference")), tz=str(args["tz"]))
        return extracted_to_json(ex)
    if kind == "file":
        from zhoubao.collect.files import extract_bytes

        return extracted_to_json(extract_bytes(blob, str(args.get("name", "")), tz=str(args["tz"])))
    if kind == "listing":
        from zhoubao.collect.pages import listing_result

        return listing_result(blob, str(args.get("url", "")), content_type=args.get("content_type"),
                              pattern=str(args.get("pattern", "")), selector=str(args.get("selector", "")))
    if kind == "sitemap":
        from zhoubao.collect.pages import sitemap_result

        return sitemap_result(blob, str(args.get("url", "")), tz=str(args["tz"]), keep=int(args.get("keep", 0)))
    if kind == "call":
        return _call(str(args.get("target", "")), dict(args.get("args") or {}), blob)
    if kind == "spin":  # test support: burn CPU until the limit stops it
        end = time.monotonic() + float(args.get("seconds", 60))
        n = 0
        while time.monotonic() < end:
            n += 1
        return {"n": n}
    if kind == "ping":
        return {"pid": os.getpid()}
    if kind == "hog":  # test support: take memory until the limit stops it
        held = [bytearray(16 * 1024 * 1024) for _ in range(int(args.get("megabytes", 4096)) // 16)]
        return {"held": len(held)}
    raise ValueError(f"unknown task {kind!r}")


def worker_main() -> int:
    """Serve tasks from stdin until it closes (the parent exited or closed the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the parent, which closes us
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the reply channel
    # Import the heavy parsers once, before the first task's CPU allowance starts.
    import feedparser  # noqa: F401

    import zhoubao.collect.extract
    import zhoubao.collect.feeds  # noqa: F401

    with contextlib.suppress(ImportError):  # without it, extraction reports its own failure
        import trafilatura  # noqa: F401

    while True:
        try:
            msg = _read(stdin)
        except (ValueError, OSError):
            return 1
        if msg is None:
            return 0
        header, blob = msg
        kind, args = str(header.get("kind", "")), dict(header.get("args") or {})
        _limit_cpu(float(header.get("cpu", FEED_CPU_SECONDS)))
        _limit_memory(float(header.get("memory_mb", MEMORY_MB)))
        spent = False
        try:
            reply = {"ok": True, "result": _run_task(kind, args, blob)}
        except MemoryError:
            blob = b""
            reply, spent = {"ok": False, "error": "memory", "type": "MemoryError"}, True
        except Exception as exc:  # a parser bug is this task's failure, not the worker's
            reply = {"ok": False, "error": str(exc)[:500] or type(exc).__name__, "type": type(exc).__name__}
        try:
            _write(stdout, reply)
        except (BrokenPipeError, OSError, MemoryError):
            return 0
        if spent:
            return 1  # a heap that ran out may be damaged: a fresh worker takes the next task


# --------------------------------------------------------------------------------------------
# The parent side


class _Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            # -B: no bytecode files written by workers; the environment is inherited as it is.
            [sys.executable, "-B", "-m", "zhoubao.collect.feedworker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,  # a Ctrl-C in the terminal reaches the parent only
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: IO[bytes] = self.proc.stdin
        self.stdout: IO[bytes] = self.proc.stdout

    def call(self, header: dict[str, Any], blob: bytes, wall: float) -> dict[str, Any]:
        try:
            _write(self.stdin, header, blob)
        except (BrokenPipeError, OSError):
            raise WorkerFailed(self._death("工作进程已退出")) from None
        ready, _, _ = select.select([self.stdout], [], [], wall)
        if not ready:
            self.kill()
            raise WorkerFailed(f"处理超过 {wall:.0f} 秒，已终止", cpu_limit=True)
        try:
            msg = _read(self.stdout)
        except (ValueError, OSError, UnicodeDecodeError, json.JSONDecodeError):
            self.kill()
            raise WorkerFailed("工作进程的回复无法读取") from None
        if msg is None:
            raise WorkerFailed(self._death("工作进程意外退出"))
        return msg[0]

    def _death(self, default: str) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(2)
        code = self.proc.returncode
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            return "超过 CPU 时间限制，已终止"
        if code in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
            return "处理时工作进程崩溃（多半是超过内存限制），已终止"
        return f"{default}（退出码 {code}）"

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self._close_pipes()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.stdin.close()  # EOF: the worker exits by itself
        try:
            self.proc.wait(3)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()


class WorkerPool:
    """A few reusable worker processes; `call` is thread-safe and blocks until a worker is free."""

    def __init__(self, size: int | None = None, *, feed_cpu: float = FEED_CPU_SECONDS,
                 extract_cpu: float = EXTRACT_CPU_SECONDS, memory_mb: float = MEMORY_MB,
                 wall: float | None = None) -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.feed_cpu = feed_cpu
        self.extract_cpu = extract_cpu
        self.memory_mb = memory_mb
        self.wall = wall  # seconds a task may take in all; None: three times its CPU allowance plus five
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0
        for _ in range(self.size):
            self._idle.put(None)  # a slot; the process starts when first used

    def start(self) -> None:
        """Start every worker now (they load their parsers while the first fetches are under way)."""
        slots = []
        while True:
            try:
                slots.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in slots:
            if worker is None and not self._closed:
                try:
                    worker = _Worker()
                except OSError:
                    worker = None
                else:
                    with self._lock:
                        self._all.append(worker)
            self._idle.put(worker)

    def _take(self) -> _Worker:
        worker = self._idle.get()
        if worker is not None and worker.alive():
            return worker
        if worker is not None:
            self._forget(worker)
        try:
            fresh = _Worker()
        except BaseException:
            self._idle.put(None)
            raise
        with self._lock:
            self._all.append(fresh)
        return fresh

    def _forget(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def call(self, kind: str, args: dict[str, Any], blob: bytes = b"", *, cpu: float) -> dict[str, Any]:
        if self._closed:
            raise WorkerFailed("工作进程池已关闭")
        worker = self._take()
        # Wall bound: the CPU allowance, plus room for a busy machine where the task waits for a core.
        wall = self.wall if self.wall is not None else cpu * 3 + 5
        try:
            reply = worker.call({"kind": kind, "args": args, "cpu": cpu, "memory_mb": self.memory_mb}, blob, wall)
        except WorkerFailed:
            worker.kill()
            self._forget(worker)
            with self._lock:
                self.restarts += 1
            self._idle.put(None)
            raise
        except BaseException:
            worker.kill()
            self._forget(worker)
            self._idle.put(None)
            raise
        if reply.get("type") == "MemoryError":
            worker.kill()  # it exits by itself; a fresh one takes its slot
            self._forget(worker)
            self._idle.put(None)
            raise WorkerFailed(f"超过内存限制（{self.memory_mb:.0f} MB），已终止", error_type="MemoryError")
        self._idle.put(worker)
        if not reply.get("ok"):
            kind_of = str(reply.get("type") or "")
            raise WorkerFailed(str(reply.get("error") or "处理失败"), error_type=kind_of)
        result = reply.get("result")
        if not isinstance(result, dict):
            raise WorkerFailed("工作进程的回复格式不对")
        return result

    def parse_feed(self, content: bytes, url: str, content_type: str | None, *, tz: str) -> FeedParse:
        data = self.call("feed", {"url": url, "content_type": content_type, "tz": tz}, content, cpu=self.feed_cpu)
        return feed_from_json(data)

    def extract(self, content: bytes, url: str, *, content_type: str | None, reference: datetime | None,
                tz: str) -> Extracted:
        args = {"url": url, "content_type": content_type, "reference": _iso(reference), "tz": tz}
        return extracted_from_json(self.call("extract", args, content, cpu=self.extract_cpu))

    def extract_file(self, content: bytes, name: str, *, tz: str) -> Extracted:
        """A local file's article (HTML, Word, PDF, text, e-mail), read from its bytes under the limits."""
        return extracted_from_json(self.call("file", {"name": name, "tz": tz}, content, cpu=self.extract_cpu))

    def run(self, target: str, content: bytes, args: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run the zhoubao function `module:function`(content, **args) under the limits; it returns a dict."""
        return self.call("call", {"target": target, "args": args or {}}, content, cpu=self.extract_cpu)

    def pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._all if w.alive()]

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    sys.exit(worker_main())
