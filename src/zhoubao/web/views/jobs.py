"""Jobs in the desk: 生成草稿 and 发布 are queued (the request returns at once), and a small fragment that htmx
polls shows the job's progress until the issue appears or the failure's message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhoubao.app import jobs as app_jobs
from zhoubao.archive.models import JobRun
from zhoubao.web.views.common import VIEW, desk_view, int_or, is_htmx


def submit(run: JobRun) -> JobRun:
    """Put the run on the queue (the jobs shell's Huey); a queue run inline (tests) has finished it already."""
    from zhoubao.jobs.tasks import queue

    return queue().submit(run)


def after_submit(request: HttpRequest, run: JobRun, *, waiting: str) -> HttpResponse:
    """Where a job's request lands: a job that already ended says how (as a synchronous action did), one on its
    way shows its progress on `waiting` (the page the button was on)."""
    run.refresh_from_db()
    if run.state == JobRun.State.DONE:
        messages.success(request, run.message)
        issue = run.result.get("issue") if isinstance(run.result, dict) else None
        return redirect("issue", issue) if issue else redirect(waiting)
    if run.state == JobRun.State.FAILED:
        messages.error(request, run.message)
        return redirect(waiting)
    return redirect(f"{waiting}?job={run.pk}#job-{run.pk}")


def shown(request: HttpRequest, *kinds_args: tuple[str, dict[str, Any]]) -> list[app_jobs.RunView]:
    """The runs a page shows: the one its URL names (even ended: its outcome), and those of these kinds on their
    way."""
    workers = len(app_jobs.live_workers())
    out: list[app_jobs.RunView] = []
    asked = int_or(request.GET.get("job"))
    if asked is not None:
        run = app_jobs.find(asked)
        if run is not None:
            out.append(app_jobs.view(run, workers=workers))
    for kind, args in kinds_args:
        run = app_jobs.active_run(kind, **args) if args else None
        runs = [run] if run is not None else []
        if not args:
            runs = list(JobRun.objects.filter(kind=kind, state__in=app_jobs.ACTIVE).order_by("id")[:5])
        out += [app_jobs.view(r, workers=workers) for r in runs if all(v.id != r.pk for v in out)]
    return out


@desk_view(VIEW)
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's fragment; polled while it runs. When it has ended, an htmx poll is sent on to its issue."""
    run = app_jobs.find(pk)
    if run is None:
        raise Http404("没有这个任务")
    v = app_jobs.view(run)
    resp = render(request, "desk/_job.html", {"j": v})
    if is_htmx(request) and request.GET.get("poll") and not v.active and not v.failed and v.issue:
        resp["HX-Redirect"] = reverse("issue", args=[v.issue]) + f"?job={v.id}"
    return resp
