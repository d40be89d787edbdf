"""Extractive drafting: a house-style title chosen among the story's headlines, a paragraph from the best lead."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from zhoubao.draft.appointment import appointment_title
from zhoubao.draft.bare import article_named, meeting_named
from zhoubao.draft.damage import (
    BRACKET_LABEL,
    EDITOR_CREDIT,
    LEARNED_LABEL,
    NO_NEWS,
    OUTLET_BYLINE,
    OUTLET_NEWS,
    OUTLET_XUN,
    PORTAL_HEADER,
    RELEASE_DATELINE,
)
from zhoubao.draft.faithful import (
    cut_allowed,
    drop_purpose,
    drop_relative,
    month_of_bare_day,
    month_of_day,
    outside_pairs,
    resolve_next_year,
    resolve_relative,
    said_day,
    uncut,
    weekday_lead,
)
from zhoubao.draft.figures import figures_title, period_without_year
from zhoubao.draft.house import HouseStyle, office_title
from zhoubao.text.boilerplate import WIRE, site_tail
from zhoubao.text.cjk import HAN, HAN_CHAR
from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon, default_lexicon
from zhoubao.text.normalize import sentences

# Outlet flavour around headlines: 【独家】, 快讯｜, 重磅！, and site-name suffixes.
_PREFIX = re.compile(
    rf"^\s*(【[^】]{{1,12}}】|\[[^\]]{{1,12}}\]|[{HAN}A-Za-z0-9]{{0,6}}(快讯|独家|重磅|突发|最新|官宣|速看|刚刚)\s*[｜|丨:：!！，,]\s*)+"
)
_SUFFIX = re.compile(r"\s*([_｜|丨]|\s-\s|-{1,2}|——)\s*[^_｜|丨\s]{1,20}$")
_FINAL_PUNCT = re.compile(r"[。！？!?；;，,、.\s]+$")
# 新华社北京6月3日电（记者 张三） / 中新网6月3日电 / 本报讯（记者 …） / IT之家 9 月 17 日消息， / 证券时报e公司讯，
_DATELINE = re.compile(
    rf"^\s*(?:[{HAN}A-Za-z]{{1,12}}?(?:社|网|报|台|电视台)[{HAN}]{{0,8}}?\d{{1,2}}月\d{{1,2}}日(?:电|讯)"
    rf"|本报讯|本报[{HAN}]{{0,6}}电"
    # An outlet's label before a bar ("格隆汇丨据港交所文件…", "格隆汇10月20日丨宁德时代…").
    rf"|[{HAN}A-Za-z0-9]{{2,8}}?(?:\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日)?\s?[丨｜|](?=\S)"
    # A portal's channel dateline run into the text once spaces are gone ("新浪娱乐讯由…主演的").
    rf"|(?:新浪|腾讯|网易|搜狐|凤凰|中新|澎湃|界面|红星|极目)[{HAN}]{{0,4}}?(?:网)?讯(?!息|号)"
    rf"|[{HAN}A-Za-z0-9]{{2,12}}?(?:讯|网消息|新闻消息|客户端消息)(?=[\s，,：:（(])"
    # Any outlet's 讯 right before the report's date ("交汇点讯7月18日，…" once spaces are gone).
    rf"|[{HAN}A-Za-z0-9]{{2,12}}?讯(?=\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日)"
    # An outlet's 讯 glued to the text once spaces are gone ("新京报讯6月1日起…", "光明网讯纪录片…").
    rf"|[{HAN}A-Za-z0-9]{{0,10}}?(?:报|网|社|台|闻|娱乐|财经|科技)讯(?![息号])"
    # A dateline or byline in brackets ("（中央社旧金山综合外电报导）", "（记者 张三）") and "本报记者李四报道，".
    rf"|[（(][^（）()]{{2,30}}?(?:报道|报导|电|讯|消息)[）)]"
    r"|[（(]\s*(?:本报|本台|本网)?(?:特约)?(?:记者|通讯员|实习生)[^（）()]{0,40}[）)]"
    rf"|{OUTLET_BYLINE}"
    # A credit run into the text on its line: "中青报·中青网记者 李桂杰 6月11日，…", "每经记者 许敏 每经编辑 魏文艺 …",
    # "记者 黄慧诗3月2日，…" — the name ends at a space or a date (else its end cannot be told from the news); a
    # credit with no name ("中国旅游报记者　文化和旅游部日前公布…") ends at its space.
    rf"|[{HAN}A-Za-z0-9·+]{{0,14}}[\s\u3000]*记者[\s\u3000]+(?:[{HAN}·]{{2,4}}(?:[\s\u3000]+[{HAN}·]{{2,4}})*"
    r"(?=[\s\u3000]|\d{1,2}月|$))?"
    # …or with no space after 记者, its name ends where the date begins ("记者黄莉玲 3月26日，…").
    rf"|[{HAN}A-Za-z·+]{{0,14}}?记者[{HAN}·]{{2,4}}(?=[\s\u3000]*\d{{1,2}}月)"
    # A portal's bracketed header; an English wire's dateline.
    rf"|{PORTAL_HEADER}|{WIRE}"
    rf"|《?[{HAN}A-Za-z0-9]{{2,12}}?》?\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日(?:[上下早午晚]+间?)?(?:电|讯|消息)"
    # A release's Chinese dateline ("新加坡，2025年12月6日——", "2026年11月12日，香港 —"), a blog's English byline.
    rf"|{RELEASE_DATELINE})"
    r"\s*(?:[（(][^）)]{0,40}[）)])?\s*(?:[（(]新闻联播[）)])?\s*[：:，,]?\s*"
)
_PREAMBLE = re.compile(r"^(?:北京时间\d{1,2}月\d{1,2}日[上下早午晚]*间?消息|据(?:媒体|外媒|相关)?报道|综合(?:外媒|媒体|多家媒体)?报道"
                       # "36氪获悉，", "界面新闻独家获悉，", "北京青年报记者昨天获悉，", "记者从国家医保局获悉，": an
                       # outlet's label, not news (a company's own "公司获悉" is its announcement's voice, kept).
                       r"|(?!据|公司|本公司)(?:【[^】]{1,6}】)?" + LEARNED_LABEL + r")[，,：:]\s*")
# "记者从国家医保局获悉，": the body it came from is kept in the house's words ("据国家医保局消息，"); from a person or
# a meeting ("从知情人士处", "从会上") the label just goes (_PREAMBLE).
_FROM_BODY = re.compile(r"^(?:[^，。；：,;:\n从]{0,14}?记者)?(?:\d{1,2}月?\d{1,2}日|今天|今日|昨天|昨日|近日|日前)?"
                        r"从([^，。；：,;:\n]{2,20}?)获悉[，,：:]\s*")
# Not a body's own "国铁集团发布消息，…": that is its news.
_OUTLET_NEWS = re.compile(rf"^(?!据|\d)([{HAN}A-Za-z0-9]{{2,8}}?){OUTLET_NEWS}[，,]\s*")
_NOT_A_BODY = re.compile(r"(处|上|发布会|大会|会议|现场|人士)$")


def _from_body(m: re.Match[str]) -> str:
    # The house leads with the day when the report says it next ("记者从…获悉，10月13日，…" → "10月13日，…").
    dated = re.match(r"\d{1,2}月\d{1,2}日", m.string[m.end():])
    return "" if dated or _NOT_A_BODY.search(m.group(1)) else f"据{m.group(1)}消息，"
# "6月5日下午消息，": a wire's dateline, not the house's lead (the paragraph's own lead says the day).
_DATED_PREAMBLE = re.compile(r"^\d{1,2}月\d{1,2}日(?:[上下中]午|早间|午间|晚间|傍晚|凌晨|晚上|早上)?消息[，,：:]\s*")
# Openings that already say when or where from.
_LEAD = re.compile(
    r"^(\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日|近日|日前|当地时间|据[^，,]{1,30}(消息|报道|发布|数据|显示)|有消息称|"
    r"今年|本周|上周|昨日|今日|昨天|今天|昨晚|今晚|\d{1,2}日)"
)
# "国家广播电视总局6月3日发布…" / "…18日在南宁开幕": the date moved to the front in house form.
_INNER_DATE = re.compile(
    # Brackets in the subject stay whole ("总局（NRTA）6月3日…"); a date in brackets is never moved out of them.
    r"^((?:[^，。：；“”《》（）()\d]|（[^（）\d]{1,12}）|\([^()\d]{1,12}\)|《[^《》]{1,20}》){2,24}?)(?:于)?((?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日|今日|今天|今晚|当日|昨日|昨天|昨晚)(?![电讯起至止前后到])"
    # A time of day goes with the date; the 上 of 上线 does not ("即梦AI今日上线…").
    r"(?:[上下中]午|早间|午间|晚间|傍晚|凌晨|晚上|早上|晚(?![会宴]))?"
    # …and so does a clock ("《长河落日》今晚20:00在爱奇艺开播": the house gives the day, not the hour).
    r"(?:\s*\d{1,2}[:：]\d{2})?[，,]?"
)
_NOTICE = re.compile(r"^(.{2,24}?)关于(.{4,60}?)的(?:通知|公告|通告|意见|决定|批复|函)$")
_CLICKBAIT = re.compile(r"[？?！!…]|如何|怎么|为何|为什么|谁|凭什么|意味着|能否|还能|吗$|了$|盘点|复盘|观察|解读|实测|刚刚|独家")
# A leader's or body's activity and what was said there, a space apart ("…考察时强调 畅通…", "…会议指出 要…").
_SAID_HEAD = re.compile(rf"^([{HAN}A-Za-z0-9“”《》、]{{4,30}}?)时?(?:强调|指出|表示|要求)\s+([{HAN}“《].{{3,}})$")
# A company's legal name as an announcement's subject: "顺丰控股股份有限公司：".
_LEGAL_NAME = re.compile(rf"^([{HAN}A-Za-z]{{2,14}}?)((?:集团)?(?:股份有限公司|有限责任公司|有限公司))[：:]")
# Commentary in what is left of a headline once cleaned ("…，AI成为新故事", "…做对了什么").
_COMMENT = re.compile(r"背后|做对了|不只是|新故事|藏着|想做|时刻|天花板|读懂|看懂|一文|揭秘|真相|启示")
# A sentence of an outlet's or analysts' view, not of the news ("值得注意的是，…", "业内人士认为，…"): the weekly
# carries facts, so a lead's second sentence is never one of these (over the labelled weeks: 0 of 7 in the
# editors' paragraphs).
_VIEW = re.compile(r"^(?:值得注意的是|值得一提的是|业内人士|分析人士|业内认为|分析认为|有观点认为|有分析称|在业内看来|在.{2,8}看来"
                   r"|[^，。]{2,12}(?:研究院|研究中心|分析师|智库)(?:认为|指出)[，,])")
# A column label before a bar ("定档11.20｜…", "云合日榜｜…"): not part of the news.
_LABEL = re.compile(r"^([^｜|丨\s]{2,8})\s*[｜|丨]\s*(?=\S{6,})")
# A clock time opening a headline ("今晚19:30，…"): the paragraph's lead carries the when.
# A listed company's stock code after its name ("安踏体育(02020)：…", "哔哩哔哩（09626.HK）"): no editor prints it. Not a
# year ("报告（2025）"), an abbreviation ("（LPL）") or a version.
STOCK_CODE = re.compile(r"(?<=[^\s《“（(])\s*[（(](?:(?:SH|SZ|HK|sh|sz|hk)\.?\d{4,6}|\d{5,6}(?:\.[A-Za-z]{2})?"
                        r"|(?!19|20)\d{4}(?:\.[A-Za-z]{2})?|\d{4}\.[A-Za-z]{2}"
                        r"|(?:NYSE|NASDAQ|Nasdaq|HKEX|SEHK)\s*[:：]\s*[A-Z0-9.]{1,8}(?:\s*[;；,，]\s*[A-Za-z]+\s*[:：]\s*[A-Z0-9.]{1,8})*)[）)]")
_CLOCK = re.compile(r"^(?:今晚|今日|今天|明晚|本周[一二三四五六日])?\d{1,2}[:：]\d{2}[，,\s]+|^(?:今晚|今日|今天)[，,]\s*")


@dataclass(frozen=True)
class Draft:
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Source:
    """One report of a story as drafting sees it (text already normalized)."""

    title: str
    text: str
    published: datetime | None
    outlet: str = ""
    authority: float = 0.5
    kind: str = ""  # the outlet's kind (regulator, ministry, association, research, media …), when known


# The kinds of outlet whose page is the body's own: its figures are its own release.
_OWN_PAGE = ("regulator", "ministry", "association", "research")


def clean_title(headline: str, outlet: str = "") -> str:
    """Headline in house form: no outlet flavour, no site suffix, no final punctuation."""
    t = " ".join(headline.split())
    t = t.strip("【】[] ") if t.startswith("【") and t.endswith("】") else t
    t = _PREFIX.sub("", t)
    if outlet and t.endswith(outlet):
        t = t[: -len(outlet)].rstrip(" 　-_|｜丨")  # "…会议_滚动新闻_中国政府网": the channel's name is next
    for _ in range(2):
        m = _SUFFIX.search(t)
        if not m:
            break
        # Only strip a suffix that is short relative to the title (a site name, not half the headline); a short
        # headline keeps its tail unless the tail is a site's or channel's name ("李强在江苏调研-时政").
        # A bare hyphen (no space before it) cuts only before a site name: 二维-硅基 and RISC-V are words; a double
        # one ("…重要文章--时政") joins no words.
        kept, site = len(t) - len(m.group(0)), site_tail(t[m.end(1):])
        if (kept >= 8 or (kept >= 4 and site)) and not re.search(r"\d$", m.group(0)) and cut_allowed(t, m.start()) \
                and not _open_after(t[m.start():]) and not (m.group(1) == "-" and not site):
            t = t[: m.start()]
    t = t.strip(" 　-_|｜丨")  # a bar whose site name was left off ("…属实丨") goes too
    return _FINAL_PUNCT.sub("", t)


def _open_after(tail: str) -> bool:
    """Whether a tail closes a pair it does not open ("…（2025-2026）": its "-2026）" is no site name)."""
    return bool(re.search(r"[”》）」』】)]", tail)) and not re.search(r"[“《（「『【(]", tail)


# A body's name by its ending ("市场监管总局办公厅", "教育部办公厅", "国家卫生健康委"): the names a joint notice lists.
_BODY_NAME = re.compile(rf"[{HAN}]{{2,16}}(?:办公厅|办公室|部|局|委|署|院|委员会|总局|总署)")


def house_title(title: str, lexicon: Lexicon | None = None, *, relative: bool = False) -> str:
    """A headline rewritten in house form: "X关于Y的通知" → "X：Y"; a second clause after a space dropped; a column
    label before a bar dropped ("艾媒咨询｜…" becomes "艾媒咨询：…", the organisation being the subject); dates
    relative to the report dropped unless `relative` (headlines are compared as written, then the chosen one loses
    them)."""
    t = STOCK_CODE.sub("", _CLOCK.sub("", title))
    if not relative:
        t = drop_relative(t)  # "《X》今晚开播" goes out days later: "《X》开播"
    label = _LABEL.match(t)
    if label:
        lex = lexicon or default_lexicon()
        # Only a label that is itself a name is the subject ("艾媒咨询｜…"); "骨朵热度｜…" is a column.
        named = lex.knows(label.group(1)) and lex.first(label.group(1), ORGANISATIONS)
        rest = t[label.end():]
        t = f"{label.group(1)}：{rest}" if named and "：" not in rest else rest
    numbered = _NUMBERED.match(t)
    if numbered:
        t = numbered.group(1) + numbered.group(2)  # "商务部公告2026年第18号 关于…的公告": its issuer and what it says
    m = _NOTICE.match(t)
    if m:
        t = f"{m.group(1).rstrip('：:')}：{m.group(2)}"
    said = _SAID_HEAD.match(t)
    if said and cut_allowed(t, said.end(1)):
        # "李强在浙江考察时强调 畅通国内国际物流循环": what was stressed is the news — "李强在浙江考察：畅通…".
        t = f"{said.group(1)}：{said.group(2)}"
    legal = _LEGAL_NAME.match(t)
    if legal:
        # "顺丰控股股份有限公司：拟发行…" (a listed company's announcement): the name the lexicon gives the company.
        lex = lexicon or default_lexicon()
        kinds = (*ORGANISATIONS, "platforms")
        found = lex.find(legal.group(1) + legal.group(2), kinds) or lex.find(legal.group(1), kinds)
        if found:
            t = f"{found[0]}：{t[legal.end():]}"
    head, comma, tail = t.partition("，")
    if comma and len(head) >= 8 and re.search(r"[：:“'‘\"]", tail) and cut_allowed(t, len(head)):
        t = head  # "快手发布可灵2.0，刘文涛：AI视频…" — the news, not the quote after it
    # Bodies of a joint notice are listed with spaces ("市场监管总局办公厅 教育部办公厅关于…的通知"): in the subject
    # before the colon a space parts two names, not two clauses.
    subject, colon, event = t.partition("：")
    names = subject.split()
    if colon and len(names) > 1 and all(_BODY_NAME.fullmatch(n) for n in names):
        t = "、".join(names) + colon + event
    # A second clause after a space goes; a space inside quotes, a work's title or a number is no clause end.
    space = next((m for m in re.finditer(rf"(?<=[{HAN}》”）])\s+(?=[{HAN}“《\d])", t) if cut_allowed(t, m.start())),
                 None)
    if space and space.start() >= 8:
        t = t[: space.start()]
    return _FINAL_PUNCT.sub("", t.replace(" ", "") if re.search(rf"[{HAN}] [{HAN}]", t) else t)


_OPENING_DATE = re.compile(r"^\d{1,2}月\d{1,2}日[，,]\s*")
_ZONE_END = re.compile(r"(?:当地时间|北京时间|美东时间|美西时间|美国东部时间|美国西部时间|太平洋时间|欧洲中部时间)$")
# An outlet's label at a text's start: "【亿邦原创】", "【环球网报道】", "国际在线报道：", "亿邦动力讯QuestMobile…" (not 据…报道,
# and not a 讯 that ends a word: 资讯, 视讯, 通讯, 腾讯 …).
_TEXT_LABEL = re.compile(rf"^(?:{BRACKET_LABEL}|(?!据)[{HAN}A-Za-z0-9]{{2,12}}?报道(?:[：:，,]|\s+)"
                         rf"|[{HAN}A-Za-z]{{2,8}}{OUTLET_XUN})\s*")


def strip_dateline(paragraph: str) -> str:
    p = paragraph
    # Twice: a byline may stand before the dateline ("（记者 张三）央广网北京6月1日消息").
    for _ in range(2):
        p = _DATELINE.sub("", p, count=1).strip()
        p = _TEXT_LABEL.sub("", p, count=1)
        # A label may follow the report's own date ("11月18日，记者从国家电网获悉，…"): the date stays.
        day = _OPENING_DATE.match(p)
        head, rest = (p[: day.end()], p[day.end():]) if day else ("", p)
        rest = _FROM_BODY.sub(_from_body, rest, count=1)
        p = head + _PREAMBLE.sub("", rest, count=1).strip()
    # "投资界消息，生数科技宣布…": the outlet's own label, as 36氪获悉 is (a body's would read 据…消息).
    return _OUTLET_NEWS.sub("", p, count=1)


def lead_date(published: datetime | None, tz: str) -> str:
    if published is None:
        return "近日"
    local = published.astimezone(ZoneInfo(tz))
    return f"{local.month}月{local.day}日"


_TO_COME = ("将", "拟", "计划", "预计", "定", "定档", "延期", "推迟", "提前")


def _dated(head: str) -> bool:
    """Whether an opening says its day, for choosing the lead. A subject with a work's title in it is not read here
    (the day after 《…》 is as often a schedule's — "《海岛合伙人》今日官宣定档7月12日" — and reading it moved
    leads to no gain over the 41 labelled weeks: paragraph ROUGE-L 0.7462 → 0.7465)."""
    m = _INNER_DATE.match(head)
    return bool(_LEAD.match(head) or (m and "《" not in m.group(1)))


def _front_date(sentence: str, published: datetime | None, tz: str) -> str:
    """Move a date inside the first clause to the front: "总局6月3日发布…" → "6月3日，总局发布…"."""
    m = _INNER_DATE.match(sentence)
    if not m or re.search(r"[年月]$", m.group(1)):
        return ""
    when = m.group(2)
    year = re.match(r"(\d{4})年", when)
    if year:
        # "公司于2026年7月17日召开…": the year goes when it is the report's own (the house writes "7月17日，").
        if published is None or int(year.group(1)) != published.astimezone(ZoneInfo(tz)).year:
            return ""
        when = when[year.end():]
    if not when[0].isdigit():
        if published is None:
            return ""
        when = lead_date(published - timedelta(days=1) if when.startswith("昨") else published, tz)
    elif "月" not in when:
        if published is None:
            return ""
        day = int(when[:-1])
        when = f"{month_of_day(day, published, tz)}月{day}日"
    rest = sentence[m.end() :]
    subject = m.group(1).rstrip()
    if subject.endswith(_TO_COME):
        return ""  # "海南航空将于3月28日恢复…": a day to come, not the day of the news
    zone = _ZONE_END.search(subject)
    if zone:
        # "YouTube当地时间21日宣布": the date keeps its zone ("当地时间10月21日，YouTube宣布"), never orphaned; a foreign
        # clock ("美东时间") is the house's 当地时间, Beijing's is no zone at all ("北京时间9月8日，咪咕…" → "9月8日，咪咕…").
        left = subject[: zone.start()].rstrip()
        if zone.group(0) == "北京时间":
            return f"{when}，{left}{rest}"
        return f"当地时间{when}，{left}{rest}"
    return f"{when}，{m.group(1)}{rest}"


_INNER_VAGUE = re.compile(r"(?<=[，,])(近日|日前|近期)[，,]")
# 近日 after the subject, in the first clause: "声阅科技近日完成…".
_VAGUE_IN_SUBJECT = re.compile(r"^([^，。：；“”《》\d]{2,24}?)(?:近日|日前|近期)(?=[^，。；\d]{2})")
# A company's name for itself at a sentence's start: 公司, 本公司 (not 公司法, 公司债).
_SELF_NAME = re.compile(r"^(?:本公司|公司)(?=[于在将拟已近董与\d])")


def _whole_sentences(pieces: list[str]) -> list[str]:
    out: list[str] = []
    carry = ""
    for piece in pieces:
        carry += piece
        if not carry.rstrip("”’」』）)").endswith(("；", ";")):
            out.append(carry)
            carry = ""
    if carry:
        out.append(carry)
    return out


# A lead that opens on a period, not a subject ("1—4月，通信行业…", "上半年，…"): statistics releases.
_PERIOD_FIRST = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}(?:—|-|－|至|~)\d{1,2}月|前\d{1,2}个?月|[一二三四]季度|上半年|下半年|截至"
                           # a month's figures ("2026年8月，全国共有18部…获得发行许可")
                           r"|\d{1,2}月[，,])")


# A byline in brackets, or an editor's credit (（校对/黄仁贵）), wherever it stands.
_BYLINE = re.compile(r"[（(]\s*(?:本报|本台|本网)?(?:特约)?(?:记者|通讯员|实习生)[^（）()]{0,40}[）)]|" + EDITOR_CREDIT)
_RELATIVE_DAY = re.compile(r"(?:今天|今日|今晚|当晚|当天)(?:\s*\d{1,2}[:：]\d{2}|\s*\d{1,2}点(?:半)?)?(?:起)?(?=[在于正开上播首登])")
_STOPS = re.compile(r"([。！？])[。]+")
# A document's own "hereafter" ("（以下简称《通知》）", "（…令第118号，以下简称《办法》）"): editors never print it (0 of
# the 41 labelled weeks' paragraphs), the name it gives reads as well without.
_SHORT_FORM = re.compile(r"[（(]\s*(?:以下|下文)简称[^（）()]{1,24}[）)]|[，,]\s*(?:以下|下文)简称[^（）()，,]{1,24}(?=[）)])")
_SELF_VOICE = re.compile(r"(^|[，,])(?:现(?:予以|将)?((?:公开|正式)?(?:公布|发布|印发|通报|公示))|(决定(?:开展|组织|启动|实施)))")
# A heading that names who appoints: "国务院任免国家工作人员", "云南省人民政府任免工作人员".
_APPOINTER = re.compile(r"^([\u4e00-\u9fff]{2,12}?)任免(?:国家)?工作人员$")
# A notice's formula before its list ("现将有关事项通知如下。", "特此通知。"): no news of its own.
_FORMULA = re.compile(r"^(?:现将|现就)[^。！？]{0,24}(?:通知|公告|说明|公示)如下|^特此(?:通知|公告|说明|公示)")


def _said_once(body: str) -> str:
    """The lead's day said again in its first sentence goes: "5月8日，为…，国家版权局5月8日发布…" → "…国家版权局发布…",
    "9月11日，…市场开发计划11日在京启动" → "…计划在京启动", "…发布公告，于2026年5月8日，该公司…" → "…发布公告，该公司…". Not a day that starts or ends a span (5月8日起, 至5月8日)."""
    lead = re.match(r"^(\d{1,2})月(\d{1,2})日[，,]", body)
    if not lead:
        return body
    end = body.find("。", lead.end())
    first = body[lead.end(): end if end > 0 else len(body)]
    # An announcement's own clause of the day ("…发布公告，于2026年5月8日，该公司斥资…"): the clause goes.
    clause = re.search(rf"(?<=[，,])于?(?:\d{{4}}年)?{lead.group(1)}月{lead.group(2)}日[，,]", first)
    if clause:
        return body[: lead.end() + clause.start()] + body[lead.end() + clause.end():]
    again = re.search(rf"(?<=[{HAN}）》”])(?:于)?(?:{lead.group(1)}月)?{lead.group(2)}日(?![至止前后到电讯]|起(?!草)|晚会)"
                      rf"(?P<part>晚间|晚上|晚|上午|下午|中午|凌晨|早间|傍晚)?(?=[{HAN}])", first)
    if not again or re.search(r"(?:[至到—~-]|定档|定|延|推迟|提前)$", first[: again.start()]):
        return body
    at = lead.end() + again.start()
    out = body[:at] + body[lead.end() + again.end():]
    # "11月14日，…颁奖典礼14日晚在厦门举行": the part of the day goes with the lead ("11月14日晚，…典礼在厦门举行").
    part = again.group("part") or ""
    return out[: lead.end() - 1] + part + out[lead.end() - 1:] if part else out


# A mark that ends or parts a sentence: a line without one is a heading, a caption or a table's row.
_SENTENCE_MARK = re.compile(r"[。！？!?；;，,]")


def _table_row(line: str) -> bool:
    """A table's row (four or more fields, most of them Chinese, and no sentence mark), or a line of marks only
    ("……" where a table was cut). English prose is words between spaces, not fields."""
    fields = line.split()
    if not re.search(r"\w", line):
        return True
    return (len(fields) >= 4 and not _SENTENCE_MARK.search(line)
            and 2 * sum(1 for f in fields if HAN_CHAR.search(f)) >= len(fields))


_PLEDGE = re.compile(r"保证(?:本)?(?:公告|信息披露)的?(?:内容|所载)[^。]{0,30}(?:虚假记载|真实、准确、完整)")


def draft_paragraph(text: str, published: datetime | None, *, tz: str,
                    max_sentences: int = 2, max_chars: int = 200, outlet: str = "", self_name: str = "") -> str:
    """The first sentences that carry the news, opened with the when/where-from lead. `outlet`: an authority's
    name for its own voice ("现公开发布…"); `self_name`: the company whose announcement this is (its 公司)."""
    # A table's rows ("1 极光行动 移动 北京伯通电子出版社有限公司 …": fields between spaces, no sentence) are no lead;
    # a table under its caption and nothing else says nothing a paragraph can (the next report's opening serves).
    # A listed company's statutory pledge ("本公司董事会及全体董事保证本公告内容不存在任何虚假记载…") opens every
    # announcement and tells nothing.
    lines = [p.strip() for p in text.split("\n") if p.strip() and not _PLEDGE.search(p)]
    rows = [_table_row(p) for p in lines]
    # …and the caption above a table goes with it.
    paras = [p for i, p in enumerate(lines) if not rows[i] and not (
        i + 1 < len(lines) and rows[i + 1] and len(p) <= 40 and not _SENTENCE_MARK.search(p))]
    if len(paras) < len(lines) and not any(_SENTENCE_MARK.search(p) for p in paras):
        return ""
    # An address line ("各省、自治区…：") opens official notices; the news starts after it.
    # Not a sentence that ends by opening a list ("…获得发行许可。具体情况如下："): that one is the news.
    while len(paras) > 1 and (paras[0].endswith(("：", ":")) and len(paras[0]) < 120
                              and not re.search(r"[。！？!?]", paras[0])):
        paras = paras[1:]
    # A heading on its own line ("国务院任免国家工作人员" above "任命周立新为…。"): no sentence of its own, so it would
    # run into the first one. A dateline line is left for strip_dateline (it may carry the day).
    appointer = ""
    while len(paras) > 1 and len(paras[0]) <= 40 and not _SENTENCE_MARK.search(paras[0]) \
            and not _DATELINE.match(paras[0]):
        # "国务院任免国家工作人员" over "任命邵振华为…": the heading says who appoints; the sentence alone does not.
        appointer = appointer or (m.group(1) if (m := _APPOINTER.match(paras[0])) else "")
        paras = paras[1:]
    if not paras or NO_NEWS.match(paras[0]):
        return ""  # nothing left but a signature's date ("2026年9月10日"): no news to tell
    first = _DATED_PREAMBLE.sub("", strip_dateline(paras[0]), count=1)
    while not first and len(paras) > 1:  # a credit's line alone ("潮新闻客户端 记者 金梁"): the text is below it
        paras = paras[1:]
        first = _DATED_PREAMBLE.sub("", strip_dateline(paras[0]), count=1)
    if appointer and first.startswith(("任命", "免去")):
        first = appointer + first
    chosen: list[str] = []
    # A clause ending in ； belongs to its sentence: cutting there would leave a list half told.
    pool = _whole_sentences(sentences(first) + [s for p in paras[1:3] for s in sentences(p)])
    # A dateline or an outlet's label may open any sentence ("…。本报讯 …"): it goes wherever it stands.
    pool = [s for s in (strip_dateline(s) if i else s for i, s in enumerate(pool)) if s]
    for sent in pool:
        whole = uncut(sent)
        if whole != sent:
            # A source cut this sentence short ("…较上一代明……"): only its whole clauses, and nothing after. With
            # no whole clause and nothing before it, the sentence stays as the source cut it (the desk's damage
            # check marks it): an empty paragraph would tell the editor less.
            if not chosen:
                chosen.append(whole or sent)
            break
        if _FORMULA.match(sent):
            break  # what follows it is the notice's list: the lead is over
        if re.match(r"^[一二三四五六七八九十]+、", sent) or sent.endswith(("：", ":")):
            if not chosen:
                continue  # a report that opens with "一、总体情况": its news starts under the heading
            break  # a numbered heading or a list opener: the lead is over
        if chosen and (len(chosen) >= max_sentences or len("".join(chosen)) + len(sent) > max_chars):
            break
        if chosen and _VIEW.match(sent):
            continue
        chosen.append(sent)
    # A credit removed may leave its sentence's stop behind ("…10.4%。（校对/黄仁贵）。").
    body = _STOPS.sub(r"\1", said_day(_SHORT_FORM.sub("", _BYLINE.sub("", _join(chosen)))))
    if not body:
        return ""
    body = drop_purpose(body)
    inner = _INNER_VAGUE.search(body[:80])
    if inner and not _LEAD.match(body):
        # "为规范…，近日，总局印发…" → "近日，为规范…，总局印发…": the lead word goes first, once.
        body = f"{inner.group(1)}，{body[: inner.start()]}{body[inner.end():]}"
    vague = _VAGUE_IN_SUBJECT.match(body)
    if vague and not _LEAD.match(body):
        # "AI有声书公司「声阅科技」近日完成…" says when itself: "近日，…完成…", never the report's date in front of it.
        body = f"近日，{vague.group(1)}{body[vague.end():]}"
    if self_name:
        # A company's announcement speaks of itself as 公司 ("公司于7月17日召开董事会…"): the item names it.
        body = _SELF_NAME.sub(self_name, body, count=1)
    if outlet:
        # An authority's own notice speaks in its own voice ("根据…，现公开发布…", "我部起草了…"): the item names it.
        body = _SELF_VOICE.sub(lambda m: f"{m.group(1)}{outlet}{m.group(2) or m.group(3)}", body, count=1)
        if outlet.endswith(tuple("部局委署厅办会")):
            body = re.sub(rf"我{outlet[-1]}(?=[{HAN}])", outlet, body)
    body = weekday_lead(month_of_bare_day(body, published, tz), published, tz)
    # "近期，市场监管总局组织开展…" says when already (not a lead a report is chosen for: it often opens background).
    if not _LEAD.match(body) and not body.startswith("近期，"):
        if outlet and _PERIOD_FIRST.match(body):
            # "6月5日，1—4月，…" reads badly: the house says who released the figures, and when.
            body = f"{lead_date(published, tz)}，{outlet}发布数据显示，{body}"
        else:
            moved = _front_date(body, published, tz)
            if moved:
                body = moved
            else:
                # The date goes in front; "今晚20:00" in the first clause would then say it twice.
                head, sep, rest = body.partition("，")
                head = _RELATIVE_DAY.sub("", head, count=1) if len(head) > 8 else head
                body = f"{lead_date(published, tz)}，{head}{sep}{rest}"
    body = _said_once(body)
    # "今日"/"昨日" said on the report's day: its date, or nothing when the lead says it already; 日前 is 近日.
    body = resolve_relative(body, published, tz)
    body = body.rstrip("，,；;、 ")
    # A Latin sentence keeps its own full stop ("…contributions." never "….。").
    if body and body[-1] not in "。！？”.!?":
        body += "。"
    return body


def _bigrams(s: str) -> set[str]:
    s = re.sub(rf"[^{HAN}A-Za-z0-9]", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _sim(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# A headline that is a document's number and nothing of its news: "商务部公告2026年第18号",
# "上海证券交易所上市审核委员会2026年第15次审议会议结果公告".
_DOC_NO = r"\s*(?:\d{4}\s*年)?\s*第\s*\d+\s*号"
_NUMBER_ONLY = re.compile(rf"(?:公告|令|通告|公报){_DOC_NO}$|第\d+次[^，。：]{{0,8}}会议结果公告$")
# …and one that gives it before what it says: "商务部公告2026年第18号 关于…的公告".
_NUMBERED = re.compile(rf"^(.{{2,20}}?)(?:公告|令|通告){_DOC_NO}\s+(关于.{{4,}})$")


def choose_title(sources: Sequence[Source], lexicon: Lexicon | None = None) -> str:
    """The headline an editor would keep: central among the story's headlines, plain, naming who acts."""
    lex = lexicon or default_lexicon()
    # Chosen on the headlines as written; the one chosen then loses its relative dates.
    cands = [house_title(clean_title(s.title, s.outlet), lex, relative=True) for s in sources]
    leads = _bigrams("".join(strip_dateline(s.text[:200]) for s in sources[:3]))
    grams = [_bigrams(c) for c in cands]
    best, best_score = 0, -9.0
    for i, c in enumerate(cands):
        if not c:
            continue
        others = [_sim(grams[i], grams[j]) for j in range(len(cands)) if j != i]
        central = sum(others) / len(others) if others else 0.0
        score = central + 0.3 * _sim(grams[i], leads) + 0.4 * sources[i].authority
        if _CLICKBAIT.search(sources[i].title) or _CLICKBAIT.search(c):
            score -= 0.5
        elif _COMMENT.search(c):
            score -= 0.3
        if not 8 <= len(c) <= 32:
            score -= 0.2
        if not HAN_CHAR.search(c):
            score -= 1.0  # an English wire's headline: a Chinese retelling's titles the item
        if _NUMBER_ONLY.search(c):
            score -= 0.6  # "商务部公告2026年第18号" names the document, not what it says
        head = c.split("：", 1)[0] if "：" in c else ""
        if head and lex.first(head, ("research",)) and "《" in c:
            score -= 0.15  # "德塔文：《X》开播首周…": a data firm's chart, the show is the news
        elif head and lex.first(head, ORGANISATIONS):
            score += 0.15  # 主体：事件, the house's favourite shape
        elif head and len(head) <= 4 and not lex.first(head):
            score -= 0.2  # "报告：…", "独家：…" say nothing about who
        if score > best_score:
            best, best_score = i, score
    return drop_relative(cands[best])


def _join(sentences_: list[str]) -> str:
    """Sentences run together, with a space between two Latin ones ("…restrictions. More text.")."""
    out = ""
    for sent in sentences_:
        if out and out[-1] in ".!?" and sent[:1].isascii() and sent[:1].isalnum():
            out += " "
        elif out and re.match(rf"[{HAN}\w”》）)]", out[-1]) and re.match(rf"[{HAN}《“]", sent):
            out += "。"  # a line that ended without its stop (a list item, a caption) never runs into the next
        out += sent
    return out


_FIRST_PERSON = re.compile(r"我们|我司|我公司|我集团|我行(?!业)")


def choose_lead(sources: Sequence[Source]) -> int:
    """Index of the report whose opening makes the best paragraph: central, authoritative, dated, not an address."""
    heads = [strip_dateline(" ".join(p for p in s.text.split("\n")[:2])[:240]) for s in sources]
    grams = [_bigrams(h) for h in heads]
    best, best_score = 0, -9.0
    for i, s in enumerate(sources):
        others = [_sim(grams[i], grams[j]) for j in range(len(sources)) if j != i]
        central = sum(others) / len(others) if others else 0.0
        score = central + 0.35 * s.authority
        first = s.text.split("\n", 1)[0]
        if first.rstrip().endswith(("：", ":")) and len(first) < 120:
            score -= 0.3  # an official notice opens with its addressees
        if _dated(heads[i]):
            score += 0.1
        if _CLICKBAIT.search(s.title):
            score -= 0.2
        if _FIRST_PERSON.search(heads[i][:80]):
            score -= 0.3  # a company's own "我们发布…": the weekly tells it in the third person
        if heads[i] and not HAN_CHAR.search(heads[i][:200]):
            score -= 1.0  # an English wire: the weekly is written in Chinese, so a Chinese retelling leads
        if score > best_score:
            best, best_score = i, score
    return best


_CORNER = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
# An authority's "现" before its act, run into the bodies' names ("…、公安部、国家网信办现公布…"): the item says it.
_NOW_ACT = re.compile(r"(?<=[部局办委署院会厅])现(?=(?:予以)?(?:公开|正式)?(?:公布|发布|印发|通报|公示))")


def house_marks(text: str, *, paragraph: bool = False) -> str:
    """The house's marks: quotes as “” (a 繁体 or 36氪 report's 「」), and in a paragraph a sentence ends with 。, not
    an exclamation ("《归雁》上线！" — a quoted one stays), and an authority's 现 before its act goes."""
    out = text.translate(_CORNER)
    if paragraph:
        outside = outside_pairs(out)
        out = "".join("。" if ch in "！!" and outside[i] and (i + 1 == len(out) or not out[i + 1].isascii()) else ch
                      for i, ch in enumerate(out))
        out = _STOPS.sub(r"\1", _NOW_ACT.sub("", out))
    return out


# An outlet that is a body's website or account, not the body ("中国网信网", "中国政府网", "…官方微信").
_SITE = ("网", "网站", "官网", "客户端", "公众号", "微信", "微博")


# A headline in a company's own voice: it says 公司 (集团, 本公司) where an outlet would name it.
_OWN_VOICE = re.compile(r"^(本公司|我公司|公司|集团公司|集团)(?=[与和及在获召举发完启签推成荣入首正参开])")


def _speaker(sources: Sequence[Source], lex: Lexicon) -> str:
    """The company a story's own-voice headline speaks for: the one its outlet is of ("国家电网报", a company's site),
    else the one its first report's opening names first; "" when neither names a company or platform."""
    for s in sources:
        if s.outlet and (name := lex.first(s.outlet, ("companies", "platforms"))):
            return name
    opening = sources[0].text[:120] if sources else ""
    if name := lex.first(opening, ("companies", "platforms")):
        return name
    legal = _REGISTERED.search(opening)  # a company the lexicon does not know, by its registered name
    return legal.group(1) if legal else ""


# A registered company name in a report's opening ("国家电网有限公司", "中国华能集团有限公司"), without its form.
# The sentence's subject only: at the opening or after its date, never a second party ("江苏省人民政府与…有限公司").
_REGISTERED = re.compile(r"(?:^|[，,\s])([^\W\d_与和及、同]{2,12}?)(?:股份有限公司|有限责任公司|有限公司)")


def draft_story(sources: Sequence[Source], *, tz: str, max_sentences: int = 2,
                max_chars: int = 200, lexicon: Lexicon | None = None, house: HouseStyle | None = None) -> Draft:
    """Title and paragraph of one story from all its reports; the title in the office's ways when `house` (what
    its published archive shows, draft/house.py) is given."""
    if not sources:
        return Draft("", [])
    sources = sources[:12]  # the most authoritative dozen say all a title and lead need
    lex = lexicon or default_lexicon()
    title = choose_title(sources, lex)
    # The body as it names itself (中国网络视听协会), but by its name, not its website's ("中国网信网" is 中央网信办's
    # site); the office's form of the name comes after (office_title).
    issuer = next(((name if s.outlet.endswith(_SITE) else s.outlet) for s in sources
                   if s.authority >= 1.0 and s.outlet and (name := lex.first(s.outlet))), "")
    if issuer and title and "：" not in title and not lex.first(title):
        self_ref = re.match(r"^(协会|总局|本会|我会|我部|我局|公司|集团)", title)
        # "协会发布…" names itself; "2025年1—4月通信业经济运行情况" says nothing of who: 主体：事件.
        title = issuer + title[self_ref.end():] if self_ref else f"{issuer}：{title}"
    elif title and (own := _OWN_VOICE.match(title)) and not lex.first(title) and (body := _speaker(sources, lex)):
        # A company's own page titles its news "公司与…签署…": the item names the company ("国家电网报" → 国家电网).
        title = body + title[own.end():]
    texts = [s.text for s in sources]
    title = meeting_named(article_named(title, texts), texts)
    first = choose_lead(sources)
    para, lead = "", sources[first]
    # When the best opening yields nothing (a table, a bare list), the next report's opening serves.
    for src in [sources[first], *(s for i, s in enumerate(sources) if i != first)]:
        para = draft_paragraph(src.text, src.published, tz=tz, max_sentences=max_sentences, max_chars=max_chars,
                               outlet=src.outlet if src.authority >= 0.8 else "",
                               # a company's own announcement: its headline names it ("掌阅科技…关于聘任…的公告")
                               self_name=src.outlet if src.outlet and src.outlet in src.title else "")
        if para:
            lead = src
            break
    if para:
        # The page that gave the paragraph is a body's own page (a ministry's, an association's, a research firm's): it released the figures.
        page_of = lead.outlet if lead.outlet and (lead.kind in _OWN_PAGE or lex.first(
            lead.outlet, ("regulators", "associations", "research"))) else ""
        title = appointment_title(figures_title(title, para, lex, page_of), para, lex)
    latest = max((s.published for s in sources if s.published), default=None)
    title = office_title(period_without_year(resolve_next_year(title, latest, tz), latest), house, lex)
    return Draft(house_marks(title), [house_marks(para, paragraph=True)] if para else [])


def draft(headline: str, text: str, published: datetime | None, *, outlet: str = "",
          tz: str) -> Draft:
    para = draft_paragraph(text, published, tz=tz)
    return Draft(house_title(clean_title(headline, outlet)), [para] if para else [])
