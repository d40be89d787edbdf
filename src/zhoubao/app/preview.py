"""Print preview: the issue's PDF (the publish renderer) as page images the desk shows before publishing.

The pages are cached under data/cache/preview/<issue>/<key>/, the key a digest of the document the PDF is made
from and of the render settings: any change to the issue (an item's words, order, footer) makes a new key, and
a page viewed again is a file read, not a render."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from zhoubao.archive.models import Issue
from zhoubao.compose.compose import issue_document
from zhoubao.compose.document import doc_to_dict
from zhoubao.conf.settings import Settings
from zhoubao.errors import DeskError
from zhoubao.render import registry

# 150 dpi: the body text (10.5–12 pt) stays sharp on a phone's screen when the page is shown 390 px wide and
# zoomed, and an A4 page stays near 200 kB of PNG.
SCALE = 150 / 72
MAX_PAGES = 60  # a weekly is a few pages; past this the preview says how many more the PDF has
_KEY = re.compile(r"^[0-9a-f]{20}$")


@dataclass(frozen=True)
class Preview:
    """The rendered pages of one version of an issue."""

    issue_id: int
    key: str
    pages: int  # page images made
    total: int  # pages in the PDF
    folder: Path

    def page_path(self, n: int) -> Path:
        return self.folder / f"{n}.png"


def cache_root(settings: Settings, issue_id: int) -> Path:
    return settings.data_dir / "cache" / "preview" / str(issue_id)


def version_key(settings: Settings, issue: Issue) -> str:
    """The digest of what the PDF is made from: the issue's document and the render settings."""
    doc = doc_to_dict(issue_document(issue))
    blob = json.dumps([doc, repr(settings.render)], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def preview(settings: Settings, issue: Issue) -> Preview:
    """The issue's pages as it stands now: from the cache, or rendered (PDF, then one PNG a page) and cached."""
    key = version_key(settings, issue)
    root = cache_root(settings, issue.pk)
    found = _read(issue.pk, key, root / key)
    if found is not None:
        return found
    try:
        data = registry.get("pdf").render(issue_document(issue), settings.render)
    except registry.RenderUnavailable as exc:
        raise DeskError(f"无法生成打印预览：{exc}") from None
    staging = root / f".{key}-{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        total = _rasterise(data, staging)
        (staging / "pages.json").write_text(json.dumps({"pages": min(total, MAX_PAGES), "total": total}))
        # Made meanwhile by another request for the same version (the rename fails): theirs is as good.
        with contextlib.suppress(OSError):
            os.replace(staging, root / key)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for old in root.iterdir():  # earlier versions of this issue are not shown again
        if old.name != key and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    made = _read(issue.pk, key, root / key)
    if made is None:
        raise DeskError("打印预览未能保存（磁盘空间或权限）：请稍后重试。")
    return made


def cached(settings: Settings, issue_id: int, key: str) -> Preview | None:
    """A preview made before, by its key (None if the key is malformed or its pages are gone)."""
    if not _KEY.match(key):
        return None
    return _read(issue_id, key, cache_root(settings, issue_id) / key)


def _read(issue_id: int, key: str, folder: Path) -> Preview | None:
    try:
        meta = json.loads((folder / "pages.json").read_text())
    except (OSError, ValueError):
        return None
    return Preview(issue_id, key, int(meta["pages"]), int(meta["total"]), folder)


def _rasterise(pdf: bytes, folder: Path) -> int:
    """Write the first MAX_PAGES pages of the PDF as 1.png, 2.png, …; return the PDF's page count."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        total = len(doc)
        for n in range(min(total, MAX_PAGES)):
            page = doc[n]
            try:
                image = page.render(scale=SCALE).to_pil()
                image.save(folder / f"{n + 1}.png", optimize=True)
            finally:
                page.close()
        return total
    finally:
        doc.close()
