"""Read a report from a local file (HTML, Word, PDF, text, email) without storing it: needs no archive."""

from __future__ import annotations

from pathlib import Path

from zhoubao.collect.extract import Extracted, extract_text_file
from zhoubao.conf.settings import Settings

__all__ = ["Extracted", "read_file"]


def read_file(settings: Settings, path: Path) -> Extracted:
    """A report's title, date, outlet and text from a local file, dates without a zone read in the home's."""
    return extract_text_file(path, tz=settings.timezone)
