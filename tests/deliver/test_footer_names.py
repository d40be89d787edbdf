"""The footer tells the truth: 责编 and 复核 are who submitted and approved the issue, frozen when it is published."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from zhoubao.app import publish
from zhoubao.archive.models import Issue
from zhoubao.conf.settings import Settings

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _step(c: Client, issue: Issue, action: str) -> None:
    issue.refresh_from_db()
    resp = c.post(reverse("issue_transition", args=[issue.pk, action]), {"issue_version": issue.version})
    assert resp.status_code == 302, resp.content.decode()[:500]


def _text(home: Settings, issue: Issue, fmt: str) -> str:
    issue = Issue.objects.select_related("profile").get(pk=issue.pk)
    data = publish.rendered(home, issue, fmt).data
    if fmt == "docx":
        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    return data.decode("utf-8")


def test_footer_names_who_submitted_and_approved(home: Settings, users: dict[str, Any], issue: Issue) -> None:
    editor, reviewer = users["editor"], users["reviewer"]
    editor.first_name, editor.last_name = "小明", "王"
    editor.save()  # the reviewer has no full name: the user name stands in
    configured = issue.profile.spec.table()["footer"]
    _step(_login(editor), issue, "submit")
    rv = _login(reviewer)
    _step(rv, issue, "approve")
    _step(rv, issue, "publish")
    issue.refresh_from_db()
    assert issue.state == "published"
    for fmt in ("md", "html", "email", "docx"):
        text = _text(home, issue, fmt)
        assert "责编：王小明" in text, fmt
        assert "复核：reviewer" in text, fmt
        for name in configured["editors"] + configured["reviewers"]:
            assert name not in text, (fmt, name)
    frozen = json.loads(_text(home, issue, "json"))
    assert frozen["footer"]["editors"] == ["王小明"] and frozen["footer"]["reviewers"] == ["reviewer"]
    # The published issue keeps the names it was published with.
    editor.first_name, editor.last_name = "大明", "李"
    editor.save()
    assert "责编：王小明" in _text(home, issue, "md")


def test_footer_falls_back_to_the_profile_names(home: Settings, issue: Issue) -> None:
    configured = issue.profile.spec.table()["footer"]
    assert configured["editors"] and configured["reviewers"]
    text = _text(home, issue, "md")
    assert "责编：" + "、".join(configured["editors"]) in text
    assert "复核：" + "、".join(configured["reviewers"]) in text
