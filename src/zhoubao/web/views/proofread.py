"""The issue page's 校对 panel (findings, each with its 修正 form) and 修正 itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from zhoubao.app import proofread
from zhoubao.archive.models import Issue
from zhoubao.errors import DeskError
from zhoubao.web.views.common import EDIT, desk_error, desk_view, home_settings, int_or

Unsupported = Callable[[str, list[str], list[str], list[datetime | None], str], list[str]]


def panel(issue: Issue, views: Sequence[Any], editable: bool, unsupported: Unsupported) -> dict[str, Any]:
    """The findings in print order, each with its fix form's values when it has one — from the items the page has
    read already (`views`, each with its `checked` text) and the page's cached 来源中未见 check: no query."""
    tz = issue.profile.timezone
    try:
        result = proofread.check(
            home_settings(), issue, items=[v.checked for v in views], versions={v.pk: v.version for v in views},
            fact_check=lambda it: unsupported(it.title, list(it.paragraphs), list(it.sources),
                                              list(it.published), tz) if it.sources else [])
    except DeskError as exc:  # the office's list file is missing or broken: the page still opens, and says so
        return {"count": 0, "findings": [], "error": str(exc)}
    rows = []
    for f in result.findings:
        row = f.as_dict() | {"item_title": result.titles.get(f.item, ""), "start": f.span[0], "end": f.span[1],
                             "para": None if f.field == "title" else int(f.field.split(":")[1]) + 1}
        if editable and f.suggestion is not None and f.span[1] > f.span[0]:
            row["fix_url"] = reverse("proofread_fix", args=[issue.pk, f.item])
            row["version"] = result.versions.get(f.item)
        rows.append(row)
    return {"count": result.open, "findings": rows}


@desk_view(EDIT, methods=("POST",))
def proofread_fix(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """修正: one 校对 finding's suggestion applied through the item's normal save (version-checked, audited)."""
    back = reverse("issue", args=[pk]) + "#proofread"
    version, start, end = (int_or(request.POST.get(k)) for k in ("version", "start", "end"))
    if version is None or start is None or end is None:
        raise DeskError("校对修正的数据不完整：请刷新页面后重试。")
    text, suggestion = request.POST.get("text", ""), request.POST.get("suggestion", "")
    try:
        proofread.fix(pk, item, request.user, version=version, field=request.POST.get("field", ""),
                      start=start, end=end, text=text, suggestion=suggestion)
    except DeskError as exc:  # a conflict, a text changed since, a read-only issue: back to the panel, with why
        return desk_error(request, exc, back=back)
    messages.success(request, f"已修正：“{text}” → “{suggestion}”" if suggestion else f"已删去“{text}”。")
    return redirect(back)
