"""Issue 11, a beat that leans to recall: a story leaves the issue only on strong evidence; a borderline one is
proposed as 待定 with its reason, at the end of its section, never a highlight — and eval counts what editors would
drop, keep and add."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhoubao.classify.sections import STRONG_DROP, SURE_ON_BEAT, beat_evidence, beat_verdict, judge_beat
from zhoubao.compose.compose import Candidate, compose
from zhoubao.conf.settings import ProfileSpec, load
from zhoubao.evaluate.corpus import Corpus
from zhoubao.evaluate.score import score_issue
from zhoubao.text.gazetteer import lexicon_for, lexicon_table

# No word of 网络视听 in either: the beat's evidence is level 0, the classifier alone decides. (Not a company of the
# lexicon: since the lexicon carries their English names, "Tencent Music" is a word of the beat.)
FOREIGN = ("Sands China shares jump after second-quarter results", "Shares rose 8% in Hong Kong trading on Wednesday.")
# The headline's subject is of the beat (短剧), yet it is a market wrap: level 3, the classifier disagrees.
WRAP = ("收评：三大指数集体收跌 影视院线、短剧游戏板块逆势走强", "沪指跌0.5%，深成指跌0.8%，两市成交额1.8万亿元。")


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> ProfileSpec:
    return load(tmp_path_factory.mktemp("home"), env={}).profile


def test_the_levels_these_cases_stand_on(profile: ProfileSpec) -> None:
    assert beat_evidence(profile, *FOREIGN)[0] == 0
    assert beat_evidence(profile, *WRAP)[0] == 3


def test_an_unsure_classifier_makes_a_story_with_no_beat_word_pending_not_dropped(profile: ProfileSpec) -> None:
    p = 0.2  # above judge_beat's bar for a story with no beat word, below the strong one
    assert not judge_beat(profile, *FOREIGN, p)[0]
    v = beat_verdict(profile, *FOREIGN, p)
    assert v.on and v.pending.startswith("待定：未出现领域关键词，分类器把握不足") and "0.20" in v.pending
    assert not v.reason


def test_a_sure_classifier_still_drops_it_with_the_reason(profile: ProfileSpec) -> None:
    v = beat_verdict(profile, *FOREIGN, STRONG_DROP[0])
    assert not v.on and not v.pending and "未出现领域关键词" in v.reason and "分类器判断为领域外" in v.reason


def test_headline_of_the_beat_against_the_classifier_is_pending_until_the_classifier_is_very_sure(
        profile: ProfileSpec) -> None:
    v = beat_verdict(profile, *WRAP, 0.65)
    assert v.on and "标题属本刊领域" in v.pending and "概率 0.65" in v.pending
    sure = beat_verdict(profile, *WRAP, STRONG_DROP[3] + 0.05)
    assert not sure.on and not sure.pending


def test_strong_evidence_drops_without_asking(profile: ProfileSpec) -> None:
    # A topic the profile excludes (a typhoon), whatever the classifier says.
    v = beat_verdict(profile, "台风“杨柳”在福建漳浦沿海登陆", "受其影响，福建东部沿海出现强降雨。", 0.15)
    assert not v.on and not v.pending and "标题涉及" in v.reason
    # No classifier and not one word of the beat: nothing says it is ours.
    none = beat_verdict(profile, *FOREIGN, None)
    assert not none.on and not none.pending


def test_a_story_of_the_beat_is_kept_without_a_mark(profile: ProfileSpec) -> None:
    v = beat_verdict(profile, "国家广播电视总局部署微短剧治理", "国家广播电视总局发布通知，加强微短剧管理。", 0.4)
    assert v.on and not v.pending and not v.reason


def _c(key: int, section: str, score: float, pending: str = "") -> Candidate:
    return Candidate(key, section, score, f"标题{key}", [f"正文{key}。"], pending=pending)


def test_pending_items_come_last_in_their_section_alone_outside_the_limit_and_never_highlights(
        profile: ProfileSpec) -> None:
    first, second = profile.sections[0].name, profile.sections[1].name
    cands = [_c(1, first, 5.0), _c(2, first, 9.0, "待定：未出现领域关键词"), _c(3, first, 4.0), _c(4, second, 3.0),
             _c(5, second, 8.0, "待定：甲"), _c(6, second, 7.0, "待定：乙")]
    items = compose(profile, cands, max_per_section=2)
    by_sec = [[(it.parts[0].key, it.pending) for it in items if it.section == s] for s in (first, second)]
    assert [k for k, _ in by_sec[0]] == [1, 3, 2]  # the highest score of all waits after the sure ones
    assert [k for k, _ in by_sec[1]] == [4, 5, 6]
    assert all(bool(p) == (k in (2, 5, 6)) for sec in by_sec for k, p in sec)
    assert all(it.highlight is None for it in items if it.pending)
    assert all(len(it.parts) == 1 for it in items if it.pending)


def _corpus(tmp_path: Path) -> Corpus:
    reports = [{"id": f"r{i}", "story": s, "url": f"https://e.example/{i}", "title": "t", "text": "x"}
               for i, s in enumerate(["on1", "on2", "on3", "on4", "off1", "off2", "on1"])]
    stories = {"on1": {"section": "要闻"}, "on2": {"section": "要闻"}, "on3": {"section": "行业"},
               "on4": {"section": "行业"}, "off1": {"offbeat": True}, "off2": {"offbeat": True}}
    c = Corpus(tmp_path, "t", __import__("datetime").date(2025, 6, 9), 7, reports, stories)
    c.by_url = {r["url"]: r["id"] for r in reports}
    return c


def _item(i: int, pending: str = "") -> dict[str, object]:
    story = {"title": "t", "paragraphs": ["x"], "reports": [{"url": f"https://e.example/{i}"}]}
    return {"title": f"条目{i}", "paragraphs": ["x"], "stories": [story], "pending": pending}


def test_eval_counts_what_editors_drop_keep_and_add(tmp_path: Path) -> None:
    # In the issue: on1 and off1 sure, on3, off2 and a second report of on1 待定; on2 and on4 missing.
    issue = {"highlights": [], "sections": [{"name": "要闻", "items": [_item(0), _item(4), _item(6, "待定：丙")]},
                                            {"name": "行业", "items": [_item(2, "待定：甲"), _item(5, "待定：乙")]}]}
    s = score_issue(_corpus(tmp_path), issue)
    assert (s.pending_items, s.editor_drop, s.editor_drop_pending, s.editor_keep_pending, s.editor_add,
            s.editor_duplicate_pending) == (3, 1, 1, 1, 2, 1)
    # The metrics of before are those of the sure items: a 待定 story is not a leak, nor yet recalled.
    assert s.offbeat_leaks == 1 and s.issue_stories == 2 and s.story_recall == 0.25
    assert s.story_recall_with_pending == 0.5
    d = s.as_dict()
    for key in ("editor_drop", "editor_drop_pending", "editor_keep_pending", "editor_add", "pending_items",
                "editor_duplicate_pending",
                "story_recall_with_pending", "story_recall", "story_precision"):
        assert key in d


def test_an_excluded_topic_beside_a_word_of_the_beat_is_for_an_editor(profile: ProfileSpec) -> None:
    # dev-u: "机场私服" (an actor's airport outfit) under a beat of 机场; here a typhoon beside a 短视频 platform.
    clash = ("台风天抖音直播间观看量创新高", "台风登陆当天，抖音多个直播间观看量创新高。")
    assert beat_evidence(profile, *clash)[0] == 3
    v = beat_verdict(profile, *clash, SURE_ON_BEAT + 0.1)
    assert v.on and "排除的话题（台风）" in v.pending
    # Another headline of the story may carry the excluded word.
    other = beat_verdict(profile, "抖音直播间观看量创新高", "多个直播间观看量创新高。", SURE_ON_BEAT + 0.1,
                         other_titles=["台风天抖音直播观看量走高"])
    assert other.on and "台风" in other.pending
    # The classifier sure of the beat (微短剧…篮球梦) keeps it without asking.
    sure = beat_verdict(profile, *clash, SURE_ON_BEAT / 2)
    assert sure.on and not sure.pending


def test_the_beat_is_judged_on_every_headline_of_the_story(tmp_path: Path) -> None:
    # A platform's own post names neither itself nor the beat; an outlet retelling it does (B站, a platform).
    settings = load(tmp_path, env={})
    weak = frozenset(settings.classify.weak_beat_words)
    own = ("《2026拜年纪》24小时播放量破1.8亿，感谢大家！", "《2026拜年纪》上线24小时，播放量突破1.8亿，弹幕量超过600万条！")
    assert beat_evidence(settings.profile, *own, weak=weak)[0] < 2
    alone = beat_verdict(settings.profile, *own, 0.2, weak=weak)
    told = beat_verdict(settings.profile, *own, 0.2, weak=weak,
                        other_titles=["B站拜年纪24小时播放量破1.8亿，首设AI共创单元"])
    assert alone.pending and told.on and not told.pending


def test_a_passing_beat_word_and_a_classifier_short_of_sure_make_a_story_pending(profile: ProfileSpec) -> None:
    # dev-zf: a shopping platform's livestream figures; 直播 is a word of the beat only in passing here.
    story = ("淘宝直播618首阶段：68个直播间成交破亿", "6月9日，淘宝直播发布618第一阶段数据，68个直播间成交破亿，店播成交占比超六成。")
    weak = frozenset({"直播"})
    assert beat_evidence(profile, *story, weak=weak)[0] == 1
    v = beat_verdict(profile, *story, 0.44, weak=weak)
    assert v.on and v.pending.startswith("待定：领域词只是顺带提及")
    gone = beat_verdict(profile, *story, STRONG_DROP[1], weak=weak)
    assert not gone.on and "顺带提及" in gone.reason


def test_another_beat_is_spoken_of_by_its_own_names_not_the_shipped_ones(tmp_path: Path) -> None:
    # An energy weekly's profile: the shipped lexicon still names 爱奇艺 and 国家广播电视总局 (a headline naming them
    # names an organisation), but neither is the subject of its beat; its own 国家能源局 and 中电联 are.
    (tmp_path / "zhoubao.toml").write_text(
        '[profile.beat]\nkeywords = ["电力", "新能源", "光伏", "储能", "风电", "电网"]\n'
        '[profile.lexicon]\nregulators = ["国家能源局"]\nassociations = ["中国电力企业联合会=中电联"]\n',
        encoding="utf-8")
    energy = load(tmp_path, env={}).profile
    video = load(tmp_path / "video", env={}).profile
    platform = ("爱奇艺发布第三季度财报", "爱奇艺公布第三季度业绩，总营收66亿元。")
    body = ("国家广播电视总局部署年度重点工作", "国家广播电视总局召开会议，部署明年重点工作。")
    assert beat_evidence(video, *platform)[0] == 3 and beat_evidence(video, *body)[0] == 3
    assert beat_evidence(energy, *platform)[0] == 2 and beat_evidence(energy, *body)[0] == 2
    lex = lexicon_for(lexicon_table(energy.lexicon))
    assert beat_evidence(energy, *platform, lex)[0] == 2
    assert beat_evidence(energy, "中电联发布上半年行业报告", "中电联发布报告。", lex)[0] == 3
    # The classifier sure it is off the beat: the shipped beat keeps a platform's news, the energy weekly does not.
    assert judge_beat(video, *platform, 0.7)[0]
    assert not judge_beat(energy, *platform, 0.7)[0]
