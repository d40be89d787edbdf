"""The coverage panel beside an issue and the 趋势 page: app/coverage and app/trends drawn as tables and SVG charts."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe

from zhoubao.app.coverage import coverage, week_window
from zhoubao.app.profile import current_profile
from zhoubao.app.trends import Trends, trends
from zhoubao.archive.models import Issue
from zhoubao.render.charts import Bar, bars, columns
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


def _charts(t: Trends) -> dict[str, object]:
    labels = [f"{d.month}/{d.day}" for d in t.weeks]
    sections = [(s, _svg(columns(f"section-{n}", f"{s.section}：近 13 周每周条目数",
                                 "、".join(f"{lab} {v} 条" for lab, v in zip(labels, s.counts, strict=True)),
                                 labels, s.counts)))
                for n, s in enumerate(t.sections)]
    rising = _svg(bars("rising", "本周上升的机构与公司", "每行一个名称：蓝条为本周提及的报道数，红线为此前每周平均。",
                       [Bar(e.name, e.week, f"{e.week}（均 {e.baseline_mean:.1f}）", e.baseline_mean)
                        for e in t.rising])) if t.rising else None
    with_yield = [s for s in t.sources if s.week_yield is not None or s.baseline_yield is not None]
    yields = _svg(bars("yield", "各来源正文提取率", "每行一个来源：蓝条为本周有正文的报道占比，红线为此前的占比。",
                       [Bar(s.name, 100 * (s.week_yield or 0.0),
                            "—" if s.week_yield is None else f"{s.week_yield:.0%}（{s.week_reports}篇）",
                            None if s.baseline_yield is None else 100 * s.baseline_yield)
                        for s in with_yield], peak=100.0)) if with_yield else None
    return {"labels": labels, "section_charts": sections, "rising_chart": rising, "yield_chart": yields,
            "yield_rows": with_yield}


def _svg(markup: str) -> SafeString:
    return mark_safe(markup)  # render/charts escapes every name and number it writes


@desk_view(VIEW)
def trends_page(request: HttpRequest) -> HttpResponse:
    start, end, problem = _week(request)
    t = trends(home_settings(), start, end)
    return render(request, "desk/trends.html", {"t": t, "problem": problem, "week": end.date(), **_charts(t)})
