"""The kinds of story the format carries whatever their words (classify/kinds.py): each kind is recognised from who
speaks and what about together, a lone word is not enough, and the profile can turn kinds off."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from zhoubao.classify.kinds import story_kind
from zhoubao.classify.sections import judge_beat
from zhoubao.conf.settings import BEAT_KINDS, load
from zhoubao.text.gazetteer import default_lexicon

BEAT = ("短视频", "剧集", "流媒体", "生成式人工智能", "用户规模")


@pytest.mark.parametrize(("title", "kind"), [
    ("习近平在中央经济工作会议上发表重要讲话", "leadership"),
    ("《求是》杂志发表习近平总书记重要文章《加快发展数字经济》", "leadership"),
    ("国务院常务会议部署促进文化消费措施", "leadership"),
    ("工业和信息化部：前三季度互联网业务收入同比增长5.6%", "statistics"),
    ("国家统计局：前三季度文化产业营业收入同比增长7.1%", "statistics"),
    ("工信部发布1-10月通信业运行数据", "statistics"),
    ("QuestMobile报告：短视频用户规模达10亿", "research"),
    ("中国信息通信研究院发布《生成式人工智能发展白皮书》", "research"),
    ("OpenAI发布视频生成模型Sora", "foreign"),
    ("Netflix第三季度营收同比增长15%", "foreign"),
    ("Omdia：全球流媒体订阅收入预计增长8%", "research"),
    # A research firm's data on another market is not the beat's.
    ("乘联分会：10月新能源零售133.6万辆 渗透率58.5%", ""),
    ("星图数据：今年双十一全网销售额16950亿元", ""),
    # A lone word of a kind is not the kind.
    ("总书记考察足球训练基地", ""),
    ("某部电视剧收视增长明显", ""),
    ("商务部发布通知加强管理", ""),
    # The economy at large is not an industry's figures.
    ("国家统计局：6月份CPI同比上涨0.1%", ""),
    ("国家统计局：8月社会消费品零售总额同比增长3.4%", ""),
    ("国家统计局发布10月份国民经济运行情况", ""),
    ("2025年1—4月电子信息制造业运行情况", ""),
    ("研究院院长谈人才培养", ""),
    ("苹果丰收季：果农增收", ""),
    ("谷歌", ""),
    ("申花2比1胜泰山", ""),
])
def test_each_kind_needs_who_and_what(title: str, kind: str) -> None:
    assert story_kind(BEAT_KINDS, title, default_lexicon(), beat_words=BEAT) == kind


def test_who_speaks_may_be_in_the_lead_and_what_about_may_be_the_beat() -> None:
    lex = default_lexicon()
    # A ministry's own page names no issuer in its headline; its first sentence does.
    assert story_kind(BEAT_KINDS, "2025年1—7月份通信业经济运行情况", lex) == ""
    assert story_kind(BEAT_KINDS, "2025年1—7月份通信业经济运行情况", lex,
                      lead="8月18日，工业和信息化部发布2025年1—7月份通信业经济运行情况") == "statistics"
    # A leader on the beat's own subject (a 医药 weekly's beat words).
    title = "刘国中：推动医疗医保医药协同发展和治理"
    assert story_kind(BEAT_KINDS, title, lex) == ""
    assert story_kind(BEAT_KINDS, title, lex, beat_words=["医保", "医药"]) == "leadership"
    assert story_kind(BEAT_KINDS, "习近平在河南考察：保护好传承好文化遗产", lex) == "leadership"


def test_a_profile_chooses_its_kinds() -> None:
    title = "习近平在中央经济工作会议上发表重要讲话"
    assert story_kind([], title) == ""
    assert story_kind(["statistics"], title) == ""
    assert story_kind(["leadership"], title) == "leadership"


def test_a_story_of_a_kind_stays_on_the_beat_unless_the_profile_turns_the_kind_off(tmp_path: Path) -> None:
    profile = load(tmp_path, env={}).profile
    title = "2025年1—7月份通信业经济运行情况"
    text = "8月18日，工业和信息化部发布数据，1—7月份电信业务收入累计完成10556亿元，同比增长1.1%。"
    # The learned classifier is sure it is off the beat (no word of 网络视听 in it): the kind keeps it.
    assert judge_beat(profile, title, text, 0.95) == (True, "")
    assert judge_beat(profile, title, "1—7月份，通信业运行平稳。", 0.95, outlet_kind="ministry") == (True, "")
    off = dataclasses.replace(profile, beat=dataclasses.replace(profile.beat, kinds=()))
    kept, why = judge_beat(off, title, text, 0.95)
    assert not kept and "不属于本刊关注领域" in why
    # An excluded topic in the headline still takes a story off.
    assert not judge_beat(profile, "中超第26轮：泰山主场3比1战胜申花", "比赛在济南进行。", 0.95)[0]
