"""Issue 15's desk bugs, one test (or a few) each: each failed before its fix."""

from __future__ import annotations

import pytest

from zhoubao.archive.models import Issue
from zhoubao.compose.compose import issue_document
from zhoubao.render import registry

pytestmark = pytest.mark.django_db


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
