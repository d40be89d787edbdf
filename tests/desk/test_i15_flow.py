"""Issue 15's review workflow: 退回修改 with a reason, whom each issue waits on, a reviewer's typo fix in review."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhoubao.archive.models import AuditEntry, Issue, IssueSignoff

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _step(c: Client, issue: Issue, action: str, **data: Any) -> Any:
    issue.refresh_from_db()
    return c.post(reverse("issue_transition", args=[issue.pk, action]), {"issue_version": issue.version, **data},
                  follow=True)


def _save(c: Client, issue: Issue, title: str) -> Any:
    item = issue.items.order_by("id").first()
    assert item is not None
    return c.post(reverse("item_save", args=[issue.pk, item.pk]),
                  {"version": item.version, "title": title, "body": "\n".join(item.paragraphs)}, **HX)


def test_sending_back_needs_a_reason_and_shows_it(users: dict[str, Any], issue: Issue) -> None:
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    assert _save(ed, issue, "编辑写的标题").status_code == 200
    _step(ed, issue, "submit")
    page = rv.get(reverse("issue", args=[issue.pk])).content.decode()
    assert 'name="reason"' in page and "退回理由（必填）" in page
    # No reason (or only spaces): refused in Chinese, the issue stays in review.
    for blank in ("", "   \n  "):
        resp = _step(rv, issue, "request_changes", reason=blank)
        assert "请填写退回理由" in resp.content.decode()
        issue.refresh_from_db()
        assert issue.state == "in_review"
    resp = _step(rv, issue, "request_changes", reason="第一条标题的数字有误，请核对来源。")
    issue.refresh_from_db()
    assert issue.state == "draft"
    entry = AuditEntry.objects.filter(issue=issue, action="request_changes").first()
    assert entry is not None and entry.after["reason"] == "第一条标题的数字有误，请核对来源。"
    # The workflow card and the editors' list both say why.
    page = ed.get(reverse("issue", args=[issue.pk])).content.decode()
    assert "退回：</b>第一条标题的数字有误" in page and "reviewer" in page and "等待：编辑" in page
    home = ed.get(reverse("home")).content.decode()
    assert "退回：第一条标题的数字有误，请核对来源。" in home
    # Once submitted again, the old reason is no longer shown in the list.
    _step(ed, issue, "submit")
    assert "退回：" not in ed.get(reverse("home")).content.decode()


def test_issue_list_says_whom_each_issue_waits_on(users: dict[str, Any], issue: Issue) -> None:
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    home = ed.get(reverse("home")).content.decode()
    assert 'data-waiting>编辑</td>' in home  # built by the machine: no editor known yet
    _save(ed, issue, "编辑写的标题")
    assert 'data-waiting>编辑（editor）</td>' in ed.get(reverse("home")).content.decode()
    _step(ed, issue, "submit")
    assert 'data-waiting>复核</td>' in ed.get(reverse("home")).content.decode()
    _step(rv, issue, "request_changes", reason="请改")
    _step(ed, issue, "submit")
    assert 'data-waiting>复核（reviewer）</td>' in ed.get(reverse("home")).content.decode()


def test_a_reviewer_fixes_a_typo_in_review_audited_as_theirs(users: dict[str, Any], issue: Issue) -> None:
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    # In a draft the reviewer may not write (the editors' work)…
    assert _save(rv, issue, "复核改的").status_code == 403
    _save(ed, issue, "编辑写的标题")
    _step(ed, issue, "submit")
    page = rv.get(reverse("issue", args=[issue.pk])).content.decode()
    assert 'class="edit"' in page and "复核中可直接改正错字" in page
    assert 'class="edit"' not in ed.get(reverse("issue", args=[issue.pk])).content.decode()
    # …in review they may; the editor may not.
    assert _save(rv, issue, "编辑写的标题（已改错字）").status_code == 200
    assert _save(ed, issue, "编辑再改").status_code == 409
    item = issue.items.order_by("id").first()
    assert item is not None and item.title == "编辑写的标题（已改错字）"
    entry = AuditEntry.objects.filter(issue=issue, action="edit").first()
    assert entry is not None and entry.user == users["reviewer"] and entry.after["in_review"] is True
    # The fix does not stop that reviewer approving: the editor wrote the issue too.
    _step(rv, issue, "approve")
    issue.refresh_from_db()
    assert issue.state == "approved"
    # Approved: nobody writes any more.
    assert _save(rv, issue, "批准后再改").status_code == 409


# -- published files named 行业动态周报第N期 ------------------------------------------------------------------

def _filenames(header: str) -> tuple[str, str]:
    """The ASCII filename and the decoded RFC 5987 filename* of a Content-Disposition header."""
    from urllib.parse import unquote

    ascii_part = re.search(r'filename="([^"]*)"', header)
    star = re.search(r"filename\*=UTF-8''(\S+)", header)
    assert ascii_part is not None and star is not None, header
    assert ascii_part.group(1).isascii()
    return ascii_part.group(1), unquote(star.group(1))


def test_downloads_are_named_after_the_weekly(users: dict[str, Any], issue: Issue) -> None:
    ed, rv = _login(users["editor"]), _login(users["reviewer"])
    n = issue.number
    resp = rv.get(reverse("issue_export", args=[issue.pk, "md"]))
    fallback, name = _filenames(resp["Content-Disposition"])
    assert name == f"行业动态周报第{n}期-草稿.md" and fallback.endswith(f"-{n}.md")
    _save(ed, issue, "编辑写的标题")
    _step(ed, issue, "submit")
    _step(rv, issue, "approve")
    _step(rv, issue, "publish")
    issue.refresh_from_db()
    assert issue.state == "published"
    files = {f["format"]: f for f in IssueSignoff.objects.get(issue=issue).published_files if "file" in f}
    for fmt, ext in (("md", "md"), ("json", "json"), ("html", "html"), ("pdf", "pdf")):
        if fmt not in files:
            continue  # a renderer missing here is reported by the publish, not this test's subject
        resp = rv.get(reverse("issue_file", args=[issue.pk, files[fmt]["file"]]))
        assert resp.status_code == 200
        fallback, name = _filenames(resp["Content-Disposition"])
        assert name == f"行业动态周报第{n}期.{ext}" and fallback == f"{issue.profile.key}-{n}.{ext}"
    variant = next(f for f in files if f not in ("md", "json", "html", "pdf", "docx"))
    got = rv.get(reverse("issue_file", args=[issue.pk, files[variant]["file"]]))
    assert _filenames(got["Content-Disposition"])[1].startswith(f"行业动态周报第{n}期-{variant}.")
    # The folder keeps its plain names (the ledger, the mailer and scripts read them).
    assert files["md"]["file"] == f"{n}.md"


def test_a_weekly_name_with_slashes_still_makes_one_file_name(issue: Issue) -> None:
    from zhoubao.app import names

    issue.profile.title = '周报/"内部"\\版:\x07'
    assert names.file_name(issue, "pdf", "pdf") == f"周报内部版第{issue.number}期.pdf"
    issue.profile.title = "///"
    assert names.file_name(issue, "wechat", "html") == f"周报第{issue.number}期-wechat.html"
    issue.profile.key = "行业/weekly 2"
    assert names.ascii_name(issue, "wechat", "html") == f"weekly-2-{issue.number}-wechat.html"
    header = names.content_disposition("周报 第1期.pdf", "x-1.pdf")
    assert header == "attachment; filename=\"x-1.pdf\"; filename*=UTF-8''%E5%91%A8%E6%8A%A5%20%E7%AC%AC1%E6%9C%9F.pdf"


# -- print preview ------------------------------------------------------------------------------------------

def _pdf_renderer(monkeypatch: pytest.MonkeyPatch, render: Any) -> None:
    """Stand in for the PDF renderer (the registry's entries are frozen)."""
    from types import SimpleNamespace

    from zhoubao.render import registry

    real = registry.get
    monkeypatch.setattr(registry, "get", lambda name: SimpleNamespace(render=render) if name == "pdf" else real(name))


def test_print_preview_shows_the_pdf_pages_cached_by_version(users: dict[str, Any], issue: Issue,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ed = _login(users["editor"])
    assert reverse("issue_preview", args=[issue.pk]) in ed.get(reverse("issue", args=[issue.pk])).content.decode()
    page = ed.get(reverse("issue_preview", args=[issue.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    srcs = re.findall(r'<img src="([^"]+\.png)" alt="第(\d+)页"', html)
    assert srcs and srcs[0][1] == "1"
    got = ed.get(srcs[0][0])
    png = b"".join(got.streaming_content)
    assert got.status_code == 200 and got["Content-Type"] == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n")
    from io import BytesIO

    from PIL import Image

    width, height = Image.open(BytesIO(png)).size
    assert width > 1000 and height > width  # a portrait page, sharp enough to read on a phone
    # Shown again unchanged: the pages come from the cache (a render now would fail this test).
    _pdf_renderer(monkeypatch, lambda *a, **k: pytest.fail("rendered again for an unchanged issue"))
    assert srcs == re.findall(r'<img src="([^"]+\.png)" alt="第(\d+)页"',
                              ed.get(reverse("issue_preview", args=[issue.pk])).content.decode())
    monkeypatch.undo()
    # An edit makes a new version: new pages, the old ones gone.
    _save(ed, issue, "预览后改过的标题")
    again = re.findall(r'<img src="([^"]+\.png)"', ed.get(reverse("issue_preview", args=[issue.pk])).content.decode())
    assert again and again[0] != srcs[0][0]
    assert ed.get(srcs[0][0]).status_code == 404
    # Made-up keys and pages are not files.
    base = again[0].rsplit("/", 2)[0]
    for bad in (f"{base}/{'0' * 20}/1.png", again[0].replace("/1.png", "/999.png"), f"{base}/..%2F..%2Fx/1.png"):
        assert ed.get(bad).status_code == 404, bad


def test_print_preview_without_the_pdf_renderer_says_why(users: dict[str, Any], issue: Issue,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from zhoubao.render import registry

    def unavailable(*_a: Any, **_k: Any) -> bytes:
        raise registry.RenderUnavailable("Typst 未安装")

    _pdf_renderer(monkeypatch, unavailable)
    resp = _login(users["reviewer"]).get(reverse("issue_preview", args=[issue.pk]), follow=True)
    assert "无法生成打印预览：Typst 未安装" in resp.content.decode()


# -- labels, plain words, busy buttons, a pasted report in view ------------------------------------------------

def test_filters_are_labelled_and_scores_in_plain_words(as_editor: Client, issue: Issue) -> None:
    html = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    for label, field in (("首次报道日期", "day"), ("重要度", "min_score"), ("范围", "scope"), ("栏目", "section")):
        assert re.search(rf'<label class="f">{label} <(input|select)[^>]*name="{field}"', html), label
    assert "得分 " not in html and "排序得分" not in html and "rules+learned" not in html
    assert re.search(r"来源 \d+ 篇 · 重要度[高中低]", html)
    cands = as_editor.get(reverse("issue_candidates", args=[issue.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "得分" not in cands and re.search(r"重要度[高中低]", cands)
    # The select still filters by the score it stands for.
    high = as_editor.get(reverse("issue_candidates", args=[issue.pk]) + "?min_score=4",
                         HTTP_HX_REQUEST="true").content.decode()
    assert set(re.findall(r"重要度([高中低])", high)) <= {"高"}
    assert len(re.findall(r"重要度[高中低]", high)) < len(re.findall(r"重要度[高中低]", cands))


def test_importance_and_method_words() -> None:
    from zhoubao.web.templatetags.desk import importance, method_words

    assert [importance(x) for x in (5.2, 4.0, 3.99, 3.0, 2.1, None, "x")] == ["高", "高", "中", "中", "低", "未评", "未评"]
    assert method_words("rules+learned") == "按栏目关键词和以往各期编辑的归类"
    assert method_words("rules") == "按栏目关键词" and method_words("other") == "other"


def test_slow_forms_say_they_are_busy_and_titles_grow(as_editor: Client, issue: Issue) -> None:
    html = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    assert re.search(r'<form method="post" action="[^"]*/reports/add-url" class="stack" data-busy="抓取中…">', html)
    assert 'data-busy="添加中…"' in html and 'data-busy="正在生成预览…"' in html
    assert re.search(r'<textarea class="title grow" name="title" rows="1"', html)
    assert 'id="shortcuts"' in html and "<kbd>j</kbd>" in html


def test_a_pasted_report_is_shown_where_it_landed(as_editor: Client, issue: Issue) -> None:
    issue.refresh_from_db()
    resp = as_editor.post(reverse("report_add_text", args=[issue.pk]), {
        "issue_version": issue.version, "title": "腾讯视频发布暑期片单", "text": "6月8日，腾讯视频发布暑期片单，共40部。",
        "into_issue": "on"})
    item = issue.items.get(title__contains="腾讯视频")
    assert resp.status_code == 302 and resp["Location"].endswith(f"#item-{item.pk}")
    issue.refresh_from_db()
    resp = as_editor.post(reverse("report_add_text", args=[issue.pk]), {
        "issue_version": issue.version, "title": "优酷发布秋季片单", "text": "6月8日，优酷发布秋季片单，共30部。",
        "published": "2025-06-08 10:00"})
    assert resp.status_code == 302
    location = resp["Location"]
    anchor = location.rsplit("#", 1)[1]
    assert anchor.startswith("story-") and "?q=" in location
    # The filtered list the redirect asks for holds that story, so the browser lands on it.
    assert f'id="{anchor}"' in as_editor.get(location.split("#")[0]).content.decode()
