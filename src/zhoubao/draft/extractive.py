"""Extractive drafting: a house-style title from the headline, a paragraph from the lead sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from zhoubao.text.normalize import sentences

# Outlet flavour around headlines: 【独家】, 快讯｜, 重磅！, and site-name suffixes.
_PREFIX = re.compile(r"^\s*(【[^】]{1,12}】|\[[^\]]{1,12}\]|(快讯|独家|重磅|突发|最新|官宣|速看)\s*[｜|丨:：!！]\s*)+")
_SUFFIX = re.compile(r"\s*([_｜|丨]|\s-\s|——)\s*[^_｜|丨]{1,20}$")
_FINAL_PUNCT = re.compile(r"[。！？!?；;，,、.\s]+$")
# 新华社北京6月3日电（记者 张三） / 中新网6月3日电 / 本报讯（记者 …） at the head of a first paragraph.
_DATELINE = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{1,10}(?:社|网|报|台|电视台)[\u4e00-\u9fff]{0,8}?\d{1,2}月\d{1,2}日(?:电|讯)|本报讯|本报[\u4e00-\u9fff]{0,6}电)"
    r"\s*(?:[（(][^）)]{0,40}[）)])?\s*[：:，,]?\s*"
)
# Openings that already say when or where from.
_LEAD = re.compile(
    r"^(\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日|近日|日前|当地时间|据[^，,]{1,30}(消息|报道|发布)|有消息称|"
    r"今年|本周|上周|昨日|今日|\d{1,2}日)"
)


@dataclass(frozen=True)
class Draft:
    title: str
    paragraphs: list[str]


def clean_title(headline: str, outlet: str = "") -> str:
    """Headline in house form: no outlet flavour, no site suffix, no final punctuation."""
    t = " ".join(headline.split())
    t = _PREFIX.sub("", t)
    if outlet and t.endswith(outlet):
        t = t[: -len(outlet)]
    for _ in range(2):
        m = _SUFFIX.search(t)
        # Only strip a suffix that is short relative to the title (a site name, not half the headline).
        if m and len(t) - len(m.group(0)) >= 8:
            t = t[: m.start()]
    t = t.strip(" 　-_|｜")
    return _FINAL_PUNCT.sub("", t)


def strip_dateline(paragraph: str) -> str:
    return _DATELINE.sub("", paragraph, count=1).strip()


def lead_date(published: datetime | None, tz: str = "Asia/Shanghai") -> str:
    if published is None:
        return "近日"
    local = published.astimezone(ZoneInfo(tz))
    return f"{local.month}月{local.day}日"


def draft_paragraph(text: str, published: datetime | None, *, tz: str = "Asia/Shanghai",
                    max_sentences: int = 3, max_chars: int = 180) -> str:
    """The first sentences that carry the news, opened with the when/where-from lead."""
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    if not paras:
        return ""
    first = strip_dateline(paras[0])
    chosen: list[str] = []
    for sent in sentences(first) + [s for p in paras[1:2] for s in sentences(p)]:
        if chosen and (len(chosen) >= max_sentences or len("".join(chosen)) + len(sent) > max_chars):
            break
        chosen.append(sent)
    body = "".join(chosen)
    if not body:
        return ""
    if not _LEAD.match(body):
        body = f"{lead_date(published, tz)}，{body}"
    if body[-1] not in "。！？”":
        body += "。"
    return body


def draft(headline: str, text: str, published: datetime | None, *, outlet: str = "",
          tz: str = "Asia/Shanghai") -> Draft:
    para = draft_paragraph(text, published, tz=tz)
    return Draft(clean_title(headline, outlet), [para] if para else [])
