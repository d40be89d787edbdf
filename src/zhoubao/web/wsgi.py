"""WSGI entry point for production servers: ``gunicorn zhoubao.web.wsgi:application`` (set ZHOUBAO_HOME)."""

from __future__ import annotations

import os

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application

from zhoubao.archive.db import open_home
from zhoubao.conf.settings import resolve_home

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhoubao.conf.django_settings")
open_home(resolve_home(None))
# The desk serves its own few static files (CSS, htmx, SortableJS); a proxy may serve STATIC_ROOT instead.
application = StaticFilesHandler(get_wsgi_application())
