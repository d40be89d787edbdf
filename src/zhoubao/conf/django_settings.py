"""Django settings derived from the zhoubao home (set ZHOUBAO_HOME before django.setup())."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from zhoubao.conf.settings import load, resolve_home

HOME: Path = resolve_home(None)
_SETTINGS = load(HOME)

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = os.environ.get("ZHOUBAO_DEBUG", "") == "1"
# The desk issue replaces this with a per-home secret file; the CLI never serves HTTP with it.
SECRET_KEY = os.environ.get("ZHOUBAO_SECRET_KEY", "zhoubao-dev-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "zhoubao.archive",
]

if _SETTINGS.database_url:
    DATABASES = {"default": dj_database_url.parse(_SETTINGS.database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_SETTINGS.data_dir / "zhoubao.sqlite3"),
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
