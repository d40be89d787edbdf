"""校对 in headless Chromium on a phone (390×844): the panel and its count read without sideways scrolling, and
修正 fixes the item. Screenshots go to test-artifacts/desk/ (…-postgres on PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.desk.test_browser import CHROMIUM, SHOTS, _item_id, _login, _until, browser, desk  # noqa: F401

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (apt-get install chromium)")


def _scroll_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_proofread_panel_and_fix_on_phone_and_desktop(desk: Any, browser: Any, width: int, height: int) -> None:  # noqa: F811
    base = desk["base"]
    errors: list[str] = []
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, base, "ed")
    page.locator("table.list a", has_text="第2期").click()
    page.wait_for_selector("#paper.editable")
    item = _item_id(page, "芒果TV")
    title = page.locator(f"#item-{item} textarea.title")
    version = page.locator(f"#version-{item}").input_value()
    title.fill(f"广电总局今晚通报,芒果TV上线纪录片{width}")
    _until(lambda: page.locator(f"#version-{item}").input_value() != version)
    page.reload()
    panel = page.locator("#proofread")
    assert panel.is_visible()
    count = page.locator("#workflow .proof-count")
    assert count.is_visible() and "处待查" in count.inner_text()
    assert _scroll_width(page) <= width, "the page scrolls sideways"
    panel.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"proofread-{width}.png", full_page=False)
    fixes = panel.locator(f"form.proof-fix[action$='/items/{item}/proofread-fix']")
    assert fixes.count() >= 3  # the short name, the relative date, the half-width comma
    with page.expect_navigation():
        fixes.filter(has=page.locator("input[name=suggestion][value='国家广播电视总局']")).locator("button").click()
    assert page.locator(f"#item-{item} textarea.title").input_value().startswith("国家广播电视总局今晚通报")
    assert "已修正" in page.locator(".msg").first.inner_text()
    assert _scroll_width(page) <= width
    page.screenshot(path=SHOTS / f"proofread-{width}-fixed.png", full_page=False)
    assert not errors, errors
    ctx.close()
