"""The issue as printed lines, snapshots of it, and a line-and-character diff between two versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhoubao.archive.models import AuditEntry, Issue, IssueSnapshot
from zhoubao.compose.compose import issue_document


def issue_lines(issue: Issue) -> list[str]:
    """摘要, then each section's heading, item titles and paragraphs, in print order."""
    doc = issue_document(issue)
    lines: list[str] = []
    if doc.highlights:
        lines.append("【摘要】")
        lines.extend(f"{doc.style.bullet}{h}" for h in doc.highlights)
    for sec in doc.sections:
        lines.append(f"【{sec.name}】")
        for item in sec.items:
            lines.append(f"■ {item.title}")
            lines.extend(item.paragraphs)
    return lines


def snapshot(issue: Issue, kind: str, user: Any = None, build_mark: int | None = None,
             document: dict[str, Any] | None = None) -> IssueSnapshot:
    return IssueSnapshot.objects.create(issue=issue, kind=kind, lines=issue_lines(issue), user=user,
                                        build_mark=build_mark, document=document)


def build_mark(issue: Issue) -> int:
    """The audit entry of the build whose items the issue holds now (0: imported or hand-made). A rebuild that
    is undone gives back the items, and so the mark, of the build before it."""
    entry = (AuditEntry.objects.filter(issue=issue, action__in=("build", "rebuild", "undo_rebuild"))
             .order_by("-id").values("id", "action", "after").first())
    if entry is None:
        return 0
    if entry["action"] == "undo_rebuild":
        return int((entry["after"] or {}).get("mark") or 0)
    return int(entry["id"])


def ensure_draft_snapshot(issue: Issue) -> IssueSnapshot | None:
    """Keep the machine draft of the latest build, taken before the desk changes anything."""
    mark = build_mark(issue)  # 0 for an imported or hand-made issue: the first time the desk sees it counts
    latest = issue.snapshots.filter(kind=IssueSnapshot.Kind.DRAFT).first()
    if latest is not None and latest.build_mark == mark:
        return latest
    earlier = issue.snapshots.filter(kind=IssueSnapshot.Kind.DRAFT, build_mark=mark).first()
    if earlier is not None:  # a rebuild was undone: its draft is the one before
        return earlier
    if issue.state != Issue.State.DRAFT:
        return latest
    return snapshot(issue, IssueSnapshot.Kind.DRAFT, build_mark=mark)


@dataclass
class DiffRow:
    op: str  # "equal", "delete", "insert", "replace"
    old: SafeString
    new: SafeString


def _chars(a: str, b: str) -> tuple[SafeString, SafeString]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() < 0.5:  # mostly rewritten: a character diff would only scatter single shared characters
        return mark_safe(f"<del>{escape(a)}</del>"), mark_safe(f"<ins>{escape(b)}</ins>")
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
        else:
            if i2 > i1:
                left.append(f"<del>{escape(a[i1:i2])}</del>")
            if j2 > j1:
                right.append(f"<ins>{escape(b[j1:j2])}</ins>")
    # Every piece above is escaped; only our own del/ins tags are markup.
    return mark_safe("".join(left)), mark_safe("".join(right))


def diff(old: list[str], new: list[str]) -> list[DiffRow]:
    rows: list[DiffRow] = []
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            rows.extend(DiffRow("equal", escape(x), escape(x)) for x in old[i1:i2])
        elif op == "delete":
            rows.extend(DiffRow("delete", mark_safe(f"<del>{escape(x)}</del>"), mark_safe("")) for x in old[i1:i2])
        elif op == "insert":
            rows.extend(DiffRow("insert", mark_safe(""), mark_safe(f"<ins>{escape(x)}</ins>")) for x in new[j1:j2])
        else:
            a, b = old[i1:i2], new[j1:j2]
            for k in range(max(len(a), len(b))):
                if k < len(a) and k < len(b):
                    left, right = _chars(a[k], b[k])
                    rows.append(DiffRow("replace", left, right))
                elif k < len(a):
                    rows.append(DiffRow("delete", mark_safe(f"<del>{escape(a[k])}</del>"), mark_safe("")))
                else:
                    rows.append(DiffRow("insert", mark_safe(""), mark_safe(f"<ins>{escape(b[k])}</ins>")))
    return rows


def changed(rows: list[DiffRow]) -> int:
    return sum(1 for r in rows if r.op != "equal")
