"""The tests' loopback belt holds in the test process and in every Python a test starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.netbelt.loopback_belt import SITE_DIR, NetworkGuardViolation, is_loopback_v4, loopback_target

# TEST-NET-1: reserved for documentation, routed nowhere, so even a broken belt sends nothing useful.
FAR = ("192.0.2.1", 80)


def test_is_loopback_v4() -> None:
    assert is_loopback_v4("127.0.0.1")
    assert is_loopback_v4("127.9.9.9")
    assert not is_loopback_v4("::1")
    assert not is_loopback_v4("128.0.0.1")
    assert not is_loopback_v4("localhost")


def test_loopback_target() -> None:
    assert loopback_target(("127.0.0.1", 80))
    assert loopback_target(("::ffff:127.0.0.1", 80, 0, 0))
    assert loopback_target("/tmp/some.sock")
    assert not loopback_target(("::1", 80, 0, 0))
    assert not loopback_target(("localhost", 80))
    assert not loopback_target(("10.0.0.1", 80))
    assert not loopback_target(FAR)


def test_connect_outside_loopback_is_refused_in_this_process() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        with pytest.raises(NetworkGuardViolation):
            sock.connect(FAR)
        with pytest.raises(NetworkGuardViolation):
            sock.connect_ex(FAR)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(NetworkGuardViolation):
        udp.sendto(b"x", FAR)


def test_loopback_connect_passes() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        with socket.create_connection(listener.getsockname(), timeout=2):
            pass


def test_a_child_python_carries_the_belt() -> None:
    assert str(SITE_DIR) in os.environ["PYTHONPATH"].split(os.pathsep)
    code = (
        "import socket\n"
        "s = socket.socket(); s.settimeout(0.5)\n"
        "try:\n"
        f"    s.connect({FAR!r})\n"
        "except BaseException as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                         timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "NetworkGuardViolation"
