"""One issue's email to one reader: HTML body and text part, attached files, and headers that name it stably."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

__all__ = ["Attachment", "Letter", "make_message", "message_id"]


@dataclass(frozen=True)
class Attachment:
    filename: str  # as the reader sees it, e.g. 行业动态周报第3期.pdf
    data: bytes
    media_type: str = ""


@dataclass(frozen=True)
class Letter:
    """What every reader of one issue gets, before it is addressed."""

    number: int
    subject: str
    html: str
    text: str
    attachments: tuple[Attachment, ...]
    from_addr: str
    from_name: str
    list_key: str  # the weekly's key, naming its List-Id


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower() or "localhost"


def message_id(number: int, email: str, from_addr: str) -> str:
    """The same Message-ID every time issue `number` is sent to `email` (a reader's client shows a resend once)."""
    digest = hashlib.sha1(email.strip().lower().encode("utf-8")).hexdigest()
    return f"<zhoubao.issue-{number}.{digest}@{domain_of(from_addr)}>"


def make_message(letter: Letter, to: str, to_name: str = "") -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = letter.subject
    msg["From"] = Address(letter.from_name, addr_spec=letter.from_addr) if letter.from_name else letter.from_addr
    msg["To"] = Address(to_name, addr_spec=to) if to_name else to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(letter.number, to, letter.from_addr)
    domain = domain_of(letter.from_addr)
    msg["List-Id"] = f"{letter.from_name or letter.list_key} <{letter.list_key}.zhoubao.{domain}>"
    msg["List-Unsubscribe"] = f"<mailto:{letter.from_addr}?subject=unsubscribe>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(letter.text or letter.subject, subtype="plain", charset="utf-8")
    msg.add_alternative(letter.html, subtype="html", charset="utf-8")
    for a in letter.attachments:
        media = a.media_type or mimetypes.guess_type(a.filename)[0] or "application/octet-stream"
        maintype, _, subtype = media.partition("/")
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype or "octet-stream", filename=a.filename)
    return msg
