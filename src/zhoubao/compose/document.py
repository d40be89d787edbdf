"""The issue as a document: the one model every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ReportRef:
    """One stored report an item was built from (for traceability)."""

    url: str
    outlet: str
    title: str
    published: datetime | None


@dataclass
class StoryDoc:
    """One event: its own title and paragraphs, and every report merged into it."""

    title: str
    paragraphs: list[str]
    reports: list[ReportRef] = field(default_factory=list)


@dataclass
class ItemDoc:
    """What the reader sees: a title and paragraphs, built from one or more stories.

    A grouped item (docs/weekly-format.md) has several stories; its title is
    ``平台：t1 | t2`` and its paragraphs are one per story, in the same order.
    """

    title: str
    paragraphs: list[str]
    stories: list[StoryDoc] = field(default_factory=list)

    @property
    def grouped(self) -> bool:
        return len(self.stories) > 1


@dataclass
class SectionDoc:
    name: str
    items: list[ItemDoc] = field(default_factory=list)


@dataclass(frozen=True)
class Masthead:
    title: str
    publisher: str
    number: int
    date: date


@dataclass(frozen=True)
class Footer:
    office: str
    editors: list[str]
    reviewers: list[str]
    note: str
    report_to: list[str]
    send_to: list[str]


@dataclass(frozen=True)
class Style:
    """House style a renderer must honour (spacing is already applied to the text)."""

    cjk_spacing: str = "none"  # "none" → 6月1日 ; "space" → 6 月 1 日
    bullet: str = "◆"


@dataclass
class IssueDoc:
    """A whole issue in print order: masthead, 摘要, sections (empty ones left out), footer."""

    masthead: Masthead
    window_start: date
    window_end: date
    highlights: list[str]
    sections: list[SectionDoc]
    footer: Footer
    style: Style = field(default_factory=Style)
    state: str = "draft"

    def items(self) -> list[ItemDoc]:
        return [item for section in self.sections for item in section.items]
