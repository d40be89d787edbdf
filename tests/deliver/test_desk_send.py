"""The desk's 发送 on a published issue: a job that sends it to the address book, and the ledger on the page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.deliver.test_send import FROM, MAILBOXES, Box, box, published
from zhoubao.archive.models import Delivery, Issue, JobRun
from zhoubao.conf.settings import load
from zhoubao.jobs.tasks import queue

__all__ = ["box", "published"]


@pytest.fixture
def smtp_env(box: tuple[Box, int], monkeypatch: pytest.MonkeyPatch) -> Box:
    server, port = box
    for key, value in {"HOST": "127.0.0.1", "PORT": str(port), "SECURITY": "none", "FROM_ADDR": FROM,
                       "PER_MINUTE": "0", "ALLOW": f"127.0.0.1:{port}"}.items():
        monkeypatch.setenv(f"ZHOUBAO_DELIVER_SMTP_{key}", value)
    # The job runs with its worker's settings (read when its queue was made): the worker's, with the server.
    monkeypatch.setattr(queue(), "settings", load(Path(os.environ["ZHOUBAO_HOME"])))
    return server


def test_send_from_the_desk_queues_a_job_and_shows_the_ledger(
        client: Any, users: dict[str, Any], published: Issue, smtp_env: Box) -> None:
    server = smtp_env
    server.refuse = {"li@example.com"}
    client.force_login(users["reviewer"])
    page = client.get(reverse("issue", args=[published.pk])).content.decode()
    assert "尚未发送" in page and 'data-action="send"' in page
    resp = client.post(reverse("issue_send", args=[published.pk]), follow=True)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "已发送 2，失败 1" in html and "li@example.com：550 5.1.1" in html
    assert server.to() == sorted(MAILBOXES - {"li@example.com"})
    run = JobRun.objects.get(kind="send")
    assert run.state == "done" and run.message == f"第{published.number}期：已发送 2，失败 1，跳过 0（已发送过）"
    # Again: nobody is sent the issue twice.
    client.post(reverse("issue_send", args=[published.pk]), follow=True)
    assert len(server.messages) == 2 and Delivery.objects.filter(state="sent").count() == 2


def test_only_those_who_may_publish_may_send(
        client: Any, users: dict[str, Any], published: Issue, smtp_env: Box) -> None:
    client.force_login(users["editor"])
    page = client.get(reverse("issue", args=[published.pk])).content.decode()
    assert "邮件发送" in page and 'data-action="send"' not in page
    assert client.post(reverse("issue_send", args=[published.pk])).status_code == 403
    assert smtp_env.messages == [] and not JobRun.objects.filter(kind="send").exists()


def test_a_draft_or_an_unconfigured_server_is_refused_at_once(
        client: Any, users: dict[str, Any], issue: Issue) -> None:
    client.force_login(users["reviewer"])
    page = client.get(reverse("issue", args=[issue.pk])).content.decode()
    assert 'data-action="send"' not in page
    resp = client.post(reverse("issue_send", args=[issue.pk]), follow=True)
    assert "尚未发布" in resp.content.decode() and not JobRun.objects.filter(kind="send").exists()
