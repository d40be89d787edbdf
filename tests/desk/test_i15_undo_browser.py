"""Issue 15 in headless Chromium: merge asks in a dialog, 撤销 takes it back, 修改记录 reads on a phone (390 px)
without sideways scrolling. Screenshots go to test-artifacts/desk*/ beside test_browser's."""

from __future__ import annotations

from typing import Any

import pytest

from tests.desk.test_browser import SHOTS, _issue_json, _item_id, _login, _section_titles, browser, desk

__all__ = ["browser", "desk"]  # the fixtures, shared with test_browser (this module starts its own desk)


def _errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text + " @ " + str(m.location)) if m.type == "error" else None)
    return errors


def _fits(page: Any) -> bool:
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    return bool(width[0] <= width[1])


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
def test_merge_confirm_and_undo_in_the_browser(desk: Any, browser: Any, size: tuple[int, int]) -> None:
    base = desk["base"]
    phone = size[0] < 500
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=phone, has_touch=phone)
    page = ctx.new_page()
    errors = _errors(page)
    answers: list[bool] = []
    page.on("dialog", lambda d: d.accept() if answers.pop(0) else d.dismiss())
    _login(page, base, "ed")
    link = page.locator("table.list a", has_text="第1期")
    issue = str(link.get_attribute("href")).strip("/").split("/")[-1]
    page.goto(f"{base}/issues/{issue}/")
    start = _issue_json(page, base, issue)

    # Bring two items into one section, so that one can be merged into the other.
    money, notice = _item_id(page, "哔哩哔哩"), _item_id(page, "微短剧")
    box = page.locator(f"#item-{money}")
    box.locator("details.tools > summary").click()
    box.locator("select[name=section]").select_option("行业")
    with page.expect_navigation():
        box.locator("button[data-action=move]").click()
    moved = _issue_json(page, base, issue)

    target = page.locator(f"#item-{notice}")
    target.locator("details.tools > summary").click()
    target.locator("select[name=other]").select_option(money)
    answers.append(False)  # the dialog is dismissed: nothing is merged
    target.locator("button[data-action=merge]").click()
    page.wait_for_timeout(300)
    assert _issue_json(page, base, issue) == moved
    answers.append(True)
    with page.expect_navigation():
        target.locator("button[data-action=merge]").click()
    merged = _issue_json(page, base, issue)
    assert len(_section_titles(merged, "行业")) == 1
    page.screenshot(path=SHOTS / f"i15-merged-{size[0]}.png", full_page=True)
    assert "合并" in page.inner_text("form.undo")
    assert _fits(page)

    # 撤销 twice: the merge, then the move; the issue is as it started. A phone has it in the sticky jump bar.
    undo = ".jump-undo button" if phone else "form.undo button[data-action=undo]"
    assert page.locator(undo).is_visible()
    with page.expect_navigation():
        page.click(undo)
    assert _issue_json(page, base, issue) == moved
    with page.expect_navigation():
        page.click(undo)
    assert _issue_json(page, base, issue) == start
    page.screenshot(path=SHOTS / f"i15-undone-{size[0]}.png", full_page=True)

    page.goto(f"{base}/issues/{issue}/audit")
    text = page.inner_text("main")
    assert "撤销" in text and "合并" in text and "移动" in text and "已撤销" in text
    page.screenshot(path=SHOTS / f"i15-history-{size[0]}.png", full_page=True)
    assert _fits(page), "the history scrolls sideways"
    ctx.close()
    assert not errors, errors
