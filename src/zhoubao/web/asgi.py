"""ASGI entry point: ``uvicorn zhoubao.web.asgi:application`` (set ZHOUBAO_HOME)."""

from __future__ import annotations

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

from zhoubao.archive.db import open_home
from zhoubao.conf.settings import resolve_home

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhoubao.conf.django_settings")
open_home(resolve_home(None))
application = ASGIStaticFilesHandler(get_asgi_application())
