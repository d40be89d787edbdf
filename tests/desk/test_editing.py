"""The issue page and the edits made on it: autosave, conflicts, move, reorder, add, remove, merge, split."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.desk.conftest import report as make_report
from zhoubao.archive.models import AuditEntry, Comment, Issue, Item, SectionCorrection, Story

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "status-x"}


def _items(issue: Issue) -> list[Item]:
    return list(issue.items.order_by("section", "order", "id"))


def _ver(issue: Issue) -> int:
    issue.refresh_from_db()
    return issue.version


def test_issue_page_shows_draft_sources_reasons_and_candidates(as_editor: Client, issue: Issue) -> None:
    resp = as_editor.get(reverse("issue", args=[issue.pk]))
    html = resp.content.decode()
    assert resp.status_code == 200
    for item in issue.items.all():
        assert f'id="item-{item.pk}"' in html
    assert "国家广播电视总局" in html and "新浪科技" in html  # the notice's two outlets
    assert "https://www.nrta.gov.cn/a/1.html" in html
    assert "分类依据" in html and "重要度" in html
    # The candidates beside the draft load right after the page (htmx), so the page itself stays light.
    lazy = reverse("issue_candidates", args=[issue.pk])
    assert f'hx-get="{lazy}" hx-trigger="load"' in html and "申花" not in html
    cands = as_editor.get(lazy, **HX).content.decode()
    # The off-beat football report is a candidate with its reason.
    football = Story.objects.get(title__contains="申花")
    assert "申花" in cands and (football.excluded or "不属本行业") in cands
    # Without JavaScript, the <noscript> link shows them in the page itself.
    assert f'{reverse("issue", args=[issue.pk])}?candidates=show#candidates' in html
    inline = as_editor.get(reverse("issue", args=[issue.pk]) + "?candidates=show").content.decode()
    assert "申花" in inline and 'id="candidate-list"' in inline
    assert 'name="csrfmiddlewaretoken"' in html
    # A machine-draft snapshot is taken the first time the desk opens a built issue.
    assert issue.snapshots.filter(kind="draft").count() == 1


def test_candidates_filter_and_search(as_editor: Client, issue: Issue) -> None:
    url = reverse("issue_candidates", args=[issue.pk])
    everything = as_editor.get(url, **HX).content.decode()
    assert "申花" in everything
    found = as_editor.get(url + "?q=申花", **HX).content.decode()
    assert "申花" in found and "1 个" in found
    none = as_editor.get(url + "?q=不存在的词", **HX).content.decode()
    assert "没有符合条件的候选" in none
    assert "没有符合条件的候选" in as_editor.get(url + "?min_score=99", **HX).content.decode()
    assert "申花" in as_editor.get(url + "?scope=off", **HX).content.decode()
    assert "申花" not in as_editor.get(url + "?scope=beat", **HX).content.decode()
    assert "申花" in as_editor.get(url + "?day=2025-06-04", **HX).content.decode()
    assert "申花" not in as_editor.get(url + "?day=2025-06-05", **HX).content.decode()
    # Without htmx the filter falls back to the full page.
    assert as_editor.get(url + "?q=x").status_code == 302


def test_autosave_saves_and_bumps_version(as_editor: Client, issue: Issue) -> None:
    item = issue.items.first()
    assert item is not None
    url = reverse("item_save", args=[issue.pk, item.pk])
    resp = as_editor.post(url, {"version": item.version, "title": "新标题：测试", "body": "第一段。\n\n第二段。"}, **HX)
    assert resp.status_code == 200 and "已保存" in resp.content.decode()
    item.refresh_from_db()
    assert item.title == "新标题：测试" and item.paragraphs == ["第一段。", "第二段。"] and item.version == 2
    assert f'id="version-{item.pk}"' in resp.content.decode() and 'value="2"' in resp.content.decode()
    entry = AuditEntry.objects.filter(action="edit", item=item).get()
    assert entry.before["version"] == 1 and entry.after["title"] == "新标题：测试" and entry.actor == "editor"


def test_two_editors_on_one_item_get_a_conflict_not_an_overwrite(client: Client, users: dict[str, Any],
                                                                 issue: Issue) -> None:
    item = issue.items.first()
    assert item is not None
    url = reverse("item_save", args=[issue.pk, item.pk])
    a, b = Client(), Client()
    a.force_login(users["editor"])
    b.force_login(users["editor2"])
    v = item.version
    assert a.post(url, {"version": v, "title": "甲的标题", "body": "甲"}, **HX).status_code == 200
    resp = b.post(url, {"version": v, "title": "乙的标题", "body": "乙"}, **HX)
    assert resp.status_code == 409
    text = resp.content.decode()
    assert "保存冲突" in text and "甲的标题" in text  # shows what the other editor saved
    item.refresh_from_db()
    assert item.title == "甲的标题"
    # Without htmx the conflict comes back as a message, never a silent overwrite.
    resp = b.post(url, {"version": v, "title": "乙的标题", "body": "乙"}, follow=True)
    assert "已被他人修改" in resp.content.decode()
    item.refresh_from_db()
    assert item.title == "甲的标题"


def test_empty_title_is_refused(as_editor: Client, issue: Issue) -> None:
    item = issue.items.first()
    assert item is not None
    resp = as_editor.post(reverse("item_save", args=[issue.pk, item.pk]),
                          {"version": item.version, "title": "  ", "body": "x"}, **HX)
    assert resp.status_code == 400 and "标题不能为空" in resp.content.decode()


def test_move_records_a_section_correction(as_editor: Client, issue: Issue, users: dict[str, Any]) -> None:
    item = issue.items.exclude(section="研究").first()
    assert item is not None
    old = item.section
    resp = as_editor.post(reverse("item_move", args=[issue.pk, item.pk]),
                          {"issue_version": issue.version, "section": "研究"})
    assert resp.status_code == 302
    item.refresh_from_db()
    assert item.section == "研究"
    corr = SectionCorrection.objects.get()
    assert (corr.from_section, corr.to_section, corr.user, corr.story_id) == (
        old, "研究", users["editor"], item.parts.first().story_id)
    assert _ver(issue) == 2
    # A second change from the same (stale) page is refused: the issue version moved on.
    resp = as_editor.post(reverse("item_move", args=[issue.pk, item.pk]), {"issue_version": 1, "section": "行业"},
                          follow=True)
    assert "刚被他人调整过" in resp.content.decode()
    item.refresh_from_db()
    assert item.section == "研究"
    assert as_editor.post(reverse("item_move", args=[issue.pk, item.pk]),
                          {"issue_version": 2, "section": "不存在"}).status_code == 302
    item.refresh_from_db()
    assert item.section == "研究"


def test_reorder_moves_and_orders(as_editor: Client, issue: Issue) -> None:
    items = _items(issue)
    assert len(items) >= 3
    ids = [i.pk for i in items]
    body = {"issue_version": issue.version, "section": ["行业", "资本"], "ids": [",".join(map(str, ids[::-1])), ""]}
    sections = {s["name"] for s in issue.profile.config["sections"]} - {"行业", "资本"}
    for name in sorted(sections):
        body["section"].append(name)
        body["ids"].append("")
    resp = as_editor.post(reverse("issue_reorder", args=[issue.pk]), body, HTTP_ACCEPT="application/json")
    assert resp.status_code == 200 and resp.json()["version"] == issue.version + 1
    got = list(issue.items.order_by("order").values_list("pk", "section"))
    assert [pk for pk, _ in got] == ids[::-1] and {s for _, s in got} == {"行业"}
    assert AuditEntry.objects.filter(action="reorder", issue=issue).exists()
    # A layout that misses an item (someone added one meanwhile) is a conflict.
    body["issue_version"] = resp.json()["version"]
    body["ids"][0] = ",".join(map(str, ids[1:]))
    resp = as_editor.post(reverse("issue_reorder", args=[issue.pk]), body, HTTP_ACCEPT="application/json")
    assert resp.status_code == 409 and "刷新" in resp.json()["error"]


def test_remove_and_add_back_a_candidate(as_editor: Client, issue: Issue) -> None:
    item = issue.items.first()
    assert item is not None
    story = item.parts.first().story
    as_editor.post(reverse("item_remove", args=[issue.pk, item.pk]), {"issue_version": issue.version})
    assert not Item.objects.filter(pk=item.pk).exists()
    page = as_editor.get(reverse("issue_candidates", args=[issue.pk]), **HX).content.decode()
    assert f'id="story-{story.pk}"' in page  # back among the candidates
    resp = as_editor.post(reverse("candidate_add", args=[issue.pk, story.pk]),
                          {"issue_version": _ver(issue), "section": "技术"})
    assert resp.status_code == 302
    new = issue.items.get(parts__story=story)
    assert new.section == "技术" and new.title == story.draft_title
    assert {e.action for e in AuditEntry.objects.filter(issue=issue)} >= {"remove", "add"}
    # Adding the same story twice is refused.
    as_editor.post(reverse("candidate_add", args=[issue.pk, story.pk]), {"issue_version": _ver(issue)})
    assert issue.items.filter(parts__story=story).count() == 1


def test_merge_then_split(as_editor: Client, issue: Issue) -> None:
    a, b = [i for i in _items(issue) if i.parts.count() == 1][:2]
    n = issue.items.count()
    as_editor.post(reverse("item_merge", args=[issue.pk, a.pk]), {"issue_version": issue.version, "other": b.pk,
                                                             "confirmed": "1"})
    a.refresh_from_db()
    assert issue.items.count() == n - 1 and a.parts.count() == 2 and not Item.objects.filter(pk=b.pk).exists()
    part = a.parts.order_by("order").last()
    as_editor.post(reverse("item_split", args=[issue.pk, a.pk]), {"issue_version": _ver(issue), "part": part.pk})
    assert issue.items.count() == n
    a.refresh_from_db()
    assert a.parts.count() == 1


def test_split_a_report_out_of_its_story(as_editor: Client, issue: Issue) -> None:
    story = Story.objects.get(reports__url="https://news.example.com/2.html")
    assert story.reports.count() == 2
    r = story.reports.get(url="https://news.example.com/2.html")
    as_editor.post(reverse("report_split", args=[issue.pk, r.pk]), {"issue_version": issue.version})
    r.refresh_from_db()
    assert r.story_id != story.pk and story.reports.count() == 1
    assert r.story.parts.count() == 0  # a candidate now
    assert AuditEntry.objects.filter(action="split_report").exists()


def test_highlight_toggle(as_editor: Client, issue: Issue) -> None:
    item = issue.items.filter(highlight__isnull=False).first()
    assert item is not None
    as_editor.post(reverse("item_highlight", args=[issue.pk, item.pk]), {"issue_version": issue.version})
    item.refresh_from_db()
    assert item.highlight is None


def test_add_report_by_pasting_text(as_editor: Client, issue: Issue) -> None:
    resp = as_editor.post(reverse("report_add_text", args=[issue.pk]), {
        "issue_version": issue.version, "title": "芒果TV上线纪录片《海上丝路》", "outlet": "芒果TV",
        "text": "6月8日，芒果TV上线纪录片《海上丝路》，共6集。", "published": "2025-06-08T10:00", "into_issue": "on"})
    assert resp.status_code == 302
    item = issue.items.get(title__contains="海上丝路")
    assert item.parts.first().story.reports.first().outlet == "芒果TV"
    assert AuditEntry.objects.filter(action="add_report").exists()


def test_add_report_by_url_through_the_guarded_fetcher(as_editor: Client, issue: Issue, monkeypatch: Any) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = ("<html><head><title>优酷发布暑期片单</title><meta property='article:published_time' "
            "content='2025-06-08T09:00:00+08:00'></head><body><article><h1>优酷发布暑期片单</h1>"
            "<p>6月8日，优酷发布暑期片单，共有20部网络剧将陆续上线，涵盖古装、悬疑等类型。</p>"
            "<p>优酷表示，片单中的多部作品将同步在海外平台播出。</p></article></body></html>").encode()

    class H(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *a: Any) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_port}/a.html"
        # Loopback is refused unless the home's policy allows it: the desk uses the same guard as collect.
        resp = as_editor.post(reverse("report_add_url", args=[issue.pk]),
                              {"issue_version": issue.version, "url": url, "into_issue": "on"}, follow=True)
        assert "抓取失败" in resp.content.decode()
        monkeypatch.setenv("ZHOUBAO_FETCH_ALLOW", f"127.0.0.1:{srv.server_port}")
        resp = as_editor.post(reverse("report_add_url", args=[issue.pk]),
                              {"issue_version": _ver(issue), "url": url, "into_issue": "on"}, follow=True)
        assert "已添加报道" in resp.content.decode()
    finally:
        srv.shutdown()
    assert issue.items.filter(title__contains="优酷").exists()


def test_numbers_missing_from_sources_are_highlighted(as_editor: Client, issue: Issue) -> None:
    item = issue.items.get(title__contains="哔哩哔哩")
    resp = as_editor.post(reverse("item_save", args=[issue.pk, item.pk]), {
        "version": item.version, "title": item.title, "body": "6月4日，哔哩哔哩公布第一季度财报，总营收99亿元。"}, **HX)
    text = resp.content.decode()
    assert "<mark>99</mark>" in text and "<mark>70</mark>" not in text
    issue.state = Issue.State.IN_REVIEW
    issue.save()
    page = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    assert '<mark title="来源中未见">99</mark>' in page


def test_comments_on_items_and_issue(client: Client, users: dict[str, Any], issue: Issue) -> None:
    client.force_login(users["reviewer"])
    item = issue.items.first()
    assert item is not None
    client.post(reverse("comment_add", args=[issue.pk]), {"text": "请核对数字", "item": item.pk})
    client.post(reverse("comment_add", args=[issue.pk]), {"text": "整体可以"})
    assert Comment.objects.filter(item=item, text="请核对数字").exists()
    assert Comment.objects.filter(item__isnull=True, text="整体可以").exists()
    page = client.get(reverse("issue", args=[issue.pk])).content.decode()
    assert "请核对数字" in page and "整体可以" in page
    assert AuditEntry.objects.filter(action="comment").count() == 2


def test_text_is_autoescaped(as_editor: Client, issue: Issue) -> None:
    item = issue.items.first()
    assert item is not None
    as_editor.post(reverse("item_save", args=[issue.pk, item.pk]),
                   {"version": item.version, "title": "<script>alert(1)</script>", "body": "<img src=x onerror=alert(1)>"},
                   **HX)
    page = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_report_html_only_through_nh3(as_editor: Client, issue: Issue) -> None:
    r = make_report("https://x.example.com/evil.html", "恶意页面", "正文", issue.window_start)
    r.html = '<p onclick="alert(1)">正文<script>alert(2)</script><a href="javascript:alert(3)">链接</a><img src="https://t.example/p.gif"></p>'
    r.save()
    page = as_editor.get(reverse("report", args=[r.pk])).content.decode()
    assert "正文" in page and "onclick" not in page and "<script>alert(2)" not in page
    assert "javascript:alert" not in page and "t.example/p.gif" not in page
