"""Address classification for the fetcher: which hosts and IPs a fetch may reach."""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

__all__ = [
    "BadHost",
    "IPAddress",
    "is_loopback_v4",
    "non_public_reason",
    "parse_ip",
    "parse_ipv4_loose",
]

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

_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")


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


def is_loopback_v4(ip: str) -> bool:
    """True only for an IPv4 address in 127.0.0.0/8 (the test safety net's rule)."""
    try:
        addr = ipaddress.IPv4Address(ip)
    except ValueError:
        return False
    return addr in _LOOPBACK_V4


def parse_ip(text: str) -> IPAddress | None:
    """An address from a resolver's answer (may carry an IPv6 %scope), or None."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


_NUM_PART = re.compile(r"^(?:0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")
_NUMERICISH = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")


class BadHost(ValueError):
    """A host that looks numeric but is not a valid IPv4 address."""


def parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """Read the host the way inet_aton and WHATWG URL parsers do (decimal, octal, hex, 1-4 parts).

    Returns None for an ordinary name; raises BadHost for a numeric-looking host that is not a
    valid address (the WHATWG parser rejects those, and getaddrinfo might read them otherwise).
    """
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]  # one trailing dot is allowed: "127.0.0.1."
    if not parts or not _NUMERICISH.match(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUM_PART.match(p) for p in parts):
        raise BadHost(host)
    nums: list[int] = []
    for p in parts:
        if p[:2] in ("0x", "0X"):
            nums.append(int(p[2:] or "0", 16))
        elif len(p) > 1 and p[0] == "0":
            nums.append(int(p, 8))
        else:
            nums.append(int(p))
    last_bits = 8 * (5 - len(parts))
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= (1 << last_bits):
        raise BadHost(host)
    value = nums[-1]
    for i, n in enumerate(nums[:-1]):
        value |= n << (24 - 8 * i)
    return ipaddress.IPv4Address(value)
