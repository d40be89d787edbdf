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
