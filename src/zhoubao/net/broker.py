"""The job broker's door: a Redis connection pool whose every connection dials only an address the guard checked.

The broker is named by one setting ([jobs] broker = "redis://host:port/db"); its host is resolved and checked by
the same address policy as fetching (net/guard.py), so a loopback or private broker must be listed in its own
allow list ([jobs] allow, "host:port"), kept apart from [fetch] allow so that no source can reach the broker.
The same Redis holds the per-host fetch slots every worker shares (`RedisHostSlots`), so `[fetch] per_host` holds
across workers and machines, not only inside one process.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from redis import Redis
from redis.connection import Connection, ConnectionPool, SSLConnection
from redis.exceptions import RedisError

from zhoubao.net.errors import FetchError
from zhoubao.net.guard import checked_addresses
from zhoubao.net.transport import open_tcp
from zhoubao.net.url import parse_url

__all__ = ["BrokerAddress", "BrokerError", "RedisHostSlots", "broker_address", "broker_pool", "check_broker"]

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


# Frees a slot only while it is still ours: a slot that expired and was taken by another worker stays theirs.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


class RedisHostSlots:
    """The per-host fetch slots of every worker in Redis: slot i of a host is the key `zhoubao:slot:<host>:<i>`,
    set only when absent (SET NX) with an expiry. A request holds one for its fetch; a worker killed mid-request
    loses its slot when the key expires (`hold_for`: longer than any one fetch may last)."""

    POLL = 0.05  # seconds between two looks at a host whose slots are all taken

    def __init__(self, pool: ConnectionPool, *, hold_for: float, wait_for: float | None = None,
                 prefix: str = "zhoubao:slot:") -> None:
        self.redis = Redis(connection_pool=pool)
        self.hold_ms = max(1000, int(hold_for * 1000))
        self.wait_for = hold_for * 2 if wait_for is None else wait_for
        self.prefix = prefix
        self._release = self.redis.register_script(_RELEASE)

    def _key(self, host: str, i: int) -> str:
        return f"{self.prefix}{hashlib.sha1(host.encode()).hexdigest()[:16]}:{i}"

    @contextmanager
    def hold(self, key: str, slots: int) -> Iterator[None]:
        token = f"{os.getpid()}:{secrets.token_hex(8)}"
        keys = [self._key(key, i) for i in range(max(1, slots))]
        end = time.monotonic() + self.wait_for
        held = ""
        try:
            while not held:
                for k in keys:
                    if self.redis.set(k, token, nx=True, px=self.hold_ms):
                        held = k
                        break
                else:
                    if time.monotonic() > end:
                        raise FetchError("network", key, f"{self.wait_for:.0f} 秒内没有空出的站点并发名额（[fetch] per_host）")
                    time.sleep(self.POLL)
        except RedisError as exc:
            raise FetchError("network", key, f"无法取得站点并发名额：消息队列不可达（{exc}）") from None
        try:
            yield
        finally:
            with suppress(RedisError):  # else the key expires by itself
                self._release(keys=[held], args=[token])
