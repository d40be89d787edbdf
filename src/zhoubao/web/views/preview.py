"""The print preview page: the issue's PDF pages as images (app/preview.py renders and caches them)."""

from __future__ import annotations

import time

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from zhoubao.app import preview as previews
from zhoubao.archive.models import Issue
from zhoubao.web.views.common import VIEW, desk_view, home_settings


@desk_view(VIEW)
def issue_preview(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    started = time.perf_counter()
    shown = previews.preview(home_settings(), issue)
    base = reverse("issue_preview_page", args=[pk, shown.key, 1]).rsplit("/", 1)[0]
    return render(request, "desk/preview.html", {
        "issue": issue, "preview": shown, "pages": [(n, f"{base}/{n}.png") for n in range(1, shown.pages + 1)],
        "more": shown.total - shown.pages, "seconds": time.perf_counter() - started,
    })


@desk_view(VIEW)
def issue_preview_page(request: HttpRequest, pk: int, key: str, page: int) -> HttpResponseBase:
    get_object_or_404(Issue, pk=pk)
    shown = previews.cached(home_settings(), pk, key)
    if shown is None or not 1 <= page <= shown.pages or not shown.page_path(page).is_file():
        raise Http404("预览页已过期：请重新打开打印预览。")
    resp = FileResponse(shown.page_path(page).open("rb"), content_type="image/png")
    # A key names one version of the issue: its pages never change, the browser may keep them.
    resp["Cache-Control"] = "private, max-age=86400, immutable"
    return resp
