"""Undo in a draft: each change to items keeps the items it touched as they were before and after it (an
UndoStep); an undo puts the before back exactly — text, order, section, parts (and so candidates), comments.

One mechanism for every action: `recorded` dumps the items in scope before and after the change and keeps the
ones that differ; `undo` checks they are still as the change left them and writes the before back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhoubao.archive.models import (
    AuditEntry,
    Comment,
    Issue,
    Item,
    ItemStory,
    SectionCorrection,
    Story,
    UndoStep,
    audit,
)
from zhoubao.errors import Conflict, DeskError
from zhoubao.review.workflow import actor, locked

# Steps kept per issue (the desk promises at least the last 20).
KEEP = 50
# Autosave writes an edit at every pause in typing: one editor's edits of one item within this long are one step.
EDIT_COALESCE = timedelta(minutes=10)
# After these, the items an earlier step knew are gone (a build) or the issue left the editors' hands (workflow).
FLOOR_ACTIONS = ("build", "rebuild", "undo_rebuild", "import", "submit", "request_changes", "approve", "publish")

State = dict[str, Any]


def dump(issue_id: int, ids: Iterable[int] | None = None) -> dict[int, State]:
    """The issue's items (or those of `ids` still in it) as plain data: every field an action may change."""
    qs = Item.objects.filter(issue_id=issue_id)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    out: dict[int, State] = {}
    for row in qs.values("id", "section", "order", "title", "paragraphs", "group", "highlight", "pending", "version"):
        out[row["id"]] = {**row, "paragraphs": list(row["paragraphs"]), "parts": [], "comments": []}
    for p in (ItemStory.objects.filter(item_id__in=list(out)).order_by("id")
              .values("id", "item_id", "story_id", "order", "title", "paragraphs")):
        part: dict[str, Any] = dict(p)
        out[part.pop("item_id")]["parts"].append({**part, "paragraphs": list(part["paragraphs"])})
    for cid, iid in Comment.objects.filter(item_id__in=list(out)).order_by("id").values_list("id", "item_id"):
        out[iid]["comments"].append(cid)
    return out


class Recording:
    """What a change tells its recorder: its audit entry, and the items it made (when it names its scope)."""

    def __init__(self, scope: list[int] | None) -> None:
        self.entry: AuditEntry | None = None
        self.scope = scope

    def made(self, item_id: int) -> None:
        if self.scope is not None:
            self.scope.append(item_id)


def _latest_correction(issue: Issue) -> int:
    return int(SectionCorrection.objects.filter(issue=issue).aggregate(m=Max("id"))["m"] or 0)


@contextmanager
def recorded(issue: Issue, action: str, user: Any, *, items: Iterable[int] | None = None) -> Iterator[Recording]:
    """Keep what the change in the block does to the issue's items (to `items` only, when the change can touch no
    other: a text edit), so that it can be undone. Call inside the lock the change holds."""
    rec = Recording(None if items is None else list(items))
    before = dump(issue.pk, rec.scope)
    teaches = action != "edit"  # a text edit teaches no section correction: two queries fewer per autosave
    mark = _latest_correction(issue) if teaches else 0
    # Deleting an item unlinks its audit entries: what a removal or merge (scoped changes) deletes is relinked by an
    # undo, so the history of an item brought back still names it. A text edit deletes nothing (and autosave makes
    # an item's entries many): it skips this.
    links: dict[int, list[int]] = {}
    scoped = rec.scope if action != "edit" else []
    for eid, iid in AuditEntry.objects.filter(item_id__in=scoped or []).values_list("id", "item_id"):
        links.setdefault(iid, []).append(eid)
    yield rec
    after = dump(issue.pk, rec.scope)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if not changed:
        return
    corrections = (list(SectionCorrection.objects.filter(issue=issue, id__gt=mark).values_list("id", flat=True))
                   if teaches else [])
    b = [before[k] for k in changed if k in before]
    a = [after[k] for k in changed if k in after]
    who = user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None
    last = issue.undo_steps.order_by("-id").first()
    if (action == "edit" and last is not None and last.action == "edit" and last.undone_id is None
            and last.user_id == getattr(who, "pk", None) and who is not None
            and [s["id"] for s in last.after.get("items", [])] == changed == [s["id"] for s in b]
            and last.after["items"] == b and timezone.now() - last.updated < EDIT_COALESCE
            and last.entry_id is not None and last.entry_id > _floor(issue)):
        last.after = {"items": a, "corrections": last.after.get("corrections", []) + corrections}
        last.save(update_fields=["after", "updated"])
        return
    audit_links = {str(k): v for k, v in links.items() if k in before and k not in after}
    UndoStep.objects.create(issue=issue, action=action, entry=rec.entry, user=who,
                            before={"items": b, "audit": audit_links},
                            after={"items": a, "corrections": corrections})
    old = list(issue.undo_steps.order_by("-id").values_list("id", flat=True)[KEEP:KEEP + 1])
    if old:
        UndoStep.objects.filter(issue=issue, id__lte=old[0]).delete()


def _floor(issue: Issue) -> int:
    """The last audit entry no undo reaches behind (a build, a workflow step)."""
    return int(AuditEntry.objects.filter(issue=issue, action__in=FLOOR_ACTIONS).aggregate(m=Max("id"))["m"] or 0)


def undoable(issue: Issue, limit: int = 20) -> list[UndoStep]:
    """The steps an undo may take back, newest first (the first is what 撤销 undoes); none unless a draft."""
    if issue.state != Issue.State.DRAFT:
        return []
    floor = (AuditEntry.objects.filter(issue=OuterRef("issue"), action__in=FLOOR_ACTIONS).order_by("-id")
             .values("id")[:1])
    # One query: the issue page asks for it on every view.
    return list(issue.undo_steps.filter(undone__isnull=True, entry_id__gt=Coalesce(Subquery(floor), 0))
                .select_related("entry", "user").order_by("-id")[:limit])


def title_of(step: UndoStep) -> str:
    """The title of the item the step is about (as it was before; what it made when it made one)."""
    for side in (step.before, step.after):
        for s in side.get("items", []):
            if step.entry is not None and s["id"] == step.entry.item_id:
                return str(s["title"])
    first = (step.before.get("items") or step.after.get("items") or [{}])[0]
    return str(first.get("title", ""))


def _comparable(state: State) -> State:
    # Steps kept before items had a 待定 mark (issue 11) hold no "pending": theirs was "".
    return {"pending": "", **{k: v for k, v in state.items() if k != "version"}}


def undo(issue_id: int, user: Any, *, issue_version: int, step_id: int | None = None) -> UndoStep:
    """Take back the newest step (or, when given, that one: it must be the newest) and record it in the audit."""
    with locked(issue_id, version=issue_version) as issue:
        steps = undoable(issue, limit=1)
        if not steps:
            raise DeskError("没有可撤销的操作（生成、提交复核或退回之前的操作不能撤销）。")
        step = steps[0]
        if step_id is not None and step.pk != step_id:
            raise Conflict("这一步之后还有更新的操作：撤销只能从最近的一步开始。请刷新页面后重试。")
        before = {s["id"]: s for s in step.before.get("items", [])}
        after = {s["id"]: s for s in step.after.get("items", [])}
        now = dump(issue.pk, set(before) | set(after))
        if {k: _comparable(v) for k, v in now.items()} != {k: _comparable(v) for k, v in after.items()}:
            raise Conflict("这些条目在此操作之后又被改动过（可能是他人的修改），不能撤销这一步。请刷新页面查看。")
        stories = {p["story_id"] for s in before.values() for p in s["parts"] if p["story_id"]}
        taken = (ItemStory.objects.filter(story_id__in=stories).exclude(item_id__in=set(before) | set(after))
                 .select_related("item__issue").first())
        if taken is not None:
            raise Conflict(f"其中的事件已收入第{taken.item.issue.number}期，不能撤销这一步。")
        gone = stories - set(Story.objects.filter(pk__in=stories).values_list("pk", flat=True))
        _restore(issue, before, after, now, gone)
        for iid, eids in (step.before.get("audit") or {}).items():
            AuditEntry.objects.filter(issue=issue, pk__in=eids, item__isnull=True).update(item_id=int(iid))
        SectionCorrection.objects.filter(issue=issue, id__in=step.after.get("corrections", [])).delete()
        who = user if getattr(user, "is_authenticated", False) and getattr(user, "pk", None) else None
        item_id = step.entry.item_id if step.entry is not None else None
        entry = audit("undo", actor=actor(user), user=who, issue=issue,
                      item=Item.objects.filter(pk=item_id, issue=issue).first() if item_id else None,
                      before={"action": step.action, "step": step.pk, "title": title_of(step),
                              "items": step.after.get("items", [])},
                      after={"items": step.before.get("items", [])})
        step.undone = entry
        step.save(update_fields=["undone", "updated"])
    return step


def _restore(issue: Issue, before: dict[int, State], after: dict[int, State], now: dict[int, State],
             gone: set[int]) -> None:
    """Write the items back as `before` holds them; items the step made go. Items keep their ids (links, comments
    and the audit still point at them); their versions move on, so a page opened before the undo cannot save over it."""
    for pk, s in before.items():
        version = max(s["version"], now.get(pk, {}).get("version", 0)) + 1
        Item(pk=pk, issue=issue, section=s["section"], order=s["order"], title=s["title"],
             paragraphs=s["paragraphs"], group=s["group"], highlight=s["highlight"], pending=s.get("pending", ""),
             version=version).save()
    keep = set()
    for pk, s in before.items():  # parts first go back to their items: deleting a made item would take them along
        for p in s["parts"]:
            keep.add(p["id"])
            ItemStory(pk=p["id"], item_id=pk, story_id=None if p["story_id"] in gone else p["story_id"], order=p["order"], title=p["title"],
                      paragraphs=p["paragraphs"]).save()
        Comment.objects.filter(pk__in=s["comments"]).update(item_id=pk)
    ItemStory.objects.filter(item_id__in=list(before)).exclude(pk__in=keep).delete()
    Item.objects.filter(issue=issue, pk__in=[k for k in after if k not in before]).delete()
