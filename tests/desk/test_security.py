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
    return subprocess.run([sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True, timeout=600)


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


# -- issue 16, finding 2: the throttle keyed on the identity Django authenticates, counted atomically ----------

def test_login_throttle_holds_against_lookalike_spellings(users: dict[str, Any]) -> None:
    c = Client(REMOTE_ADDR="10.0.0.9")
    # Fullwidth, mathematical bold, roman-numeral ⅰ, upper case: Django logs each in as "editor" (NFKC) or
    # not at all; every one spends the one budget.
    for name in ("ｅｄｉｔｏｒ", "𝐞𝐝𝐢𝐭𝐨𝐫", "edⅰtor", "EDITOR", "editor"):
        assert c.post(reverse("login"), {"username": name, "password": "wrong"}).status_code == 200
    for name in ("editor", "ｅｄｉｔｏｒ", "𝐞𝐝𝐢𝐭𝐨𝐫"):
        resp = c.post(reverse("login"), {"username": name, "password": PASSWORD})
        assert resp.status_code == 429, name
        assert "_auth_user_id" not in c.session


def test_parallel_wrong_logins_are_counted_before_any_is_checked(users: dict[str, Any],
                                                                monkeypatch: Any) -> None:
    """16 logins in flight at once (each still checking its password when the next arrives): only the budget's
    five get their password checked."""
    import django.contrib.auth.forms as auth_forms

    real = auth_forms.authenticate
    checked: list[str] = []
    waiting = list(range(15))

    def slow(request: Any = None, **credentials: Any) -> Any:
        checked.append(credentials.get("username", ""))
        if waiting:  # while this check runs, the next login arrives
            waiting.pop()
            Client(REMOTE_ADDR="10.0.0.10").post(reverse("login"), {"username": "reviewer", "password": "wrong"})
        return real(request, **credentials)

    monkeypatch.setattr(auth_forms, "authenticate", slow)
    Client(REMOTE_ADDR="10.0.0.10").post(reverse("login"), {"username": "reviewer", "password": "wrong"})
    assert len(checked) == 5, checked


# -- issue 16, finding 7: static files carry the desk's headers; an error never sends to a foreign Referer -----

def test_static_files_carry_nosniff_and_the_csp() -> None:
    from io import BytesIO

    from django.core.wsgi import get_wsgi_application

    from zhoubao.web.static import SecureStaticFilesHandler

    app = SecureStaticFilesHandler(get_wsgi_application())
    got: dict[str, Any] = {}

    def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        got["status"], got["headers"] = status, dict(headers)

    env = {"REQUEST_METHOD": "GET", "PATH_INFO": "/static/desk/desk.css", "SERVER_NAME": "127.0.0.1",
           "SERVER_PORT": "8000", "wsgi.url_scheme": "http", "wsgi.input": BytesIO(), "HTTP_HOST": "127.0.0.1"}
    body = b"".join(app(env, start))
    assert got["status"].startswith("200") and body
    assert got["headers"]["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in got["headers"]["Content-Security-Policy"]


def test_a_desk_error_never_redirects_to_a_foreign_referer(users: dict[str, Any], issue: Issue) -> None:
    c = Client()
    c.force_login(users["editor"])
    url = reverse("item_merge", args=[issue.pk, issue.items.first().pk])  # type: ignore[union-attr]
    for referer in ("https://evil.example/phish", "//evil.example/x", "javascript:alert(1)"):
        resp = c.post(url, {"issue_version": issue.version}, HTTP_REFERER=referer)
        assert resp.status_code == 302 and resp["Location"] == reverse("home"), referer
    own = "http://testserver" + reverse("issue", args=[issue.pk])
    assert c.post(url, {"issue_version": issue.version}, HTTP_REFERER=own)["Location"] == own
