"""An issue's history in the desk: the diff against the machine's draft, 修改记录 in words, and 撤销."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhoubao.app import desk, edit
from zhoubao.app.desk import roles
from zhoubao.archive.models import AuditEntry, Issue, IssueSnapshot, UndoStep
from zhoubao.web import history
from zhoubao.web.views.common import EDIT, VIEW, desk_view, int_or, wants_json
from zhoubao.web.views.issues import _back, _issue_version


@desk_view(VIEW)
def issue_diff(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    draft = issue.snapshots.filter(kind=IssueSnapshot.Kind.DRAFT).first()
    approved = issue.snapshots.filter(kind=IssueSnapshot.Kind.APPROVED).select_related("user").first()
    against = request.GET.get("against", "approved" if approved else "current")
    if against == "approved" and approved is not None:
        new_lines, new_label = approved.lines, f"批准稿（{approved.user or '—'}，{timezone.localtime(approved.when):%m-%d %H:%M}）"
    else:
        new_lines, new_label = desk.issue_lines(issue), "当前稿"
    old_lines = draft.lines if draft else []
    rows = desk.diff(old_lines, new_lines)
    return render(request, "desk/diff.html", {
        "issue": issue, "rows": rows, "changed": desk.changed(rows), "draft": draft, "approved": approved,
        "new_label": new_label, "against": against,
    })


@desk_view(VIEW)
def issue_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改记录: each change in words (action, item, who, when), a text edit as a diff; the steps 撤销 may take back."""
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    entries = list(AuditEntry.objects.filter(issue=issue).select_related("user", "item")[:500])
    undone = frozenset(UndoStep.objects.filter(issue=issue, undone__isnull=False).values_list("entry_id", flat=True))
    editable = issue.state == Issue.State.DRAFT and roles.can_edit(request.user)
    return render(request, "desk/audit.html", {
        "issue": issue, "rows": [history.row(e, undone) for e in entries], "editable": editable,
        "steps": [history.step_row(s) for s in edit.undoable(issue)] if editable else []})


@desk_view(EDIT, methods=("GET", "POST"))
def issue_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """撤销: POST takes back the newest change (issue_version, optional step); GET lists the last 20 (JSON)."""
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    if request.method == "GET":
        steps = [history.step_row(s) for s in edit.undoable(issue)]
        return JsonResponse({"version": issue.version, "state": issue.state, "steps": [
            {"id": s["id"], "action": s["action"], "label": s["label"], "title": s["title"], "user": s["user"],
             "when": s["when"].isoformat()} for s in steps]})
    step = edit.undo(pk, request.user, issue_version=_issue_version(request),
                     step_id=int_or(request.POST.get("step")))
    label = history.ACTIONS.get(step.action, step.action)
    version = Issue.objects.values_list("version", flat=True).get(pk=pk)
    if wants_json(request):
        return JsonResponse({"ok": True, "version": version, "undone": {"id": step.pk, "action": step.action,
                                                                         "label": label}})
    messages.success(request, f"已撤销：{label}“{history.title_of(step)}”。")
    return _back(pk)
