"""Turn a stored issue into the document model that every renderer reads."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from zhoubao.archive.models import Issue
from zhoubao.compose.document import (
    Footer,
    IssueDoc,
    ItemDoc,
    Masthead,
    ReportRef,
    SectionDoc,
    StoryDoc,
    Style,
)


def issue_document(issue: Issue) -> IssueDoc:
    profile = issue.profile
    cfg = profile.config
    tz = ZoneInfo(cfg.get("timezone", "Asia/Shanghai"))
    order = [s["name"] for s in cfg.get("sections", [])]
    items = list(issue.items.prefetch_related("parts__story__reports").all())
    sections: dict[str, SectionDoc] = {}
    for item in sorted(items, key=lambda i: (order.index(i.section) if i.section in order else len(order), i.order, i.id)):
        stories = []
        for part in item.parts.all():
            reports = []
            if part.story is not None:
                for r in sorted(part.story.reports.all(), key=lambda r: (r.published is None, r.published, r.id)):
                    reports.append(ReportRef(r.url, r.outlet, r.title, r.published))
            stories.append(StoryDoc(part.title, list(part.paragraphs), reports))
        sections.setdefault(item.section, SectionDoc(item.section)).items.append(
            ItemDoc(item.title, list(item.paragraphs), stories)
        )
    highlights = [i.title for i in sorted((i for i in items if i.highlight), key=lambda i: i.highlight or 0)]
    # Highlights are listed in issue order (docs/weekly-format.md), whatever order they were chosen in.
    issue_order = [it.title for sec in sections.values() for it in sec.items]
    highlights.sort(key=lambda t: issue_order.index(t) if t in issue_order else len(issue_order))
    f = issue.footer or cfg.get("footer", {})
    return IssueDoc(
        masthead=Masthead(profile.title, profile.publisher, issue.number, issue.date),
        window_start=issue.window_start.astimezone(tz).date(),
        window_end=issue.window_end.astimezone(tz).date(),
        highlights=highlights,
        sections=list(sections.values()),
        footer=Footer(
            office=f.get("office", ""), editors=list(f.get("editors", [])), reviewers=list(f.get("reviewers", [])),
            note=f.get("note", ""), report_to=list(f.get("report_to", [])), send_to=list(f.get("send_to", [])),
        ),
        style=Style(cjk_spacing=cfg.get("cjk_spacing", "none"), bullet=cfg.get("bullet", "◆")),
        state=issue.state,
    )
