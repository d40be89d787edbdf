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


# Django's validators, in Chinese (its own zh-hans catalogue leaves some in English): by their error code.
_PASSWORD = {  # the password is …
    "password_too_short": "太短（至少 {min_length} 个字符）",
    "password_too_common": "太常见，容易被猜到",
    "password_entirely_numeric": "不能全是数字",
    "password_too_similar": "与用户名或邮箱太相似",
}


def password_problems(exc: ValidationError) -> str:
    """One Chinese sentence for a refused password: what is wrong with it and what to choose instead."""
    parts: list[str] = []
    for err in exc.error_list:
        params = err.params if isinstance(err.params, dict) else {}
        text = _PASSWORD[err.code].format(**params) if err.code in _PASSWORD else "不符合要求"
        if text not in parts:
            parts.append(text)
    return "密码不符合要求：" + "；".join(parts) + "。请换一个更长、不常见、不全是数字、与用户名无关的密码。"


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
        raise UserError(password_problems(exc)) from None
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
