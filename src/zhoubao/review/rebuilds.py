"""Rebuilding a draft that editors have touched: who edited it since the machine drafted it, the items kept
aside before a rebuild (an IssueSnapshot of kind REBUILD), and putting them back (undo)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from zhoubao.archive.models import AuditEntry, Issue, IssueSnapshot, Item, ItemStory, Story, audit
from zhoubao.archive.search import index_issue
from zhoubao.review.diff import build_mark, issue_lines
from zhoubao.review.workflow import EDIT_ACTIONS, actor


def edits_since_build(issue: Issue) -> list[AuditEntry]:
    """Editors' changes to the issue's content since the machine laid out the items it holds, newest first.

    A rebuild that kept the editors' items is no mark: their edits still count (so does one undone)."""
    return list(AuditEntry.objects.filter(issue=issue, action__in=EDIT_ACTIONS, id__gt=build_mark(issue))
                .select_related("user").order_by("-id"))


def describe(entries: list[AuditEntry]) -> str:
    """“张三 6-04 10:12”: who made the latest of these changes and when (for messages)."""
    if not entries:
        return ""
    e = entries[0]
    who = e.user.get_username() if e.user is not None else (e.actor or "—")
    names = {x.user.get_username() if x.user is not None else (x.actor or "—") for x in entries}
    others = f"等 {len(names)} 人" if len(names) > 1 else ""
    return f"{who}{others}，{e.when:%m-%d %H:%M}"


def items_state(issue: Issue) -> list[dict[str, Any]]:
    """The issue's items with their parts, as plain data (enough to recreate them)."""
    out = []
    for item in issue.items.prefetch_related("parts").order_by("order", "id"):
        out.append({"section": item.section, "order": item.order, "title": item.title,
                    "paragraphs": list(item.paragraphs), "group": item.group, "highlight": item.highlight,
                    "pending": item.pending,
                    "parts": [{"story": p.story_id, "order": p.order, "title": p.title,
                               "paragraphs": list(p.paragraphs)} for p in item.parts.all()]})
    return out


def keep_aside(issue: Issue, user: Any = None) -> IssueSnapshot:
    """Keep the issue's items as they are now, so that what replaces them can be undone."""
    return IssueSnapshot.objects.create(issue=issue, kind=IssueSnapshot.Kind.REBUILD, lines=issue_lines(issue),
                                        items=items_state(issue), user=user if _is_user(user) else None,
                                        build_mark=build_mark(issue))


def latest_kept(issue: Issue) -> IssueSnapshot | None:
    return issue.snapshots.filter(kind=IssueSnapshot.Kind.REBUILD, items__isnull=False).order_by("-id").first()


def restore(issue: Issue, kept: IssueSnapshot, user: Any = None, *, actor_name: str = "") -> int:
    """Put back the items kept aside (the items now are kept aside in turn: an undo can itself be undone).

    Call inside a transaction holding the issue. A story carried meanwhile by another issue comes back as text
    only (a story is never in two issues). Returns the number of items restored."""
    current = keep_aside(issue, user)
    state = kept.items or []
    wanted = {p["story"] for it in state for p in it["parts"] if p.get("story")}
    exists = set(Story.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    elsewhere = set(ItemStory.objects.filter(story_id__in=wanted).filter(~Q(item__issue=issue))
                    .values_list("story_id", flat=True))
    issue.items.all().delete()
    for it in state:
        item = Item.objects.create(issue=issue, section=it["section"], order=it["order"], title=it["title"],
                                   paragraphs=it["paragraphs"], group=it.get("group", ""),
                                   highlight=it.get("highlight"), pending=it.get("pending", ""))
        ItemStory.objects.bulk_create([
            ItemStory(item=item, story_id=p["story"] if p.get("story") in exists - elsewhere else None,
                      order=p["order"], title=p["title"], paragraphs=p["paragraphs"]) for p in it["parts"]])
    index_issue(issue)  # items restored with their parts in bulk: the search index learns them
    audit("undo_rebuild", actor=actor_name or actor(user), user=user if _is_user(user) else None, issue=issue,
          before={"kept": current.pk}, after={"restored": kept.pk, "items": len(state), "mark": kept.build_mark})
    return len(state)


def _is_user(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))
