"""Lexicon, segmentation, entities, normalization additions."""

from __future__ import annotations

from pathlib import Path

from zhoubao.conf.settings import load
from zhoubao.text.entities import extract
from zhoubao.text.gazetteer import default_lexicon, lexicon_for, lexicon_table
from zhoubao.text.normalize import clean_text
from zhoubao.text.tokenize import keywords, words


def test_aliases_resolve_to_canonical_names_longest_first() -> None:
    lex = default_lexicon()
    found = lex.find("工信部与广电总局约谈B站、芒果TV国际App和OpenAI")
    assert found == ["工业和信息化部", "国家广播电视总局", "哔哩哔哩", "芒果TV", "OpenAI"]
    # A Latin alias inside a longer Latin word is not a mention ("AR" in "ARM").
    assert not [m for m in lex.mentions("ARM芯片") if m.alias == "AR"]


def test_profile_extends_the_lexicon(tmp_path: Path) -> None:
    (tmp_path / "zhoubao.toml").write_text('[profile.lexicon]\nplatforms = ["星河视频=星河|XH Video"]\n',
                                           encoding="utf-8")
    lex = lexicon_for(lexicon_table(load(tmp_path, env={}).profile.lexicon))
    assert lex.find("XH Video上线新剧") == ["星河视频"]
    assert "爱奇艺" in lex.find("爱奇艺")  # the shipped names stay


def test_works_are_one_token_and_names_are_not_split() -> None:
    toks = words("国家广播电视总局发布微短剧管理通知，爱奇艺上线网络剧《山海长歌》")
    assert "《山海长歌》" in toks and "国家广播电视总局" in toks and "微短剧" in toks
    assert "《山海长歌》" in keywords(["爱奇艺上线网络剧《山海长歌》", "《山海长歌》开播"], k=3)


def test_entities_figures_and_dates() -> None:
    e = extract("9月16日，快手公布第二季度财报，总收入350.8亿元，同比增长13.1%；《长安小吏》共24集。")
    assert "快手" in e.organisations and e.works == ["长安小吏"]
    assert {"350.8亿元", "13.1%", "24集"} <= set(e.figures) and e.dates == ["9月16日"]


def test_bylines_are_boilerplate() -> None:
    assert clean_text("界面新闻记者 | 李彪\n9月22日，中央网信办发布通知。\n文｜王毓婵") == "9月22日，中央网信办发布通知。"


def test_people_are_read_after_titles_and_around_appointments() -> None:
    from zhoubao.text.entities import people

    assert "周敏" in people("爱奇艺成立AIGC中心，由副总裁周敏担任负责人。")
    assert "孙立平" in people("优酷今日宣布任命孙立平为首席运营官")
    assert "罗晓东" in people("芒果超媒：聘任罗晓东为公司总经理")
    # A reporter's byline and a title followed by a verb are not people of the story.
    assert people("新京报讯（记者 吴桐）7月10日，总裁表示将继续投入") == set()
