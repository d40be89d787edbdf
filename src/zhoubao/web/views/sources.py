"""Sources: list with health (last fetch, errors, back-off, reports per week), add, edit, disable."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhoubao.archive.models import Source, audit
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import policy_for
from zhoubao.net.url import canonical
from zhoubao.review.workflow import actor
from zhoubao.web.forms import SourceForm
from zhoubao.web.views.common import SOURCES, VIEW, desk_view, home_settings


@desk_view(VIEW)
def source_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    week, month = now - timedelta(days=7), now - timedelta(days=28)
    rows = []
    qs = Source.objects.annotate(
        n_total=Count("reports"),
        n_week=Count("reports", filter=Q(reports__fetched__gte=week)),
        n_month=Count("reports", filter=Q(reports__fetched__gte=month)),
    ).order_by("-enabled", "-error_count", "name")
    for s in qs:
        if not s.enabled:
            health, label = "off", "已停用"
        elif s.error_count:
            health, label = "bad", f"连续失败 {s.error_count} 次"
        elif s.last_success is None:
            health, label = "new", "尚未抓取"
        else:
            health, label = "ok", "正常"
        backoff = s.next_check if s.next_check and s.next_check > now and s.error_count else None
        rows.append({"s": s, "health": health, "label": label, "per_week": round(s.n_month / 4, 1), "backoff": backoff})
    return render(request, "desk/sources.html", {"rows": rows})


def _check(url: str) -> str | None:
    try:
        with Fetcher(policy_for(home_settings())) as fetcher:
            fetcher.check_url(url)
    except FetchError as exc:
        return f"不能使用该网址：{exc}"
    return None


def _save(request: HttpRequest, form: SourceForm, creating: bool) -> Source | None:
    if not form.is_valid():
        return None
    url = canonical(form.cleaned_data["url"])
    problem = _check(url)
    if problem:
        form.add_error("url", problem)
        return None
    dup = Source.objects.filter(url=url).exclude(pk=form.instance.pk).first()
    if dup is not None:
        form.add_error("url", f"该网址已是来源“{dup.name}”。")
        return None
    before = None if creating else {"url": form.initial.get("url"), "enabled": form.initial.get("enabled")}
    source = form.save(commit=False)
    source.url = url
    source.name = form.cleaned_data.get("name") or url.split("//", 1)[-1].split("/", 1)[0]
    source.options = {k: v for k in ("pattern", "selector") if (v := form.cleaned_data.get(k))}
    if source.enabled:
        source.disabled_reason = ""
        if not creating and "enabled" in form.changed_data:
            source.error_count, source.next_check = 0, None  # re-enabled by hand: start afresh
    source.save()
    audit("source_add" if creating else "source_edit", actor=actor(request.user), user=request.user,
          before=before, after={"source": source.pk, "url": source.url, "enabled": source.enabled})
    return source


@desk_view(SOURCES, methods=("GET", "POST"))
def source_new(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, initial={"kind": "feed", "enabled": True})
    if request.method == "POST":
        source = _save(request, form, creating=True)
        if source is not None:
            messages.success(request, f"已添加来源“{source.name}”。下次抓取时生效。")
            return redirect("sources")
    return render(request, "desk/source_form.html", {"form": form, "creating": True})


@desk_view(SOURCES, methods=("GET", "POST"))
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    if source.kind == Source.Kind.FILES:
        messages.error(request, "本地文件来源只能在命令行中管理。")
        return redirect("sources")
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST":
        saved = _save(request, form, creating=False)
        if saved is not None:
            messages.success(request, f"已保存来源“{saved.name}”。")
            return redirect("sources")
    return render(request, "desk/source_form.html", {"form": form, "creating": False, "source": source})


@desk_view(SOURCES, methods=("POST",))
def source_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    before = source.enabled
    source.enabled = not source.enabled
    if source.enabled:
        source.disabled_reason, source.error_count, source.next_check = "", 0, None
    else:
        source.disabled_reason = (request.POST.get("reason") or f"由 {actor(request.user)} 在编辑台停用")[:500]
    source.save()
    audit("source_toggle", actor=actor(request.user), user=request.user, before={"enabled": before},
          after={"source": source.pk, "enabled": source.enabled})
    messages.success(request, f"已{'启用' if source.enabled else '停用'}来源“{source.name}”。")
    return redirect("sources")
