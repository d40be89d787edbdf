"""The pinned transport: httpcore connects only to the addresses the guard checked, within the fetch deadline."""

from __future__ import annotations

import select
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from typing import Any

import httpcore

__all__ = ["Deadline", "PinnedBackend", "new_pool", "open_tcp", "tls_context"]


class Deadline:
    """Per-thread deadline of the fetch in progress; every socket wait is clamped to it."""

    def __init__(self) -> None:
        self._local = threading.local()

    def set(self, deadline: float | None) -> None:
        self._local.deadline = deadline

    def get(self) -> float | None:
        return getattr(self._local, "deadline", None)

    def clamp(self, timeout: float | None, exc: type[Exception]) -> float | None:
        deadline = self.get()
        if deadline is None:
            return timeout
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise exc("fetch deadline passed")
        return remaining if timeout is None else min(timeout, remaining)


def open_tcp(ip: str, port: int, timeout: float | None) -> socket.socket:
    """Open one TCP connection to an address literal. Tests patch this to watch connects."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.connect((ip, port))
    except BaseException:
        sock.close()
        raise
    return sock


class _Stream(httpcore.NetworkStream):
    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self._sock = sock
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._sock.settimeout(self._deadline.clamp(timeout, httpcore.ReadTimeout))
        try:
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc) or "read timed out") from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        view = memoryview(buffer)
        while view:
            self._sock.settimeout(self._deadline.clamp(timeout, httpcore.WriteTimeout))
            try:
                sent = self._sock.send(view)
            except TimeoutError as exc:
                raise httpcore.WriteTimeout(str(exc) or "write timed out") from exc
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc
            view = view[sent:]

    def close(self) -> None:
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self._sock.settimeout(self._deadline.clamp(timeout, httpcore.ConnectTimeout))
        try:
            tls = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname)
        except TimeoutError as exc:
            self._sock.close()
            raise httpcore.ConnectTimeout(str(exc) or "TLS handshake timed out") from exc
        except OSError as exc:
            self._sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        return _Stream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._sock if isinstance(self._sock, ssl.SSLSocket) else None
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            # Readable while idle means the server closed or sent junk: the pool then drops it.
            try:
                poller = select.poll()
                poller.register(self._sock, select.POLLIN)
                return bool(poller.poll(0))
            except (OSError, ValueError):
                return True
        return None


class PinnedBackend(httpcore.NetworkBackend):
    """Resolves nothing: a host name connects only to the addresses the guard pinned for it."""

    def __init__(self, deadline: Deadline) -> None:
        self._deadline = deadline
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def pin(self, host: str, port: int, ips: Iterable[str]) -> None:
        with self._lock:
            self._pins[(host, port)] = tuple(ips)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        with self._lock:
            ips = self._pins.get((host.strip("[]"), port))
        if not ips:
            raise httpcore.ConnectError(f"no checked address for {host}:{port}")
        last: Exception | None = None
        for index, ip in enumerate(ips):
            wait = self._deadline.clamp(timeout, httpcore.ConnectTimeout)
            if wait is not None and index < len(ips) - 1:
                wait /= len(ips) - index  # leave time for the other addresses if this one black-holes
            try:
                sock = open_tcp(ip, port, wait)
            except TimeoutError as exc:
                last = httpcore.ConnectTimeout(f"connect to {ip} timed out")
                last.__cause__ = exc
                continue
            except OSError as exc:
                last = httpcore.ConnectError(f"connect to {ip}: {exc}")
                continue
            return _Stream(sock, self._deadline)
        assert last is not None
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def new_pool(backend: PinnedBackend) -> httpcore.ConnectionPool:
    """The connection pool a Fetcher keeps: HTTP/1.1 only, kept alive between fetches, over `backend`."""
    return httpcore.ConnectionPool(
        ssl_context=tls_context(),
        max_connections=32,
        max_keepalive_connections=8,
        keepalive_expiry=30.0,
        http1=True,
        http2=False,
        retries=0,
        network_backend=backend,
    )


_tls_ctx: ssl.SSLContext | None = None
_tls_lock = threading.Lock()


def tls_context() -> ssl.SSLContext:
    """The certificate-checking TLS context every fetch shares (certifi's roots, TLS 1.2 or later)."""
    global _tls_ctx
    with _tls_lock:
        if _tls_ctx is None:
            try:
                import certifi

                ctx = ssl.create_default_context(cafile=certifi.where())
            except ImportError:  # pragma: no cover
                ctx = ssl.create_default_context()
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            _tls_ctx = ctx
        return _tls_ctx
