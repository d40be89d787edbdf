"""Issues as a whole: find one by number, import a past one from the office's PDF or Word file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zhoubao.app.files import limited_pool
from zhoubao.archive.models import Issue
from zhoubao.archive.profiles import sync_profile
from zhoubao.collect.feedworker import WorkerFailed
from zhoubao.compose.document import IssueDoc, doc_from_dict
from zhoubao.compose.stored import store_document
from zhoubao.conf.settings import Settings
from zhoubao.errors import ZhoubaoError
from zhoubao.render.importer import IssueImportError

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
    doc = read_past_issue(settings, path, profile.spec.section_names)
    issue = store_document(profile, doc, origin=f"import:{path.name}", force=force)
    return Imported(issue, len(doc.sections), sum(len(s.items) for s in doc.sections))


def read_past_issue(settings: Settings, path: Path, sections: list[str] | None = None) -> IssueDoc:
    """A past issue's file read in a worker under the home's limits; ImportRefused says why in one line."""
    limit = settings.collect.max_file_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise ImportRefused(f"{path.name} 过大（{size / 1048576:.1f} MB，上限 {limit / 1048576:.0f} MB），未导入")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{path.name} 无法读取（{exc.strerror or type(exc).__name__}）") from None
    try:
        got = limited_pool(settings).run("zhoubao.render.importer:read_issue_data", data,
                                         {"suffix": path.suffix.lower(), "sections": sections})
    except WorkerFailed as exc:
        if exc.error_type == IssueImportError.__name__:
            raise ImportRefused(f"{path.name} 无法识别为周报：{exc.reason}") from None
        raise ImportRefused(f"{path.name} 无法读取：{exc.reason}") from None
    return doc_from_dict(got)
