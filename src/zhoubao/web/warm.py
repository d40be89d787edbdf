"""Readying a desk process before its first request: what the first request would otherwise do, then the heap frozen."""

from __future__ import annotations

import gc
from pathlib import Path


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
    # What is loaded now lives as long as the process: out of the collector's sight, a full collection walks only
    # what requests make (it walked all ~140,000 objects, 85–100 ms with every request of the process waiting, a
    # few times a minute under issue 15's bench), and forked workers share these pages instead of copying them.
    gc.collect()
    gc.freeze()


