"""Django settings derived from the zhoubao home's settings (conf/settings.py), read once when Django starts.

The home is the one the process opened (archive.db.open_home), else ZHOUBAO_HOME (a WSGI/ASGI server's start).
The desk's server options — production mode, allowed hosts, proxy trust, HTTPS redirect, HSTS, login
throttling, the secret key's variable — are the [server] settings of defaults.toml like every other setting.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url

from zhoubao.conf.settings import active, secret

_SETTINGS = active()
_SERVER = _SETTINGS.server
HOME: Path = _SETTINGS.home

BASE_DIR = Path(__file__).resolve().parent.parent
ZHOUBAO_HOME = str(HOME)
PRODUCTION = _SERVER.production
DEBUG = _SERVER.debug and not PRODUCTION


def _secret_key(home: Path) -> str:
    """The home's own secret: the variable [server] secret_key_env names, else data/secret_key (made once, 0600)."""
    if secret(_SERVER.secret_key_env):
        return secret(_SERVER.secret_key_env)
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


SECRET_KEY = _secret_key(HOME)
ALLOWED_HOSTS = list(_SERVER.allowed_hosts)
CSRF_TRUSTED_ORIGINS = list(_SERVER.csrf_trusted_origins)

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

if _SETTINGS.database.url:
    DATABASES = {"default": dj_database_url.parse(_SETTINGS.database.url, conn_max_age=60)}
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
ZHOUBAO_LOGIN_FAILURES = _SERVER.login_failures
ZHOUBAO_LOGIN_WINDOW_SECONDS = _SERVER.login_window_seconds
# Take the client address from X-Forwarded-For (only behind a reverse proxy that sets it).
ZHOUBAO_TRUST_X_FORWARDED_FOR = _SERVER.trusts_proxy

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
    SECURE_SSL_REDIRECT = _SERVER.ssl_redirect
    # The reverse proxy terminates TLS and must set this header (docs/desk.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _SERVER.hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _SERVER.hsts_subdomains
    SECURE_HSTS_PRELOAD = _SERVER.hsts_preload

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.security": {"handlers": ["console"], "level": "WARNING"}},
}
