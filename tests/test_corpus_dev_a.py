"""Format checks for the development corpus ``corpus/dev-a`` (labelled week A).

The corpus format is described in ``docs/corpus-format.md``.  These tests only check that the
labelled week is well formed and self-consistent; they do not run any pipeline stage.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.corpus_files import (
    KINDS,
    REPORT_FIELDS,
    STORY_FIELDS,
    assert_reference_numbers,
    assert_window_labels,
    read_jsonl,
    read_meta,
)
from tests.corpus_files import SECTIONS as ALL_SECTIONS
from tests.corpus_files import by_story as group_by_story

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev-a"
SECTIONS = set(ALL_SECTIONS)
OPENING = re.compile(r"^(\d{1,2}月\d{1,2}日|近日|日前|当地时间|北京时间|据|有消息称)")
CJK_SPACE_DIGIT = re.compile(r"[\u4e00-\u9fff] +[0-9A-Za-z]|[0-9A-Za-z] +[\u4e00-\u9fff]")
ASCII_PUNCT = re.compile(r"[,;()!?]|\.(?!\d)")


def _jsonl(name: str) -> list[dict]:
    return read_jsonl(CORPUS / name)


@pytest.fixture(scope="module")
def meta() -> dict:
    return read_meta(CORPUS)


@pytest.fixture(scope="module")
def reports() -> list[dict]:
    return _jsonl("reports.jsonl")


@pytest.fixture(scope="module")
def stories() -> list[dict]:
    return _jsonl("stories.jsonl")


@pytest.fixture(scope="module")
def by_story(reports: list[dict]) -> dict[str, list[dict]]:
    return group_by_story(reports)



def test_meta(meta: dict) -> None:
    assert meta["name"] == "dev-a"
    assert meta["issue_date"] == "2025-07-14"
    assert date.fromisoformat(meta["issue_date"]).weekday() == 0  # a Monday
    assert meta["days"] == 7
    assert "test" in meta["description"].lower()


def test_report_fields(reports: list[dict]) -> None:
    for r in reports:
        assert set(r) == REPORT_FIELDS, r["id"]
        for key in REPORT_FIELDS:
            assert isinstance(r[key], str), (r["id"], key)
        for key in ("id", "story", "outlet", "outlet_slug", "url", "title", "published", "text"):
            assert r[key].strip(), (r["id"], key)
        assert r["outlet_kind"] in KINDS, r["id"]
        assert re.fullmatch(r"[a-z0-9_-]+", r["outlet_slug"]), r["id"]
        paragraphs = r["text"].split("\n")
        assert 3 <= len(paragraphs) <= 8, (r["id"], len(paragraphs))
        assert all(p.strip() for p in paragraphs), r["id"]


def test_unique_ids_and_urls(reports: list[dict], stories: list[dict]) -> None:
    for rows, what in ((reports, "report"), (stories, "story")):
        dup = [k for k, n in Counter(x["id"] for x in rows).items() if n > 1]
        assert not dup, f"duplicate {what} ids: {dup}"
    dup = [k for k, n in Counter(r["url"] for r in reports).items() if n > 1]
    assert not dup, f"duplicate urls: {dup}"
    for r in reports:
        u = urlparse(r["url"])
        assert u.scheme == "https" and u.netloc and "." in u.netloc, r["id"]


def test_outlet_slug_is_consistent(reports: list[dict]) -> None:
    seen: dict[str, tuple[str, str]] = {}
    for r in reports:
        key = (r["outlet"], r["outlet_kind"])
        assert seen.setdefault(r["outlet_slug"], key) == key, r["id"]


def test_published_parses_with_offset(reports: list[dict]) -> None:
    for r in reports:
        dt = datetime.fromisoformat(r["published"])
        assert dt.tzinfo is not None and dt.utcoffset() is not None, r["id"]


def test_every_report_has_a_story(reports: list[dict], stories: list[dict]) -> None:
    ids = {s["id"] for s in stories}
    missing = [r["id"] for r in reports if r["story"] not in ids]
    assert not missing, f"reports with unknown story: {missing}"
    told = {r["story"] for r in reports}
    untold = [s["id"] for s in stories if s["id"] not in told]
    assert not untold, f"stories with no report: {untold}"


def test_story_fields(stories: list[dict]) -> None:
    ids = {s["id"] for s in stories}
    for s in stories:
        assert STORY_FIELDS <= set(s) <= STORY_FIELDS | {"near_miss_of"}, s["id"]
        assert isinstance(s["offbeat"], bool) and isinstance(s["out_of_window"], bool), s["id"]
        assert isinstance(s["highlight"], bool) and isinstance(s["group"], str), s["id"]
        if s["offbeat"]:
            assert s["section"] is None, s["id"]
            assert not s["highlight"], s["id"]
        else:
            assert s["section"] in SECTIONS, s["id"]
        assert isinstance(s["title"], str) and s["title"].strip(), s["id"]
        assert not s["title"].endswith(("。", ".")), s["id"]
        assert isinstance(s["paragraphs"], list) and s["paragraphs"], s["id"]
        assert all(isinstance(p, str) and p.strip() for p in s["paragraphs"]), s["id"]
        if "near_miss_of" in s:
            assert s["near_miss_of"] in ids and s["near_miss_of"] != s["id"], s["id"]
        if s["highlight"]:
            assert not s["out_of_window"], s["id"]


def test_reference_house_style(stories: list[dict]) -> None:
    for s in stories:
        if s["offbeat"]:
            continue
        assert OPENING.match(s["paragraphs"][0]), (s["id"], s["paragraphs"][0][:20])
        for text in [s["title"], *s["paragraphs"]]:
            assert not CJK_SPACE_DIGIT.search(text), (s["id"], text)
            assert not ASCII_PUNCT.search(text), (s["id"], text)
        for p in s["paragraphs"]:
            assert p.endswith("。"), (s["id"], p[-10:])


def test_content_stories_are_grouped(stories: list[dict]) -> None:
    groups = Counter(s["group"] for s in stories if s["section"] == "内容" and not s["out_of_window"])
    assert "" not in groups
    assert sum(1 for n in groups.values() if n >= 2) >= 4, groups


def test_window_labels(meta: dict, stories: list[dict], by_story: dict[str, list[dict]]) -> None:
    assert_window_labels(meta, stories, by_story)


def test_counts(reports: list[dict], stories: list[dict], by_story: dict[str, list[dict]]) -> None:
    assert len(reports) >= 165
    assert len({r["outlet_slug"] for r in reports}) >= 15
    # Every kind of outlet; 行业协会 (association) became a kind of its own after these weeks were written.
    assert KINDS - {"association"} <= {r["outlet_kind"] for r in reports} <= KINDS
    assert 60 <= len(stories) <= 70
    assert sum(1 for s in stories if "near_miss_of" in s) >= 10
    assert sum(1 for s in stories if s["offbeat"]) >= 10
    assert sum(1 for s in stories if s["out_of_window"]) >= 6
    assert 3 <= sum(1 for s in stories if s["highlight"]) <= 5
    in_window = {s["section"] for s in stories if not s["offbeat"] and not s["out_of_window"]}
    assert in_window == SECTIONS
    multi = [sid for sid, rs in by_story.items() if len({r["outlet_slug"] for r in rs}) >= 2]
    assert len(multi) >= 30


def test_reference_numbers_come_from_reports(stories: list[dict], by_story: dict[str, list[dict]]) -> None:
    assert_reference_numbers(stories, by_story)
