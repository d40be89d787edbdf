"""Issue 13, deliverable 5: the published archive — pages, index by year, Atom feed, downloads — public only when
[profile] public = true; drafts, issues in review and approved ones never listed nor reachable."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from zhoubao.app import publish
from zhoubao.archive.models import Issue, IssueSignoff, Item, ItemStory
from zhoubao.compose.compose import published_document
from zhoubao.compose.document import Masthead
from zhoubao.compose.stored import store_document
from zhoubao.conf.settings import Settings
from zhoubao.review import workflow

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'
LONG = "长" + "w" * 160  # one unbroken word wider than a phone


@pytest.fixture
def public() -> Iterator[None]:
    """The home's zhoubao.toml says the weekly is public (removed afterwards: the scratch home is shared)."""
    toml = Path(os.environ["ZHOUBAO_HOME"]) / "zhoubao.toml"
    assert not toml.exists()
    toml.write_text("[profile]\npublic = true\n", encoding="utf-8")
    yield
    toml.unlink()


def _publish(home: Settings, users: dict[str, Any], issue: Issue) -> Issue:
    for step, who in (("submit", users["editor"]), ("approve", users["reviewer"])):
        issue.refresh_from_db()
        workflow.transition(issue.pk, step, who, version=issue.version)
    issue.refresh_from_db()
    publish.publish(home, issue.pk, users["reviewer"], version=issue.version)
    issue.refresh_from_db()
    assert issue.state == Issue.State.PUBLISHED
    return issue


def _hostile(issue: Issue) -> None:
    """An item whose title, text and source carry markup and a javascript: link, made the first highlight."""
    item = issue.items.order_by("section", "order").first()
    assert item is not None
    item.title = f"标题{HOSTILE}{LONG}"
    item.paragraphs = [f"正文{HOSTILE}{LONG}"]
    item.highlight = 1
    item.save()
    Item.objects.filter(issue=issue).exclude(pk=item.pk).filter(highlight=1).update(highlight=None)
    part = ItemStory.objects.filter(item=item).first()
    assert part is not None and part.story is not None
    part.story.reports.update(url="javascript:alert(1)", outlet=f"媒体{HOSTILE}")


@pytest.fixture
def archive(home: Settings, users: dict[str, Any], issue: Issue) -> dict[str, Issue]:
    """Issue 1 published (with hostile text), a past issue of 2024 imported, and issues 2–4 not published."""
    _hostile(issue)
    published = _publish(home, users, issue)
    doc = published_document(published)
    assert doc is not None
    doc.masthead = Masthead(doc.masthead.title, doc.masthead.publisher, 90, date(2024, 12, 30))
    doc.highlights = ["二〇二四年最后一期的摘要"]
    old = store_document(published.profile, doc, origin="import:past.pdf")
    out = {"published": published, "imported": old}
    for number, state in ((2, Issue.State.DRAFT), (3, Issue.State.IN_REVIEW), (4, Issue.State.APPROVED)):
        out[state] = Issue.objects.create(profile=published.profile, number=number, date=date(2025, 6, 16 + number),
                                          window_start=published.window_start, window_end=published.window_end,
                                          state=state)
        Item.objects.create(issue=out[state], section="要闻", order=0, title=f"未发布的第{number}期条目",
                            paragraphs=["不应出现在归档里"], highlight=1)
    return out


def _urls(issue: Issue) -> list[str]:
    return [reverse("archive_index"), reverse("archive_feed"), reverse("archive_issue", args=[issue.number]),
            reverse("archive_file", args=[issue.number, f"{issue.number}.pdf"])]


# -- public on / off -------------------------------------------------------------------------------------------

def test_private_archive_sends_anonymous_readers_to_login(archive: dict[str, Issue], users: dict[str, Any]) -> None:
    anon = Client()
    for url in _urls(archive["published"]):
        resp = anon.get(url)
        assert resp.status_code == 302, url
        assert urlsplit(resp["Location"]).path == reverse("login") and quote(url, safe="/") in resp["Location"]
    editor = Client()
    editor.force_login(users["editor"])
    for url in _urls(archive["published"]):
        resp = editor.get(url)
        assert resp.status_code == 200, url
        assert "private" in resp["Cache-Control"]


def test_public_archive_needs_no_login(public: None, archive: dict[str, Issue]) -> None:
    anon = Client()
    for url in _urls(archive["published"]):
        resp = anon.get(url)
        assert resp.status_code == 200, url
        assert resp["Cache-Control"].startswith("public")
    assert anon.post(reverse("archive_index")).status_code == 405
    # The desk itself stays behind the login.
    assert anon.get(reverse("home")).status_code == 302
    assert anon.get(reverse("issue", args=[archive["published"].pk])).status_code == 302


# -- only published issues -------------------------------------------------------------------------------------

def test_unpublished_issues_are_never_listed_nor_reachable(public: None, archive: dict[str, Issue],
                                                           users: dict[str, Any]) -> None:
    anon = Client()
    editor = Client()
    editor.force_login(users["editor"])
    index = anon.get(reverse("archive_index")).content.decode()
    feed = anon.get(reverse("archive_feed")).content.decode()
    for state in (Issue.State.DRAFT, Issue.State.IN_REVIEW, Issue.State.APPROVED):
        unpublished = archive[state]
        for text in (index, feed):
            assert f"第{unpublished.number}期" not in text and "未发布的" not in text
        for client in (anon, editor):
            assert client.get(reverse("archive_issue", args=[unpublished.number])).status_code == 404
            assert client.get(reverse("archive_file", args=[unpublished.number, f"{unpublished.number}.pdf"])
                              ).status_code == 404
    assert anon.get(reverse("archive_issue", args=[999])).status_code == 404


def test_index_by_year_newest_first(public: None, archive: dict[str, Issue]) -> None:
    html = Client().get(reverse("archive_index")).content.decode()
    assert html.index("2025年") < html.index("第1期") < html.index("2024年") < html.index("第90期")
    assert "二〇二四年最后一期的摘要" in html
    assert "2025年6月9日" in html and "2024年12月30日" in html
    assert "共 2 期" in html
    # Each issue links to its page (relative to /archive/).
    assert 'href="1/"' in html and 'href="90/"' in html and reverse("archive_issue", args=[90]) == "/archive/90/"
    assert 'name="viewport"' in html


def test_issue_page_is_the_frozen_published_document(public: None, archive: dict[str, Issue]) -> None:
    issue = archive["published"]
    doc = published_document(issue)
    assert doc is not None
    # An edit after publication (made behind the workflow's back) must not reach the public page.
    Item.objects.filter(issue=issue).update(title="发布之后偷偷改过的标题")
    html = Client().get(reverse("archive_issue", args=[issue.number])).content.decode()
    assert "发布之后偷偷改过的标题" not in html
    assert doc.masthead.title in html and "第1期" in html and "2025年6月9日" in html
    plain = [item for item in doc.items() if "<" not in item.title]  # the hostile one is checked below, escaped
    assert len(plain) >= 3
    for item in plain:
        assert item.title in html
    for section in doc.sections:
        assert section.name in html
    assert doc.footer.office in html
    assert reverse("archive_file", args=[1, "1.pdf"]) in html and reverse("archive_file", args=[1, "1.docx"]) in html


def test_hostile_text_is_escaped(public: None, archive: dict[str, Issue]) -> None:
    html = Client().get(reverse("archive_issue", args=[1])).content.decode()
    assert "<script>" not in html and "<img" not in html and "javascript:" not in html
    assert "标题&lt;script&gt;" in html and "正文&lt;script&gt;" in html and "媒体&lt;script&gt;" in html
    index = Client().get(reverse("archive_index")).content.decode()
    assert "<script>" not in index and "标题&lt;script&gt;" in index
    feed = Client().get(reverse("archive_feed")).content
    parsed = feedparser.parse(feed)
    assert not parsed.bozo
    assert "<script>" not in feed.decode() and HOSTILE in parsed.entries[0].summary  # as text, escaped in XML


# -- the Atom feed ---------------------------------------------------------------------------------------------

def test_atom_feed_parses_back(public: None, archive: dict[str, Issue]) -> None:
    resp = Client().get(reverse("archive_feed"))
    assert resp["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(resp.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == archive["published"].profile.title
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == ["http://testserver/archive/feed.atom"]
    assert [e.title.split(" ")[-1][:4] for e in parsed.entries] == ["第1期（", "第90期"]
    newest, oldest = parsed.entries
    assert newest.id == "http://testserver/archive/1/" and oldest.id == "http://testserver/archive/90/"
    assert newest.link == newest.id
    # Dates: RFC 3339 in the profile's zone (Asia/Shanghai: +08:00), the real publication time.
    raw = resp.content.decode()
    sign = IssueSignoff.objects.get(issue=archive["published"])
    assert sign.published_at is not None
    assert newest.updated.endswith("+08:00")
    assert datetime.fromisoformat(newest.updated) == sign.published_at.replace(microsecond=0)
    assert f"<updated>{newest.updated}</updated>" in raw
    assert oldest.updated.endswith("+08:00")
    # The feed changed last when its latest entry did (here the past issue, imported after issue 1 was published).
    assert datetime.fromisoformat(parsed.feed.updated) == max(datetime.fromisoformat(e.updated) for e in parsed.entries)
    # One enclosure per published file, each one downloadable.
    listed = [f for f in sign.published_files if "file" in f]
    enclosures = [link for link in newest.links if link.rel == "enclosure"]
    assert sorted(urlsplit(e.href).path.rsplit("/", 1)[-1] for e in enclosures) == sorted(f["file"] for f in listed)
    assert {"application/pdf", "text/markdown"} <= {e.type for e in enclosures}
    for e in enclosures:
        got = Client().get(urlsplit(e.href).path)
        assert got.status_code == 200 and int(e.length) == len(b"".join(got.streaming_content))
    assert oldest.get("enclosures", []) == []  # an imported issue has no published files
    doc = published_document(archive["published"])
    assert doc is not None
    assert newest.summary.splitlines() == doc.highlights


# -- downloads -------------------------------------------------------------------------------------------------

def test_downloads_have_type_and_chinese_name(public: None, archive: dict[str, Issue], home: Settings) -> None:
    issue = archive["published"]
    folder = publish.published_dir(home.home, issue)
    title = issue.profile.title
    for name, ctype in (("1.pdf", "application/pdf"), ("1.md", "text/markdown; charset=utf-8"),
                        ("1.json", "application/json; charset=utf-8")):
        resp = Client().get(reverse("archive_file", args=[1, name]))
        assert resp.status_code == 200 and resp["Content-Type"] == ctype
        assert b"".join(resp.streaming_content) == (folder / name).read_bytes()
        ext = name.rsplit(".", 1)[1]
        assert resp["Content-Disposition"].startswith("attachment")
        assert f"filename*=utf-8''{quote(f'{title}第1期.{ext}')}" in resp["Content-Disposition"]
        assert resp["X-Content-Type-Options"] == "nosniff"
    # Three HTML formats share .html: each saved under its own name.
    names = {Client().get(reverse("archive_file", args=[1, f])).get("Content-Disposition") for f in
             ("1.html", "1-email.html", "1-wechat.html")}
    assert len(names) == 3


def test_traversal_and_unlisted_files_are_refused(public: None, archive: dict[str, Issue], home: Settings) -> None:
    issue = archive["published"]
    folder = publish.published_dir(home.home, issue)
    (folder / "secret.txt").write_text("不该被下载", encoding="utf-8")
    (home.home / "zhoubao-secret.txt").write_text("不该被下载", encoding="utf-8")
    anon = Client()
    for name in ("secret.txt", "..", "...", ".publishing-1", "%2e%2e%2fzhoubao-secret.txt",
                 "..%2F..%2F..%2Fzhoubao-secret.txt", "1.pdf%00.txt", "1.PDF"):
        resp = anon.get(f"/archive/1/files/{name}")
        assert resp.status_code == 404, name
    for path in ("/archive/1/files/../../../zhoubao-secret.txt", "/archive/1/files/%2F..%2F..%2Fzhoubao-secret.txt",
                 "/archive/1/files//etc/passwd"):
        resp = anon.get(path)
        assert resp.status_code == 404, path
        assert "不该被下载" not in resp.content.decode("utf-8", "replace")
    # A listed name whose file was swapped for a link out of the folder is not followed.
    (folder / "1.json").unlink()
    (folder / "1.json").symlink_to(home.home / "zhoubao-secret.txt")
    assert anon.get(reverse("archive_file", args=[1, "1.json"])).status_code == 404


# -- on a phone ------------------------------------------------------------------------------------------------

def test_archive_reads_on_a_phone(public: None, archive: dict[str, Issue], live_server: Any) -> None:
    """390 px wide, the index and an issue page (hostile text and long words included) never scroll sideways."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
            for path in (reverse("archive_index"), reverse("archive_issue", args=[1])):
                page.goto(live_server.url + path)
                assert page.locator("link[rel=stylesheet]").count() == 1
                # The stylesheet arrived (the masthead is the weekly's red), and nothing is wider than the screen.
                assert page.eval_on_selector(".masthead h1", "e => getComputedStyle(e).color") == "rgb(176, 0, 0)"
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        finally:
            browser.close()


# -- many issues -----------------------------------------------------------------------------------------------

def test_index_and_feed_cost_the_same_few_queries_for_many_issues(public: None, archive: dict[str, Issue],
                                                                   django_assert_max_num_queries: Any) -> None:
    """Three years of weeklies: every one listed under its year, in a handful of queries (not one per issue)."""
    doc = published_document(archive["published"])
    assert doc is not None
    for n in range(100, 250):
        day = date(2022, 1, 3).toordinal() + 7 * (n - 100)
        doc.masthead = Masthead(doc.masthead.title, doc.masthead.publisher, n, date.fromordinal(day))
        doc.highlights = [f"第{n}期的摘要"]
        store_document(archive["published"].profile, doc, origin=f"import:{n}.pdf")
    with django_assert_max_num_queries(12):
        html = Client().get(reverse("archive_index")).content.decode()
    assert "共 152 期" in html
    assert all(f"{y}年</h2>" in html for y in (2022, 2023, 2024, 2025))
    assert html.index("第249期") < html.index("第100期")
    with django_assert_max_num_queries(12):
        parsed = feedparser.parse(Client().get(reverse("archive_feed")).content)
    assert len(parsed.entries) == 152 and not parsed.bozo
    assert [e.summary for e in parsed.entries[2:4]] == ["第249期的摘要", "第248期的摘要"]  # after 1 and 90
