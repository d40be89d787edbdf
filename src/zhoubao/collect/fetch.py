"""The only door to the network: guarded HTTP(S) GET with pinned addresses, deadlines and size caps."""

from __future__ import annotations

import email.utils
import ipaddress
import json
import os
import re
import select
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import quote, urljoin

import httpcore

from zhoubao.collect import netguard

__all__ = [
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "NetworkGuardViolation",
    "ParsedURL",
    "fetch",
    "loopback_only",
    "parse_url",
]

LOOPBACK_ONLY_ENV = "ZHOUBAO_TEST_LOOPBACK_ONLY"
_loopback_only_forced = False

_READ_CHUNK = 64 * 1024
_DECODE_STEP = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class FetchPolicy:
    """What a Fetcher may reach and how long and how much it may read."""

    allow: frozenset[str] = frozenset()  # exact "host:port" allowed even if non-public ("127.0.0.1:8123")
    user_agent: str = "zhoubao/0.1 (+https://github.com/zhoubao; weekly compiler)"
    timeout: float = 20.0  # total deadline per fetch, seconds, across redirects and body reading
    max_bytes: int = 15 * 1024 * 1024  # decoded size cap
    max_redirects: int = 5
    resolver: Callable[[str, int], list[str]] | None = None  # host, port -> IPs; None = getaddrinfo


@dataclass(frozen=True)
class FetchResult:
    """A successful (2xx/3xx) response with its decoded body."""

    url: str  # final URL after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    content: bytes = b""  # decoded body, b"" for 304

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that did not produce a response body; `kind` says why."""

    KINDS = frozenset({"refused", "scheme", "timeout", "too_large", "redirects", "http", "network", "bad_url"})

    def __init__(
        self,
        kind: str,
        url: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url
        self.status = status
        self.retry_after = retry_after
        self.message = message

    def __str__(self) -> str:
        url = self.url if len(self.url) <= 200 else self.url[:197] + "..."
        text = f"{self.message} ({url})" if url else self.message
        return "".join(c if c.isprintable() else "?" for c in text)

    def __repr__(self) -> str:
        return f"FetchError(kind={self.kind!r}, url={self.url!r}, status={self.status!r}, message={self.message!r})"


class NetworkGuardViolation(BaseException):
    """A connection to a non-loopback address was attempted while loopback-only mode was on.

    BaseException on purpose: code that records ordinary errors as values must not swallow it.
    """


def loopback_only(enabled: bool = True) -> None:
    """Test support: refuse every connection to anything but 127.0.0.0/8 (also via env ZHOUBAO_TEST_LOOPBACK_ONLY=1)."""
    global _loopback_only_forced
    _loopback_only_forced = enabled


def _loopback_only_active() -> bool:
    return _loopback_only_forced or os.environ.get(LOOPBACK_ONLY_ENV, "") not in ("", "0")


# --------------------------------------------------------------------------------------------
# URLs


@dataclass(frozen=True)
class ParsedURL:
    """A URL reduced to what the fetcher connects to; the request is built from these fields only."""

    scheme: str
    host: str  # lower-case, IDNA (ASCII); IPv6 without brackets; odd IPv4 spellings kept as written
    port: int
    target: str  # path + query, percent-encoded
    ip: netguard.IPAddress | None  # set when the host is an address literal (any spelling)

    @property
    def host_for_url(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def netloc(self) -> str:
        if self.port == _DEFAULT_PORTS[self.scheme]:
            return self.host_for_url
        return f"{self.host_for_url}:{self.port}"

    @property
    def allow_key(self) -> str:
        return f"{self.host_for_url}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.target}"


_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space, as the WHATWG parser strips
_TAB_NL = re.compile(r"[\t\n\r]")
_HOST_OK = re.compile(r"^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\.?$")
_TARGET_SAFE = "/?#[]@!$&'()*+,;=:%~-._"


def parse_url(url: str) -> ParsedURL:
    """Parse and normalise `url`; raises FetchError(kind="scheme"/"bad_url")."""
    if not isinstance(url, str):
        raise FetchError("bad_url", repr(url), "URL is not a string")
    raw = _TAB_NL.sub("", url.strip(_STRIP))
    if len(raw) > 8192:
        raise FetchError("bad_url", raw[:100], "URL too long")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise FetchError("bad_url", raw, "control character in URL")
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", raw)
    if not m:
        raise FetchError("bad_url", raw, "URL has no scheme")
    scheme = m.group(1).lower()
    if scheme not in _DEFAULT_PORTS:
        raise FetchError("scheme", raw, f"scheme {scheme!r} is not fetched (http and https only)")
    rest = raw[m.end() :]
    if not rest.startswith("//"):
        raise FetchError("bad_url", raw, "URL has no host")
    # The authority ends at the first /, ?, # or \ (WHATWG treats \ as / in http URLs).
    am = re.match(r"^//([^/?#\\]*)(.*)$", rest, re.S)
    assert am is not None
    authority, tail = am.group(1), am.group(2)
    if "@" in authority:
        raise FetchError("bad_url", raw, "credentials in URL are not supported")
    if any(c.isspace() for c in authority):
        raise FetchError("bad_url", raw, "space in host")
    host, port_text = authority, ""
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            raise FetchError("bad_url", raw, "unclosed [ in host")
        host, after = authority[1:end], authority[end + 1 :]
        if after:
            if not after.startswith(":"):
                raise FetchError("bad_url", raw, "junk after IPv6 address")
            port_text = after[1:]
        if "%" in host:
            raise FetchError("bad_url", raw, "IPv6 zone identifiers are not fetched")
        try:
            ip6 = ipaddress.IPv6Address(host)
        except ValueError:
            raise FetchError("bad_url", raw, "invalid IPv6 address") from None
        host_norm = ip6.compressed
        ip: netguard.IPAddress | None = ip6
    else:
        if ":" in authority:
            host, port_text = authority.rsplit(":", 1)
        if not host:
            raise FetchError("bad_url", raw, "URL has no host")
        if "%" in host:
            raise FetchError("bad_url", raw, "percent-encoded host")
        try:
            host_norm = host.encode("ascii").decode().lower() if host.isascii() else _idna(host)
        except (UnicodeError, ValueError):
            raise FetchError("bad_url", raw, "invalid international host name") from None
        if not _HOST_OK.match(host_norm) or ".." in host_norm:
            raise FetchError("bad_url", raw, "invalid host name")
        host_norm = host_norm.removesuffix(".")  # "example.com." is example.com (and its certificate)
        try:
            ip = netguard.parse_ipv4_loose(host_norm)
        except netguard.BadHost:
            raise FetchError("bad_url", raw, "numeric host is not a valid IPv4 address") from None
    if port_text:
        if not port_text.isdigit() or not port_text.isascii() or len(port_text) > 5:
            raise FetchError("bad_url", raw, "invalid port")
        port = int(port_text)
        if not 0 < port < 65536:
            raise FetchError("bad_url", raw, "port out of range")
    else:
        port = _DEFAULT_PORTS[scheme]
    tail = tail.split("#", 1)[0].replace("\\", "/")
    if not tail.startswith("/"):
        tail = "/" + tail
    target = quote(tail, safe=_TARGET_SAFE)
    return ParsedURL(scheme=scheme, host=host_norm, port=port, target=target, ip=ip)


def _idna(host: str) -> str:
    try:
        import idna

        return idna.encode(host, uts46=True).decode("ascii").lower()
    except ImportError:  # pragma: no cover - idna ships with httpx
        return host.encode("idna").decode("ascii").lower()
    except idna.IDNAError as exc:
        raise ValueError(str(exc)) from exc


# --------------------------------------------------------------------------------------------
# The network backend: connects only to addresses the guard checked, within the fetch deadline.


class _Deadline:
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


def _open_tcp(ip: str, port: int, timeout: float | None) -> socket.socket:
    """Open one TCP connection to an address literal. Tests patch this to watch connects."""
    if _loopback_only_active() and not netguard.is_loopback_v4(ip):
        raise NetworkGuardViolation(f"loopback-only mode: refused to connect to {ip}:{port}")
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if _loopback_only_active() and not netguard.is_loopback_v4(ip):  # pragma: no cover
            raise NetworkGuardViolation(f"loopback-only mode: refused to connect to {ip}:{port}")
        sock.connect((ip, port))
    except BaseException:
        sock.close()
        raise
    return sock


class _Stream(httpcore.NetworkStream):
    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
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


class _PinnedBackend(httpcore.NetworkBackend):
    """Resolves nothing: a host name connects only to the addresses the guard pinned for it."""

    def __init__(self, deadline: _Deadline) -> None:
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
                sock = _open_tcp(ip, port, wait)
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


# --------------------------------------------------------------------------------------------
# Decoding with a size cap


class _TooLarge(Exception):
    pass


class _BadEncoding(Exception):
    pass


class _Decoder:
    def feed(self, data: bytes, budget: int) -> Iterator[bytes]:  # pragma: no cover - interface
        raise NotImplementedError

    def flush(self, budget: int) -> Iterator[bytes]:
        return iter(())


class _ZlibDecoder(_Decoder):
    """gzip (multi-member) and deflate (zlib-wrapped or raw), inflated in bounded steps."""

    def __init__(self, kind: str) -> None:
        self._kind = kind
        self._probe = kind == "deflate"
        self._obj: Any = self._new()
        self._carry = b""

    def _new(self, raw: bool = False) -> Any:
        if raw:
            return zlib.decompressobj(-zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS if self._kind == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> Iterator[bytes]:
        data = self._carry + data
        self._carry = b""
        if self._probe:
            if len(data) < 2:
                self._carry = data
                return
            self._probe = False
            try:
                zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:2])
            except zlib.error:
                self._obj = self._new(raw=True)  # raw deflate, as some servers send
        produced = 0
        while data:
            if self._obj.eof:
                # After the end of a stream: another gzip member, or trailing junk we ignore.
                if self._kind != "gzip":
                    return
                if len(data) < 2:
                    self._carry = data
                    return
                if data[:2] != b"\x1f\x8b":
                    return
                self._obj = self._new()
            try:
                out = self._obj.decompress(data, min(_DECODE_STEP, budget - produced + 1))
            except zlib.error as exc:
                raise _BadEncoding(f"bad {self._kind} body: {exc}") from exc
            produced += len(out)
            if out:
                yield out
            if produced > budget:
                raise _TooLarge
            data = self._obj.unused_data if self._obj.eof else self._obj.unconsumed_tail

    def flush(self, budget: int) -> Iterator[bytes]:
        if self._obj.eof:
            return
        # A stream cut short: keep what was inflated, as browsers do, but no more than the budget.
        try:
            out = self._obj.decompress(b"", budget + 1)
        except zlib.error as exc:  # pragma: no cover
            raise _BadEncoding(str(exc)) from exc
        if len(out) > budget:
            raise _TooLarge
        if out:
            yield out


class _BrotliDecoder(_Decoder):
    def __init__(self) -> None:
        try:
            import brotli
        except ImportError as exc:  # pragma: no cover - brotli is a dependency
            raise _BadEncoding("brotli is not installed") from exc
        self._error: type[Exception] = brotli.error
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes, budget: int) -> Iterator[bytes]:
        # process() hands back at most about output_buffer_limit per call and keeps the rest inside;
        # keep calling with empty input until it has nothing more, then wait for more input.
        produced = 0
        pending = data
        while True:
            try:
                if pending and self._obj.can_accept_more_data():
                    out = self._obj.process(pending, output_buffer_limit=_DECODE_STEP)
                    pending = b""
                else:
                    out = self._obj.process(b"", output_buffer_limit=_DECODE_STEP)
            except self._error as exc:
                raise _BadEncoding(f"bad br body: {exc}") from exc
            produced += len(out)
            if out:
                yield out
            if produced > budget:
                raise _TooLarge
            if not out:
                if not pending:
                    return
                if not self._obj.can_accept_more_data():  # pragma: no cover - defensive
                    raise _BadEncoding("br decoder stalled")


def _decoders(content_encoding: str) -> list[_Decoder]:
    """Decoders to apply in order, for a Content-Encoding header (codings listed in applied order)."""
    chain: list[_Decoder] = []
    for coding in reversed([c.strip().lower() for c in content_encoding.split(",") if c.strip()]):
        if coding in ("identity", ""):
            continue
        if coding in ("gzip", "x-gzip"):
            chain.append(_ZlibDecoder("gzip"))
        elif coding == "deflate":
            chain.append(_ZlibDecoder("deflate"))
        elif coding == "br":
            chain.append(_BrotliDecoder())
        else:
            raise _BadEncoding(f"unsupported content-encoding {coding!r}")
    return chain


class _Pipeline:
    """Push raw chunks through a decoder chain, never holding more than the cap of output."""

    def __init__(self, chain: list[_Decoder], cap: int) -> None:
        self._chain = chain
        self._cap = cap
        self._out = bytearray()

    def _push(self, level: int, chunks: Iterable[bytes]) -> None:
        for chunk in chunks:
            if level == len(self._chain):
                if len(self._out) + len(chunk) > self._cap:
                    raise _TooLarge
                self._out += chunk
            else:
                self._push(level + 1, self._chain[level].feed(chunk, self._budget(level)))

    def _budget(self, level: int) -> int:
        # The last decoder yields the body itself; earlier ones yield compressed data, which may be
        # a little larger than what it decodes to, so they get the raw allowance instead.
        if level == len(self._chain) - 1:
            return self._cap - len(self._out)
        return self._cap + max(64 * 1024, self._cap // 8)

    def feed(self, raw: bytes) -> None:
        self._push(0, (raw,))

    def finish(self) -> bytes:
        for level, decoder in enumerate(self._chain):
            self._push(level + 1, decoder.flush(self._budget(level)))
        return bytes(self._out)


# --------------------------------------------------------------------------------------------
# The fetcher


def _system_resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = str(sockaddr[0])
        if ip not in seen:
            seen.append(ip)
    return seen


def _resolve_with_deadline(
    resolver: Callable[[str, int], list[str]], host: str, port: int, timeout: float
) -> list[str]:
    """getaddrinfo has no timeout of its own: run it on a daemon thread and stop waiting at the deadline.

    A daemon thread (not an executor) so that a lookup stuck in the C library never holds up exit.
    """
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["ips"] = resolver(host, port)
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=run, name="zhoubao-dns", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.001))
    if worker.is_alive():
        raise TimeoutError(f"name lookup for {host} timed out")
    if "error" in box:
        raise box["error"]
    return list(box["ips"])


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher:
    """Guarded HTTP(S) GET. Thread-safe: share one per run; it keeps connections alive between fetches."""

    def __init__(self, policy: FetchPolicy = FetchPolicy()) -> None:
        self.policy = policy
        self._allow = frozenset(a.strip().lower() for a in policy.allow)
        self._deadline = _Deadline()
        self._backend = _PinnedBackend(self._deadline)
        self._pool: httpcore.ConnectionPool | None = None
        self._pool_lock = threading.Lock()

    # -- checks

    def check_url(self, url: str) -> None:
        """Raise FetchError(refused/scheme/bad_url) if `url` may not be fetched; connects to nothing.

        Host names are resolved (a DNS query) when possible; a name that does not resolve passes
        here and is judged again when fetched.
        """
        parsed = parse_url(url)
        try:
            self._addresses(parsed, time.monotonic() + self.policy.timeout)
        except FetchError as exc:
            if exc.kind in ("refused", "scheme", "bad_url"):
                raise

    def _addresses(self, parsed: ParsedURL, deadline: float) -> list[str]:
        """The addresses this URL may connect to, after the guard; raises FetchError."""
        allowed = parsed.allow_key in self._allow
        url = parsed.url
        if parsed.ip is not None:
            ips = [str(parsed.ip)]
        else:
            resolver = self.policy.resolver or _system_resolve
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("timeout", url, "deadline passed before name lookup")
            try:
                if self.policy.resolver is None:
                    ips = _resolve_with_deadline(resolver, parsed.host, parsed.port, remaining)
                else:
                    ips = list(resolver(parsed.host, parsed.port))
            except TimeoutError:
                raise FetchError("timeout", url, f"name lookup for {parsed.host} timed out") from None
            except Exception as exc:  # a resolver's failure of any sort means "cannot resolve"
                raise FetchError("network", url, f"cannot resolve {parsed.host}: {_describe(exc)}") from None
            if not ips:
                raise FetchError("network", url, f"cannot resolve {parsed.host}")
        checked: list[str] = []
        for text in ips:
            addr = netguard.parse_ip(str(text))
            if addr is None:
                raise FetchError("refused", url, f"{parsed.host} resolved to unreadable address {text!r}")
            if not allowed:
                reason = netguard.non_public_reason(addr)
                if reason is not None:
                    raise FetchError("refused", url, f"{parsed.host} is {addr} ({reason}); not fetched")
            checked.append(_connectable(addr))
        return checked

    # -- fetching

    def _get_pool(self) -> httpcore.ConnectionPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = httpcore.ConnectionPool(
                    ssl_context=_ssl_context(),
                    max_connections=32,
                    max_keepalive_connections=8,
                    keepalive_expiry=30.0,
                    http1=True,
                    http2=False,
                    retries=0,
                    network_backend=self._backend,
                )
            return self._pool

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET `url` following redirects; raises FetchError."""
        policy = self.policy
        deadline = time.monotonic() + policy.timeout
        parsed = parse_url(url)
        headers = {
            "User-Agent": policy.user_agent,
            "Accept": accept or "*/*",
            "Accept-Encoding": "gzip, deflate, br",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for header_value in headers.values():
            if any(c in header_value for c in "\r\n\0") or not _latin1(header_value):
                raise FetchError("bad_url", parsed.url, "request header value is not a clean latin-1 line")
        redirects = 0
        while True:
            ips = self._addresses(parsed, deadline)
            self._backend.pin(parsed.host, parsed.port, ips)
            result, location = self._one(parsed, headers, deadline)
            if location is None:
                return result
            if redirects >= policy.max_redirects:
                raise FetchError("redirects", parsed.url, f"more than {policy.max_redirects} redirects")
            redirects += 1
            try:
                parsed = parse_url(urljoin(parsed.url, location.strip()))
            except FetchError as exc:
                raise FetchError(exc.kind, exc.url, f"redirect from {parsed.url}: {exc.message}") from None

    def post_json(self, url: str, payload: Any, headers: dict[str, str] | None = None) -> FetchResult:
        """POST `payload` as JSON (the optional LLM endpoint); same guard as get(), no redirects followed.

        Raises FetchError, with kind "http" for any status of 300 or more.
        """
        policy = self.policy
        deadline = time.monotonic() + policy.timeout
        parsed = parse_url(url)
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        head = {"User-Agent": policy.user_agent, "Accept": "application/json", "Content-Type": "application/json",
                "Content-Length": str(len(body)), **(headers or {})}
        for header_value in head.values():
            if any(c in header_value for c in "\r\n\0") or not _latin1(header_value):
                raise FetchError("bad_url", parsed.url, "request header value is not a clean latin-1 line")
        ips = self._addresses(parsed, deadline)
        self._backend.pin(parsed.host, parsed.port, ips)
        remaining = max(deadline - time.monotonic(), 0.001)
        request_headers = [(b"Host", parsed.netloc.encode("ascii"))]
        request_headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in head.items()]
        target = httpcore.URL(scheme=parsed.scheme.encode("ascii"), host=parsed.host.encode("ascii"),
                              port=parsed.port, target=parsed.target.encode("ascii"))
        timeouts = {"connect": remaining, "read": remaining, "write": remaining, "pool": remaining}
        self._deadline.set(deadline)
        try:
            with self._get_pool().stream("POST", target, headers=request_headers, content=body,
                                         extensions={"timeout": timeouts}) as response:
                resp_headers = _header_dict(response.headers)
                if response.status >= 300:
                    raise FetchError("http", parsed.url, f"HTTP {response.status}", status=response.status)
                content = self._read_body(parsed.url, response, resp_headers, deadline)
                return FetchResult(parsed.url, response.status, resp_headers, content)
        except FetchError:
            raise
        except httpcore.TimeoutException:
            raise FetchError("timeout", parsed.url, f"timed out after {policy.timeout:g}s") from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, OSError) as exc:
            raise FetchError("network", parsed.url, f"network error: {exc}") from None
        finally:
            self._deadline.set(None)

    def _one(
        self, parsed: ParsedURL, headers: dict[str, str], deadline: float
    ) -> tuple[FetchResult, str | None]:
        url = parsed.url
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timeout", url, f"deadline of {self.policy.timeout:g}s passed")
        request_headers = [(b"Host", parsed.netloc.encode("ascii"))]
        request_headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        timeouts = {"connect": remaining, "read": remaining, "write": remaining, "pool": remaining}
        request_url = httpcore.URL(
            scheme=parsed.scheme.encode("ascii"),
            host=parsed.host.encode("ascii"),
            port=parsed.port,
            target=parsed.target.encode("ascii"),
        )
        self._deadline.set(deadline)
        try:
            with self._get_pool().stream(
                "GET", request_url, headers=request_headers, extensions={"timeout": timeouts}
            ) as response:
                status = response.status
                resp_headers = _header_dict(response.headers)
                if status in _REDIRECT_STATUSES and resp_headers.get("location"):
                    return FetchResult(url, status, resp_headers, b""), resp_headers["location"]
                if status >= 400:
                    raise FetchError(
                        "http",
                        url,
                        f"HTTP {status}",
                        status=status,
                        retry_after=_parse_retry_after(resp_headers.get("retry-after")),
                    )
                if status == 304:
                    return FetchResult(url, 304, resp_headers, b""), None
                body = self._read_body(url, response, resp_headers, deadline)
                return FetchResult(url, status, resp_headers, body), None
        except FetchError:
            raise
        except httpcore.TimeoutException as exc:
            raise FetchError("timeout", url, f"timed out after {self.policy.timeout:g}s ({_describe(exc)})") from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
            raise FetchError("network", url, f"network error: {_describe(exc)}") from None
        except OSError as exc:  # pragma: no cover - sockets errors are mapped by the backend
            raise FetchError("network", url, f"network error: {exc}") from None
        finally:
            self._deadline.set(None)

    def _read_body(
        self, url: str, response: httpcore.Response, headers: dict[str, str], deadline: float
    ) -> bytes:
        cap = self.policy.max_bytes
        raw_cap = cap + max(64 * 1024, cap // 8)
        try:
            chain = _decoders(headers.get("content-encoding", ""))
        except _BadEncoding as exc:
            raise FetchError("network", url, str(exc)) from None
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > (raw_cap if chain else cap):
            raise FetchError("too_large", url, f"body of {int(length)} bytes exceeds the {cap}-byte cap")
        pipeline = _Pipeline(chain, cap)
        received = 0
        try:
            for raw in response.iter_stream():
                received += len(raw)
                if received > raw_cap:
                    raise _TooLarge
                pipeline.feed(raw)
                if time.monotonic() > deadline:
                    raise FetchError("timeout", url, f"deadline of {self.policy.timeout:g}s passed while reading")
            return pipeline.finish()
        except _TooLarge:
            raise FetchError("too_large", url, f"body exceeds the {cap}-byte cap") from None
        except _BadEncoding as exc:
            raise FetchError("network", url, str(exc)) from None

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _connectable(addr: netguard.IPAddress) -> str:
    """The literal to connect to: IPv4-mapped IPv6 is dialled as plain IPv4."""
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(addr).split("%", 1)[0]
    return str(addr)


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _header_dict(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        try:
            # Servers put raw UTF-8 in Location (and Content-Disposition); latin-1 is the fallback.
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode("latin-1")
        out[key] = f"{out[key]}, {text}" if key in out else text
    return out


_ssl_ctx: ssl.SSLContext | None = None
_ssl_lock = threading.Lock()


def _ssl_context() -> ssl.SSLContext:
    global _ssl_ctx
    with _ssl_lock:
        if _ssl_ctx is None:
            try:
                import certifi

                ctx = ssl.create_default_context(cafile=certifi.where())
            except ImportError:  # pragma: no cover
                ctx = ssl.create_default_context()
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            _ssl_ctx = ctx
        return _ssl_ctx


def fetch(url: str, policy: FetchPolicy = FetchPolicy(), **kw: Any) -> FetchResult:
    """One-shot convenience: a Fetcher for a single GET."""
    with Fetcher(policy) as fetcher:
        return fetcher.get(url, **kw)
