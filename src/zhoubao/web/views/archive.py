"""The published archive's pages: open to anyone when [profile] public = true, behind the desk's login otherwise."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import render
from django.urls import reverse

from zhoubao.app import archive
from zhoubao.conf.settings import Settings
from zhoubao.web.views.common import VIEW, error_page, home_settings

# A public archive may be cached by the proxy in front and by readers' browsers for this long (seconds):
# a newly published issue shows within minutes, and a burst of readers costs the desk one render.
PUBLIC_MAX_AGE = 300

ArchiveView = Callable[..., HttpResponseBase]


def archive_view(fn: ArchiveView) -> ArchiveView:
    """GET/HEAD only; anyone when the weekly is public, else a logged-in desk user (anonymous → login)."""

    @wraps(fn)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        settings = home_settings()
        public = archive.is_public(settings)
        if not public:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not VIEW(request.user):
                return error_page(request, "你的角色没有权限执行此操作。", 403)
        response = fn(request, settings, *args, **kwargs)
        # A page behind the login must never be kept by a shared cache; a public one may for a few minutes.
        response.headers.setdefault(
            "Cache-Control", f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-cache")
        if not public:
            response.headers.setdefault("Vary", "Cookie")
        return response

    return wrapper


@archive_view
def archive_index(request: HttpRequest, settings: Settings) -> HttpResponse:
    profile = archive.weekly(settings)
    entries = archive.entries(settings)
    return render(request, "archive/index.html", {
        "profile": profile, "years": archive.by_year(entries), "count": len(entries),
        "public": archive.is_public(settings)})


@archive_view
def archive_issue(request: HttpRequest, settings: Settings, number: int) -> HttpResponse:
    page = archive.published_issue(settings, number)
    if page is None:  # a draft, an issue in review or approved, or no such number: the same 404
        raise Http404("没有这一期")
    doc = page.doc
    sections = [{"name": s.name, "items": [{"title": it.title, "paragraphs": it.paragraphs,
                                            "sources": page.sources.get(id(it), [])} for it in s.items]}
                for s in doc.sections if s.items]
    return render(request, "archive/issue.html", {
        "entry": page.entry, "doc": doc, "sections": sections, "footer": archive.footer(doc),
        "public": archive.is_public(settings)})


@archive_view
def archive_file(request: HttpRequest, settings: Settings, number: int, name: str) -> FileResponse:
    served = archive.published_file(settings, number, name)
    if served is None:
        raise Http404("没有这个文件")
    # as_attachment: even a published HTML file is saved, never shown as a page of the desk's own origin;
    # Django writes a Chinese name as RFC 5987 filename*=utf-8''….
    return FileResponse(served.path.open("rb"), as_attachment=True, filename=served.download_name,
                        content_type=served.content_type)


@archive_view
def archive_feed(request: HttpRequest, settings: Settings) -> HttpResponse:
    url = request.build_absolute_uri
    body = archive.feed(settings, issue_url=lambda n: url(reverse("archive_issue", args=[n])),
                        file_url=lambda n, f: url(reverse("archive_file", args=[n, f])),
                        index_url=url(reverse("archive_index")), self_url=url(reverse("archive_feed")))
    return HttpResponse(body, content_type=archive.FEED_MEDIA_TYPE)
