"""The hostile files corpus (issue 16): Word, PDF, e-mail, HTML and encoding bombs, damaged and half-copied files,
generated here rather than committed as blobs. `python -m tests.hostile_files DIR` writes them into DIR.

Each file is small on disk and large, slow or broken once read: what an office's inbox or a hostile sender can put
in front of `collect --files`, a folder source, `import-issue` or the desk. Every one must be answered by one clear
line (a report, or a refusal with its reason) within the worker's limits.
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types '
       'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
         'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>')


def _docx(body: Callable[[], Iterator[bytes]]) -> bytes:
    """A minimal .docx whose document.xml is the chunks given (streamed, so a huge part costs little here)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'.encode())
            for chunk in body():
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def good_docx() -> bytes:
    def body() -> Iterator[bytes]:
        for text in ("广电总局发布通知", "国家广播电视总局6月3日发布通知，要求各网络视听平台加强微短剧管理。"):
            yield f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()
    return _docx(body)


def docx_paragraph_bomb(paragraphs: int = 2_000_000) -> bytes:
    """About 300 KB on disk, two million paragraphs once opened (python-docx builds an object for each)."""
    def body() -> Iterator[bytes]:
        chunk = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 10_000
        for _ in range(paragraphs // 10_000):
            yield chunk
    return _docx(body)


def docx_truncated() -> bytes:
    """A Word file cut off halfway, as one still being copied into the folder."""
    data = docx_paragraph_bomb(20_000)
    return data[: len(data) // 2]


def pdf_flate_bomb(megabytes: int = 1200) -> bytes:
    """About 1 MB on disk; its one content stream inflates to `megabytes` MB (of blanks, valid content)."""
    stream = deflate_repeated(b" " * (1024 * 1024), megabytes)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def deflate_repeated(block: bytes, times: int) -> bytes:
    """zlib data that inflates to `block` * times, made without compressing it all: one block's deflate output
    after a full flush stands alone, so it is repeated, closed by an empty final block and the whole's Adler-32."""
    comp = zlib.compressobj(9)
    head = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)  # zlib header + the block
    body = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)  # the block again, no header
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(block, adler)
    return head + body * (times - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def pdf_garbage() -> bytes:
    """A PDF header and then noise (deterministic, so a failure can be repeated)."""
    return b"%PDF-1.7\n" + bytes((i * 7919 + 13) % 251 for i in range(50_000))


def pdf_truncated() -> bytes:
    data = pdf_flate_bomb(2)
    return data[: len(data) // 3]


def eml_part_bomb(parts: int = 20_000) -> bytes:
    """An e-mail of twenty thousand MIME parts (about 2 MB)."""
    head = (b"From: a@example.com\r\nSubject: =?utf-8?b?5rWL6K+V?=\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n")
    part = b"--XX\r\nContent-Type: application/octet-stream\r\n\r\nxx\r\n"
    return head + part * parts + b"--XX--\r\n"


def eml_nested_bomb(depth: int = 3000) -> bytes:
    """An e-mail whose parts nest three thousand levels deep."""
    out = [b"From: a@example.com\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"]
    for i in range(depth):
        out.append(b"Content-Type: multipart/mixed; boundary=B%d\r\n\r\n--B%d\r\n" % (i, i))
    out.append(b"Content-Type: text/plain\r\n\r\nhello\r\n")
    for i in reversed(range(depth)):
        out.append(b"--B%d--\r\n" % i)
    return b"".join(out)


def html_attribute_bomb(attributes: int = 200_000) -> bytes:
    """2.3 MB: one element with two hundred thousand attributes."""
    attrs = " ".join(f"a{i}=x" for i in range(attributes))
    return f"<html><body><div {attrs}><p>正文</p></div></body></html>".encode()


def html_nesting_bomb(depth: int = 100_000) -> bytes:
    return b"<html><body>" + b"<div>" * depth + "正文".encode() + b"</div>" * depth + b"</body></html>"


def text_encoding_bomb(megabytes: int = 8) -> bytes:
    """Bytes that no encoding decodes cleanly: every detector's worst case."""
    pattern = bytes(range(0x80, 0x100)) + b"\xff\xfe\x00\xc3\x28\xe2\x82"
    return (pattern * (megabytes * 1024 * 1024 // len(pattern)))[: megabytes * 1024 * 1024]


def empty_text() -> bytes:
    return b""


CORPUS: dict[str, Callable[[], bytes]] = {
    "good.docx": good_docx,
    "paragraph-bomb.docx": docx_paragraph_bomb,
    "truncated.docx": docx_truncated,
    "flate-bomb.pdf": pdf_flate_bomb,
    "garbage.pdf": pdf_garbage,
    "truncated.pdf": pdf_truncated,
    "part-bomb.eml": eml_part_bomb,
    "nested-bomb.eml": eml_nested_bomb,
    "attribute-bomb.html": html_attribute_bomb,
    "nesting-bomb.html": html_nesting_bomb,
    "encoding-bomb.txt": text_encoding_bomb,
    "empty.txt": empty_text,
}


def write(folder: Path, names: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, make in CORPUS.items():
        if names is None or name in names:
            path = folder / name
            path.write_bytes(make())
            out.append(path)
    return out


if __name__ == "__main__":
    for p in write(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")):
        print(f"{p}\t{p.stat().st_size:,} bytes")
