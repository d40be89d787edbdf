"""Mail addresses as an address book may hold them: one plain addr-spec, checked strictly, or a reason why not."""

from __future__ import annotations

import re

# RFC 5321/5322 dot-atom local part (no quoted strings, no comments) and a DNS host name of letters, digits and
# hyphens with an alphabetic top-level label: what a mail server takes without surprises. Names with display
# parts (张三 <a@b.cn>), full-width ＠, spaces, quotes, IP literals and non-ASCII addresses are refused: an
# address book typed or exported by hand holds those only by mistake.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")


def email_problem(address: str) -> str | None:
    """Why `address` is not an acceptable mail address (in Chinese), or None when it is."""
    if not address:
        return "邮箱为空"
    if not address.isascii() or any(c.isspace() or not c.isprintable() for c in address):
        return f"邮箱“{address}”含空格、全角或非 ASCII 字符"
    if len(address) > 254:
        return "邮箱超过 254 个字符"
    if address.count("@") != 1:
        return f"邮箱“{address}”应恰有一个 @"
    local, domain = address.split("@")
    if not local or len(local) > 64 or not _LOCAL.fullmatch(local):
        return f"邮箱“{address}”的 @ 前部分不合规"
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"邮箱“{address}”的域名不合规"
    if not _TLD.fullmatch(labels[-1]):
        return f"邮箱“{address}”的顶级域名不合规"
    return None


def normalise_email(address: str) -> str:
    """The address as stored: surrounding spaces gone, the domain in lower case (the local part is the server's)."""
    address = address.strip()
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}" if local else address
