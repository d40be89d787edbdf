"""Sections a profile marks, by their name or description, as the home of a kind of story (international, data…).

A weekly's format names sections for kinds of story: 国际 takes what happens abroad, 数据研究 the research firms' and
ministries' figures, 要闻 the leaders' words. Their keywords cannot list every foreign body or firm, and a model
learned from thirty examples knows them no better, so a story of such a kind goes where the profile says such
stories go — whatever the beat. Only a clear mark counts: a section named for it (国际, 海外), or, for figures and
leaders, a description that names them (行业统计, 第三方研究机构, 重要讲话); with no marked section nothing changes.
"""

from __future__ import annotations

import re

from zhoubao.classify.kinds import FOREIGN, story_kind
from zhoubao.conf.settings import BEAT_KINDS, ProfileSpec
from zhoubao.text.gazetteer import Lexicon

# By name alone: "what happens abroad" is too common a clause in descriptions (行业 "…影响行业的重大海外动态",
# 数字文旅 "海外科技公司…") to mark a section as the international one.
_ABROAD_NAME = re.compile(r"国际|海外|境外|全球|环球|国外|外国|世界")
# Statistics by the description: one office files ministries' statistics under 行业 or 市场, another under 数据.
_STATISTICS = re.compile(r"统计")
_RESEARCH = re.compile(r"第三方|研究机构|研究报告|咨询机构")
# Not "领导人员": that is who a personnel section's appointments are of (dev-zp's 人事 "…企业领导人员任免").
_LEADERSHIP = re.compile(r"领导人(?!员)|领导同志|中央领导|重要讲话|讲话")
# Appointments by the name (人事) or the description (任免, 高管变动).
_PERSONNEL_NAME = re.compile(r"人事|任免")
_PERSONNEL = re.compile(r"任免|人事变动|人事任免|高管变动|高管任免")
# Money raised or spent by a company, by the name of the section for it (资本, 资本市场, 投融资, 资本与人事).
_CAPITAL_NAME = re.compile(r"资本|融资")

# A headline whose subject is abroad: it opens with a foreign state, bloc or body, a foreign company (kinds.py's
# list), or the dateline of a foreign report (当地时间).
_ABROAD_PLACES = (r"欧盟|欧洲|欧委会|美国|英国|德国|法国|意大利|西班牙|荷兰|瑞典|挪威|丹麦|芬兰|瑞士|波兰|"
                  r"日本|韩国|印度|越南|泰国|印尼|印度尼西亚|马来西亚|新加坡|菲律宾|澳大利亚|新西兰|加拿大|墨西哥|"
                  r"巴西|阿根廷|智利|俄罗斯|乌克兰|土耳其|沙特|阿联酋|卡塔尔|伊朗|以色列|埃及|南非|尼日利亚|"
                  r"中东|非洲|东南亚|拉美|联合国|世界银行|国际货币基金组织|世贸组织|COP\d+|G7|G20|当地时间")


def marked_section(profile: ProfileSpec, kind: str) -> str:
    """The one section the profile marks for `kind` ("abroad", "statistics", "research", "leadership",
    "personnel", "capital"), else ""."""
    if kind == "abroad":
        hits = [s.name for s in profile.sections if _ABROAD_NAME.search(s.name)]
    elif kind == "capital":
        hits = [s.name for s in profile.sections if _CAPITAL_NAME.search(s.name)]
    elif kind == "personnel":
        hits = [s.name for s in profile.sections if _PERSONNEL_NAME.search(s.name)] \
            or [s.name for s in profile.sections if _PERSONNEL.search(s.description)]
    else:
        mark = {"statistics": _STATISTICS, "research": _RESEARCH, "leadership": _LEADERSHIP}.get(kind)
        if mark is None:
            return ""
        hits = [s.name for s in profile.sections if mark.search(s.description)]
        if len(hits) > 1:  # two sections name it: the one named for data or research, else none is clear
            named = [n for n in hits if re.search(r"数据|研究|统计", n)]
            hits = named if len(named) == 1 else []
    return hits[0] if len(hits) == 1 else ""


_CJK = re.compile(r"[\u4e00-\u9fff]")
_OPENS_ABROAD = re.compile(rf"\s*({_ABROAD_PLACES})")
# Figures in a headline: a percentage, an amount in 万 or 亿, a capacity, a change on a period, a forecast, a price.
_FIGURE = re.compile(r"\d[\d.,]*\s*(%|％|万|亿|GW|MW|GWh|吉瓦|兆瓦|千瓦)|同比|环比|预计|预测|均价|价格指数")
_SPEAKER = re.compile(r"^([^：:｜|]{2,16})[：:]")
_BODY_END = re.compile(r"(研究院|研究中心|研究所|咨询|智库|联盟|协会|联合会|统计局)$")


_ORGANISATIONS = ("platforms", "companies", "associations", "research")

# An appointment: a verb of taking or leaving a post and the post, in the headline's first clause ("芒果超媒：聘任
# 李晨阳为公司总经理", "中超公司换帅 周振宇当选董事长"); not a merger whose second clause names its new CEO.
_APPOINTS = re.compile(r"任命|出任|当选|选举[^，。：:]{0,10}为|聘任|聘请[^，。：:]{0,10}为|委任|接任|接替|履新|辞任|辞去|"
                       r"卸任|不再担任|免去|获任|升任|拟任|提名[^，。：:]{0,8}为|担任|换帅|调任")
_POST = re.compile(r"董事长|董事会主席|总裁|总经理|首席执行官|CEO|局长|司长|主席|会长|秘书长|总编辑|社长|院长|部长|"
                   r"董事|总监|行长|党委书记|党组书记|负责人|掌门|帅")
_CLAUSE = re.compile(r"[，,；;。！!？?]")


# A company's money: a round, a deal, a listing on an exchange, a buy-back ("完成5亿元B轮融资", "递表港交所"); not
# a product put on the market (获批上市, 新车上市).
_RAISES = re.compile(r"融资|收购|并购|入股|增资|募资|IPO|递表|招股|(?:港交所|科创板|创业板|北交所|主板|纳斯达克|纽交所)"
                     r"(?:挂牌)?上市|挂牌|回购|定增|可转债|(?i:\b(?:funding|acquires?|acquisition|IPO|buyback)\b)")


# A market's totals, not one company's money ("11月全球医疗健康领域融资总额52.3亿美元"); a regulator's case about a
# deal ("高通收购…未申报，被市场监管总局立案调查").
_NOT_ONES_MONEY = re.compile(r"(?:融资|并购|投资|募资)(?:总额|规模|金额|事件|数量|交易额)|立案|调查|处罚|罚款|审查|约谈")


def raises(title: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a headline tells of a company's money: a financing round, a deal, a listing, a buy-back — not a
    market's totals, a regulator's act on a deal, nor a headline that opens with a regulator."""
    first = _CLAUSE.split(title, maxsplit=1)[0]
    if not _RAISES.search(first) or _NOT_ONES_MONEY.search(title):
        return False
    opening = [m for m in lexicon.mentions(title.strip()) if m.start == 0] if lexicon is not None else []
    return not any(m.category == "regulators" for m in opening)


def appoints(title: str) -> bool:
    """Whether a headline tells of an appointment or a departure from a post (in its first clause)."""
    first = _CLAUSE.split(title, maxsplit=1)[0]
    return bool(_APPOINTS.search(first) and _POST.search(first))


def opens_abroad(title: str, lexicon: Lexicon | None = None) -> bool:
    """Whether the headline's subject is abroad: a foreign place, body or company at its start, or — a company of
    the lexicon first — a place abroad right after it ("极兔巴西圣保罗转运中心投用", "菜鸟：沙特分拨中心投运",
    "京东物流在沙特开仓"); a place further on is a partner or a market ("宁德时代与阿联酋…签约")."""
    head = title.strip()[:12]
    if _OPENS_ABROAD.match(head) or FOREIGN.match(head):
        return True
    if lexicon is None:
        return False
    first = next((m for m in lexicon.mentions(title.strip()) if m.start == 0 and m.category in _ORGANISATIONS), None)
    if first is None:
        return False
    rest = re.sub(r"^\s*[：:]?\s*(?:在|于)?", "", title.strip()[len(first.alias):])
    return bool(_OPENS_ABROAD.match(rest[:12]))


def figures_of(title: str, lexicon: Lexicon) -> str:
    """"statistics" for a ministry's or regulator's figures, "research" for a research firm's or an association's,
    when the headline is "WHO：figures" (国家能源局：1—10月全社会用电量同比增长5.1%) and WHO is that body alone;
    else "" (a headline that merely mentions a body before a colon is no body's figures)."""
    m = _SPEAKER.match(title.strip())
    if m is None or not _FIGURE.search(title[m.end():]):
        return ""
    who = m.group(1).strip()
    named = [x for x in lexicon.mentions(who) if x.start + len(x.alias) == len(who)]
    cats = {x.category for x in named}
    if "regulators" in cats or who.endswith("统计局"):
        return "statistics"
    if cats & {"research", "associations"} or _BODY_END.search(who):
        return "research"
    return ""


def story_home(profile: ProfileSpec, title: str, lexicon: Lexicon, *, lead: str = "", outlet_kind: str = "",
               titles: tuple[str, ...] = ()) -> tuple[str, str]:
    """(section, kind): the section the profile marks for the story's kind, or ("", ""). The kind is judged on the
    headline and the story's other headlines (`titles`), by most of them; abroad by any of them."""
    beat = tuple(k for k in profile.beat_keywords if k)

    def kinds_of(t: str, first: bool) -> list[str]:
        said = story_kind(BEAT_KINDS, t, lexicon, lead=lead if first else "", beat_words=beat,
                          outlet_kind=outlet_kind if first else "")
        # A research firm's own page is not by itself its market data (a congress's trial results, a regulator's
        # list): the headline must show the firm or a market word.
        if said == "research" and not story_kind(("research",), t, lexicon, lead=lead if first else "",
                                                 beat_words=beat):
            said = ""
        return [k for k in (figures_of(t, lexicon), said, "personnel" if appoints(t) else "",
                            "capital" if raises(t, lexicon) else "") if k]

    # The kind must hold for at least half of the story's Chinese headlines: one member that is a research firm's
    # page on a show's launch (德塔文｜…景气指数) does not make the launch research. Where it happens is read off any
    # headline (its lead may be an English report).
    chinese = [(t, i == 0) for i, t in enumerate((title, *titles)) if _CJK.search(t)]
    votes: dict[str, int] = {}
    for t, first in chinese:
        for k in dict.fromkeys(kinds_of(t, first)):
            votes[k] = votes.get(k, 0) + 1
    kinds = [k for k, v in votes.items() if 2 * v >= len(chinese)]
    if opens_abroad(title, lexicon) or any(opens_abroad(t, lexicon) for t in titles):
        kinds.append("abroad")
    for kind in kinds:
        home = marked_section(profile, "abroad" if kind == "foreign" else kind)
        if home:
            return home, kind
    return "", ""
