"""The Redis broker goes through the same address policy as fetching: a loopback or private broker is refused
unless [jobs] allow lists it, every connection dials only a checked address, and no password sits in a URL."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from tests.jobs.helpers import until, zb
from zhoubao.conf.settings import ConfigError, load
from zhoubao.net.broker import BrokerError, broker_address, broker_pool, check_broker


def test_the_broker_url_is_read_and_never_shown_with_a_password() -> None:
    addr = broker_address("redis://queue.example.org:6380/2")
    assert (addr.host, addr.port, addr.db, addr.tls) == ("queue.example.org", 6380, 2, False)
    assert broker_address("rediss://[2001:db8::5]/0").shown() == "rediss://[2001:db8::5]:6379/0"
    with pytest.raises(BrokerError, match="password_env"):
        broker_address("redis://:secret@queue.example.org:6379/0")
    with pytest.raises(BrokerError, match="库号"):
        broker_address("redis://queue.example.org:6379/zero")


def test_a_broker_setting_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"jobs\.broker"):
        load(tmp_path, env={"ZHOUBAO_JOBS_BROKER": "amqp://queue.example.org"})
    s = load(tmp_path, env={"ZHOUBAO_JOBS_BROKER": "redis://127.0.0.1:6379/0", "ZHOUBAO_JOBS_ALLOW": "127.0.0.1:6379"})
    assert s.jobs.allow == frozenset({"127.0.0.1:6379"})


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "redis://localhost:6379/0", "redis://10.1.2.3:6379/0",
                                 "redis://[::1]:6379/0", "redis://169.254.169.254:6379/0"])
def test_loopback_private_and_link_local_brokers_need_to_be_allowed(url: str) -> None:
    with pytest.raises(BrokerError, match=r"\[jobs\] allow"):
        check_broker(url, frozenset())


def _listener() -> tuple[socket.socket, int, list[tuple[str, int]]]:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    peers: list[tuple[str, int]] = []

    def accept() -> None:
        while True:
            try:
                conn, peer = srv.accept()
            except OSError:
                return
            peers.append(peer)
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    return srv, int(srv.getsockname()[1]), peers


def test_every_connection_dials_a_checked_address() -> None:
    srv, port, peers = _listener()
    try:
        allowed = broker_pool(f"redis://127.0.0.1:{port}/0", frozenset({f"127.0.0.1:{port}"}))
        sock = allowed.make_connection()._connect()
        assert sock.getpeername() == ("127.0.0.1", port)
        sock.close()
        until(lambda: len(peers) == 1, timeout=10, every=0.05, what="the listener saw the connection")
        # The same pool settings without the allow entry: refused before any packet is sent.
        before = len(peers)
        refused = broker_pool(f"redis://127.0.0.1:{port}/0", frozenset())
        with pytest.raises(BrokerError, match="地址策略拒绝"):
            refused.make_connection()._connect()
        import time

        time.sleep(0.3)
        assert len(peers) == before
    finally:
        srv.close()


def test_a_refused_broker_stops_the_worker_with_one_line_and_status_still_answers(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert zb(tmp_path, "init", str(home)).returncode == 0
    extra = {"ZHOUBAO_JOBS_BROKER": "redis://127.0.0.1:6399/0"}
    res = zb(home, "worker", extra=extra, timeout=60)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().startswith("错误：") and '"127.0.0.1:6399"' in res.stderr
    st = zb(home, "status", extra=extra)
    assert st.returncode == 0 and "无法连接" in st.stdout and "[jobs] allow" in st.stdout
