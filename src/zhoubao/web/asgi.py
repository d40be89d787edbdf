"""ASGI entry point: ``uvicorn zhoubao.web.asgi:application`` (set ZHOUBAO_HOME)."""

from __future__ import annotations

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

from zhoubao.app.home import open_settings
from zhoubao.conf.settings import resolve_home

open_settings(resolve_home(None))
application = ASGIStaticFilesHandler(get_asgi_application())
