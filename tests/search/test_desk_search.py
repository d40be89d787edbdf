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
