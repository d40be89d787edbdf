"""What a published or exported file is called where a reader sees it: 行业动态周报第N期.pdf, with an ASCII twin."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from zhoubao.archive.models import Issue

# Formats that are the issue itself get its plain name; variants (wechat HTML, email HTML) say which they are.
PLAIN_FORMATS = ("pdf", "docx", "md", "json", "html")
# What no file system or mail client takes in a name; control characters go too.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def weekly_name(issue: Issue) -> str:
    """The weekly's own name (the profile's title, 行业动态周报), safe as a file name."""
    name = _UNSAFE.sub("", unicodedata.normalize("NFC", issue.profile.title)).strip(" .")
    return name or "周报"


def file_name(issue: Issue, fmt: str, extension: str, *, draft_note: bool = False) -> str:
    """`{weekly_name}第{N}期.{ext}`; a variant format adds -fmt; an unpublished export adds its state (-草稿),
    so a draft on someone's desktop is never taken for the published issue."""
    stem = f"{weekly_name(issue)}第{issue.number}期"
    if fmt not in PLAIN_FORMATS:
        stem += f"-{fmt}"
    if draft_note:
        stem += f"-{issue.get_state_display()}"
    return f"{stem}.{extension}"


def ascii_name(issue: Issue, fmt: str, extension: str) -> str:
    """The same file in ASCII for clients that do not read RFC 5987 (the profile's key: zhoubao-1.pdf)."""
    key = re.sub(r"[^A-Za-z0-9_-]+", "-", issue.profile.key).strip("-") or "issue"
    return f"{key}-{issue.number}{'' if fmt in PLAIN_FORMATS else '-' + re.sub(r'[^A-Za-z0-9]', '', fmt)}.{extension}"


def content_disposition(name: str, fallback: str, *, inline: bool = False) -> str:
    """A Content-Disposition header: the ASCII fallback as filename, the real name as filename* (RFC 5987/6266)."""
    return (f"{'inline' if inline else 'attachment'}; filename=\"{fallback}\"; "
            f"filename*=UTF-8''{quote(name, safe='')}")
