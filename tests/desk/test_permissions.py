"""Every desk URL × method × role (anonymous, editor, reviewer, admin) answers with the expected status."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from zhoubao.archive.models import Issue, Recipient, Report, Source

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "editor", "reviewer", "admin")
ALL = {"editor", "reviewer", "admin"}
EDIT = {"editor", "admin"}
REVIEW = {"reviewer", "admin"}
ADMIN = {"admin"}
PUBLIC = {"anonymous", *ALL}


def routes(issue: Issue, item: int, story: int, report: int, source: int,
           recipient: int = 1) -> dict[str, tuple[list[Any], dict[str, set[str]]]]:
    """URL name → (reverse args, {method: roles allowed}); any other method must answer 405."""
    i = issue.pk
    return {
        "home": ([], {"GET": ALL}),
        "login": ([], {"GET": PUBLIC, "POST": PUBLIC}),
        "healthz": ([], {"GET": PUBLIC}),
        "issue_build": ([], {"POST": EDIT}),
        "rebuild_undo": ([i], {"POST": EDIT}),
        "issue": ([i], {"GET": ALL}),
        "issue_candidates": ([i], {"GET": ALL}),
        "issue_reorder": ([i], {"POST": EDIT}),
        "item_save": ([i, item], {"POST": EDIT}),
        "item_move": ([i, item], {"POST": EDIT}),
        "item_remove": ([i, item], {"POST": EDIT}),
        "item_keep": ([i, item], {"POST": EDIT}),
        "item_merge": ([i, item], {"POST": EDIT}),
        "item_split": ([i, item], {"POST": EDIT}),
        "item_highlight": ([i, item], {"POST": EDIT}),
        "proofread_fix": ([i, item], {"POST": EDIT}),
        "candidate_add": ([i, story], {"POST": EDIT}),
        "report_add_url": ([i], {"POST": EDIT}),
        "report_add_text": ([i], {"POST": EDIT}),
        "report_split": ([i, report], {"POST": EDIT}),
        "comment_add": ([i], {"POST": ALL}),
        "issue_transition": ([i, "submit"], {"POST": EDIT}),
        "issue_transition:approve": ([i, "approve"], {"POST": REVIEW}),
        "issue_transition:request_changes": ([i, "request_changes"], {"POST": REVIEW}),
        "issue_transition:publish": ([i, "publish"], {"POST": REVIEW}),
        "issue_send": ([i], {"POST": REVIEW}),
        "issue_coverage": ([i], {"GET": ALL}),
        "trends": ([], {"GET": ALL}),
        "issue_diff": ([i], {"GET": ALL}),
        "issue_audit": ([i], {"GET": ALL}),
        "issue_preview": ([i], {"GET": ALL}),
        "issue_preview_page": ([i, "0" * 20, 1], {"GET": ALL}),  # no such preview: 404 for those who may look
        "issue_undo": ([i], {"GET": EDIT, "POST": EDIT}),
        "issue_export": ([i, "json"], {"GET": ALL}),
        "issue_file": ([i, "1.json"], {"GET": ALL}),
        "report": ([report], {"GET": ALL}),
        "job": ([report], {"GET": ALL}),  # no such job: 404 for those who may look
        "search": ([], {"GET": ALL}),
        "sources": ([], {"GET": ALL}),
        "source_new": ([], {"GET": EDIT, "POST": EDIT}),
        "source_edit": ([source], {"GET": EDIT, "POST": EDIT}),
        "source_toggle": ([source], {"POST": EDIT}),
        "profile_settings": ([], {"GET": ADMIN, "POST": ADMIN}),
        # Anyone of the desk reads the address book; a reviewer's POST (adding) is refused inside the view with a
        # message and a redirect (tests/deliver/test_desk_recipients.py), editing and removing by the role check.
        "recipients": ([], {"GET": ALL, "POST": ALL}),
        "recipient_edit": ([recipient], {"GET": EDIT, "POST": EDIT}),
        "recipient_remove": ([recipient], {"POST": EDIT}),
        # The published archive with [profile] public = false (the default): the desk's users only; this draft
        # is not in it (404). tests/desk/test_archive.py covers a public archive.
        "archive_index": ([], {"GET": ALL}),
        "archive_feed": ([], {"GET": ALL}),
        "archive_issue": ([issue.number], {"GET": ALL}),
        "archive_file": ([issue.number, f"{issue.number}.pdf"], {"GET": ALL}),
        "logout": ([], {"POST": PUBLIC}),  # last: it ends the session
    }


def test_every_desk_url_is_in_the_matrix(issue: Issue) -> None:
    names = {p.name for p in get_resolver().url_patterns if isinstance(p, URLPattern)}
    listed = {k.split(":")[0] for k in routes(issue, 1, 1, 1, 1)}
    assert names == listed


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role: str, users: dict[str, Any], issue: Issue) -> None:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    item = issue.items.order_by("id").first()
    assert item is not None
    story = item.parts.first().story
    report = Report.objects.filter(story__isnull=False).first()
    source = Source.objects.create(name="s", url="https://feeds.example.com/rss.xml")
    person = Recipient.objects.create(list="发", unit="甲公司", name="张三", email="zhang@example.com")
    failures = []
    for name, (args, methods) in routes(issue, item.pk, story.pk, report.pk, source.pk, person.pk).items():
        url = reverse(name.split(":")[0], args=args)
        for method in ("GET", "POST", "PUT", "DELETE"):
            issue.refresh_from_db()
            data = {"issue_version": issue.version} if method == "POST" else {}
            resp = getattr(client, method.lower())(url, data)
            got = resp.status_code
            if method not in methods:
                ok = got == 405 or (role == "anonymous" and got == 302 and name not in ("login", "logout", "healthz"))
                expect = "405"
            elif role in methods[method]:
                ok = got not in (401, 403, 405) and got < 500
                # The workflow guard (not the role check) stops an admin approving what only they edited.
                ok = ok or (got == 403 and "唯一的编辑" in resp.content.decode())
                expect = "allowed"
            elif role == "anonymous":
                ok = got == 302 and "/login/" in resp["Location"]
                expect = "302 to login"
            else:
                ok = got == 403
                expect = "403"
            if not ok:
                failures.append(f"{role} {method} {name} → {got} (expected {expect})")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("editor", 200), ("reviewer", 200), ("admin", 200)])
def test_lazy_candidates_by_role(role: str, status: int, users: dict[str, Any], issue: Issue) -> None:
    """The candidate list the issue page loads with htmx: every role may read it, only editors may add."""
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    url = reverse("issue_candidates", args=[issue.pk])
    resp = client.get(url, HTTP_HX_REQUEST="true")
    assert resp.status_code == status
    if status == 200:
        html = resp.content.decode()
        assert 'id="candidate-list"' in html
        assert ('data-action="add"' in html) == (role in EDIT)
    for method in ("post", "put", "delete"):
        assert getattr(client, method)(url, HTTP_HX_REQUEST="true").status_code == 405


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("editor", 302), ("reviewer", 302), ("admin", 200)])
def test_django_admin_is_for_admins(role: str, status: int, users: dict[str, Any]) -> None:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    for url in ("/admin/", "/admin/auth/user/", "/admin/archive/source/", "/admin/archive/profile/"):
        assert client.get(url).status_code == status, url
