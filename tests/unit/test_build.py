"""The build verb over a real database: window, stories, sections, numbering, rebuild, no repeats."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from zhoubao.app import build as building
from zhoubao.archive.models import AuditEntry, Issue, Report, Source
from zhoubao.compose.compose import issue_document
from zhoubao.conf.settings import load
from zhoubao.render import json_out

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 6, day, hour, tzinfo=TZ)


def _report(url: str, title: str, text: str, when: datetime, outlet: str = "新华网", kind: str = "state_media") -> Report:
    return Report.objects.create(url=url, title=title, text=text, published=when, outlet=outlet, outlet_kind=kind,
                                 fingerprint=url)


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load(tmp_path, env={})


@pytest.fixture
def week() -> None:
    notice = "国家广播电视总局6月3日发布通知，要求各网络视听平台加强微短剧管理，落实主体责任。通知自发布之日起施行。"
    _report("https://www.nrta.gov.cn/a/1.html", "国家广播电视总局关于加强微短剧管理的通知", notice, _at(3), "国家广播电视总局", "regulator")
    _report("https://news.example.com/2.html", "广电总局发文加强微短剧管理_新浪科技", "据国家广电总局网站消息，" + notice, _at(3, 15), "新浪科技", "media")
    _report("https://ent.example.com/3.html", "爱奇艺网络剧《山海长歌》今晚开播",
            "6月5日，爱奇艺宣布网络剧《山海长歌》当晚开播，全剧共36集。该剧讲述丝路商旅故事。", _at(5), "爱奇艺", "company")
    _report("https://ent.example.com/4.html", "爱奇艺综艺《夏日合唱团》定档6月下旬",
            "近日，爱奇艺宣布综艺节目《夏日合唱团》定档6月下旬播出，共12期。", _at(6), "爱奇艺", "company")
    _report("https://biz.example.com/5.html", "哔哩哔哩发布第一季度财报：营收70亿元",
            "6月4日，哔哩哔哩公布第一季度财报，总营收70亿元，同比增长24%。净利润首次转正。", _at(4), "界面新闻", "media")
    _report("https://sport.example.com/6.html", "中超联赛：申花2比1胜泰山", "比赛在上海举行，双方激战九十分钟。", _at(4))
    _report("https://old.example.com/7.html", "广电总局召开五月例会",
            "5月20日，国家广播电视总局召开例会，部署网络视听工作。", datetime(2025, 5, 20, 10, tzinfo=TZ))


def test_build_drafts_an_issue_in_house_order(settings, week) -> None:  # type: ignore[no-untyped-def]
    res = building.build(settings, issue_date=date(2025, 6, 9))
    assert res.issue.number == settings.profile.first_number
    assert res.reports == 6  # the May report is outside the window
    doc = issue_document(res.issue)
    data = json_out.issue_dict(doc)
    json_out.validate(data)
    names = [s["name"] for s in data["sections"]]
    assert names == [n for n in ["要闻", "行业", "内容", "技术", "资本", "人事", "研究"] if n in names]
    titles = [i["title"] for s in data["sections"] for i in s["items"]]
    # The two reports of the notice are one story with both reports, listed once.
    notice = [i for s in data["sections"] for i in s["items"] if "微短剧" in i["title"]]
    assert len(notice) == 1 and len(notice[0]["stories"][0]["reports"]) == 2
    # Off-beat and out-of-window reports stay out.
    assert not any("申花" in t or "例会" in t for t in titles)
    # The two 爱奇艺 shows are one grouped item with a paragraph per story.
    grouped = [i for s in data["sections"] for i in s["items"] if len(i["stories"]) > 1]
    assert len(grouped) == 1 and grouped[0]["title"].startswith("爱奇艺：") and len(grouped[0]["paragraphs"]) == 2
    assert data["highlights"] and set(data["highlights"]) <= set(titles)
    assert AuditEntry.objects.filter(action="build", issue=res.issue).count() == 1


def test_rebuild_keeps_number_and_next_issue_continues(settings, week) -> None:  # type: ignore[no-untyped-def]
    first = building.build(settings, issue_date=date(2025, 6, 9))
    again = building.build(settings, issue_date=date(2025, 6, 9))
    assert again.rebuilt and again.issue.number == first.issue.number
    assert Issue.objects.count() == 1
    # A story carried by an earlier issue is never repeated: the next week's build has nothing of this one.
    _report("https://news.example.com/8.html", "芒果TV上线纪录片《海上丝路》",
            "6月12日，芒果TV上线纪录片《海上丝路》，共6集。", _at(12))
    nxt = building.build(settings, issue_date=date(2025, 6, 16), days=14)
    assert nxt.issue.number == first.issue.number + 1
    titles = [i.title for i in nxt.issue.items.all()]
    assert titles and all("山海长歌" not in t and "微短剧" not in t for t in titles)


def test_numbering_gaps_and_reviewed_issues_are_refused(settings, week) -> None:  # type: ignore[no-untyped-def]
    first = building.build(settings, issue_date=date(2025, 6, 9))
    with pytest.raises(building.BuildError, match="不连续"):
        building.build(settings, issue_date=date(2025, 6, 16), number=first.issue.number + 5)
    first.issue.state = Issue.State.IN_REVIEW
    first.issue.save()
    with pytest.raises(building.BuildError, match="不能重新生成"):
        building.build(settings, issue_date=date(2025, 6, 9), number=first.issue.number)


def test_empty_window_is_refused_with_advice(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(building.BuildError, match="zhoubao collect"):
        building.build(settings, issue_date=date(2025, 6, 9))


def test_sources_keep_their_reports_when_rebuilt(settings, week) -> None:  # type: ignore[no-untyped-def]
    src = Source.objects.create(name="s", url="https://example.com/feed.xml")
    Report.objects.filter(url__contains="example.com").update(source=src)
    building.build(settings, issue_date=date(2025, 6, 9))
    assert Report.objects.filter(source=src).count() == 6


def test_profile_edited_in_the_desk_reaches_the_build(settings, week) -> None:  # type: ignore[no-untyped-def]
    from zhoubao.archive.profiles import sync_profile

    profile = sync_profile(settings)
    cfg = dict(profile.config)
    # The desk drops 资本 from the weekly and wants two highlights and its own office line.
    assert any(s["name"] == "资本" for s in cfg["sections"])
    cfg["sections"] = [s for s in cfg["sections"] if s["name"] != "资本"]
    cfg["highlights"] = 2
    cfg["footer"] = {**cfg["footer"], "office": "编辑部（桌面设置）"}
    profile.config = cfg
    profile.save()
    res = building.build(settings, issue_date=date(2025, 6, 9))
    data = json_out.issue_dict(issue_document(res.issue))
    names = [s["name"] for s in data["sections"]]
    assert "资本" not in names and names
    assert len(data["highlights"]) == 2
    assert res.issue.footer["office"] == "编辑部（桌面设置）"
