"""WSGI entry point for production servers: ``gunicorn zhoubao.web.wsgi:application`` (set ZHOUBAO_HOME).

Importing it readies the process (views imported, templates compiled, the heap frozen: see zhoubao.web.warm), so
with ``--preload`` gunicorn's workers start ready to serve."""

from __future__ import annotations

from django.core.wsgi import get_wsgi_application

from zhoubao.app.home import open_settings
from zhoubao.conf.settings import resolve_home

open_settings(resolve_home(None))
# The desk serves its own few static files (CSS, htmx, SortableJS); a proxy may serve STATIC_ROOT instead.
from zhoubao.web.static import SecureStaticFilesHandler  # noqa: E402  (needs Django's settings)
from zhoubao.web.warm import warm_up  # noqa: E402

application = SecureStaticFilesHandler(get_wsgi_application())
warm_up()
