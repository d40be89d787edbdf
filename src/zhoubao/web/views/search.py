"""The archive search page: reports, stories and items holding every word of the query (as `zhoubao search`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from zhoubao.app.profile import current_profile
from zhoubao.app.search import search
from zhoubao.archive.models import Issue
from zhoubao.web.forms import SearchForm
from zhoubao.web.views.common import VIEW, desk_view, home_settings

KINDS = {"report": "报道", "story": "事件", "item": "条目"}


@desk_view(VIEW)
def archive_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    rows: list[dict[str, object]] = []
    asked = False
    if form.is_valid() and form.cleaned_data["q"].strip():
        asked = True
        c = form.cleaned_data
        settings = home_settings()
        hits = search(settings, c["q"], start=c["start"], end=c["end"], section=c["section"] or None,
                      issue=c["issue"])
        profile = current_profile(settings)
        issue_pks = dict(Issue.objects.filter(profile=profile, number__in={h.issue for h in hits if h.issue})
                         .values_list("number", "pk"))
        for h in hits:
            if h.kind == "report":
                link = reverse("report", args=[h.id])
            elif h.issue in issue_pks:
                link = reverse("issue", args=[issue_pks[h.issue]]) + (f"#item-{h.id}" if h.kind == "item" else "")
            else:
                link = ""
            rows.append({"kind": KINDS[h.kind], "title": h.title, "parts": h.snippet.parts, "link": link,
                         "url": h.url, "published": (h.published or "")[:10], "section": h.section or "",
                         "issue": h.issue})
    return render(request, "desk/search.html", {"form": form, "rows": rows, "asked": asked})
