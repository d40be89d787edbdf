"""The desk's candidate filter asks the archive's index too: every word, anywhere, in any case or width."""

from __future__ import annotations

from typing import Any

import pytest

from zhoubao.app.desk import CandidateQuery, candidate_stories
from zhoubao.archive.models import Issue

pytestmark = pytest.mark.django_db

SHENHUA = "中超联赛：申花2比1胜泰山"


def titles(issue: Issue, q: str) -> list[str]:
    return [s.title for s in candidate_stories(issue, CandidateQuery(q=q))]


def test_words_apart_are_found_together(issue: Issue) -> None:
    assert titles(issue, "申花 泰山") == [SHENHUA]  # not a substring of anything: the index finds it
    assert titles(issue, "申花") == [SHENHUA]
    assert titles(issue, "申花 爱奇艺") == []  # every word must be there
    assert titles(issue, "申花　泰山") == [SHENHUA]  # a full-width space separates words too


def test_the_report_text_counts(issue: Issue) -> None:
    assert titles(issue, "激战 上海") == [SHENHUA]  # words of the report's text, not of the title


def test_the_issue_page_filters_candidates_with_the_index(as_editor: Any, issue: Issue) -> None:
    page = as_editor.get(f"/issues/{issue.pk}/", {"q": "申花 泰山"})
    assert page.status_code == 200
    assert "申花2比1胜泰山" in page.content.decode()
    none = as_editor.get(f"/issues/{issue.pk}/", {"q": "申花 爱奇艺"})
    assert "申花2比1胜泰山" not in none.content.decode()


def test_the_search_page_marks_matches_and_links_each_hit(as_editor: Any, issue: Issue) -> None:
    from zhoubao.archive.models import Item, Report

    page = as_editor.get("/search/", {"q": "爱奇艺"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>爱奇艺</mark>" in html and "找到" in html
    report = Report.objects.get(url="https://ent.example.com/3.html")
    assert f'href="/reports/{report.pk}/"' in html
    item = next(i for i in Item.objects.filter(issue=issue) if "爱奇艺" in i.title + "".join(i.paragraphs))
    assert f'href="/issues/{issue.pk}/#item-{item.pk}"' in html
    narrowed = as_editor.get("/search/", {"q": "爱奇艺", "issue": "2"}).content.decode()
    assert "没有找到" in narrowed and "<mark>" not in narrowed


def test_the_search_page_escapes_what_it_shows(as_editor: Any, issue: Issue) -> None:
    from zhoubao.archive.models import Report

    Report.objects.create(url="https://x.example.com/1", title="<b>爱奇艺</b>标题", text="爱奇艺<script>alert(1)</script>",
                          published=issue.window_start, fingerprint="x1")
    html = as_editor.get("/search/", {"q": "爱奇艺 alert"}).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_the_search_page_needs_a_login(client: Any, issue: Issue) -> None:
    assert client.get("/search/", {"q": "爱奇艺"}).status_code == 302
