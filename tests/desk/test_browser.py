"""The main flow in headless Debian Chromium: log in, move, reorder, edit with autosave, submit, approve, publish,
download. Screenshots go to test-artifacts/desk/."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests import pg
from tests.netbelt.loopback_belt import subprocess_pythonpath

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / ("desk-postgres" if pg.enabled() else "desk")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
PASSWORD = "desk-browser-password-1"

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (apt-get install chromium)")


def prepare(home: str) -> None:
    """Run in a child process: a home with a week of reports built into a draft, and two users."""
    from zhoubao.archive.db import open_home

    open_home(Path(home), create=True)
    from datetime import date

    from django.contrib.auth import get_user_model

    from tests.desk.conftest import at, build, make_week, report
    from zhoubao.app import build as building
    from zhoubao.conf.settings import load
    from zhoubao.review.roles import set_role

    make_week()
    build(load(Path(home)))
    # A second, later draft for the conflict test (the main flow publishes the first).
    report("https://ent.example.com/20.html", "芒果TV上线纪录片《海上丝路》",
           "6月12日，芒果TV上线纪录片《海上丝路》，共6集。", at(12), "芒果TV", "company")
    report("https://biz.example.com/21.html", "快手发布第一季度财报：营收310亿元",
           "6月13日，快手公布第一季度财报，总营收310亿元，同比增长16%。", at(13), "界面新闻", "media")
    building.build(load(Path(home)), issue_date=date(2025, 6, 16))
    for name, role in (("ed", "editor"), ("rv", "reviewer")):
        set_role(get_user_model().objects.create_user(username=name, password=PASSWORD), role)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: Any) -> Any:
    """The real desk and a worker (`zhoubao run`: waitress and the job queue) on 127.0.0.1 over its own home, as a
    one-machine office runs it."""
    home = tmp_path_factory.mktemp("desk-home")
    env = pg.child_env({k: v for k, v in os.environ.items() if not k.startswith(("ZHOUBAO_", "DJANGO_"))}, home)
    env.update(ZHOUBAO_HOME=str(home), DJANGO_SETTINGS_MODULE="zhoubao.conf.django_settings",
               PYTHONPATH=subprocess_pythonpath(os.pathsep.join([str(ROOT), str(ROOT / "src")])))
    subprocess.run([sys.executable, "-c", f"from tests.desk.test_browser import prepare; prepare({str(home)!r})"],
                   env=env, cwd=ROOT, check=True, timeout=600)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "run", "--port", str(port)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    _until(lambda: _up(base + "/healthz"), timeout=30)
    yield {"base": base, "home": home}
    server.terminate()
    server.wait(timeout=60)  # a loaded machine (two suites side by side) may take seconds to stop it


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture
def browser() -> Any:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _until(ok: Any, timeout: float = 10.0) -> None:
    """Poll from Python: the desk's CSP forbids the string evaluation wait_for_function would need."""
    end = time.monotonic() + timeout
    while not ok():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting in the browser")
        time.sleep(0.1)


def _login(page: Any, base: str, name: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def _item_id(page: Any, title_part: str) -> str:
    loc = page.locator(f".item:has(textarea.title:has-text('{title_part}')), .item:has(h3.title:has-text('{title_part}'))")
    return str(loc.first.get_attribute("data-id"))


def _issue_json(page: Any, base: str, issue: str) -> dict[str, Any]:
    resp = page.request.get(f"{base}/issues/{issue}/export/json")
    assert resp.ok
    return json.loads(resp.body())


def _section_titles(data: dict[str, Any], name: str) -> list[str]:
    return [i["title"] for s in data["sections"] if s["name"] == name for i in s["items"]]


def test_main_flow(desk: Any, browser: Any) -> None:
    base = desk["base"]
    errors: list[str] = []
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text + " @ " + str(m.location)) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())

    _login(page, base, "ed")
    page.screenshot(path=SHOTS / "01-issues.png")
    link = page.locator("table.list a", has_text="第1期")
    issue = str(link.get_attribute("href")).strip("/").split("/")[-1]
    link.click()
    page.wait_for_selector("#paper.editable")
    page.screenshot(path=SHOTS / "02-draft.png", full_page=True)

    # Move the 资本 item to 行业 through the item's tools.
    money = _item_id(page, "哔哩哔哩")
    notice = _item_id(page, "微短剧")
    box = page.locator(f"#item-{money}")
    box.locator("details.tools > summary").click()
    box.locator("select[name=section]").select_option("行业")
    with page.expect_navigation():
        box.locator("button[data-action=move]").click()
    page.wait_for_selector(f".section[data-section='行业'] #item-{money}")
    data = _issue_json(page, base, issue)
    assert len(_section_titles(data, "行业")) == 2 and not _section_titles(data, "资本")

    # Reorder by drag and drop: the moved item goes above the notice, and the order is stored.
    saved_before = page.get_attribute("#paper", "data-saved")
    page.locator(f"#item-{money} .handle").drag_to(page.locator(f"#item-{notice}"), target_position={"x": 40, "y": 8})
    _until(lambda: page.get_attribute("#paper", "data-saved") not in (None, saved_before))
    assert "哔哩哔哩" in _section_titles(_issue_json(page, base, issue), "行业")[0]
    page.screenshot(path=SHOTS / "03-moved-and-reordered.png", full_page=True)

    # Edit the title and the text in place; autosave says so, and a reload shows both kept.
    page.locator(f"#item-{notice} textarea.title").fill("广电总局：微短剧管理新规发布")
    page.wait_for_selector(f"#status-{notice}.ok", timeout=10000)
    _until(lambda: page.locator(f"#version-{notice}").input_value() == "2")
    body = page.locator(f"#item-{notice} textarea.body")
    body.fill(body.input_value() + "\n通知要求平台建立审核制度。")
    _until(lambda: page.locator(f"#version-{notice}").input_value() == "3")
    page.screenshot(path=SHOTS / "04-edited.png")
    page.reload()
    assert page.locator(f"#item-{notice} textarea.title").input_value() == "广电总局：微短剧管理新规发布"
    assert page.locator(f"#item-{notice} textarea.body").input_value().endswith("通知要求平台建立审核制度。")

    with page.expect_navigation():
        page.click("button[data-action=submit]")
    assert "待复核" in page.inner_text("#workflow h2")
    page.screenshot(path=SHOTS / "05-submitted.png")
    with page.expect_navigation():
        page.click(".who button")

    # The reviewer approves and publishes.
    _login(page, base, "rv")
    page.goto(f"{base}/issues/{issue}/")
    assert page.locator("#paper.editable").count() == 0
    with page.expect_navigation():
        page.click("button[data-action=approve]")
    assert "已批准" in page.inner_text("#workflow h2")
    with page.expect_navigation():
        page.click("button[data-action=publish]")
    # Publishing is a job: the page is back at once, its bar follows the job, and the issue shows when it is done.
    page.screenshot(path=SHOTS / "06a-publishing.png")
    page.wait_for_selector("#workflow h2 .state.published", timeout=180000)
    assert "已发布" in page.inner_text("#workflow h2")
    page.screenshot(path=SHOTS / "06-published.png", full_page=True)

    # Download the PDF when the PDF renderer works here; otherwise whichever format was published.
    links = {str(a.get_attribute("data-format")) for a in page.locator("a[data-format]").all()}
    assert links, "nothing was published"
    fmt = "pdf" if "pdf" in links else sorted(links)[0]
    with page.expect_download() as dl:
        page.click(f"a[data-format={fmt}]")
    target = SHOTS / f"issue-{issue}-{fmt}.{dl.value.suggested_filename.rsplit('.', 1)[-1]}"
    dl.value.save_as(target)
    data = target.read_bytes()
    published = sorted((Path(desk["home"]) / "data" / "published").rglob("*"))
    assert any(p.is_file() and p.read_bytes() == data for p in published)
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert "未生成" in page.inner_text("#workflow")  # the PDF renderer said why it could not render

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    ppage = phone.new_page()
    _login(ppage, base, "rv")
    ppage.goto(f"{base}/issues/{issue}/")
    ppage.screenshot(path=SHOTS / "07-phone.png")
    assert ppage.locator("html").get_attribute("lang") == "zh-Hans"
    phone.close()
    ctx.close()
    assert not errors, errors


def test_a_conflict_is_shown_not_overwritten(desk: Any, browser: Any) -> None:
    base = desk["base"]
    a = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    b = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    _login(a, base, "ed")
    _login(b, base, "ed")
    issue = str(a.locator("table.list a", has_text="第2期").get_attribute("href")).strip("/").split("/")[-1]
    a.goto(f"{base}/issues/{issue}/")
    b.goto(f"{base}/issues/{issue}/")
    item = str(a.locator(".item").first.get_attribute("data-id"))
    a.locator(f"#item-{item} textarea.title").fill("甲改的标题")
    a.wait_for_selector(f"#status-{item}.ok", timeout=10000)
    b.locator(f"#item-{item} textarea.title").fill("乙改的标题")
    b.wait_for_selector(f"#status-{item}.conflict", timeout=10000)
    assert "甲改的标题" in b.inner_text(f"#status-{item}")
    b.screenshot(path=SHOTS / "08-conflict.png")
    a.reload()
    assert a.locator(f"#item-{item} textarea.title").input_value() == "甲改的标题"
