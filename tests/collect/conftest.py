"""Fixtures for collect tests: loopback servers, a canary socket, and nets that stop any packet leaving 127/8."""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto
_real_getaddrinfo = socket.getaddrinfo


def _loopback_target(address: Any) -> bool:
    """True for a destination inside 127.0.0.0/8 (or a unix socket path)."""
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    try:
        addr = ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return False  # a name here would need DNS first; refuse
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return isinstance(addr, ipaddress.IPv4Address) and addr in ipaddress.IPv4Network("127.0.0.0/8")


class LeakError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _loopback_only_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every collect test runs with connects, datagrams and name lookups confined to 127.0.0.0/8.

    This sits behind the fetcher's own guard and the tests' loopback belt (tests/netbelt): if both
    were broken, a stray connect still fails here, before the kernel sees it.
    """
    leaks: list[Any] = []

    def connect(self: socket.socket, address: Any) -> None:
        if not _loopback_target(address):
            leaks.append(address)
            raise LeakError(f"test tried to connect to {address!r}")
        _real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _loopback_target(address):
            leaks.append(address)
            raise LeakError(f"test tried to connect to {address!r}")
        return _real_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *args: Any) -> int:
        address = args[-1]
        if not _loopback_target(address):
            leaks.append(address)
            raise LeakError(f"test tried to send a datagram to {address!r}")
        return _real_sendto(self, data, *args)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or name == "localhost" or _loopback_target((name, 0)):
            return _real_getaddrinfo(host, port, *args, **kwargs)
        leaks.append(("getaddrinfo", name))
        raise LeakError(f"test tried to resolve {name!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", sendto)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield leaks
    assert not leaks, f"network leak attempts: {leaks!r}"


# --------------------------------------------------------------------------------------------
# Connect recording


@dataclass
class ConnectLog:
    calls: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture
def connect_log(monkeypatch: pytest.MonkeyPatch) -> ConnectLog:
    """Record every TCP connect the fetcher attempts (at its lowest level, before the socket exists)."""
    from zhoubao.net import transport

    log = ConnectLog()
    real = transport.open_tcp

    def recording(ip: str, port: int, timeout: float | None) -> socket.socket:
        log.calls.append((ip, port))
        return real(ip, port, timeout)

    monkeypatch.setattr(transport, "open_tcp", recording)
    return log


# --------------------------------------------------------------------------------------------
# Canary: a loopback listener that no refused fetch may ever reach


class Canary:
    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.setblocking(False)
        self.port: int = self.sock.getsockname()[1]

    def connections(self) -> int:
        """Connections the kernel completed since last asked (they queue even without accept)."""
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    c = Canary()
    yield c
    try:
        assert c.connections() == 0, "the canary received a connection"
    finally:
        c.close()


# --------------------------------------------------------------------------------------------
# A small routable HTTP server on 127.0.0.1


Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class LoopServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port: int = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def allow(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}"})

    def route(self, path: str) -> Callable[[Route], Route]:
        def deco(fn: Route) -> Route:
            self.routes[path] = fn
            return fn

        return deco

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p.split("?", 1)[0] == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    hdrs = {"Content-Length": str(len(body))}
    hdrs.update(headers or {})
    for k, v in hdrs.items():
        handler.send_header(k, v)
    handler.end_headers()
    if body:
        handler.wfile.write(body)


@pytest.fixture
def server() -> Iterator[LoopServer]:
    s = LoopServer()
    yield s
    s.close()


@pytest.fixture
def send_response() -> Callable[..., None]:
    return send


# --------------------------------------------------------------------------------------------
# Raw misbehaving servers


class RawServer:
    """Accepts connections on 127.0.0.1 and hands each socket to `behaviour` on its own thread."""

    def __init__(self, behaviour: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.behaviour = behaviour
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            self.behaviour(conn)

    @property
    def allow(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}"})

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    made: list[RawServer] = []

    def make(behaviour: Callable[[socket.socket], None]) -> RawServer:
        s = RawServer(behaviour)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def read_request(conn: socket.socket, timeout: float = 5.0) -> bytes:
    conn.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while b"\r\n\r\n" not in data and time.monotonic() < deadline:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@pytest.fixture
def read_req() -> Callable[[socket.socket], bytes]:
    return read_request
