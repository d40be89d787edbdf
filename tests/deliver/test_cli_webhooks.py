"""`zhoubao send N --only webhook` as users call it: a fake WeCom robot on 127.0.0.1, the policy's one-line refusal,
a dry run, one push, nothing the second time, again with --again."""

from __future__ import annotations

from pathlib import Path

from tests.deliver.test_cli_publish import home
from tests.deliver.test_webhooks import Robot, robots
from tests.unit.test_cli import _one_line_error, zb

__all__ = ["home", "robots"]


def _last(res: object) -> str:
    lines = [ln for ln in getattr(res, "stdout", "").splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def test_push_from_the_command_line(home: Path, robots: tuple[dict[str, Robot], int]) -> None:
    fakes, port = robots
    toml = home / "zhoubao.toml"
    text = toml.read_text(encoding="utf-8").replace("\nallow_self_approval = false\n", "\nallow_self_approval = true\n")
    toml.write_text(text + f'\n[[deliver.webhook]]\nkind = "wecom"\nurl = "http://127.0.0.1:{port}/wecom/send?key=K"\n',
                    encoding="utf-8")
    assert zb("publish", "1", home=home).returncode == 0
    refused = zb("send", "1", "--only", "webhook", home=home)
    _one_line_error(refused)
    assert f'webhook_allow 中加入 "127.0.0.1:{port}"' in refused.stderr and fakes["wecom"].got == []
    env = {"ZHOUBAO_DELIVER_WEBHOOK_ALLOW": f"127.0.0.1:{port}"}
    dry = zb("send", "1", "--only", "webhook", "--dry-run", home=home, env=env)
    assert dry.returncode == 0 and "将推送：wecom:127.0.0.1" in dry.stdout and fakes["wecom"].got == [], dry.stderr
    sent = zb("send", "1", home=home, env=env)  # no mail server set: only the robots
    assert sent.returncode == 0, sent.stderr
    assert _last(sent) == "群机器人：已推送 1，失败 0，跳过 0（已推送过）"
    assert len(fakes["wecom"].got) == 1 and fakes["wecom"].problems == []
    assert "行业动态周报第1期" in fakes["wecom"].got[0]["text"]
    again = zb("send", "1", "--only", "webhook", home=home, env=env)
    assert _last(again) == "群机器人：已推送 0，失败 0，跳过 1（已推送过）" and len(fakes["wecom"].got) == 1
    forced = zb("send", "1", "--only", "webhook", "--again", home=home, env=env)
    assert _last(forced) == "群机器人：已推送 1，失败 0，跳过 0（已推送过）" and len(fakes["wecom"].got) == 2
    mail = zb("send", "1", "--only", "email", home=home, env=env)
    _one_line_error(mail)
    assert "没有收件人" in mail.stderr
