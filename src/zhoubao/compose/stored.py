"""Store a document as an issue: past issues read back from PDF or Word become published issues."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction

from zhoubao.archive.models import Issue, IssueSnapshot, Item, ItemStory, Profile, audit
from zhoubao.compose.document import IssueDoc, doc_to_dict
from zhoubao.errors import ZhoubaoError


class StoreError(ZhoubaoError):
    """The document cannot be stored as asked (a number already taken, say)."""


def store_document(profile: Profile, doc: IssueDoc, *, origin: str, state: str = Issue.State.PUBLISHED,
                   force: bool = False, actor: str = "cli") -> Issue:
    """Create the issue with the document's number; refuse a number in use unless forced (then replace it)."""
    number = doc.masthead.number
    tz = ZoneInfo(profile.timezone)
    with transaction.atomic():
        existing = Issue.objects.filter(profile=profile, number=number).first()
        if existing is not None:
            if not force:
                raise StoreError(f"第{number}期已存在（{existing.get_state_display()}）：确认要替换请加 --force")
            existing.delete()
        f = doc.footer
        issue = Issue.objects.create(
            profile=profile, number=number, date=doc.masthead.date, state=state, origin=origin[:200],
            window_start=datetime.combine(doc.window_start, time.min, tzinfo=tz),
            window_end=datetime.combine(doc.window_end, time.max, tzinfo=tz),
            footer={"office": f.office, "editors": list(f.editors), "reviewers": list(f.reviewers), "note": f.note,
                    "report_to": list(f.report_to), "send_to": list(f.send_to)},
        )
        highlights = {t: i + 1 for i, t in enumerate(doc.highlights)}
        order = 0
        for section in doc.sections:
            for item in section.items:
                row = Item.objects.create(issue=issue, section=section.name, order=order, title=item.title,
                                          paragraphs=list(item.paragraphs), highlight=highlights.get(item.title),
                                          group=item.title.split("：", 1)[0] if item.grouped else "")
                for porder, story in enumerate(item.stories or []):
                    ItemStory.objects.create(item=row, story=None, order=porder, title=story.title,
                                             paragraphs=list(story.paragraphs))
                order += 1
        audit("import", actor=actor, issue=issue, after={"origin": origin, "items": order})
        if state == Issue.State.PUBLISHED:
            # The issue as the office printed it — its own masthead, order and footer — is what it exports.
            doc.state = state
            IssueSnapshot.objects.create(issue=issue, kind=IssueSnapshot.Kind.PUBLISHED, document=doc_to_dict(doc),
                                         lines=[])
    return issue
