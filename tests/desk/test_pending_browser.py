"""Issue 11 on a phone (390×844, headless Debian Chromium): a 待定 item shows its badge and reason, its 保留 and
删除 are finger-sized and one tap each, and nothing scrolls sideways. Screenshots go to test-artifacts/desk/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import pg
from tests.desk.test_browser import ARGS, CHROMIUM, PASSWORD, ROOT, SHOTS, _login, _until, _up
from tests.netbelt.loopback_belt import subprocess_pythonpath

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (apt-get install chromium)")

WHY = "待定：未出现领域关键词，分类器把握不足（领域外概率 0.22）"


def prepare(home: str) -> None:
    """Run in a child process: the desk tests' week built into a draft, its last two items marked 待定, an editor."""
    from zhoubao.archive.db import open_home

    open_home(Path(home), create=True)
    from django.contrib.auth import get_user_model

    from tests.desk.conftest import build, make_week
    from zhoubao.conf.settings import load
    from zhoubao.review.roles import set_role

    make_week()
    issue = build(load(Path(home)))
    for item in issue.items.order_by("-order")[:2]:
        item.pending = WHY
        item.save(update_fields=["pending"])
    set_role(get_user_model().objects.create_user(username="ed", password=PASSWORD), "editor")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: Any) -> Any:
    home = tmp_path_factory.mktemp("pending-home")
    env = pg.child_env({k: v for k, v in os.environ.items() if not k.startswith(("ZHOUBAO_", "DJANGO_"))}, home)
    env.update(ZHOUBAO_HOME=str(home), DJANGO_SETTINGS_MODULE="zhoubao.conf.django_settings",
               PYTHONPATH=subprocess_pythonpath(os.pathsep.join([str(ROOT), str(ROOT / "src")])))
    subprocess.run([sys.executable, "-c", f"from tests.desk.test_pending_browser import prepare; prepare({str(home)!r})"],
                   env=env, cwd=ROOT, check=True, timeout=600)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "serve", "--port", str(port)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    _until(lambda: _up(base + "/healthz"), timeout=30)
    yield base
    server.terminate()
    server.wait(timeout=60)


def test_pending_items_on_a_phone(desk: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        _login(page, desk, "ed")
        page.goto(f"{desk}/issues/1/")
        boxes = page.locator(".item.is-pending")
        assert boxes.count() == 2
        first = boxes.first
        first.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "pending-phone.png")
        assert WHY.removeprefix("待定：") in first.locator(".pending").inner_text() and first.locator(".badge", has_text="待定").is_visible()
        for label in ("保留", "删除"):
            box = first.get_by_role("button", name=label).bounding_box()
            assert box is not None and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        kept = first.get_attribute("data-id")
        first.get_by_role("button", name="保留").tap()
        page.wait_for_load_state()
        _until(lambda: page.locator(".item.is-pending").count() == 1)
        assert page.locator(f"#item-{kept}").count() == 1  # kept: still in the issue, no longer 待定
        gone = page.locator(".item.is-pending").first.get_attribute("data-id")
        page.locator(".item.is-pending").first.get_by_role("button", name="删除").tap()
        page.wait_for_load_state()
        _until(lambda: page.locator(f"#item-{gone}").count() == 0)
        assert page.locator(".item.is-pending").count() == 0
        page.screenshot(path=SHOTS / "pending-phone-done.png")
        browser.close()
