"""Reading a labelled corpus as raw files (docs/corpus-format.md), for the format checks of each week."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")
SECTIONS = ("要闻", "行业", "内容", "技术", "资本", "人事", "研究")
KINDS = {"regulator", "ministry", "state_media", "company", "media", "wechat", "research", "blog", "association"}
REPORT_FIELDS = {"id", "story", "outlet", "outlet_slug", "outlet_kind", "url", "title", "published", "author", "text"}
STORY_FIELDS = {"id", "section", "offbeat", "out_of_window", "title", "paragraphs", "group", "highlight"}


def read_jsonl(path: Path) -> list[dict]:
    """Every line a JSON object; a broken line fails the test with its file and line number."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path.name}:{n}: {exc}")
    return rows


def read_meta(folder: Path) -> dict:
    return tomllib.loads((folder / "corpus.toml").read_text(encoding="utf-8"))


def window(meta: dict) -> tuple[datetime, datetime]:
    """The issue window: issue date minus `days`, 00:00, to the issue date, 23:59:59, Asia/Shanghai."""
    issue = date.fromisoformat(meta["issue_date"])
    return (datetime.combine(issue - timedelta(days=meta["days"]), time(0, 0), TZ),
            datetime.combine(issue, time(23, 59, 59), TZ))


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def assert_window_labels(meta: dict, stories: list[dict], told: dict[str, list[dict]]) -> None:
    """An out-of-window story has no report inside the window; every other story has at least one."""
    start, end = window(meta)
    for s in stories:
        inside = [start <= datetime.fromisoformat(r["published"]) <= end for r in told.get(s["id"], [])]
        assert inside, f"{s['id']} has no report"
        assert any(inside) != bool(s["out_of_window"]), s["id"]


def assert_reference_numbers(stories: list[dict], told: dict[str, list[dict]]) -> None:
    """Every number of a reference title or paragraph is a number of one of the story's reports (their titles,
    texts, or publication dates: editors date items by them)."""
    for s in stories:
        known: set[str] = set()
        for r in told[s["id"]]:
            known.update(NUMBER.findall(r["title"]))
            known.update(NUMBER.findall(r["text"]))
            dt = datetime.fromisoformat(r["published"])
            known.update({str(dt.year), str(dt.month), str(dt.day)})
        for text in [s["title"], *s["paragraphs"]]:
            missing = [n for n in NUMBER.findall(text) if n not in known]
            assert not missing, (s["id"], missing)


def by_story(reports: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in reports:
        out.setdefault(r["story"], []).append(r)
    return out
