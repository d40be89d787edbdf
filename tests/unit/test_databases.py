"""What differs between SQLite and PostgreSQL, held the same: encoding, migrations, NUL characters and over-long
strings from outside, JSON values, CJK search, the order of lists. Runs on both (the suite's two runs)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests import pg
from tests.desk.conftest import build, make_week
from zhoubao.app.collect import import_files
from zhoubao.app.desk import CandidateQuery, candidate_stories
from zhoubao.app.intake import split_report
from zhoubao.app.sources import source_rows
from zhoubao.archive.models import Issue, Item, Profile, Report, Source, Story
from zhoubao.conf.settings import load

pytestmark = pytest.mark.django_db


def test_the_suite_runs_on_the_database_it_was_asked_for() -> None:
    assert connection.vendor == ("postgresql" if pg.enabled() else "sqlite")


def test_the_archive_is_utf8() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("show server_encoding")
            assert cur.fetchone()[0] == "UTF8"
            cur.execute("select datctype from pg_database where datname = current_database()")
            assert "utf" in cur.fetchone()[0].lower().replace("-", "")
        else:
            cur.execute("pragma encoding")
            assert cur.fetchone()[0] == "UTF-8"


def test_the_models_have_every_migration() -> None:
    out = io.StringIO()
    call_command("makemigrations", "archive", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_nul_characters_from_a_file_are_dropped_not_fatal(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("国家广电总局\x00发布通知\n\n6月3日，国家广电总局发布\x00通知，要求加强管理。", encoding="utf-8")
    (got,) = import_files(load(tmp_path), [note])
    assert got.status == "new" and got.report is not None, got
    stored = got.report
    stored.refresh_from_db()
    assert "\x00" not in stored.title + stored.text and "发布通知" in stored.text + stored.title


def test_strings_longer_than_their_column_are_cut_on_both() -> None:
    source = Source.objects.create(url="https://example.com/feed.xml", name="很长的来源名" * 60,
                                   last_error="x" * 3000, etag='"' + "e" * 900 + '"')
    source.refresh_from_db()
    assert (len(source.name), len(source.last_error), len(source.etag)) == (200, 1000, 500)


def test_json_values_keep_their_content_without_nul() -> None:
    profile = Profile.objects.create(key="p", title="周报", config={"footer": {"note": "编\x00辑"}, "b": 1, "a": 2})
    issue = Issue.objects.create(profile=profile, number=1, date="2025-06-09", window_start="2025-06-02T00:00Z",
                                 window_end="2025-06-09T00:00Z")
    item = Item.objects.create(issue=issue, section="要闻", title="标题", paragraphs=["第一段\x00", "第二段"])
    item.refresh_from_db()
    profile.refresh_from_db()
    assert item.paragraphs == ["第一段", "第二段"]  # lists keep their order on both
    # Objects are compared as objects: PostgreSQL's jsonb does not keep the order of keys.
    assert profile.config == {"footer": {"note": "编辑"}, "a": 2, "b": 1}


def test_candidate_search_finds_chinese_and_escapes_wildcards() -> None:
    make_week()
    issue = build(load(Path(os.environ["ZHOUBAO_HOME"])))
    found = [s.title for s in candidate_stories(issue, CandidateQuery(q="申花"))]
    assert found == ["中超联赛：申花2比1胜泰山"]
    assert [s.title for s in candidate_stories(issue, CandidateQuery(q="2比1"))] == found
    assert not list(candidate_stories(issue, CandidateQuery(q="%")))
    assert not list(candidate_stories(issue, CandidateQuery(q="申_")))
    # Case: Latin letters match either way on both databases.
    Report.objects.filter(story__title=found[0]).update(text="Shenhua beat Taishan 2-1 in the CSL.")
    assert [s.title for s in candidate_stories(issue, CandidateQuery(q="shenhua"))] == found
    assert [s.title for s in candidate_stories(issue, CandidateQuery(q="CSL"))] == found


def test_undated_reports_sort_last_on_both() -> None:
    """SQLite sorts NULL first and PostgreSQL last: a story split in two keeps a dated report as its face."""
    make_week()
    settings = load(Path(os.environ["ZHOUBAO_HOME"]))
    issue = build(settings)
    story = Story.objects.get(reports__url="https://news.example.com/2.html")
    face = story.representative
    assert face is not None
    undated = Report.objects.create(url="https://news.example.com/undated.html", title="广电总局发文（转载）",
                                    text="据国家广电总局网站消息，要求各网络视听平台加强微短剧管理。", story=story)
    split_report(settings, issue.pk, face.pk, None, issue_version=issue.version)
    story.refresh_from_db()
    assert story.representative_id != undated.pk and story.representative.published is not None


def test_sources_are_listed_in_a_fixed_order() -> None:
    for i in range(6):
        Source.objects.create(url=f"https://s{i}.example.com/feed.xml", name=f"来源{i}")
    # Rows rewritten after they were made move in PostgreSQL's heap: the list must not follow them.
    for s in Source.objects.filter(name__in=["来源0", "来源2"]):
        s.error_count += 1
        s.save()
    assert [r.source.name for r in source_rows()] == [f"来源{i}" for i in range(6)]


def test_source_counts_follow_every_new_report() -> None:
    """The counts are kept between page views (issue 15) — never past a report that arrived since."""
    from datetime import timedelta

    from django.utils import timezone

    a = Source.objects.create(url="https://a.example.com/feed.xml", name="甲")
    b = Source.objects.create(url="https://b.example.com/feed.xml", name="乙")
    now = timezone.now()

    def counts() -> dict[str, tuple[int, int]]:
        return {r.source.name: (r.total, r.week) for r in source_rows(now)}

    Report.objects.create(url="https://a.example.com/1", title="一", text="正文", source=a, fetched=now)
    assert counts() == {"甲": (1, 1), "乙": (0, 0)}
    Report.objects.create(url="https://b.example.com/1", title="二", text="正文", source=b, fetched=now)
    assert counts() == {"甲": (1, 1), "乙": (1, 1)}
    Report.objects.create(url="https://b.example.com/2", title="三", text="正文", source=b)
    assert counts() == {"甲": (1, 1), "乙": (2, 2)}
    # A minute later the windows have moved: counted again.
    assert {r.source.name: r.week for r in source_rows(now + timedelta(days=7, minutes=1))} == {"甲": 0, "乙": 0}
