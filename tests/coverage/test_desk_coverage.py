"""The desk: the coverage panel beside the issue and the 趋势 page, for an editor, hostile names escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from django.urls import reverse

from tests.coverage.conftest import Seeded, seed
from zhoubao.conf.settings import Settings

HOSTILE = '<img src=x onerror=alert(1)>稳定&日报'


def test_the_issue_page_loads_the_panel(as_editor: Any, seeded: Seeded) -> None:
    page = as_editor.get(reverse("issue", args=[seeded.issue.pk])).content.decode()
    assert 'id="coverage"' in page and reverse("issue_coverage", args=[seeded.issue.pk]) in page
    assert reverse("trends") in page  # the nav's 趋势


def test_the_panel_lists_the_troubles_not_the_healthy(as_editor: Any, seeded: Seeded) -> None:
    url = reverse("issue_coverage", args=[seeded.issue.pk])
    panel = as_editor.get(url, HTTP_HX_REQUEST="true").content.decode()
    for name in ("沉默周刊", "故障网", "停用站", "改版网", "腾讯视频", "无法连接到该网站"):
        assert name in panel
    assert "稳定日报" not in panel and "常规财经" not in panel and "<html" not in panel
    page = as_editor.get(url).content.decode()  # without script: a page of its own
    assert "<html" in page and "沉默周刊" in page


def test_the_trends_page_draws_a_chart_per_section_and_the_rising(as_editor: Any, seeded: Seeded) -> None:
    page = as_editor.get(reverse("trends"), {"week": "2025-06-09"}).content.decode()
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    roots = [ET.fromstring(s) for s in svgs]  # each parses as XML
    titles = [r.find("{http://www.w3.org/2000/svg}title").text or "" for r in roots]
    assert len(roots) == 4, titles  # two sections with items, the rising, the yields
    ns = "{http://www.w3.org/2000/svg}"
    first = roots[0]
    assert len(first.findall(f"{ns}rect")) == 13  # one bar per week of the quarter
    heights = [float(r.get("height", "0")) for r in first.findall(f"{ns}rect")]
    assert heights[-1] > heights[-3] > 0 and heights.count(0) == 11  # 3 items this week, 1 two weeks before
    rising = next(r for r in roots if "上升" in (r.find(f"{ns}title").text or ""))
    assert "哔哩哔哩" in ET.tostring(rising, encoding="unicode")
    assert "<table" in page and "数据表" in page  # the text alternative


def test_a_bad_week_is_said_in_chinese(as_editor: Any, seeded: Seeded) -> None:
    res = as_editor.get(reverse("trends"), {"week": "2025-99-01"})
    assert res.status_code == 200 and "YYYY-MM-DD" in res.content.decode()


def test_hostile_source_names_are_escaped(as_editor: Any, db: Any, home: Settings) -> None:
    seeded = seed(home, hostile=HOSTILE)
    from zhoubao.archive.models import Source

    Source.objects.filter(pk=seeded.sources["steady"].pk).update(error_count=1, last_error=HOSTILE)
    panel = as_editor.get(reverse("issue_coverage", args=[seeded.issue.pk]), HTTP_HX_REQUEST="true").content.decode()
    trends = as_editor.get(reverse("trends"), {"week": "2025-06-09"}).content.decode()
    for page in (panel, trends):
        assert "<img src=x" not in page
    assert "&lt;img src=x" in panel
    for s in re.findall(r"<svg .*?</svg>", trends, flags=re.S):
        ET.fromstring(s)


def test_a_reader_needs_a_login(client: Any, seeded: Seeded) -> None:
    res = client.get(reverse("trends"))
    assert res.status_code in (302, 403)
