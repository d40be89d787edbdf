"""The issue as a document: the one model every renderer reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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
    # Memory across issues: the earlier issues that carried its story ({"issue", "state", "title"}), and, for a
    # follow-up (续), what is new since ({"issue", "stage", "stage_before", "figures", "new"}); see app/memory.py.
    seen_in: list[dict[str, Any]] = field(default_factory=list)
    follow_up_of: dict[str, Any] | None = None
    # 待定 and why (a draft's borderline story, Item.pending): "" for an item the issue is sure of.
    pending: str = ""

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


NOTE_LABEL = re.compile(r"^[\s\u3000]*注[\s\u3000]*[：:][\s\u3000]*")


def bare_note(note: str) -> str:
    """The footer's note without its label: every renderer prints ``注：`` before it (a configured or imported
    note that already carries the label would otherwise come out as ``注：注：…``)."""
    return NOTE_LABEL.sub("", note, count=1)


@dataclass(frozen=True)
class Footer:
    office: str
    editors: list[str]
    reviewers: list[str]
    note: str  # the note's text, never its 注： label (see bare_note)
    report_to: list[str]
    send_to: list[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "note", bare_note(self.note))


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


# -- the document as plain data: what a published issue is frozen as (IssueSnapshot.document) -------------------

def doc_to_dict(doc: IssueDoc) -> dict[str, Any]:
    """Everything a renderer reads of the document, as JSON-ready data (dates as ISO strings)."""
    m, f = doc.masthead, doc.footer
    return {
        "masthead": {"title": m.title, "publisher": m.publisher, "number": m.number, "date": m.date.isoformat()},
        "window": [doc.window_start.isoformat(), doc.window_end.isoformat()],
        "highlights": list(doc.highlights),
        "sections": [{"name": s.name, "items": [
            {"title": it.title, "paragraphs": list(it.paragraphs), "seen_in": list(it.seen_in),
             "follow_up_of": it.follow_up_of, "pending": it.pending, "stories": [
                {"title": st.title, "paragraphs": list(st.paragraphs), "reports": [
                    {"url": r.url, "outlet": r.outlet, "title": r.title,
                     "published": r.published.isoformat() if r.published else None} for r in st.reports]}
                for st in it.stories]} for it in s.items]} for s in doc.sections],
        "footer": {"office": f.office, "editors": list(f.editors), "reviewers": list(f.reviewers), "note": f.note,
                   "report_to": list(f.report_to), "send_to": list(f.send_to)},
        "style": {"cjk_spacing": doc.style.cjk_spacing, "bullet": doc.style.bullet},
        "state": doc.state,
    }


def doc_from_dict(data: dict[str, Any]) -> IssueDoc:
    """The document doc_to_dict() wrote, as it was."""
    m, f, st = data["masthead"], data["footer"], data.get("style") or {}
    return IssueDoc(
        masthead=Masthead(m["title"], m["publisher"], int(m["number"]), date.fromisoformat(m["date"])),
        window_start=date.fromisoformat(data["window"][0]), window_end=date.fromisoformat(data["window"][1]),
        highlights=list(data["highlights"]),
        sections=[SectionDoc(s["name"], [
            ItemDoc(it["title"], list(it["paragraphs"]), [
                StoryDoc(sd["title"], list(sd["paragraphs"]), [
                    ReportRef(r["url"], r["outlet"], r["title"],
                              datetime.fromisoformat(r["published"]) if r.get("published") else None)
                    for r in sd["reports"]]) for sd in it["stories"]],
                list(it.get("seen_in") or []), it.get("follow_up_of"), str(it.get("pending") or ""))
            for it in s["items"]]) for s in data["sections"]],
        footer=Footer(f["office"], list(f["editors"]), list(f["reviewers"]), f["note"], list(f["report_to"]),
                      list(f["send_to"])),
        style=Style(cjk_spacing=st.get("cjk_spacing", "none"), bullet=st.get("bullet", "◆")),
        state=str(data.get("state", "published")),
    )
