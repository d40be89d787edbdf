"""`zhoubao send N` as users call it: one-line Chinese refusals, the settings from the environment, a one-line summary."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from tests import pg
from tests.deliver.test_cli_publish import home
from tests.deliver.test_send import Box, _free_port, box
from tests.unit.test_cli import _one_line_error, zb

__all__ = ["box", "home"]

CSV = "list,unit,name,email\n理事单位,甲公司,张三,zhang@example.com\n会员单位,乙公司,李四,li@example.com\n"


def _last(res: object) -> str:
    lines = [ln for ln in getattr(res, "stdout", "").splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def test_send_from_the_command_line(home: Path, tmp_path: Path, box: tuple[Box, int]) -> None:
    server, port = box
    refused = zb("send", "1", home=home)
    _one_line_error(refused)
    assert "尚未发布" in refused.stderr
    toml = home / "zhoubao.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("\nallow_self_approval = false\n",
                                                             "\nallow_self_approval = true\n"), encoding="utf-8")
    assert zb("publish", "1", home=home).returncode == 0
    nobody = zb("send", "1", home=home)
    _one_line_error(nobody)
    assert "没有收件人" in nobody.stderr
    book = tmp_path / "book.csv"
    book.write_text(CSV, encoding="utf-8")
    assert zb("recipients", "import", str(book), home=home).returncode == 0
    unset = zb("send", "1", home=home)
    _one_line_error(unset)
    assert "邮件服务器未配置" in unset.stderr
    env = {"ZHOUBAO_DELIVER_SMTP_HOST": "127.0.0.1", "ZHOUBAO_DELIVER_SMTP_PORT": str(port),
           "ZHOUBAO_DELIVER_SMTP_SECURITY": "none", "ZHOUBAO_DELIVER_SMTP_FROM_ADDR": "zhoubao@example.org",
           "ZHOUBAO_DELIVER_SMTP_PER_MINUTE": "0"}
    loopback = zb("send", "1", home=home, env=env)
    _one_line_error(loopback)
    assert "地址策略" in loopback.stderr and f'[deliver.smtp] allow 中加入 "127.0.0.1:{port}"' in loopback.stderr
    env["ZHOUBAO_DELIVER_SMTP_ALLOW"] = f"127.0.0.1:{port}"
    dry = zb("send", "1", "--dry-run", home=home, env=env)
    assert dry.returncode == 0, dry.stderr
    assert "zhang@example.com" in dry.stdout and "li@example.com" in dry.stdout and "未发送任何邮件" in dry.stdout
    assert server.messages == []
    sent = zb("send", "1", home=home, env=env)
    assert sent.returncode == 0, sent.stderr
    assert _last(sent) == "已发送 2，失败 0，跳过 0（已发送过）"
    assert server.to() == ["li@example.com", "zhang@example.com"]
    again = zb("send", "1", home=home, env=env)
    assert _last(again) == "已发送 0，失败 0，跳过 2（已发送过）" and len(server.messages) == 2
    trial = zb("send", "1", "--test", "editor@example.org", home=home, env=env)
    assert _last(trial) == "已发送 1，失败 0，跳过 0（已发送过）" and server.to()[0] == "editor@example.org"
    resent = zb("send", "1", "--again", "--list", "会员单位", home=home, env=env)
    assert _last(resent) == "已发送 1，失败 0，跳过 0（已发送过）", resent.stdout + resent.stderr
    assert len(server.messages) == 4


class Stall(Box):
    """Holds the message for `stall` at its end (the client waits for the answer) until released; keeps nothing
    of it: whether a server that is cut off there accepted it is what nobody can know."""

    def __init__(self, stall: str) -> None:
        super().__init__()
        self.stall = stall
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if envelope.rcpt_tos[0] == self.stall:
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 gone"
        return await super().handle_DATA(server, session, envelope)


def _states(home: Path) -> dict[str, str]:
    with pg.archive(home, pg.child_env(home=home)) as con:
        return dict(con.execute("select email, state from archive_delivery").fetchall())


def test_kill_9_mid_send_resumes_and_never_sends_twice(home: Path, tmp_path: Path) -> None:
    handler = Stall("li@example.com")
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        toml = home / "zhoubao.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace("\nallow_self_approval = false\n",
                                                                 "\nallow_self_approval = true\n"), encoding="utf-8")
        assert zb("publish", "1", home=home).returncode == 0
        book = tmp_path / "book.csv"
        book.write_text(CSV + "会员单位,丙公司,王五,wang@example.net\n", encoding="utf-8")
        assert zb("recipients", "import", str(book), home=home).returncode == 0
        env = {k: v for k, v in os.environ.items() if k not in ("ZHOUBAO_HOME", "DJANGO_SETTINGS_MODULE")}
        env = pg.child_env(env, home) | {
            "ZHOUBAO_DELIVER_SMTP_HOST": "127.0.0.1", "ZHOUBAO_DELIVER_SMTP_PORT": str(port),
            "ZHOUBAO_DELIVER_SMTP_SECURITY": "none", "ZHOUBAO_DELIVER_SMTP_FROM_ADDR": "zhoubao@example.org",
            "ZHOUBAO_DELIVER_SMTP_PER_MINUTE": "0", "ZHOUBAO_DELIVER_SMTP_ALLOW": f"127.0.0.1:{port}"}
        child = subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "send", "1"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert handler.stalled.wait(300), "the send never reached li@example.com"
        finally:
            child.kill()  # SIGKILL: the message's end was sent, the answer never recorded
            child.wait(60)
        handler.release.set()
        # Recipients are sent in the address book's order: 会员单位 (丙公司 王五, 乙公司 李四), then 理事单位 (张三).
        assert _states(home) == {"wang@example.net": "sent", "li@example.com": "sending", "zhang@example.com": "queued"}
        assert handler.to() == ["wang@example.net"]
        envs = {k: v for k, v in env.items() if k.startswith("ZHOUBAO_DELIVER")}
        # Run again at once: wang@ had it, li@'s row is too fresh to tell from a run still going (left alone).
        resumed = zb("send", "1", home=home, env=envs)
        assert _last(resumed) == "已发送 1，失败 0，跳过 1（已发送过）", resumed.stdout + resumed.stderr
        assert handler.to() == ["wang@example.net", "zhang@example.com"]
        # Once the interrupted row is old enough not to belong to a run still going, it is marked failed, not resent.
        with pg.archive(home, pg.child_env(home=home)) as con:
            con.execute("update archive_delivery set updated = '2000-01-01 00:00:00' where state = 'sending'")
        later = zb("send", "1", home=home, env=envs)
        assert _last(later) == "已发送 0，失败 1，跳过 2（已发送过）", later.stdout + later.stderr
        assert "服务器是否已接收未知" in later.stdout
        assert _states(home)["li@example.com"] == "failed" and len(handler.messages) == 2
    finally:
        handler.release.set()
        controller.stop()
