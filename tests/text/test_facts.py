"""The one fact check (text/facts.py): what the LLM guard refuses and the desk marks as 来源中未见."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zhoubao.text.facts import mark, unsupported
from zhoubao.text.gazetteer import default_lexicon

TZ = "Asia/Shanghai"
WHEN = datetime(2025, 6, 4, 9, tzinfo=ZoneInfo(TZ))
SOURCE = "6月4日，爱奇艺宣布《山海长歌》上线1080p高清版本，会员可观看，首周播放量超过1.2亿次。"


def tokens(*texts: str, lexicon: bool = False) -> list[str]:
    found = unsupported(list(texts), [SOURCE], [WHEN], tz=TZ, lexicon=default_lexicon() if lexicon else None)
    return [f.token for f in found]


def test_a_title_and_its_paragraph_are_checked_apart() -> None:
    """A title ending in 1080p and a paragraph opening with 6月4日 do not run together into "p6"."""
    assert tokens("爱奇艺：《山海长歌》上线1080p", "6月4日，爱奇艺宣布《山海长歌》上线1080p高清版本。") == []


@pytest.mark.parametrize(("text", "token", "kind"), [
    ("6月4日，爱奇艺宣布首周播放量超过1.5亿次。", "1.5", "number"),
    ("6月5日，爱奇艺宣布上线。", "6月5日", "date"),
    ("爱奇艺宣布《长安十二时辰》上线。", "《长安十二时辰》", "work"),
    ("爱奇艺推出“长辈模式”。", "“长辈模式”", "quote"),
    ("爱奇艺上线4K版本。", "K", "latin"),
    ("北京星河文化传媒有限公司宣布上线。", "北京星河文化传媒有限公司", "org"),
])
def test_each_kind_of_missing_fact_is_found(text: str, token: str, kind: str) -> None:
    found = unsupported([text], [SOURCE], [WHEN], tz=TZ)
    assert (token, kind) in [(f.token, f.kind) for f in found]


def test_a_publication_day_stands_for_a_date_and_digits_must_stand_alone() -> None:
    assert tokens("6月4日，爱奇艺宣布上线。") == []  # in the text and the day it was published
    assert tokens("首周播放量超过2亿次。") == ["2"]  # the 2 of "1.2" is not the number 2
    assert tokens("腾讯视频宣布上线。", lexicon=True) == ["腾讯视频"]  # the lexicon's organisations are checked by name


def test_one_string_is_refused_and_marks_split_the_text() -> None:
    with pytest.raises(TypeError):
        unsupported("6月4日", [SOURCE], tz=TZ)  # type: ignore[arg-type]
    assert mark("上线4K版本", ["4K"]) == [("上线", False), ("4K", True), ("版本", False)]
