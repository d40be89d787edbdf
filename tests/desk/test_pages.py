"""Sources page, profile settings, issue list and build, and the CLI's createuser."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import Client
from django.urls import reverse

from zhoubao.archive.models import AuditEntry, Profile, Report, Source
from zhoubao.review.roles import roles_of

pytestmark = pytest.mark.django_db


def test_sources_health_add_edit_disable(as_editor: Client) -> None:
    bad = Source.objects.create(name="坏来源", url="https://bad.example.com/feed", error_count=3,
                                last_error="HTTP 503")
    Report.objects.create(url="https://bad.example.com/a", title="t", source=bad)
    page = as_editor.get(reverse("sources")).content.decode()
    assert "坏来源" in page and "连续失败 3 次" in page and "HTTP 503" in page
    # Private addresses are refused by the same guard the fetcher uses.
    resp = as_editor.post(reverse("source_new"), {"name": "内网", "url": "http://10.1.2.3/feed", "kind": "feed",
                                                  "enabled": "on"})
    assert resp.status_code == 200 and "不能使用该网址" in resp.content.decode()
    resp = as_editor.post(reverse("source_new"), {"name": "新华网", "url": "https://www.news.cn/rss.xml",
                                                  "kind": "feed", "outlet_kind": "state_media", "enabled": "on"})
    assert resp.status_code == 302
    src = Source.objects.get(name="新华网")
    resp = as_editor.post(reverse("source_edit", args=[src.pk]), {
        "name": "新华网", "url": "https://www.news.cn/rss.xml", "kind": "listing", "outlet_kind": "state_media",
        "enabled": "on", "pattern": r"/\d+\.html$", "selector": "a.title"})
    assert resp.status_code == 302
    src.refresh_from_db()
    assert src.kind == "listing" and src.options == {"pattern": r"/\d+\.html$", "selector": "a.title"}
    as_editor.post(reverse("source_toggle", args=[src.pk]))
    src.refresh_from_db()
    assert not src.enabled and src.disabled_reason
    as_editor.post(reverse("source_toggle", args=[bad.pk]))
    bad.refresh_from_db()
    assert bad.enabled is False
    assert AuditEntry.objects.filter(action__startswith="source_").count() == 4


def test_profile_settings_are_stored_on_the_profile(client: Client, users: dict[str, Any], issue: Any) -> None:
    client.force_login(users["admin"])
    page = client.get(reverse("profile_settings"))
    form = page.context["formset"]
    data: dict[str, Any] = {"key": "default", "title": "视听周报", "publisher": "某协会", "highlights": 3, "bullet": "●",
                            "cjk_spacing": "space", "office": "秘书处", "editors": "王编辑\n赵编辑", "reviewers": "钱复核",
                            "note": "注：内部资料。", "report_to": "会长单位", "send_to": "会员单位",
                            "allow_self_approval": "on"}
    mgmt = form.management_form.initial
    sections = [f.initial for f in form.forms if f.initial]
    data.update({"sec-TOTAL_FORMS": len(sections) + 1, "sec-INITIAL_FORMS": mgmt["INITIAL_FORMS"],
                 "sec-MIN_NUM_FORMS": 0, "sec-MAX_NUM_FORMS": 1000})
    for n, s in enumerate(sections):
        data.update({f"sec-{n}-name": s["name"], f"sec-{n}-description": s["description"],
                     f"sec-{n}-keywords": s["keywords"], f"sec-{n}-group_by": s["group_by"],
                     f"sec-{n}-ORDER": len(sections) - n})  # reverse the order
    data[f"sec-{len(sections) - 1}-DELETE"] = "on"  # drop the last (研究)
    resp = client.post(reverse("profile_settings"), data)
    assert resp.status_code == 302, resp.content.decode()[:3000]
    p = Profile.objects.get(key="default")
    names = [s["name"] for s in p.config["sections"]]
    assert names == [s["name"] for s in sections][:-1][::-1]
    assert p.title == "视听周报" and p.config["footer"]["editors"] == ["王编辑", "赵编辑"]
    assert p.config["cjk_spacing"] == "space" and p.config["allow_self_approval"] is True
    assert p.config["sections"][-1]["keywords"] == sections[0]["keywords"].split("，")
    # Duplicated section names are refused.
    data["sec-1-name"] = data["sec-0-name"]
    assert client.post(reverse("profile_settings"), data).status_code == 200


def test_issue_list_and_build_from_the_desk(as_editor: Client, issue: Any) -> None:
    page = as_editor.get(reverse("home")).content.decode()
    assert "第1期" in page and "草稿" in page
    resp = as_editor.post(reverse("issue_build"), {"date": "2025-06-09"}, follow=True)
    assert "已重新生成第1期草稿" in resp.content.decode()  # rebuilds the (unedited) draft of that date
    resp = as_editor.post(reverse("issue_build"), {"date": "2020-01-06"}, follow=True)
    assert "没有报道" in resp.content.decode()


def test_the_issue_list_pages_the_newest_first_and_keeps_the_state_filter(as_editor: Client, issue: Any) -> None:
    import re
    from datetime import timedelta

    from zhoubao.archive.models import Issue
    from zhoubao.web.views.issuelist import HOME_PAGE

    for n in range(HOME_PAGE + 4):  # older weeks, numbered after issue 1 only to be told apart
        Issue.objects.create(profile=issue.profile, number=100 + n, date=issue.date - timedelta(days=7 * (n + 1)),
                             window_start=issue.window_start, window_end=issue.window_end)
    first = as_editor.get(reverse("home")).content.decode()
    numbers = [int(x) for x in re.findall(r">第(\d+)期</a>", first)]
    assert numbers == [1, *range(100, 100 + HOME_PAGE - 1)]  # the newest by date first
    assert 'href="?page=2"' in first and "更早的期" in first and "较新的期" not in first
    second = as_editor.get(reverse("home") + "?page=2").content.decode()
    assert [int(x) for x in re.findall(r">第(\d+)期</a>", second)] == list(range(100 + HOME_PAGE - 1, 100 + HOME_PAGE + 4))
    assert 'href="?page=1"' in second and "更早的期" not in second
    drafts = as_editor.get(reverse("home") + "?state=draft").content.decode()
    assert 'href="?state=draft&amp;page=2"' in drafts
    assert issue.date.isoformat() in first  # dates as the list always showed them
    assert as_editor.get(reverse("home") + "?page=x").status_code == 200


def test_createuser_command(monkeypatch: Any) -> None:
    from zhoubao.cli import desk

    monkeypatch.setattr("zhoubao.cli.main.open_settings", lambda args: None)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-enough-secret-9\n"))
    parser_args = type("A", (), {"name": "小王", "role": "reviewer", "password_stdin": True, "email": ""})()
    assert desk.cmd_createuser(parser_args) == 0
    user = get_user_model().objects.get(username="小王")
    assert roles_of(user) == {"reviewer"} and not user.is_staff
    assert authenticate(username="小王", password="a-long-enough-secret-9") is not None
    monkeypatch.setattr(sys, "stdin", io.StringIO("123\n"))
    from zhoubao.errors import ZhoubaoError  # printed by the command as one line, exit status 2

    with pytest.raises(ZhoubaoError, match="密码不符合要求"):
        desk.cmd_createuser(parser_args)
    monkeypatch.setattr(sys, "stdin", io.StringIO("another-long-secret-7\n"))
    parser_args.role = "admin"
    assert desk.cmd_createuser(parser_args) == 0
    user = get_user_model().objects.get(username="小王")
    assert roles_of(user) == {"admin"} and user.is_staff and user.is_superuser


def test_serve_and_createuser_are_registered() -> None:
    from zhoubao.cli.main import _parser

    p = _parser()
    args = p.parse_args(["serve", "--port", "8123"])
    assert args.port == 8123 and args.host == "127.0.0.1" and callable(args.handler)
    args = p.parse_args(["createuser", "x", "--role", "editor", "--password-stdin"])
    assert args.role == "editor" and args.password_stdin
