"""Issues as a whole: find one by number, import a past one from the office's PDF or Word file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zhoubao.archive.models import Issue
from zhoubao.archive.profiles import sync_profile
from zhoubao.compose.stored import store_document
from zhoubao.conf.settings import Settings
from zhoubao.errors import ZhoubaoError
from zhoubao.render.importer import IssueImportError, read_issue

IMPORTABLE = (".pdf", ".docx")


class ImportRefused(ZhoubaoError):
    """A past issue's file cannot be read as an issue; the message says why."""


def find_issue(settings: Settings, number: int) -> Issue | None:
    """The home's profile's issue with this number, if any."""
    return Issue.objects.filter(profile=sync_profile(settings), number=number).select_related("profile").first()


@dataclass
class Imported:
    issue: Issue
    sections: int
    items: int


def import_issue(settings: Settings, path: Path, *, force: bool = False) -> Imported:
    """Read a past issue (PDF or Word) and store it as a published issue of the home's profile."""
    if path.suffix.lower() not in IMPORTABLE:
        raise ImportRefused(f"只能导入 .pdf 或 .docx 文件：{path}")
    profile = sync_profile(settings)
    try:
        doc = read_issue(path, sections=profile.spec.section_names)
    except IssueImportError as exc:
        raise ImportRefused(f"{path} 无法识别为周报：{exc}") from None
    issue = store_document(profile, doc, origin=f"import:{path.name}", force=force)
    return Imported(issue, len(doc.sections), sum(len(s.items) for s in doc.sections))
