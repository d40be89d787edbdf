"""Memory across issues: two consecutive weeks built by the real build; 已见于第1期, follow-ups (续), no repeats."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.desk.conftest import at, report
from zhoubao.app import build as building
from zhoubao.app import search as app_search
from zhoubao.app.desk import CandidateQuery, candidate_stories
from zhoubao.archive.models import Issue, Item, Story
from zhoubao.compose.compose import issue_document
from zhoubao.compose.document import doc_from_dict, doc_to_dict
from zhoubao.conf.settings import Settings
from zhoubao.render import json_out

pytestmark = pytest.mark.django_db

SHOW = "《夏日合唱团》"


def week_two() -> None:
    # A later step of a story issue 1 carried (定档 → 开播) with a figure issue 1 did not have.
    report("https://ent.example.com/21.html", "爱奇艺综艺《夏日合唱团》今晚开播",
           "6月13日，爱奇艺综艺节目《夏日合唱团》正式开播，首期节目站内播放量突破2000万次，共12期。", at(13),
           "爱奇艺", "company")
    # The same facts as issue 1 told again by another outlet: nothing new.
    report("https://news.example.com/22.html", "爱奇艺网络剧《山海长歌》开播",
           "据爱奇艺消息，网络剧《山海长歌》6月5日晚开播，全剧共36集。该剧讲述丝路商旅故事。", at(10), "新浪娱乐",
           "media")
    # A new story of the week.
    report("https://biz.example.com/23.html", "腾讯视频发布暑期片单：40部剧集上线",
           "6月12日，腾讯视频发布暑期片单，共有40部剧集将在7月至8月上线，其中网络剧28部。", at(12), "界面新闻", "media")


def second(home: Settings, day: int = 16) -> Issue:
    week_two()
    return building.build(home, issue_date=date(2025, 6, day)).issue


def item_of(issue: Issue, word: str) -> Item:
    return next(it for it in issue.items.all() if word in it.title + "".join(it.paragraphs))


def story_with(word: str) -> Story:
    return next(s for s in Story.objects.all() if word in s.title and s.first_published and s.first_published.day > 9)


def test_a_new_stage_is_proposed_as_a_follow_up(issue: Issue, home: Settings) -> None:
    first = item_of(issue, SHOW)
    two = second(home)
    follow = item_of(two, "开播") if any("夏日合唱团" in it.title for it in two.items.all()) else None
    assert follow is not None and "夏日合唱团" in follow.title, [it.title for it in two.items.all()]
    memory = story_with("夏日合唱团").memory[str(two.number)]
    assert memory["follow_up"] is True
    assert memory["seen_in"][0]["issue"] == issue.number and memory["seen_in"][0]["item"] == first.pk
    assert memory["seen_in"][0]["state"] == "draft"
    assert (memory["stage_before"], memory["stage"]) == ("定档", "开播")
    assert "2000万" in memory["figures"] and "12期" not in memory["figures"]  # 12期 was in issue 1
    assert any("2000万" in s for s in memory["new"])


def test_an_old_story_with_nothing_new_is_shown_not_proposed(issue: Issue, home: Settings) -> None:
    two = second(home)
    assert not any("山海长歌" in it.title for it in two.items.all())
    shown = [s for s in candidate_stories(two, CandidateQuery()) if "山海长歌" in s.title]
    assert len(shown) == 1, "the story that ran in issue 1 is shown among the candidates, not hidden"
    assert shown[0].excluded.startswith(f"已见于第{issue.number}期")
    assert shown[0].memory[str(two.number)]["follow_up"] is False
    assert any("腾讯视频" in it.title for it in two.items.all())  # the week's new story is proposed as new


def test_the_desk_shows_seen_in_with_a_working_link(as_editor: Any, issue: Issue, home: Settings) -> None:
    first = item_of(issue, "山海长歌")
    two = second(home)
    page = as_editor.get(f"/issues/{two.pk}/", {"candidates": "show"}).content.decode()
    link = f"/issues/{issue.pk}/#item-{first.pk}"
    assert "已见于" in page and link in page
    assert "续" in page and "2000万" in page  # the follow-up item says what is new
    earlier = as_editor.get(link.split("#")[0])
    assert earlier.status_code == 200 and f'id="item-{first.pk}"' in earlier.content.decode()


def test_a_published_issue_and_a_story_beyond_the_context_days(issue: Issue, home: Settings) -> None:
    """Issue 1 published (its stories frozen); the 收官 three weeks later is too far for dedupe's context: the
    search index offers issue 1's item and dedupe's pair rules confirm it."""
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.PUBLISHED)
    report("https://ent.example.com/31.html", "《夏日合唱团》收官 累计播放量破3亿",
           "6月28日，爱奇艺综艺《夏日合唱团》迎来收官，节目累计播放量突破3亿次。", at(28), "爱奇艺", "company")
    two = building.build(home, issue_date=date(2025, 6, 30)).issue
    follow = item_of(two, "收官")
    memory = next(s.memory[str(two.number)] for s in follow.stories.all())
    assert memory["seen_in"][0]["issue"] == issue.number and memory["seen_in"][0]["state"] == "published"
    assert memory["stage"] == "收官" and "3亿" in memory["figures"]


def test_search_in_the_second_issues_time_finds_the_first(issue: Issue, home: Settings) -> None:
    two = second(home)
    hits = app_search.search(home, "爱奇艺")
    assert {h.issue for h in hits if h.kind == "item"} >= {issue.number, two.number}
    assert any(h.kind == "item" and h.issue == issue.number and "山海长歌" in h.title for h in hits)


def test_the_issue_json_carries_seen_in_and_follow_up_of(issue: Issue, home: Settings) -> None:
    two = second(home)
    data = json_out.issue_dict(issue_document(two))
    json_out.validate(data)
    items = [it for sec in data["sections"] for it in sec["items"]]
    follow = next(it for it in items if "夏日合唱团" in it["title"])
    assert follow["seen_in"][0]["issue"] == issue.number and follow["seen_in"][0]["state"] == "draft"
    assert follow["follow_up_of"]["issue"] == issue.number and follow["follow_up_of"]["stage"] == "开播"
    fresh = next(it for it in items if "腾讯视频" in it["title"])
    assert fresh["seen_in"] == [] and fresh["follow_up_of"] is None
    # A published issue's frozen document keeps them.
    again = json_out.issue_dict(doc_from_dict(doc_to_dict(issue_document(two))))
    assert again["sections"] == data["sections"]
    first = json_out.issue_dict(issue_document(issue))  # issue 1 was judged before issue 2: nothing earlier
    assert all(not it["seen_in"] for sec in first["sections"] for it in sec["items"])


def test_a_report_of_the_day_both_windows_share_is_not_news(issue: Issue, home: Settings) -> None:
    """Issue 1's window ends on the day issue 2's begins: a report of that day that issue 1 carried is not new."""
    report("https://ent.example.com/9.html", "芒果TV公布会员数据：有效会员达7000万",
           "6月9日，芒果TV公布有效会员数7000万，同比增长10%，会员收入11亿元。", at(9), "芒果TV", "company")
    one = building.build(home, issue_date=date(2025, 6, 9)).issue
    assert one.pk == issue.pk and any("芒果TV" in it.title for it in one.items.all())
    two = second(home)
    assert not any("芒果TV" in it.title for it in two.items.all())
    shown = [s for s in candidate_stories(two, CandidateQuery()) if "芒果TV" in s.title]
    assert len(shown) == 1 and shown[0].excluded.startswith(f"已见于第{issue.number}期")
