"""The issue list (newest first, a page at a time) and the build asked from it."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhoubao.app import desk
from zhoubao.app import jobs as app_jobs
from zhoubao.app.build import BuildError, DateCovered, RebuildRefused
from zhoubao.archive.models import Issue
from zhoubao.errors import DeskError
from zhoubao.web.forms import BuildForm
from zhoubao.web.views import jobs
from zhoubao.web.views.common import EDIT, VIEW, desk_view, home_settings, int_or
from zhoubao.web.views.issues import _urls

HOME_PAGE = 40  # issues a page of the issue list shows


@desk_view(VIEW)
def home(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    # The list shows no footer nor profile settings: not decoding those JSON columns for every row (issue 15).
    issues = (Issue.objects.select_related("profile").defer("footer", "profile__config")
              .annotate(n_items=Count("items")).order_by("-date", "-number"))
    if state in Issue.State.values:
        issues = issues.filter(state=state)
    builds = jobs.shown(request, ("build", {}))
    # A page of the newest issues (a weekly makes 52 a year); one row past it tells whether there are older ones.
    page = max(int_or(request.GET.get("page"), 1) or 1, 1)
    shown = list(issues[(page - 1) * HOME_PAGE : page * HOME_PAGE + 1])
    older = len(shown) > HOME_PAGE
    shown = shown[:HOME_PAGE]
    waiting, back = desk.waiting_on(shown), desk.sent_back(shown)
    url = _urls("issue", 1)  # reversed once, not once per row ({% url %} costs about 1 ms a row)
    # Dates formatted here: the template's date filter costs a quarter of a millisecond each (issue 15's bench).
    rows = [{"i": i, "url": url(i.pk), "waiting": waiting.get(i.pk), "back": back.get(i.pk),
             "date": i.date.isoformat(), "updated": timezone.localtime(i.updated).strftime("%m-%d %H:%M")}
            for i in shown]
    keep = f"state={state}&" if state in Issue.State.values else ""
    return render(request, "desk/home.html", {
        "issues": rows, "state": state, "states": Issue.State.choices, "page": page,
        "newer": f"?{keep}page={page - 1}" if page > 1 else "", "older": f"?{keep}page={page + 1}" if older else "",
        "build_form": BuildForm(initial={"date": timezone.localdate()}),
        "jobs": builds, "build_busy": any(j.active for j in builds), "notices": app_jobs.notices(),
    })


@desk_view(EDIT, methods=("POST",))
def build_issue(request: HttpRequest) -> HttpResponse:
    """Queue the build (a job): the request returns at once and the page shows the job's progress."""
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的出刊日期。")
        return redirect("home")
    day = form.cleaned_data["date"]
    try:
        # The checks a build makes first (a covered date, an edited draft) answer now; the build is a job.
        run = app_jobs.request_build(home_settings(), day, request.user, rebuild=request.POST.get("rebuild") == "1")
    except RebuildRefused as exc:
        # Editors have changed this draft: ask before rebuilding it (nothing is lost either way).
        return render(request, "desk/rebuild_confirm.html", {"issue": exc.issue, "date": day, "edits": exc.edits,
                                                             "last": exc.last})
    except DateCovered as exc:
        messages.warning(request, f"{day} 已在第{exc.issue.number}期（{exc.issue.date}）的时间窗口内，"
                                  f"未生成新的一期；已为你打开第{exc.issue.number}期。要出新的一期，请选择更晚的日期。")
        return redirect("issue", exc.issue.pk)
    except BuildError as exc:
        raise DeskError(getattr(exc, "desk", "") or str(exc).replace("先运行 zhoubao collect", "请先抓取")) from None
    return jobs.after_submit(request, jobs.submit(run), waiting=reverse("home"))
