"""The desk's own static files (CSS, htmx, SortableJS), served with the security headers every page carries:
Django's static handler answers before the middleware, so it adds them itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler


class SecureStaticFilesHandler(StaticFilesHandler):
    """StaticFilesHandler plus nosniff, the desk's Content-Security-Policy and its framing and referrer rules."""

    def get_response(self, request: Any) -> Any:
        response = super().get_response(request)
        headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": settings.ZHOUBAO_CSP,
                   "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
                   "Cross-Origin-Resource-Policy": "same-origin"}
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
