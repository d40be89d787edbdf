"""Workflow: submit, request changes, approve (not by the only editor), publish every format, read-only, diff."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhoubao.archive.models import AuditEntry, Issue, IssueSignoff, Profile
from zhoubao.render import registry

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _step(c: Client, issue: Issue, action: str, **kw: Any) -> Any:
    issue.refresh_from_db()
    data = {"issue_version": issue.version, **({"reason": "请核对第一条"} if action == "request_changes" else {})}
    return c.post(reverse("issue_transition", args=[issue.pk, action]), data, **kw)


def _edit(c: Client, issue: Issue, title: str) -> None:
    item = issue.items.order_by("id").first()
    assert item is not None
    resp = c.post(reverse("item_save", args=[issue.pk, item.pk]),
                  {"version": item.version, "title": title, "body": "\n".join(item.paragraphs)}, **HX)
    assert resp.status_code == 200


def test_full_cycle_publishes_every_format(users: dict[str, Any], issue: Issue) -> None:
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    ed.get(reverse("issue", args=[issue.pk]))  # the machine draft is kept
    _edit(ed, issue, "编辑改过的标题")
    assert _step(rv, issue, "submit").status_code == 403  # a reviewer does not submit
    assert _step(ed, issue, "submit").status_code == 302
    issue.refresh_from_db()
    assert issue.state == "in_review"
    # In review the draft is read-only, even for its editor.
    item = issue.items.order_by("id").first()
    resp = ed.post(reverse("item_save", args=[issue.pk, item.pk]),
                   {"version": item.version, "title": "再改", "body": "x"}, **HX)
    assert resp.status_code == 409 and "不能修改" in resp.content.decode()
    assert _step(ed, issue, "approve").status_code == 403  # an editor does not approve
    assert _step(rv, issue, "request_changes").status_code == 302
    issue.refresh_from_db()
    assert issue.state == "draft"
    _step(ed, issue, "submit")
    assert _step(rv, issue, "approve").status_code == 302
    issue.refresh_from_db()
    sign = IssueSignoff.objects.get(issue=issue)
    assert issue.state == "approved" and sign.approved_by == users["reviewer"] and sign.submitted_by == users["editor"]
    # The desk shows what changed between the machine draft and the approved text.
    diff = rv.get(reverse("issue_diff", args=[issue.pk])).content.decode()
    assert "<ins>" in diff and "编辑改过的标题" in diff
    resp = _step(rv, issue, "publish", follow=True)
    assert resp.status_code == 200
    issue.refresh_from_db()
    sign.refresh_from_db()
    assert issue.state == "published"
    formats = {f["format"]: f for f in sign.published_files}
    assert set(formats) == set(registry.names())
    home = Path(os.environ["ZHOUBAO_HOME"])
    for name, f in formats.items():
        if "file" in f:
            path = home / "data" / "published" / str(issue.number) / f["file"]
            assert path.is_file() and path.stat().st_size > 0
            got = rv.get(reverse("issue_file", args=[issue.pk, f["file"]]))
            assert got.status_code == 200 and b"".join(got.streaming_content) == path.read_bytes()
        else:
            assert f["error"], name  # a format that cannot render is reported, not fatal
    assert "file" in formats["json"] and "file" in formats["md"]
    # Published is read-only: no edits, no comments, no further steps.
    resp = ed.post(reverse("item_save", args=[issue.pk, item.pk]), {"version": item.version, "title": "x", "body": "x"},
                   **HX)
    assert resp.status_code == 409
    assert _step(rv, issue, "request_changes").status_code == 302
    issue.refresh_from_db()
    assert issue.state == "published"
    actions = list(AuditEntry.objects.filter(issue=issue).values_list("action", flat=True))
    for a in ("build", "edit", "submit", "request_changes", "approve", "publish"):
        assert a in actions
    assert rv.get(reverse("issue_file", args=[issue.pk, "secret_key"])).status_code == 404
    assert rv.get(f"/issues/{issue.pk}/files/..%2F..%2Fsecret_key").status_code == 404


def test_the_only_editor_cannot_approve_their_own_issue(users: dict[str, Any], issue: Issue) -> None:
    admin = _login(users["admin"])
    _edit(admin, issue, "管理员改的标题")
    _step(admin, issue, "submit")
    resp = _step(admin, issue, "approve")
    assert resp.status_code == 403 and "唯一的编辑" in resp.content.decode()
    issue.refresh_from_db()
    assert issue.state == "in_review"
    # Another reviewer may approve.
    assert _step(_login(users["reviewer"]), issue, "approve").status_code == 302
    issue.refresh_from_db()
    assert issue.state == "approved"


def test_self_approval_when_the_profile_allows_it(users: dict[str, Any], issue: Issue) -> None:
    profile = Profile.objects.get(pk=issue.profile_id)
    profile.config = {**profile.config, "allow_self_approval": True}
    profile.save()
    admin = _login(users["admin"])
    _edit(admin, issue, "管理员改的标题")
    _step(admin, issue, "submit")
    assert _step(admin, issue, "approve").status_code == 302
    issue.refresh_from_db()
    assert issue.state == "approved"


def test_a_stale_page_cannot_move_the_workflow(users: dict[str, Any], issue: Issue) -> None:
    ed = _login(users["editor"])
    resp = ed.post(reverse("issue_transition", args=[issue.pk, "submit"]), {"issue_version": issue.version + 5},
                   follow=True)
    assert "刷新" in resp.content.decode()
    issue.refresh_from_db()
    assert issue.state == "draft"


def test_a_renderer_that_is_unavailable_is_reported(users: dict[str, Any], issue: Issue, monkeypatch: Any) -> None:
    original = registry.get("docx")

    def broken(doc: Any) -> bytes:
        raise registry.RenderUnavailable("测试：Word 模板不可用")

    monkeypatch.setitem(registry._REGISTRY, "docx", registry.Renderer("docx", original.extension,
                                                                        original.media_type, broken))
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    _step(ed, issue, "submit")
    _step(rv, issue, "approve")
    resp = _step(rv, issue, "publish", follow=True)
    assert "Word 模板不可用" in resp.content.decode()
    issue.refresh_from_db()
    assert issue.state == "published"


def test_export_preview(users: dict[str, Any], issue: Issue) -> None:
    rv = _login(users["reviewer"])
    resp = rv.get(reverse("issue_export", args=[issue.pk, "json"]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/json")
    assert "attachment" in resp["Content-Disposition"]
    assert rv.get(reverse("issue_export", args=[issue.pk, "nope"])).status_code == 404


def test_audit_page_lists_changes(users: dict[str, Any], issue: Issue) -> None:
    ed = _login(users["editor"])
    _edit(ed, issue, "审计可见的标题")
    page = ed.get(reverse("issue_audit", args=[issue.pk])).content.decode()
    assert "审计可见的标题" in page and "editor" in page
