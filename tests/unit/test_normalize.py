"""Normalization: width without touching Chinese punctuation, house spacing, boilerplate, sentences."""

from __future__ import annotations

from zhoubao.text.normalize import clean_text, sentences, spacing, width


def test_width_converts_letters_and_digits_but_not_chinese_punctuation() -> None:
    assert width("２０２５年ＡＩ大会，“开幕”（完）：") == "2025年AI大会，“开幕”（完）："
    assert width("a\u200bb\u00a0c") == "ab c"


def test_spacing_none_and_space_are_each_consistent() -> None:
    text = "6 月 1 日，B站发布 AI 模型，营收 12.5 亿元"
    assert spacing(text, "none") == "6月1日，B站发布AI模型，营收12.5亿元"
    spaced = spacing(text, "space")
    assert spaced == "6 月 1 日，B 站发布 AI 模型，营收 12.5 亿元"
    assert spacing(spaced, "none") == spacing(text, "none")


def test_clean_text_keeps_paragraphs() -> None:
    assert clean_text("第一段，共１０集。\n\n  第二段 AI 技术。 \n编辑：李四") == "第一段，共10集。\n第二段AI技术。"


def test_sentences_keep_closing_quotes() -> None:
    assert sentences("他说：“要加强管理。”平台表示支持！还有一句") == ["他说：“要加强管理。”", "平台表示支持！", "还有一句"]


def test_traditional_to_simplified_is_there_and_leaves_simplified_text_alone() -> None:
    from zhoubao.text.normalize import to_simplified

    # OpenCC ships as a dependency: without it this would return the text unchanged and fail here.
    assert to_simplified("快手發布可靈2.0，全球用戶逾2200萬") == "快手发布可灵2.0，全球用户逾2200万"
    for plain in ("著作权保护", "显著提升", "乾隆", "云合数据", "《庆余年》第二季后续", "沈阳"):
        assert to_simplified(plain) == plain


def test_a_taiwan_report_reads_in_the_mainland_s_words_and_simplified_text_keeps_its_own() -> None:
    # dev-zu: Taiwan's press on chips ("AI伺服器", "記憶體", "輝達") titled items in words a mainland weekly never prints.
    from zhoubao.text.normalize import to_simplified

    assert to_simplified("AI伺服器持續排擠產能，記憶體漲價，輝達晶片") == "AI服务器持续排挤产能，内存涨价，英伟达芯片"
    assert to_simplified("台積電軟體專案 智慧財產權") == "台积电软件项目 知识产权"
    # Words whose Taiwan sense is not the mainland's keep their characters: a film (影片), material (資料), 新增, 程序.
    assert to_simplified("香港影片《港夜》資料顯示新增3場，依法定程序") == "香港影片《港夜》资料显示新增3场，依法定程序"
    # A text in 简体 is left as written: the phrase table over it would make 小程序 a 小进程 and 新增 添加.
    for plain in ("抖音关于微短剧小程序违规行为的治理公告", "从培育服务消费新增长点等5个方面提出19条措施", "AI伺服器需求"):
        assert to_simplified(plain) == plain
