"""The address guard: which addresses a fetch may connect to, after resolving the host with an injectable resolver."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from zhoubao.net.errors import FetchError, describe
from zhoubao.net.url import IPAddress, ParsedURL

__all__ = [
    "Resolver",
    "checked_addresses",
    "non_public_reason",
    "parse_ip",
    "resolve_with_deadline",
    "system_resolve",
]

# host, port -> the addresses it resolves to (text); raises (any exception) when it cannot resolve.
Resolver = Callable[[str, int], list[str]]

# Every IPv4 range that is not ordinary public unicast.  Listed explicitly rather than trusting
# ipaddress.is_global, whose tables changed between 3.11 patch releases.
_V4_BLOCKED: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(net), why)
    for net, why in (
        ("0.0.0.0/8", "unspecified / this network"),
        ("10.0.0.0/8", "private (RFC 1918)"),
        ("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments"),
        ("192.0.2.0/24", "documentation (TEST-NET-1)"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("192.168.0.0/16", "private (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation (TEST-NET-2)"),
        ("203.0.113.0/24", "documentation (TEST-NET-3)"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),
        ("255.255.255.255/32", "broadcast"),
    )
)

_V6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_V6_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_V6_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")  # SIIT, RFC 2765
_V6_COMPAT = ipaddress.IPv6Network("::/96")
_V6_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_V6_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_V6_TEREDO = ipaddress.IPv6Network("2001::/32")
_V6_IETF = ipaddress.IPv6Network("2001::/23")
_V6_6TO4 = ipaddress.IPv6Network("2002::/16")
_V6_BLOCKED_IN_GLOBAL: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(net), why)
    for net, why in (
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
    )
)
_V6_NAMED: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(net), why)
    for net, why in (
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("fc00::/7", "unique local"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
        ("100::/64", "discard-only"),
    )
)

def _embedded_v4(value: int) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(value & 0xFFFFFFFF)


def non_public_reason(addr: IPAddress) -> str | None:
    """Why `addr` must not be fetched from, or None when it is ordinary public unicast."""
    if isinstance(addr, ipaddress.IPv4Address):
        for net, why in _V4_BLOCKED:
            if addr in net:
                return why
        return None
    if addr.scope_id:
        return "scoped IPv6 address"
    for net6, why in _V6_NAMED:
        if addr in net6:
            return why
    # IPv6 forms that carry an IPv4 address: judge the address they lead to.
    for wrap, label in (
        (_V6_MAPPED, "IPv4-mapped"),
        (_V6_TRANSLATED, "IPv4-translated"),
        (_V6_NAT64, "NAT64"),
        (_V6_COMPAT, "IPv4-compatible"),
    ):
        if addr in wrap:
            inner = _embedded_v4(int(addr))
            reason = non_public_reason(inner)
            if reason is not None:
                return f"{label} {inner}: {reason}"
            if wrap is _V6_COMPAT:
                return "IPv4-compatible (deprecated)"
            return None
    if addr in _V6_NAT64_LOCAL:
        return "local-use NAT64"
    if addr not in _V6_GLOBAL_UNICAST:
        return "not global unicast"
    if addr in _V6_TEREDO:
        teredo = addr.teredo
        assert teredo is not None
        for inner in teredo:
            reason = non_public_reason(inner)
            if reason is not None:
                return f"Teredo {inner}: {reason}"
        return None
    if addr in _V6_IETF:
        return "IETF protocol assignments"
    if addr in _V6_6TO4:
        inner = _embedded_v4(int(addr) >> 80)
        reason = non_public_reason(inner)
        return None if reason is None else f"6to4 {inner}: {reason}"
    for blocked, why in _V6_BLOCKED_IN_GLOBAL:
        if addr in blocked:
            return why
    return None


def parse_ip(text: str) -> IPAddress | None:
    """An address from a resolver's answer (may carry an IPv6 %scope), or None."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None



# --------------------------------------------------------------------------------------------
# Resolving and checking


def system_resolve(host: str, port: int) -> list[str]:
    """The default resolver: the system's getaddrinfo, each address once, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = str(sockaddr[0])
        if ip not in seen:
            seen.append(ip)
    return seen


def resolve_with_deadline(resolver: Resolver, host: str, port: int, timeout: float) -> list[str]:
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


def checked_addresses(
    parsed: ParsedURL, deadline: float, *, allow: frozenset[str] = frozenset(), resolver: Resolver | None = None
) -> list[str]:
    """The addresses `parsed` may connect to, after the guard; raises FetchError.

    `allow` holds exact lower-case "host:port" keys let through even when non-public; `resolver`
    None means the system's (run against `deadline`), any other is called as it is.
    """
    allowed = parsed.allow_key in allow
    url = parsed.url
    if parsed.ip is not None:
        ips = [str(parsed.ip)]
    else:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timeout", url, "deadline passed before name lookup")
        try:
            if resolver is None:
                # Only the system's lookup can hang inside the C library: it runs on a thread, against the deadline.
                ips = resolve_with_deadline(system_resolve, parsed.host, parsed.port, remaining)
            else:
                ips = list(resolver(parsed.host, parsed.port))
        except TimeoutError:
            raise FetchError("timeout", url, f"name lookup for {parsed.host} timed out") from None
        except Exception as exc:  # a resolver's failure of any sort means "cannot resolve"
            raise FetchError("network", url, f"cannot resolve {parsed.host}: {describe(exc)}") from None
        if not ips:
            raise FetchError("network", url, f"cannot resolve {parsed.host}")
    checked: list[str] = []
    for text in ips:
        addr = parse_ip(str(text))
        if addr is None:
            raise FetchError("refused", url, f"{parsed.host} resolved to unreadable address {text!r}")
        if not allowed:
            reason = non_public_reason(addr)
            if reason is not None:
                raise FetchError("refused", url, f"{parsed.host} is {addr} ({reason}); not fetched")
        checked.append(_connectable(addr))
    return checked


def _connectable(addr: IPAddress) -> str:
    """The literal to connect to: IPv4-mapped IPv6 is dialled as plain IPv4."""
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(addr).split("%", 1)[0]
    return str(addr)
