"""Publish: take an issue through its workflow steps; on 发布 render every format and store the files first."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhoubao.archive.models import Issue
from zhoubao.compose.compose import issue_document
from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import Settings
from zhoubao.errors import DeskError
from zhoubao.render import registry
from zhoubao.review import workflow


def transition(settings: Settings, issue_id: int, name: str, user: Any, *, version: int) -> dict[str, Any]:
    """One workflow step (submit, request_changes, approve, publish); returns what happened."""
    if name == "publish":
        return publish(settings, issue_id, user, version=version)
    return workflow.transition(issue_id, name, user, version=version)


def publish(settings: Settings, issue_id: int, user: Any, *, version: int,
            progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Render every format into data/published/<number>/, then mark the issue published with those files."""
    # Render outside the write transaction (PDF can take seconds); approved text cannot change meanwhile.
    issue = workflow.ready(issue_id, "publish", user, version=version)
    files = render_all(issue, settings, progress=progress)
    if not any("file" in f for f in files):
        errors = "；".join(f"{f['format']}：{f.get('error', '')}" for f in files)
        raise DeskError(f"没有任何格式渲染成功，未发布：{errors}")
    result = workflow.transition(issue_id, "publish", user, version=version, files=files)
    return {**result, "files": files}


def published_dir(home: Path, issue: Issue) -> Path:
    return home / "data" / "published" / str(issue.number)


def render_all(issue: Issue, settings: Settings,
               progress: Callable[[str], None] | None = None) -> list[dict[str, str]]:
    """Render every registered format into data/published/<number>/; a format that cannot render is reported."""
    say = progress or (lambda _m: None)
    doc = issue_document(issue)
    doc.state = Issue.State.PUBLISHED
    target = published_dir(settings.home, issue)
    target.mkdir(parents=True, exist_ok=True)
    out: list[dict[str, str]] = []
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
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # never leave a half-written file under the real name
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
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, target)  # never leave a half-written file under the real name
    return len(data)


def document(issue: Issue) -> IssueDoc:
    """The issue as the renderers see it (masthead, highlights, sections, items, footer)."""
    return issue_document(issue)


def formats() -> list[str]:
    return registry.names()
