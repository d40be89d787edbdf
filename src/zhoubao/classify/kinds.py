"""The kinds of story a weekly's format carries whatever its beat's words: leadership on the economy, culture or
technology, ministries' statistics, research firms' market data, major moves of foreign platforms and AI companies.

A story of such a kind is on the beat even when none of the beat's keywords appear in it (a leadership article on
the economy names no platform); the profile chooses the kinds (`[profile.beat] kinds`, [] for none). Each kind is
recognised from its headline by two things together — who speaks and what about — so a passing word is not enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zhoubao.conf.settings import BEAT_KINDS
from zhoubao.text.gazetteer import Lexicon

KINDS = BEAT_KINDS

# The state's leadership as headlines name it: offices, meetings, the party's journal, and (a starter list the
# office extends with [profile.lexicon] leaders) the leaders' names; central documents issued by the two offices.
LEADERS = ("习近平", "李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希", "韩正", "何立峰", "张国清", "刘国中",
           "王小洪", "吴政隆", "谌贻琴")
_LEADERS = re.compile(r"总书记|国家主席|国务院总理|政治局|中央经济工作会议|中央全面深化改革|国务院常务会议|国常会|"
                      r"《求是》|求是杂志|重要讲话|重要指示|重要文章|署名文章|贺信|致信|中共中央办公厅|国务院办公厅|"
                      r"中办|国办|" + "|".join(LEADERS))
_LEADER_TOPICS = re.compile(r"经济|文化|科技|创新|数字|网络|互联网|人工智能|新质生产力|产业|消费|媒体|宣传|文艺")

# A government body as a headline names it: a ministry, an administration, a commission, a statistics bureau.
_GOVERNMENT = re.compile(r"统计局|[\u4e00-\u9fff]{1,10}(部|总局|委员会|委|署)(?=[：:，,\s]|发布|公布|数据|统计|披露|通报|$)")
_PERIOD = re.compile(r"(前|第)[一二三四]季度|上半年|下半年|全年|前\d{1,2}个?月|\d{1,2}\s*[-—－~至]\s*\d{1,2}\s*月|"
                     r"\d{1,2}月份|\d{4}年")
# Figures of the industries a weekly of the media and the digital economy follows (通信业, 软件业务, 互联网和相关
#服务业, 文化产业) or of the beat itself (its keywords) — not the economy at large (CPI, retail sales) nor
# manufacturing.
_INDUSTRY = re.compile(r"(互联网|通信|电信|软件|信息服务|信息技术服务|数字|文化|广播电视|视听|广电)[\u4e00-\u9fff]{0,6}"
                       r"(业|产业|行业)")
_FIGURES = re.compile(r"统计|运行情况|运行数据|运行态势|收入|营收|增长|同比|下降|规模|总量|产量|销量|数据|公报")

# A research firm by the shape of its name (…研究院, … Analysis) or as one of the firms whose data the trade cites.
_RESEARCHER = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,12}(研究院|研究中心|咨询|智库|研究所)|"
                         r"[A-Z][A-Za-z]+ (Analysis|Research|Insights|Intelligence|Consulting)|"
                         r"\b(IDC|Gartner|Canalys|Omdia|Counterpoint|Sensor Tower|Nielsen|Statista)\b|尼尔森")
_NAMED_REPORT = re.compile(r"《[^》]*(报告|白皮书|蓝皮书)[^》]*》|报告显示|^报告[：:]")
_MARKET = re.compile(r"报告|数据|显示|规模|市场|份额|排名|榜单|用户|调查|指数|白皮书|预计|预测|收入|发行")

_FOREIGN = re.compile(r"OpenAI|ChatGPT|Sora|谷歌|Google|Gemini|微软|Microsoft|\bMeta\b|苹果公司|\bApple\b|英伟达|"
                      r"NVIDIA|Nvidia|Anthropic|Claude|xAI|亚马逊|Amazon|Netflix|奈飞|网飞|迪士尼|Disney|YouTube|"
                      r"华纳兄弟|派拉蒙|Paramount|Spotify|三星|Samsung", re.I)
FOREIGN = _FOREIGN  # foreign platforms and AI companies, for the sections marked for what happens abroad (marked.py)
_MOVES = re.compile(r"发布|推出|上线|开放|支持|升级|收购|并购|财报|营收|季度|裁员|起诉|诉讼|罚款|调查|合作|投资|融资|"
                    r"宣布|关停|下架|涨价|订阅|模型")


def said_by_leadership(title: str, lexicon: Lexicon | None = None) -> bool:
    """Whether the headline tells the central leadership or the State Council acting (a leader named, 国务院常务会议,
    《求是》, a central document), whatever the topic — what an editor puts in 摘要 wherever it is filed."""
    return bool(_LEADERS.search(title)) or (
        lexicon is not None and any(m.category == "leaders" for m in lexicon.mentions(title)))


def story_kind(kinds: Iterable[str], title: str, lexicon: Lexicon | None = None, *, lead: str = "",
               beat_words: Iterable[str] = (), outlet_kind: str = "") -> str:
    """The first of `kinds` the headline is of, or "". Who speaks may be the outlet itself (`outlet_kind`
    "ministry", "regulator" or "research": a ministry's own page "2025年1—7月份通信业经济运行情况") or named in
    `lead` (the first sentence); a leader's words are of the kind when they are on the economy, culture or
    technology or on the beat itself (`beat_words`)."""
    wanted = set(kinds)
    beat_words = tuple(beat_words)
    mentions = lexicon.mentions(title + "\n" + lead) if lexicon is not None else []
    in_title = lexicon.mentions(title) if lexicon is not None else []
    said_by_leader = _LEADERS.search(title) or any(m.category == "leaders" for m in in_title)
    if "leadership" in wanted and said_by_leader and (
            _LEADER_TOPICS.search(title) or any(w and w in title for w in beat_words)):
        return "leadership"
    on_industry = _INDUSTRY.search(title) or any(w and w in title for w in beat_words)
    if "statistics" in wanted and _FIGURES.search(title) and _PERIOD.search(title) and on_industry and (
            outlet_kind in ("ministry", "regulator") or _GOVERNMENT.search(title) or _GOVERNMENT.search(lead)
            or any(m.category == "regulators" for m in mentions)):
        return "statistics"
    # A firm's data on the beat's own market (剧集, 短视频 …), not on cars or shopping festivals.
    # A trade association's named report is research too (中国物流与采购联合会 releasing 《中国智慧物流发展报告》).
    if "research" in wanted and _MARKET.search(title) and any(w and w in title for w in beat_words) and (
            outlet_kind == "research" or _RESEARCHER.search(title) or any(m.category == "research" for m in mentions)
            or (_NAMED_REPORT.search(title) and any(m.category == "associations" for m in mentions))):
        return "research"
    if "foreign" in wanted and _FOREIGN.search(title) and _MOVES.search(title):
        return "foreign"
    return ""
