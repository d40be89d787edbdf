"""Past issues back from PDF or Word into an IssueDoc (masthead, 摘要, sections, items, footer).

The readers turn a file into printed blocks (read_docx: paragraphs with Word's look; read_pdf:
glyphs into lines into paragraphs), one classifier reads any layout from those blocks
(import_classify) and one assembler builds the IssueDoc (import_model). zhoubao's own files and
files made by an office's Word or WPS go the same way; a file read as no items is refused.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from zhoubao.compose.document import IssueDoc, ItemDoc, doc_to_dict
from zhoubao.render.import_model import IssueImportError
from zhoubao.render.read_docx import read_docx
from zhoubao.render.read_pdf import read_pdf


def read_issue(path: str | Path, sections: Sequence[str] | None = None) -> IssueDoc:
    """Read a past issue (.pdf or .docx) back into the document model.

    ``sections`` are the profile's section names: a heading that reads as one of them (with or
    without numbering, brackets or symbols) starts that section. Without them the default
    weekly's names are tried and the rest is recognised by layout.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(p, sections)
    if suffix == ".docx":
        return read_docx(p, sections)
    raise IssueImportError(f"不支持的文件类型 {suffix or '（无扩展名）'}：只能导入 .pdf 或 .docx。")


def read_issue_data(data: bytes, *, suffix: str, sections: Sequence[str] | None = None) -> dict[str, Any]:
    """A past issue from its file's bytes, as plain data (doc_to_dict): how a worker process reads one under its
    limits and hands it back (app/issues.py). The bytes go through a private temporary file."""
    if suffix not in (".pdf", ".docx"):
        raise IssueImportError(f"不支持的文件类型 {suffix or '（无扩展名）'}：只能导入 .pdf 或 .docx。")
    with tempfile.TemporaryDirectory(prefix="zhoubao-import-") as tmp:
        path = Path(tmp) / f"issue{suffix}"
        path.write_bytes(data)
        return doc_to_dict(read_issue(path, sections))


def item_texts(items: Iterable[ItemDoc]) -> list[tuple[str, tuple[str, ...]]]:
    return [(it.title, tuple(it.paragraphs)) for it in items]


__all__ = ["IssueImportError", "item_texts", "read_docx", "read_issue", "read_issue_data", "read_pdf"]
