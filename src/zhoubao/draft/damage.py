"""Damage a drafted title or paragraph must not carry: broken brackets, datelines, breadcrumbs, relative dates, cuts."""

from __future__ import annotations

import re

from zhoubao.text.boilerplate import WIRE
from zhoubao.text.cjk import HAN
from zhoubao.text.normalize import to_simplified

# Pairs that must open and close in order; ASCII parentheses too (the house turns them full-width, not all sources).
PAIRS = {"“": "”", "《": "》", "（": "）", "「": "」", "『": "』", "【": "】", "(": ")"}
_CLOSERS = {v: k for k, v in PAIRS.items()}

# A clause start: the text's start, or after a sentence or clause end ("6月1日，新京报讯…").
_START = r"(?:^|(?<=[。！？!?；;，,：:]))\s*"
# Pieces the drafter strips (draft/extractive.py) and this check finds, spelled once.
# "本报记者李四报道", "中国民航网 记者 朱丽娜 报道：": a byline, its outlet's name before it or not.
OUTLET_BYLINE = rf"(?:[{HAN}A-Za-z]{{2,10}}\s*)?(?:本报|本台|本网)?记者\s*[{HAN}·]{{2,4}}(?:\s+[{HAN}·]{{2,4}})*\s*报道"
# A portal's bracketed header: "【民航资源网2026年3月5日16:45】".
PORTAL_HEADER = r"【[^】]{0,20}\d{1,2}月\d{1,2}日[^】]{0,10}】"
# An editor's credit in brackets: （校对/黄仁贵）.
EDITOR_CREDIT = r"[（(]\s*(?:校对|责编|责任编辑|编辑|审核|审校|监制|实习编辑)\s*[/／：:｜|]\s*[^（）()]{1,20}[）)]"
# An outlet's "what we learned" label, up to 获悉: "36氪获悉", "界面新闻独家获悉", "记者从总局获悉".
# …and a reporter's own finding: "第一财经记者梳理发现，", "北京商报记者注意到，", "记者了解到，".
LEARNED_LABEL = r"[^，。；：,;:\n]{0,24}?(?:获悉|记者(?:梳理|调查|走访|采访|查询|观察)?(?:发现|注意到|了解到))"
# An outlet's dateline or label: 新京报讯, 本报讯, 新华社北京6月1日电, 央广网北京6月1日消息, 格隆汇丨, 记者X报道.
DATELINE_LABEL = re.compile(
    _START + r"(?:"
    rf"[{HAN}A-Za-z0-9]{{0,10}}(?:报|网|社|台|闻|视|播|端|号|家|娱乐|财经|科技|时报e公司)讯(?![息号])"
    rf"|本报讯|(?!据)[{HAN}A-Za-z]{{1,12}}?(?:社|网|报|台)[{HAN}]{{0,8}}?\d{{1,2}}月\d{{1,2}}日(?:[上下早午晚]+间?)?(?:电|讯|消息)"
    rf"|[{HAN}A-Za-z0-9]{{2,8}}[丨｜|](?=\S)"
    rf"|{OUTLET_BYLINE}"
    r"|(?:北京时间)?\d{1,2}月\d{1,2}日(?:[上下中]午|早间|午间|晚间|傍晚|凌晨|晚上|早上)?消息[，,：:]"
    r"|[（(][^（）()]{2,30}?(?:报道|报导|电|讯)[）)]"
    rf"|{PORTAL_HEADER}"
    # "央视新闻消息，": an outlet's label; "据央视新闻消息，" is the house's own attribution.
    rf"|(?!据)[{HAN}A-Za-z0-9]{{2,10}}?(?:网|新闻|客户端)消息[，,：:]"
    r")"
)
# A byline in brackets, wherever it stands: （记者 张三）, （通讯员 李四 记者 王五）; an editor's credit: （校对/黄仁贵）.
BYLINE = re.compile(r"[（(]\s*(?:本报|本台|本网)?(?:记者|通讯员|实习生|特约记者)[^）)]{0,40}[）)]|" + EDITOR_CREDIT)
# A reporter's credit left in the text: "中青报·中青网记者 李桂杰 6月11日…", "每经记者 许敏 每经编辑 …" (a house
# paragraph never has a space after 记者), "文｜邱晓芬", "编辑｜苏建勋".
CREDIT = re.compile(rf"记者[\s\u3000]+[{HAN}·]{{2,4}}|(?:^|(?<=[\s，。；：]))(?:文|图|编辑|作者|撰文|责编)\s*[｜|丨/]\s*[{HAN}]{{2,4}}")
# An outlet's "what we learned" label opening a clause: "36氪获悉，", "界面新闻独家获悉，", "记者从总局获悉，" — the
# house says where from with 据…消息 or not at all.
LEARNED = re.compile(_START + r"(?!据)" + LEARNED_LABEL + r"[，,：:]")
# The lead's date said twice, a label between: "6月12日，36氪获悉，6月12日，京东物流…".
DATE_TWICE = re.compile(r"^(\d{1,2}月\d{1,2}日)[，,][^。，,]{0,16}[，,]\1[，,]"
                        # …or again in the lead's sentence as the day of the news ("5月8日，…，国家版权局5月8日发布"),
                        # not a span's end or a day to come ("至5月8日", "定于5月8日", "5月8日起").
                        r"|^(\d{1,2}月\d{1,2}日)[，,][^。]{0,80}?(?<![至到—~\-定于])\2(?![起至止前后到\d])")
WIRE_DATELINE = re.compile(WIRE)
# A release's Chinese dateline, the city first or the date first ("新加坡，2025年12月6日——", "2026年11月12日，香港 —"),
# and an English blog's byline with its date ("By the YouTube Team | Nov 11, 2026").
RELEASE_DATELINE = (rf"[{HAN}]{{2,8}}[，,]\s*\d{{4}}\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日\s*(?:——|—|--|-)"
                    rf"|\d{{4}}\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日[，,]\s*[{HAN}]{{2,8}}\s*(?:——|—|--)"
                    r"|\bBy [A-Za-z][^|\n]{2,40}\|\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4}")
_RELEASE = re.compile(RELEASE_DATELINE)
# Any outlet's 讯 right after the lead's date: "7月18日，交汇点讯改造后的…" (not 资讯, 视讯, 腾讯 …).
# Pieces of an outlet's label the drafter strips (draft/extractive.py) and this check finds: a 讯 that is no word's end
# (资讯, 视讯, 通讯, 腾讯 …), 消息 that is not a body's own news (国铁集团发布消息), a bracketed label (【亿邦原创】).
OUTLET_XUN = r"(?<![资通视音快简喜电短腾问传警])讯(?![息号])"
OUTLET_NEWS = r"(?<!发布|发出|透露|传来)消息"
BRACKET_LABEL = r"【[^】]{1,12}】"
LEAD_OUTLET = re.compile(rf"^\d{{1,2}}月\d{{1,2}}日[，,](?:[{HAN}]{{2,8}}{OUTLET_XUN}"
                         rf"|(?!据)[{HAN}A-Za-z0-9]{{2,8}}{OUTLET_NEWS}[，,]|(?!据)[{HAN}A-Za-z0-9]{{2,12}}报道[：:，,\s]|{BRACKET_LABEL}"
                         # a clock's name left behind when its date was moved to the front ("9月8日，北京时间咪咕…")
                         rf"|(?:北京时间|美东时间)(?![\d上下凌早晚]))")
# A page's navigation: 首页 > 新闻中心, 新闻中心 / 公司新闻, 当前位置：….
BREADCRUMB = re.compile(
    rf"首页\s*[/>»＞›|｜]|当前位置[：:]|您的位置[：:]"
    rf"|[{HAN}A-Za-z0-9]{{2,10}}\s*[>»＞›]\s*[{HAN}A-Za-z0-9]{{2,10}}"
    rf"|[{HAN}]{{2,10}}\s+/\s+[{HAN}]{{2,10}}"
)
# A date relative to the report (wrong once the issue goes out days later). "24日前后", "节日前", 今日头条 are not;
# nor is 日前 ("some days ago", an official lead like 近日: still true when the issue goes out — dev-zg's editors).
# 今起 and 明起 are "from today/tomorrow" (not 至今起到, 说明起草); 明日 only before a time of day (not 美好明天).
TODAY_ON = r"(?<![至如迄而现])今(?=起(?!到|了|着|来|草))"
TOMORROW = r"(?<![说表证声阐发标注透鲜光分文聪指简])明(?=起(?!到|了|着|来|草))|明(?:日|天)(?=起|[上下中]午|晚|凌晨|[（(]\d|\s*\d{1,2}[点时:：])"
RELATIVE_DATE = re.compile(r"(?<![\d节生假期限之])(?:今日(?!头条|说法|关注|聚焦|亮点|俄罗斯)|今天|今晚|昨日|昨天|昨晚|本周)"
                           rf"|{TODAY_ON}|{TOMORROW}"
                           # "当地时间" whose date was moved away ("YouTube当地时间宣布").
                           r"|当地时间(?![\s\d一二三四五六七八九十周星上下中早晚凌今昨本])"
                           # Taiwan's and Hong Kong's press: "今（11日）起", "昨（10）日".
                           r"|[今昨明][（(]\d{1,2}(?:日[）)]|[）)]日)")
# A Latin full stop given a Chinese one as well ("…contributions.。"), or a stop doubled.
DOUBLE_STOP = re.compile(r"(?<!\.)[.!?][\"”’)]?。|。[。.]")
# A sentence cut short and marked so: "较上一代明……", "…显著提升..."; at the end, maybe before a full stop.
ELLIPSIS_CUT = re.compile(r"(?:…|\.{3}|⋯)+[。.]?\s*$")
# A paragraph that is only a date: a notice's signature line taken for its news ("2026年9月10日。").
NO_NEWS = re.compile(r"^\s*(?:\d{4}\s?年\s?)?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?[。.]?\s*$")
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|「[^「」]*」")


# What each kind of damage is called where editors read it (a model's draft refused, the desk).
LABELS = {"unbalanced": "引号或括号不成对", "dateline": "残留电头或媒体标签", "breadcrumb": "残留网页导航",
          "relative-date": "相对日期（今日、昨日等）", "ellipsis-cut": "句子被截断",
          "double-stop": "句末标点重复", "no-news": "只有日期，没有内容"}


def unbalanced(text: str) -> bool:
    """True when a quotation mark or bracket opens without closing (or closes without opening), or they cross."""
    stack: list[str] = []
    for ch in text:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if not stack or stack[-1] != _CLOSERS[ch]:
                return True
            stack.pop()
    return bool(stack)


def damage(text: str) -> list[str]:
    """What is wrong with a drafted title or paragraph (empty when nothing is): short labels, one per kind."""
    found: list[str] = []
    # The patterns are written in simplified: a 繁体 dateline (（中央社舊金山9日綜合外電報導）) is read converted.
    text = to_simplified(text)
    if unbalanced(text):
        found.append("unbalanced")
    if (DATELINE_LABEL.search(text) or BYLINE.search(text) or WIRE_DATELINE.search(text) or CREDIT.search(text)
            or LEARNED.search(text) or DATE_TWICE.search(text) or LEAD_OUTLET.search(text) or _RELEASE.search(text)):
        found.append("dateline")
    if BREADCRUMB.search(text):
        found.append("breadcrumb")
    # Words inside quotes or a work's title are the source's own (“今天的我们”, 《今日说法》).
    if RELATIVE_DATE.search(_QUOTED.sub("", text)):
        found.append("relative-date")
    if ELLIPSIS_CUT.search(text):
        found.append("ellipsis-cut")
    if DOUBLE_STOP.search(text):
        found.append("double-stop")
    if NO_NEWS.match(text):
        found.append("no-news")
    return found
