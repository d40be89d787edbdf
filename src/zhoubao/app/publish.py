"""Publish: take an issue through its workflow steps; on 发布 render every format and store the files first."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from zhoubao.archive.models import Issue
from zhoubao.compose.compose import issue_document
from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import Settings
from zhoubao.errors import DeskError, NotAllowed, ReadOnly
from zhoubao.render import registry
from zhoubao.review import workflow


def transition(settings: Settings, issue_id: int, name: str, user: Any, *, version: int,
               reason: str = "") -> dict[str, Any]:
    """One workflow step (submit, request_changes with its reason, approve, publish); returns what happened."""
    if name == "publish":
        return publish(settings, issue_id, user, version=version)
    return workflow.transition(issue_id, name, user, version=version, reason=reason)


def publish(settings: Settings, issue_id: int, user: Any, *, version: int,
            progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Render every format into data/published/<number>/, then mark the issue published with those files."""
    # Render outside the write transaction (PDF can take seconds); approved text cannot change meanwhile.
    issue = workflow.ready(issue_id, "publish", user, version=version)
    doc = issue_document(issue)
    target = published_dir(settings.home, issue)
    # Each attempt renders into its own folder: of two publishes at once only the one that wins the issue's lock
    # puts its files in place, while the row is still locked; the other's are thrown away.
    staging = target / f".publishing-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        files = render_all(issue, settings, doc, staging, progress=progress)
        if not any("file" in f for f in files):
            errors = "；".join(f"{f['format']}：{f.get('error', '')}" for f in files)
            raise DeskError(f"没有任何格式渲染成功，未发布：{errors}")
        with transaction.atomic():
            # The files and every later export come from this one document, frozen with the issue.
            result = workflow.transition(issue_id, "publish", user, version=version, files=files, document=doc)
            for f in files:
                if "file" in f:
                    os.replace(staging / f["file"], target / f["file"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {**result, "files": files}


def publish_from_command_line(settings: Settings, number: int,
                              progress: Callable[[str], None] | None = None) -> tuple[Issue, list[dict[str, str]]]:
    """`zhoubao publish N`: the desk's steps taken by the command line (workflow.COMMAND_LINE, audited as 命令行).
    An approved issue is published; a draft or one in review is first submitted and approved only where the
    profile allows self-approval. Returns the issue and what publish() wrote."""
    from zhoubao.app.issues import find_issue

    issue = find_issue(settings, number)
    if issue is None:
        raise DeskError(f"没有第{number}期：先运行 zhoubao build --date YYYY-MM-DD")
    who = workflow.COMMAND_LINE
    if issue.state == Issue.State.PUBLISHED:
        raise ReadOnly(f"第{number}期已发布，不能再次发布（已发布的一期不再改变）。")
    if issue.state in (Issue.State.DRAFT, Issue.State.IN_REVIEW):
        if not workflow.allows_self_approval(issue):
            raise NotAllowed(f"第{number}期当前为“{issue.get_state_display()}”，尚未批准，不能发布：请在编辑台提交复核并由复核人批准"
                             "（或在 zhoubao.toml 的 [profile] 中设 allow_self_approval = true，由命令行一并提交、批准）。")
        for step in ("submit", "approve") if issue.state == Issue.State.DRAFT else ("approve",):
            workflow.transition(issue.pk, step, who, version=issue.version)
            issue.refresh_from_db()
    result = publish(settings, issue.pk, who, version=issue.version, progress=progress)
    issue.refresh_from_db()
    return issue, result["files"]


def published_dir(home: Path, issue: Issue) -> Path:
    return home / "data" / "published" / str(issue.number)


def render_all(issue: Issue, settings: Settings, doc: IssueDoc | None = None, target: Path | None = None,
               progress: Callable[[str], None] | None = None) -> list[dict[str, str]]:
    """Render every registered format into `target` (data/published/<number>/ unless given); a format that cannot
    render is reported."""
    say = progress or (lambda _m: None)
    doc = doc or issue_document(issue)
    doc.state = Issue.State.PUBLISHED
    target = published_dir(settings.home, issue) if target is None else target
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.part"):  # left by a run that was killed while writing
        stale.unlink(missing_ok=True)
    out: list[dict[str, str]] = []
    written: list[Path] = []
    exts = [registry.get(n).extension for n in registry.names()]
    for name in registry.names():
        r = registry.get(name)
        say(f"生成 {name.upper()}")
        try:
            data = r.render(doc, settings.render)
        except registry.RenderUnavailable as exc:
            out.append({"format": name, "error": str(exc)})
            continue
        except Exception as exc:  # one broken renderer must not block the others; it is reported
            out.append({"format": name, "error": f"{type(exc).__name__}: {exc}"})
            continue
        fname = f"{issue.number}.{r.extension}" if exts.count(r.extension) == 1 else f"{issue.number}-{name}.{r.extension}"
        path = target / fname
        try:
            write_whole(path, data)
        except PublishWriteError:
            for done in written:  # nothing is published: no file of this attempt stays behind either
                done.unlink(missing_ok=True)
            raise
        written.append(path)
        out.append({"format": name, "file": fname, "media_type": r.media_type, "bytes": str(len(data))})
    return out


@dataclass(frozen=True)
class Rendered:
    data: bytes
    extension: str
    media_type: str


Unavailable = registry.RenderUnavailable


def rendered(settings: Settings, issue: Issue, fmt: str) -> Rendered:
    """One format of the issue as it stands now (draft or published); Unavailable when it cannot be made here."""
    r = registry.get(fmt)
    return Rendered(r.render(issue_document(issue), settings.render), r.extension, r.media_type)


def export(settings: Settings, issue: Issue, fmt: str, target: Path) -> int:
    """Render one format of the issue into a file (written whole or not at all); returns its size."""
    data = rendered(settings, issue, fmt).data
    target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(target, data)
    return len(data)


class PublishWriteError(DeskError):
    """A file could not be written (a full disk, no permission): nothing half-written is left."""


def write_whole(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: through a .part file renamed into place, removed if writing fails."""
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)  # never leave a half-written file under the real name
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        why = "磁盘空间已满" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or type(exc).__name__)
        raise PublishWriteError(f"无法写入 {path}（{why}）：未完成，没有留下不完整的文件；请腾出空间或检查权限后重试。") from None


def document(issue: Issue) -> IssueDoc:
    """The issue as the renderers see it (masthead, highlights, sections, items, footer)."""
    return issue_document(issue)


def formats() -> list[str]:
    return registry.names()
