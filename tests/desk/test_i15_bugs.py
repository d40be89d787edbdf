"""Issue 15's desk bugs, one test (or a few) each: each failed before its fix."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.desk.conftest import at
from tests.desk.conftest import report as make_report
from zhoubao.archive.models import Issue, Item, Report
from zhoubao.compose.compose import issue_document
from zhoubao.draft.extractive import Source
from zhoubao.draft.llm import fact_check
from zhoubao.render import registry
from zhoubao.text import facts

pytestmark = pytest.mark.django_db
TZ = "Asia/Shanghai"


# -- 2. the footer's note carried its 注： twice ------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "email", "md"])
def test_footer_note_is_labelled_once(issue: Issue, fmt: str) -> None:
    # The default profile's note reads "注：本周报由公开报道汇编…": the renderers label it, it must not be doubled.
    issue.footer = dict(issue.footer or {}, note="注：本周报由公开报道汇编，不代表本会观点。")
    issue.save()
    text = registry.render(issue_document(issue), fmt).decode()
    assert "注：注：" not in text and "注：注" not in text
    assert "注：本周报由公开报道汇编" in text


def test_footer_note_without_label_gets_one(issue: Issue) -> None:
    issue.footer = dict(issue.footer or {}, note="本周报仅供内部参考。")
    issue.save()
    doc = issue_document(issue)
    assert doc.footer.note == "本周报仅供内部参考。"
    for fmt in ("html", "email", "md"):
        assert "注：本周报仅供内部参考。" in registry.render(doc, fmt).decode()


# -- 3. a title's last letters and its paragraph's first digits ran together into a false 来源中未见 --------------

TITLE_1080 = "爱奇艺《山海长歌》上线1080p"
TEXT_1080 = "6月4日，爱奇艺宣布《山海长歌》上线1080p高清版本。"


def test_fact_check_keeps_a_title_apart_from_its_paragraph() -> None:
    # The checked side: an item's title and paragraph are checked apart (no "p6" from "1080p" + "6月4日") …
    assert facts.unsupported([TITLE_1080, TEXT_1080], ["《山海长歌》1080p版本上线", TEXT_1080], tz=TZ) == []
    # … and the sources' side: a report's title and text are searched apart, so a "p6" the item has is not
    # found in the sources by running the report's title into its text.
    found = facts.unsupported(["爱奇艺上线p6格式。"], [TITLE_1080, TEXT_1080], tz=TZ)
    assert "p6" in [f.token for f in found]


def test_language_model_guard_keeps_a_report_title_apart_from_its_text() -> None:
    source = Source(TITLE_1080, TEXT_1080, None)
    assert fact_check([TITLE_1080, TEXT_1080], [source], tz=TZ).ok
    checked = fact_check(["爱奇艺上线p6格式"], [source], tz=TZ)
    assert not checked.ok and "p6" in checked.reason


def test_desk_marks_no_false_p6_on_an_item(as_editor: Client, issue: Issue) -> None:
    item = issue.items.order_by("order", "id").first()
    assert item is not None
    part = item.parts.first()
    assert part is not None and part.story is not None
    make_report("https://ent.example.com/1080.html", TITLE_1080, TEXT_1080, at(4), "爱奇艺",
                "company")
    Report.objects.filter(url="https://ent.example.com/1080.html").update(story=part.story)
    Item.objects.filter(pk=item.pk).update(title=TITLE_1080, paragraphs=[TEXT_1080 + "另有p6格式。"])
    html = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    facts_line = html[html.index(f'id="facts-{item.pk}"'):]
    facts_line = facts_line[:facts_line.index("</div>")]
    # The "p6" the paragraph invents is marked; the title's "1080p" before the paragraph's "6月4日" is not.
    assert "<mark>p6</mark>" in facts_line and "来源中未见" in facts_line
