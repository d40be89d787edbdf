"""The tests' belt: under test no socket connects or sends anywhere but 127.0.0.0/8, in this process or a child.

The fetcher's own guard decides what a zhoubao home may reach; this belt sits behind it so that a
broken guard shows up as a NetworkGuardViolation, never as a packet. It is installed twice over:
an audit hook on every socket connect and datagram of the process (Python's own sockets, asyncio
and libraries included; audit hooks cannot be removed, so no test can switch it off), and a check
in front of the fetcher's transport, which refuses before a socket even exists. Subprocesses get the
same hook from `sitecustomize.py` in this folder, which tests/conftest.py puts on PYTHONPATH.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Any

SITE_DIR = Path(__file__).resolve().parent  # on a subprocess's PYTHONPATH: its sitecustomize installs the belt

_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")
_SOCKET_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
_installed = False
_transport_belted = False


class NetworkGuardViolation(BaseException):
    """A connection to a non-loopback address was attempted under test.

    BaseException on purpose: code that records ordinary errors as values must not swallow it.
    """


def is_loopback_v4(ip: str) -> bool:
    """True only for an IPv4 address in 127.0.0.0/8 (the rule for what the fetcher may dial under test)."""
    try:
        addr = ipaddress.IPv4Address(ip)
    except ValueError:
        return False
    return addr in _LOOPBACK_V4


def loopback_target(address: Any) -> bool:
    """True for a socket destination inside 127.0.0.0/8 (IPv4-mapped included) or a unix socket path."""
    if address is None:
        return True  # sendmsg on a connected socket: the connect was judged already
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        addr = ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return False  # a name here would need DNS first; refuse
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return isinstance(addr, ipaddress.IPv4Address) and addr in _LOOPBACK_V4


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event not in _SOCKET_EVENTS or len(args) < 2:
        return
    address = args[1]
    if not loopback_target(address):
        raise NetworkGuardViolation(f"tests are loopback-only: refused {event} to {address!r}")


def install() -> None:
    """Refuse, in this process and for good, every socket connect or datagram that leaves 127.0.0.0/8."""
    global _installed
    if not _installed:
        sys.addaudithook(_audit)
        _installed = True


def belt_transport() -> None:
    """Put the loopback check in front of the fetcher's transport: a refused address gets no socket at all."""
    global _transport_belted
    from zhoubao.net import transport

    if _transport_belted:
        return
    real = transport.open_tcp

    def open_tcp(ip: str, port: int, timeout: float | None) -> socket.socket:
        if not is_loopback_v4(ip):
            raise NetworkGuardViolation(f"tests are loopback-only: refused to connect to {ip}:{port}")
        return real(ip, port, timeout)

    transport.open_tcp = open_tcp
    _transport_belted = True


def subprocess_pythonpath(existing: str | None) -> str:
    """PYTHONPATH for a child Python that carries the belt (this folder first, then what was there)."""
    parts = [str(SITE_DIR)] + [p for p in (existing or "").split(os.pathsep) if p and p != str(SITE_DIR)]
    return os.pathsep.join(parts)
