"""One HTML page to an article: the body chosen among trafilatura's readings and our own, title, date, outlet, author."""

from __future__ import annotations

import html as htmllib
import logging
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from zhoubao.collect.encoding import decode_bytes
from zhoubao.collect.extracted import Extracted, empty, from_lines
from zhoubao.text.boilerplate import anchor_key, site_tail, strip_page
from zhoubao.text.dates import parse_datetime

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- metadata

# A single dash inside a headline joins (中国—东盟, 1—4月, 2025—2027年); only a spaced one separates a site name.
_TITLE_SEP_RE = re.compile(r"\s*(?:_|\||｜|–|——|\s—\s|－|\s-\s|\s--\s|::|：：|-(?=[^-\s\d]{2,12}$))\s*")
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "publishdate",
    "pubdate",
    "publish_date",
    "publication_date",
    "publishtime",
    "publish-time",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "date",
    "ptime",
    "weibo: article:create_at",
    "og:release_date",
    "firstpublishedtime",
    "created",
    "article:modified_time",
    "lastmodifiedtime",
    "og:updated_time",
    "modified",
)
_META_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "og:article:author")
_VISIBLE_DATE_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*[年/\-.]\s*\d{1,2}\s*[月/\-.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?::\d{2})?)?)"
)


def _meta_map(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (
            (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "")
            .strip()
            .lower()
        )
        val = (el.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def _text_of(el: Any) -> str:
    try:
        return re.sub(r"\s+", " ", el.text_content()).strip()
    except Exception:
        return ""


def _split_title(raw: str) -> list[str]:
    raw = raw.strip()
    parts = [p for p in _TITLE_SEP_RE.split(raw) if p.strip()]
    # A bare hyphen splits only before a site name ("标题-新华网"), never inside the words (二维-硅基, RISC-V).
    if len(parts) >= 2 and re.search(r"\S-" + re.escape(parts[-1]) + "$", raw) and not site_tail(parts[-1]):
        parts[-2:] = [parts[-2] + "-" + parts[-1]]
    return parts


def _pick_title(tree: Any, meta: dict[str, str], fallback: str) -> tuple[str, str]:
    """Return (title, site suffix found in <title>)."""
    page_title = ""
    t = tree.find(".//title")
    if t is not None:
        page_title = _text_of(t)
    parts = _split_title(page_title) if page_title else []
    suffix = parts[-1].strip() if len(parts) >= 2 else ""
    prefix = parts[0].strip() if parts else page_title.strip()
    candidates = []
    for key in ("og:title", "twitter:title", "title", "headline"):
        if meta.get(key):
            candidates.append(htmllib.unescape(meta[key]).strip())
    for tag in ("h1", "h2"):
        for h in tree.iter(tag):
            txt = _text_of(h)
            if 2 <= len(txt) <= 120:
                candidates.append(txt)
    norm = lambda s: re.sub(r"[\s\W_]+", "", s)  # noqa: E731
    if page_title:
        pt = norm(page_title)
        for c in candidates:
            nc = norm(c)
            if nc == pt:
                return c, ""  # the heading is the whole <title>: it has no site suffix to strip
            if suffix and pt == nc + norm(suffix):
                return c, suffix  # the heading is the <title> without its site suffix: keep it whole
            if len(nc) >= 2 and (
                pt.startswith(nc) or (nc.startswith(norm(prefix)) and len(norm(prefix)) >= 2)
            ):
                return _strip_suffix(c), suffix
    if prefix and len(prefix) >= 2:
        return prefix, suffix
    for c in candidates:
        return _strip_suffix(c), suffix
    return (fallback or page_title).strip(), suffix


def _strip_suffix(title: str) -> str:
    parts = _split_title(title)
    if len(parts) >= 2 and len(parts[0]) >= 4:
        return parts[0].strip()
    return title.strip()


def _visible_date(tree: Any, title: str, reference: datetime | None, tz: str) -> datetime | None:
    """The first date-like string in the page header area, close to the h1/title."""
    body = tree.find(".//body")
    if body is None:
        return None
    # Walk text nodes in document order; start counting after the title heading if found.
    texts: list[str] = []
    started = False
    key = re.sub(r"\s+", "", title)[:10]
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript"):
            continue
        for piece in (el.text, el.tail):
            if not piece or not piece.strip():
                continue
            if not started and key and key in re.sub(r"\s+", "", piece):
                started = True
                texts = []
                continue
            texts.append(piece.strip())
        if started and len(texts) > 40:
            break
    for piece in texts[:60]:
        m = _VISIBLE_DATE_RE.search(piece)
        if m:
            dt = parse_datetime(m.group(0), reference=reference, tz=tz)
            if dt is not None:
                return dt
    return None


def _host(url: str) -> str:
    try:
        h = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return h[4:] if h.startswith("www.") else h


# --------------------------------------------------------------------------- our own reading (the fallback)

_BLOCK_TAGS = {
    "p",
    "div",
    "td",
    "article",
    "section",
    "li",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "tr",
    "blockquote",
    "pre",
}


def _block_text(el: Any) -> list[str]:
    """Text of an element split at block boundaries."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        s = re.sub(r"\s+", " ", "".join(buf)).strip()
        if s:
            lines.append(s)
        buf.clear()

    def walk(e: Any) -> None:
        if not isinstance(e.tag, str) or e.tag in ("script", "style", "noscript", "iframe", "form", "select"):
            if e.tail:
                buf.append(e.tail)
            return
        if e.tag in _BLOCK_TAGS:
            flush()
        if e.text:
            buf.append(e.text)
        for c in e:
            walk(c)
        if e.tag in _BLOCK_TAGS:
            flush()
        if e.tail:
            buf.append(e.tail)

    walk(el)
    flush()
    return lines


def _densest_block(tree: Any) -> list[str]:
    """Pick the element whose own paragraphs carry the most non-link text."""
    best: tuple[float, Any] | None = None
    for el in tree.iter("div", "td", "article", "section", "main", "body"):
        paras = [c for c in el if isinstance(c.tag, str) and c.tag in ("p", "br", "font", "span", "div")]
        text = "".join(el.itertext()) if paras else ""
        if not text:
            continue
        link = sum(len("".join(a.itertext())) for a in el.iter("a"))
        n = len(re.sub(r"\s", "", text))
        if n < 20:
            continue
        ld = link / max(1, n)
        direct = sum(
            len((c.text or "") + "".join(c.itertext())) for c in el if isinstance(c.tag, str) and c.tag == "p"
        )
        direct += len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)
        score = direct * (1 - min(1.0, ld * 1.5))
        if best is None or score > best[0]:
            best = (score, el)
    if best is None or best[0] <= 0:
        return []
    return _block_text(best[1])


# --------------------------------------------------------------------------- the body


def _parse(text: str) -> Any:
    from lxml import html as lhtml

    # lxml refuses str input that carries an encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lhtml.document_fromstring(text)
    except Exception:
        try:
            return lhtml.fromstring(text)
        except Exception:
            return None


def _trafilatura(text: str, url: str, *, precision: bool) -> Any:
    import trafilatura

    try:
        # Give trafilatura the text, not our tree: its own loader repairs pages ours keeps broken.
        return trafilatura.bare_extraction(
            text,
            url=url or None,
            favor_precision=precision,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            deduplicate=False,
        )
    except Exception as exc:  # a library bug on one page must not stop a run
        log.debug("trafilatura failed on %s: %s", url, exc)
        return None


def _anchor_texts(tree: Any) -> set[str]:
    out: set[str] = set()
    for a in tree.iter("a"):
        t = anchor_key("".join(a.itertext()))
        if t:
            out.add(t)
    return out


def _prose(lines: list[str]) -> int:
    """Characters in sentence-like lines: what an article has and page furniture lacks."""
    return sum(len(x) for x in lines if len(x) >= 20 and re.search(r"[，。；！？,]", x))


def _size(lines: list[str]) -> int:
    return sum(len(re.sub(r"\s", "", x)) for x in lines)


def _choose_body(text_in: str, tree: Any, url: str) -> tuple[list[str], dict[str, str], Any]:
    """Run the extractors and pick one; returns (clean lines, credits, trafilatura document).

    Precision mode drops less furniture but sometimes loses the article; default mode keeps
    more. After our own cleanup the precision result is preferred unless it is much shorter
    than the default one; our densest-block extraction is the last resort when both miss.
    """
    anchors = _anchor_texts(tree)
    results = []
    for precision in (True, False):
        doc = _trafilatura(text_in, url, precision=precision)
        raw = (getattr(doc, "text", None) or "") if doc is not None else ""
        kept, info = strip_page([x for x in raw.split("\n") if x.strip()], anchors)
        results.append((kept, info, doc))
    (p_lines, p_info, p_doc), (d_lines, d_info, d_doc) = results
    if _size(p_lines) >= 0.5 * _size(d_lines):
        lines, info, doc = p_lines, p_info, p_doc
    else:
        lines, info, doc = d_lines, d_info, d_doc
    meta_doc = doc if doc is not None else (d_doc or p_doc)
    fb_lines, fb_info = strip_page(_densest_block(tree), anchors)
    if _size(lines) < 0.3 * _size(fb_lines) or _prose(fb_lines) > 2 * _prose(lines) + 50:
        return fb_lines, fb_info, meta_doc
    return lines, info, meta_doc


def extract_html(
    content: bytes | str,
    url: str = "",
    *,
    content_type: str | None = None,
    reference: datetime | None = None,
    tz: str,
) -> Extracted:
    """Extract the article of one page; never raises, garbage gives an Extracted with empty text."""
    try:
        return _extract(content, url, content_type=content_type, reference=reference, tz=tz)
    except Exception as exc:  # pragma: no cover - last line of defence
        log.warning("extraction failed for %s: %s", url, exc)
        return empty(note=f"extraction failed: {type(exc).__name__}")


def _extract(
    content: bytes | str, url: str, *, content_type: str | None, reference: datetime | None, tz: str
) -> Extracted:
    if isinstance(content, bytes):
        dec = decode_bytes(content, content_type)
        text_in, enc, clean, note = dec.text, dec.encoding, dec.clean, dec.note
    else:
        text_in, enc, clean, note = content or "", "unicode", True, ""
    if not text_in.strip():
        return empty(enc, clean, note)
    tree = _parse(text_in)
    if tree is None:
        return empty(enc, clean, note)

    meta = _meta_map(tree)
    kept, info, doc = _choose_body(text_in, tree, url)

    title, suffix = _pick_title(tree, meta, getattr(doc, "title", "") or "")
    # A title repeated as the first line of the text is not body text.
    if kept and title and re.sub(r"\s", "", kept[0]) == re.sub(r"\s", "", title):
        kept = kept[1:]

    outlet = (meta.get("og:site_name") or "").strip()
    if not outlet and suffix and len(suffix) <= 20:
        outlet = suffix
    if not outlet and info.get("source"):
        outlet = re.split(r"\s", info["source"])[0]
    if not outlet:
        outlet = (getattr(doc, "sitename", "") or "") if doc is not None else ""
    if not outlet:
        outlet = _host(url)

    author = ""
    for k in _META_AUTHOR_KEYS:
        if meta.get(k) and not meta[k].startswith("http"):
            author = meta[k].strip()
            break
    if not author and info.get("author"):
        author = info["author"]
    if not author and doc is not None and getattr(doc, "author", None):
        author = str(doc.author)

    published = None
    for k in _META_DATE_KEYS:
        if meta.get(k):
            published = parse_datetime(meta[k], reference=reference, tz=tz)
            if published is not None:
                break
    if published is None:
        published = _visible_date(tree, title, reference, tz)
    if published is None and doc is not None and getattr(doc, "date", None):
        published = parse_datetime(str(doc.date), reference=reference, tz=tz)

    return from_lines(title, kept, published=published, outlet=outlet, author=author,
                      encoding=enc, clean=clean, note=note)
