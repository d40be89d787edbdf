"""Search over the desk's test week (issue 1 built by the real build), on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhoubao.app.search import reindex, search
from zhoubao.archive.models import Issue, Item, Report, SearchEntry, Source
from zhoubao.conf.settings import Settings
from zhoubao.review import edits

pytestmark = pytest.mark.django_db


def test_a_company_name_finds_the_items_of_its_issue(home: Settings, issue: Issue) -> None:
    hits = search(home, "爱奇艺")
    items = [h for h in hits if h.kind == "item"]
    assert items, hits
    assert all(h.issue == issue.number == 1 for h in items)
    in_issue = {i.pk for i in Item.objects.filter(issue=issue) if "爱奇艺" in i.title + "".join(i.paragraphs)}
    assert {h.id for h in items} == in_issue
    assert all("【爱奇艺】" in h.snippet.marked() for h in hits)
    assert all(h.url is None for h in items)


def test_a_phrase_finds_its_reports_with_their_urls(home: Settings, issue: Issue) -> None:
    hits = search(home, "微短剧")
    reports = [h for h in hits if h.kind == "report"]
    assert {h.url for h in reports} == {"https://www.nrta.gov.cn/a/1.html", "https://news.example.com/2.html"}
    assert all(h.published and h.published.startswith("2025-06-03") for h in reports)
    assert all(h.issue is None and h.section is None for h in reports)
    assert not search(home, "微短视频")  # every token must be there
    assert not any(h.kind == "report" and "申花" in h.title for h in hits)


def test_all_words_of_the_query_must_match(home: Settings, issue: Issue) -> None:
    both = search(home, "爱奇艺 山海长歌")
    assert both and all("山海长歌" in h.title + h.snippet.plain or h.kind != "report" for h in both)
    report_titles = {h.title for h in both if h.kind == "report"}
    assert report_titles == {"爱奇艺网络剧《山海长歌》今晚开播"}


def test_latin_names_are_found_whatever_their_case(home: Settings, issue: Issue) -> None:
    hits = [h for h in search(home, "questmobile") if h.kind == "report"]
    assert [h.title for h in hits] == ["QuestMobile报告：短视频用户规模达10亿"]
    assert "【QuestMobile】" in hits[0].snippet.marked()


def test_filters_narrow_the_results(home: Settings, issue: Issue) -> None:
    every = search(home, "爱奇艺")
    assert {h.kind for h in every} == {"report", "story", "item"}
    only_issue = search(home, "爱奇艺", issue=1)
    assert only_issue and {h.kind for h in only_issue} <= {"story", "item"} and all(h.issue == 1 for h in only_issue)
    assert not search(home, "爱奇艺", issue=2)
    section = next(h.section for h in every if h.kind == "item")
    assert section
    in_section = search(home, "爱奇艺", section=section)
    assert in_section and all(h.section == section for h in in_section)
    assert not search(home, "爱奇艺", section="没有这个栏目")
    # Dates: the 《山海长歌》 report is of 6 June, 《夏日合唱团》's of 7 June; items carry the issue's date (9 June).
    day5 = search(home, "爱奇艺", start=date(2025, 6, 5), end=date(2025, 6, 5))
    assert [h.title for h in day5 if h.kind == "report"] == ["爱奇艺网络剧《山海长歌》今晚开播"]
    assert not [h for h in day5 if h.kind == "item"]
    later = search(home, "爱奇艺", start=date(2025, 6, 9))
    assert later and {h.kind for h in later} == {"item"}
    assert not search(home, "爱奇艺", end=date(2025, 6, 4))


def test_source_filter(home: Settings, issue: Issue) -> None:
    source = Source.objects.create(name="爱奇艺官网", url="https://ent.example.com/feed.xml")
    Report.objects.create(url="https://ent.example.com/10.html", title="爱奇艺发布会", text="爱奇艺公布片单。",
                          source=source, published=issue.window_start, fingerprint="x10")
    hits = search(home, "爱奇艺", source=source.pk)
    assert [h.title for h in hits] == ["爱奇艺发布会"]


def test_an_edited_item_is_found_by_its_new_word_not_its_old(home: Settings, issue: Issue, users: dict[str, Any]) -> None:
    item = next(i for i in Item.objects.filter(issue=issue) if "哔哩哔哩" in i.title + "".join(i.paragraphs))
    assert item.pk in {h.id for h in search(home, "哔哩哔哩") if h.kind == "item"}
    edits.save_text(issue.pk, item.pk, users["editor"], version=item.version, title="该平台一季度扭亏为盈",
                    body="该平台公布第一季度业绩，营收70亿元，首次实现盈利。")
    assert item.pk in {h.id for h in search(home, "扭亏为盈") if h.kind == "item"}
    assert item.pk not in {h.id for h in search(home, "哔哩哔哩") if h.kind == "item"}


def test_deleted_things_leave_the_index(home: Settings, issue: Issue) -> None:
    report = Report.objects.get(url="https://sport.example.com/6.html")
    assert [(h.kind, h.id) for h in search(home, "申花", kinds=("report",))] == [("report", report.pk)]
    report.delete()
    assert not search(home, "申花", kinds=("report",))
    issue.delete()
    assert not SearchEntry.objects.filter(kind="item").exists()
    assert not SearchEntry.objects.filter(issue_number__isnull=False).exists()


def test_reindex_rebuilds_the_same_index(home: Settings, issue: Issue) -> None:
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "tokens", "issue_number", "section"))
    SearchEntry.objects.all().delete()
    assert not search(home, "爱奇艺")
    done = reindex(home)
    assert (done.reports, done.items) == (Report.objects.count(), Item.objects.count())
    after = sorted(SearchEntry.objects.values_list("kind", "object_id", "tokens", "issue_number", "section"))
    assert after == before
    assert search(home, "爱奇艺")


def test_queries_that_are_punctuation_or_quotes_are_harmless(home: Settings, issue: Issue) -> None:
    for q in ['"', "'", "* OR NEAR(", "！？", "a' & b", "\\", "《》", ""]:
        search(home, q)  # no error, whatever it finds
    assert not search(home, "！？")


def test_the_vendor_index_is_in_place(db: Any) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("select count(*) from sqlite_master where name in "
                        "('archive_searchentry_fts', 'archive_searchentry_ai', 'archive_searchentry_ad', "
                        "'archive_searchentry_au')")
            assert cur.fetchone()[0] == 4
        else:
            cur.execute("select indexdef from pg_indexes where indexname = 'archive_searchentry_tsv'")
            (definition,) = cur.fetchone()
            assert "gin" in definition.lower() and "(tsv)" in definition
            cur.execute("select generation_expression from information_schema.columns "
                        "where table_name = 'archive_searchentry' and column_name = 'tsv'")
            assert "array_to_tsvector" in cur.fetchone()[0]
            cur.execute("set local enable_seqscan = off")
            cur.execute("explain select id from archive_searchentry e where e.tsv @@ cast('融资' as tsquery)")
            assert "archive_searchentry_tsv" in " ".join(r[0] for r in cur.fetchall())


def test_model_names_and_a_lone_character(home: Settings, issue: Issue) -> None:
    report = Report.objects.create(url="https://ai.example.com/1", title="阿里开源Qwen2.5，OpenAI发布GPT-4o",
                                   text="两款模型同日发布。", published=issue.window_start, fingerprint="ai1")
    for q in ("qwen2.5", "QWEN2.5", "gpt-4o", "4o", "openai 开源", "ＧＰＴ－４ｏ"):
        assert [h.id for h in search(home, q, kinds=("report",))] == [report.pk], q
    assert not search(home, "qwen3", kinds=("report",))
    # A lone Han character matches the start of a pair: 申 finds 申花.
    assert {h.title for h in search(home, "申", kinds=("report",))} == {"中超联赛：申花2比1胜泰山"}


def test_a_text_naming_an_alias_is_found_by_the_full_name(home: Settings, issue: Issue) -> None:
    report = Report.objects.create(url="https://b.example.com/1", title="B站一季度营收增长", text="B站公布财报。",
                                   published=issue.window_start, fingerprint="b1")
    found = [h.id for h in search(home, "哔哩哔哩", kinds=("report",))]
    assert report.pk in found and len(found) == 2  # and the week's 哔哩哔哩 report


def test_an_alias_in_the_query_finds_the_full_name(home: Settings, issue: Issue) -> None:
    week = Report.objects.get(url="https://biz.example.com/5.html")  # 哔哩哔哩发布第一季度财报
    hits = search(home, "B站", kinds=("report",))
    assert [h.id for h in hits] == [week.pk]
    assert "【哔哩哔哩】" in hits[0].snippet.marked()
    both = {h.url for h in search(home, "广电总局", kinds=("report",))}
    assert both == {"https://www.nrta.gov.cn/a/1.html", "https://news.example.com/2.html"}
