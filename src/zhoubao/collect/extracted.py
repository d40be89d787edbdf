"""What extraction yields for one page or file: the Extracted record, built once from the kept lines."""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass
from datetime import datetime

from zhoubao.text.boilerplate import find_dateline


@dataclass
class Extracted:
    title: str
    text: str  # main text, paragraphs separated by "\n", boilerplate removed
    published: datetime | None
    outlet: str  # site name
    author: str
    html: str  # main content as sanitized HTML (nh3), may be ""
    encoding: str
    encoding_clean: bool
    encoding_note: str
    dateline: str  # e.g. "新华社北京6月3日电" if the text opens with one (kept in text too)


def empty(encoding: str = "utf-8", clean: bool = True, note: str = "") -> Extracted:
    """Nothing usable: the note says why."""
    return Extracted("", "", None, "", "", "", encoding, clean, note, "")


def from_lines(
    title: str,
    lines: list[str],
    *,
    published: datetime | None = None,
    outlet: str = "",
    author: str = "",
    encoding: str = "utf-8",
    clean: bool = True,
    note: str = "",
) -> Extracted:
    """The record of an article whose kept lines are its paragraphs (text, sanitized HTML and dateline from them)."""
    text = "\n".join(lines)
    return Extracted(title, text, published, outlet, author, lines_html(lines) if lines else "",
                     encoding, clean, note, find_dateline(text))


def lines_html(lines: list[str]) -> str:
    """Paragraphs as sanitized HTML, one <p> each."""
    import nh3

    return nh3.clean("".join(f"<p>{htmllib.escape(x)}</p>" for x in lines))
