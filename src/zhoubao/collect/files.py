"""Local files to an article: HTML, plain text and Markdown, Word (DOCX), PDF and e-mail (EML)."""

from __future__ import annotations

import email
import io
import re
from datetime import datetime
from email import policy
from email.utils import parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

from zhoubao.collect.encoding import decode_bytes
from zhoubao.collect.extracted import Extracted, empty, from_lines
from zhoubao.collect.html import extract_html
from zhoubao.text.boilerplate import strip_page
from zhoubao.text.dates import parse_datetime


def extract_file(path: str | Path, *, tz: str) -> Extracted:
    """Extract a report from a local file: .html/.htm, .txt/.md, .docx, .pdf, .eml; tz: the zone of dates given
    without one. In this process: callers that read files from outside use the worker pool (extract_bytes)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return empty(note=f"unreadable: {exc}")
    return extract_bytes(data, p.name, tz=tz, url=p.resolve().as_uri())


def extract_bytes(data: bytes, name: str, *, tz: str, url: str = "") -> Extracted:
    """A file's article from its bytes, its kind told by its name's suffix. A file that cannot be read gives
    an empty text and a note that says why (unreadable_reason)."""
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return extract_html(data, url, tz=tz)
    if suffix in (".txt", ".md", ".markdown", ".text"):
        dec = decode_bytes(data, "text/plain")
        return _from_plain(dec.text, dec.encoding, dec.clean, dec.note)
    if suffix == ".docx":
        return _from_docx(data, tz)
    if suffix == ".pdf":
        return _from_pdf(data)
    if suffix == ".eml":
        return _from_eml(data, tz)
    # Unknown: sniff HTML, else plain text.
    dec = decode_bytes(data)
    if re.search(r"<(html|body|p|div)\b", dec.text[:4096], re.IGNORECASE):
        return extract_html(data, url, tz=tz)
    return _from_plain(dec.text, dec.encoding, dec.clean, dec.note)


_UNREADABLE = {"docx": "Word 文件已损坏或不完整（可能仍在复制中）", "pdf": "PDF 文件已损坏或不是 PDF",
               "eml": "邮件文件无法解析", "": "文件无法读取"}


def unreadable_reason(ex: Extracted) -> str:
    """Why a file gave no article ("" when it gave one): the reason an editor reads."""
    if ex.text.strip():
        return ""
    note = ex.encoding_note or ""
    if note.startswith("unreadable") and note.endswith("MemoryError"):  # a bomb: it unpacks past the limit
        return "超过内存限制（文件展开后过大），未读取"
    if note.startswith("unreadable"):
        kind = note.removeprefix("unreadable").strip().split(":")[0].strip()
        return _UNREADABLE.get(kind, _UNREADABLE[""])
    return "没有提取到正文（空文件或只有图片）"


def _from_plain(text: str, enc: str = "utf-8", clean: bool = True, note: str = "") -> Extracted:
    lines = [x.strip() for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [x for x in lines if x]
    title = re.sub(r"^#+\s*", "", lines[0]) if lines else ""
    kept, info = strip_page(lines[1:])
    return from_lines(title, kept, outlet=info.get("source", ""), author=info.get("author", ""),
                      encoding=enc, clean=clean, note=note)


def _from_docx(data: bytes, tz: str) -> Extracted:
    try:
        import docx

        d = docx.Document(io.BytesIO(data))
    except Exception as exc:
        return empty(note=f"unreadable docx: {type(exc).__name__}")
    paras = [(x.style.name if x.style is not None else "", x.text.strip()) for x in d.paragraphs]
    paras = [(s, t) for s, t in paras if t]
    title = ""
    for s, t in paras:
        if s.lower().startswith(("heading", "title")) or s.startswith("标题"):
            title = t
            break
    if not title and paras:
        title = paras[0][1]
    rest = [t for _, t in paras]
    if rest and rest[0] == title:
        rest = rest[1:]
    kept, info = strip_page(rest)
    props = d.core_properties
    published: datetime | None = None
    if props.created:
        published = props.created if props.created.tzinfo else props.created.replace(tzinfo=ZoneInfo(tz))
    return from_lines(title, kept, published=published, outlet=info.get("source", ""),
                      author=props.author or info.get("author", ""))


def _from_pdf(data: bytes) -> Extracted:
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = "\n".join((page.extract_text() or "") for page in pdf.pages)
    except Exception as exc:
        return empty(note=f"unreadable pdf: {type(exc).__name__}")
    return _from_plain(text)


def _from_eml(data: bytes, tz: str) -> Extracted:
    try:
        msg = email.message_from_bytes(data, policy=policy.default)
    except Exception as exc:
        return empty(note=f"unreadable eml: {type(exc).__name__}")
    subject = str(msg.get("Subject", "") or "")
    published = parse_datetime(str(msg.get("Date", "") or ""), tz=tz)
    name, addr = parseaddr(str(msg.get("From", "") or ""))
    author = name or addr
    plain = htmlpart = None
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = b""
        dec = decode_bytes(payload, part.get("Content-Type"))
        if ctype == "text/plain" and plain is None:
            plain = dec
        elif ctype == "text/html" and htmlpart is None:
            htmlpart = (payload, part.get("Content-Type"))
    if plain is not None and plain.text.strip():
        lines = [x.strip() for x in plain.text.splitlines() if x.strip()]
        kept, _ = strip_page(lines)
        return from_lines(subject, kept, published=published, author=author,
                          encoding=plain.encoding, clean=plain.clean, note=plain.note)
    if htmlpart is not None:
        ex = extract_html(htmlpart[0], content_type=htmlpart[1], tz=tz)
        ex.title = subject or ex.title
        ex.published = published or ex.published
        ex.author = author or ex.author
        return ex
    return from_lines(subject, [], published=published, author=author)
