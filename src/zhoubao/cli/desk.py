"""`zhoubao serve` runs the editorial desk; `zhoubao createuser` adds a desk user with a role."""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import os
import sys
from typing import Any

ROLES = ("editor", "reviewer", "admin")
ROLE_LABELS = {"editor": "责编", "reviewer": "复核", "admin": "管理员"}


def register(sub: Any) -> None:
    s = sub.add_parser("serve", help="启动编辑台（网页），供责编与复核人使用")
    s.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机）")
    s.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    s.add_argument("--threads", type=int, default=8, help="处理请求的线程数（默认 8）")
    s.set_defaults(handler=cmd_serve)

    u = sub.add_parser("createuser", help="创建编辑台用户（或重设已有用户的角色与密码）")
    u.add_argument("name", help="用户名")
    u.add_argument("--role", required=True, choices=ROLES, help="editor 责编 / reviewer 复核 / admin 管理员")
    u.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
    u.add_argument("--email", default="")
    u.set_defaults(handler=cmd_createuser)


def _allow_host(host: str) -> None:
    """Let Django answer to the address it listens on, unless the operator listed hosts explicitly."""
    if "ZHOUBAO_ALLOWED_HOSTS" in os.environ:
        return
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    try:
        ip = ipaddress.ip_address(host)
        if not ip.is_unspecified:
            hosts.append(f"[{host}]" if ip.version == 6 else host)
    except ValueError:
        hosts.append(host)
    os.environ["ZHOUBAO_ALLOWED_HOSTS"] = ",".join(dict.fromkeys(hosts))


def cmd_serve(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    try:
        from waitress import serve
    except ImportError:
        raise CliError("缺少 waitress：pip install waitress（或用 gunicorn 运行 zhoubao.web.wsgi:application）") from None
    _allow_host(args.host)
    open_settings(args)
    from django.contrib.auth import get_user_model
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    if not get_user_model().objects.exists():
        out.print("还没有用户：先运行 zhoubao createuser 用户名 --role admin")
    shown = f"[{args.host}]" if ":" in args.host else args.host
    out.print(f"编辑台已启动：http://{shown}:{args.port}/  （Ctrl+C 停止；生产环境请见 docs/desk.md）")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        out.print("注意：编辑台正在监听非本机地址；请放在 HTTPS 反向代理之后，并设置 ZHOUBAO_PRODUCTION=1。")
    serve(StaticFilesHandler(get_wsgi_application()), host=args.host, port=args.port, threads=args.threads,
          ident="zhoubao", clear_untrusted_proxy_headers=True)
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    open_settings(args)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from zhoubao.review.roles import set_role

    name = args.name.strip()
    if not name or len(name) > 150:
        raise CliError("用户名不能为空，且不超过 150 个字符")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再输入一次："):
            raise CliError("两次输入的密码不一致")
    else:
        raise CliError("没有终端可以输入密码：用 --password-stdin 从标准输入读取")
    User = get_user_model()
    user = User.objects.filter(username=name).first()
    candidate = user or User(username=name, email=args.email)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise CliError("密码不符合要求：" + "；".join(exc.messages)) from None
    with transaction.atomic():
        created = user is None
        if user is None:
            user = User.objects.create_user(username=name, email=args.email, password=password)
        else:
            user.set_password(password)
            if args.email:
                user.email = args.email
            user.save()
        set_role(user, args.role)
    out.print(f"{'已创建' if created else '已更新'}用户 {name}（{ROLE_LABELS[args.role]}）。")
    return 0
