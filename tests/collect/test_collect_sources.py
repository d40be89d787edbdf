"""Collecting every kind of source from loopback servers: feeds, listings, sitemaps, pages, files; idempotence."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from zhoubao.archive.models import Report, Source
from zhoubao.collect.feeds import parse_feed
from zhoubao.collect.feedworker import WorkerPool
from zhoubao.collect.pages import RuleError, listing_links, parse_sitemap
from zhoubao.collect.run import Collector
from zhoubao.collect.sources import SourceError, SourceSpec, add
from zhoubao.conf.settings import Settings, load
from zhoubao.net.fetcher import Fetcher, FetchPolicy
from zhoubao.net.url import canonical

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "collect"
NOW = datetime.now(UTC).replace(microsecond=0)

# --------------------------------------------------------------------------------------------
# Helpers shared by the other test_collect_* modules


def article_html(title: str, n: int = 0, when: datetime | None = None) -> bytes:
    """A small Chinese news page the extractor can read."""
    when = when or NOW - timedelta(hours=n + 1)
    body = "".join(
        f"<p>{title}。第{i + 1}段：记者从有关方面获悉，{n}号报道所述事项进展顺利，相关单位表示将继续推进工作，"
        f"确保各项措施落到实处，为行业高质量发展提供有力支撑。</p>"
        for i in range(4)
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_测试网</title>'
        f'<meta property="article:published_time" content="{when.isoformat()}"></head>'
        f'<body><div class="nav"><a href="/">首页</a></div><article><h1>{title}</h1>'
        f"<div class=\"info\">{when:%Y-%m-%d %H:%M}</div>{body}</article></body></html>"
    ).encode()


def rss(items: list[tuple[str, str]], *, base: str = "", dates: bool = True, guid: bool = True) -> bytes:
    """RSS 2.0 over (link, title) pairs, newest first, one hour apart."""
    parts = []
    for i, (link, title) in enumerate(items):
        when = format_datetime(NOW - timedelta(hours=i + 1)) if dates else ""
        parts.append(
            f"<item><title>{title}</title><link>{base}{link}</link>"
            + (f"<guid>{base}{link}</guid>" if guid else "")
            + (f"<pubDate>{when}</pubDate>" if dates else "")
            + "<description>&lt;p&gt;摘要&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试源</title>'
        f"<link>{base}/</link>{''.join(parts)}</channel></rss>"
    ).encode()


def serve_articles(server: Any, send: Callable[..., None], paths: list[str], *, prefix: str = "文章") -> None:
    for i, path in enumerate(paths):
        body = article_html(f"{prefix}{i}号：测试新闻标题第{i}条", i)
        server.routes[path] = lambda h, b=body: send(h, 200, b, {"Content-Type": "text/html; charset=utf-8"})


def settings_for(tmp_path: Path, *, allow: frozenset[str] = frozenset(), **over: Any) -> Settings:
    flags: dict[str, dict[str, Any]] = {"fetch": {"allow": sorted(allow)}}
    for key, value in over.items():
        table, name = key.split("__")
        flags.setdefault(table, {})[name] = value
    return load(tmp_path, env={}, flags=flags)


def make_collector(settings: Settings, pool: WorkerPool, *, resolver: Any = None, **kw: Any) -> Collector:
    policy = FetchPolicy(allow=settings.fetch.allow, timeout=5.0, resolver=resolver,
                         user_agent=settings.fetch.user_agent)
    return Collector(settings, fetcher=Fetcher(policy), workers=pool, **kw)


def collect(settings: Settings, pool: WorkerPool, sources: list[Source], **kw: Any) -> Any:
    c = make_collector(settings, pool, **kw)
    try:
        return c.run(sources)
    finally:
        c.close()


def source(url: str, kind: str = "feed", **options: str) -> Source:
    return Source.objects.create(name=url.rsplit("/", 1)[-1] or url, url=url, kind=kind, options=options)


def reload(s: Source) -> Source:
    return Source.objects.get(id=s.id)


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(2)
    yield p
    p.close()


# --------------------------------------------------------------------------------------------
# Feed formats (parsed as the worker parses them)

RSS091 = """<?xml version="1.0"?><rss version="0.91"><channel><title>t</title><link>http://a.test/</link>
<item><title>0.91 条目</title><link>http://a.test/091</link><description>d</description></item></channel></rss>""".encode()
RSS10 = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://a.test/"><title>t</title><link>http://a.test/</link></channel>
<item rdf:about="http://a.test/10"><title>1.0 条目</title><link>http://a.test/10</link>
<dc:date>2025-06-03T10:00:00+08:00</dc:date></item></rdf:RDF>""".encode()
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Atom 条目</title><link href="/atom/1?utm_source=x"/><id>tag:a.test,2025:1</id>
<updated>2025-06-03T02:00:00Z</updated><summary type="html">&lt;b onclick="x()"&gt;粗&lt;/b&gt;</summary></entry>
</feed>""".encode()
JSONFEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "t",
    "items": [{"id": "j1", "url": "http://a.test/j1", "title": "JSON 条目", "date_published": "2025-06-03T10:00:00+08:00",
               "content_html": "<p>正文<script>x</script></p>", "authors": [{"name": "张三"}]},
              {"id": "j2", "title": "没有链接"}, "junk"],
}, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    ("content", "link", "title"),
    [
        (RSS091, "http://a.test/091", "0.91 条目"),
        (RSS10, "http://a.test/10", "1.0 条目"),
        (rss([("/r/1", "2.0 条目")], base="http://a.test"), "http://a.test/r/1", "2.0 条目"),
        (ATOM, "http://a.test/atom/1", "Atom 条目"),
        (JSONFEED, "http://a.test/j1", "JSON 条目"),
    ],
    ids=["rss091", "rss10", "rss20", "atom", "jsonfeed"],
)
def test_feed_formats(content: bytes, link: str, title: str) -> None:
    parsed = parse_feed(content, "http://a.test/feed", "application/xml", tz="Asia/Shanghai")
    assert not parsed.error
    assert parsed.entries[0].link == link
    assert parsed.entries[0].title == title
    for e in parsed.entries:
        assert "<script" not in e.summary_html and "onclick" not in e.summary_html


def test_feed_dates_guids_and_authors() -> None:
    atom = parse_feed(ATOM, "http://a.test/feed", tz="Asia/Shanghai").entries[0]
    assert atom.guid == "tag:a.test,2025:1"
    assert atom.published == datetime(2025, 6, 3, 2, tzinfo=UTC)
    j = parse_feed(JSONFEED, "http://a.test/feed.json", tz="Asia/Shanghai").entries
    assert len(j) == 1 and j[0].author == "张三" and j[0].published == datetime(2025, 6, 3, 2, tzinfo=UTC)
    assert parse_feed(RSS10, tz="Asia/Shanghai").entries[0].published == datetime(2025, 6, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff\xfe garbage", b"<html><body><p>not a feed</p></body></html>", b"{not json", b'{"items": 3}',
     b"<rss><channel><item><title>unterminated", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>"],
)
def test_broken_feeds_are_values(content: bytes) -> None:
    parsed = parse_feed(content, "http://a.test/feed", tz="Asia/Shanghai")
    assert parsed.error or not parsed.entries


def test_non_http_feed_links_are_dropped() -> None:
    content = rss([("javascript:alert(1)", "a"), ("file:///etc/passwd", "b"), ("http://a.test/ok", "c")])
    assert [e.link for e in parse_feed(content, tz="Asia/Shanghai").entries] == ["http://a.test/ok"]


# --------------------------------------------------------------------------------------------
# Listing pages and sitemaps (parsers)

LISTING = """<html><head><base href="http://site.test/news/"></head><body>
<ul class="nav"><li><a href="/index.html">首页</a></li><li><a href="/about/">关于我们</a></li></ul>
<ul class="list">
 <li><a href="2025/06/03/art_1.html">国家广播电视总局发布关于微短剧管理的通知</a></li>
 <li><a href="2025/06/02/art_2.html?utm_source=wx">爱奇艺宣布网络剧山海长歌今晚开播</a></li>
 <li><a href="http://other.test/2025/06/01/x.html">外站的一篇很长很长的新闻标题文章</a></li>
 <li><a href="javascript:void(0)">脚本链接也有一个很长的标题文字</a></li>
 <li><a href="/img/photo.jpg">一张图片的标题文字也很长很长的</a></li>
</ul></body></html>"""


def test_listing_auto_detection() -> None:
    links = listing_links(LISTING, "http://site.test/news/list.html")
    assert [link.url for link in links] == ["http://site.test/news/2025/06/03/art_1.html",
                                            "http://site.test/news/2025/06/02/art_2.html"]
    assert links[0].text.startswith("国家广播电视总局")


def test_listing_selector_and_pattern() -> None:
    by_selector = listing_links(LISTING, "http://site.test/news/list.html", selector="ul.list li")
    assert "http://other.test/2025/06/01/x.html" in [link.url for link in by_selector]
    by_pattern = listing_links(LISTING, "http://site.test/news/list.html", pattern=r"art_2\.html$")
    assert [link.url for link in by_pattern] == ["http://site.test/news/2025/06/02/art_2.html"]
    with pytest.raises(RuleError):
        listing_links(LISTING, "http://site.test/", selector="ul[")
    with pytest.raises(RuleError):
        listing_links(LISTING, "http://site.test/", pattern="(")


def test_broken_html_listing_is_empty_not_an_error() -> None:
    for html in ["", "<<<<>>>>", "<html><a href='/2025/06/03/1.html'>未闭合的标签很长很长很长很长", "\x00" * 10]:
        assert isinstance(listing_links(html, "http://site.test/"), list)


NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://site.test/a/1.html</loc><news:news><news:publication_date>2025-06-03T10:00:00+08:00</news:publication_date>
<news:title>新闻一</news:title></news:news></url>
<url><loc>http://site.test/a/2.html</loc><lastmod>2025-06-04</lastmod></url>
</urlset>""".encode()
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://site.test/old.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
<sitemap><loc>http://site.test/new.xml</loc><lastmod>2025-06-01</lastmod></sitemap></sitemapindex>"""


def test_sitemaps() -> None:
    news = parse_sitemap(NEWS_SITEMAP, "http://site.test/sitemap.xml", tz="Asia/Shanghai")
    assert [u.url for u in news.urls] == ["http://site.test/a/1.html", "http://site.test/a/2.html"]
    assert news.urls[0].text == "新闻一" and news.urls[0].published == datetime(2025, 6, 3, 2, tzinfo=UTC)
    assert news.urls[1].published is None and news.urls[1].lastmod is not None
    assert parse_sitemap(INDEX, "http://site.test/sitemap.xml", tz="Asia/Shanghai").children == ["http://site.test/new.xml",
                                                                              "http://site.test/old.xml"]
    assert len(parse_sitemap(gzip.compress(NEWS_SITEMAP), "http://site.test/s.xml.gz", tz="Asia/Shanghai").urls) == 2
    for bad in [b"", b"garbage", b"<html><body>no</body></html>", gzip.compress(b"\x00" * 10)[:-3]]:
        assert parse_sitemap(bad, "http://site.test/s.xml", tz="Asia/Shanghai").error


def test_canonical_urls() -> None:
    assert canonical("HTTP://Site.Test:80/a?utm_source=x&id=3&spm=1#top") == "http://site.test/a?id=3"
    assert canonical("https://site.test:443/a?from=timeline&isappinstalled=0") == "https://site.test/a"
    assert canonical("2.html", "http://site.test/x/1.html") == "http://site.test/x/2.html"
    assert canonical("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert canonical("http://site.test:99999/x") == "http://site.test:99999/x"  # left for the fetcher to refuse


def test_add_validates_rules_and_urls(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        add(SourceSpec("http://site.test/list.html", "listing", selector="ul["))
    with pytest.raises(SourceError):
        add(SourceSpec("http://site.test/list.html", "listing", pattern="("))
    with pytest.raises(SourceError):
        add(SourceSpec("http://exa mple.test/", "page"))
    s, created = add(SourceSpec("HTTP://Site.Test/feed?utm_source=x", "feed"))
    assert created and s.url == "http://site.test/feed"
    assert add(SourceSpec("http://site.test/feed", "feed"))[1] is False


# --------------------------------------------------------------------------------------------
# Collecting from a loopback server


def test_collects_every_kind_once(server: Any, send_response: Any, pool: WorkerPool, tmp_path: Path) -> None:
    base = server.base
    serve_articles(server, send_response, [f"/feed/{i}.html" for i in range(4)], prefix="订阅")
    serve_articles(server, send_response, [f"/news/2025/06/0{i + 1}/art_{i}.html" for i in range(3)], prefix="列表")
    serve_articles(server, send_response, [f"/sm/{i}.html" for i in range(3)], prefix="地图")
    serve_articles(server, send_response, ["/single.html"], prefix="单页")
    feed = rss([(f"/feed/{i}.html?utm_source=rss", f"订阅{i}") for i in range(4)], base=base)
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, feed, {"Content-Type": "application/rss+xml"})
    listing = "".join(f'<li><a href="/news/2025/06/0{i + 1}/art_{i}.html">列表{i}号：一条足够长的新闻标题</a></li>'
                      for i in range(3))
    listing += '<li><a href="/feed/0.html">订阅0号：同一篇文章从列表页也能找到</a></li>'
    server.routes["/list.html"] = lambda h: send_response(h, 200, f"<ul>{listing}</ul>".encode(),
                                                          {"Content-Type": "text/html; charset=utf-8"})
    index = (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{base}/sm-1.xml</loc>'
             "</sitemap></sitemapindex>").encode()
    child = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             + "".join(f"<url><loc>{base}/sm/{i}.html</loc></url>" for i in range(3)) + "</urlset>").encode()
    server.routes["/sitemap.xml"] = lambda h: send_response(h, 200, index, {"Content-Type": "application/xml"})
    server.routes["/sm-1.xml"] = lambda h: send_response(h, 200, gzip.compress(child))
    sources = [source(base + "/feed.xml"), source(base + "/list.html", "listing", pattern=r"/(news|feed)/"),
               source(base + "/sitemap.xml", "sitemap"), source(base + "/single.html?utm_medium=x", "page")]
    settings = settings_for(tmp_path, allow=server.allow)
    first = collect(settings, pool, sources)
    assert [r.error for r in first.results] == ["", "", "", ""], [r.notes for r in first.results]
    # /feed/0.html is linked by the feed and the listing: whichever came first stored it, once.
    assert [r.new for r in first.results][2:] == [3, 1]
    assert first.results[0].new + first.results[1].new == 7
    assert first.results[0].seen + first.results[1].seen == 1
    urls = set(Report.objects.values_list("url", flat=True))
    assert f"{base}/feed/0.html" in urls and f"{base}/single.html" in urls
    assert not any("utm_" in u for u in urls)
    r = Report.objects.get(url=f"{base}/feed/1.html")
    assert r.guid == f"{base}/feed/1.html?utm_source=rss" and r.source_id == sources[0].id
    assert "订阅1号" in r.title and "记者从有关方面获悉" in r.text
    assert r.published is not None
    # Everything is polled again: nothing new, nothing stored twice, no article fetched again.
    hits = len(server.requests)
    second = collect(settings, pool, [reload(s) for s in sources])
    assert second.new == 0 and Report.objects.count() == 11
    article_hits = [p for p, _ in server.requests[hits:] if p.endswith(".html") and "list" not in p]
    assert article_hits == []


def test_same_guid_new_url_is_not_stored_twice(server: Any, send_response: Any, pool: WorkerPool,
                                               tmp_path: Path) -> None:
    serve_articles(server, send_response, ["/a.html", "/b.html"])
    feeds = {"v": 1}

    def feed(h: Any) -> None:
        link = "/a.html" if feeds["v"] == 1 else "/b.html"
        body = (f'<rss version="2.0"><channel><title>t</title><item><title>x</title><link>{server.base}{link}</link>'
                f"<guid isPermaLink=\"false\">story-1</guid></item></channel></rss>").encode()
        send_response(h, 200, body, {"Content-Type": "application/rss+xml"})

    server.routes["/f.xml"] = feed
    s = source(server.base + "/f.xml")
    settings = settings_for(tmp_path, allow=server.allow)
    assert collect(settings, pool, [s]).new == 1
    feeds["v"] = 2  # the site moved the article; the guid says it is the same one
    res = collect(settings, pool, [reload(s)])
    assert res.new == 0 and res.results[0].seen == 1
    assert Report.objects.filter(source=s).count() == 1


def test_redirected_duplicates_are_one_report(server: Any, send_response: Any, pool: WorkerPool,
                                              tmp_path: Path) -> None:
    serve_articles(server, send_response, ["/real.html"])
    server.routes["/short"] = lambda h: send_response(h, 302, b"", {"Location": "/real.html"})
    feed = rss([("/real.html", "a")], base=server.base)
    feed2 = rss([("/short", "b")], base=server.base)
    server.routes["/1.xml"] = lambda h: send_response(h, 200, feed)
    server.routes["/2.xml"] = lambda h: send_response(h, 200, feed2)
    settings = settings_for(tmp_path, allow=server.allow)
    s1, s2 = source(server.base + "/1.xml"), source(server.base + "/2.xml")
    assert collect(settings, pool, [s1]).new == 1
    res = collect(settings, pool, [s2])
    assert res.new == 0 and Report.objects.count() == 1


def test_files_and_folders(tmp_path: Path, pool: WorkerPool) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_bytes(article_html("网页文件里的一篇新闻稿件", 1))
    (folder / "b.htm").write_bytes(article_html("另一篇网页文件里的新闻", 2))
    (folder / "c.txt").write_text("纯文本文件的标题\n\n正文第一段，记者从有关方面获悉。\n", encoding="utf-8")
    (folder / "sub" / "d.md").write_text("# Markdown 标题\n\n正文内容，某公司6月3日发布公告。\n", encoding="utf-8")
    msg = EmailMessage()
    msg["Subject"] = "邮件转来的新闻"
    msg["From"] = "a@example.invalid"
    msg["Date"] = format_datetime(NOW)
    msg.set_content("邮件正文：某协会6月3日召开会议。")
    (folder / "e.eml").write_bytes(bytes(msg))
    import docx

    d = docx.Document()
    d.add_heading("Word 文件的标题", 1)
    d.add_paragraph("Word 正文：某部门6月3日印发通知。")
    d.save(str(folder / "f.docx"))
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.txt").write_text("hidden", encoding="utf-8")
    s, _ = add(SourceSpec(str(folder)))
    assert s.kind == "files"
    settings = settings_for(tmp_path)
    res = collect(settings, pool, [s])
    assert res.results[0].new == 6, res.results[0]
    titles = set(Report.objects.values_list("title", flat=True))
    assert {"邮件转来的新闻", "纯文本文件的标题"} <= titles
    again = collect(settings, pool, [reload(s)])
    assert again.new == 0 and again.results[0].seen == 6
    assert reload(s).next_check is not None


def test_missing_folder_is_recorded(tmp_path: Path, pool: WorkerPool) -> None:
    s = Source.objects.create(name="gone", url=str(tmp_path / "gone"), kind="files")
    res = collect(settings_for(tmp_path), pool, [s])
    assert "找不到" in res.results[0].error
    assert reload(s).error_count == 1


def test_feed_fixtures_in_the_worker(pool: WorkerPool) -> None:
    """Feeds in the shape of real ones (see fixtures/collect/README.md), expectations beside them."""
    expected = json.loads((FIXTURES / "feeds.json").read_text(encoding="utf-8"))
    for name, want in expected.items():
        parsed = pool.parse_feed((FIXTURES / name).read_bytes(), want["url"], want.get("content_type"), tz="Asia/Shanghai")
        assert not parsed.error, name
        assert len(parsed.entries) == want["entries"], name
        first = parsed.entries[0]
        assert first.title == want["first_title"], name
        assert first.link == want["first_link"], name
        assert first.guid == want["first_guid"], name
        published = first.published.isoformat() if first.published else None
        assert published == want["first_published"], name
        for e in parsed.entries:
            assert not any(bad in e.summary_html for bad in ("<script", "onerror", "<iframe", "javascript:", "<style"))


def test_feedparser_encoding_corpus_never_stops_a_batch(pool: WorkerPool) -> None:
    """feedparser's own encoding test feeds (incl. gb2312, big5, ill-formed): each is a value, never a crash."""
    root = Path("/work/shared/data/feeds/feedparser_encoding")
    files = sorted(root.glob("*/*.xml"))
    if not files:
        pytest.skip("shared feed corpus not available")
    for f in files:
        parsed = pool.parse_feed(f.read_bytes(), "http://a.test/feed.xml", None, tz="Asia/Shanghai")
        assert isinstance(parsed.error, str)
    gb = pool.parse_feed((root / "illformed_chardet" / "gb2312.xml").read_bytes(), "http://a.test/", None, tz="Asia/Shanghai")
    assert not gb.error


def test_feed_content_stands_in_for_an_unreadable_page(server: Any, send_response: Any, pool: WorkerPool,
                                                       tmp_path: Path) -> None:
    full = "<p>" + "国家广播电视总局6月3日发布通知，要求各网络视听平台加强微短剧管理。" * 4 + "</p><script>x()</script>"
    teaser = "<p>摘要</p>"
    body = ('<rss version="2.0"><channel><title>t</title>'
            f'<item><title>全文条目</title><link>{server.base}/blocked.html</link><description>{escape(full)}'
            f'</description></item><item><title>摘要条目</title><link>{server.base}/gone.html</link>'
            f"<description>{escape(teaser)}</description></item></channel></rss>").encode()
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, body)
    server.routes["/blocked.html"] = lambda h: send_response(h, 403, b"")
    res = collect(settings_for(tmp_path, allow=server.allow), pool, [source(server.base + "/feed.xml")]).results[0]
    assert (res.new, res.failed) == (1, 1)
    r = Report.objects.get()
    assert r.title == "全文条目" and "微短剧管理" in r.text and "<script" not in r.html
    assert any(f.startswith("text_from_feed") for f in r.flags)
