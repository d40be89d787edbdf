"""Extraction's front door: one page (bytes or text) or one local file to an Extracted article.

The work is done below: collect/html.py chooses a page's body and reads its title, date, outlet and author;
collect/files.py reads DOCX, PDF, TXT/MD, EML and local HTML; text/boilerplate.py drops the page furniture.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from zhoubao.collect.extracted import Extracted
from zhoubao.collect.files import extract_file
from zhoubao.collect.html import extract_html

__all__ = ["Extracted", "extract", "extract_text_file"]


def extract(
    content: bytes | str,
    url: str = "",
    *,
    content_type: str | None = None,
    reference: datetime | None = None,
    tz: str,
) -> Extracted:
    """Extract the article of one page; never raises, garbage gives an Extracted with empty text."""
    return extract_html(content, url, content_type=content_type, reference=reference, tz=tz)


def extract_text_file(path: str | Path, *, tz: str) -> Extracted:
    """Extract a report from a local file: .html/.htm, .txt/.md, .docx, .pdf, .eml."""
    return extract_file(path, tz=tz)
