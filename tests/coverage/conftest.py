"""Coverage fixtures: nine weeks of a seeded archive with known quiet, failed, disabled and falling sources, a body
the beat usually hears from that is silent this week, and a company rising this week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.desk.conftest import _desk_settings, _jobs_inline, as_editor, home, users  # noqa: F401
from zhoubao.app.coverage import week_window
from zhoubao.app.profile import current_profile
from zhoubao.archive.models import Issue, Item, Report, Source
from zhoubao.conf.settings import Settings

WEEK = date(2025, 6, 9)  # the issue date: its window runs from 06-02 00:00 to 06-09 23:59 (eight days)


@dataclass
class Seeded:
    start: datetime
    end: datetime
    sources: dict[str, Source]
    issue: Issue


def _report(source: Source, n: int, when: datetime, title: str, *, text: str = "正文一段，说明本周的进展。",
            flags: list[str] | None = None) -> None:
    r = Report.objects.create(source=source, url=f"{source.url}a/{n}.html", title=title, text=text, published=when,
                              outlet=source.name, fingerprint=f"{source.id}-{n}", flags=flags or [])
    Report.objects.filter(pk=r.pk).update(fetched=when + timedelta(hours=1))  # fetched soon after, as in a real run


def seed(settings: Settings, *, hostile: str = "") -> Seeded:
    start, end = week_window(settings, WEEK)
    length = end - start
    now = timezone.now()

    def src(key: str, name: str, **kw: Any) -> Source:
        return Source.objects.create(name=name, url=f"https://{key}.example.com/feed.xml", last_success=now, **kw)

    s = {
        "steady": src("steady", hostile or "稳定日报"),
        "steady2": src("steady2", "常规财经"),
        "quiet": src("quiet", "沉默周刊"),
        "broken": src("broken", "故障网", error_count=2,
                      last_error="network error: [Errno 111] Connection refused (https://broken.example.com/feed.xml)"),
        "off": src("off", "停用站", enabled=False, disabled_reason="连续 5 次失败，最后一次：HTTP 404"),
        "relayout": src("relayout", "改版网"),
    }
    n = 0
    for week in range(9):  # 0 is this week, 1..8 the weeks before
        base = start - length * week + timedelta(hours=30)
        for day in range(3):
            when = base + timedelta(days=day)
            n += 1
            # The steady outlets name 爱奇艺 every week: usual and present, neither silent nor rising.
            _report(s["steady"], n, when, f"爱奇艺第{week}周第{day}篇动态" if day == 0 else f"行业观察{n}")
            _report(s["steady2"], n, when, f"市场综述{n}")
            _report(s["broken"], n, when, f"故障网报道{n}")
            _report(s["relayout"], n, when, f"改版网报道{n}",
                    **({"text": "", "flags": ["no_text: 未能提取正文"]} if week == 0 else {}))
            if week:
                _report(s["quiet"], n, when, f"沉默周刊报道{n}")
                _report(s["off"], n, when, f"停用站报道{n}")
        if week in (2, 4, 6, 7):  # usual before, silent this week
            _report(s["steady2"], 1000 + week, base, "腾讯视频公布新片单")
        if week == 5:  # named once before, so not one the beat usually hears from
            _report(s["steady2"], 1100 + week, base, "芒果TV发布暑期片单")
    for k in range(4):  # rising this week only
        _report(s["steady2"], 2000 + k, start + timedelta(hours=40 + k), f"哔哩哔哩第{k}条新闻")
    profile = current_profile(settings)
    issue = Issue.objects.create(profile=profile, number=2, date=WEEK, window_start=start, window_end=end)
    sections = [sec.name for sec in settings.profile.sections]
    for k in range(3):
        Item.objects.create(issue=issue, section=sections[0], order=k, title=f"条目{k}", paragraphs=["一段。"])
    Item.objects.create(issue=issue, section=sections[1], order=9, title="另一栏", paragraphs=["一段。"])
    earlier = Issue.objects.create(profile=profile, number=1, date=WEEK - timedelta(days=14),
                                   window_start=start - 2 * length, window_end=end - 2 * length)
    Item.objects.create(issue=earlier, section=sections[0], order=0, title="两周前", paragraphs=["一段。"])
    return Seeded(start, end, s, issue)


@pytest.fixture
def seeded(db: Any, home: Settings) -> Seeded:  # noqa: F811
    return seed(home)
