"""Stage functions in their simplest form: dedupe, sections and beat, rank, draft, compose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from zhoubao.classify.rank import score
from zhoubao.classify.sections import classify, on_beat
from zhoubao.compose.compose import (
    Candidate,
    ComposedItem,
    compose,
    highlight_sections,
    pick_highlights,
    platform_of,
)
from zhoubao.conf.settings import load
from zhoubao.dedupe.stories import Doc, cluster
from zhoubao.draft.extractive import clean_title, draft_paragraph, strip_dateline
from zhoubao.text.gazetteer import lexicon_for, lexicon_table

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
    gov = score(outlet_kinds=["regulator"], outlets=1, published=T0, window_end=end, section_weight=0.8)
    blog = score(outlet_kinds=["blog"], outlets=1, published=T0, window_end=end, section_weight=0.8)
    wide = score(outlet_kinds=["blog"], outlets=5, published=T0, window_end=end, section_weight=0.8)
    assert gov > blog and wide > blog


def test_title_cleanup() -> None:
    assert clean_title("【独家】爱奇艺发布新剧《山海长歌》定档6月_新浪科技") == "爱奇艺发布新剧《山海长歌》定档6月"
    assert clean_title("快讯｜广电总局：加强微短剧管理。") == "广电总局：加强微短剧管理"
    assert clean_title("B站第一季度营收70亿元 - 界面新闻") == "B站第一季度营收70亿元"
    # A real part of the headline after a dash is not a site name.
    assert clean_title("2025-2026年度片单发布") == "2025-2026年度片单发布"
    # A bare hyphen inside the words (dev-t's 二维-硅基, RISC-V) is kept; before a site name it is cut.
    assert clean_title("我国科研团队研制出全球首颗二维-硅基混合架构闪存芯片") == "我国科研团队研制出全球首颗二维-硅基混合架构闪存芯片"
    assert clean_title("平头哥推出玄铁C950，RISC-V高性能处理器再升级") == "平头哥推出玄铁C950，RISC-V高性能处理器再升级"
    assert clean_title("国务院常务会议研究集成电路产业-新华网") == "国务院常务会议研究集成电路产业"
    assert clean_title("华为发布新一代麒麟芯片-IT之家") == "华为发布新一代麒麟芯片"


def test_page_title_splits_at_a_bare_hyphen_only_before_a_site_name() -> None:
    from zhoubao.collect.html import _split_title

    assert _split_title("平头哥推出玄铁C950，RISC-V高性能处理器再升级") == ["平头哥推出玄铁C950，RISC-V高性能处理器再升级"]
    assert _split_title("全球首颗二维-硅基混合架构闪存芯片") == ["全球首颗二维-硅基混合架构闪存芯片"]
    assert _split_title("国务院常务会议研究集成电路产业-人民网") == ["国务院常务会议研究集成电路产业", "人民网"]
    assert _split_title("华为发布新一代麒麟芯片_新浪科技") == ["华为发布新一代麒麟芯片", "新浪科技"]


def test_paragraph_leads_with_date_and_drops_dateline() -> None:
    text = "新华社北京6月3日电（记者 张三）" + RELEASE + "\n第二段说明背景。"
    assert strip_dateline(text).startswith("国家广播电视总局")
    para = draft_paragraph(text, T0, tz="Asia/Shanghai")
    assert para.startswith("6月3日，国家广播电视总局")
    assert para.endswith("。") and len(para) <= 200
    assert draft_paragraph("近日，优酷宣布……", T0, tz="Asia/Shanghai").startswith("近日，优酷")


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


def test_a_grouped_title_drops_the_company_only_as_a_whole_word(tmp_path: Path) -> None:
    p = _profile(tmp_path)
    cands = [Candidate(1, "内容", 3.0, "腾讯视频：网络剧《甲》开播", ["6月3日，网络剧《甲》在腾讯视频开播。"], ""),
             Candidate(2, "内容", 2.0, "腾讯视频旗下《乙》定档", ["6月4日，《乙》在腾讯视频定档。"], "")]
    [item] = compose(p, cands)
    assert item.group == "腾讯视频" and item.title == "腾讯视频：网络剧《甲》开播 | 腾讯视频旗下《乙》定档"


def test_a_grouped_title_drops_the_companys_longest_name_with_its_legal_form_and_code(tmp_path: Path) -> None:
    p = _profile(tmp_path)
    lex = lexicon_for(lexicon_table({"platforms": ["恒瑞医药=恒瑞"]}))
    cands = [Candidate(1, "内容", 3.0, "恒瑞医药(600276.SH)：伊瑞奇单抗获得注册证书", ["6月3日，……。"], ""),
             Candidate(2, "内容", 2.0, "恒瑞医药股份有限公司公告：委任总裁", ["6月4日，……。"], ""),
             Candidate(3, "内容", 1.0, "恒瑞1类创新药苏瑞替尼片获批上市", ["6月5日，……。"], ""),
             Candidate(4, "内容", 0.5, "恒瑞医药(600276.SH)拟发行H股", ["6月6日，……。"], "")]
    [item] = compose(p, cands, lexicon=lex)
    assert item.title == "恒瑞医药：伊瑞奇单抗获得注册证书 | 委任总裁 | 1类创新药苏瑞替尼片获批上市 | 拟发行H股", item.title


def test_platform_of_is_the_subject_not_a_mention() -> None:
    def c(title: str, lead: str) -> Candidate:
        return Candidate(0, "内容", 1.0, title, [lead], lead)

    assert platform_of(c("爱奇艺综艺《乙》定档", "6月4日，综艺《乙》定档。")) == "爱奇艺"
    assert platform_of(c("《甲》今晚开播", "6月3日晚，网络剧《甲》在优酷开播。")) == "优酷"
    assert platform_of(c("《甲》开播，腾讯视频押注喜剧", "6月3日，喜剧综艺《甲》在腾讯视频开播。")) == "腾讯视频"
    assert platform_of(c("《丙》首播", "6月5日，芒果TV、湖南卫视联合出品的综艺《丙》将于6月6日首播。")) == "芒果TV"
    assert platform_of(c("《丁》播放量破3000万", "9月19日开播的芒果TV慢综艺《丁》，首期播放量破3000万。")) == "芒果TV"
    # Mentioned only: one of many signatories, a figure in a market report, a platform's AI product.
    assert platform_of(c("微短剧大会在杭州开幕", "6月7日，微短剧大会在杭州开幕，爱奇艺、优酷等42家机构签署公约。")) == ""
    assert platform_of(c("爱奇艺、优酷等42家平台签署自律公约", "6月7日，……")) == ""
    assert platform_of(c("5月剧集市场：上新58部", "据骨朵数据统计，5月全网上新剧集58部。分平台看，腾讯视频上新17部。")) == ""
    assert platform_of(c("爱奇艺上线AI辅助译制系统", "7月11日，爱奇艺宣布上线AI辅助译制系统。")) == ""
    # A headline's subject is in its first clause: a platform named after it is only mentioned.
    assert platform_of(c("育碧下调全年指引，腾讯持股子公司不受影响", "1月14日，育碧下调全年指引。")) == ""
    # The second of the places a show airs; another report's lead; the platform's own press room.
    assert platform_of(c("《星河》首播", "8月11日，奇幻剧《星河》在湖南卫视金鹰独播剧场和芒果TV同步首播。")) == "芒果TV"
    told = Candidate(0, "内容", 1.0, "《深水》收官", ["8月13日，《深水》迎来大结局。"], "《深水》迎来大结局！",
                     leads=("新京报讯 8月13日，悬疑剧《深水》在腾讯视频收官。",))
    assert platform_of(told) == "腾讯视频"
    own = Candidate(0, "内容", 1.0, "《深水》收官", ["8月13日，《深水》迎来大结局。"], "", publishers=("腾讯视频", "新京报"))
    assert platform_of(own) == "腾讯视频"
    assert platform_of(Candidate(0, "内容", 1.0, "《深水》收官", ["8月13日，《深水》迎来大结局。"], "",
                                 publishers=("腾讯视频", "爱奇艺"))) == ""  # two platforms published: no telling


def test_highlights_prefer_regulator_actions_over_lists_and_statistics() -> None:
    def item(sec: str, title: str, lead: str, score: float, auth: float = 1.0) -> ComposedItem:
        return ComposedItem(sec, title, [lead], [Candidate(0, sec, score, title, [lead], lead, auth)])

    items = [
        item("要闻", "中哈签署视听领域合作谅解备忘录", "6月2日，……", 6.0),
        item("要闻", "视听周开幕", "6月2日，……", 5.5),
        item("要闻", "第三条要闻", "6月2日，……", 5.0),
        item("行业", "国家广播电视总局公布推荐片单", "6月3日，国家广播电视总局公布推荐片单。", 6.5),
        item("行业", "工信部：前8月移动互联网累计流量同比增长15.6%", "9月19日，工信部发布……", 6.4),
        item("行业", "中央网信办部署开展“清朗”专项行动", "6月5日，中央网信办印发通知，开展专项行动。", 5.9),
        item("行业", "广电总局：重点网络微短剧实行分类分层审核", "近日，国家广播电视总局办公厅印发《关于规范网络微短剧的通知》，"
             "自7月1日起施行。", 5.8),
        item("行业", "抖音：已处置未标识AI生成内容41万条", "9月17日，抖音发布公告……", 5.0, 0.6),
        item("行业", "商务部等9部门：印发《关于扩大服务消费的若干政策措施》", "日前，商务部等9部门印发……", 4.0),
    ]
    # Of like coverage (one outlet each), the lead section's items come first (the editors' habit on the labelled
    # weeks), then the regulators acting — never the list, the statistics or the platform's notice.
    pick_highlights(items, 6, lead=["要闻"], consequence_from=["行业"])
    chosen = [it.title for it in items if it.highlight]
    assert chosen == ["中哈签署视听领域合作谅解备忘录", "视听周开幕", "第三条要闻", "中央网信办部署开展“清朗”专项行动",
                      "广电总局：重点网络微短剧实行分类分层审核", "商务部等9部门：印发《关于扩大服务消费的若干政策措施》"]
    assert [it.highlight for it in items if it.highlight] == [1, 2, 3, 4, 5, 6]


def test_a_state_council_item_is_a_highlight_wherever_it_stands_in_the_top_news() -> None:
    def item(sec: str, title: str, score: float) -> ComposedItem:
        return ComposedItem(sec, title, ["6月2日，……"], [Candidate(0, sec, score, title, ["6月2日，……"], "", 1.0)])

    items = [item("要闻", "国新办举行新闻发布会", 6.0), item("要闻", "中哈签署视听领域合作谅解备忘录", 5.5),
             item("要闻", "国务院常务会议研究扩大服务消费有关举措", 5.0), item("要闻", "视听周开幕", 4.9),
             item("行业", "中央网信办部署开展“清朗”专项行动", 5.9)]
    # Four lines: three of 要闻 (the State Council's, third in the section, before 视听周) and, as no section fills every
    # line while another has a candidate, the campaign.
    pick_highlights(items, 4, lead=["要闻"], consequence_from=["行业"])
    assert [it.title for it in items if it.highlight] == [
        "国新办举行新闻发布会", "中哈签署视听领域合作谅解备忘录", "国务院常务会议研究扩大服务消费有关举措",
        "中央网信办部署开展“清朗”专项行动"]


def _hl_item(sec: str, title: str, outlets: int = 1, lead: str = "6月2日，……") -> ComposedItem:
    return ComposedItem(sec, title, [lead], [Candidate(0, sec, 5.0, title, [lead], lead, 1.0, outlets=outlets)])


def test_highlights_go_to_the_stories_most_outlets_carried() -> None:
    # A rule six outlets told outranks a draft for comment one outlet told, for all its "rule" words, and the
    # lead section's third item of one outlet.
    items = [_hl_item("要闻", "视听周开幕", 5), _hl_item("要闻", "第三条要闻"),
             _hl_item("行业", "国家广播电视总局就《网络视听节目管理办法（征求意见稿）》公开征求意见", 1,
                      "6月3日，国家广播电视总局印发通知，就《网络视听节目管理办法（征求意见稿）》公开征求意见。"),
             _hl_item("行业", "国家广播电视总局：进一步规范网络微短剧播出", 6)]
    pick_highlights(items, 2, lead=["要闻"], consequence_from=["行业"])
    assert [it.title for it in items if it.highlight] == ["视听周开幕", "国家广播电视总局：进一步规范网络微短剧播出"]


def test_the_leadership_named_is_a_highlight_below_the_top_of_the_lead() -> None:
    # A leader's inspection tour names no body the lexicon weighs as an issuer; it is still the central leadership.
    items = [_hl_item("要闻", "国家广播电视总局：全国网络视听工作会议召开", 3),
             _hl_item("要闻", "国家广播电视总局与某国签署合作谅解备忘录", 3),
             _hl_item("要闻", "习近平在河南考察", 3)]
    pick_highlights(items, 2, lead=["要闻"], consequence_from=[])
    assert [it.title for it in items if it.highlight] == ["国家广播电视总局：全国网络视听工作会议召开", "习近平在河南考察"]


def test_one_section_does_not_fill_the_whole_digest_while_another_has_a_candidate() -> None:
    items = [_hl_item("要闻", f"要闻{i}", 6) for i in range(5)]
    items.append(_hl_item("行业", "中央网信办部署开展“清朗”专项行动", 2, "6月5日，中央网信办印发通知，开展专项行动。"))
    pick_highlights(items, 5, lead=["要闻"], consequence_from=["行业"])
    assert [it.title for it in items if it.highlight] == ["要闻0", "要闻1", "要闻2", "要闻3", "中央网信办部署开展“清朗”专项行动"]
    alone = [_hl_item("要闻", f"要闻{i}", 6) for i in range(5)]  # with nothing else to take, all five
    pick_highlights(alone, 5, lead=["要闻"], consequence_from=["行业"])
    assert all(it.highlight for it in alone)


def _unmarked_profile(tmp: Path):  # type: ignore[no-untyped-def]
    (tmp / "zhoubao.toml").write_text(
        "[profile]\ntitle = \"医药行业周报\"\nhighlights = 2\n"
        "[[profile.sections]]\nname = \"要闻\"\ndescription = \"领导人讲话，国务院常务会议\"\n"
        "[[profile.sections]]\nname = \"审评审批\"\ndescription = \"监管机构对药品的上市批准\"\n"
        "[[profile.sections]]\nname = \"政策监管\"\ndescription = \"部门的政策、规章、公告、征求意见稿和标准规范\"\n"
        "[[profile.sections]]\nname = \"企业\"\ndescription = \"业绩、融资、上市\"\n", encoding="utf-8")
    return load(tmp, env={}).profile


def test_a_profile_that_marks_no_highlight_section_leads_with_its_first_and_its_rules_section(tmp_path: Path) -> None:
    p = _unmarked_profile(tmp_path)
    assert not p.sections_with("lead") and not p.sections_with("consequence")
    assert highlight_sections(p) == (["要闻"], ["政策监管"])  # 审评审批 names 监管 once: not its rules section
    cands = [Candidate(1, "要闻", 6.0, "国务院常务会议研究医药产业", ["6月2日，……"], "", 1.0, outlets=5),
             Candidate(2, "审评审批", 5.0, "某药获批上市", ["6月3日，……"], "", 1.0, outlets=1),
             Candidate(3, "审评审批", 4.9, "另一药获批临床", ["6月3日，……"], "", 1.0, outlets=1),
             Candidate(4, "政策监管", 4.0, "国家药监局：印发《药品网络销售监督管理办法》",
                       ["6月4日，国家药监局印发《药品网络销售监督管理办法》。"], "", 1.0, outlets=4)]
    items = compose(p, cands)
    # Not the first items in print order (the two approvals): the State Council and the rule.
    assert [it.title for it in items if it.highlight] == ["国务院常务会议研究医药产业", "国家药监局：印发《药品网络销售监督管理办法》"]
    p2 = load(tmp_path / "plain", env={}).profile
    assert highlight_sections(p2) == (["要闻"], ["行业"])  # the marks, where the profile sets them


def test_compose_groups_by_platforms_the_profile_adds(tmp_path: Path) -> None:
    from zhoubao.text.gazetteer import lexicon_for, lexicon_table

    p = _profile(tmp_path)
    cands = [
        Candidate(1, "内容", 3.0, "星河视频：网络剧《甲》开播", ["6月3日，网络剧《甲》在星河视频开播。"], ""),
        Candidate(2, "内容", 2.0, "星河视频综艺《乙》定档", ["6月4日，综艺《乙》定档。"], ""),
    ]
    # Unknown to the shipped lexicon: two single items.
    assert [len(i.parts) for i in compose(p, cands)] == [1, 1]
    lex = lexicon_for(lexicon_table({"platforms": ["星河视频=星河"]}))
    items = compose(p, cands, lexicon=lex)
    assert len(items) == 1 and items[0].group == "星河视频"
    assert items[0].title == "星河视频：网络剧《甲》开播 | 综艺《乙》定档"
