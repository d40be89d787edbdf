"""`zhoubao search` as a user runs it: a home that collected a few pages and built issue 1 (both databases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_cli import zb

PAGES = {
    "a": ("爱奇艺网络剧《山海长歌》今晚开播", "2025-06-05T10:00:00+08:00",
          "6月5日，爱奇艺宣布网络剧《山海长歌》当晚开播，全剧共36集。该剧讲述丝路商旅故事，由知名导演执导。"),
    "b": ("国家广电总局发文加强微短剧管理", "2025-06-03T10:00:00+08:00",
          "6月3日，国家广播电视总局发布通知，要求各网络视听平台加强微短剧管理，落实主体责任。通知自发布之日起施行。"),
    "c": ("星河影视完成B轮融资", "2025-06-04T10:00:00+08:00",
          "6月4日，星河影视宣布完成B轮融资，将用于基于GPT-4o的微短剧生成研发，投资方包括多家机构。"),
}
KEYS = {"kind", "id", "title", "snippet", "url", "published", "section", "issue"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-home")
    inbox = root / "in"
    inbox.mkdir()
    for name, (title, when, para) in PAGES.items():
        (inbox / f"{name}.html").write_text(
            f'<html><head><title>{title}</title><meta property="article:published_time" content="{when}"></head>'
            f"<body><article><h1>{title}</h1><p>{para}</p><p>{para}</p></article></body></html>", encoding="utf-8")
    home = root / "home"
    assert zb("init", str(home)).returncode == 0
    res = zb("collect", "--files", str(inbox), home=home)
    assert res.returncode == 0 and "新增报道 3" in res.stdout, res.stdout + res.stderr
    res = zb("build", "--date", "2025-06-09", home=home)
    assert res.returncode == 0, res.stderr
    return home


def _json(home: Path, *args: str) -> list[dict[str, object]]:
    res = zb("search", *args, "--json", home=home)
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_json_lines_keep_the_contract(built: Path) -> None:
    rows = _json(built, "爱奇艺")
    assert {r["kind"] for r in rows} == {"report", "story", "item"}
    for r in rows:
        assert set(r) == KEYS
        assert isinstance(r["id"], int) and "【爱奇艺】" in str(r["snippet"])
    report = next(r for r in rows if r["kind"] == "report")
    assert str(report["url"]).startswith("file://") and str(report["url"]).endswith("/a.html")
    assert str(report["published"]).startswith("2025-06-05T10:00") and report["issue"] is None
    item = next(r for r in rows if r["kind"] == "item")
    assert item["url"] is None and item["issue"] == 1 and item["section"] and item["published"] == "2025-06-09"
    story = next(r for r in rows if r["kind"] == "story")
    assert story["issue"] == 1


def test_model_names_and_words_inside_words(built: Path) -> None:
    assert {r["title"] for r in _json(built, "融资")} == {"星河影视完成B轮融资"}
    assert {r["title"] for r in _json(built, "gpt-4o")} == {"星河影视完成B轮融资"}
    assert _json(built, "GPT-4O") == _json(built, "gpt-4o")
    assert not _json(built, "gpt-5")


def test_flags_narrow_the_results(built: Path) -> None:
    assert {r["kind"] for r in _json(built, "微短剧", "--issue", "1")} == {"story", "item"}
    assert not _json(built, "微短剧", "--issue", "2")
    dated = _json(built, "微短剧", "--from", "2025-06-04", "--to", "2025-06-04")
    assert {(r["kind"], r["title"]) for r in dated} == {("report", "星河影视完成B轮融资"), ("story", "星河影视完成B轮融资")}
    section = str(next(r for r in _json(built, "融资") if r["kind"] == "item")["section"])
    assert {r["section"] for r in _json(built, "微短剧", "--section", section)} == {section}
    assert not _json(built, "微短剧", "--source", "999")


def test_text_output_and_reindex(built: Path) -> None:
    res = zb("search", "融资", home=built)
    assert res.returncode == 0, res.stderr
    assert "【融资】" in res.stdout and "找到 3 条" in res.stdout
    res = zb("search", "--reindex", home=built)
    assert res.returncode == 0 and "报道 3 篇" in res.stdout, res.stdout + res.stderr
    assert len(_json(built, "融资")) == 3
    assert "没有找到" in zb("search", "不存在的词语", home=built).stdout


def test_bad_input_is_one_line(built: Path) -> None:
    for args in (("search",), ("search", "融资", "--from", "2025-13-01"), ("search", "融资", "--limit", "0")):
        res = zb(*args, home=built)
        assert res.returncode == 2 and "Traceback" not in res.stderr and res.stderr.count("\n") == 1, res.stderr
