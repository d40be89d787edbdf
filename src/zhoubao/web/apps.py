"""The editorial desk as a Django app (templates, static files, template tags)."""

from typing import Any

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhoubao.web"
    label = "desk"
    verbose_name = "编辑台"

    def ready(self) -> None:
        # The build prepares what an editor's first open of its draft would compute (zhoubao.web.prime), in every
        # process where Django runs the desk's app: the command line, the job worker and the server.
        from zhoubao.app.preparers import DESK_PREPARERS

        if _prime not in DESK_PREPARERS:
            DESK_PREPARERS.append(_prime)


def _prime(issue: Any) -> None:
    from zhoubao.web.prime import prime_issue  # imported when first needed: the views are heavy to import

    prime_issue(issue)
