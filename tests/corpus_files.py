"""Reading a labelled corpus as raw files (docs/corpus-format.md), for the format checks of each week."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")
SECTIONS = ("要闻", "行业", "内容", "技术", "资本", "人事", "研究")
KINDS = {"regulator", "ministry", "state_media", "company", "media", "wechat", "research", "blog"}
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


def by_story(reports: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in reports:
        out.setdefault(r["story"], []).append(r)
    return out
