"""Django settings derived from the zhoubao home (set ZHOUBAO_HOME before django.setup()).

Development by default; ``ZHOUBAO_PRODUCTION=1`` turns on the settings a desk behind an HTTPS
reverse proxy needs (``manage.py check --deploy`` is clean with them). Environment variables:

- ZHOUBAO_SECRET_KEY: overrides the per-home secret in data/secret_key (created on first use, mode 0600).
- ZHOUBAO_ALLOWED_HOSTS: comma-separated host names the desk answers to (default: 127.0.0.1, localhost).
- ZHOUBAO_CSRF_TRUSTED_ORIGINS: comma-separated origins such as https://desk.example.org (production).
- ZHOUBAO_HSTS_SECONDS: Strict-Transport-Security max-age in production (default one year; 0 turns it off).
- ZHOUBAO_DEBUG=1: Django debug pages (never in production).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url

from zhoubao.conf.settings import load, resolve_home

HOME: Path = resolve_home(None)
_SETTINGS = load(HOME)

BASE_DIR = Path(__file__).resolve().parent.parent
ZHOUBAO_HOME = str(HOME)
PRODUCTION = os.environ.get("ZHOUBAO_PRODUCTION", "") == "1"
DEBUG = os.environ.get("ZHOUBAO_DEBUG", "") == "1" and not PRODUCTION


def _secret_key(home: Path) -> str:
    """The home's own secret: read data/secret_key, or create it (0600) the first time."""
    if os.environ.get("ZHOUBAO_SECRET_KEY"):
        return os.environ["ZHOUBAO_SECRET_KEY"]
    path = home / "data" / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    except OSError as exc:  # unreadable: refuse rather than silently sign sessions with another key
        raise RuntimeError(f"无法读取 {path}：{exc}") from exc
    key = secrets.token_urlsafe(64)
    if not path.parent.is_dir():
        # Not a zhoubao home (open_home creates data/ before Django starts): never litter the directory.
        return key
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it meanwhile
        return path.read_text(encoding="ascii").strip()
    except OSError:
        # A read-only home (e.g. a CLI command on a mounted archive): a key for this process only.
        print(f"zhoubao: 无法写入 {path}，本进程使用临时密钥（登录会话在重启后失效）", file=sys.stderr)
        return key
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [x.strip() for x in raw.split(",") if x.strip()]


SECRET_KEY = _secret_key(HOME)
ALLOWED_HOSTS = _env_list("ZHOUBAO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("ZHOUBAO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "zhoubao.archive",
    "zhoubao.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhoubao.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zhoubao.web.urls"
WSGI_APPLICATION = "zhoubao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # Autoescaping is Django's default and is never turned off in zhoubao templates.
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhoubao.web.context.desk",
            ],
        },
    }
]

if _SETTINGS.database_url:
    DATABASES = {"default": dj_database_url.parse(_SETTINGS.database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_SETTINGS.data_dir / "zhoubao.sqlite3"),
            # The desk keeps each server thread's connection between requests (as for PostgreSQL above):
            # reopening SQLite, re-reading its schema and re-running the pragmas cost ~2 ms per request.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # WAL lets the desk read while a collect writes; busy timeout absorbs short write contention.
            "OPTIONS": {
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = _SETTINGS.timezone
LANGUAGE_CODE = "zh-hans"
USE_I18N = True

# -- the desk: static files, auth, sessions ---------------------------------------------------------

STATIC_URL = "/static/"
# `zhoubao serve` serves static files itself; behind nginx run `django-admin collectstatic` into this folder.
STATIC_ROOT = str(HOME / "data" / "static")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: this many failures per user name and client address within the window lock the pair out.
ZHOUBAO_LOGIN_FAILURES = int(os.environ.get("ZHOUBAO_LOGIN_FAILURES", "5"))
ZHOUBAO_LOGIN_WINDOW_SECONDS = int(os.environ.get("ZHOUBAO_LOGIN_WINDOW_SECONDS", "900"))
# Take the client address from X-Forwarded-For (only behind a reverse proxy that sets it).
ZHOUBAO_TRUST_X_FORWARDED_FOR = os.environ.get("ZHOUBAO_TRUST_X_FORWARDED_FOR", "1" if PRODUCTION else "") == "1"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600  # a working day; editors log in again the next morning
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx and the drag-and-drop script read the token from the page (a meta tag), not from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "zhoubao.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Strict CSP: scripts and styles only from the desk itself, no inline script, nothing framed.
ZHOUBAO_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("ZHOUBAO_SSL_REDIRECT", "1") == "1"
    # The reverse proxy terminates TLS and must set this header (docs/desk.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHOUBAO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("ZHOUBAO_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("ZHOUBAO_HSTS_PRELOAD", "1") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.security": {"handlers": ["console"], "level": "WARNING"}},
}
