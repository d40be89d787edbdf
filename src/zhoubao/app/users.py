"""Desk users: create one (or reset its password and role); roles are editor (责编), reviewer (复核), admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zhoubao.archive.models import Role
from zhoubao.errors import ZhoubaoError
from zhoubao.review.roles import set_role


class UserError(ZhoubaoError):
    """The user cannot be created as asked; the message says why."""


def save_user(name: str, role: str, password: str, *, email: str = "") -> tuple[Any, bool]:
    """Create the user, or set an existing one's password and role; returns (user, created)."""
    name = name.strip()
    if not name or len(name) > 150:
        raise UserError("用户名不能为空，且不超过 150 个字符")
    if role not in Role.values:
        raise UserError(f"未知角色 {role}：可选 {', '.join(Role.values)}")
    User = get_user_model()
    user = User.objects.filter(username=name).first()
    candidate = user or User(username=name, email=email)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise UserError("密码不符合要求：" + "；".join(exc.messages)) from None
    with transaction.atomic():
        created = user is None
        if user is None:
            user = User.objects.create_user(username=name, email=email, password=password)
        else:
            user.set_password(password)
            if email:
                user.email = email
            user.save()
        set_role(user, role)
    return user, created
