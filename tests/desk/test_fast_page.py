"""The issue page's speed-ups never show stale or someone else's content: cached pieces follow every change
they show, differ by role, carry the visitor's own CSRF token; candidates load lazily and without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.desk.conftest import PASSWORD
from zhoubao.archive.models import Issue, Item, Report
from zhoubao.web import fragments

pytestmark = pytest.mark.django_db
HX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}


def _page(client: Client, issue: Issue, query: str = "") -> str:
    resp = client.get(reverse("issue", args=[issue.pk]) + query)
    assert resp.status_code == 200
    return resp.content.decode()


def _item_html(page: str, item: Item) -> str:
    start = page.index(f'id="item-{item.pk}"')
    return page[start : page.index("</article>", start)]


def _tokenless(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_cached_items_follow_every_change_they_show(as_editor: Client, issue: Issue) -> None:
    item = issue.items.get(title__contains="哔哩哔哩")
    first = _item_html(_page(as_editor, issue), item)
    hits = fragments.PIECES.hits
    again = _item_html(_page(as_editor, issue), item)
    assert fragments.PIECES.hits >= hits + issue.items.count()  # served from the cache
    assert _tokenless(again) == _tokenless(first)
    # A report's title changes underneath (no item version bump): the page shows it.
    report = Report.objects.get(url="https://biz.example.com/5.html")
    Report.objects.filter(pk=report.pk).update(title="哔哩哔哩财报（更正）")
    assert "哔哩哔哩财报（更正）" in _item_html(_page(as_editor, issue), item)
    # The fact-check follows the sources' text: 99 is flagged until a source says it.
    as_editor.post(reverse("item_save", args=[issue.pk, item.pk]),
                   {"version": item.version, "title": item.title, "body": "哔哩哔哩总营收99亿元。"}, **HX)
    assert "<mark>99</mark>" in _item_html(_page(as_editor, issue), item)
    Report.objects.filter(pk=report.pk).update(text=report.text + "另据统计为99亿元。")
    assert "<mark>99</mark>" not in _item_html(_page(as_editor, issue), item)
    # A comment on the item, and a structural change elsewhere (the issue's version in every form).
    as_editor.post(reverse("comment_add", args=[issue.pk]), {"text": "请再核对一次", "item": item.pk})
    html = _item_html(_page(as_editor, issue), item)
    assert "请再核对一次" in html and "评论 1" in html
    other = issue.items.exclude(pk=item.pk).first()
    assert other is not None
    issue.refresh_from_db()
    as_editor.post(reverse("item_highlight", args=[issue.pk, other.pk]), {"issue_version": issue.version})
    issue.refresh_from_db()
    assert f'name="issue_version" value="{issue.version}"' in _item_html(_page(as_editor, issue), item)


def test_pieces_differ_by_role_and_state(client: Client, users: dict[str, Any], issue: Issue) -> None:
    item = issue.items.first()
    assert item is not None
    client.force_login(users["editor"])
    assert 'class="edit"' in _item_html(_page(client, issue), item)
    client.force_login(users["reviewer"])  # the same content, read-only for a reviewer
    html = _item_html(_page(client, issue), item)
    assert 'class="edit"' not in html and "hx-post" not in html and 'class="tools"' not in html
    assert "对此条的意见" in html  # reviewers comment
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.PUBLISHED)
    assert "对此条的意见" not in _item_html(_page(client, issue), item)


def test_each_visitor_gets_their_own_csrf_token(users: dict[str, Any], issue: Issue) -> None:
    client = Client(enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(reverse("login")).content.decode())
    assert token
    resp = client.post(reverse("login"), {"username": "editor", "password": PASSWORD,
                                           "csrfmiddlewaretoken": token.group(1)})
    assert resp.status_code == 302
    page = _page(client, issue)
    cands = client.get(reverse("issue_candidates", args=[issue.pk]), **HX).content.decode()
    assert str(fragments.CSRF_PLACEHOLDER) not in page and str(fragments.CSRF_PLACEHOLDER) not in cands
    item = issue.items.first()
    assert item is not None
    # A token taken from a cached piece is accepted for this visitor's post.
    piece_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _item_html(page, item))
    assert piece_token
    resp = client.post(reverse("comment_add", args=[issue.pk]), {"text": "好", "item": item.pk,
                                                                 "csrfmiddlewaretoken": piece_token.group(1)})
    assert resp.status_code == 302
    # Another visitor's cached copy of the same piece carries their token, not this one's.
    other = Client()
    other.force_login(users["editor2"])
    other_tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', _item_html(_page(other, issue), item)))
    assert piece_token.group(1) not in other_tokens


def test_placeholder_text_typed_by_an_editor_stays_text(as_editor: Client, issue: Issue) -> None:
    item = issue.items.first()
    assert item is not None
    as_editor.post(reverse("item_save", args=[issue.pk, item.pk]),
                   {"version": item.version, "title": str(fragments.CSRF_PLACEHOLDER) + "标题", "body": "正文"}, **HX)
    html = _item_html(_page(as_editor, issue), item)
    assert "&lt;zb-csrf-token&gt;标题" in html


def test_candidates_load_lazily_or_inline_without_javascript(as_editor: Client, issue: Issue) -> None:
    url = reverse("issue_candidates", args=[issue.pk])
    page = _page(as_editor, issue)
    assert 'id="candidate-list"' in page and 'id="story-' not in page
    # Without htmx the candidates URL sends the browser to the page with the list inline.
    resp = as_editor.get(url)
    assert resp.status_code == 302 and resp["Location"].endswith("?candidates=show#candidates")
    assert 'id="story-' in _page(as_editor, issue, "?candidates=show")
    # A filter submitted without JavaScript shows the filtered list in the page.
    inline = _page(as_editor, issue, "?q=申花")
    assert "申花" in inline and 'value="申花"' in inline
    assert "申花" not in _page(as_editor, issue, "?q=不存在的词").split('id="candidate-list"')[1]


def test_the_issue_page_takes_a_fixed_number_of_queries(as_editor: Client, issue: Issue) -> None:
    _page(as_editor, issue)
    with CaptureQueriesContext(connection) as few:
        _page(as_editor, issue)
    # Twice the items, comments and reports: the same number of queries.
    for item in issue.items.all():
        as_editor.post(reverse("comment_add", args=[issue.pk]), {"text": "意见", "item": item.pk})
    issue.refresh_from_db()
    for n in range(issue.items.count()):
        as_editor.post(reverse("report_add_text", args=[issue.pk]),
                       {"issue_version": issue.version, "title": f"手工报道{n}", "text": f"正文{n}。",
                        "into_issue": "on"})
        issue.refresh_from_db()
    with CaptureQueriesContext(connection) as fresh:
        _page(as_editor, issue)  # every item changed: its piece is looked up in the database, rendered and stored
    with CaptureQueriesContext(connection) as many:
        _page(as_editor, issue)
    # 17: the newest change 撤销 may take back is one query of its own (issue 15); 18: the candidate filter's outlets
    # are read as kept for the window's reports (a count, then the kept list) rather than gathered from them.
    assert len(many.captured_queries) == len(few.captured_queries) <= 18
    # Pieces no process has rendered: one query reads those stored, one transaction stores the new ones (and
    # drops their older versions) — whatever their number; the same for the items' source checks, and the window
    # that gained reports gathers its outlets again and keeps them.
    extra = [q["sql"][:120] for q in fresh.captured_queries]
    # The 校对 findings of the changed items: one read, one transaction storing them (issue 15: kept in the database
    # by their exact input, as the build primes them).
    assert len(fresh.captured_queries) - len(many.captured_queries) <= 15, extra


def test_lru_is_bounded() -> None:
    lru: fragments.LRU[str] = fragments.LRU(3, max_bytes=10, size=len)
    for k in "abcd":
        lru.put(k, "xx")
    assert len(lru) == 3 and lru.get("a") is None and lru.get("d") == "xx"
    lru.put("big", "y" * 9)
    assert lru.get("big") == "y" * 9 and len(lru) <= 2


def test_pieces_rendered_by_one_process_are_read_by_the_others(as_editor: Client, issue: Issue,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The database keeps the pieces for every server process (issue 15): another process (here, this one with its
    own cache emptied) reads them instead of rendering them; an edit, or other templates, render anew."""
    from zhoubao.archive.models import Derived

    rendered: list[str] = []
    real = fragments.get_template

    def counting(name: str) -> Any:
        rendered.append(name)
        return real(name)

    monkeypatch.setattr(fragments, "get_template", counting)
    n = issue.items.count()
    fragments.PIECES.clear()  # the tests before may have rendered the same pieces in this process
    Derived.objects.filter(scope__startswith="piece:").delete()  # as if the build had prepared none
    first = _page(as_editor, issue)
    assert rendered.count("desk/_item.html") == n
    fragments.PIECES.clear()
    again = _page(as_editor, issue)
    assert rendered.count("desk/_item.html") == n  # none rendered again
    for it in issue.items.all():
        assert _tokenless(_item_html(again, it)) == _tokenless(_item_html(first, it))
    # An edit: that item's piece is rendered again, and its older version no longer kept.
    item = issue.items.order_by("id").first()
    assert item is not None
    as_editor.post(reverse("item_save", args=[issue.pk, item.pk]),
                   {"version": item.version, "title": "改过的标题", "body": "改过的正文。"}, **HX)
    fragments.PIECES.clear()
    assert "改过的标题" in _item_html(_page(as_editor, issue), item)
    assert rendered.count("desk/_item.html") == n + 1
    assert Derived.objects.filter(scope__startswith=f"piece:desk/_item.html:item:{item.pk}:").count() == 1
    # Another version of the desk's templates never reads these pieces.
    monkeypatch.setattr(fragments, "_TEMPLATES", ["another version of the templates"])
    fragments.PIECES.clear()
    _page(as_editor, issue)
    assert rendered.count("desk/_item.html") == 2 * n + 1


def test_the_build_prepares_what_the_first_open_would_compute(as_editor: Client, home: Any,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """A draft the build stored is opened by a process that has computed nothing (issue 15's opening burst): its
    items' pieces and source checks are read, none rendered or checked — unless nothing prepared them."""
    from tests.desk.conftest import build, make_week
    from zhoubao.app import desk, preparers
    from zhoubao.app import proofread as app_proofread
    from zhoubao.archive.models import Derived
    from zhoubao.web.views import facts as item_facts

    app_proofread._FOUND.clear()  # an earlier test's findings of the same texts: the build would not store them
    make_week()
    built = build(home)
    assert not [r for r in caplog.records if r.levelname == "WARNING"], caplog.text
    rendered: list[str] = []
    checked: list[str] = []
    real_template, real_check = fragments.get_template, desk.unsupported

    def counting(name: str) -> Any:
        rendered.append(name)
        return real_template(name)

    def checking(title: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(title)
        return real_check(title, *args, **kwargs)

    from zhoubao.review import proofread as pr

    proofread: list[int] = []
    real_proofread = pr.proofread

    def proofreading(items: Any, *args: Any, **kwargs: Any) -> Any:
        proofread.append(len(items))
        return real_proofread(items, *args, **kwargs)

    monkeypatch.setattr(fragments, "get_template", counting)
    monkeypatch.setattr(desk, "unsupported", checking)
    monkeypatch.setattr(pr, "proofread", proofreading)
    fragments.PIECES.clear()
    item_facts.FACTS.clear()
    app_proofread._FOUND.clear()
    page = _page(as_editor, built)
    assert rendered.count("desk/_item.html") == 0 and checked == [] and proofread == []
    assert "校对" in page  # the panel is there, its findings read from what the build stored
    # Without the desk's preparations (another week, built with none registered) the first open does it all.
    monkeypatch.setattr(preparers, "DESK_PREPARERS", [])
    Issue.objects.filter(pk=built.pk).delete()
    Derived.objects.all().delete()
    again = build(home)
    fragments.PIECES.clear()
    item_facts.FACTS.clear()
    app_proofread._FOUND.clear()
    _page(as_editor, again)
    assert rendered.count("desk/_item.html") == again.items.count() > 0 and checked and proofread
