"""WSGI entry point for production servers: ``gunicorn zhoubao.web.wsgi:application`` (set ZHOUBAO_HOME).

Importing it readies the process (views imported, templates compiled: see warm_up), so with ``--preload``
gunicorn's workers start ready to serve."""

from __future__ import annotations

from pathlib import Path

from django.core.wsgi import get_wsgi_application

from zhoubao.app.home import open_settings
from zhoubao.conf.settings import resolve_home

open_settings(resolve_home(None))
# The desk serves its own few static files (CSS, htmx, SortableJS); a proxy may serve STATIC_ROOT instead.
from zhoubao.web.static import SecureStaticFilesHandler  # noqa: E402  (needs Django's settings)

application = SecureStaticFilesHandler(get_wsgi_application())


def warm_up() -> None:
    """Do at start-up what each server process's first request would otherwise do (about half a second):
    import every view (and the use cases they call), load the renderers, compile the desk's templates."""
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
    from django.utils import translation

    from zhoubao.app.publish import formats
    from zhoubao.web.forms import CandidateFilter, ReportTextForm

    get_resolver().resolve("/")
    reverse("home")  # the reverse lookup tables are built apart from resolving (about 50 ms, issue 15's bench)
    formats()
    with translation.override("zh-hans"):
        translation.gettext("Yes")
    # Every template of the desk, the included ones too (an {% include %} is compiled when first rendered).
    root = Path(__file__).resolve().parent / "templates"
    for path in sorted(root.rglob("*.html")):
        get_template(path.relative_to(root).as_posix())
    str(ReportTextForm())  # the form renderer's widget templates
    str(CandidateFilter(sections=[""], outlets=[""]))
    # No database connection may cross a fork (gunicorn --preload): each process opens its own.
    connections.close_all()


warm_up()
