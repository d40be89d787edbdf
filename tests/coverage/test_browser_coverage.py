"""The coverage panel and the 趋势 page in headless Debian Chromium at 390 px: drawn, and no horizontal scroll.
Screenshots go to test-artifacts/coverage/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import pg
from tests.desk.test_browser import ARGS, CHROMIUM, _until, _up
from tests.netbelt.loopback_belt import subprocess_pythonpath

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / ("coverage-postgres" if pg.enabled() else "coverage")
PASSWORD = "coverage-browser-password-1"

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (apt-get install chromium)")


def prepare(home: str) -> None:
    """Run in a child process: the seeded nine weeks and an editor."""
    from zhoubao.archive.db import open_home

    open_home(Path(home), create=True)
    from django.contrib.auth import get_user_model

    from tests.coverage.conftest import seed
    from zhoubao.conf.settings import load
    from zhoubao.review.roles import set_role

    seed(load(Path(home)), hostile="一个名字很长很长很长很长很长很长很长很长的来源<b>")
    set_role(get_user_model().objects.create_user(username="ed", password=PASSWORD), "editor")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: Any) -> Any:
    home = tmp_path_factory.mktemp("coverage-home")
    env = pg.child_env({k: v for k, v in os.environ.items() if not k.startswith(("ZHOUBAO_", "DJANGO_"))}, home)
    env.update(ZHOUBAO_HOME=str(home), DJANGO_SETTINGS_MODULE="zhoubao.conf.django_settings",
               PYTHONPATH=subprocess_pythonpath(os.pathsep.join([str(ROOT), str(ROOT / "src")])))
    subprocess.run([sys.executable, "-c",
                    f"from tests.coverage.test_browser_coverage import prepare; prepare({str(home)!r})"],
                   env=env, cwd=ROOT, check=True, timeout=600)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # `serve`, not `run`: no worker, so the seeded sources (example.com) are never polled.
    server = subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "serve", "--port", str(port)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    _until(lambda: _up(base + "/healthz"), timeout=30)
    yield base
    server.terminate()
    server.wait(timeout=60)  # a loaded machine (two suites side by side) may take seconds to stop it


def _no_sideways_scroll(page: Any) -> None:
    width = page.viewport_size["width"]
    # The page's own width: the widest box's right edge (bounding boxes need no script evaluation under the CSP).
    for sel in ("body", "main", "header.topbar"):
        box = page.locator(sel).first.bounding_box()
        assert box is None or box["x"] + box["width"] <= width + 1, (sel, box)
    for svg in page.locator("svg.chart").all():
        box = svg.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box


def test_coverage_and_trends_on_a_phone(desk: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(desk) or r.url.startswith("data:")
                else errors.append("outside request: " + r.url))
        page.goto(desk + "/login/")
        page.fill("input[name=username]", "ed")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(desk + "/")
        page.click("header.topbar a:has-text('趋势')")
        page.wait_for_url("**/trends/")
        assert page.locator("svg.chart").count() >= 3
        page.screenshot(path=SHOTS / "trends-phone.png", full_page=True)
        _no_sideways_scroll(page)
        page.goto(desk + "/")
        issue = page.locator("table.list a", has_text="第2期").get_attribute("href")
        page.goto(desk + str(issue))
        page.wait_for_selector("#coverage .coverage-list", timeout=15000)  # htmx loaded the panel
        assert "沉默周刊" in page.inner_text("#coverage") and "常规财经" not in page.inner_text("#coverage")
        page.locator("#coverage").screenshot(path=SHOTS / "coverage-phone.png")
        _no_sideways_scroll(page)
        ctx.close()
        browser.close()
    assert not errors, errors
