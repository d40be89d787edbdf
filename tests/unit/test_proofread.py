"""校对 (review/proofread.py): each kind of finding on crafted items, and none on clean text of the same shape."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zhoubao.review import proofread as pr
from zhoubao.text import facts

ZONE = "Asia/Shanghai"
TZ = ZoneInfo(ZONE)
RULES = pr.rules(timezone=ZONE, banned_words=["屌丝", "抢先看=先睹"])


def item(title: str, *paragraphs: str, pk: int = 1, sources: tuple[str, ...] = (),
         published: tuple[datetime | None, ...] = ()) -> pr.ItemText:
    return pr.ItemText(pk, title, tuple(paragraphs), sources, published)


def kinds(found: list[pr.Finding], kind: str) -> list[pr.Finding]:
    return [f for f in found if f.kind == kind]


def check(*items: pr.ItemText, rules: pr.Rules = RULES) -> list[pr.Finding]:
    return pr.proofread(list(items), rules)


def test_a_title_of_someone_else_before_a_listed_name() -> None:
    found = kinds(check(item("李强出席会议", "国务院副总理李强出席会议并讲话。")), "person")
    assert [(f.text, f.suggestion, f.field) for f in found] == [("国务院副总理", "国务院总理", "paragraph:0")]
    assert "李强" in found[0].note and "国务院总理" in found[0].note
    for clean in ("国务院总理李强出席会议。", "国务院副总理丁薛祥出席会议。", "李强表示，要加快发展。",
                  "原国家广播电视总局局长李强", "国家广播电视总局党组书记、局长曹淑敏表示"):
        assert not kinds(check(item("会议", clean)), "person"), clean


def test_the_office_list_replaces_a_persons_titles_and_adds_people() -> None:
    office = '[[person]]\nname = "李强"\ntitles = ["国务院副总理"]\n[[person]]\nname = "王五"\ntitles = ["某某局局长"]\n'
    rules = pr.rules(timezone=ZONE, people_text=office, people_path="office.toml")
    assert not kinds(check(item("会议", "国务院副总理李强出席。"), rules=rules), "person")
    found = kinds(check(item("会议", "国家主席王五出席。"), rules=rules), "person")
    assert [(f.text, f.suggestion) for f in found] == [("国家主席", "某某局局长")]


def test_a_broken_office_list_is_a_chinese_error() -> None:
    with pytest.raises(pr.ListError, match=r"office\.toml 不是有效的 TOML（第 1 行第 \d+ 列有误）"):
        pr.rules(timezone=ZONE, people_text="[[person]\nname=", people_path="office.toml")
    with pytest.raises(pr.ListError, match="name"):
        pr.rules(timezone=ZONE, people_text="[[person]]\ntitles = []\n", people_path="office.toml")
    with pytest.raises(pr.ListError, match="简称"):
        pr.rules(timezone=ZONE, names_text='[names]\n"某某总局" = 3\n', names_path="names.toml")


def test_an_organisation_first_mentioned_by_its_short_name() -> None:
    found = kinds(check(item("广电总局发布通知", "6月3日，广电总局发布通知。")), "org")
    # Once per item: its first mention (the title); the paragraph's later mention then reads as the short form.
    assert [(f.field, f.text, f.suggestion, f.span) for f in found] == [("title", "广电总局", "国家广播电视总局", (0, 4))]
    assert kinds(check(item("工信部：前三季度软件业务收入增长")), "org")[0].suggestion == "工业和信息化部"
    for clean in (item("国家广播电视总局发布通知", "6月3日，广电总局发布通知。"),
                  item("《广电总局年鉴》出版", "该书收录国家广播电视总局年度工作。"),
                  item("爱奇艺上线新剧", "国家广播电视总局备案的网络剧。")):
        assert not kinds(check(clean), "org"), clean


def test_the_office_names_table_adds_short_forms() -> None:
    rules = pr.rules(timezone=ZONE, names_text='[names]\n"国家广播电视总局" = ["总局"]\n"某某协会" = ["某协"]\n', names_path="n.toml")
    found = kinds(check(item("总局与某协签约"), rules=rules), "org")
    assert [(f.text, f.suggestion) for f in found] == [("总局", "国家广播电视总局"), ("某协", "某某协会")]
    assert kinds(check(item("广电总局发文"), rules=rules), "org")  # the shipped short forms stay


def test_banned_words_with_and_without_a_replacement() -> None:
    found = kinds(check(item("新剧抢先看", "网友称其为屌丝逆袭。")), "banned")
    assert [(f.text, f.suggestion) for f in found] == [("抢先看", "先睹"), ("屌丝", None)]
    assert not kinds(check(item("新剧先睹", "网友称其为逆袭。")), "banned")
    assert not kinds(check(item("新剧抢先看"), rules=pr.rules(timezone=ZONE)), "banned")  # no office list: nothing banned


def test_relative_dates_in_titles_and_paragraphs() -> None:
    day = datetime(2025, 6, 5, 10, tzinfo=TZ)
    found = kinds(check(item("《山海长歌》今晚开播", "今天，爱奇艺宣布该剧开播。", "昨晚发布预告，明日更新。",
                             "本周三起上线。", published=(day, day))), "relative_date")
    assert [(f.field, f.text, f.suggestion) for f in found] == [
        ("title", "今晚", ""), ("paragraph:0", "今天", "6月5日"), ("paragraph:1", "昨晚", "6月4日晚"),
        ("paragraph:1", "明日", "6月6日"), ("paragraph:2", "本周三", None)]
    # Sources of two days: which day a 今天 means is not known, so no fix is offered.
    other = datetime(2025, 6, 6, 10, tzinfo=TZ)
    assert kinds(check(item("标题", "今天开播。", published=(day, other))), "relative_date")[0].suggestion is None
    for clean in ("6月5日，今日头条发布新版。", "央视《今日说法》改版。", "该剧口号为“今天更好”。", "近日，爱奇艺宣布开播。"):
        assert not kinds(check(item("标题", clean, published=(day,))), "relative_date"), clean


def test_source_check_is_the_desks_own() -> None:
    it = item("哔哩哔哩发布财报", "6月4日，哔哩哔哩公布财报，营收70亿元，同比增长25%。",
              sources=("哔哩哔哩发布财报", "6月4日，哔哩哔哩公布财报，营收70亿元，同比增长24%。"))
    found = kinds(check(it), "source")
    expected = [f.token for f in facts.unsupported([it.title, *it.paragraphs], it.sources, tz="Asia/Shanghai")]
    assert [f.text for f in found] == expected == ["25%"]
    assert found[0].field == "paragraph:0" and it.paragraphs[0][slice(*found[0].span)] == "25%"
    fixed = item(it.title, it.paragraphs[0].replace("25%", "24%"), sources=it.sources)
    assert not kinds(check(fixed), "source")
    # The desk passes its cached check: proofread uses what it is given.
    assert kinds(pr.proofread([fixed], RULES, fact_check=lambda _: ["70亿元"]), "source")[0].text == "70亿元"


@pytest.mark.parametrize(("text", "bad", "fix"), [
    ("爱奇艺宣布,该剧开播。", ",", "，"),
    ("该剧讲述什么?答案揭晓。", "?", "？"),
    ("通知要求:各平台落实责任。", ":", "："),
    ("发布会(北京站)举行。", "(北京站)", "（北京站）"),
    ('推出"长辈模式"功能。', '"长辈模式"', "“长辈模式”"),
    ("该剧开播。。", "。。", "。"),
    ("该剧开播，。", "，。", "。"),
    ("该剧 开播。", " ", ""),
    ("共 36 集。", " ", ""),
])
def test_punctuation_and_spacing(text: str, bad: str, fix: str) -> None:
    found = [f for f in check(item("标题", text)) if f.kind in ("punctuation", "spacing")]
    assert (found[0].text, found[0].suggestion) == (bad, fix), found
    assert text[slice(*found[0].span)] == bad


@pytest.mark.parametrize("text", [
    "6月5日20:00，爱奇艺宣布网络剧《山海长歌》开播，全剧共36集。",
    "星河视频：网络剧《山海长歌》开播 | 综艺《夏日合唱团》定档",
    "OpenAI发布GPT-4o（预览版），iPhone 16支持该功能。",
    "该模型(GPT-4o)可在iOS 18上运行……一场直播——两小时。",
    "以“视听连接你我 共享美好未来”为主题。",
    "QuestMobile报告：用户规模达10亿，同比增长5%。",
])
def test_clean_text_has_no_punctuation_finding(text: str) -> None:
    assert not [f for f in check(item(text, text)) if f.kind in ("punctuation", "spacing")]


def test_space_style_allows_spaced_digits() -> None:
    spaced = pr.rules(timezone=ZONE, cjk_spacing="space")
    assert not kinds(check(item("标题", "共 36 集。"), rules=spaced), "spacing")
    assert kinds(check(item("标题", "该剧 开播。"), rules=spaced), "spacing")  # between two Han characters: never


def test_the_same_story_twice() -> None:
    a = item("国家广播电视总局：加强微短剧管理", "6月3日，国家广播电视总局发布通知，要求各平台加强微短剧管理。", pk=1)
    b = item("国家广播电视总局发文加强微短剧管理", "6月3日，国家广播电视总局发布通知，要求各网络视听平台加强微短剧管理。",
             pk=2)
    c = item("爱奇艺：网络剧《山海长歌》开播", "6月5日，网络剧《山海长歌》在爱奇艺开播。", pk=3)
    d = item("爱奇艺：综艺《夏日合唱团》定档", "近日，综艺节目《夏日合唱团》宣布定档6月下旬。", pk=4)
    found = kinds(check(a, c, b, d), "duplicate")
    assert [(f.item, f.suggestion) for f in found] == [(2, None)]
    assert "加强微短剧管理" in found[0].note
    assert not kinds(check(a, c, d), "duplicate")


def test_findings_are_in_issue_order_and_serialise() -> None:
    found = check(item("工信部发文", pk=7), item("广电总局发文", "今天开播,共36集。", pk=3))
    assert [(f.item, f.kind) for f in found] == [(7, "org"), (3, "org"), (3, "relative_date"), (3, "punctuation")]
    d = found[0].as_dict()
    assert set(d) == {"item", "field", "kind", "kind_name", "text", "span", "suggestion", "note"}
    assert d["kind_name"] == "机构名称"


def test_apply_replaces_only_what_is_still_there() -> None:
    assert pr.apply("广电总局发布通知", (0, 4), "广电总局", "国家广播电视总局") == "国家广播电视总局发布通知"
    assert pr.apply("国家广播电视总局发布通知", (0, 4), "广电总局", "国家广播电视总局") is None  # edited since
    assert pr.apply("短", (0, 9), "短", "") is None
    assert pr.apply("《山海长歌》今晚开播", (6, 8), "今晚", "") == "《山海长歌》开播"
    assert pr.apply("今晚，该剧开播。", (0, 2), "今晚", "") == "该剧开播。"
    assert pr.apply("该剧 今晚 开播", (3, 5), "今晚", "") == "该剧 开播"


def test_text_left_in_a_foreign_language_is_found_and_names_are_not() -> None:
    rules = pr.Rules(timezone="Asia/Shanghai")
    english = pr.ItemText(1, "UK regulator proposes TV-style rules for Netflix, Disney+",
                          ("2月19日，Ofcom has today published a draft Video-on-Demand Code for consultation.",))
    found = pr.check_untranslated(english, rules)
    assert [f.field for f in found] == ["title", "paragraph:0"]
    assert all(f.kind == "untranslated" and f.suggestion is None and "外文未译" in f.note for f in found)
    named = pr.ItemText(2, "Netflix Tudum Live 2026 in Los Angeles举行",
                        ("2月16日，阿里巴巴发布并开源千问大模型Qwen3.5系列，Netflix与Disney+跟进。",))
    assert pr.check_untranslated(named, rules) == []
