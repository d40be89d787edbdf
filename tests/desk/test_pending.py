"""Issue 11 in the desk: a 待定 item shows its reason with one-click 保留 / 删除 (undoable), and no step toward
publication is taken while one remains — in the desk, on the command line, and in a draft's exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import pg
from tests.deliver.test_cli_publish import PAGE
from tests.unit.test_cli import _one_line_error, zb
from zhoubao.app import edit
from zhoubao.app.publish import export
from zhoubao.archive.models import AuditEntry, Issue, Item
from zhoubao.conf.settings import Settings

WHY = "待定：未出现领域关键词，分类器把握不足（领域外概率 0.22）"


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _pend(issue: Issue) -> Item:
    item = issue.items.order_by("-order").first()
    assert item is not None
    item.pending = WHY
    item.save(update_fields=["pending"])
    return item


def _v(issue: Issue) -> int:
    issue.refresh_from_db()
    return issue.version


@pytest.mark.django_db
def test_the_badge_shows_the_reason_and_keep_clears_it(users: dict[str, Any], issue: Issue) -> None:
    item = _pend(issue)
    ed = _login(users["editor"])
    page = ed.get(reverse("issue", args=[issue.pk])).content.decode()
    assert "待定" in page and WHY.removeprefix("待定：") in page and f"{item.pk}/keep" in page and f"{item.pk}/remove" in page
    # A reviewer reads the reason too, without the buttons.
    rv = _login(users["reviewer"]).get(reverse("issue", args=[issue.pk])).content.decode()
    assert WHY.removeprefix("待定：") in rv and f"{item.pk}/keep" not in rv
    resp = ed.post(reverse("item_keep", args=[issue.pk, item.pk]), {"issue_version": _v(issue)})
    assert resp.status_code == 302
    item.refresh_from_db()
    assert item.pending == "" and Item.objects.filter(pk=item.pk, issue=issue).exists()
    assert AuditEntry.objects.filter(issue=issue, action="keep", item=item).exists()
    assert WHY.removeprefix("待定：") not in ed.get(reverse("issue", args=[issue.pk])).content.decode()
    # 保留 is undone like any change: the mark comes back.
    assert ed.post(reverse("issue_undo", args=[issue.pk]), {"issue_version": _v(issue)}).status_code == 302
    item.refresh_from_db()
    assert item.pending == WHY
    # Keeping an item that is no longer 待定 is refused, not silently repeated.
    edit.keep_pending(issue.pk, item.pk, users["editor"], issue_version=_v(issue))
    again = ed.post(reverse("item_keep", args=[issue.pk, item.pk]), {"issue_version": _v(issue)},
                    HTTP_ACCEPT="application/json")
    assert again.status_code == 409 and "已不是待定条目" in again.json()["error"]


@pytest.mark.django_db
def test_delete_removes_it_and_undo_puts_it_back_still_pending(users: dict[str, Any], issue: Issue) -> None:
    item = _pend(issue)
    ed = _login(users["editor"])
    n = issue.items.count()
    assert ed.post(reverse("item_remove", args=[issue.pk, item.pk]), {"issue_version": _v(issue)}).status_code == 302
    assert issue.items.count() == n - 1 and not Item.objects.filter(pk=item.pk).exists()
    assert ed.post(reverse("issue_undo", args=[issue.pk]), {"issue_version": _v(issue)}).status_code == 302
    back = Item.objects.get(pk=item.pk)
    assert back.pending == WHY and issue.items.count() == n


@pytest.mark.django_db
def test_submit_approve_and_publish_refuse_while_an_item_is_pending(users: dict[str, Any], issue: Issue,
                                                                    home: Settings, tmp_path: Path) -> None:
    item = _pend(issue)
    ed = _login(users["editor"])
    resp = ed.post(reverse("issue_transition", args=[issue.pk, "submit"]), {"issue_version": _v(issue)},
                   HTTP_ACCEPT="application/json")
    body = resp.json()["error"]
    assert resp.status_code == 400 and "待定" in body and item.title[:10] in body and "保留" in body
    issue.refresh_from_db()
    assert issue.state == "draft"
    # A draft's export marks it, with the reason in the JSON.
    target = tmp_path / "draft.json"
    export(home, issue, "json", target)
    data = json.loads(target.read_text(encoding="utf-8"))
    marked = [it for s in data["sections"] for it in s["items"] if it["pending"]]
    assert [it["pending"] for it in marked] == [WHY] and marked[0]["title"].startswith("【待定】")
    md = tmp_path / "draft.md"
    export(home, issue, "md", md)
    assert "【待定】" + item.title in md.read_text(encoding="utf-8")
    # Once kept, the issue moves on as before.
    edit.keep_pending(issue.pk, item.pk, users["editor"], issue_version=_v(issue))
    assert ed.post(reverse("issue_transition", args=[issue.pk, "submit"]),
                   {"issue_version": _v(issue)}).status_code == 302
    issue.refresh_from_db()
    assert issue.state == "in_review"


@pytest.mark.django_db
def test_approve_refuses_an_issue_in_review_that_holds_a_pending_item(users: dict[str, Any], issue: Issue) -> None:
    # Submitted before the item was marked (e.g. by a rebuild of another branch of work): approving is still refused.
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    assert ed.post(reverse("issue_transition", args=[issue.pk, "submit"]),
                   {"issue_version": _v(issue)}).status_code == 302
    _pend(issue)
    resp = rv.post(reverse("issue_transition", args=[issue.pk, "approve"]), {"issue_version": _v(issue)},
                   HTTP_ACCEPT="application/json")
    assert resp.status_code == 400 and "待定" in resp.json()["error"] and "退回修改" in resp.json()["error"]
    issue.refresh_from_db()
    assert issue.state == "in_review"


def test_the_command_line_refuses_to_publish_while_an_item_is_pending(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert zb("init", str(home)).returncode == 0
    toml = home / "zhoubao.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("allow_self_approval = false", "allow_self_approval = true"),
                    encoding="utf-8")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.html").write_text(PAGE.format(t="国家广播电视总局发布微短剧管理通知", d="2025-06-03",
                                              p="6月3日，国家广播电视总局发布通知，要求各网络视听平台加强微短剧管理。"),
                                  encoding="utf-8")
    assert zb("collect", "--files", str(inbox), home=home).returncode == 0
    assert zb("build", "--date", "2025-06-09", home=home).returncode == 0
    env = pg.child_env(home=home)
    with pg.archive(home, env) as con:
        con.execute(f"update archive_item set pending = '{WHY}'")
    res = zb("publish", "1", home=home)
    _one_line_error(res)
    assert "待定" in res.stderr and "国家广播电视总局" in res.stderr and "保留" in res.stderr
    assert not (home / "data" / "published" / "1").exists()
    with pg.archive(home, env) as con:
        assert con.execute("select state from archive_issue").fetchone()[0] == "draft"
        con.execute("update archive_item set pending = ''")
    done = zb("publish", "1", home=home)
    assert done.returncode == 0, done.stderr
