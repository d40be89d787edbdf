"""Shared view machinery: the permission decorator every desk view goes through, and error responses."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from zhoubao.app.desk import roles
from zhoubao.conf.settings import CONFIG_NAME, Settings, load
from zhoubao.errors import DeskError

Check = Callable[[Any], bool]
View = Callable[..., HttpResponseBase]

VIEW = roles.can_view
EDIT = roles.can_edit
REVIEW = roles.can_review
SOURCES = roles.can_manage_sources
CONFIGURE = roles.can_configure


def desk_view(check: Check, methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Every desk view: allowed methods, logged in, the role check, DeskError turned into a response."""

    def deco(fn: View) -> View:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            if not request.user.is_authenticated:
                if is_htmx(request) or wants_json(request):
                    return JsonResponse({"error": "登录已过期，请重新登录。"}, status=401)
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                return error_page(request, "你的角色没有权限执行此操作。", 403)
            try:
                return fn(request, *args, **kwargs)
            except DeskError as exc:
                return desk_error(request, exc)

        wrapper.desk_check = check  # type: ignore[attr-defined]
        wrapper.desk_methods = methods  # type: ignore[attr-defined]
        return wrapper

    return deco


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def error_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    if is_htmx(request):
        return render(request, "desk/_error.html", {"message": message, "hx_target": request.headers.get("HX-Target", "")},
                      status=status)
    return render(request, "desk/error.html", {"message": message, "status": status}, status=status)


def desk_error(request: HttpRequest, exc: DeskError, back: str | None = None) -> HttpResponse:
    """JSON and htmx callers get the status code; a plain form post goes back with the message."""
    if wants_json(request) or is_htmx(request) or request.method == "GET" or exc.status == 403:
        return error_page(request, str(exc), exc.status)
    messages.error(request, str(exc))
    return redirect(back or _same_site(request, request.headers.get("Referer", "")) or "home")


def _same_site(request: HttpRequest, url: str) -> str:
    """The Referer if it is a page of this desk (a forged or foreign one must not be where an error sends)."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return ""


def home_path() -> Path:
    return Path(settings.ZHOUBAO_HOME)


_SETTINGS: dict[tuple[str, bytes, tuple[tuple[str, str], ...]], Settings] = {}


def home_settings() -> Settings:
    """The home's zhoubao settings, read again whenever zhoubao.toml or the environment's ZHOUBAO_ and DATABASE_URL
    variables change under a running desk (parsing and validating them cost every page ~7 ms)."""
    home = home_path()
    try:  # the file's bytes, not its time: two writes within the clock's tick would look the same
        mark = (home / CONFIG_NAME).read_bytes()
    except OSError:
        mark = b""
    key = (str(home), mark, tuple(sorted((k, v) for k, v in os.environ.items()
                                         if k.startswith("ZHOUBAO_") or k == "DATABASE_URL")))
    found = _SETTINGS.get(key)
    if found is None:
        found = load(home)
        _SETTINGS.clear()  # one home per process: the latest reading only
        _SETTINGS[key] = found
    return found


def int_or(value: Any, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (handler400) in Chinese: a request too large to read, or one Django refused as malformed."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    if isinstance(exception, RequestDataTooBig):
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        size = int_or(request.META.get("CONTENT_LENGTH")) or 0
        told = f"约 {size / 1048576:.1f} MB，" if size else ""
        message = (f"提交的内容太大，没有保存：{told}编辑台一次最多接收 {limit / 1048576:.0f} MB。"
                   "粘贴的报道正文请控制在 200,000 字以内、条目每段 5,000 字以内；过长的内容请删减或分几次添加。")
    elif isinstance(exception, TooManyFieldsSent):
        message = "提交的字段太多，没有保存：请刷新页面后重试。"
    else:
        message = "请求无法识别，没有保存：请刷新页面后重试。"
    return error_page(request, message, 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, "安全校验失败（CSRF）：请刷新页面后重试。若一直出现，请确认浏览器允许本站的 Cookie。", 403)
