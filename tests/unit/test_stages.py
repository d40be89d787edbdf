"""Stage functions in their simplest form: dedupe, sections and beat, rank, draft, compose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from zhoubao.classify.rank import score
from zhoubao.classify.sections import classify, on_beat
from zhoubao.compose.compose import Candidate, compose
from zhoubao.conf.settings import load
from zhoubao.dedupe.stories import Doc, cluster
from zhoubao.draft.extractive import clean_title, draft_paragraph, strip_dateline

T0 = datetime(2025, 6, 3, 2, 0, tzinfo=UTC)
RELEASE = ("国家广播电视总局6月3日发布《关于进一步加强微短剧管理的通知》，要求各网络视听平台落实主体责任，"
           "对微短剧实行分类分层审核。通知明确，重点微短剧须在上线前完成备案。")


def _profile(tmp: Path):  # type: ignore[no-untyped-def]
    return load(tmp, env={}).profile


def test_dedupe_merges_copies_and_keeps_different_events_apart() -> None:
    docs = [
        Doc(1, "广电总局发布微短剧管理通知", RELEASE, T0, "a"),
        Doc(2, "广电总局：进一步加强微短剧管理", "据国家广电总局网站消息，" + RELEASE, T0 + timedelta(hours=3), "b"),
        Doc(3, "广电总局发布微短剧管理通知", RELEASE, T0 + timedelta(hours=5), "a"),  # exact copy
        Doc(4, "爱奇艺发布第一季度财报", "爱奇艺6月3日公布第一季度财报，总营收72亿元，同比下降9%。", T0, "c"),
        Doc(5, "爱奇艺上线网络剧《山海长歌》", "爱奇艺6月3日宣布网络剧《山海长歌》当晚开播，共36集。", T0, "d"),
    ]
    groups = cluster(docs)
    as_keys = sorted(sorted(docs[i].key for i in g) for g in groups)
    assert as_keys == [[1, 2, 3], [4], [5]]


def test_dedupe_does_not_merge_the_same_text_weeks_apart() -> None:
    docs = [Doc(1, "t", RELEASE, T0), Doc(2, "t", RELEASE, T0 + timedelta(days=30))]
    assert len(cluster(docs)) == 2


def test_sections_by_keywords_with_reasons(tmp_path: Path) -> None:
    p = _profile(tmp_path)
    g = classify(p, "腾讯音乐发布第一季度财报：营收73.6亿元", "公司公布第一季度业绩，净利润同比增长。")
    assert g.section == "资本"
    assert "财报" in g.reasons()["keywords"]
    assert classify(p, "芒果TV综艺《乘风》定档6月20日", "").section == "内容"
    assert classify(p, "某某公司任命新任首席执行官", "").section == "人事"
    # Nothing matched: the fallback section, never an empty one.
    assert classify(p, "平平无奇", "").section == "行业"


def test_beat(tmp_path: Path) -> None:
    p = _profile(tmp_path)
    assert on_beat(p, "广电总局部署微短剧治理", RELEASE)[0]
    ok, why = on_beat(p, "中超联赛：申花2比1胜泰山", "比赛在上海举行，双方激战九十分钟。")
    assert not ok and "关注领域" in why


def test_rank_prefers_authority_and_coverage() -> None:
    end = T0 + timedelta(days=5)
    gov = score(outlet_kinds=["regulator"], outlets=1, published=T0, window_end=end, section="行业")
    blog = score(outlet_kinds=["blog"], outlets=1, published=T0, window_end=end, section="行业")
    wide = score(outlet_kinds=["blog"], outlets=5, published=T0, window_end=end, section="行业")
    assert gov > blog and wide > blog


def test_title_cleanup() -> None:
    assert clean_title("【独家】爱奇艺发布新剧《山海长歌》定档6月_新浪科技") == "爱奇艺发布新剧《山海长歌》定档6月"
    assert clean_title("快讯｜广电总局：加强微短剧管理。") == "广电总局：加强微短剧管理"
    assert clean_title("B站第一季度营收70亿元 - 界面新闻") == "B站第一季度营收70亿元"
    # A real part of the headline after a dash is not a site name.
    assert clean_title("2025-2026年度片单发布") == "2025-2026年度片单发布"


def test_paragraph_leads_with_date_and_drops_dateline() -> None:
    text = "新华社北京6月3日电（记者 张三）" + RELEASE + "\n第二段说明背景。"
    assert strip_dateline(text).startswith("国家广播电视总局")
    para = draft_paragraph(text, T0)
    assert para.startswith("6月3日，国家广播电视总局")
    assert para.endswith("。") and len(para) <= 200
    assert draft_paragraph("近日，优酷宣布……", T0).startswith("近日，优酷")


def test_compose_orders_sections_groups_platforms_and_picks_highlights(tmp_path: Path) -> None:
    p = _profile(tmp_path)
    cands = [
        Candidate(1, "内容", 3.0, "爱奇艺：网络剧《甲》开播", ["6月3日，网络剧《甲》在爱奇艺开播。"], "爱奇艺"),
        Candidate(2, "内容", 2.0, "爱奇艺综艺《乙》定档", ["6月4日，综艺《乙》定档。"], "爱奇艺"),
        Candidate(3, "内容", 2.5, "芒果TV上线纪录片《丙》", ["6月5日，纪录片《丙》上线。"], "芒果TV"),
        Candidate(4, "行业", 4.0, "国家广播电视总局：加强微短剧管理", ["6月3日，……"], "", 1.0),
        Candidate(5, "要闻", 5.0, "要闻标题", ["6月2日，……"], "", 0.85),
        Candidate(6, "资本", 1.0, "某公司完成融资", ["6月6日，……"], ""),
    ]
    items = compose(p, cands)
    assert [i.section for i in items] == ["要闻", "行业", "内容", "内容", "资本"]
    grouped = items[2]
    assert grouped.title == "爱奇艺：网络剧《甲》开播 | 综艺《乙》定档"
    assert len(grouped.paragraphs) == 2 and grouped.group == "爱奇艺"
    assert [i.highlight for i in items][:2] == [1, 2]
