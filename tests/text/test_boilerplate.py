"""Boilerplate: the page pass (extraction), the report pass (normalization), bylines and datelines."""

from __future__ import annotations

import pytest

from zhoubao.text.boilerplate import find_dateline, is_bar_byline, strip_page, strip_report


def test_page_pass_rules() -> None:
    lines = [
        "新华社北京6月3日电（记者 张三）某项政策今天发布，涉及多个行业。",
        "来源：新华社",
        "作者：李四",
        "责任编辑：王五",
        "分享到：微信 微博",
        "政策自7月1日起施行，有效期五年。（完）",
        "相关阅读",
        "另一篇文章标题",
        "京ICP备12345678号",
    ]
    kept, info = strip_page(lines, anchors={"另一篇文章标题"})
    assert kept == [
        "新华社北京6月3日电（记者 张三）某项政策今天发布，涉及多个行业。",
        "政策自7月1日起施行，有效期五年。",
    ]
    assert info["source"] == "新华社" and info["author"] == "李四"


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("新华社北京6月3日电（记者 张三）国务院……", "新华社北京6月3日电（记者 张三）"),
        ("中新网上海6月2日电 上海市今天……", "中新网上海6月2日电"),
        ("本报讯（记者 李四）昨天……", "本报讯（记者 李四）"),
        ("6月3日，工业和信息化部召开会议。", ""),
    ],
)
def test_find_dateline(text: str, dateline: str) -> None:
    assert find_dateline(text) == dateline


def test_report_pass_drops_credit_lines_and_end_mark_keeps_news() -> None:
    paras = ["新华社北京6月3日电 正文第一段。", "分享到：微信 微博", "来源：新华网", "责任编辑：王五",
             "最后一段。（完）", "记者会上，来源方面表示将继续合作。"]
    assert strip_report(paras) == ["新华社北京6月3日电 正文第一段。", "最后一段。",
                                   "记者会上，来源方面表示将继续合作。"]


def test_bar_bylines_are_short_lines_with_a_bar_and_no_sentence() -> None:
    assert is_bar_byline("界面新闻记者 | 李彪") and is_bar_byline("文｜王毓婵")
    assert not is_bar_byline("9月22日，中央网信办发布通知。")
    assert not is_bar_byline("快手｜" + "可灵发布新版本，生成速度提升" * 3)  # too long for a byline
