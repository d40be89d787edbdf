"""Bare headlines made whole from the reports: a leader's article by its title, a State Council meeting by its act."""

from __future__ import annotations

import re
from collections.abc import Sequence

# "《求是》杂志发表习近平总书记重要文章" — which article? The reports name it right after 文章 (《…》).
_ARTICLE_UNNAMED = re.compile(r"发表[^《》“”]{0,30}(?:重要)?文章$")
_ARTICLE_NAME = re.compile(r"文章(《[^《》]{2,60}》)")


def article_named(title: str, texts: Sequence[str]) -> str:
    """A headline that a leader's article was published, with the article's title the reports give after it."""
    if not _ARTICLE_UNNAMED.search(title):
        return title
    for text in texts:
        if m := _ARTICLE_NAME.search(text[:600]):
            return title + m.group(1)
    return title


# "李强主持召开国务院常务会议" — and did what? Editors always say (研究…, 部署…, 审议通过…), as the lead does after it.
_MEETING_BARE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4})?(?:主持)?召开(国务院常务会议|国务院全体会议)$|^(国务院常务会议|国务院全体会议)召开$")
_MEETING_ACT = re.compile(r"(?:研究|部署|审议|讨论)[^，。；]{4,60}")


def meeting_named(title: str, texts: Sequence[str]) -> str:
    """A bare headline of a State Council meeting, with what the meeting did first as its lead reports it."""
    m = _MEETING_BARE.match(title.strip())
    if not m:
        return title
    meeting = m.group(1) or m.group(2)
    for text in texts:
        at = text.find(meeting, 0, 400)
        if at >= 0 and (act := _MEETING_ACT.search(text[at: at + 300].split("。", 1)[0])):
            return f"{meeting}：{act.group(0)}"
    return title
