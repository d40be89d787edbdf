"""Issue workflow: draft → in_review → approved → published, request changes back to draft; roles, locks and guards."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhoubao.archive.models import AuditEntry, Issue, IssueSignoff, IssueSnapshot, audit
from zhoubao.compose.compose import live_document
from zhoubao.compose.document import IssueDoc, doc_to_dict
from zhoubao.errors import Conflict, DeskError, NotAllowed, ReadOnly
from zhoubao.review import roles
from zhoubao.review.diff import snapshot

S = Issue.State

# Audit actions that change an issue's content: whoever did one of them is one of the issue's editors.
EDIT_ACTIONS = ("edit", "move", "reorder", "remove", "add", "merge", "split", "split_report", "add_report",
                "highlight", "footer", "undo", "keep")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: str  # "edit" or "review"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", "提交复核", (S.DRAFT,), S.IN_REVIEW, "edit"),
        Transition("request_changes", "退回修改", (S.IN_REVIEW, S.APPROVED), S.DRAFT, "review"),
        Transition("approve", "批准", (S.IN_REVIEW,), S.APPROVED, "review"),
        Transition("publish", "发布", (S.APPROVED,), S.PUBLISHED, "review"),
    )
}


class CommandLine:
    """The command line as the one who takes a step (`zhoubao publish`): it has no account, so no person is
    recorded as its submitter or approver; the audit names it 命令行. It may approve only where the profile
    allows self-approval (whoever runs it is then both the issue's editor and its reviewer)."""

    is_authenticated = True
    is_active = True
    pk = None

    def get_username(self) -> str:
        return "命令行"


COMMAND_LINE = CommandLine()


def actor(user: Any) -> str:
    return user.get_username() if user is not None and getattr(user, "is_authenticated", False) else "desk"


def account(user: Any) -> Any:
    """The user row a step is recorded against (none for the command line)."""
    return None if isinstance(user, CommandLine) else user


def may(user: Any, t: Transition) -> bool:
    if isinstance(user, CommandLine):
        return True
    return roles.can_edit(user) if t.who == "edit" else roles.can_review(user)


def available(issue: Issue, user: Any) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if issue.state in t.sources and may(user, t)]


def signoff_of(issue: Issue) -> IssueSignoff:
    return IssueSignoff.objects.get_or_create(issue=issue)[0]


# Of those, the ones that write what the issue says: choosing highlights, moving or ordering items does not make
# a second author (a highlight toggled off and on by another editor must not let the writer approve their own text).
TEXT_ACTIONS = ("edit", "add", "add_report", "merge", "split", "remove", "footer", "undo")


def editors_of(issue: Issue) -> set[int]:
    """Ids of the users who wrote the issue's text or submitted it."""
    ids = set(AuditEntry.objects.filter(issue=issue, action__in=TEXT_ACTIONS, user__isnull=False)
              .values_list("user_id", flat=True))
    sub = IssueSignoff.objects.filter(issue=issue).values_list("submitted_by_id", flat=True).first()
    if sub:
        ids.add(sub)
    return ids


def allows_self_approval(issue: Issue) -> bool:
    return bool(issue.profile.config.get("allow_self_approval", False))


def self_approval_blocked(issue: Issue, user: Any) -> bool:
    """Whether this user, were they to approve the issue in review now, would be refused as its only editor."""
    if issue.state != Issue.State.IN_REVIEW or not getattr(user, "pk", None) or allows_self_approval(issue):
        return False
    return editors_of(issue) == {user.pk}


@contextmanager
def locked(issue_id: int, *, version: int | None = None, draft: bool = True) -> Iterator[Issue]:
    """Lock the issue row for one change; check it is a draft and (for structural changes) its version.

    A structural change (move, reorder, add, remove, merge, split) bumps Issue.version so that a second
    editor working from an older page gets a conflict instead of silently undoing the first one's work.
    """
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("profile").get(pk=issue_id)
        if draft and issue.state != S.DRAFT:
            raise ReadOnly(f"第{issue.number}期{issue.get_state_display()}，不能修改；如需修改请复核人退回。")
        if version is not None:
            if issue.version != version:
                raise Conflict("本期刚被他人调整过（条目的增删、移动或排序），你的操作未执行。请刷新页面后重试。")
            issue.version += 1
            Issue.objects.filter(pk=issue.pk).update(version=issue.version, updated=timezone.now())
        yield issue


def permitted(name: str, user: Any) -> Transition:
    """The transition called name, if this user's role may take it."""
    t = TRANSITIONS.get(name)
    if t is None:
        raise DeskError(f"未知操作 {name}")
    if not may(user, t):
        raise NotAllowed(f"你的角色（{roles.role_label(user)}）不能执行“{t.label}”。")
    return t


def ready(issue_id: int, name: str, user: Any, *, version: int) -> Issue:
    """The issue, if the transition may be taken on it now (role, state and version checked, nothing changed)."""
    t = permitted(name, user)
    issue = Issue.objects.select_related("profile").get(pk=issue_id)
    _check(issue, t, version)
    return issue


REASON_MAX = 2_000  # a reason is a note to the editor, not a second copy of the issue


def clean_reason(reason: str) -> str:
    """The reason a reviewer gives for sending an issue back: required, one trimmed note of bounded length."""
    text = "\n".join(line.strip() for line in (reason or "").strip().splitlines()).strip()
    if not text:
        raise DeskError("请填写退回理由：告诉编辑需要修改什么（例如“第3条标题有误，请核对”）。")
    if len(text) > REASON_MAX:
        raise DeskError(f"退回理由过长：现有 {len(text):,} 字，最多 {REASON_MAX:,} 字。请删减后再退回。")
    return text


def transition(issue_id: int, name: str, user: Any, *, version: int,
               files: list[dict[str, str]] | None = None, document: IssueDoc | None = None,
               reason: str = "") -> dict[str, Any]:
    """Apply one workflow step. Publishing takes the files already rendered and stored (app/publish.py), and
    the document they were rendered from: it is frozen with the issue (every later export is made from it).
    Sending back (request_changes) takes the reviewer's reason, kept in the audit entry of the step."""
    t = permitted(name, user)
    result: dict[str, Any] = {}
    files = list(files or [])
    if name == "publish" and not any("file" in f for f in files):
        raise DeskError("没有发布文件，未发布。")
    if name == "request_changes":
        reason = clean_reason(reason)
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("profile").get(pk=issue_id)
        _check(issue, t, version)
        sign = signoff_of(issue)
        now = timezone.now()
        before = {"state": issue.state}
        who = account(user)
        if name == "submit":
            sign.submitted_by, sign.submitted_at = who, now
        elif name == "approve":
            editors = editors_of(issue)
            if isinstance(user, CommandLine) and not allows_self_approval(issue):
                raise NotAllowed(f"第{issue.number}期尚未批准：命令行只能发布已批准的一期；请复核人在编辑台批准"
                                 "（或在 zhoubao.toml 的 [profile] 中设 allow_self_approval = true）。")
            if editors == {user.pk} and not allows_self_approval(issue):
                raise NotAllowed("你是本期唯一的编辑，不能批准自己编辑的稿件：请另一位复核人批准"
                                 "（或由管理员在“简报设置”中允许自审）。")
            sign.approved_by, sign.approved_at = who, now
            snapshot(issue, IssueSnapshot.Kind.APPROVED, user=who)
        elif name == "publish":
            sign.published_by, sign.published_at, sign.published_files = who, now, files
        elif name == "request_changes":
            sign.approved_by, sign.approved_at = None, None
        sign.save()
        issue.state = t.target
        issue.version += 1
        issue.save(update_fields=["state", "version", "updated"])
        if name == "publish":
            doc = document or live_document(issue)
            doc.state = S.PUBLISHED
            snapshot(issue, IssueSnapshot.Kind.PUBLISHED, user=who, document=doc_to_dict(doc))
        audit(name, actor=actor(user), user=who, issue=issue, before=before,
              after={"state": issue.state, **({"files": files} if files else {}),
                     **({"reason": reason} if name == "request_changes" else {})})
    result["state"] = issue.state
    return result


def _check(issue: Issue, t: Transition, version: int) -> None:
    if issue.state not in t.sources:
        raise ReadOnly(f"第{issue.number}期当前为“{issue.get_state_display()}”，不能“{t.label}”。请刷新页面。")
    if issue.version != version:
        raise Conflict("本期刚被他人修改过，请刷新页面、确认内容后再操作。")
    # An issue of no items would print a masthead and a footer (issue 15, bug 1): it goes no further than a draft.
    if t.name in ("submit", "approve", "publish") and not issue.items.exists():
        raise DeskError(f"第{issue.number}期没有条目，不能“{t.label}”：请先从候选列表加入事件或添加报道。")
    if t.name in PAST_DRAFT:
        refuse_pending(issue, t.label)


# The steps that take an issue toward publication: none is taken while an item waits as 待定 (never published
# unseen: a borderline story is in the issue only because an editor kept it).
PAST_DRAFT = ("submit", "approve", "publish")


class PendingItems(DeskError):
    """The issue still holds 待定 items: the message names them and says what to do."""


def refuse_pending(issue: Issue, label: str) -> None:
    """Raise PendingItems when the issue has 待定 items (an editor must keep or remove each first)."""
    waiting = list(issue.items.exclude(pending="").order_by("order", "id").values_list("section", "title"))
    if not waiting:
        return
    named = "；".join(f"{sec}·{title[:30]}" for sec, title in waiting[:5]) + ("等" if len(waiting) > 5 else "")
    raise PendingItems(f"第{issue.number}期还有 {len(waiting)} 条待定条目（{named}），不能“{label}”："
                       "请在编辑台逐条点“保留”或“删除”"
                       + ("（已提交的一期请先退回修改）" if issue.state != S.DRAFT else "") + "，然后再操作。")


@dataclass(frozen=True)
class SentBack:
    """The last 退回修改 of an issue still in draft: the reviewer's reason, who and when."""

    reason: str
    by: str
    when: Any


@dataclass(frozen=True)
class Waiting:
    """Whom an issue waits on: 编辑 or 复核 (or nobody, once published), with the names known for it."""

    role: str
    names: tuple[str, ...]

    def __str__(self) -> str:
        return self.role + (f"（{'、'.join(self.names)}）" if self.names else "")


STEP_ACTIONS = ("submit", "request_changes", "approve", "publish")


def sent_back(issues: Sequence[Issue]) -> dict[int, SentBack]:
    """For each draft issue whose last workflow step was 退回修改, that step's reason (one query for all)."""
    drafts = [i.pk for i in issues if i.state == S.DRAFT]
    out: dict[int, SentBack] = {}
    seen: set[int] = set()
    rows = (AuditEntry.objects.filter(issue_id__in=drafts, action__in=STEP_ACTIONS)
            .order_by("issue_id", "-when", "-id").values("issue_id", "action", "after", "actor", "when"))
    for row in rows:
        if row["issue_id"] in seen:
            continue
        seen.add(row["issue_id"])
        if row["action"] == "request_changes":
            reason = str((row["after"] or {}).get("reason") or "")
            out[row["issue_id"]] = SentBack(reason=reason or "（未填写理由）", by=row["actor"], when=row["when"])
    return out


def waiting_on(issues: Sequence[Issue], *, names: bool = True) -> dict[int, Waiting]:
    """Whom each issue waits on: a draft its editors (who wrote or submitted it), one in review or approved its
    reviewers (who sent it back or approved it before, where any did); a published one nobody. Without names,
    the role alone (no query)."""
    ids = [i.pk for i in issues]
    writers: dict[int, list[str]] = {}
    reviewers: dict[int, list[str]] = {}
    rows = [] if not names else (AuditEntry.objects.filter(issue_id__in=ids, user__isnull=False,
                                      action__in=(*TEXT_ACTIONS, "submit", "request_changes", "approve"))
            .values_list("issue_id", "action", "user__username").order_by().distinct())
    for issue_id, action, name in rows:
        bucket = reviewers if action in ("request_changes", "approve") else writers
        known = bucket.setdefault(issue_id, [])
        if name not in known:
            known.append(name)
    out: dict[int, Waiting] = {}
    for i in issues:
        if i.state == S.DRAFT:
            out[i.pk] = Waiting("编辑", tuple(sorted(writers.get(i.pk, []))))
        elif i.state == S.IN_REVIEW:
            out[i.pk] = Waiting("复核", tuple(sorted(reviewers.get(i.pk, []))))
        elif i.state == S.APPROVED:
            out[i.pk] = Waiting("复核（待发布）", tuple(sorted(reviewers.get(i.pk, []))))
        else:
            out[i.pk] = Waiting("—", ())
    return out
