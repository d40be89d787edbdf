"""Issue 16, finding 3 and parts of 7: a published issue is frozen (text, reports, masthead, order, footer, style);
publishing on a full disk says so and leaves nothing behind; self-approval judges who wrote the text."""

from __future__ import annotations

import errno
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.desk.conftest import at, report
from zhoubao.app import build as building
from zhoubao.app import intake, publish
from zhoubao.archive.models import Issue, Profile, Report
from zhoubao.conf.settings import Settings
from zhoubao.errors import DeskError

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _step(c: Client, issue: Issue, action: str, **kw: Any) -> Any:
    issue.refresh_from_db()
    return c.post(reverse("issue_transition", args=[issue.pk, action]), {"issue_version": issue.version}, **kw)


def _publish(users: dict[str, Any], issue: Issue) -> None:
    _step(_login(users["editor"]), issue, "submit")
    rv = _login(users["reviewer"])
    _step(rv, issue, "approve")
    _step(rv, issue, "publish")
    issue.refresh_from_db()
    assert issue.state == "published"


def _exports(home: Settings, issue: Issue) -> dict[str, bytes]:
    issue = Issue.objects.select_related("profile").get(pk=issue.pk)
    return {fmt: publish.rendered(home, issue, fmt).data for fmt in ("json", "md", "html")}


def test_a_published_issue_exports_as_published_whatever_changes_later(home: Settings, users: dict[str, Any],
                                                                      issue: Issue) -> None:
    _publish(users, issue)
    before = _exports(home, issue)
    # The weekly is renamed, its publisher, bullet and section order change in the settings.
    profile = Profile.objects.get(pk=issue.profile_id)
    cfg = dict(profile.config)
    cfg.update(title="改名后的周报", publisher="另一家单位", bullet="●", sections=list(reversed(cfg["sections"])),
               footer={**cfg["footer"], "office": "新编辑部"})
    profile.title, profile.publisher, profile.config = "改名后的周报", "另一家单位", cfg
    profile.save()
    after = _exports(home, issue)
    assert after == before
    assert "改名后的周报".encode() not in after["md"] and "另一家单位".encode() not in after["html"]


def test_split_from_a_later_draft_cannot_reach_into_a_published_issue(home: Settings, users: dict[str, Any],
                                                                     issue: Issue) -> None:
    _publish(users, issue)
    before = _exports(home, issue)
    carried = [r for r in Report.objects.filter(story__parts__item__issue=issue)
               if Report.objects.filter(story_id=r.story_id).count() > 1]
    assert carried, "the week has a story of two reports"
    report("https://news.example.com/n1.html", "芒果TV上线纪录片《海上丝路》", "6月12日，芒果TV上线纪录片《海上丝路》，共6集。",
           at(12), "芒果TV", "company")
    later = building.build(home, issue_date=date(2025, 6, 16)).issue
    story = carried[0].story_id
    with pytest.raises(DeskError, match="已收入第1期"):
        intake.split_report(home, later.pk, carried[0].pk, users["editor"], issue_version=later.version)
    assert Report.objects.get(pk=carried[0].pk).story_id == story
    # A later build does not take a report out of a story a published issue carried either.
    building.build(home, issue_date=date(2025, 6, 16))
    assert Report.objects.get(pk=carried[0].pk).story_id == story
    assert _exports(home, issue) == before


def test_publishing_on_a_full_disk_says_so_and_leaves_no_part_files(users: dict[str, Any], issue: Issue,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _step(_login(users["editor"]), issue, "submit")
    rv = _login(users["reviewer"])
    _step(rv, issue, "approve")
    real = os.fsync
    calls = {"n": 0}

    def full(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] >= 2:  # the first file fits, the second finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    folder = Path(os.environ["ZHOUBAO_HOME"]) / "data" / "published" / str(issue.number)
    shutil.rmtree(folder, ignore_errors=True)  # the scratch home is shared with earlier tests
    monkeypatch.setattr(publish.os, "fsync", full)
    resp = _step(rv, issue, "publish", follow=True)
    assert resp.status_code == 200 and "磁盘空间已满" in resp.content.decode()
    issue.refresh_from_db()
    assert issue.state == "approved"
    assert not list(folder.glob("*.part")) and not [p for p in folder.iterdir() if p.is_file()]


def test_a_highlight_toggled_by_another_editor_does_not_make_a_second_author(users: dict[str, Any],
                                                                            issue: Issue) -> None:
    admin, other = _login(users["admin"]), _login(users["editor2"])
    item = issue.items.order_by("id").first()
    assert item is not None
    admin.post(reverse("item_save", args=[issue.pk, item.pk]),
               {"version": item.version, "title": "管理员写的标题", "body": "管理员写的段落。"}, HTTP_HX_REQUEST="true")
    for _ in range(2):  # off and on again: nothing of the text is editor2's
        issue.refresh_from_db()
        other.post(reverse("item_highlight", args=[issue.pk, item.pk]), {"issue_version": issue.version})
    _step(admin, issue, "submit")
    resp = _step(admin, issue, "approve")
    assert resp.status_code == 403 and "唯一的编辑" in resp.content.decode()
