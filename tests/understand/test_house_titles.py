"""Drafted titles in the office's ways (draft/house.py): its names for bodies, 主体：事件 where its archive has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhoubao.draft.house import HouseStyle, abbreviates, declared_naming, office_title, with_declared_naming
from zhoubao.text.gazetteer import default_lexicon, lexicon_for, lexicon_table

SUBJECTS = HouseStyle(subject_titles=0.9)


def test_the_subject_is_put_in_front_when_the_office_writes_so() -> None:
    lex = lexicon_for({"companies": {"中芯国际": [], "华为": []}})
    assert office_title("华为发布新一轮昇腾伙伴计划", SUBJECTS, lex) == "华为：发布新一轮昇腾伙伴计划"
    assert office_title("中芯国际与天津市人民政府签署深化战略合作协议", SUBJECTS, lex) == \
        "中芯国际：与天津市人民政府签署深化战略合作协议"
    # Not the office's shape, already shaped, no organisation first, or not an event after it: as drafted.
    assert office_title("华为发布新一轮昇腾伙伴计划", HouseStyle(subject_titles=0.3), lex) == "华为发布新一轮昇腾伙伴计划"
    assert office_title("华为发布新一轮昇腾伙伴计划", None, lex) == "华为发布新一轮昇腾伙伴计划"
    for title in ("国产DRAM新突破：长鑫LPDDR5X速率冲上10667Mbps", "李强主持召开国务院常务会议", "华为的新手机卖疯了",
                  "全球首颗二维-硅基混合架构闪存芯片研制成功", "华为发布"):
        assert office_title(title, SUBJECTS, lex) == title, title


def test_a_subject_of_the_office_s_own_titles_counts_as_a_body() -> None:
    lex = default_lexicon()  # knows no 空客
    assert office_title("空客2月交付51架飞机", SUBJECTS, lex) == "空客2月交付51架飞机"
    house = HouseStyle(subject_titles=0.9, subjects=frozenset({"空客", "民航局"}))
    assert office_title("空客2月交付51架飞机", house, lex) == "空客：2月交付51架飞机"
    assert office_title("民航局印发《电动垂直起降航空器运行管理暂行规定》", house, lex) == \
        "民航局：印发《电动垂直起降航空器运行管理暂行规定》"


def test_an_english_headline_keeps_its_shape() -> None:
    lex = lexicon_for({"companies": {"汉莎航空": ["Lufthansa"]}})
    title = "Lufthansa cancels about 800 flights as pilots strike over pensions"
    assert office_title(title, SUBJECTS, lex) == title
    assert office_title("Lufthansa取消约800个航班", SUBJECTS, lex) == "Lufthansa：取消约800个航班"


def test_two_bodies_in_a_row_are_a_joint_event() -> None:
    lex = lexicon_for({"companies": {"东方航空": ["东航"], "日本航空": ["日航"]}})
    assert office_title("东航日航扩大联营合作", SUBJECTS, lex) == "东航日航扩大联营合作"
    # An abbreviation as the subject is written out as the lexicon (or the office) names the body.
    assert office_title("东航再推周末随心飞", SUBJECTS, lex) == "东方航空：再推周末随心飞"


def test_the_office_form_of_a_name_replaces_another_form_of_the_same_name_only() -> None:
    lex = lexicon_for({"regulators": {"中国民用航空局": ["民航局"]}, "companies": {"阿里巴巴": ["阿里云"]}})
    house = HouseStyle(subject_titles=0.2, naming={"中国民用航空局": "民航局", "阿里巴巴": "阿里云"})
    assert office_title("中国民用航空局：中国与沙特阿拉伯举行航空会谈", house, lex) == "民航局：中国与沙特阿拉伯举行航空会谈"
    meeting = lexicon_for({"regulators": {"国务院": ["国务院常务会议"]}})
    house3 = HouseStyle(subject_titles=0.2, naming={"国务院": "国务院"})
    assert office_title("国务院常务会议：进一步释放汽车等大宗消费潜力", house3, meeting) == \
        "国务院常务会议：进一步释放汽车等大宗消费潜力"
    brand = lexicon_for({"companies": {"携程集团": ["携程"]}})
    house4 = HouseStyle(subject_titles=0.2, naming={"携程集团": "携程集团"})
    assert office_title("“携程问道”升级上线行程规划智能体", house4, brand) == "“携程问道”升级上线行程规划智能体"
    assert office_title("携程Q1财报：营收138亿元", house4, brand) == "携程集团Q1财报：营收138亿元"
    # The lexicon's name may be the short one and the text the full one (dev-u files 民航局 first).
    short_first = lexicon_for({"regulators": {"民航局": ["中国民用航空局"]}})
    house2 = HouseStyle(subject_titles=0.2, naming={"民航局": "民航局"})
    assert office_title("中国民用航空局：民航提升旅客服务质量", house2, short_first) == "民航局：民航提升旅客服务质量"
    # 阿里云 is filed under 阿里巴巴 but is no shorter way of writing it: a subsidiary is never swapped for its parent.
    assert office_title("阿里巴巴发布财报", house, lex) == "阿里巴巴发布财报"
    assert abbreviates("民航局", "中国民用航空局") and abbreviates("南航", "南方航空")
    assert not abbreviates("阿里云", "阿里巴巴") and not abbreviates("", "华为")



def test_the_names_a_profile_declares_are_the_office_s_names_without_an_archive() -> None:
    # dev-zo's profile: "广电总局=国家广播电视总局|…" — the shipped lexicon files the body as 国家广播电视总局.
    table = {"regulators": ["广电总局=国家广播电视总局|国家广电总局", "网信办=国家互联网信息办公室|国家网信办",
                            "国务院办公厅=国办"],
             "titles": ["求是=《求是》杂志"], "terms": ["出版融合=出版深度融合"], "companies": ["贵州茅台=茅台"]}
    lex = lexicon_for(lexicon_table(table))
    naming = declared_naming(table, lex)
    house = with_declared_naming(None, naming)
    assert house is not None and not house.subject_first
    assert office_title("国家广播电视总局与沙特媒体部签署合作谅解备忘录", house, lex) == "广电总局与沙特媒体部签署合作谅解备忘录"
    assert office_title("国家网信办就短视频管理规定征求意见", house, lex) == "网信办就短视频管理规定征求意见"
    # A body filed under its parent is not the parent; a term's or a work's forms are no body's names; a two-character
    # name inside a longer word stays; a name with its marks stays.
    assert office_title("国务院任命周立衡为国家市场监督管理总局副局长", house, lex) == "国务院任命周立衡为国家市场监督管理总局副局长"
    assert office_title("全国出版深度融合发展推进会召开", house, lex) == "全国出版深度融合发展推进会召开"
    assert office_title("i茅台申购规则调整：飞天茅台改为每周申购", house, lex) == "i茅台申购规则调整：飞天茅台改为每周申购"
    assert office_title("《求是》杂志发表重要文章", house, lex) == "《求是》杂志发表重要文章"
    # The archive's forms stay where the profile declares none.
    learned = HouseStyle(subject_titles=0.9, naming={"中国民用航空局": "民航局"})
    both = with_declared_naming(learned, naming)
    assert both is not None and both.subject_first and both.naming["中国民用航空局"] == "民航局"
    assert both.naming["国家广播电视总局"] == "广电总局"


@pytest.mark.django_db
def test_the_house_style_is_read_from_the_published_archive(tmp_path: Path) -> None:
    from tests.understand.test_learn_archive import _import_docx, _settings
    from zhoubao.app.pastissues import house_style, house_ways

    settings = _settings(tmp_path, "dev-h")
    assert house_style(settings) is None  # nothing published yet: drafts keep their own shape
    issues = _import_docx(settings, "dev-h")
    style, ways = house_style(settings), house_ways(settings)
    assert style is not None and round(style.subject_titles, 3) == ways.subject_titles and style.subject_first
    heads = {t.split("：", 1)[0] for w in issues for s in w["sections"] for it in s["items"]
             for t in [it["title"]] if "：" in t}
    assert style.subjects and style.subjects <= heads
    assert dict(style.naming) == ways.naming


@pytest.mark.django_db
def test_learn_keeps_the_house_style_and_a_build_titles_by_it(tmp_path: Path) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from tests.understand.test_learn_archive import _import_docx, _settings
    from zhoubao.app.build import ReportIn, understand
    from zhoubao.app.learn import learn_home
    from zhoubao.app.pastissues import house_style
    from zhoubao.draft.house import house_path, read_style

    settings = _settings(tmp_path, "dev-h")
    assert read_style(house_path(settings.data_dir)) is None
    _import_docx(settings, "dev-h")
    learn_home(settings, [], seed=False)
    kept = read_style(house_path(settings.data_dir))
    style = house_style(settings)
    assert kept is not None and style is not None
    assert (kept.naming, kept.subjects) == (style.naming, style.subjects)
    assert abs(kept.subject_titles - style.subject_titles) < 1e-3
    subject = sorted(s for s in kept.subjects if len(s) >= 3)[0]
    when = datetime(2025, 6, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    report = ReportIn(f"{subject}发布2025年上半年工作情况通报", f"{subject}6月3日发布2025年上半年工作情况通报，全文共五部分。",
                      when, "新华网", "state_media", "f1")
    [mine] = understand(settings, [report], start=when - timedelta(days=3), end=when + timedelta(days=3), house=kept)
    [plain] = understand(settings, [report], start=when - timedelta(days=3), end=when + timedelta(days=3))
    assert mine.draft_title == f"{subject}：发布2025年上半年工作情况通报"
    assert plain.draft_title == f"{subject}发布2025年上半年工作情况通报"


def test_a_company_the_office_groups_in_one_section_takes_its_stories_there() -> None:
    from zhoubao.draft.house import company_home

    lex = lexicon_for({"platforms": {"南方航空": ["南航"], "中国商飞": ["商飞"]}})
    house = HouseStyle(grouped={"南方航空": "航司机场", "中国商飞": "航空制造"})
    assert company_home("南方航空：拟向中国商飞购买20架C919飞机", house, lex) == "航司机场"
    assert company_home("南航将开通广州—布达佩斯航线", house, lex) == "航司机场"
    assert company_home("国产大飞机C919交付南航第五架", house, lex) == ""  # named, not the subject
    assert company_home("南方航空：拟购买C919", HouseStyle(), lex) == ""
    assert company_home("南方航空：拟购买C919", None, lex) == ""


@pytest.mark.django_db
def test_the_archive_s_groups_are_read_per_company(tmp_path: Path) -> None:
    from tests.understand.test_learn_archive import _import_docx, _settings
    from zhoubao.app.pastissues import house_style

    settings = _settings(tmp_path, "dev-u")
    issues = _import_docx(settings, "dev-u")
    where: dict[str, set[str]] = {}
    for w in issues:
        for s in w["sections"]:
            for it in s["items"]:
                if " | " in it["title"] or it.get("group"):
                    where.setdefault(it.get("group") or it["title"].split("：", 1)[0], set()).add(s["name"])
    style = house_style(settings)
    assert style is not None and style.grouped
    assert dict(style.grouped) == {c: next(iter(secs)) for c, secs in where.items() if len(secs) == 1}


def test_a_company_s_story_moves_between_company_sections_not_out_of_a_topic_section(tmp_path: Path) -> None:
    from zhoubao.app.build import _to_company_sections
    from zhoubao.classify.sections import SectionGuess
    from zhoubao.conf.settings import SectionSpec, load

    def section(name: str, group_by: str = "") -> SectionSpec:
        return SectionSpec(name, "", (), group_by, 0.5, "")

    base = load(tmp_path, env={}).profile
    from dataclasses import replace

    spec = replace(base, sections=(section("要闻"), section("航司机场", "platform"), section("航空制造", "platform"),
                                   section("资本"), section("国际动态")))
    lex = lexicon_for({"platforms": {"南方航空": ["南航"], "波音": []}})
    house = HouseStyle(grouped={"南方航空": "航司机场", "波音": "航空制造"})
    titles = ["南方航空：拟向中国商飞购买20架C919飞机", "南方航空：完成定增募资50亿元", "波音：任命薛敏为波音中国总裁",
              "空客2月交付51架飞机", "南方航空：2月旅客运输量增长5%"]
    guesses = [(SectionGuess(s, {}), 0.1) for s in ("航空制造", "资本", "国际动态", "航空制造", "资本")]
    homes = [("", ""), ("", ""), ("国际动态", "abroad"), ("", ""), ("", "")]
    moved = _to_company_sections(spec, house, lex, guesses, homes, titles)
    assert [g.section for g, _p in moved] == ["航司机场", "资本", "航空制造", "航空制造", "资本"]
    # 资本 marked to group, but the archive never grouped there: still a topic section.
    marked = replace(spec, sections=tuple(replace(s, group_by="platform") if s.name == "资本" else s
                                          for s in spec.sections))
    again = _to_company_sections(marked, house, lex, guesses, homes, titles)
    assert [g.section for g, _p in again] == ["航司机场", "资本", "航空制造", "航空制造", "资本"]
    assert moved[0][0].method.endswith("+company") and moved[0][1] == 0.1


@pytest.mark.django_db
def test_a_traditional_report_is_read_as_its_simplified_twin(tmp_path: Path) -> None:
    """The rules, model and lexicon are written in simplified: a 繁体 report gets the section and beat verdict its
    simplified twin gets, while its printed text follows the profile (traditional_to_simplified, on by default:
    printed in simplified; off: printed as written)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from zhoubao.app.build import ReportIn, understand
    from zhoubao.conf.settings import load

    settings = load(tmp_path, env={})
    assert settings.profile.traditional_to_simplified
    (tmp_path / "zhoubao.toml").write_text("[profile]\ntraditional_to_simplified = false\n", encoding="utf-8")
    as_written = load(tmp_path, env={})
    assert not as_written.profile.traditional_to_simplified
    when = datetime(2025, 6, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    pairs = [("國家廣播電視總局發佈微短劇管理新規", "國家廣播電視總局6月3日發佈通知，要求各網絡視聽平臺加強微短劇審核。",
              "国家广播电视总局发布微短剧管理新规", "国家广播电视总局6月3日发布通知，要求各网络视听平台加强微短剧审核。"),
             ("愛奇藝網絡劇《山海》定檔", "愛奇藝宣佈網絡劇《山海》將於6月10日開播，共36集。",
              "爱奇艺网络剧《山海》定档", "爱奇艺宣布网络剧《山海》将于6月10日开播，共36集。")]
    window = {"start": when - timedelta(days=3), "end": when + timedelta(days=3)}
    for n, (tt, tx, st, sx) in enumerate(pairs):
        [trad] = understand(as_written, [ReportIn(tt, tx, when, "明報", "media", f"t{n}")], **window)
        [simp] = understand(as_written, [ReportIn(st, sx, when, "新京报", "media", f"s{n}")], **window)
        assert (trad.section, trad.on_beat, trad.excluded) == (simp.section, simp.on_beat, simp.excluded), n
        assert trad.on_beat and trad.draft_title == tt  # printed as written
        [conv] = understand(settings, [ReportIn(tt, tx, when, "明報", "media", f"t{n}")], **window)
        assert (conv.section, conv.on_beat, conv.draft_title) == (simp.section, simp.on_beat, simp.draft_title), n
