"""Issue 15 in headless Debian Chromium at 1366×900 and 390×844: keyboard shortcuts (j/k, e, ctrl+s, ?), the
print preview, 退回修改 with a reason, busy buttons — no horizontal scroll, no console error. Screenshots go to
test-artifacts/desk[-postgres]/i15-*."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.desk.test_browser import CHROMIUM, SHOTS, _login, _until, browser, desk  # noqa: F401 (fixtures)

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (apt-get install chromium)")
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _page(browser: Any, size: str, errors: list[str]) -> Any:  # noqa: F811
    extra = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    ctx = browser.new_context(viewport=SIZES[size], **extra)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None)
    return page


def _no_sideways_scroll(page: Any, where: str) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{where}: the page scrolls sideways ({width} > {inner})"


def _first_draft(page: Any, base: str) -> str:
    page.goto(base + "/")
    link = page.locator("table.list tr:has(.state.draft) a").last  # the earliest draft
    return str(link.get_attribute("href")).strip("/").split("/")[-1]


@pytest.mark.parametrize("size", list(SIZES))
def test_keyboard_shortcuts(desk: Any, browser: Any, size: str) -> None:  # noqa: F811
    base, errors = desk["base"], []
    page = _page(browser, size, errors)
    _login(page, base, "ed")
    issue = _first_draft(page, base)
    page.goto(f"{base}/issues/{issue}/")
    items = page.locator("#paper .item")
    assert items.count() >= 2
    page.keyboard.press("j")
    assert items.nth(0).get_attribute("class").split().count("kb-current") == 1
    page.keyboard.press("j")
    assert "kb-current" in str(items.nth(1).get_attribute("class"))
    page.keyboard.press("k")
    assert "kb-current" in str(items.nth(0).get_attribute("class"))
    assert "kb-current" not in str(items.nth(1).get_attribute("class"))
    # e: the current item's title takes the keyboard; typing j there types, it does not move.
    page.keyboard.press("e")
    title = items.nth(0).locator("textarea.title")
    assert page.evaluate("document.activeElement.classList.contains('title')")
    before = title.input_value()
    page.keyboard.press("End")
    page.keyboard.type("jk")
    assert title.input_value() == before + "jk"
    assert "kb-current" in str(items.nth(0).get_attribute("class"))
    # Enter keeps the title one line.
    page.keyboard.press("Enter")
    assert "\n" not in title.input_value()
    # ctrl+s saves now (not after the autosave's pause) and the browser's own save dialog stays shut.
    item_id = str(items.nth(0).get_attribute("data-id"))
    with page.expect_response(lambda r: r.url.endswith(f"/items/{item_id}/save") and r.request.method == "POST"):
        page.keyboard.press("Control+s")
    _until(lambda: "已保存" in page.inner_text(f"#item-{item_id} .status"), timeout=10)
    page.reload()
    assert page.locator(f"#item-{item_id} textarea.title").input_value() == before + "jk"
    # Put it back for the other size's run.
    page.locator(f"#item-{item_id} textarea.title").fill(before)
    with page.expect_response(lambda r: r.url.endswith(f"/items/{item_id}/save")):
        page.keyboard.press("Control+s")
    # ?: the help, closed by Esc; letters typed in a field do not open it.
    page.locator("body").click(position={"x": 2, "y": 300})
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    _no_sideways_scroll(page, f"{size} help")
    page.screenshot(path=SHOTS / f"i15-keys-{size}.png")
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts").is_visible()
    page.locator("#comments textarea[name=text]").fill("?j")
    assert not page.locator("#shortcuts").is_visible()
    _no_sideways_scroll(page, f"{size} issue page")
    page.context.close()
    assert not errors, errors


@pytest.mark.parametrize("size", list(SIZES))
def test_print_preview(desk: Any, browser: Any, size: str) -> None:  # noqa: F811
    base, errors = desk["base"], []
    page = _page(browser, size, errors)
    _login(page, base, "rv")
    issue = _first_draft(page, base)
    page.goto(f"{base}/issues/{issue}/")
    page.click("a[data-action=preview]")
    page.wait_for_url(f"{base}/issues/{issue}/preview", timeout=60_000)
    first = page.locator(".preview-page img").first
    first.wait_for()
    _until(lambda: page.evaluate("Array.from(document.images).filter(i => i.closest('.preview-page'))"
                                 ".slice(0, 1).every(i => i.complete && i.naturalWidth > 0)"), timeout=30)
    box = first.bounding_box()
    assert box is not None and box["width"] <= SIZES[size]["width"] and box["height"] > box["width"]
    _no_sideways_scroll(page, f"{size} preview")
    page.screenshot(path=SHOTS / f"i15-preview-{size}.png")
    page.context.close()
    assert not errors, errors


def test_send_back_with_a_reason_in_the_browser(desk: Any, browser: Any) -> None:  # noqa: F811
    base, errors = desk["base"], []
    page = _page(browser, "phone", errors)
    _login(page, base, "ed")
    page.goto(base + "/")
    issue = str(page.locator("table.list tr:has(.state.draft) a").first.get_attribute("href")).strip("/").split("/")[-1]
    page.goto(f"{base}/issues/{issue}/")
    page.once("dialog", lambda d: d.accept())
    page.click("button[data-action=submit]")
    page.wait_for_load_state()
    page.context.close()
    page = _page(browser, "phone", errors)
    _login(page, base, "rv")
    page.goto(f"{base}/issues/{issue}/")
    # The reason is required: the browser does not send an empty one.
    page.click("button[data-action=request_changes]")
    assert page.locator("#id_reason").evaluate("e => !e.validity.valid")
    page.fill("#id_reason", "第二条的日期请核对。")
    page.click("button[data-action=request_changes]")
    page.wait_for_load_state()
    assert "第二条的日期请核对。" in page.inner_text("#workflow")
    page.goto(base + "/")
    assert "退回：第二条的日期请核对。" in page.inner_text("table.list")
    _no_sideways_scroll(page, "phone issue list")
    page.screenshot(path=SHOTS / "i15-sent-back-phone.png")
    page.context.close()
    assert not errors, errors


def test_fetch_by_url_disables_its_button_while_working(desk: Any, browser: Any) -> None:  # noqa: F811
    base, errors = desk["base"], []
    page = _page(browser, "desktop", errors)
    _login(page, base, "ed")
    issue = _first_draft(page, base)
    page.goto(f"{base}/issues/{issue}/")
    form = page.locator("#add-report form[data-busy]").first
    form.locator("input[name=url]").fill("https://news.example.com/slow.html")
    # The fetch "takes long": a listener on window (after the desk's, which is on document) keeps the form from
    # leaving, so the page stays as it is while the request would be out.
    page.evaluate("window.addEventListener('submit', e => e.preventDefault())")
    button = form.locator("button[type=submit]")
    button.click()
    _until(lambda: button.is_disabled(), timeout=10)
    assert button.inner_text() == "抓取中…"
    assert form.get_attribute("aria-busy") == "true"
    page.screenshot(path=SHOTS / "i15-fetch-busy.png")
    page.context.close()
    assert not errors, errors
