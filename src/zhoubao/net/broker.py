"""The job broker's door: a Redis connection pool whose every connection dials only an address the guard checked.

The broker is named by one setting ([jobs] broker = "redis://host:port/db"); its host is resolved and checked by
the same address policy as fetching (net/guard.py), so a loopback or private broker must be listed in its own
allow list ([jobs] allow, "host:port"), kept apart from [fetch] allow so that no source can reach the broker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from redis.connection import Connection, ConnectionPool, SSLConnection

from zhoubao.net.errors import FetchError
from zhoubao.net.guard import checked_addresses
from zhoubao.net.transport import open_tcp
from zhoubao.net.url import parse_url

__all__ = ["BrokerAddress", "BrokerError", "broker_address", "broker_pool", "check_broker"]

CONNECT_TIMEOUT = 10.0  # seconds to resolve and connect to the broker
# A blocking read of the queue waits up to 1 s (Huey's read_timeout): the socket allows well more than that.
SOCKET_TIMEOUT = 30.0


class BrokerError(Exception):
    """The broker setting is unusable or its address is refused; the message (Chinese) says what to change."""


@dataclass(frozen=True)
class BrokerAddress:
    tls: bool
    host: str  # as the URL wrote it, brackets removed
    port: int
    db: int
    username: str

    @property
    def allow_key(self) -> str:
        return parse_url(self._probe).allow_key

    @property
    def _probe(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def shown(self) -> str:
        """The broker as status lines show it: no password, ever."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'rediss' if self.tls else 'redis'}://{host}:{self.port}/{self.db}"


def broker_address(url: str) -> BrokerAddress:
    """The parts of a redis:// or rediss:// URL; a password in the URL is refused (it belongs in the environment)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("redis", "rediss"):
        raise BrokerError(f"[jobs] broker 应为 redis:// 或 rediss:// 网址，而不是 {url!r}")
    if parts.password:
        raise BrokerError("[jobs] broker 的网址里不要写密码：把密码放进 [jobs] password_env 所指的环境变量")
    try:
        host, port = parts.hostname or "", parts.port or 6379
    except ValueError:
        raise BrokerError(f"[jobs] broker 的端口无效：{url!r}") from None
    if not host:
        raise BrokerError(f"[jobs] broker 缺少主机名：{url!r}")
    path = parts.path.strip("/")
    if path and not path.isdigit():
        raise BrokerError(f"[jobs] broker 的库号应为数字（如 redis://主机:6379/0），而不是 {path!r}")
    return BrokerAddress(parts.scheme == "rediss", host, port, int(path or 0), unquote(parts.username or ""))


def _checked(addr: BrokerAddress, allow: frozenset[str], timeout: float) -> list[str]:
    try:
        parsed = parse_url(addr._probe)
        return checked_addresses(parsed, time.monotonic() + timeout, allow=allow)
    except FetchError as exc:
        if exc.kind == "refused":
            raise BrokerError(f"消息队列 {addr.shown()} 被地址策略拒绝（{exc.message}）：如确需使用本机或内网的 Redis，"
                              f"在 zhoubao.toml 的 [jobs] allow 中加入 \"{addr.allow_key}\"") from None
        raise BrokerError(f"无法连接消息队列 {addr.shown()}：{exc.message}") from None


def check_broker(url: str, allow: frozenset[str]) -> BrokerAddress:
    """The broker's address after the guard's check (resolved now); BrokerError says why not."""
    addr = broker_address(url)
    _checked(addr, allow, CONNECT_TIMEOUT)
    return addr


class _Guarded:
    """Dial the broker as the fetcher dials a site: resolve, check each address, connect to a checked one."""

    zhoubao_allow: frozenset[str] = frozenset()
    host: str
    port: int
    socket_connect_timeout: float | None
    socket_timeout: float | None

    def _guarded_socket(self) -> Any:
        addr = BrokerAddress(False, self.host, self.port, 0, "")
        timeout = self.socket_connect_timeout or CONNECT_TIMEOUT
        last: Exception | None = None
        for ip in _checked(addr, self.zhoubao_allow, timeout):
            try:
                sock = open_tcp(ip, self.port, timeout)
            except OSError as exc:
                last = exc
                continue
            sock.settimeout(self.socket_timeout)
            return sock
        raise OSError(f"无法连接消息队列 {addr.shown()}：{last}")


class GuardedConnection(_Guarded, Connection):
    def _connect(self) -> Any:
        return self._guarded_socket()


class GuardedSSLConnection(_Guarded, SSLConnection):
    def _connect(self) -> Any:
        sock = self._guarded_socket()
        try:
            wrap: Any = self._wrap_socket_with_ssl  # redis-py leaves it untyped
            return wrap(sock)
        except Exception:
            sock.close()
            raise


def broker_pool(url: str, allow: frozenset[str], password: str = "") -> ConnectionPool:
    """A Redis connection pool for the broker URL whose connections pass the address guard on every dial."""
    addr = broker_address(url)
    base = GuardedSSLConnection if addr.tls else GuardedConnection
    # The allow list travels on the class: redis-py builds connections from keyword arguments it knows.
    cls = type(base.__name__, (base,), {"zhoubao_allow": frozenset(allow)})
    return ConnectionPool(connection_class=cls, host=addr.host, port=addr.port, db=addr.db,
                          username=addr.username or None, password=password or None,
                          socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=SOCKET_TIMEOUT)
