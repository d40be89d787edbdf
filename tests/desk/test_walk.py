"""Issue 15's walk: the whole week's job in headless Debian Chromium, once at 1366×900 and once at 390×844 — build
(生成草稿), edit, move, merge, undo, merge and split, add by paste, 校对, submit, send back with a reason, submit
again, approve, print preview, publish — with no horizontal scroll and no console error on any page of it.
Screenshots go to test-artifacts/desk[-postgres]/walk-*."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.desk.test_browser import CHROMIUM, SHOTS, _issue_json, _login, _until, browser, desk

__all__ = ["browser", "desk"]  # the fixtures (this module starts its own desk over its own home)

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (apt-get install chromium)")

# Each walk takes one of the two drafts test_browser.prepare builds, and publishes it.
PASTED = {
    "desktop": ("爱奇艺", "爱奇艺发布年度片单：40部剧集将陆续上线",
                "6月10日，爱奇艺在北京发布年度片单，共有40部剧集将在今年陆续上线，其中包括多部现实题材作品。"),
    "phone": ("芒果TV", "芒果TV发布暑期综艺片单：12档节目将陆续播出",
              "6月13日，芒果TV在长沙发布暑期综艺片单，共有12档综艺节目将在暑期陆续播出，其中5档为全新节目。"),
}
WALKS = {"desktop": ({"width": 1366, "height": 900}, "第1期"), "phone": ({"width": 390, "height": 844}, "第2期")}


class Walk:
    """One browser context walking the desk; every page it lands on is checked for width and screenshotted."""

    def __init__(self, browser: Any, base: str, name: str) -> None:
        size, self.issue_label = WALKS[name]
        phone = name == "phone"
        self.ctx = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
        # Adding a report classifies and drafts it in the request: on a loaded machine that is seconds, not ms.
        self.ctx.set_default_timeout(120_000)
        self.page = self.ctx.new_page()
        self.base, self.name, self.step, self.errors = base, name, 0, []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None)
        self.page.on("dialog", lambda d: d.accept())

    def look(self, what: str) -> None:
        """The page as it stands: no sideways scroll, and a screenshot named after the step."""
        width, inner = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner, f"{self.name} {what}: the page scrolls sideways ({width} > {inner})"
        self.step += 1
        self.page.screenshot(path=SHOTS / f"walk-{self.name}-{self.step:02d}-{what}.png", full_page=True)

    def login(self, user: str) -> None:
        if self.page.locator(".who button").count():
            with self.page.expect_navigation():
                self.page.click(".who button")
        _login(self.page, self.base, user)

    def open_issue(self, issue: str) -> None:
        self.page.goto(f"{self.base}/issues/{issue}/")

    def click(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)

    def tools(self, item: str) -> Any:
        box = self.page.locator(f"#item-{item}")
        tools = box.locator("details.tools")
        if tools.get_attribute("open") is None:
            box.locator("details.tools > summary").click()
        return box


def _items(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["name"], i["title"]) for s in data["sections"] for i in s["items"]]


@pytest.mark.parametrize("name", list(WALKS))
def test_the_whole_job_in_the_browser(desk: Any, browser: Any, name: str) -> None:
    w = Walk(browser, desk["base"], name)
    page, base = w.page, desk["base"]
    w.login("ed")
    w.look("issues")
    link = page.locator("table.list a", has_text=w.issue_label)
    issue = str(link.get_attribute("href")).strip("/").split("/")[-1]
    row = page.locator("table.list tbody tr", has=page.locator("a", has_text=w.issue_label))
    day = row.locator("td").nth(1).inner_text().strip()

    # Build: 生成草稿 for the draft's own date regenerates that untouched draft (a job with a progress bar); it keeps
    # its number and no other issue is made.
    rows = page.locator("table.list tbody tr").count()
    page.fill("form:has(button[data-action=build]) input[name=date]", day)
    w.click("button[data-action=build]")
    if page.locator("#paper").count() == 0:  # the job is on its way: its card opens the issue when it is done,
        w.look("building")  # or offers 打开本期 when it was done before the page came
        for _ in range(360):
            if re.search(rf"/issues/{issue}/(\?.*)?$", page.url):
                break
            done = page.locator(".job a", has_text="打开本期")
            if done.count():
                w.click(".job a:has-text('打开本期')")
                break
            page.wait_for_timeout(500)
    page.wait_for_selector("#paper.editable")
    assert re.search(rf"/issues/{issue}/(\?.*)?$", page.url), page.url
    w.look("draft")
    page.goto(base + "/")
    assert page.locator("table.list tbody tr").count() == rows
    w.open_issue(issue)
    page.wait_for_selector("#paper.editable")
    ids = [str(x.get_attribute("data-id")) for x in page.locator("#paper .item").all()]
    assert len(ids) >= 2, "the draft has at least two items to merge"
    first, second = ids[0], ids[1]

    # Edit: the first item's title, saved by autosave.
    title = page.locator(f"#item-{first} textarea.title")
    # (a half-width comma, a short name and a relative date: findings for 校对 below, each with a fix)
    title.fill(title.input_value() + ",据广电总局今晚通报（核）")
    page.wait_for_selector(f"#status-{first}.ok", timeout=15000)
    assert any(t.endswith("（核）") for _, t in _items(_issue_json(page, base, issue)))

    # Move the second item into the first one's section.
    section = str(page.locator(f".section:has(#item-{first})").get_attribute("data-section"))
    box = w.tools(second)
    box.locator("select[name=section]").select_option(section)
    with page.expect_navigation():
        box.locator("button[data-action=move]").click()
    moved = _issue_json(page, base, issue)
    assert sum(1 for s, _ in _items(moved) if s == section) >= 2
    w.look("moved")

    # Merge the second into the first (the desk asks first), then undo it: the issue is as it was after the move.
    box = w.tools(first)
    box.locator("select[name=other]").select_option(second)
    with page.expect_navigation():
        box.locator("button[data-action=merge]").click()
    assert len(_items(_issue_json(page, base, issue))) == len(_items(moved)) - 1
    w.look("merged")
    undo = ".jump-undo button" if name == "phone" else "form.undo button[data-action=undo]"
    w.click(undo)
    assert _issue_json(page, base, issue) == moved
    w.look("undone")

    # Merge again and split it back out: the split report's story goes to the candidates.
    box = w.tools(first)
    box.locator("select[name=other]").select_option(second)
    with page.expect_navigation():
        box.locator("button[data-action=merge]").click()
    merged = _issue_json(page, base, issue)
    box = w.tools(first)
    parts = box.locator("select[name=part] option")
    assert parts.count() >= 2
    box.locator("select[name=part]").select_option(str(parts.nth(1).get_attribute("value")))
    with page.expect_navigation():
        box.locator("button:has-text('拆为单独一条')").click()
    assert len(_items(_issue_json(page, base, issue))) == len(_items(merged)) + 1
    w.look("split")

    # Add a report by pasting its text, straight into the issue.
    form = page.locator("#add-report form[action$='add-text'], #add-report form:has(textarea[name=text])").first
    page.locator("#add-report details:has(textarea[name=text]) > summary").click()
    # Each walk pastes a report of its own (the same report twice would be one story, already in the other issue).
    who, title, text = PASTED[name]
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=text]").fill(text)
    form.locator("input[name=outlet]").fill("新京报")
    form.locator("input[name=into_issue]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    said = page.inner_text("body")
    assert "已添加报道" in said
    titles = [t for _, t in _items(_issue_json(page, base, issue))]
    assert any(who in t and "片单" in t for t in titles), (said[:300], titles)
    w.look("pasted")

    # 校对: the panel is there; a finding with a fix is fixed in one click.
    panel = page.locator("#proofread")
    assert panel.count() == 1
    assert page.locator("#proofread button[data-action=proofread-fix]").count() >= 1, panel.inner_text()
    before = _issue_json(page, base, issue)
    w.click("#proofread button[data-action=proofread-fix]")
    assert _issue_json(page, base, issue) != before
    assert "已修正" in page.inner_text(".messages")
    w.look("proofread")

    # Submit; the reviewer sends it back with a reason, which the editor sees in the list.
    w.click("button[data-action=submit]")
    assert "待复核" in page.inner_text("#workflow")
    w.login("rv")
    w.open_issue(issue)
    page.fill("#id_reason", "请核对第一条的标题。")
    w.click("button[data-action=request_changes]")
    assert "请核对第一条的标题。" in page.inner_text("#workflow")
    w.look("sent-back")
    w.login("ed")
    assert "退回：请核对第一条的标题。" in page.inner_text("table.list")
    w.open_issue(issue)
    w.click("button[data-action=submit]")

    # The reviewer approves, looks at the printed pages, and publishes.
    w.login("rv")
    w.open_issue(issue)
    w.click("button[data-action=approve]")
    assert "已批准" in page.inner_text("#workflow h2")
    page.click("a[data-action=preview]")
    page.wait_for_url(f"{base}/issues/{issue}/preview", timeout=120_000)
    if page.locator(".preview-page img").count():  # with a PDF renderer: the pages as images
        _until(lambda: page.evaluate("Array.from(document.querySelectorAll('.preview-page img'))"
                                     ".every(i => i.complete && i.naturalWidth > 0)"), timeout=60)
    else:
        assert "未" in page.inner_text("main")  # the page says why there is no PDF
    w.look("preview")
    w.open_issue(issue)
    w.click("button[data-action=publish]")
    page.wait_for_selector("#workflow h2 .state.published", timeout=180_000)
    w.look("published")
    assert page.locator("a[data-format]").count() >= 1
    w.ctx.close()
    assert not w.errors, w.errors
