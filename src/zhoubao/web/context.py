"""Template context shared by every desk page: the user's roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zhoubao.app.desk import roles


def desk(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "can_edit": roles.can_edit(user),
        "can_review": roles.can_review(user),
        "can_configure": roles.can_configure(user),
        "can_manage_sources": roles.can_manage_sources(user),
        "role_label": roles.role_label(user) if user is not None else "",
    }
