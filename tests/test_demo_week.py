"""Checks the demo week corpus (src/zhoubao/demo/week) and the static site generated from it."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.corpus_files import KINDS, SECTIONS, STORY_FIELDS, read_jsonl, read_meta, window
from tests.corpus_files import REPORT_FIELDS as CORPUS_REPORT_FIELDS

ROOT = Path(__file__).resolve().parents[1]
WEEK = ROOT / "src" / "zhoubao" / "demo" / "week"
SITE = ROOT / "src" / "zhoubao" / "demo" / "site"
BASE = "http://zhoubao-demo.invalid"
# The demo week also says how each page is served.
REPORT_FIELDS = CORPUS_REPORT_FIELDS | {"encoding", "via"}


@pytest.fixture(scope="module")
def corpus() -> dict:
    meta = read_meta(WEEK)
    reports = read_jsonl(WEEK / "reports.jsonl")
    stories = read_jsonl(WEEK / "stories.jsonl")
    start, end = window(meta)
    return {
        "meta": meta,
        "reports": reports,
        "stories": {s["id"]: s for s in stories},
        "story_list": stories,
        "start": start,
        "end": end,
    }


def _site_path(url: str) -> Path:
    return SITE / urlsplit(url).path.lstrip("/")


def test_corpus_toml(corpus):
    meta = corpus["meta"]
    assert meta["name"] == "demo"
    assert meta["issue_date"] == "2025-06-09"
    assert meta["days"] == 7
    assert "invented" in meta["description"]


def test_reports_are_well_formed(corpus):
    reports, stories = corpus["reports"], corpus["stories"]
    ids = [r["id"] for r in reports]
    assert len(ids) == len(set(ids))
    assert len({r["url"] for r in reports}) == len(reports)
    for r in reports:
        assert set(r) >= REPORT_FIELDS, r["id"]
        assert r["story"] in stories, r["id"]
        assert r["outlet_kind"] in KINDS
        assert r["url"].startswith(f"/{r['outlet_slug']}/"), r["url"]
        assert r["encoding"] in ("utf-8", "gbk")
        assert r["via"] in ("feed", "listing", "page")
        assert datetime.fromisoformat(r["published"]).utcoffset() == timedelta(hours=8)
        paras = r["text"].split("\n")
        assert 3 <= len(paras) <= 8, (r["id"], len(paras))
        assert all(p.strip() for p in paras), r["id"]
    # one slug, one outlet name, one kind
    for slug in {r["outlet_slug"] for r in reports}:
        assert (
            len({(r["outlet"], r["outlet_kind"], r["encoding"]) for r in reports if r["outlet_slug"] == slug})
            == 1
        )


def test_stories_are_labelled(corpus):
    stories, reports = corpus["story_list"], corpus["reports"]
    told = Counter(r["story"] for r in reports)
    start, end = corpus["start"], corpus["end"]
    for s in stories:
        assert set(s) >= STORY_FIELDS, s["id"]
        assert told[s["id"]] >= 1, s["id"]
        times = [datetime.fromisoformat(r["published"]) for r in reports if r["story"] == s["id"]]
        assert s["out_of_window"] == all(not (start <= t <= end) for t in times), s["id"]
        if s.get("near_miss_of"):
            assert s["near_miss_of"] in corpus["stories"] and s["near_miss_of"] != s["id"]
        if s["offbeat"]:
            assert s["section"] is None and not s["highlight"]
            continue
        assert s["section"] in SECTIONS, s["id"]
        if s["out_of_window"]:
            continue
        assert s["title"] and not s["title"].endswith(("。", ".", "！")), s["id"]
        assert s["paragraphs"] and all(p.strip() for p in s["paragraphs"]), s["id"]
        assert re.match(r"(\d+月\d+日，|近日，|当地时间|据.+?消息，|有消息称，)", s["paragraphs"][0]), s["id"]
        # house style: no space between Chinese and digits/Latin letters
        assert not re.search(
            r"[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z] [\u4e00-\u9fff]", s["title"] + "".join(s["paragraphs"])
        ), s["id"]
        if s["section"] == "内容":
            assert s["group"], s["id"]


def test_counts(corpus):
    reports, stories = corpus["reports"], corpus["story_list"]
    assert len(reports) >= 160
    assert len({r["outlet_slug"] for r in reports}) >= 12
    live = [s for s in stories if not s["offbeat"] and not s["out_of_window"]]
    assert 55 <= len(live) <= 65
    by_section = Counter(s["section"] for s in live)
    assert set(by_section) == set(SECTIONS)
    groups = Counter(s["group"] for s in live if s["section"] == "内容")
    assert sum(1 for n in groups.values() if n >= 2) >= 3
    assert 8 <= sum(s["offbeat"] for s in stories) <= 12
    assert 5 <= sum(s["out_of_window"] for s in stories) <= 8
    assert 3 <= sum(s["highlight"] for s in stories) <= 6
    outlets_per_story = Counter()
    for s in live:
        outlets_per_story[s["id"]] = len({r["outlet_slug"] for r in reports if r["story"] == s["id"]})
    assert sum(1 for n in outlets_per_story.values() if n >= 2) >= 30
    assert sum(1 for s in stories if s.get("near_miss_of")) >= 4


def test_every_report_page_exists_and_carries_the_text(corpus):
    for r in corpus["reports"]:
        path = _site_path(r["url"])
        assert path.is_file(), r["url"]
        html = path.read_bytes().decode(r["encoding"])
        assert escape(r["title"], quote=False) in html, r["id"]
        for para in r["text"].split("\n"):
            assert escape(para, quote=False) in html, (r["id"], para)


def test_gbk_pages(corpus):
    gbk = [r for r in corpus["reports"] if r["encoding"] == "gbk"]
    assert len(gbk) >= 2
    for r in gbk:
        data = _site_path(r["url"]).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text = data.decode("gbk")
        assert re.search(r"charset=(gbk|gb2312)", text, re.I)
        assert r["text"].split("\n")[0] in text


def _feeds() -> list[Path]:
    return sorted(p for p in SITE.rglob("*.xml"))


def test_feeds_parse_and_cover_feed_reports(corpus):
    feeds = _feeds()
    assert len(feeds) >= 3
    kinds = set()
    linked: set[str] = set()
    for feed in feeds:
        root = ET.fromstring(feed.read_bytes())
        kinds.add(root.tag)
        links = [el.text for el in root.iter("link") if el.text] + [
            el.get("href") for el in root.iter("{http://www.w3.org/2005/Atom}link") if el.get("href")
        ]
        for link in links:
            assert link.startswith(BASE + "/"), (feed, link)
        linked.update(urlsplit(u).path for u in links)
        items = list(root.iter("item")) + list(root.iter("{http://www.w3.org/2005/Atom}entry"))
        assert items, feed
    assert "rss" in kinds and "{http://www.w3.org/2005/Atom}feed" in kinds
    for r in corpus["reports"]:
        if r["via"] == "feed":
            assert r["url"] in linked, r["id"]
        else:
            assert r["url"] not in linked, r["id"]


def test_feeds_parse_with_feedparser():
    feedparser = pytest.importorskip("feedparser")
    for feed in _feeds():
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        for e in parsed.entries:
            assert e.title and e.link and e.get("published_parsed") and e.get("summary")


def _hrefs(path: Path, encoding: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', path.read_bytes().decode(encoding))


def _encoding_of(path: Path) -> str:
    return "gbk" if path.relative_to(SITE).parts[0] == "miit" else "utf-8"


def _internal_targets(path: Path) -> set[str]:
    """Site paths an HTML page links to (fragments, javascript: and feeds' absolute base excluded)."""
    page_url = "/" + path.relative_to(SITE).as_posix()
    out = set()
    for href in _hrefs(path, _encoding_of(path)):
        if href.startswith(("#", "javascript:", "http://www.w3.org")):
            continue
        assert not href.startswith(("http://", "https://")), (path, href)
        out.add(urlsplit(urljoin(page_url, href)).path)
    return out


def test_listing_pages_and_sources(corpus):
    sources = tomllib.loads((SITE / "sources.toml").read_text(encoding="utf-8"))["source"]
    kinds = Counter(s["kind"] for s in sources)
    assert kinds["feed"] >= 3 and kinds["listing"] >= 1 and kinds["page"] >= 1
    for s in sources:
        assert set(s) <= {"name", "url", "kind", "pattern", "outlet_kind"}
        assert s["url"].startswith(BASE + "/")
        assert _site_path(s["url"]).is_file(), s["url"]
    listed: set[str] = set()
    listings = [s for s in sources if s["kind"] == "listing"]
    assert any("pattern" in s for s in listings) and any("pattern" not in s for s in listings)
    for s in listings:
        page = _site_path(s["url"])
        targets = _internal_targets(page)
        articles = {r["url"] for r in corpus["reports"]}
        assert targets - articles, f"{page} has no non-article links"
        found = targets & articles
        assert found, page
        listed |= found
        if "pattern" in s:
            rx = re.compile(s["pattern"])
            assert {t for t in targets if rx.search(BASE + t)} == found, s["url"]
    pages = {urlsplit(s["url"]).path for s in sources if s["kind"] == "page"}
    for r in corpus["reports"]:
        assert (r["url"] in listed) == (r["via"] == "listing"), r["id"]
        assert (r["url"] in pages) == (r["via"] == "page"), r["id"]


def test_page_reports_are_not_linked_and_links_resolve(corpus):
    only_by_url = {r["url"] for r in corpus["reports"] if r["via"] == "page"}
    for path in SITE.rglob("*.html"):
        for target in _internal_targets(path):
            assert target not in only_by_url, (path, target)
            assert (SITE / target.lstrip("/")).is_file(), (path, target)
    root_links = _internal_targets(SITE / "index.html")
    assert len({t.split("/")[1] for t in root_links}) >= 12


def test_templates_differ_and_carry_page_furniture(corpus):
    seen = {}
    for r in corpus["reports"]:
        seen.setdefault(r["outlet_slug"], r)
    shapes = set()
    for slug, r in seen.items():
        html = _site_path(r["url"]).read_bytes().decode(r["encoding"])
        for needle in ("<title>", "分享到", "微信", "微博", "扫一扫", "ICP"):
            assert needle in html, (slug, needle)
        assert "相关" in html or "推荐" in html or "更多" in html, slug
        shapes.add(re.sub(r">[^<]*<", "><", html.split("<body", 1)[1])[:400])
    assert len(shapes) >= 8


def test_site_is_up_to_date_and_deterministic(tmp_path):
    spec = importlib.util.spec_from_file_location("make_demo_site", ROOT / "tools" / "make_demo_site.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the file executes
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.modules.pop(spec.name, None)
    out = tmp_path / "site"
    mod.build(WEEK, out)
    fresh = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    kept = {p.relative_to(SITE): p.read_bytes() for p in SITE.rglob("*") if p.is_file()}
    assert fresh.keys() == kept.keys()
    assert [k for k in fresh if fresh[k] != kept[k]] == []
