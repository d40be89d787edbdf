"""Labelled corpora (docs/corpus-format.md): load them, and put their reports into the archive."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zhoubao.errors import ZhoubaoError

# Relative URLs (the demo week) are stored under this host so that Report.url stays absolute.
LOCAL_HOST = "https://corpus.zhoubao.invalid"


class CorpusError(ZhoubaoError):
    """A labelled corpus is missing or malformed; the message says which file and line."""


@dataclass
class Corpus:
    path: Path
    name: str
    issue_date: date
    days: int
    reports: list[dict[str, Any]]
    stories: dict[str, dict[str, Any]]
    description: str = ""
    by_url: dict[str, str] = field(default_factory=dict)  # url key → report id

    def story_of(self, report_id: str) -> str:
        return str(self.by_id[report_id]["story"])

    @property
    def by_id(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.reports}

    def expected(self) -> dict[str, dict[str, Any]]:
        """Stories an editor would put in the issue: on the beat and in the window."""
        return {k: s for k, s in self.stories.items() if not s.get("offbeat") and not s.get("out_of_window")}


def url_key(url: str) -> str:
    """What a report URL is matched by: the full URL, or its path when the corpus gives a path."""
    if url.startswith(LOCAL_HOST):
        url = url[len(LOCAL_HOST) :]
    if url.startswith("/"):
        return url
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise CorpusError(f"找不到 {path}")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{n} 不是有效的 JSON：{exc}") from None
    return out


def _check(root: Path, reports: list[dict[str, Any]], stories: list[dict[str, Any]]) -> None:
    """Refuse a corpus whose rows lack what scoring needs, naming the first problems (docs/corpus-format.md)."""
    problems: list[str] = []
    ids = set()
    for n, s in enumerate(stories, 1):
        if not isinstance(s, dict) or not s.get("id"):
            problems.append(f"stories.jsonl 第{n}行缺少 id")
        else:
            ids.add(s["id"])
    for n, r in enumerate(reports, 1):
        if not isinstance(r, dict):
            problems.append(f"reports.jsonl 第{n}行不是对象")
            continue
        missing = [k for k in ("id", "story", "url", "title", "text") if not r.get(k)]
        if missing:
            problems.append(f"reports.jsonl 第{n}行缺少 {'、'.join(missing)}")
        elif r["story"] not in ids:
            problems.append(f"reports.jsonl 第{n}行的 story {r['story']} 不在 stories.jsonl 中")
        if r.get("published"):
            try:
                datetime.fromisoformat(str(r["published"]))
            except ValueError:
                problems.append(f"reports.jsonl 第{n}行的 published 不是 ISO 8601 时间：{r['published']}")
    if problems:
        more = f"（另有 {len(problems) - 5} 处）" if len(problems) > 5 else ""
        raise CorpusError(f"{root} 的标注语料不完整：" + "；".join(problems[:5]) + more + "。格式见 docs/corpus-format.md")


def load_corpus(path: Path | str) -> Corpus:
    root = Path(path)
    meta: dict[str, Any] = {}
    if (root / "corpus.toml").is_file():
        meta = tomllib.loads((root / "corpus.toml").read_text(encoding="utf-8"))
    reports = _jsonl(root / "reports.jsonl")
    story_rows = _jsonl(root / "stories.jsonl")
    _check(root, reports, story_rows)
    stories = {s["id"]: s for s in story_rows}
    if "issue_date" in meta:
        issue = meta["issue_date"]
        issue_date = issue if isinstance(issue, date) else date.fromisoformat(str(issue))
    else:  # the demo week may carry no corpus.toml: the Monday after its latest in-window report
        from datetime import timedelta

        latest = max(datetime.fromisoformat(r["published"]).date() for r in reports
                     if r.get("published") and not stories.get(r["story"], {}).get("out_of_window"))
        issue_date = latest + timedelta(days=(7 - latest.weekday()) % 7)
    corpus = Corpus(root, str(meta.get("name", root.name)), issue_date, int(meta.get("days", 7)), reports, stories,
                    str(meta.get("description", "")))
    corpus.by_url = {url_key(r["url"]): r["id"] for r in reports}
    return corpus


def _aware(value: str, tz: str) -> datetime:
    """A report's time; one written without an offset is in the weekly's zone (Beijing time for the default one:
    what Chinese outlets print)."""
    from zoneinfo import ZoneInfo

    when = datetime.fromisoformat(str(value))
    return when if when.tzinfo is not None else when.replace(tzinfo=ZoneInfo(tz))


def stored_url(url: str) -> str:
    return LOCAL_HOST + url if url.startswith("/") else url


def load_into_archive(corpus: Corpus, *, tz: str) -> int:
    """Store the corpus's reports as Report rows (no HTTP); returns how many were new. tz: the zone of times
    written without an offset."""
    from zhoubao.archive.models import Report
    from zhoubao.collect.store import fingerprint

    new = 0
    for r in corpus.reports:
        url = stored_url(r["url"])
        _obj, created = Report.objects.get_or_create(
            url=url,
            defaults={"title": r["title"], "text": r["text"], "outlet": r.get("outlet", ""),
                      "outlet_kind": r.get("outlet_kind", ""), "author": r.get("author", ""),
                      "published": _aware(r["published"], tz) if r.get("published") else None,
                      "fingerprint": fingerprint(r["title"], r["text"])},
        )
        new += created
    return new


def examples(corpus: Corpus) -> list[dict[str, str]]:
    """Labelled (title, text, section) examples: one per report of a story with a section ("" when off the beat)."""
    out = []
    for r in corpus.reports:
        s = corpus.stories.get(r["story"])
        if s is None:
            continue
        out.append({"title": r["title"], "text": r["text"], "section": s.get("section") or ""})
    return out


def write_seed(paths: list[Path], out: Path, lead_chars: int = 300) -> int:
    """Write the shipped classifier examples (classify/seed.jsonl) from labelled corpora: title, lead, section."""
    lines = []
    for p in paths:
        c = load_corpus(p)
        for ex in examples(c):
            lines.append(json.dumps({"title": ex["title"], "text": ex["text"][:lead_chars],
                                     "section": ex["section"], "corpus": c.name}, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)
