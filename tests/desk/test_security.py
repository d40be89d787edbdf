"""Login (session rotation, throttling), CSRF, CSP, deploy checks, the secret key file, static files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import pg
from tests.desk.conftest import PASSWORD
from zhoubao.archive.models import Issue

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "zhoubao" / "web" / "static" / "desk"


def test_login_rotates_the_session_and_logout_ends_it(users: dict[str, Any]) -> None:
    c = Client()
    c.get(reverse("login"))
    c.session["probe"] = 1
    s = c.session
    s["probe"] = 1
    s.save()
    before = s.session_key
    resp = c.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert resp.status_code == 302
    assert c.session.session_key != before and c.session.get("_auth_user_id") == str(users["editor"].pk)
    assert c.get(reverse("home")).status_code == 200
    c.post(reverse("logout"))
    assert c.get(reverse("home")).status_code == 302


def test_login_is_throttled_per_user_and_address(users: dict[str, Any]) -> None:
    c = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(5):
        assert c.post(reverse("login"), {"username": "editor", "password": "wrong"}).status_code == 200
    resp = c.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert resp.status_code == 429 and "次数过多" in resp.content.decode()
    assert "_auth_user_id" not in c.session
    # Another address, or another user from this address, is not locked out.
    assert Client(REMOTE_ADDR="10.0.0.8").post(reverse("login"), {"username": "editor", "password": PASSWORD}).status_code == 302
    assert c.post(reverse("login"), {"username": "reviewer", "password": PASSWORD}).status_code == 302


def test_csrf_is_enforced_on_changes(users: dict[str, Any], issue: Issue) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["editor"])
    item = issue.items.first()
    assert item is not None
    resp = c.post(reverse("item_save", args=[issue.pk, item.pk]), {"version": item.version, "title": "x", "body": "y"})
    assert resp.status_code == 403 and "CSRF" in resp.content.decode()
    page = c.get(reverse("issue", args=[issue.pk]))
    token = page.cookies["csrftoken"].value
    resp = c.post(reverse("item_save", args=[issue.pk, item.pk]), {"version": item.version, "title": "x", "body": "y"},
                  HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200


def test_strict_csp_and_no_inline_script(as_editor: Client, issue: Issue) -> None:
    for url in (reverse("issue", args=[issue.pk]), reverse("home"), reverse("sources"), reverse("login")):
        resp = as_editor.get(url)
        csp = resp["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        html = resp.content.decode()
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html and "javascript:" not in html
        for tag in html.split("<script")[1:]:
            assert 'src="/static/' in tag.split(">")[0]
    assert resp["X-Frame-Options"] == "DENY"


def test_vendored_javascript_is_served_by_the_desk(as_editor: Client) -> None:
    sums = {
        "vendor/htmx.min.js": "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717",
        "vendor/Sortable.min.js": "bf4241bc73fef7f11c59a283a69fe8051cdd31c6d8ff5a2b9ba219e7831fcf76",
    }
    for name, digest in sums.items():
        assert hashlib.sha256((STATIC / name).read_bytes()).hexdigest() == digest
    assert (STATIC / "vendor" / "VENDOR.md").is_file()


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHOUBAO_", "DJANGO_"))}
    env = pg.child_env(env)
    env.update(ZHOUBAO_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="zhoubao.conf.django_settings",
               ZHOUBAO_PRODUCTION="1", ZHOUBAO_ALLOWED_HOSTS="desk.example.org",
               ZHOUBAO_CSRF_TRUSTED_ORIGINS="https://desk.example.org")
    res = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "no issues" in res.stdout
    # The per-home secret key was created on first use, readable by the owner only.
    key = tmp_path / "data" / "secret_key"
    assert key.is_file() and (key.stat().st_mode & 0o777) == 0o600 and len(key.read_text().strip()) >= 50
    # Development settings are not production settings: check --deploy says so.
    env.pop("ZHOUBAO_PRODUCTION")
    assert _manage(env, "check", "--deploy", "--fail-level", "WARNING").returncode != 0
