"""Mail through SMTP: a connection dialled only to addresses the guard checked, and each message's outcome as a value."""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from typing import Any

from zhoubao.conf.deliver import SmtpSettings
from zhoubao.net.errors import FetchError
from zhoubao.net.guard import Resolver, checked_addresses
from zhoubao.net.transport import open_tcp
from zhoubao.net.url import parse_url

__all__ = ["Mailer", "Outcome", "SmtpError", "SmtpRefused", "check_server"]

TIMEOUT = 60.0  # seconds to resolve, connect, and wait for any one answer of the server


class SmtpError(Exception):
    """The mail server cannot be used (setting, address policy, connection, login); the message is Chinese."""


class SmtpRefused(SmtpError):
    """The server's address is refused by the address policy: nothing was connected to."""


@dataclass(frozen=True)
class Outcome:
    """What became of one message: "sent" (the server accepted it), "failed" (a permanent 5xx), "deferred" (a
    temporary 4xx or a connection lost before the message was handed over: safe to try again), or "unknown" (the
    connection was lost after the message's end was sent: the server may have accepted it)."""

    state: str
    reply: str
    code: int = 0


def _server(smtp: SmtpSettings) -> str:
    return f"{smtp.host}:{smtp.port}"


def check_server(smtp: SmtpSettings, *, resolver: Resolver | None = None, timeout: float = TIMEOUT) -> list[str]:
    """The addresses the mail server may be dialled at after the address guard; SmtpRefused says why not."""
    host = f"[{smtp.host}]" if ":" in smtp.host else smtp.host
    try:
        parsed = parse_url(f"http://{host}:{smtp.port}/")
        return checked_addresses(parsed, time.monotonic() + timeout, allow=smtp.allow, resolver=resolver)
    except FetchError as exc:
        if exc.kind == "refused" or exc.kind == "bad_url":
            raise SmtpRefused(f"邮件服务器 {_server(smtp)} 被地址策略拒绝（{exc.message}）：如确需使用本机或内网的邮件"
                              f"服务器，在 zhoubao.toml 的 [deliver.smtp] allow 中加入 \"{parsed_key(smtp)}\"") from None
        raise SmtpError(f"无法连接邮件服务器 {_server(smtp)}：{exc.message}") from None


def parsed_key(smtp: SmtpSettings) -> str:
    host = f"[{smtp.host}]" if ":" in smtp.host else smtp.host
    try:
        return parse_url(f"http://{host}:{smtp.port}/").allow_key
    except FetchError:
        return f"{smtp.host}:{smtp.port}".lower()


def _dial(ips: list[str], port: int, timeout: float) -> socket.socket:
    last: Exception | None = None
    for ip in ips:
        try:
            return open_tcp(ip, port, timeout)
        except OSError as exc:
            last = exc
    raise OSError(f"无法连接：{last}")


class _GuardedSMTP(smtplib.SMTP):
    """smtplib's client whose socket goes only to the checked addresses (the host name is kept for TLS)."""

    zhoubao_ips: list[str] = []

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return _dial(self.zhoubao_ips, port, timeout)


class _GuardedSMTPSSL(smtplib.SMTP_SSL):
    zhoubao_ips: list[str] = []

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = _dial(self.zhoubao_ips, port, timeout)
        try:
            context: ssl.SSLContext = self.context
            return context.wrap_socket(sock, server_hostname=self._host)  # type: ignore[attr-defined]
        except BaseException:
            sock.close()
            raise


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return " ".join(f"{code} {text}".split())[:1000]


def _kind(code: int) -> str:
    return "deferred" if 400 <= code < 500 else "failed"


class Mailer:
    """One connection to the mail server, opened on the first message and again after it is lost."""

    def __init__(self, smtp: SmtpSettings, password: str = "", *, resolver: Resolver | None = None,
                 timeout: float = TIMEOUT) -> None:
        self.smtp = smtp
        self.password = password
        self.resolver = resolver
        self.timeout = timeout
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def open(self) -> None:
        """Check the address, connect, say EHLO, start TLS, log in; SmtpError (SmtpRefused) says why not."""
        if self._client is not None:
            return
        ips = check_server(self.smtp, resolver=self.resolver, timeout=self.timeout)
        s = self.smtp
        context = ssl.create_default_context()
        try:
            # Given the host, the constructor connects (through _get_socket) and keeps the name for TLS to check
            # the certificate against (connect() alone would not).
            client: smtplib.SMTP
            if s.security == "ssl":
                client = type("Guarded", (_GuardedSMTPSSL,), {"zhoubao_ips": ips})(s.host, s.port,
                                                                                     timeout=self.timeout,
                                                                                     context=context)
            else:
                client = type("Guarded", (_GuardedSMTP,), {"zhoubao_ips": ips})(s.host, s.port, timeout=self.timeout)
            client.ehlo()
            if s.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if s.user:
                client.login(s.user, self.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise SmtpError(f"邮件服务器 {_server(s)} 拒绝登录（{_reply(exc.smtp_code, exc.smtp_error)}）：检查 "
                            f"[deliver.smtp] user 与 password_env 所指环境变量中的密码") from None
        except smtplib.SMTPNotSupportedError as exc:
            raise SmtpError(f"邮件服务器 {_server(s)} 不支持所需功能（{exc}）：检查 [deliver.smtp] security") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise SmtpError(f"无法连接邮件服务器 {_server(s)}：{type(exc).__name__}: {exc}") from None
        self._client = client

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def send(self, message: EmailMessage, to: str, before_data: Callable[[], bool] = lambda: True) -> Outcome:
        """Hand one message for `to` to the server. `before_data` runs after the server took the sender and the
        recipient, right before the message itself is sent: it returns False to give the message up (another run
        claimed it), and from then on a lost connection is an "unknown" outcome, not a "deferred" one."""
        self.open()
        client = self._client
        assert client is not None
        handed = False
        try:
            code, text = client.mail(self.smtp.from_addr)
            if code != 250:
                client.rset()
                return Outcome(_kind(code), _reply(code, text), code)
            code, text = client.rcpt(to)
            if code not in (250, 251):
                client.rset()
                return Outcome(_kind(code), _reply(code, text), code)
            if not before_data():
                client.rset()
                return Outcome("skipped", "", 0)
            handed = True
            code, text = client.data(message.as_bytes(policy=SMTP_POLICY))
            if code != 250:
                return Outcome(_kind(code), _reply(code, text), code)
            return Outcome("sent", _reply(code, text), code)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            why = f"与邮件服务器的连接中断（{type(exc).__name__}: {exc}）"
            return Outcome("unknown" if handed else "deferred", why[:1000], 0)
        except smtplib.SMTPResponseException as exc:
            self._drop()
            return Outcome(_kind(exc.smtp_code), _reply(exc.smtp_code, exc.smtp_error), exc.smtp_code)

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()
