"""Format check of the development corpus ``corpus/dev-b`` (week of 2025-09-22).

The corpus is labelled data for scoring the fuzzy stages (merging, sectioning,
grouping, off-beat and window filtering); see docs/corpus-format.md.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from tests.corpus_files import KINDS, REPORT_FIELDS, STORY_FIELDS, assert_window_labels, read_jsonl, read_meta
from tests.corpus_files import SECTIONS as ALL_SECTIONS
from tests.corpus_files import by_story as group_by_story

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev-b"
SECTIONS = set(ALL_SECTIONS)
CJK = r"[\u4e00-\u9fff]"


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


def test_corpus_toml(meta: dict) -> None:
    assert meta["name"] == "dev-b"
    assert meta["issue_date"] == "2025-09-22"
    assert meta["days"] == 7
    assert "test" in meta["description"].lower()


def test_report_fields(reports: list[dict]) -> None:
    for r in reports:
        assert set(r) >= REPORT_FIELDS, r["id"]
        assert r["outlet_kind"] in KINDS, r["id"]
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r["outlet_slug"]), r["id"]
        assert r["url"].startswith("https://"), r["id"]
        assert r["title"].strip() and r["text"].strip(), r["id"]
        assert 1 <= len(r["text"].split("\n")) <= 8, r["id"]


def test_unique_ids_and_urls(reports: list[dict], stories: list[dict]) -> None:
    assert len({r["id"] for r in reports}) == len(reports)
    assert len({r["url"] for r in reports}) == len(reports)
    assert len({s["id"] for s in stories}) == len(stories)


def test_outlet_slug_consistent(reports: list[dict]) -> None:
    slugs: dict[str, set[str]] = {}
    for r in reports:
        slugs.setdefault(r["outlet"], set()).add(r["outlet_slug"])
    assert all(len(v) == 1 for v in slugs.values()), slugs


def test_published_has_offset(reports: list[dict]) -> None:
    for r in reports:
        dt = datetime.fromisoformat(r["published"])
        assert dt.tzinfo is not None and dt.utcoffset() is not None, r["id"]


def test_every_report_has_a_story(reports: list[dict], stories: list[dict]) -> None:
    ids = {s["id"] for s in stories}
    assert all(r["story"] in ids for r in reports)


def test_every_story_has_reports(stories: list[dict], by_story: dict[str, list[dict]]) -> None:
    assert all(by_story.get(s["id"]) for s in stories)


def test_story_fields(stories: list[dict]) -> None:
    ids = {s["id"] for s in stories}
    for s in stories:
        assert set(s) >= STORY_FIELDS, s["id"]
        assert isinstance(s["offbeat"], bool) and isinstance(s["out_of_window"], bool)
        assert isinstance(s["highlight"], bool)
        if s["offbeat"]:
            assert s["section"] is None, s["id"]
        else:
            assert s["section"] in SECTIONS, s["id"]
            assert s["title"].strip(), s["id"]
            assert s["paragraphs"] and all(p.strip() for p in s["paragraphs"]), s["id"]
        assert not s["title"].endswith("。"), s["id"]
        if "near_miss_of" in s:
            assert s["near_miss_of"] in ids and s["near_miss_of"] != s["id"], s["id"]


def test_reference_house_style(stories: list[dict]) -> None:
    for s in stories:
        for text in [s["title"], *s["paragraphs"]]:
            assert not re.search(rf"{CJK} +[0-9A-Za-z]|[0-9A-Za-z] +{CJK}", text), (s["id"], text)
            # half-width punctuation only inside figures such as 20:00
            assert not re.search(r"[,;()]|(?<!\d):|:(?!\d)", text), (s["id"], text)
        for p in s["paragraphs"]:
            assert p.endswith("。"), (s["id"], p)


def test_window(meta: dict, stories: list[dict], by_story: dict[str, list[dict]]) -> None:
    assert_window_labels(meta, stories, by_story)


def test_counts(reports: list[dict], stories: list[dict]) -> None:
    assert len(reports) >= 165
    assert len({r["outlet"] for r in reports}) >= 15
    # Every kind of outlet; 行业协会 (association) became a kind of its own after these weeks were written.
    assert KINDS - {"association"} <= {r["outlet_kind"] for r in reports} <= KINDS
    assert 60 <= len(stories) <= 70
    assert sum(1 for s in stories if s.get("near_miss_of")) >= 10
    assert sum(1 for s in stories if s["offbeat"]) >= 10
    assert sum(1 for s in stories if s["out_of_window"]) >= 6
    on_beat = Counter(s["section"] for s in stories if not s["offbeat"] and not s["out_of_window"])
    assert set(on_beat) == SECTIONS
    assert 3 <= sum(1 for s in stories if s["highlight"]) <= 7


def test_grouping_matters(stories: list[dict]) -> None:
    content = Counter(s["group"] for s in stories if s["section"] == "内容" and s["group"])
    assert sum(1 for n in content.values() if n >= 2) >= 3
    other = Counter(
        (s["section"], s["group"])
        for s in stories
        if s["section"] in {"技术", "资本"} and s["group"] and not s["out_of_window"]
    )
    assert any(n >= 2 for n in other.values())


def test_multi_outlet_stories(stories: list[dict], by_story: dict[str, list[dict]]) -> None:
    multi = [s for s in stories if len({r["outlet"] for r in by_story[s["id"]]}) >= 2]
    assert len(multi) >= 30


def test_reference_numbers_come_from_reports(stories: list[dict], by_story: dict[str, list[dict]]) -> None:
    for s in stories:
        blob = "".join(r["title"] + r["text"] for r in by_story[s["id"]])
        for p in s["paragraphs"]:
            for n in re.findall(r"\d+(?:\.\d+)?", p):
                assert n in blob, (s["id"], n)
