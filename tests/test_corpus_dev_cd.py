"""Format checks for the development weeks ``corpus/dev-c`` and ``corpus/dev-d``.

These two weeks were written apart from the code (their writers saw only docs/corpus-format.md and
docs/weekly-format.md), so they test how the fuzzy stages generalise. The checks here only keep each week well
formed and self-consistent; the floors of the stages on them are in tests/understand/test_floors.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.corpus_files import (
    KINDS,
    REPORT_FIELDS,
    SECTIONS,
    STORY_FIELDS,
    assert_reference_numbers,
    assert_window_labels,
    by_story,
    read_jsonl,
    read_meta,
)

ROOT = Path(__file__).resolve().parents[1] / "corpus"
WEEKS = ["dev-c", "dev-d"]
OPENING = re.compile(r"^(\d{1,2}月\d{1,2}日|近日|日前|当地时间|北京时间|据|有消息称)")
CJK_SPACE_DIGIT = re.compile(r"[\u4e00-\u9fff] +[0-9A-Za-z]|[0-9A-Za-z] +[\u4e00-\u9fff]")


def _week(name: str) -> tuple[dict, list[dict], list[dict]]:
    folder = ROOT / name
    return read_meta(folder), read_jsonl(folder / "reports.jsonl"), read_jsonl(folder / "stories.jsonl")


@pytest.mark.parametrize("name", WEEKS)
def test_fields_ids_and_references(name: str) -> None:
    meta, reports, stories = _week(name)
    assert meta["name"] == name and meta["days"] == 7
    date.fromisoformat(meta["issue_date"])
    ids = {s["id"] for s in stories}
    assert len(ids) == len(stories)
    assert len({r["id"] for r in reports}) == len(reports)
    assert len({r["url"] for r in reports}) == len(reports)
    for r in reports:
        assert set(r) >= REPORT_FIELDS, r["id"]
        assert r["story"] in ids and r["outlet_kind"] in KINDS, r["id"]
        assert datetime.fromisoformat(r["published"]).tzinfo is not None, r["id"]
        assert r["title"].strip() and r["text"].strip(), r["id"]
    for s in stories:
        assert set(s) >= STORY_FIELDS, s["id"]
        assert (s["section"] is None) == bool(s["offbeat"]), s["id"]
        assert s["section"] is None or s["section"] in SECTIONS, s["id"]
        if "near_miss_of" in s:
            assert s["near_miss_of"] in ids and s["near_miss_of"] != s["id"], s["id"]


@pytest.mark.parametrize("name", WEEKS)
def test_window_labels_and_size(name: str) -> None:
    meta, reports, stories = _week(name)
    told = by_story(reports)
    assert_window_labels(meta, stories, told)
    assert len(reports) >= 165 and len(stories) >= 55
    assert sum(1 for s in stories if s["offbeat"]) >= 8
    assert sum(1 for s in stories if s["out_of_window"]) >= 6
    assert sum(1 for s in stories if "near_miss_of" in s) >= 8
    assert sum(1 for rs in told.values() if len(rs) >= 3) >= 25


@pytest.mark.parametrize("name", WEEKS)
def test_references_in_house_style_with_numbers_from_the_reports(name: str) -> None:
    _meta, reports, stories = _week(name)
    told = by_story(reports)
    for s in stories:
        if s["offbeat"]:
            continue
        assert OPENING.match(s["paragraphs"][0]), (s["id"], s["paragraphs"][0][:20])
        assert not s["title"].endswith(("。", "！", "？")), s["id"]
        for text in [s["title"], *s["paragraphs"]]:
            assert not CJK_SPACE_DIGIT.search(text), (s["id"], text)
    assert_reference_numbers(stories, told)
