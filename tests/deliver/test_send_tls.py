"""`zhoubao send` over TLS (STARTTLS on a submission port, or TLS from the start) with a login whose password is
read from the environment variable [deliver.smtp] password_env names; the server's certificate is verified."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.deliver.test_send import FROM, MAILBOXES, Box, _configured, _free_port, published
from zhoubao.app.send import SendRefused, send_issue
from zhoubao.archive.models import Delivery, Issue
from zhoubao.conf.settings import Settings

__all__ = ["published"]
# aiosmtpd warns of AUTH without STARTTLS on a connection it cannot tell is TLS from the start (it is).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA (what the client trusts) and a certificate for 127.0.0.1 it signed: ca.pem, cert.pem, key.pem."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "zhoubao test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


class Login:
    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"zb", b"s3cret")
        self.seen.append((mechanism, ok))
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture(params=["starttls", "ssl"])
def tls_box(request: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Box, Login, int, str]]:
    ca, cert, key = _certificates(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # the client verifies against the system's store: this CA
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, login, port = Box(), Login(), _free_port()
    # aiosmtpd cannot tell a connection that is TLS from the start: it is told AUTH may be offered on it.
    tls: dict[str, Any] = ({"tls_context": context, "require_starttls": True} if request.param == "starttls"
                           else {"ssl_context": context, "auth_require_tls": False})
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=login, auth_required=True,
                            **tls)
    controller.start()
    try:
        yield handler, login, port, request.param
    finally:
        controller.stop()


def _tls(home: Settings, port: int, security: str) -> Settings:
    return _configured(home, port, security=security, user="zb", password_env="ZB_TEST_SMTP_PASSWORD")


def test_send_over_tls_with_a_login(published: Issue, home: Settings, tls_box: tuple[Box, Login, int, str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    server, login, port, security = tls_box
    settings = _tls(home, port, security)
    with pytest.raises(SendRefused, match=r"未配置密码.*ZB_TEST_SMTP_PASSWORD"):
        send_issue(settings, published.number)
    monkeypatch.setenv("ZB_TEST_SMTP_PASSWORD", "wrong")
    with pytest.raises(SendRefused, match="拒绝登录"):
        send_issue(settings, published.number)
    assert server.messages == [] and not Delivery.objects.filter(state="sent").exists()
    monkeypatch.setenv("ZB_TEST_SMTP_PASSWORD", "s3cret")
    report = send_issue(settings, published.number)
    assert report.summary == "已发送 3，失败 0，跳过 0（已发送过）"
    assert server.to() == sorted(MAILBOXES) and login.seen[-1][1]
    assert server.messages[0][1]["From"].addresses[0].addr_spec == FROM


def test_a_certificate_the_client_does_not_trust_is_refused(
        published: Issue, home: Settings, tls_box: tuple[Box, Login, int, str], monkeypatch: pytest.MonkeyPatch) -> None:
    server, _login, port, security = tls_box
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent.pem")
    monkeypatch.setenv("ZB_TEST_SMTP_PASSWORD", "s3cret")
    with pytest.raises(SendRefused, match=r"无法连接邮件服务器.*CERTIFICATE_VERIFY_FAILED"):
        send_issue(_tls(home, port, security), published.number)
    assert server.messages == []
