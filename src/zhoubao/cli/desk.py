"""`zhoubao serve` runs the editorial desk; `zhoubao createuser` adds a desk user with a role."""

from __future__ import annotations

import argparse
import errno
import getpass
import ipaddress
import sys
from typing import Any

# The desk's roles (archive.models.Role), spelled out here: the parser is built before Django starts.
ROLES = ("editor", "reviewer", "admin")


def register(sub: Any) -> None:
    s = sub.add_parser("serve", help="启动编辑台（网页），供责编与复核人使用")
    desk_options(s)
    s.set_defaults(handler=cmd_serve)

    u = sub.add_parser("createuser", help="创建编辑台用户（或重设已有用户的角色与密码）")
    u.add_argument("name", help="用户名")
    u.add_argument("--role", required=True, choices=ROLES, help="editor 责编 / reviewer 复核 / admin 管理员")
    u.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
    u.add_argument("--email", default="")
    u.set_defaults(handler=cmd_createuser)


def desk_options(s: Any) -> None:
    """The desk's listening options (`serve`, and `run` which adds a worker)."""
    s.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机）")
    s.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    s.add_argument("--threads", type=int, default=8, help="处理请求的线程数（默认 8）")


def _allowed_hosts(configured: tuple[str, ...], host: str) -> list[str]:
    """The configured host names plus the address the desk listens on (Django answers to both)."""
    hosts = list(configured)
    try:
        ip = ipaddress.ip_address(host)
        if not ip.is_unspecified:
            hosts.append(f"[{host}]" if ip.version == 6 else host)
    except ValueError:
        hosts.append(host)
    return list(dict.fromkeys(hosts))


def prepare_desk(args: argparse.Namespace) -> tuple[Any, Any]:
    """Open the home for the desk (its address allowed as a host name): the WSGI application and the settings."""
    from zhoubao.cli.main import CliError, open_settings, out

    try:
        import waitress  # noqa: F401
    except ImportError:
        raise CliError("缺少 waitress：pip install waitress（或用 gunicorn 运行 zhoubao.web.wsgi:application）") from None
    from zhoubao.cli.main import _home
    from zhoubao.conf.settings import load

    configured = load(_home(args)).server.allowed_hosts
    settings = open_settings(args, {"server": {"allowed_hosts": _allowed_hosts(configured, args.host)}})
    from django.contrib.auth import get_user_model
    from django.core.wsgi import get_wsgi_application

    from zhoubao.web.static import SecureStaticFilesHandler
    from zhoubao.web.warm import warm_up

    if not get_user_model().objects.exists():
        out.print("还没有用户：先运行 zhoubao createuser 用户名 --role admin")
    app = SecureStaticFilesHandler(get_wsgi_application())
    warm_up()
    return app, settings


def desk_server(args: argparse.Namespace, app: Any) -> Any:
    """The waitress server for the desk, its address already bound; only then is the desk said to have started.

    An address that cannot be listened on (a port in use, a port below 1024, an address not of this machine) is
    one Chinese line and a non-zero exit, never "已启动" followed by a traceback."""
    from waitress import create_server

    from zhoubao.cli.main import CliError, out

    shown = f"[{args.host}]" if ":" in args.host else args.host
    try:
        server = create_server(app, host=args.host, port=args.port, threads=args.threads, ident="zhoubao",
                               clear_untrusted_proxy_headers=True)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CliError(f"端口 {args.port} 已被占用，编辑台未启动：请先停止占用它的程序，"
                           f"或换一个端口（例如 --port {args.port + 1 if args.port < 65535 else 8001}）。") from None
        if exc.errno == errno.EACCES:
            raise CliError(f"没有权限监听 {shown}:{args.port}，编辑台未启动：请换一个 1024 以上的端口（例如 --port 8000）。"
                           ) from None
        raise CliError(f"无法监听 {shown}:{args.port}，编辑台未启动：请检查 --host 是否为本机地址（默认 127.0.0.1）"
                       f"与 --port 是否正确。") from None
    out.print(f"编辑台已启动：http://{shown}:{args.port}/  （Ctrl+C 停止；生产环境请见 docs/deploy.md）")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        out.print("注意：编辑台正在监听非本机地址；请放在 HTTPS 反向代理之后，并打开生产模式"
                  "（zhoubao.toml 的 [server] production = true，或 ZHOUBAO_SERVER_PRODUCTION=true）。")
    return server


def cmd_serve(args: argparse.Namespace) -> int:
    app, _settings = prepare_desk(args)
    server = desk_server(args, app)
    try:
        server.run()
    finally:
        server.close()
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    open_settings(args)
    from zhoubao.app.users import save_user
    from zhoubao.archive.models import Role

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再输入一次："):
            raise CliError("两次输入的密码不一致")
    else:
        raise CliError("没有终端可以输入密码：用 --password-stdin 从标准输入读取")
    _user, created = save_user(args.name, args.role, password, email=args.email)
    out.print(f"{'已创建' if created else '已更新'}用户 {args.name.strip()}（{Role(args.role).label}）。")
    return 0
