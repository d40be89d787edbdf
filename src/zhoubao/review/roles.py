"""Desk roles (editor, reviewer, admin) kept as auth groups, and what each may do."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from zhoubao.archive.models import Role

ROLE_NAMES: tuple[str, ...] = tuple(r.value for r in Role)


def roles_of(user: Any) -> frozenset[str]:
    """The user's roles; a superuser is an admin; cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_zhoubao_roles", None)
    if cached is None:
        names = set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
        if user.is_superuser:
            names.add(Role.ADMIN.value)
        cached = frozenset(names)
        user._zhoubao_roles = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def can_view(user: Any) -> bool:
    return bool(roles_of(user))


def can_edit(user: Any) -> bool:
    return has_role(user, Role.EDITOR, Role.ADMIN)


def can_review(user: Any) -> bool:
    return has_role(user, Role.REVIEWER, Role.ADMIN)


def can_manage_sources(user: Any) -> bool:
    return has_role(user, Role.EDITOR, Role.ADMIN)


def can_configure(user: Any) -> bool:
    return has_role(user, Role.ADMIN)


def role_label(user: Any) -> str:
    labels = dict(Role.choices)
    return "、".join(labels[r] for r in ROLE_NAMES if r in roles_of(user)) or "无角色"


def set_role(user: Any, role: str) -> None:
    """Give the user exactly this role (admins also get the Django admin)."""
    if role not in ROLE_NAMES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLE_NAMES)}")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_NAMES}
    user.groups.remove(*[g for n, g in groups.items() if n != role])
    user.groups.add(groups[role])
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    user.save()
    if hasattr(user, "_zhoubao_roles"):
        del user._zhoubao_roles
