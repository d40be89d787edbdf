"""Boilerplate: which lines of a page or a report are furniture (credits, bylines, share bars, breadcrumbs, （完）).

Pure text, no I/O. One stripper, two passes:

- strip_page(lines, anchors) — at extraction, on the lines a page or file yields: credits (来源/作者/责任编辑 …,
  whose values are kept), share and print bars, copyright and notices, related-news blocks and link runs,
  contact lines, keyword clouds, repeated blocks, a closing （完）.
- strip_report(paragraphs) — at normalization, on every report's text whatever its door (a page, a feed's
  summary, pasted text): a leading breadcrumb (strip_breadcrumb), credit and byline lines, share bars, a closing （完）.

find_dateline reads the 新华社北京6月3日电-style opening of a report (it stays in the text).
"""

from __future__ import annotations

import re

from zhoubao.text.cjk import HAN

__all__ = ["WIRE", "anchor_key", "find_dateline", "is_bar_byline", "strip_breadcrumb", "strip_page", "strip_report"]


# An English wire's or release's dateline: "BEIJING, Oct 9 (Reuters) -", "GUANGZHOU, China, March 3, 2026 /PRNewswire/
# --", "SHANGHAI, China, May 8, 2026 (GLOBE NEWSWIRE) --", "SINGAPORE, July 14, 2026 —" (a pattern: the drafter strips it, the damage
# check finds it, dedupe reads an English release past it).
WIRE = (r"(?:(?:\b[A-Z][A-Za-z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}){0,2},?\s*)?"
        r"(?:\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?"
        r"(?:\((?:Reuters|Bloomberg|AP|AFP|Xinhua|Dow Jones|(?i:business\s*wire|globe\s*newswire|pr\s*newswire))\)"
        r"|/\s*(?:(?i:pr\s*newswire)(?:-[A-Za-z]+)?|Xinhua|(?i:globe\s*newswire|business\s*wire))\s*/)\s*[-–—]+"
        # A release's own: a city in capitals and the full date, or the full date alone, then a dash ("SINGAPORE,
        # July 14, 2026 —", "Sept. 10, 2026--").
        r"|(?:\b[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}){0,2},\s*|^\s*)[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4}\s*[-–—]+"
        # A release's banner with its date ("For Immediate Release: May 20, 2026"), a line of its own.
        r"|(?i:for\s+immediate\s+release)\s*[:：]?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4})?"
        # A European release: the city as written and the day first ("Frankfurt am Main, 23 April 2026 --").
        r"|(?:\b[A-Z][A-Za-z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}){0,2},\s*|^\s*)\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}"
        r"\s*[-–—]+)")


# --------------------------------------------------------------------------- rules of the page pass

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
# What a site name glued on with a bare hyphen ends with ("…-新华网", "…-IT之家", "…-xxx.com"). A bare hyphen
# before anything else is part of the headline's words (二维-硅基, RISC-V, 2025-2026).
_SITE_TAIL_RE = re.compile(
    r"^[^-\s]{0,12}(?:网|報|报|社|台|新闻|新聞|频道|頻道|客户端|在线|官网|资讯|头条|之家|财经|日报|晚报|周刊|号)$"
    r"|^[A-Za-z0-9.]+\.(?:com|cn|net|org)$"
    # …or a channel of the site ("李强在江苏调研-时政").
    r"|^(?:时政|時政|国内|國內|国际|國際|社会|社會|要闻|要聞|滚动|滾動|产经|產經|科技|娱乐|娛樂|体育|體育|观点|觀點|评论|評論"
    r"|经济|經濟|军事|軍事|文化|教育|健康|汽车|汽車|房产|房產|图片|圖片|视频|視頻)$"
)


def site_tail(tail: str) -> bool:
    """Whether text after a bare hyphen at a headline's end reads as a site name, not the headline's own words."""
    return bool(_SITE_TAIL_RE.match(tail.strip()))


_END_RE = re.compile(r"\s*[（(【\[]\s*完\s*[）)】\]]\s*$")
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


# --------------------------------------------------------------------------- the page pass


def strip_page(lines: list[str], anchors: set[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """Drop Chinese page furniture from extracted lines; return kept lines and found credits.

    anchors: the page's link texts, each through anchor_key(); runs of short lines that are links
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


def anchor_key(text: str) -> str:
    """A link's text as strip_page compares it with lines: letters, digits and ideographs only."""
    return re.sub(r"[\W_]+", "", text)


def _is_link_line(line: str, anchors: set[str]) -> bool:
    s = anchor_key(re.sub(r"^\s*[-•·・*]\s*", "", line))
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




# --------------------------------------------------------------------------- the report pass

# Credit lines of a report: 来源：xx, （责任编辑：xx）, 原标题：xx … a colon and no sentence end.
_REPORT_CREDIT_RE = re.compile(
    r"^\s*[（(【\[]?\s*(来源|稿源|作者|记者|责任编辑|责编|编辑|校对|审核|审校|监制|出品|原标题|文章来源|图片来源|本文来源)"
    r"\s*[:：]\s*[^。！？]{0,60}[)）】\]]?\s*$"
)
# Bylines alone on a line: "澎湃新闻记者 俞凯", "界面新闻 | 界面新闻记者 | 李彪", "文｜邓咏仪", "编辑｜苏建勋".
_REPORT_BYLINE_RE = re.compile(
    rf"^\s*(?:[{HAN}A-Za-z0-9]{{0,10}}(?:记者|通讯员|实习生|编辑|作者|撰文|文|图|出品)\s*[｜|丨/：:]?\s*"
    rf"[{HAN}·A-Za-z]{{1,5}}(?:\s+[{HAN}·]{{2,4}}){{0,3}}"
    r"|[^。，！？：]{1,12}(?:\s*[｜|丨]\s*[^。，！？]{1,12}){1,3})\s*$"
)
_REPORT_END_RE = re.compile(r"\s*[（(]\s*完\s*[)）]\s*$")
_REPORT_SHARE_RE = re.compile(
    r"^\s*(分享到|扫一扫|扫码|点击进入|相关阅读|相关新闻|推荐阅读|延伸阅读|热门推荐|上一篇|下一篇|【纠错】|打印本页|关闭窗口)"
)


_CRUMB_LEAD_RE = re.compile(r"^\s*(?:当前位置|您的位置|你的位置|所在位置)\s*[:：]\s*")
_CRUMB_RUN_RE = re.compile(rf"(?:[{HAN}A-Za-z0-9]{{1,10}}\s*(?:/|>|»|＞|›)\s*)+")
_NAV_WORD = r"(?:首页|主页|新闻|中心|动态|资讯|要闻|公告|通知|正文|详情|列表|频道|专题|栏目|快讯|报道|文章|行业|媒体)"
_CRUMB_LAST_RE = re.compile(rf"^(?:\S{{1,10}}(?:\s+|$)|[{HAN}A-Za-z0-9]{{0,6}}{_NAV_WORD}(?=\S))")


def strip_breadcrumb(line: str) -> str:
    """A line without the page's navigation run at its start ("首页 > 新闻中心 > 正文", "新闻中心 / 公司新闻爱奇艺…",
    "当前位置：首页 > …"); "" when the line was nothing else. Slashes in the news ("4K / 8K") stay."""
    lead = _CRUMB_LEAD_RE.match(line)
    rest = line[lead.end():] if lead else line.lstrip()
    run = _CRUMB_RUN_RE.match(rest)
    if not run:
        return rest.strip() if lead else line
    segments = [x for x in re.split(r"\s*(?:/|>|»|＞|›)\s*", run.group(0)) if x]
    crumb = (lead is not None or "首页" in segments or bool(re.search(r"[>»＞›]", run.group(0)))
             or any(re.search(_NAV_WORD + "$", x) for x in segments))
    if not crumb or not all(re.search(f"[{HAN}]", x) for x in segments):
        return line
    tail = rest[run.end():]
    last = _CRUMB_LAST_RE.match(tail)
    return tail[last.end():].strip() if last else tail.strip()


def strip_report(paragraphs: list[str]) -> list[str]:
    """Drop a leading breadcrumb, 来源/责任编辑/分享 lines and a closing （完）; keep everything that may be news."""
    out: list[str] = []
    for i, para in enumerate(paragraphs):
        p = para.strip()
        if not out and i < 3:
            p = strip_breadcrumb(p)  # the page's navigation, read in as the text's first words
        if (
            not p
            or _REPORT_CREDIT_RE.match(p)
            or _REPORT_SHARE_RE.match(p)
            or (len(p) <= 30 and _REPORT_BYLINE_RE.match(p))
        ):
            continue
        p = _REPORT_END_RE.sub("", p).strip()
        if p:
            out.append(p)
    return out


def is_bar_byline(line: str) -> bool:
    """A short line with a bar and no sentence in it: a byline ("界面新闻记者 | 李彪", "文｜王毓婵") or a label."""
    return len(line) <= 30 and bool(re.search(r"[|｜]", line)) and not re.search(r"[。，]", line)


# --------------------------------------------------------------------------- datelines

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


def find_dateline(text: str) -> str:
    """The 新华社北京6月3日电（记者 张三）-style opening of a report, or ''."""
    first = text.lstrip().split("\n", 1)[0]
    m = _DATELINE_RE.match(first)
    return m.group("dl").strip() if m else ""
