"""Another beat's sections from its profile alone: a story of a kind goes where the profile marks such stories
(国际, 数据与研究, 行业统计 …), a model of thirty examples does not outvote the keyword rules, and a section that
groups by platform groups the office's companies too."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from zhoubao.classify.learn import learn
from zhoubao.classify.marked import figures_of, marked_section, opens_abroad, story_home
from zhoubao.classify.sections import LEARNED_WEIGHT, classify_many, learned_weight
from zhoubao.compose.compose import Candidate, compose, platform_of
from zhoubao.conf.settings import ProfileSpec, SectionSpec, load
from zhoubao.text.gazetteer import lexicon_for, lexicon_table


def _sec(name: str, description: str, keywords: tuple[str, ...] = (), group_by: str = "") -> SectionSpec:
    return SectionSpec(name, description, keywords, group_by, 0.5, "")


def _profile(tmp_path: Path, *sections: SectionSpec) -> ProfileSpec:
    base = load(tmp_path, env={}).profile
    return dataclasses.replace(base, sections=tuple(sections), fallback_section=sections[0].name)


ENERGY = (
    _sec("要闻", "中央领导关于能源的重要讲话与部署", ("国务院常务会议",)),
    _sec("市场", "电网建设与电力市场；部委的行业统计", ("电网", "电力市场", "交易")),
    _sec("新能源", "光伏、风电项目与产品", ("光伏", "风电", "组件"), "platform"),
    _sec("企业动态", "企业经营与合作，按企业归并", ("集团", "公司", "签署"), "platform"),
    _sec("海外", "境外能源政策与市场动向", ("当地时间",)),
    _sec("数据与研究", "第三方研究机构的市场数据与报告", ("报告", "研究")),
)
LEX = lexicon_for(lexicon_table({
    "regulators": ["国家能源局=能源局"], "research": ["彭博新能源财经=BNEF"],
    "companies": ["国家电网=国网", "隆基绿能=隆基"]}))


def test_the_marked_section_is_named_for_abroad_and_described_for_figures(tmp_path: Path) -> None:
    p = _profile(tmp_path, *ENERGY)
    assert marked_section(p, "abroad") == "海外"
    assert marked_section(p, "statistics") == "市场"  # this office files ministries' figures under 市场
    assert marked_section(p, "research") == "数据与研究"
    assert marked_section(p, "leadership") == "要闻"
    assert marked_section(p, "nonsense") == ""
    # A description that merely mentions what happens abroad does not make a section the international one.
    plain = _profile(tmp_path, _sec("行业", "政策法规；影响行业的重大海外动态"), _sec("技术", "模型发布"))
    assert marked_section(plain, "abroad") == ""
    # Two sections describing statistics: the one named for data wins; with none so named, no section is marked.
    both = _profile(tmp_path, _sec("市场", "部委的行业统计"), _sec("数据", "统计数据与研究"))
    assert marked_section(both, "statistics") == "数据"
    neither = _profile(tmp_path, _sec("市场", "部委的行业统计"), _sec("行业", "协会统计"))
    assert marked_section(neither, "statistics") == ""
    # dev-zp: a personnel section of "领导人员任免" is not the leaders' section (a leader's inspection went nowhere).
    leaders = _profile(tmp_path, _sec("要闻", "中央领导同志的重要讲话和文章，国家领导人调研"),
                       _sec("人事", "能源主管部门和能源企业领导人员任免"))
    assert marked_section(leaders, "leadership") == "要闻"


def test_figures_need_a_body_speaking_and_a_figure() -> None:
    assert figures_of("国家能源局：1—10月全社会用电量同比增长5.1%", LEX) == "statistics"
    assert figures_of("国家统计局：10月份规上工业发电量同比增长7.9%", LEX) == "statistics"
    assert figures_of("彭博新能源财经：全球储能系统均价一年降三成", LEX) == "research"
    assert figures_of("中国旅游研究院：一季度入境游客同比增长40%", LEX) == "research"
    assert figures_of("国家能源局：开展为期6个月的专项监管", LEX) == ""  # a campaign, not figures
    assert figures_of("第三批集采落地：平均降价49%", LEX) == ""  # no body speaks
    assert figures_of("国家能源局发布1—10月份全国电力工业统计数据", LEX) == ""  # no colon: kinds.py judges it


def test_opens_abroad_is_the_subject_not_a_mention() -> None:
    assert opens_abroad("欧盟拟限制高风险供应商逆变器接入电网")
    assert opens_abroad("COP30在巴西贝伦闭幕")
    assert opens_abroad("OpenAI呼吁美国每年新增100GW发电装机")
    assert not opens_abroad("宁德时代与阿联酋马斯达尔签署储能协议")
    assert not opens_abroad("我国对美国出口光伏组件下降")
    # A company of the lexicon, then a place abroad: its move abroad ("隆基沙特工厂投产"); a partner is not.
    assert opens_abroad("隆基沙特工厂投产", LEX) and opens_abroad("隆基绿能：在越南新建组件工厂", LEX)
    assert not opens_abroad("隆基沙特工厂投产")  # without the office's names nothing tells a company
    assert not opens_abroad("隆基与沙特ACWA签署协议", LEX) and not opens_abroad("隆基发布组件，出口美国", LEX)


def test_an_associations_named_report_is_research(tmp_path: Path) -> None:
    p = _profile(tmp_path, _sec("企业", "光伏企业动态", ("光伏",)),
                 _sec("研究", "第三方研究机构和行业组织发布的研究报告"))
    lex = lexicon_for(lexicon_table({"associations": ["中国光伏行业协会=光伏协会"]}))
    p = dataclasses.replace(p, beat=dataclasses.replace(p.beat, keywords=("光伏",)))
    lead = "中国光伏行业协会发布《中国光伏产业发展报告（2025）》。"
    assert story_home(p, "《中国光伏产业发展报告（2025）》发布", lex, lead=lead) == ("研究", "research")
    # Without a report named, an association's news is not research.
    assert story_home(p, "光伏协会召开光伏企业座谈会", lex, lead="中国光伏行业协会召开座谈会。") == ("", "")


def test_a_story_of_a_kind_goes_to_its_marked_section_whatever_its_words(tmp_path: Path) -> None:
    p = _profile(tmp_path, *ENERGY)
    stories = [("欧盟拟限制高风险供应商光伏组件接入电网", "当地时间11月20日，欧盟委员会提出草案。"),
               ("彭博新能源财经：光伏组件均价同比下降20%", "报告显示……"),
               ("隆基绿能发布新一代光伏组件", "11月18日，隆基绿能发布组件。")]
    homes = [story_home(p, t, LEX, lead=x) for t, x in stories]
    assert homes == [("海外", "abroad"), ("数据与研究", "research"), ("", "")]
    plain = [g.section for g, _p in classify_many(p, stories)]
    assert plain == ["新能源", "新能源", "新能源"]  # the keywords alone say 光伏/组件
    moved = [g for g, _p in classify_many(p, stories, homes=homes)]
    assert [g.section for g in moved] == ["海外", "数据与研究", "新能源"]
    assert moved[0].method.endswith("+kind") and moved[2].method == "rules"
    # A marked section the profile does not have changes nothing.
    assert classify_many(p, stories[:1], homes=[("国际", "abroad")])[0][0].section == "新能源"


def test_a_model_of_few_examples_weighs_little_against_the_rules(tmp_path: Path) -> None:
    names = [s.name for s in ENERGY]
    few = [{"title": f"{n}的一条例子{i}", "text": "……", "section": n} for n in names for i in range(4)]
    many = [{"title": f"{n}的一条例子{i}", "text": "……", "section": n} for n in names for i in range(40)]
    small, big = learn(few, sections=names), learn(many, sections=names)
    assert learned_weight(small, LEARNED_WEIGHT) < 0.2 * LEARNED_WEIGHT
    assert learned_weight(big, LEARNED_WEIGHT) == LEARNED_WEIGHT
    # With the small model, a headline full of one section's keywords goes there.
    p = _profile(tmp_path, *ENERGY)
    [(guess, _p)] = classify_many(p, [("电网公司电力市场交易规模创新高", "电力市场交易电量……")], small)
    assert guess.section == "市场"


def test_a_section_grouped_by_platform_groups_the_offices_companies(tmp_path: Path) -> None:
    p = _profile(tmp_path, *ENERGY)

    def c(key: int, title: str, lead: str) -> Candidate:
        return Candidate(key, "企业动态", 1.0 + key, title, [lead], lead)

    cands = [c(1, "国家电网：2025年电网投资将超过6500亿元", "11月18日，国家电网公司表示……"),
             c(2, "国网与华为签署战略合作协议", "11月19日，国家电网与华为签署协议。"),
             c(3, "某发电集团发行绿色债券", "11月20日，某发电集团发行债券。")]
    assert platform_of(cands[1], LEX) == "国家电网"
    assert platform_of(cands[2], LEX) == ""
    items = compose(p, cands, lexicon=LEX)
    grouped = [i for i in items if i.group]
    assert len(grouped) == 1 and grouped[0].group == "国家电网"
    assert grouped[0].title.startswith("国家电网：") and "华为" in grouped[0].title
    assert sorted(m.key for m in grouped[0].parts) == [1, 2]


def test_an_english_led_story_is_read_through_its_chinese_retelling() -> None:
    from zhoubao.app.build import ReportIn, _chinese_reader

    reports = [ReportIn("EU proposes curbs on high-risk inverter suppliers", "BRUSSELS ...", None, "Reuters", "media"),
               ReportIn("欧盟拟限制高风险供应商逆变器接入电网", "当地时间……", None, "第一财经", "media"),
               ReportIn("欧盟委员会：评估逆变器风险", "……", None, "新华社", "state_media")]
    titles = [r.title for r in reports]
    assert _chinese_reader([0, 1, 2], 0, titles, reports) == 2  # the most authoritative Chinese one
    assert _chinese_reader([0, 1, 2], 1, titles, reports) == 1  # a Chinese representative stays
    assert _chinese_reader([0], 0, titles, reports) == 0  # nothing else to read


def test_an_appointment_goes_to_the_section_named_or_described_for_personnel(tmp_path: Path) -> None:
    sports = (_sec("赛事", "赛事经济：办赛、赞助、版权", ("联赛", "中超公司")),
              _sec("企业", "体育用品企业的战略与新品", ("发布",), "platform"),
              _sec("人事", "政府部门、协会和企业的任免与高管变动", ("董事长",)))
    p = _profile(tmp_path, *sports)
    assert marked_section(p, "personnel") == "人事"
    # The description marks it when no section is named so.
    q = _profile(tmp_path, sports[0], sports[1], _sec("动态", "企业高管变动与任免", ()))
    assert marked_section(q, "personnel") == "动态"
    assert story_home(p, "中超公司换帅 周振宇当选董事长", LEX) == ("人事", "personnel")
    assert story_home(p, "安踏体育(02020)：委任林晓东为斐乐集团总裁", LEX) == ("人事", "personnel")
    # A merger that names its new chief in a later clause is the merger's story; a renewal is no appointment.
    assert story_home(p, "派拉蒙与天空之舞完成合并，大卫·埃里森出任CEO", LEX) == ("", "")
    assert story_home(p, "李宁与中国乒乓球协会续约至2032年", LEX) == ("", "")
    # A profile with no such section: nothing moves.
    assert story_home(_profile(tmp_path, *sports[:2]), "中超公司换帅 周振宇当选董事长", LEX) == ("", "")


def test_a_headline_that_opens_with_its_speaker_is_the_speakers_group(tmp_path: Path) -> None:
    lex = lexicon_for(lexicon_table({"platforms": ["起点国际=WebNovel"], "companies": ["阅文集团=阅文"]}))
    p = _profile(tmp_path, _sec("数字出版", "网络文学与数字阅读，按企业归并", ("网络文学",), "platform"))

    def c(key: int, title: str) -> Candidate:
        return Candidate(key, "数字出版", 1.0 + key, title, ["6月1日，……。"], "6月1日，……。")

    cands = [c(1, "阅文：起点国际上半年新增AI翻译作品3200部"), c(2, "阅文作家助手上线AI“智能设定集”")]
    assert [platform_of(x, lex) for x in cands] == ["阅文集团", "阅文集团"]
    [item] = [i for i in compose(p, cands, lexicon=lex) if i.group]
    # One colon to a title: the member's own colon becomes a comma.
    assert item.title.count("：") == 1 and item.title.startswith("阅文集团：")
    # A platform named first is still its own subject.
    assert platform_of(c(3, "起点国际上线泰语频道"), lex) == "起点国际"


def test_a_makers_ai_product_is_grouped_with_its_news_where_the_section_groups_no_works(tmp_path: Path) -> None:
    lex = lexicon_for(lexicon_table({"platforms": ["海尔智家=海尔", "爱奇艺"]}))

    def c(key: int, section: str, title: str) -> Candidate:
        return Candidate(key, section, 1.0 + key, title, ["3月26日，……。"], "3月26日，……。")

    makers = _profile(tmp_path, _sec("企业动态", "家电企业的新品、战略与合作，按企业归并", ("发布",), "platform"))
    news = [c(1, "企业动态", "海尔智家发布HomeGPT 2.0开启家电智能体时代"), c(2, "企业动态", "海尔智家与京东签署战略合作协议")]
    [item] = [i for i in compose(makers, news, lexicon=lex) if i.group]
    assert item.group == "海尔智家" and len(item.parts) == 2
    # In a section of works (内容: shows, series), a platform's AI product is not one of its shows.
    shows = _profile(tmp_path, _sec("内容", "网络剧、综艺、纪录片的上线与开播，按平台分组", ("开播",), "platform"))
    items = compose(shows, [c(3, "内容", "爱奇艺发布AI剧本大模型"), c(4, "内容", "爱奇艺网络剧《长安》开播")],
                    lexicon=lex)
    assert not [i for i in items if i.group]


def test_a_companys_money_goes_to_the_section_named_for_capital(tmp_path: Path) -> None:
    telecom = _profile(tmp_path, _sec("要闻", "中央领导的重要讲话"), _sec("技术与产业", "设备、卫星互联网与新技术", ("卫星", "6G")),
                       _sec("资本与人事", "融资并购、上市与高管任免"), _sec("国际", "境外运营商与监管"))
    assert marked_section(telecom, "capital") == "资本与人事"
    assert story_home(telecom, "天链星联完成5亿元B轮融资 加速卫星互联网终端研发", LEX)[0] == "资本与人事"
    assert story_home(telecom, "点众科技递表港交所，去年营收46.8亿元", LEX)[0] == "资本与人事"
    # A product put on the market is no money raised; with no section named for capital nothing is marked.
    assert story_home(telecom, "华为发布卫星通信手机 6月1日起上市", LEX) == ("", "")
    assert story_home(_profile(tmp_path, *ENERGY), "隆基绿能完成10亿元定增", LEX) == ("", "")


def test_a_markets_money_or_a_regulators_case_about_a_deal_is_not_a_companys_capital() -> None:
    from zhoubao.classify.marked import raises

    assert raises("天链星联完成5亿元B轮融资", LEX)
    assert not raises("动脉网：11月全球医疗健康领域融资总额52.3亿美元", LEX)
    assert not raises("高通收购以色列芯片公司未申报，被市场监管总局立案调查", LEX)
    assert not raises("国家能源局：支持储能企业通过并购重组做优做强", LEX)
