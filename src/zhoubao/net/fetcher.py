"""The fetcher: guarded HTTP(S) GET (and the LLM's POST) with pinned addresses, deadlines and size caps."""

from __future__ import annotations

import email.utils
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin

import httpcore

from zhoubao.conf.settings import defaults
from zhoubao.net import guard, transport
from zhoubao.net.decode import BadEncoding, Pipeline, TooLarge, decoders, raw_cap
from zhoubao.net.errors import FetchError, describe
from zhoubao.net.url import ParsedURL, parse_url

__all__ = ["FetchPolicy", "FetchResult", "Fetcher", "fetch"]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _defaults() -> dict[str, Any]:
    fetch: dict[str, Any] = defaults()["fetch"]
    return fetch


@dataclass(frozen=True)
class FetchPolicy:
    """What a Fetcher may reach and how long and how much it may read."""

    # Unset fields take the [fetch] defaults of defaults.toml (a home's policy comes from policy_for).
    allow: frozenset[str] = frozenset()  # exact "host:port" allowed even if non-public ("127.0.0.1:8123")
    user_agent: str = field(default_factory=lambda: str(_defaults()["user_agent"]))
    # Total deadline per fetch, seconds, across redirects and body reading.
    timeout: float = field(default_factory=lambda: float(_defaults()["timeout"]))
    max_bytes: int = field(default_factory=lambda: int(_defaults()["max_bytes"]))  # decoded size cap
    max_redirects: int = field(default_factory=lambda: int(_defaults()["max_redirects"]))
    resolver: guard.Resolver | None = None  # host, port -> IPs; None = getaddrinfo


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
        self._deadline = transport.Deadline()
        self._backend = transport.PinnedBackend(self._deadline)
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
        return guard.checked_addresses(parsed, deadline, allow=self._allow, resolver=self.policy.resolver)

    # -- fetching

    def _get_pool(self) -> httpcore.ConnectionPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = transport.new_pool(self._backend)
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
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self.post(url, body, {"Content-Type": "application/json", **(headers or {})})

    def post(self, url: str, body: bytes, headers: dict[str, str] | None = None) -> FetchResult:
        """POST `body` as it is (a webhook's signed JSON); same guard as get(), no redirects followed.

        Raises FetchError, with kind "http" for any status of 300 or more.
        """
        policy = self.policy
        deadline = time.monotonic() + policy.timeout
        parsed = parse_url(url)
        head = {"User-Agent": policy.user_agent, "Accept": "application/json", **(headers or {}),
                "Content-Length": str(len(body))}
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
            raise FetchError("timeout", url, f"timed out after {self.policy.timeout:g}s ({describe(exc)})") from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
            raise FetchError("network", url, f"network error: {describe(exc)}") from None
        except OSError as exc:  # pragma: no cover - sockets errors are mapped by the backend
            raise FetchError("network", url, f"network error: {exc}") from None
        finally:
            self._deadline.set(None)

    def _read_body(
        self, url: str, response: httpcore.Response, headers: dict[str, str], deadline: float
    ) -> bytes:
        cap = self.policy.max_bytes
        raw_limit = raw_cap(cap)
        try:
            chain = decoders(headers.get("content-encoding", ""))
        except BadEncoding as exc:
            raise FetchError("network", url, str(exc)) from None
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > (raw_limit if chain else cap):
            raise FetchError("too_large", url, f"body of {int(length)} bytes exceeds the {cap}-byte cap")
        pipeline = Pipeline(chain, cap)
        received = 0
        try:
            for raw in response.iter_stream():
                received += len(raw)
                if received > raw_limit:
                    raise TooLarge
                pipeline.feed(raw)
                if time.monotonic() > deadline:
                    raise FetchError("timeout", url, f"deadline of {self.policy.timeout:g}s passed while reading")
            return pipeline.finish()
        except TooLarge:
            raise FetchError("too_large", url, f"body exceeds the {cap}-byte cap") from None
        except BadEncoding as exc:
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


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


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


def fetch(url: str, policy: FetchPolicy = FetchPolicy(), **kw: Any) -> FetchResult:
    """One-shot convenience: a Fetcher for a single GET."""
    with Fetcher(policy) as fetcher:
        return fetcher.get(url, **kw)
