"""Sources: add, edit, import, enable and disable them, and read their health — for the CLI, the desk and jobs alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from zhoubao.app.advice import fetch_advice, readable
from zhoubao.archive.models import Report, Source, audit
from zhoubao.collect.pages import RuleError, check_rules
from zhoubao.collect.sources import SourceError, SourceSpec, add, guess_kind, parse_import, state
from zhoubao.conf.settings import Settings
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import policy_for
from zhoubao.net.url import canonical
from zhoubao.review.workflow import actor

__all__ = ["SourceError", "SourceSpec", "add_source", "check_url", "enable", "guess_kind", "import_sources",
           "save_source", "source_rows", "state", "toggle"]


def check_url(settings: Settings, url: str) -> None:
    """Judge the address with the fetch guard now (no connection is made); it is judged again at every fetch."""
    with Fetcher(policy_for(settings)) as fetcher:
        try:
            fetcher.check_url(url)
        except FetchError as exc:
            raise SourceError(f"不能添加 {url}：不能使用该网址。{fetch_advice(exc)}") from None


def add_source(settings: Settings, spec: SourceSpec, *, user: Any = None) -> tuple[Source, bool]:
    """Add one source (idempotent on its URL) after the guard and the link rules have accepted it."""
    kind = spec.kind or guess_kind(spec.url)
    if kind != "files":
        check_url(settings, spec.url)
    source, created = add(SourceSpec(spec.url, kind, spec.name, spec.outlet_kind, spec.pattern, spec.selector))
    if created and user is not None:
        audit("source_add", actor=actor(user), user=user, after={"source": source.pk, "url": source.url})
    return source, created


@dataclass
class ImportResult:
    added: int = 0
    existed: int = 0
    refused: list[str] = field(default_factory=list)


def import_sources(settings: Settings, path: Path) -> ImportResult:
    """Add every source an OPML, CSV or TOML file lists; a refused one is reported, the others go in."""
    result = ImportResult()
    for spec in parse_import(path):
        try:
            _, created = add_source(settings, spec)
        except SourceError as exc:
            result.refused.append(str(exc))
            continue
        result.added += created
        result.existed += not created
    return result


def save_source(settings: Settings, source: Source | None, data: Mapping[str, Any], *, user: Any) -> Source:
    """Create (source None) or change a web source from the desk's form, with the same checks as `sources add`."""
    try:
        url = canonical(str(data["url"]))
    except FetchError as exc:
        raise SourceError(f"不能使用 {str(data['url'])[:200]}：{fetch_advice(exc)}") from None
    check_url(settings, url)
    try:
        check_rules(str(data.get("pattern") or ""), str(data.get("selector") or ""))
    except RuleError as exc:
        raise SourceError(str(exc)) from None
    others = Source.objects.filter(url=url)
    dup = (others.exclude(pk=source.pk) if source is not None else others).first()
    if dup is not None:
        raise SourceError(f"该网址已是来源“{dup.name}”。")
    creating = source is None
    before = None if source is None else {"url": source.url, "enabled": source.enabled}
    was_enabled = source.enabled if source is not None else True
    source = source or Source()
    for key in ("kind", "outlet_kind", "enabled", "disabled_reason"):
        if key in data:
            setattr(source, key, data[key])
    source.url = url
    source.name = str(data.get("name") or "") or url.split("//", 1)[-1].split("/", 1)[0]
    source.options = {k: v for k in ("pattern", "selector") if (v := data.get(k))}
    if source.enabled:
        source.disabled_reason = ""
        if not creating and not was_enabled:
            source.error_count, source.next_check = 0, None  # re-enabled by hand: start afresh
    source.save()
    audit("source_add" if creating else "source_edit", actor=actor(user), user=user,
          before=before, after={"source": source.pk, "url": source.url, "enabled": source.enabled})
    return source


def enable(source_id: int, *, user: Any = None) -> Source:
    """Enable a source again, clearing its failure count and back-off (it is due at the next collect)."""
    source = Source.objects.filter(id=source_id).first()
    if source is None:
        raise SourceError(f"没有编号为 {source_id} 的来源：用 zhoubao sources list 查看")
    return _set_enabled(source, True, user=user)


def toggle(source: Source, *, user: Any, reason: str = "") -> Source:
    """Disable an enabled source (with the reason kept on it) or enable a disabled one."""
    return _set_enabled(source, not source.enabled, user=user,
                        reason=reason or f"由 {actor(user)} 在编辑台停用")


def _set_enabled(source: Source, on: bool, *, user: Any, reason: str = "") -> Source:
    before = source.enabled
    source.enabled = on
    if on:
        source.disabled_reason, source.error_count, source.next_check = "", 0, None
    else:
        source.disabled_reason = reason[:500]
    source.save(update_fields=["enabled", "disabled_reason", "error_count", "next_check"])
    if user is not None:
        audit("source_toggle", actor=actor(user), user=user, before={"enabled": before},
              after={"source": source.pk, "enabled": source.enabled})
    return source


@dataclass
class SourceRow:
    """One source with its health, as the desk's list and `zhoubao sources list` show it."""

    source: Source
    health: str  # ok, bad, off, new
    label: str
    state: str
    total: int
    per_week: float
    backoff: datetime | None
    problem: str = ""  # the last error as editors read it (app/advice.readable)
    reason: str = ""  # why it was disabled, likewise
    week: int = 0  # reports fetched in the last 7 days


_COUNTS: dict[tuple[Any, ...], dict[int, tuple[int, int, int]]] = {}


def source_rows(now: datetime | None = None) -> list[SourceRow]:
    now = now or timezone.now()
    week, month = now - timedelta(days=7), now - timedelta(days=28)
    # Counted on the reports alone, grouped by source id: annotating the sources joined every report to its source
    # and grouped by all of a source's columns (issue 15's bench: most of the page's time at 50,000 reports).
    # Kept in the process until a report arrives or a minute passes (reports are only added: their number and
    # highest id tell every change; the windows move with the clock): the count read every report (issue 15).
    seen = Report.objects.filter(source__isnull=False).aggregate(n=Count("id"), last=Max("id"), at=Max("fetched"),
                                                                 by=Sum("source_id"))
    key = (seen["n"], seen["last"], seen["at"], seen["by"], int(now.timestamp()) // 60)
    counts = _COUNTS.get(key)
    if counts is None:
        counts = {}  # source → all, last 7 days, last 28 days
        for c in Report.objects.filter(source__isnull=False).values("source_id").annotate(
                n_total=Count("id"), n_week=Count("id", filter=Q(fetched__gte=week)),
                n_month=Count("id", filter=Q(fetched__gte=month))).order_by():
            counts[c["source_id"]] = (c["n_total"], c["n_week"], c["n_month"])
        _COUNTS.clear()
        _COUNTS[key] = counts
    rows = []
    for s in Source.objects.order_by("id"):
        total, recent, last_month = counts.get(s.id, (0, 0, 0))
        if not s.enabled:
            health, label = "off", "已停用"
        elif s.error_count:
            health, label = "bad", f"连续失败 {s.error_count} 次"
        elif s.last_success is None:
            health, label = "new", "尚未抓取"
        else:
            health, label = "ok", "正常"
        backoff = s.next_check if s.next_check and s.next_check > now and s.error_count else None
        rows.append(SourceRow(s, health, label, state(s, now), total, round(last_month / 4, 1), backoff,
                              readable(s.last_error), readable(s.disabled_reason), recent))
    return rows
