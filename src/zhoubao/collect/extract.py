"""Extract title, main text, date, outlet and author from Chinese news pages (and files)."""

from __future__ import annotations

import html as htmllib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zhoubao.collect.encoding import decode_bytes
from zhoubao.text.dates import parse_datetime

__all__ = ["Extracted", "clean_lines", "extract", "extract_text_file"]

log = logging.getLogger(__name__)


@dataclass
class Extracted:
    title: str
    text: str  # main text, paragraphs separated by "\n", boilerplate removed
    published: datetime | None
    outlet: str  # site name
    author: str
    html: str  # main content as sanitized HTML (nh3), may be ""
    encoding: str
    encoding_clean: bool
    encoding_note: str
    dateline: str  # e.g. "新华社北京6月3日电" if the text opens with one (kept in text too)


def _empty(encoding: str = "utf-8", clean: bool = True, note: str = "") -> Extracted:
    return Extracted("", "", None, "", "", "", encoding, clean, note, "")


# --------------------------------------------------------------------------- line rules

# Credit lines: 来源：xx, 作者：xx, （责任编辑：xx）, 编辑：xx ... (a colon is required so that
# sentences starting with these words stay).
_CREDIT_RE = re.compile(
    r"^[\[【（(〔]?\s*(?P<key>来源|來源|稿源|消息来源|文章来源|作者|作\s*者|责任编辑|責任編輯|责编|責編|编辑|編輯|"
    r"校对|校對|审核|審核|审校|審校|签发|簽發|监制|監製|值班编辑|终审|二审|初审|一审|三审|复审|主编|策划|"
    r"编审|美编|制作|出品人|图片来源|图片|摄影|攝影|撰文|文字|统筹|实习编辑|见习编辑|实习生|通讯员|"
    r"本文来源|原标题|原標題|记者|記者)\s*[:：]"
)
_CREDIT_BARE_RE = re.compile(
    r"^[\[【（(〔]\s*(?:责任编辑|責任編輯|责编|編輯|编辑|作者|来源|來源)\s*[:：]?\s*[^）)\]】〕]{0,30}[）)\]】〕]\s*$"
)
_SHARE_RE = re.compile(
    r"分享到|分享至|扫一扫|掃一掃|扫描二维码|掃描二維碼|微信扫|打印本页|打印本頁|关闭窗口|關閉窗口|"
    r"【字号|【字體|字号：|字號：|字体：|我要评论|我要評論|发表评论|發表評論|收藏本文|推荐给朋友|"
    r"更多精彩|点击进入|點擊進入|返回首页|返回頂部|返回顶部|^上一篇|^下一篇|^上一页|^下一页|"
    r"^首页\s*[>›»]|^当前位置|^當前位置|^您的位置|^你的位置|^现在位置|我来说两句|参与互动|"
    r"^\s*查看原图|調整字體|调整字体|字體大小|字体大小|^\s*[【\[]?\s*(?:大|中|小)\s*[】\]]?\s*$|^\s*点击查看|^\s*点击图片|责任编辑|責任編輯|^标签[:：]|^關鍵字[:：]|^关键词[:：]|^关键字[:：]|^Tags?[:：]"
)
_COPYRIGHT_RE = re.compile(
    r"版权所有|版權所有|copyright|©|ICP备|ICP證|ICP证|公网安备|公網安備|违法和不良信息|不得转载|未经授权|"
    r"未經授權|禁止转载|本网站所刊载|转载请注明|轉載請註明|免责声明|免責聲明|All Rights Reserved",
    re.IGNORECASE,
)
_RELATED_HEAD_RE = re.compile(
    r"^[\[【（(\s]*(?:相关阅读|相關閱讀|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|相关新闻|相關新聞|热门推荐|熱門推薦|"
    r"相关链接|相關鏈接|相关文章|相關文章|猜你喜欢|猜你喜歡|更多阅读|相关报道|相關報導|相关专题|热点推荐|"
    r"精彩推荐|精彩推薦|热门文章|热点新闻|最新新闻|今日推荐|编辑推荐|编辑推薦|更多新闻|更多相关|热门阅读|"
    r"相关稿件|延伸閱讀|看了本文的人还看了|网友评论|網友評論|热门评论|最新评论|更多相关的?新闻|更多相關的?新聞|"
    r"相关新闻|相关资讯|相關資訊|其他新闻|其他新聞|更多新聞|相關新聞|最新新聞|熱門新聞|热门新闻|即時新聞|即时新闻)[\]】）)\s:：>»]*"
)
_END_RE = re.compile(r"\s*[（(【\[]\s*完\s*[）)】\]]\s*$")
_DATELINE_RE = re.compile(
    r"^\s*(?P<dl>(?:[【\[（(]\s*)?"
    r"(?:(?:新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網|光明网|中国日报|中國日報|本报|本報|本刊|本网|本網|"
    r"央广网|央廣網|国际在线|經濟日報|经济日报|法治日报|财联社|財聯社|证券时报|證券時報|澎湃新闻|第一财经|界面新闻|"
    r"21世纪经济报道|每日经济新闻|中国新闻网|中國新聞網|路透社|美联社|法新社|共同社|塔斯社|彭博社|[^\s，。,]{1,12}(?:社|网|網|报|報|台))"
    r"[^\s，。,：:]{0,16}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"
    r"(?:电|電|讯|訊|消息|报道|報道|专电|專電)"
    r"|(?:本报|本報|本刊|本网|本網)(?:讯|訊)|(?:本报|本報)[^\s，。]{1,8}(?:讯|訊|电|電))"
    r"(?:\s*[（(][^）)]{0,40}[）)])?(?:\s*[】\]）)])?)"
)
# A header line of credits: "2024年04月18日 15:06 来源：xx 作者：yy" (two credits, or a date and one).
_INFO_KEYS_RE = re.compile(
    r"(来源|來源|稿源|作者|编辑|編輯|责任编辑|責任編輯|发布时间|發布時間|发布日期|時間|时间|日期|浏览次数|点击数|閱讀|阅读)\s*[:：]"
)
_INFO_DATE_RE = re.compile(r"(?:19|20)\d{2}\s*[年/\-.]\s*\d{1,2}\s*[月/\-.]\s*\d{1,2}")
_TAIL_CREDIT_RE = re.compile(
    r"\s*[（(【\[]\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|校对|审核|来源|來源|作者)\s*[:：]?\s*[^）)】\]]{1,30}[）)】\]]\s*$"
)
_SENT_PUNCT = re.compile(r"[。！？!?；;，,：:…”」』]")


def _is_boilerplate_line(line: str) -> str | None:
    """Return a reason if the line is page furniture rather than article text."""
    s = line.strip()
    if not s:
        return "empty"
    n = len(s)
    if n <= 80 and _CREDIT_RE.match(s):
        return "credit"
    if n <= 100:
        keys = _INFO_KEYS_RE.findall(s)
        if len(keys) >= 2 or (keys and _INFO_DATE_RE.search(s) and n <= 60):
            return "info"
    if _CREDIT_BARE_RE.match(s):
        return "credit"
    if n <= 60 and _SHARE_RE.search(s):
        return "share"
    if n <= 120 and _COPYRIGHT_RE.search(s):
        return "copyright"
    return None


def _credit_value(line: str, keys: tuple[str, ...]) -> str:
    m = _CREDIT_RE.match(line.strip())
    if not m or re.sub(r"\s", "", m["key"]) not in keys:
        return ""
    rest = line.strip()[m.end() :]
    rest = re.split(r"\s{2,}|[　|｜]|(?:作者|编辑|责任编辑|时间|日期|发布时间)[:：]", rest)[0]
    return rest.strip(" 　）)】]〕").strip()


_TABLE_ROW_RE = re.compile(r"^\|.*\|$")
_LIST_SEP_RE = re.compile(r"\s*(?:、|\||｜|/|·|•|\s)\s*")
_CONTACT_RE = re.compile(
    r"^(?:电话|電話|传真|傳真|邮箱|郵箱|E-?mail|地址|邮编|郵編|热线|熱線|客服)\s*[:：]", re.IGNORECASE
)
_NOTICE_HEAD_RE = re.compile(
    r"^[\[【（(]?\s*(?:声明|聲明|免责声明|免責聲明|特别声明|版权声明|版權聲明|郑重声明)\s*[:：\]】）)]?\s*$"
)
_NOTICE_RE = re.compile(
    r"凡本网注明|凡本網注明|凡注明|本网转载|本網轉載|转载稿|轉載稿|版权均属|版權均屬|均为转载|均為轉載|"
    r"不代表本网|不代表本網|本网站所刊载|本網站所刊載|如有侵权|如有侵權|联系本网|聯繫本網|與本網聯繫|与本网联系|"
    r"仅代表作者|僅代表作者|投资有风险|投資有風險|据此入市|據此入市"
)
_PROMO_RE = re.compile(
    r"(?:Facebook|facebook|微博|微信|公众号|公眾號|粉丝团|粉絲團|APP|客户端|客戶端|Line)"
    r".{0,30}(?:关注|關注|加入|按讚|点赞|點讚|專頁|专页|Like|下载|下載|订阅|訂閱|扫码|掃碼)"
    r"|(?:关注|關注|加入|下载|下載|订阅|訂閱|扫码|掃碼).{0,12}(?:Facebook|微博|微信|公众号|公眾號|粉丝团|粉絲團|客户端|客戶端)"
)
_CSS_RE = re.compile(
    r"^(?:[#.@\w\s,:>*\[\]=\"'()-]+\{|\}|[\w-]+\s*:\s*[^;{}]{0,80};|/\*.*\*/|[\w.]+\s*\(.*\)\s*;)\s*$"
)
_DATE_ONLY_RE = re.compile(
    r"^[|\s]*(?:(?:19|20)\d{2}\s*[年/\-.]\s*\d{1,2}\s*[月/\-.]\s*\d{1,2}\s*日?)?"
    r"\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*(?:am|pm|AM|PM)?)?\s*(?:星期.|周.|週.)?\s*$"
)
_SENT_END_RE = re.compile(r"[。！？!?…；;”」』）)】\]：:]$")
_CELL_SPLIT_RE = re.compile(r"\s+\|\s+|^\|\s*|\s*\|$")


def _split_table_rows(lines: list[str]) -> list[str]:
    """trafilatura renders layout tables as '| a | b |' rows: keep the cells as lines."""
    out: list[str] = []
    for line in lines:
        s = line.strip()
        if _TABLE_ROW_RE.match(s):
            cells = [c.strip() for c in _CELL_SPLIT_RE.split(s)]
            cells = [c for c in cells if c and c != "|"]
            # A data table row (several short cells) stays one line; layout cells become lines.
            if len(cells) >= 3 and all(len(c) <= 20 for c in cells) and any(ch.isdigit() for ch in s):
                out.append(" | ".join(cells))
            else:
                out.extend(cells)
        else:
            out.append(line)
    return out


def _is_word_list(s: str) -> bool:
    """A keyword cloud or link row: many short items, no sentence punctuation."""
    if re.search(r"[。！？；]", s):
        return False
    s = s.replace("\\|", "|")
    items = [x for x in _LIST_SEP_RE.split(s) if x]
    if s.count("|") + s.count("｜") >= 2 and len(items) >= 3:
        return sum(len(x) for x in items) / len(items) <= 8
    if len(items) < 6:
        return False
    avg = sum(len(x) for x in items) / len(items)
    return avg <= 6


def clean_lines(lines: list[str], anchors: set[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """Drop Chinese page furniture from extracted lines; return kept lines and found credits.

    anchors: normalised texts of the page's links; runs of short lines that are links
    (related news, menus) are dropped only when it is given.
    """
    info: dict[str, str] = {}
    lines = _split_table_rows(lines)
    seen_norm: set[str] = set()
    out: list[str] = []
    total = sum(len(x) for x in lines) or 1
    seen = 0
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        seen += len(line)
        if not line:
            i += 1
            continue
        if _RELATED_HEAD_RE.match(line) and len(line) <= 30:
            # A related-links block: at the tail we cut the rest; elsewhere we skip its short lines.
            if seen >= 0.5 * total and out:
                break
            i += 1
            while (
                i < len(lines) and len(lines[i].strip()) <= 40 and not _SENT_PUNCT.search(lines[i][-1:] or "")
            ):
                i += 1
            continue
        # "…。（编辑：陈静）" glued to a paragraph (layout tables merge cells into one line).
        line = _TAIL_CREDIT_RE.sub("", line).strip() or line
        reason = _is_boilerplate_line(line)
        if reason == "info":
            for m in re.finditer(r"(来源|來源|稿源|作者)\s*[:：]\s*([^\s　|｜]{1,30})", line):
                name = "author" if m.group(1) == "作者" else "source"
                info.setdefault(name, m.group(2))
            i += 1
            continue
        if reason == "credit":
            for key, name in (
                ("来源", "source"),
                ("來源", "source"),
                ("稿源", "source"),
                ("文章来源", "source"),
                ("本文来源", "source"),
                ("作者", "author"),
                ("撰文", "author"),
            ):
                v = _credit_value(line, (key,))
                if v and name not in info:
                    info[name] = v[:40]
            i += 1
            continue
        if reason:
            i += 1
            continue
        if _NOTICE_HEAD_RE.match(line) and seen >= 0.5 * total and out:
            break
        if _NOTICE_RE.search(line) and len(line) <= 400:
            i += 1
            continue
        if len(line) <= 120 and _PROMO_RE.search(line):
            i += 1
            continue
        if _CSS_RE.match(line) or (len(line) <= 40 and _DATE_ONLY_RE.match(line)):
            i += 1
            continue
        if len(line) <= 60 and _CONTACT_RE.match(line):
            i += 1
            continue
        if _is_word_list(line):
            i += 1
            continue
        norm = re.sub(r"\W+", "", line)
        if len(norm) >= 8 and (
            norm in seen_norm
            or any(
                len(prev) >= 30 and norm.startswith(prev) and len(norm) - len(prev) <= 30
                for prev in seen_norm
            )
        ):
            # Repeated block: layout tables often repeat the lead, sometimes with a credit appended.
            i += 1
            continue
        seen_norm.add(norm)
        out.append(line)
        i += 1
    out = _drop_link_runs(out, anchors)
    # Tail: "（完）" and trailing one-word lines left by widgets.
    while out:
        last = _END_RE.sub("", out[-1]).rstrip()
        if last != out[-1]:
            out[-1] = last
            if not last:
                out.pop()
            break
        break
    return out, info


def _is_short_item(line: str) -> bool:
    s = line.strip()
    s2 = re.sub(r"^[-•·・*]\s*", "", s)
    return len(s2) <= 40 and not _SENT_END_RE.search(s2) and not re.search(r"[。！？]", s2)


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", s)


def _is_link_line(line: str, anchors: set[str]) -> bool:
    s = _norm(re.sub(r"^\s*[-•·・*]\s*", "", line))
    if not s:
        return True
    if s in anchors:
        return True
    # Link text plus a date or a count beside it ("标题 2012-01-17", "01-17・标题").
    stripped = re.sub(r"\d+", "", s)
    return len(stripped) >= 4 and any(
        len(a) >= 4 and a in s and len(a) >= 0.6 * len(stripped)
        for a in anchors
        if abs(len(a) - len(s)) <= 20
    )


def _drop_link_runs(lines: list[str], anchors: set[str] | None) -> list[str]:
    """Drop runs of short title-like lines that are links (related news, menus), and such a tail."""
    if not lines or anchors is None:
        return lines
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        if _is_short_item(lines[i]):
            j = i
            while j < len(lines) and _is_short_item(lines[j]):
                j += 1
            links = sum(1 for x in lines[i:j] if _is_link_line(x, anchors))
            if (j - i >= 3 and links >= 0.5 * (j - i)) or (j - i == 2 and links == 2):
                for k in range(i, j):
                    keep[k] = False
            i = j
        else:
            i += 1
    out = [x for x, k in zip(lines, keep, strict=True) if k]
    # After the last real paragraph, short title-like lines are page furniture.
    long_idx = [k for k, x in enumerate(out) if len(x) > 40 or _SENT_END_RE.search(x.strip())]
    if long_idx:
        last = long_idx[-1]
        tail = out[last + 1 :]
        if len(tail) >= 2 and sum(1 for x in tail if _is_link_line(x, anchors)) >= 0.5 * len(tail):
            out = out[: last + 1]
    return out


def find_dateline(text: str) -> str:
    """The 新华社北京6月3日电（记者 张三）-style opening of a report, or ''."""
    first = text.lstrip().split("\n", 1)[0]
    m = _DATELINE_RE.match(first)
    return m.group("dl").strip() if m else ""


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
    return [p for p in _TITLE_SEP_RE.split(raw.strip()) if p.strip()]


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


# --------------------------------------------------------------------------- fallback

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


# --------------------------------------------------------------------------- html output

def _lines_html(lines: list[str]) -> str:
    import nh3

    return nh3.clean("".join(f"<p>{htmllib.escape(x)}</p>" for x in lines))


# --------------------------------------------------------------------------- main entry


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
        t = _norm("".join(a.itertext()))
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
        kept, info = clean_lines([x for x in raw.split("\n") if x.strip()], anchors)
        results.append((kept, info, doc))
    (p_lines, p_info, p_doc), (d_lines, d_info, d_doc) = results
    if _size(p_lines) >= 0.5 * _size(d_lines):
        lines, info, doc = p_lines, p_info, p_doc
    else:
        lines, info, doc = d_lines, d_info, d_doc
    meta_doc = doc if doc is not None else (d_doc or p_doc)
    fb_lines, fb_info = clean_lines(_densest_block(tree), anchors)
    if _size(lines) < 0.3 * _size(fb_lines) or _prose(fb_lines) > 2 * _prose(lines) + 50:
        return fb_lines, fb_info, meta_doc
    return lines, info, meta_doc


def extract(
    content: bytes | str,
    url: str = "",
    *,
    content_type: str | None = None,
    reference: datetime | None = None,
    tz: str = "Asia/Shanghai",
) -> Extracted:
    """Extract the article of one page; never raises, garbage gives an Extracted with empty text."""
    try:
        return _extract(content, url, content_type=content_type, reference=reference, tz=tz)
    except Exception as exc:  # pragma: no cover - last line of defence
        log.warning("extraction failed for %s: %s", url, exc)
        return _empty(note=f"extraction failed: {type(exc).__name__}")


def _extract(
    content: bytes | str, url: str, *, content_type: str | None, reference: datetime | None, tz: str
) -> Extracted:
    if isinstance(content, bytes):
        dec = decode_bytes(content, content_type)
        text_in, enc, clean, note = dec.text, dec.encoding, dec.clean, dec.note
    else:
        text_in, enc, clean, note = content or "", "unicode", True, ""
    if not text_in.strip():
        return _empty(enc, clean, note)
    tree = _parse(text_in)
    if tree is None:
        return _empty(enc, clean, note)

    meta = _meta_map(tree)
    kept, info, doc = _choose_body(text_in, tree, url)
    text = "\n".join(kept)

    title, suffix = _pick_title(tree, meta, getattr(doc, "title", "") or "")
    # A title repeated as the first line of the text is not body text.
    if kept and title and re.sub(r"\s", "", kept[0]) == re.sub(r"\s", "", title):
        kept = kept[1:]
        text = "\n".join(kept)

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

    html_out = _lines_html(kept) if kept else ""
    return Extracted(
        title=title,
        text=text,
        published=published,
        outlet=outlet,
        author=author,
        html=html_out,
        encoding=enc,
        encoding_clean=clean,
        encoding_note=note,
        dateline=find_dateline(text),
    )


# --------------------------------------------------------------------------- files


def extract_text_file(path: str | Path) -> Extracted:
    """Extract a report from a local file: .html/.htm, .txt/.md, .docx, .pdf, .eml."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        data = p.read_bytes()
    except OSError as exc:
        return _empty(note=f"unreadable: {exc}")
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return extract(data, p.resolve().as_uri())
    if suffix in (".txt", ".md", ".markdown", ".text"):
        dec = decode_bytes(data, "text/plain")
        return _from_plain(dec.text, dec.encoding, dec.clean, dec.note)
    if suffix == ".docx":
        return _from_docx(p)
    if suffix == ".pdf":
        return _from_pdf(p)
    if suffix == ".eml":
        return _from_eml(data)
    # Unknown: sniff HTML, else plain text.
    dec = decode_bytes(data)
    if re.search(r"<(html|body|p|div)\b", dec.text[:4096], re.IGNORECASE):
        return extract(data, p.resolve().as_uri())
    return _from_plain(dec.text, dec.encoding, dec.clean, dec.note)


def _from_plain(
    text: str,
    enc: str = "utf-8",
    clean: bool = True,
    note: str = "",
    published: datetime | None = None,
    author: str = "",
    outlet: str = "",
) -> Extracted:
    lines = [x.strip() for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [x for x in lines if x]
    title = re.sub(r"^#+\s*", "", lines[0]) if lines else ""
    kept, info = clean_lines(lines[1:])
    body = "\n".join(kept)
    return Extracted(
        title,
        body,
        published,
        outlet or info.get("source", ""),
        author or info.get("author", ""),
        _lines_html(kept) if kept else "",
        enc,
        clean,
        note,
        find_dateline(body),
    )


def _from_docx(p: Path) -> Extracted:
    try:
        import docx

        d = docx.Document(str(p))
    except Exception as exc:
        return _empty(note=f"unreadable docx: {type(exc).__name__}")
    paras = [(x.style.name if x.style is not None else "", x.text.strip()) for x in d.paragraphs]
    paras = [(s, t) for s, t in paras if t]
    title = ""
    for s, t in paras:
        if s.lower().startswith(("heading", "title")) or s.startswith("标题"):
            title = t
            break
    if not title and paras:
        title = paras[0][1]
    rest = [t for _, t in paras]
    if rest and rest[0] == title:
        rest = rest[1:]
    kept, info = clean_lines(rest)
    body = "\n".join(kept)
    props = d.core_properties
    published = None
    if props.created:
        published = (
            props.created if props.created.tzinfo else props.created.replace(tzinfo=_tz("Asia/Shanghai"))
        )
    return Extracted(
        title,
        body,
        published,
        info.get("source", ""),
        props.author or info.get("author", ""),
        _lines_html(kept),
        "utf-8",
        True,
        "",
        find_dateline(body),
    )


def _tz(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _from_pdf(p: Path) -> Extracted:
    try:
        import pdfplumber

        with pdfplumber.open(str(p)) as pdf:
            text = "\n".join((page.extract_text() or "") for page in pdf.pages)
    except Exception as exc:
        return _empty(note=f"unreadable pdf: {type(exc).__name__}")
    return _from_plain(text)


def _from_eml(data: bytes) -> Extracted:
    import email
    from email import policy
    from email.utils import parseaddr

    try:
        msg = email.message_from_bytes(data, policy=policy.default)
    except Exception as exc:
        return _empty(note=f"unreadable eml: {type(exc).__name__}")
    subject = str(msg.get("Subject", "") or "")
    published = parse_datetime(str(msg.get("Date", "") or ""))
    name, addr = parseaddr(str(msg.get("From", "") or ""))
    author = name or addr
    plain = htmlpart = None
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = b""
        dec = decode_bytes(payload, part.get("Content-Type"))
        if ctype == "text/plain" and plain is None:
            plain = dec
        elif ctype == "text/html" and htmlpart is None:
            htmlpart = (payload, part.get("Content-Type"))
    if plain is not None and plain.text.strip():
        lines = [x.strip() for x in plain.text.splitlines() if x.strip()]
        kept, _ = clean_lines(lines)
        body = "\n".join(kept)
        return Extracted(
            subject,
            body,
            published,
            "",
            author,
            _lines_html(kept),
            plain.encoding,
            plain.clean,
            plain.note,
            find_dateline(body),
        )
    if htmlpart is not None:
        ex = extract(htmlpart[0], content_type=htmlpart[1])
        ex.title = subject or ex.title
        ex.published = published or ex.published
        ex.author = author or ex.author
        return ex
    return Extracted(subject, "", published, "", author, "", "utf-8", True, "", "")
