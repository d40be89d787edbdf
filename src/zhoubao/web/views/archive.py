"""The published archive's pages: open to anyone when [profile] public = true, behind the desk's login otherwise."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

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
from zhoubao.archive.profiles import sync_profile
from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import Settings
from zhoubao.deliver import atom
from zhoubao.render.text import footer_lines
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
    profile = sync_profile(settings)
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
        "entry": page.entry, "doc": doc, "sections": sections, "footer": _footer(doc),
        "public": archive.is_public(settings)})


def _footer(doc: IssueDoc) -> dict[str, list[tuple[str, str]]]:
    lines = footer_lines(doc)
    return {"head": [(k, v) for k, v in lines if k not in ("报", "发")],
            "dist": [(k, v) for k, v in lines if k in ("报", "发")]}


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
    profile = sync_profile(settings)
    entries = archive.entries(settings)
    url = request.build_absolute_uri

    def issue_url(number: int) -> str:
        return url(reverse("archive_issue", args=[number]))

    items = [atom.FeedEntry(
        id=issue_url(e.number), link=issue_url(e.number), title=f"{e.title} 第{e.number}期（{_cn_date(e)}）",
        updated=e.published, published=e.published, summary=e.summary,
        enclosures=[atom.Enclosure(url(reverse("archive_file", args=[e.number, d.file])), d.media_type,
                                   d.label, d.size) for d in e.downloads]) for e in entries]
    updated = max((e.published for e in entries), default=profile.updated.astimezone(ZoneInfo(profile.timezone)))
    body = atom.feed(feed_id=url(reverse("archive_index")), title=profile.title, subtitle=profile.publisher,
                     author=profile.publisher or profile.title, self_url=url(reverse("archive_feed")),
                     html_url=url(reverse("archive_index")), updated=updated, entries=items)
    return HttpResponse(body, content_type=atom.MEDIA_TYPE)


def _cn_date(e: archive.Entry) -> str:
    return f"{e.date.year}年{e.date.month}月{e.date.day}日"
