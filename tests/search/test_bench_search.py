"""bench/search.py at 2,000 reports in this process: the shape of what it reports and that its recall is read
from real results (a wrong engine scores low). No timing is checked here: speed is the bench's own business."""

from __future__ import annotations

from typing import Any

import pytest
from bench import search as bench
from bench.search_corpus import LABELLED, LATENCY, Doc, fold, reports

from zhoubao.app import search as app_search
from zhoubao.archive.models import Report, SearchEntry
from zhoubao.conf.settings import Settings

pytestmark = pytest.mark.django_db


def test_the_bench_fills_indexes_and_measures_a_small_archive(home: Settings, monkeypatch: Any) -> None:
    r = bench.measure(home, 2000, rounds=1)
    assert r["reports"] == Report.objects.count() == 2000
    assert r["stories"] == 200 and 0 < r["items"] <= r["stories"]
    # Every report, story and item was indexed by the real reindex, and the index has a size.
    assert r["entries"] == SearchEntry.objects.count() == r["reports"] + r["stories"] + r["items"]
    assert r["index_bytes"] > 0
    assert set(r["latency"]) == set(LATENCY)
    for kind, v in r["latency"].items():
        assert v["queries"] == len(LATENCY[kind]) and 0 < v["p50_ms"] <= v["p95_ms"] <= v["max_ms"]
    # The unfiltered queries are words the generated archive is full of: each finds something.
    assert all(r["latency"][k]["empty"] == 0 for k in ("word", "phrase", "latin"))

    asked = {q["query"]: q for q in r["labelled"]}
    assert asked and set(asked) <= {q.query for q in LABELLED}
    assert all(0 <= q["recall"] <= 1 and 0 <= q["substring_recall"] <= 1 and q["relevant"] > 0 for q in asked.values())
    assert r["recall_at_10"] == pytest.approx(sum(q["recall"] for q in asked.values()) / len(asked), abs=1e-3)
    # Substring search cannot find two words apart (爱奇艺 … 融资): the engine does.
    apart = asked["爱奇艺 融资"]
    assert apart["substring_recall"] == 0 and apart["recall"] > 0.5

    # The relevant counts are what the archive holds: count one query's documents by reading the reports back.
    lab = next(q for q in LABELLED if q.query == "微短剧")
    in_reports = sum(lab.holds(fold(t + "\n" + x)) for t, x in Report.objects.values_list("title", "text"))
    assert 0 < in_reports <= asked["微短剧"]["relevant"]

    # Recall is judged on what the engine returns: an engine answering every query with another query's results
    # (two words it does not hold) scores far lower.
    wrong = app_search.search(home, "裁员 GLM-4")
    assert wrong
    monkeypatch.setattr(app_search, "search", lambda settings, query, **kw: wrong)
    _, recall, base = bench.recall_at_10(home, {q: v["relevant"] for q, v in asked.items()})
    assert recall < 0.5 < r["recall_at_10"]
    assert base == pytest.approx(r["substring_recall_at_10"], abs=1e-3)


def test_relevance_reads_words_as_the_user_means_them() -> None:
    by_query = {q.query: q for q in LABELLED}
    assert by_query["哔哩哔哩"].holds(fold("B站发布微短剧"))
    assert by_query["Sora"].holds(fold("ＳＯＲＡ上线")) and not by_query["Sora"].holds(fold("Soraya发布"))
    assert not by_query["山海长歌17"].holds(fold("《山海长歌170》定档"))
    assert by_query["山海长歌17"].holds(fold("《山海长歌17》定档"))
    assert by_query["爱奇艺 融资"].holds(fold("爱奇艺宣布……完成融资")) and not by_query["爱奇艺 融资"].holds("爱奇艺")


def test_the_generated_archive_is_the_same_for_a_seed() -> None:
    first: list[Doc] = list(reports(50, seed=3))
    assert first == list(reports(50, seed=3)) and first != list(reports(50, seed=4))
    assert first[0].day <= first[-1].day
