"""Polite fetching: robots.txt, per-host concurrency and delay, Retry-After, back-off and the next check.

Everything here goes through the guarded Fetcher; this module only decides when and whether a
request may be made. Per-host state lives in memory for one run; what must outlast the run
(robots.txt, Retry-After, the publication interval) is written to the Source by the collector.
When several processes fetch (workers on several machines), the per-host limit is also held in a
store they share (`HostSlots`, e.g. the Redis broker's): a request takes one of the host's
`per_host` shared slots besides the process's own, so the limit holds across processes.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from protego import Protego

from zhoubao.conf.settings import defaults
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher, FetchResult
from zhoubao.net.url import parse_url

__all__ = [
    "BACKOFF_BASE",
    "HostSlots",
    "PoliteError",
    "Politeness",
    "backoff",
    "estimate_interval",
    "next_interval",
]

ROBOTS_TTL = 24 * 3600.0  # a fetched robots.txt (or its absence) is trusted this long
ROBOTS_RETRY = 600.0  # after a 5xx or network failure, robots.txt is asked again after this
ROBOTS_MAX_TEXT = 512 * 1024  # RFC 9309: parse at least 500 KiB; ignore the rest
MAX_CRAWL_DELAY = 60.0  # a Crawl-delay beyond this is capped (a weekly must finish collecting)
DEFAULT_RETRY_AFTER = 60.0  # a 429 without Retry-After
MAX_RETRY_AFTER = 7 * 24 * 3600.0

MIN_INTERVAL = timedelta(minutes=15)  # never check a source more often than this
MAX_INTERVAL = timedelta(hours=24)  # nor less often
DEFAULT_INTERVAL = timedelta(hours=1)  # when nothing is known about how often it publishes
BACKOFF_BASE = timedelta(minutes=15)  # first wait after a failure; doubles with each failure in a row
BACKOFF_MAX = timedelta(hours=24)


class PoliteError(FetchError):
    """A request not made or not usable for politeness' sake.

    kind "robots": robots.txt disallows the URL; "robots_unavailable": robots.txt could not be read
    (5xx, network) so the host is left alone for now; "deferred": the host asked us to wait
    (Retry-After) and that time has not come.
    """


@dataclass
class _Robots:
    parser: Protego | None  # None: no robots.txt (4xx), everything allowed
    text: str
    checked: datetime  # wall-clock time it was fetched
    expires: float  # monotonic
    unavailable: str = ""  # a 5xx/network failure: the reason, until `expires`
    retry_after: float | None = None


class HostSlots(Protocol):
    """Per-host slots shared by every process that fetches: `hold(key, slots)` blocks until one of the host's
    `slots` is free and holds it for the block (raising FetchError when none frees up in time); a holder that
    dies loses its slot after a while (an expiry), so a killed worker never keeps a host's slot for good."""

    def hold(self, key: str, slots: int) -> AbstractContextManager[None]: ...


class _Host:
    def __init__(self, per_host: int) -> None:
        self.slots = threading.BoundedSemaphore(per_host)
        self.lock = threading.Lock()  # guards next_start and blocked_until
        self.robots_lock = threading.Lock()  # one robots.txt fetch per host at a time
        self.next_start = 0.0
        self.blocked_until = 0.0  # monotonic; Retry-After
        self.crawl_delay = 0.0


class Politeness:
    """Wraps a Fetcher: robots.txt, at most `per_host` requests at once per host, `delay` between starts."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        per_host: int | None = None,
        delay: float | None = None,
        robots: bool | None = None,
        user_agent: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        shared: HostSlots | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.shared = shared
        d = defaults()["fetch"]  # what is not given is the [fetch] default
        self.per_host = max(1, int(d["per_host"] if per_host is None else per_host))
        self.delay = max(0.0, float(d["delay"] if delay is None else delay))
        self.obey_robots = bool(d["robots"] if robots is None else robots)
        self.agent = _agent_token(str(d["user_agent"] if user_agent is None else user_agent))
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._lock = threading.Lock()
        self._requests = 0

    @property
    def requests(self) -> int:
        """Requests made so far, robots.txt included."""
        return self._requests

    def _count(self) -> None:
        with self._lock:
            self._requests += 1

    # -- hosts --------------------------------------------------------------------------------

    @staticmethod
    def host_key(url: str) -> str:
        parsed = parse_url(url)
        return f"{parsed.scheme}://{parsed.host_for_url}:{parsed.port}"

    def _host(self, key: str) -> _Host:
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(self.per_host)
            return host

    def blocked_for(self, url: str) -> float:
        """Seconds until the host of `url` may be asked again (0 when it may be asked now)."""
        host = self._host(self.host_key(url))
        with host.lock:
            return max(0.0, host.blocked_until - self._clock())

    def block(self, url: str, seconds: float) -> None:
        host = self._host(self.host_key(url))
        with host.lock:
            host.blocked_until = max(host.blocked_until, self._clock() + min(seconds, MAX_RETRY_AFTER))

    @contextmanager
    def _slot(self, key: str) -> Iterator[None]:
        host = self._host(key)
        with host.slots:
            with host.lock:
                now = self._clock()
                start = max(now, host.next_start)
                host.next_start = start + max(self.delay, host.crawl_delay)
            if start > now:
                self._sleep(start - now)
            if self.shared is None:
                yield
            else:
                with self.shared.hold(key, self.per_host):
                    yield

    # -- robots.txt ---------------------------------------------------------------------------

    def seed_robots(self, url: str, text: str, checked: datetime) -> None:
        """Use a robots.txt fetched earlier (stored on a source) while it is fresh."""
        if not self.obey_robots:
            return
        age = (datetime.now(checked.tzinfo) - checked).total_seconds()
        if age < 0 or age >= ROBOTS_TTL:
            return
        try:
            key = self.host_key(url)
        except FetchError:
            return
        with self._lock:
            if key in self._robots:
                return
            self._robots[key] = self._entry(text, checked, self._clock() + ROBOTS_TTL - age)
        self._apply_crawl_delay(key)

    def robots_record(self, url: str) -> tuple[str, datetime] | None:
        """(robots.txt text, when fetched) known for the host of `url`, to store on its source."""
        try:
            key = self.host_key(url)
        except FetchError:
            return None
        with self._lock:
            entry = self._robots.get(key)
        if entry is None or entry.unavailable:
            return None
        return entry.text, entry.checked

    def _entry(self, text: str, checked: datetime, expires: float) -> _Robots:
        text = text[:ROBOTS_MAX_TEXT]
        return _Robots(Protego.parse(text) if text.strip() else None, text, checked, expires)

    def _apply_crawl_delay(self, key: str) -> None:
        with self._lock:
            entry = self._robots.get(key)
        if entry is None or entry.parser is None:
            return
        try:
            delay = entry.parser.crawl_delay(self.agent)
        except Exception:  # a malformed Crawl-delay is no delay
            delay = None
        if delay:
            host = self._host(key)
            with host.lock:
                host.crawl_delay = min(float(delay), MAX_CRAWL_DELAY)

    def _robots_for(self, key: str) -> _Robots:
        host = self._host(key)
        with host.robots_lock:
            with self._lock:
                entry = self._robots.get(key)
            if entry is not None and entry.expires > self._clock():
                return entry
            entry = self._fetch_robots(key)
            with self._lock:
                self._robots[key] = entry
        self._apply_crawl_delay(key)
        return entry

    def _fetch_robots(self, key: str) -> _Robots:
        url = key + "/robots.txt"
        now = datetime.now().astimezone()
        try:
            with self._slot(key):
                self._count()
                got = self.fetcher.get(url, accept="text/plain, */*;q=0.5")
        except FetchError as exc:
            if exc.kind in ("refused", "scheme", "bad_url"):
                raise  # the host itself may not be fetched
            if exc.kind == "http" and exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return _Robots(None, "", now, self._clock() + ROBOTS_TTL)  # no robots.txt: all allowed
            wait = exc.retry_after if exc.retry_after is not None else ROBOTS_RETRY
            return _Robots(None, "", now, self._clock() + min(max(wait, 1.0), ROBOTS_TTL),
                           unavailable=f"robots.txt 无法获取：{exc}", retry_after=exc.retry_after)
        text = got.content[: ROBOTS_MAX_TEXT].decode("utf-8", errors="replace").lstrip("\ufeff")
        return self._entry(text, now, self._clock() + ROBOTS_TTL)

    def check_robots(self, url: str) -> None:
        """Raise PoliteError when robots.txt forbids `url` or cannot be read now."""
        if not self.obey_robots:
            return
        key = self.host_key(url)
        entry = self._robots_for(key)
        if entry.unavailable:
            raise PoliteError("robots_unavailable", url, entry.unavailable, retry_after=entry.retry_after)
        if entry.parser is None:
            return
        if not entry.parser.can_fetch(parse_url(url).url, self.agent):
            raise PoliteError("robots", url, "robots.txt 不允许抓取")

    # -- fetching -----------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> FetchResult:
        """GET `url` politely; raises FetchError (PoliteError when politeness said no)."""
        key = self.host_key(url)  # raises bad_url/scheme before anything else happens
        wait = self.blocked_for(url)
        if wait > 0:
            raise PoliteError("deferred", url, f"站点要求 {wait:.0f} 秒后再访问（Retry-After）", retry_after=wait)
        self.check_robots(url)
        with self._slot(key):
            wait = self.blocked_for(url)  # another thread may have been told to wait meanwhile
            if wait > 0:
                raise PoliteError("deferred", url, f"站点要求 {wait:.0f} 秒后再访问（Retry-After）",
                                  retry_after=wait)
            self._count()
            try:
                return self.fetcher.get(url, etag=etag, last_modified=last_modified, accept=accept)
            except FetchError as exc:
                if exc.kind == "http" and exc.status in (429, 503):
                    seconds = exc.retry_after
                    if seconds is None and exc.status == 429:
                        seconds = DEFAULT_RETRY_AFTER
                    if seconds is not None:
                        exc.retry_after = min(seconds, MAX_RETRY_AFTER)
                        self.block(url, exc.retry_after)
                raise


def _agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: the user agent up to its first "/" or space."""
    token = user_agent.strip().split("/", 1)[0].split(" ", 1)[0]
    return token or "zhoubao"


# --------------------------------------------------------------------------------------------
# Scheduling


def backoff(error_count: int, *, rng: random.Random | None = None) -> timedelta:
    """How long to leave a source alone after `error_count` failures in a row (doubling, capped, jittered)."""
    n = max(1, error_count)
    seconds = min(BACKOFF_BASE.total_seconds() * 2 ** min(n - 1, 20), BACKOFF_MAX.total_seconds())
    return timedelta(seconds=seconds * (rng or random).uniform(0.9, 1.1))


def estimate_interval(dates: Iterable[datetime], now: datetime, *, keep: int = 10) -> float | None:
    """Seconds between publications: the span from the k-th newest date to now, over k (k <= keep).

    Counting up to now (not to the newest item) makes a source that has gone quiet look slower
    with every check, so it is checked less often; None when fewer than two dates are known.
    """
    past = sorted({d for d in dates if d is not None and d <= now}, reverse=True)[:keep]
    if len(past) < 2:
        return None
    span = (now - past[-1]).total_seconds()
    return max(span / len(past), 1.0)


def next_interval(publish_interval: float | None, *, rng: random.Random | None = None) -> timedelta:
    """When to check again: half the publication interval, between MIN_INTERVAL and MAX_INTERVAL, jittered."""
    if publish_interval is None:
        base = DEFAULT_INTERVAL.total_seconds()
    else:
        base = min(max(publish_interval / 2, MIN_INTERVAL.total_seconds()), MAX_INTERVAL.total_seconds())
    return timedelta(seconds=base * (rng or random).uniform(0.9, 1.1))
