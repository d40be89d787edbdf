"""JSON and Markdown exports: the JSON schema holds, report text never becomes markup."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import jsonschema
import pytest

from zhoubao.compose.document import Footer, IssueDoc, ItemDoc, Masthead, ReportRef, SectionDoc, StoryDoc
from zhoubao.render import json_out, registry


def _doc(title: str = "爱奇艺：网络剧《甲》开播") -> IssueDoc:
    story = StoryDoc(title, ["6月3日，网络剧《甲》开播。"],
                     [ReportRef("https://e.com/1", "新华网", "t", datetime(2025, 6, 3, tzinfo=UTC))])
    return IssueDoc(
        masthead=Masthead("行业动态周报", "协会", 418, date(2025, 6, 9)),
        window_start=date(2025, 6, 2), window_end=date(2025, 6, 9), highlights=[title],
        sections=[SectionDoc("内容", [ItemDoc(title, list(story.paragraphs), [story])]), SectionDoc("技术", [])],
        footer=Footer("编辑部", ["甲"], ["乙"], "注：……", ["报单位"], ["发单位"]),
    )


def test_json_export_validates_and_drops_empty_sections() -> None:
    data = json.loads(registry.render(_doc(), "json"))
    json_out.validate(data)
    assert [s["name"] for s in data["sections"]] == ["内容"]
    assert data["masthead"] == {"title": "行业动态周报", "publisher": "协会", "number": 418, "date": "2025-06-09"}
    assert data["sections"][0]["items"][0]["stories"][0]["reports"][0]["published"].startswith("2025-06-03")


def test_schema_rejects_a_broken_export() -> None:
    data = json.loads(registry.render(_doc(), "json"))
    del data["footer"]["send_to"]
    with pytest.raises(jsonschema.ValidationError):
        json_out.validate(data)
    data = json.loads(registry.render(_doc(), "json"))
    data["masthead"]["number"] = "418"
    with pytest.raises(jsonschema.ValidationError):
        json_out.validate(data)


def test_markdown_escapes_report_text() -> None:
    md = registry.render(_doc("<script>alert(1)</script> *x* [y](javascript:z)"), "md").decode()
    # Every markup character of report text arrives escaped: no raw tag, no live link.
    assert "<script" not in md.replace("\\<script", "")
    assert "[y](" not in md and "\\[y\\](javascript:z)" in md
    assert "◆" in md and "## 内容" in md and "## 技术" not in md
    assert "第418期" in md and "2025年6月9日" in md


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="json"):
        registry.get("rtf")
