"""Issue 13's "done when", as a user types it: the demo week collected and built, 30 recipients imported,
self-approval allowed, `zhoubao publish 1`, then `zhoubao send 1` to a loopback SMTP server — one message with the
PDF to each reader; sending again sends nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.deliver.test_send import Box, box
from tests.e2e.test_demo_week import run
from tests.unit.test_cli import zb

__all__ = ["box", "run"]  # the fixtures: this module collects and builds its own demo home

pytestmark = pytest.mark.e2e

READERS = 30


def _last(res: Any) -> str:
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def test_publish_then_send_the_demo_issue_to_thirty_readers(run: dict[str, Any], tmp_path: Path,
                                                            box: tuple[Box, int]) -> None:
    server, port = box
    home: Path = run["home"]
    toml = home / "zhoubao.toml"
    text = toml.read_text(encoding="utf-8")
    assert "\nallow_self_approval = false\n" in text
    toml.write_text(text.replace("\nallow_self_approval = false\n", "\nallow_self_approval = true\n"), encoding="utf-8")
    book = tmp_path / "readers.csv"
    rows = [f"{'报' if n < 5 else '发'},单位{n},读者{n},reader{n:02d}@example.com" for n in range(READERS)]
    book.write_text("list,unit,name,email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    imported = zb("recipients", "import", str(book), home=home)
    assert imported.returncode == 0, imported.stderr

    published = zb("publish", run["number"], home=home)
    assert published.returncode == 0, published.stderr
    env = {"ZHOUBAO_DELIVER_SMTP_HOST": "127.0.0.1", "ZHOUBAO_DELIVER_SMTP_PORT": str(port),
           "ZHOUBAO_DELIVER_SMTP_SECURITY": "none", "ZHOUBAO_DELIVER_SMTP_FROM_ADDR": "zhoubao@example.org",
           "ZHOUBAO_DELIVER_SMTP_PER_MINUTE": "0", "ZHOUBAO_DELIVER_SMTP_ALLOW": f"127.0.0.1:{port}"}
    sent = zb("send", run["number"], home=home, env=env)
    assert sent.returncode == 0, sent.stderr
    assert _last(sent) == f"已发送 {READERS}，失败 0，跳过 0（已发送过）", sent.stdout
    assert sorted(server.to()) == [f"reader{n:02d}@example.com" for n in range(READERS)]  # each reader once
    for _rcpt, msg in server.messages:
        pdfs = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
        assert len(pdfs) == 1 and pdfs[0].get_content().startswith(b"%PDF"), msg["Subject"]
    again = zb("send", run["number"], home=home, env=env)
    assert again.returncode == 0, again.stderr
    assert _last(again) == f"已发送 0，失败 0，跳过 {READERS}（已发送过）"
    assert len(server.messages) == READERS
