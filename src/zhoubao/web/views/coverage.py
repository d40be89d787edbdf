"""The coverage panel beside an issue and the 趋势 page: app/coverage and app/trends drawn as tables and SVG charts."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from zhoubao.app.coverage import coverage, week_window
from zhoubao.app.profile import current_profile
from zhoubao.app.trends import charts, trends
from zhoubao.archive.models import Issue
from zhoubao.web.views.common import VIEW, desk_view, home_settings, is_htmx


@desk_view(VIEW)
def issue_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue's window: the panel (htmx, loaded after the issue page) or, without script, a page of its own."""
    issue = get_object_or_404(Issue.objects.select_related("profile"), pk=pk)
    report = coverage(home_settings(), issue.window_start, issue.window_end)
    ctx = {"issue": issue, "cov": report}
    return render(request, "desk/_coverage.html" if is_htmx(request) else "desk/coverage.html", ctx)


def _week(request: HttpRequest) -> tuple[datetime, datetime, str]:
    """The window asked for (?week=DATE, a build's date), else the latest issue's, else this week's."""
    settings = home_settings()
    raw = request.GET.get("week", "").strip()
    if raw:
        try:
            start, end = week_window(settings, date.fromisoformat(raw))
            return start, end, ""
        except ValueError:
            start, end = week_window(settings)
            return start, end, f"日期应写作 YYYY-MM-DD：{raw[:40]}。下面是本周的趋势。"
    latest = Issue.objects.filter(profile=current_profile(settings)).order_by("-date").first()
    if latest is not None:
        return latest.window_start, latest.window_end, ""
    start, end = week_window(settings)
    return start, end, ""


@desk_view(VIEW)
def trends_page(request: HttpRequest) -> HttpResponse:
    start, end, problem = _week(request)
    t = trends(home_settings(), start, end)
    c = charts(t)
    return render(request, "desk/trends.html", {
        "t": t, "problem": problem, "week": end.date(), "labels": c.labels, "yield_rows": c.yield_rows,
        # render/charts escapes every name and number it writes
        "section_charts": [(s, mark_safe(svg)) for s, svg in c.sections],
        "rising_chart": mark_safe(c.rising) if c.rising else None,
        "yield_chart": mark_safe(c.yields) if c.yields else None})
