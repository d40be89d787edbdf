"""Statistics titled as the house titles them: who released the figures, a colon, then the headline figure."""

from __future__ import annotations

import re
from datetime import datetime

from zhoubao.draft.faithful import cut_allowed
from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon

# A research firm's figures in a lead: "QuestMobile数据显示，五一假期短视频人均单日使用时长158.6分钟，…",
# "艾瑞咨询最新报告显示，2025年…", "据Sensor Tower数据，4月全球短剧应用内购收入约2.9亿美元，…".
_SHOWN = re.compile(r"^(?:\d{1,2}月\d{1,2}日[，,]|近日[，,])?(?:(?P<firm>[^，。：；“”《》]{2,24}?)(?:最新|近日)?(?:发布)?(?:的)?"
                    r"(?:[^，。；]{0,12}?报告|数据|统计数据|监测数据|调查数据|统计|监测)显示[，,：:]?"
                    r"|据(?P<firm2>[^，。：；“”《》]{2,20})(?:数据|统计|监测|报告)?[，,])(?P<fact>[^。；;]+)")
_RESEARCH_END = re.compile(r"(?:研究院|研究中心|研究所|咨询|智库|数据)$")
# A period a figure is of: "2026年4月", "5月份", "1—7月", "前三季度", "截至9月末", "五一假期", "2025年".
TIME_CLAUSE = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}月份?(?:\d{1,2}日)?(?:至\d{1,2}(?:月\d{1,2})?日)?|第?[一二三四]季度|上半年|下半年|"
                         r"前[一二三]季度|前\d{1,2}个?月|\d{1,2}(?:—|-|－|至|~)\d{1,2}月份?|全年|[\u4e00-\u9fff]{2,4}假期(?:期间)?)$"
                         r"|^截至(?:\d{4}年)?\d{1,2}月(?:末|底)?$|^截至\d{4}年(?:末|底)$|^\d{4}年(?:全年)?$")
FIGURE = re.compile(r"\d[\d.,]*\s*(?:%|％|万|亿|分钟|小时|人次|户|元|美元|款|部|家|个|件|吨|台|种|集|次)")
# A figure given as a value: "指数为482.6", "达12.62亿".
_VALUE = re.compile(r"(?:为|达|(?<!截)至|是)\d")  # not 截至2024年底, a period
# The name of a document, not news: "…通信业经济运行情况", "…行业统计快报", "…市场报告" (and no figure in it).
_DOCUMENT = re.compile(r"(?:情况|快报|公报|报告|月报|季报|年报|白皮书|蓝皮书|情况分析|市场表现|市场洞察)$")
# An office's account of how it handled what came to it ("发行许可证发放情况", "投诉举报处理情况"): editors name the
# document ("国家能源局：通报…处理情况"), not its first figure (dev-n, dev-zn). Not a register's count ("规划备案情况":
# dev-zd's editors titled it "…416部重点网络微短剧完成规划备案").
_ADMIN_ACT = re.compile(r"(?:发放|处理|办理|审批|核发|受理)情况")
# Who released them, opening the lead: "工业和信息化部发布数据显示，", "据中国半导体行业协会统计，", "经国家邮政局测算，".
_RELEASER = re.compile(r"^(?:据|经)?(?P<who>[^，。：；“”《》]{2,24}?)(?:近日|日前|今天|今日)?(?:发布|公布|统计|测算|数据显示|发布的)")
# A body's name by its ending, for the bodies a lexicon does not list ("交通运输部", "广东省邮政管理局").
_BODY_END = re.compile(r"[\u4e00-\u9fff]{2,}(?:部|局|署|委|委员会|办公室|办公厅|协会|学会|商会|联合会|研究院|中心|公司|集团)$")
# A lead's own date, said before the figures.
_LEAD_DATE = re.compile(r"^(?:\d{1,2}月\d{1,2}日|近日|日前)[，,]")
# What names no subject and so cannot stand as a title: "同比增长9%", "其中，…", "占总量的…".
_NO_SUBJECT = re.compile(r"^(?:同比|环比|其中|占|比|较|增速|分别|增幅|降幅|增长|下降|共计|合计|累计增长)")
# Words of a lead's frame around the figures, not the figures: "发布《…》", "数据显示", "据…统计".
_FRAME = re.compile(r"显示|表明|统计|测算|发布|公布|数据|报告|据|《")
# Where a title gives a period with its year ("2026年4月", "2025年前三季度"): the year the house leaves out.
_PERIOD_YEAR = re.compile(r"(?<!\d)(?P<year>20\d\d)年(?=(?P<month>\d{1,2})月|第?[一二三四]季度|上半年|下半年|前[一二三]季度|"
                          r"前\d{1,2}个?月|1(?:—|-|－|至|~)\d{1,2}月)")


def headline_figure(para: str) -> str:
    """The lead's first figure with its period and subject ("1—7月电信业务收入累计完成10392亿元"), or "" when the lead
    has none that can stand alone. Whole clauses of the lead only, so the title says nothing its sources lack."""
    body = _LEAD_DATE.sub("", para, count=1)
    period = ""
    for sentence in re.split(r"[。！？]", body)[:2]:
        at = 0
        for clause in re.split(r"[，,；;：:]", sentence):
            start, at = at, at + len(clause) + 1
            if not clause:
                continue
            if TIME_CLAUSE.match(clause):
                period = clause
                continue
            has_figure = bool(FIGURE.search(clause) or _VALUE.search(clause))
            if not has_figure:
                continue  # a frame ("工信部发布数据显示") or a word without figures ("通信业经济运行平稳")
            if _NO_SUBJECT.match(clause) or (_FRAME.search(clause) and not FIGURE.search(clause)):
                return ""
            if not cut_allowed(sentence, min(start + len(clause), len(sentence))) or not cut_allowed(sentence, start):
                return ""
            dated = re.match(r"(?:\d{4}年)?\d{1,2}月|截至|第?[一二三四]季度|上半年|下半年|前|全年|\d{4}年", clause)
            return clause if dated or not period else period + clause
    return ""


def _releaser(title: str, para: str, lex: Lexicon, own: str = "") -> str:
    """Who released the figures a document-named title speaks of: the title's subject, or the lead's releaser, or
    the body whose own page it is (`own`: 云合数据's "2026年2月连续剧市场表现" names no one)."""
    head = title.split("：", 1)[0] if "：" in title else ""
    if head and (lex.first(head, ORGANISATIONS) or _BODY_END.match(head)):
        return head
    m = _RELEASER.match(_LEAD_DATE.sub("", para, count=1))
    if m:
        who = m.group("who")
        if lex.knows(who) or _BODY_END.match(who):
            return who
    opening = [x for x in lex.mentions(title) if x.start == 0 and x.category in ORGANISATIONS]
    return opening[0].alias if opening else own


def figures_title(title: str, para: str, lex: Lexicon, own: str = "") -> str:
    """A statistics story titled by who and the headline figure when the chosen headline only names a document
    ("工业和信息化部：2026年1—7月通信业经济运行情况" → "工业和信息化部：1—7月电信业务收入累计完成10392亿元"), or a
    research firm's report, or an outlet's take that names no firm. Made of the lead's own words. `own`: the body
    (a ministry, an association, a research firm) whose own page the lead is, if it is one."""
    if _ADMIN_ACT.search(title):
        return title
    firm_title = _firm_title(title, para, lex, own)
    if firm_title != title:
        return firm_title
    event = title.split("：", 1)[1] if "：" in title else title
    if FIGURE.search(title) or not _DOCUMENT.search(event):
        return title
    who = _releaser(title, para, lex, own)
    fact = headline_figure(para)
    if not who or not 6 <= len(fact) <= 40:
        return title
    return f"{who}：{fact}"


def _firm_title(title: str, para: str, lex: Lexicon, own: str = "") -> str:
    """A research firm's story: the firm, then its figure ("QuestMobile：五一假期短视频人均单日使用时长158.6分钟"), when
    the chosen headline is the report's name ("2026年五一假期用户行为洞察") or a take that names no firm."""
    m = _SHOWN.match(para)
    if not m:
        return title
    firm = (m.group("firm") or m.group("firm2") or "").strip()
    known = lex.first(firm, ("research",))
    if not known and own.startswith(firm):
        known = own  # "艺恩数据显示" on 艺恩数据's own page: the firm by its full name
    if not known and not _RESEARCH_END.search(firm):
        return title
    name = known or firm
    aliases = {name, firm, *lex.category("research").get(name, ())}
    if any(title.startswith(a) for a in aliases if a) and FIGURE.search(title):
        return title  # already the firm's figure
    clauses = [c for c in re.split(r"[，,]", m.group("fact")) if c]
    if not clauses:
        return title
    fact = clauses[0]
    if TIME_CLAUSE.match(fact) and len(clauses) > 1:
        fact += clauses[1]  # "2026年4月，微短剧投流…" → "2026年4月微短剧投流…"
    if not FIGURE.search(fact) or not 6 <= len(fact) <= 40 or not cut_allowed(m.group("fact"), len(fact)):
        return title
    return f"{name}：{fact}"


def period_without_year(title: str, published: datetime | None) -> str:
    """"QuestMobile：2026年3月…" → "QuestMobile：3月…": the house leaves out the year of a period the issue's readers
    place without it — this year's, or last year's months not yet come round again (a January issue's 12月)."""
    if published is None:
        return title

    def drop(m: re.Match[str]) -> str:
        if re.search(r"(?:发布|公布|通报|印发|披露|出台)$", title[: m.start()]):
            return m.group(0)  # a document's name after its verb ("发布2025年上半年工作情况通报") keeps its year
        year = int(m.group("year"))
        month = int(m.group("month")) if m.group("month") else 0
        recent = year == published.year or (year == published.year - 1 and month > published.month)
        return "" if recent else m.group(0)

    return _PERIOD_YEAR.sub(drop, title)
