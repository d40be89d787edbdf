"""`zhoubao send N`: a published issue by email through a real SMTP server on 127.0.0.1 (aiosmtpd), with the ledger
that sends each reader the issue once — again only when asked, resumed after a stop, never twice."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from zhoubao.app import publish
from zhoubao.app.send import INTERRUPTED, SendRefused, send_issue
from zhoubao.archive.models import AuditEntry, Delivery, Issue, Recipient
from zhoubao.conf.settings import Settings

FROM = "zhoubao@example.org"
PEOPLE = [("理事单位", "甲公司", "张三", "zhang@example.com"), ("理事单位", "乙公司", "李四", "li@example.com"),
          ("会员单位", "丙公司", "王五", "wang@example.net"), ("会员单位", "甲公司", "张三", "Zhang@example.com")]
MAILBOXES = {"zhang@example.com", "li@example.com", "wang@example.net"}  # Zhang@ is zhang@ on another list


class Box:
    """The test's mail server: records what it accepts; answers 550 to `refuse`, 451 once to `busy_once`."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, EmailMessage]] = []
        self.refuse: set[str] = set()
        self.busy_once: set[str] = set()
        self.answers: list[str] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            self.answers.append(f"550 {address}")
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        rcpt = envelope.rcpt_tos[0]
        if rcpt in self.busy_once:
            self.busy_once.discard(rcpt)
            self.answers.append(f"451 {rcpt}")
            return "451 4.3.0 try again later"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append((rcpt, msg))
        return "250 2.0.0 Ok: queued"

    def to(self) -> list[str]:
        return sorted(r.lower() for r, _ in self.messages)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def box() -> Iterator[tuple[Box, int]]:
    handler = Box()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _configured(home: Settings, port: int, **smtp: Any) -> Settings:
    values = {"host": "127.0.0.1", "port": port, "security": "none", "from_addr": FROM, "per_minute": 0,
              "allow": frozenset({f"127.0.0.1:{port}"}), **smtp}
    deliver = dataclasses.replace(home.deliver, tries=3, retry_delay=0.5,
                                  smtp=dataclasses.replace(home.deliver.smtp, **values))
    return dataclasses.replace(home, deliver=deliver)


@pytest.fixture
def published(issue: Issue, users: dict[str, Any], home: Settings) -> Issue:
    for step, who in (("submit", "editor"), ("approve", "reviewer"), ("publish", "reviewer")):
        issue.refresh_from_db()
        publish.transition(home, issue.pk, step, users[who], version=issue.version)
    issue.refresh_from_db()
    for lst, unit, name, address in PEOPLE:
        Recipient.objects.create(list=lst, unit=unit, name=name, email=address)
    return issue


def _ledger(issue: Issue) -> dict[str, Delivery]:
    return {d.email.lower(): d for d in Delivery.objects.filter(issue=issue, round=_top(issue))}


def _top(issue: Issue) -> int:
    return max((d.round for d in Delivery.objects.filter(issue=issue)), default=0)


def test_every_recipient_gets_one_message_with_the_pdf_and_the_headers(
        published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    report = send_issue(_configured(home, port), published.number)
    assert report.summary == "已发送 3，失败 0，跳过 0（已发送过）"
    assert server.to() == sorted(MAILBOXES)  # one message a mailbox, whatever lists it is on
    number = published.number
    for _rcpt, msg in server.messages:
        assert msg["Subject"] == f"行业动态周报第{number}期"
        assert msg["From"].addresses[0].addr_spec == FROM
        mid = msg["Message-ID"].strip()  # a long header is folded onto a second line
        assert mid.startswith(f"<zhoubao.issue-{number}.") and mid.endswith("@example.org>")
        assert msg["List-Id"].endswith("<default.zhoubao.example.org>")
        assert msg["List-Unsubscribe"] == f"<mailto:{FROM}?subject=unsubscribe>"
        body = msg.get_body(("html",))
        assert body is not None and "行业动态周报" in body.get_content()
        text = msg.get_body(("plain",))
        assert text is not None and text.get_content().strip()
        attached = [(a.get_filename(), a.get_content_type(), a.get_content()) for a in msg.iter_attachments()]
        assert [(n, t) for n, t, _ in attached] == [(f"行业动态周报第{number}期.pdf", "application/pdf")]
        assert attached[0][2].startswith(b"%PDF")
    ids = {msg["Message-ID"].strip() for _, msg in server.messages}
    assert len(ids) == 3
    rows = _ledger(published)
    assert set(rows) == MAILBOXES
    for row in rows.values():
        assert (row.state, row.attempts) == ("sent", 1) and row.reply.startswith("250 ")
        assert row.message_id in ids
    assert AuditEntry.objects.filter(action="send", issue=published).count() == 1


def test_sending_again_sends_nothing_unless_again(published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    settings = _configured(home, port)
    first = send_issue(settings, published.number)
    first_ids = sorted(m["Message-ID"] for _, m in server.messages)
    assert first.sent == 3
    again = send_issue(settings, published.number)
    assert again.summary == "已发送 0，失败 0，跳过 3（已发送过）"
    assert len(server.messages) == 3
    resent = send_issue(settings, published.number, again=True)
    assert resent.summary == "已发送 3，失败 0，跳过 0（已发送过）"
    assert len(server.messages) == 6
    # The same Message-ID for the same issue and reader: a mail client shows the resend as one message.
    assert sorted(m["Message-ID"] for _, m in server.messages[3:]) == first_ids
    assert Delivery.objects.filter(issue=published).count() == 6 and _top(published) == 2


def test_a_temporary_refusal_is_tried_again_then_sent(published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    server.busy_once = {"li@example.com"}
    waits: list[float] = []
    report = send_issue(_configured(home, port), published.number, sleep=waits.append)
    assert server.answers == ["451 li@example.com"]
    assert report.summary == "已发送 3，失败 0，跳过 0（已发送过）"
    assert server.to() == sorted(MAILBOXES)
    assert waits == [0.5]
    row = _ledger(published)["li@example.com"]
    assert (row.state, row.attempts) == ("sent", 2)


def test_a_mailbox_refused_for_now_every_time_fails_after_the_tries(
        published: Issue, home: Settings, box: tuple[Box, int], monkeypatch: pytest.MonkeyPatch) -> None:
    server, port = box
    always = type("Always", (set,), {"discard": lambda self, _x: None})({"wang@example.net"})
    server.busy_once = always
    waits: list[float] = []
    report = send_issue(_configured(home, port), published.number, sleep=waits.append)
    assert waits == [0.5, 1.0]  # three tries in all, the wait doubling
    assert report.sent == 2 and report.failed == 1
    row = _ledger(published)["wang@example.net"]
    assert (row.state, row.attempts) == ("failed", 3)
    assert row.reply.startswith("451 4.3.0") and "已试 3 次" in row.reply


def test_a_permanent_refusal_is_recorded_with_the_reply_and_the_others_are_sent(
        published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    server.refuse = {"li@example.com"}
    report = send_issue(_configured(home, port), published.number, sleep=lambda _s: pytest.fail("no retry on 5xx"))
    assert report.summary == "已发送 2，失败 1，跳过 0（已发送过）"
    assert server.to() == sorted(MAILBOXES - {"li@example.com"})
    row = _ledger(published)["li@example.com"]
    assert row.state == "failed" and row.reply.startswith("550 5.1.1") and row.attempts == 1
    assert report.failures == [("li@example.com", row.reply)]
    # A failed reader is not tried again by itself either (an editor resends with --again).
    assert send_issue(_configured(home, port), published.number).summary == "已发送 0，失败 1，跳过 2（已发送过）"


@pytest.mark.parametrize("host, allow", [("10.0.0.1", True), ("mail.example.org", True), ("127.0.0.1", False)])
def test_a_private_or_loopback_server_is_refused_before_any_connection(
        published: Issue, home: Settings, box: tuple[Box, int], monkeypatch: pytest.MonkeyPatch,
        host: str, allow: bool) -> None:
    server, port = box
    dialled: list[Any] = []
    monkeypatch.setattr("zhoubao.net.smtp.open_tcp", lambda *a: dialled.append(a))
    settings = _configured(home, port, host=host, allow=frozenset({f"127.0.0.1:{port}"}) if allow else frozenset())
    looked_up: list[str] = []

    def resolver(name: str, _port: int) -> list[str]:
        looked_up.append(name)
        return ["192.168.7.25"]  # the test's DNS maps the name to a private address

    with pytest.raises(SendRefused, match="地址策略") as refused:
        send_issue(settings, published.number, resolver=resolver)
    assert "[deliver.smtp] allow" in str(refused.value) and "\n" not in str(refused.value)
    assert dialled == [] and server.messages == []
    assert looked_up == (["mail.example.org"] if host == "mail.example.org" else [])
    assert not Delivery.objects.exists()


def test_dry_run_sends_nothing_and_says_who_would_get_what(
        published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    settings = _configured(home, port)
    report = send_issue(settings, published.number, dry_run=True)
    assert sorted(p.email.lower() for p in report.planned) == sorted(MAILBOXES)
    assert report.attachments == [f"行业动态周报第{published.number}期.pdf"] and not report.skipped
    assert server.messages == [] and not Delivery.objects.exists()
    send_issue(settings, published.number, lists=("理事单位",))
    report = send_issue(settings, published.number, dry_run=True)
    assert {p.email.lower(): p.skip for p in report.planned} == {"zhang@example.com": True, "li@example.com": True,
                                                                "wang@example.net": False}


def test_a_test_message_goes_to_one_address_and_is_not_recorded(
        published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    report = send_issue(_configured(home, port), published.number, test_address="editor@example.org")
    assert report.sent == 1 and server.to() == ["editor@example.org"]
    assert server.messages[0][1]["Subject"].startswith("【试发】")
    assert not Delivery.objects.exists()


def test_lists_choose_the_recipients_and_docx_can_be_attached_too(
        published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    settings = _configured(home, port)
    settings = dataclasses.replace(settings, deliver=dataclasses.replace(settings.deliver, attach=("pdf", "docx")))
    report = send_issue(settings, published.number, lists=("会员单位",))
    assert report.sent == 2 and server.to() == ["wang@example.net", "zhang@example.com"]
    names = [a.get_filename() for a in server.messages[0][1].iter_attachments()]
    assert names == [f"行业动态周报第{published.number}期.pdf", f"行业动态周报第{published.number}期.docx"]
    # The other list later: only its reader not yet sent to gets it.
    assert send_issue(settings, published.number).summary == "已发送 1，失败 0，跳过 2（已发送过）"
    assert server.to() == sorted(MAILBOXES)
    # Again for one list: a later send to all lists sends nothing to the others (they had it in the first round).
    assert send_issue(settings, published.number, lists=("会员单位",), again=True).sent == 2
    assert send_issue(settings, published.number).summary == "已发送 0，失败 0，跳过 3（已发送过）"
    assert len(server.messages) == 5


def test_a_stopped_run_resumes_where_it_stopped_and_never_sends_twice(
        published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    settings = _configured(home, port)

    def stop_at_third(line: str) -> None:
        if line.startswith("发送 3/"):
            raise KeyboardInterrupt  # as a kill between two messages
    with pytest.raises(KeyboardInterrupt):
        send_issue(settings, published.number, progress=stop_at_third)
    assert len(server.messages) == 2
    states = sorted(d.state for d in _ledger(published).values())
    assert states == ["queued", "sent", "sent"]
    report = send_issue(settings, published.number)
    assert report.summary == "已发送 1，失败 0，跳过 2（已发送过）"
    assert server.to() == sorted(MAILBOXES)


def test_a_message_left_sending_by_a_killed_run_is_not_sent_again(
        published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    """A run killed after handing a message over and before recording the answer: at most once, so it is marked
    failed with the reason (the server may have accepted it) and sent only with --again."""
    server, port = box
    settings = _configured(home, port)
    send_issue(settings, published.number, lists=("会员单位",))
    assert len(server.messages) == 2
    left = Delivery.objects.get(issue=published, email="wang@example.net")
    Delivery.objects.filter(pk=left.pk).update(state="sending", updated=timezone.now() - timedelta(minutes=10))
    # A row claimed a moment ago may belong to a run still going: it is left alone.
    Delivery.objects.create(issue=published, round=1, email="li@example.com", state="sending", message_id="<x>")
    report = send_issue(settings, published.number)
    assert report.summary == "已发送 0，失败 1，跳过 1（已发送过）"  # zhang@ had it; wang@ and li@ are not sent again
    assert len(server.messages) == 2
    left.refresh_from_db()
    assert left.state == "failed" and left.reply == INTERRUPTED
    assert Delivery.objects.get(issue=published, email="li@example.com").state == "sending"
    assert send_issue(settings, published.number, again=True).sent == 3


def test_refusals_are_one_line_in_chinese(issue: Issue, home: Settings, box: tuple[Box, int]) -> None:
    _server, port = box
    settings = _configured(home, port)
    with pytest.raises(SendRefused, match="尚未发布"):
        send_issue(settings, issue.number)
    with pytest.raises(SendRefused, match="没有第99期"):
        send_issue(settings, 99)


def test_no_recipients_or_no_server_is_refused(published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    _server, port = box
    with pytest.raises(SendRefused, match="邮件服务器未配置"):
        send_issue(home, published.number)
    with pytest.raises(SendRefused, match="名单 无此名单 中没有收件人"):
        send_issue(_configured(home, port), published.number, lists=("无此名单",))
    Recipient.objects.all().delete()
    with pytest.raises(SendRefused, match="通讯录中没有收件人"):
        send_issue(_configured(home, port), published.number)
    assert not Delivery.objects.exists()




def test_per_minute_spaces_the_messages(published: Issue, home: Settings, box: tuple[Box, int]) -> None:
    server, port = box
    waits: list[float] = []
    report = send_issue(_configured(home, port, per_minute=6), published.number, sleep=waits.append)
    assert report.sent == 3 and len(server.messages) == 3
    # 6 a minute: ten seconds from one message to the next (the test's sleep returns at once; what sending took is
    # not waited again). Sending one message on a loaded machine takes well under the five seconds allowed here.
    assert len(waits) == 2 and all(5.0 < w <= 10.0 for w in waits), waits
