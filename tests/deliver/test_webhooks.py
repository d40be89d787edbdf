"""`zhoubao send N` to IM group robots: fake WeCom, DingTalk, Feishu and JSON webhooks on 127.0.0.1 that check the
signature, the size limit and the JSON shape each platform documents; the ledger pushes each message once."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from zhoubao.app import publish
from zhoubao.app.send import SendRefused
from zhoubao.app.webhooks import push_issue
from zhoubao.archive.models import Delivery, Issue
from zhoubao.conf.settings import Settings, WebhookSettings
from zhoubao.deliver import webhook as robot

SECRET = "SEC-test-secret-0123456789"


class Robot:
    """What the fake platform received; `fail` makes it answer an errcode (a platform's refusal)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.got: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.fail = False

    def check(self, path: str, headers: Any, body: bytes) -> tuple[int, dict[str, Any]]:
        query = parse_qs(urlsplit(path).query)
        data = json.loads(body)
        kind = self.kind
        if kind == "wecom":
            assert set(data) == {"msgtype", "markdown"} and data["msgtype"] == "markdown"
            content = data["markdown"]["content"]
            if len(content.encode("utf-8")) > 4096:
                self.problems.append(f"wecom content of {len(content.encode())} bytes")
            text = content
        elif kind == "dingtalk":
            ts, sign = query["timestamp"][0], query["sign"][0]
            want = base64.b64encode(hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest())
            if sign.encode() != want or abs(int(ts) / 1000 - time.time()) > 3600:
                self.problems.append("dingtalk sign")
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
            assert data["msgtype"] == "markdown" and data["markdown"]["title"]
            text = data["markdown"]["text"]
            if len(text.encode("utf-8")) > 15000:
                self.problems.append("dingtalk size")
        elif kind == "feishu":
            if len(body) > 20 * 1024:
                self.problems.append(f"feishu body of {len(body)} bytes")
                return 200, {"code": 9499, "msg": "Bad Request"}
            ts = data["timestamp"]
            want = base64.b64encode(hmac.new(f"{ts}\n{SECRET}".encode(), b"", hashlib.sha256).digest()).decode()
            if data["sign"] != want or abs(int(ts) - time.time()) > 3600:
                self.problems.append("feishu sign")
                return 200, {"code": 19021, "msg": "sign match fail"}
            assert data["msg_type"] == "text"
            text = data["content"]["text"]
        else:
            mac = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            if headers.get("X-Zhoubao-Signature") != mac:
                self.problems.append("json signature")
                return 401, {"error": "bad signature"}
            assert {"issue", "title", "date", "url", "part", "parts", "text"} <= set(data)
            text = data["text"]
        if self.fail:
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url"} if kind != "feishu" else \
                {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
        self.got.append({"text": text, "data": data})
        return 200, {"errcode": 0, "errmsg": "ok"} if kind in ("wecom", "dingtalk") else {"code": 0, "msg": "success"}


@pytest.fixture
def robots() -> Iterator[tuple[dict[str, Robot], int]]:
    fakes = {k: Robot(k) for k in robot.LIMITS}
    connections: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            kind = self.path.strip("/").split("?")[0].split("/")[0]
            body = self.rfile.read(int(self.headers["Content-Length"]))
            connections.append(kind)
            status, answer = fakes[kind].check(self.path, self.headers, body)
            out = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fakes, int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def published(issue: Issue, users: dict[str, Any], home: Settings) -> Issue:
    for step, who in (("submit", "editor"), ("approve", "reviewer"), ("publish", "reviewer")):
        issue.refresh_from_db()
        publish.transition(home, issue.pk, step, users[who], version=issue.version)
    issue.refresh_from_db()
    return issue


def _configured(home: Settings, port: int, kinds: tuple[str, ...] = ("wecom", "dingtalk", "feishu", "json"),
                content: str = "summary", allow: bool = True) -> Settings:
    hooks = tuple(WebhookSettings(k, f"http://127.0.0.1:{port}/{k}/send?key=K", "" if k == "wecom" else "ZB_SECRET",
                                  "", content) for k in kinds)
    deliver = dataclasses.replace(home.deliver, webhook=hooks, base_url="https://desk.example.org",
                                  webhook_allow=frozenset({f"127.0.0.1:{port}"} if allow else set()))
    return dataclasses.replace(home, deliver=deliver)


def _no_wait(_s: float) -> None:
    pass


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZB_SECRET", SECRET)


def _rows(issue: Issue) -> list[Delivery]:
    return list(Delivery.objects.filter(issue=issue, channel="webhook").order_by("round", "id"))


def test_each_robot_gets_the_summary_and_link_signed_once(published: Issue, home: Settings,
                                                            robots: tuple[dict[str, Robot], int]) -> None:
    fakes, port = robots
    settings = _configured(home, port)
    report = push_issue(settings, published.number, sleep=_no_wait)
    assert (report.sent, report.failed, report.skipped) == (4, 0, 0)
    for kind, fake in fakes.items():
        assert fake.problems == [], kind
        assert len(fake.got) == 1, kind
        text = fake.got[0]["text"]
        assert f"第{published.number}期" in text and "摘要" in text
        assert f"https://desk.example.org/issues/{published.pk}/" in text
    assert fakes["json"].got[0]["data"]["url"] == f"https://desk.example.org/issues/{published.pk}/"
    rows = _rows(published)
    assert [r.state for r in rows] == ["sent"] * 4
    assert all("key=K" not in r.email and r.reply for r in rows)  # the robot's key never lands in the ledger
    again = push_issue(settings, published.number, sleep=_no_wait)  # a second run pushes nothing
    assert (again.sent, again.skipped) == (0, 4)
    assert sum(len(f.got) for f in fakes.values()) == 4
    third = push_issue(settings, published.number, again=True, sleep=_no_wait)
    assert third.sent == 4 and sum(len(f.got) for f in fakes.values()) == 8


def test_a_long_issue_is_split_under_each_limit(published: Issue, home: Settings,
                                                 robots: tuple[dict[str, Robot], int]) -> None:
    fakes, port = robots
    long_text = robot.IssueText(1, "行业动态周报第1期", "2025年6月9日", ("摘要一",),
                                (("要闻", tuple((f"标题{i}", ("很长的段落。" * 120,)) for i in range(40))),), "")
    for kind, limit in robot.LIMITS.items():
        parts = robot.messages(long_text, kind, "full")
        assert len(parts) > 1, kind
        whole = "".join(p.split("\n", 1)[1] for p in parts)
        assert whole.count("很长的段落。") == 40 * 120, kind  # nothing lost at the cuts
        for i, p in enumerate(parts, 1):
            assert p.startswith(f"（{i}/{len(parts)}）")
            body = robot.request(kind, "http://x/", SECRET, long_text, p, i, len(parts)).body
            size = len(p.encode()) if kind in ("wecom", "dingtalk") else len(body)
            assert size <= limit, (kind, i, size)
    # And through the fake platforms: the published issue's full text, each part recorded in the ledger.
    settings = _configured(home, port, kinds=("wecom", "feishu"), content="full")
    report = push_issue(settings, published.number, sleep=_no_wait)
    assert report.failed == 0 and fakes["wecom"].problems == [] and fakes["feishu"].problems == []
    assert len(fakes["wecom"].got) == report.sent - len(fakes["feishu"].got)
    wecom_rows = [r for r in _rows(published) if r.email.startswith("wecom:")]
    assert len(wecom_rows) == len(fakes["wecom"].got) and all(r.state == "sent" for r in wecom_rows)


def test_an_errcode_is_a_failure_pushed_again_only_with_again(published: Issue, home: Settings,
                                                               robots: tuple[dict[str, Robot], int]) -> None:
    fakes, port = robots
    fakes["dingtalk"].fail = True
    settings = _configured(home, port, kinds=("dingtalk", "feishu"))
    report = push_issue(settings, published.number, sleep=_no_wait)
    assert (report.sent, report.failed) == (1, 1)
    assert report.failures[0][0] == "dingtalk:127.0.0.1:" + str(port) or report.failures[0][0].startswith("dingtalk:")
    assert "errcode=93000" in report.failures[0][1] and "invalid webhook url" in report.failures[0][1]
    fakes["dingtalk"].fail = False
    later = push_issue(settings, published.number, sleep=_no_wait)
    assert (later.sent, later.failed, later.skipped) == (0, 1, 1)  # the failure stays a failure, not retried
    assert fakes["dingtalk"].got == []
    again = push_issue(settings, published.number, again=True, sleep=_no_wait)
    assert (again.sent, again.failed) == (2, 0) and len(fakes["dingtalk"].got) == 1


def test_a_wrong_secret_is_refused_by_the_platform_and_recorded(published: Issue, home: Settings,
                                                                 robots: tuple[dict[str, Robot], int],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fakes, port = robots
    monkeypatch.setenv("ZB_SECRET", "not-the-secret")
    report = push_issue(_configured(home, port, kinds=("feishu", "json")), published.number, sleep=_no_wait)
    assert report.failed == 2 and fakes["feishu"].problems == ["feishu sign"]
    assert fakes["json"].problems == ["json signature"]
    replies = dict(report.failures)
    assert any("19021" in r for r in replies.values()) and any("HTTP 401" in r for r in replies.values())


def test_a_private_url_not_allowed_is_refused_before_any_connection(published: Issue, home: Settings,
                                                                     robots: tuple[dict[str, Robot], int]) -> None:
    fakes, port = robots
    with pytest.raises(SendRefused, match=f"webhook_allow 中加入 \"127.0.0.1:{port}\""):
        push_issue(_configured(home, port, allow=False), published.number, sleep=_no_wait)
    assert all(f.got == [] and f.problems == [] for f in fakes.values())
    assert _rows(published) == []  # nothing written either


def test_an_unset_secret_is_refused_before_anything(published: Issue, home: Settings,
                                                    robots: tuple[dict[str, Robot], int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fakes, port = robots
    monkeypatch.delenv("ZB_SECRET")
    with pytest.raises(SendRefused, match="ZB_SECRET"):
        push_issue(_configured(home, port), published.number, sleep=_no_wait)
    assert _rows(published) == [] and all(f.got == [] for f in fakes.values())


def test_a_run_stopped_mid_push_never_pushes_twice(published: Issue, home: Settings,
                                                   robots: tuple[dict[str, Robot], int]) -> None:
    """A row left `sending` (a run killed after its request went out) is marked failed, not pushed again."""
    from datetime import timedelta

    from django.utils import timezone

    fakes, port = robots
    settings = _configured(home, port, kinds=("wecom", "json"))
    push_issue(settings, published.number, sleep=_no_wait)
    wecom = next(r for r in _rows(published) if r.email.startswith("wecom:"))
    Delivery.objects.filter(pk=wecom.pk).update(state="sending", updated=timezone.now() - timedelta(minutes=10))
    Delivery.objects.filter(issue=published, channel="webhook", email__startswith="json:").update(state="queued")
    report = push_issue(settings, published.number, sleep=_no_wait)
    assert report.sent == 1 and len(fakes["json"].got) == 2 and len(fakes["wecom"].got) == 1
    wecom.refresh_from_db()
    assert wecom.state == "failed" and "--again" in wecom.reply


def test_email_rows_and_webhook_rows_keep_apart(published: Issue, home: Settings,
                                                robots: tuple[dict[str, Robot], int]) -> None:
    from zhoubao.app.send import ledger

    _fakes, port = robots
    push_issue(_configured(home, port, kinds=("json",)), published.number, sleep=_no_wait)
    Delivery.objects.create(issue=published, round=1, email="a@example.com", message_id="<m>", state="sent")
    shown = ledger(published)
    assert [d.channel for d in shown] == ["email", "webhook"]


def test_the_desks_send_job_pushes_to_the_robots(client: Any, users: dict[str, Any], published: Issue,
                                                 robots: tuple[dict[str, Robot], int],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """With robots and no mail server configured, 发送 pushes to the robots only, and the page shows the ledger."""
    import os
    from pathlib import Path

    from django.urls import reverse

    from zhoubao.archive.models import JobRun
    from zhoubao.conf.settings import load
    from zhoubao.jobs.tasks import queue

    fakes, port = robots
    toml = Path(os.environ["ZHOUBAO_HOME"]) / "zhoubao.toml"
    assert not toml.exists()
    toml.write_text(f'[deliver]\nwebhook_allow = ["127.0.0.1:{port}"]\n'
                    f'[[deliver.webhook]]\nkind = "dingtalk"\nurl = "http://127.0.0.1:{port}/dingtalk/send?x=1"\n'
                    'secret_env = "ZB_SECRET"\nname = "编辑部群"\n', encoding="utf-8")
    try:
        monkeypatch.setattr(queue(), "settings", load(toml.parent))
        client.force_login(users["reviewer"])
        resp = client.post(reverse("issue_send", args=[published.pk]), follow=True)
        html = resp.content.decode()
        assert resp.status_code == 200 and len(fakes["dingtalk"].got) == 1 and fakes["dingtalk"].problems == []
        run = JobRun.objects.get(kind="send")
        assert run.state == "done" and "群机器人：已推送 1，失败 0" in run.message
        assert "已发送 1，失败 0" in html
        assert [(d.email, d.state) for d in _rows(published)] == [("dingtalk:编辑部群", "sent")]
    finally:
        toml.unlink()
