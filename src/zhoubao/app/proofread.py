"""校对 as a use case: an issue's items with their sources checked (review/proofread.py), and a fix applied as an edit."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from zhoubao.app import derived
from zhoubao.archive.models import Issue, Item, ItemStory, Report
from zhoubao.conf.settings import Settings
from zhoubao.errors import DeskError
from zhoubao.review import edits
from zhoubao.review import proofread as pr

__all__ = ["ItemText", "Proofread", "check", "fix", "items_of", "rules_for"]


@dataclass(frozen=True)
class Proofread:
    """An issue's findings, and each one's item title (for the panel and the command line)."""

    issue: int
    number: int
    findings: list[pr.Finding]
    titles: dict[int, str]
    versions: dict[int, int]  # each item's version when checked: a fix is refused if the item changed since

    @property
    def open(self) -> int:
        return len(self.findings)

    def as_json(self) -> dict[str, Any]:
        return {"issue": self.number, "count": self.open,
                "findings": [f.as_dict() | {"item_title": self.titles.get(f.item, "")} for f in self.findings]}


def _file(home: Path, name: str, what: str) -> tuple[str | None, str]:
    if not name.strip():
        return None, ""
    path = Path(name).expanduser()
    path = path if path.is_absolute() else home / path
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise DeskError(f"找不到{what} {path}：请检查 zhoubao.toml 的 [proofread] 设置。") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DeskError(f"无法读取{what} {path}（{exc.__class__.__name__}）：请确认它是 UTF-8 文本文件。") from None


def rules_for(settings: Settings, issue: Issue) -> pr.Rules:
    """The shipped lists, the office's files and words of [proofread], and the issue's house style."""
    p = settings.proofread
    people, people_path = _file(settings.home, p.people_file, "人名职务名单")
    names, names_path = _file(settings.home, p.names_file, "机构名称表")
    try:
        return pr.rules(people_text=people, people_path=people_path, names_text=names, names_path=names_path,
                        banned_words=p.banned_words,
                        cjk_spacing=str((issue.profile.config or {}).get("cjk_spacing") or settings.profile.cjk_spacing),
                        duplicate_threshold=p.duplicate_threshold, timezone=issue.profile.timezone)
    except pr.ListError as exc:
        raise DeskError(str(exc)) from None


def items_of(issue: Issue) -> list[pr.ItemText]:
    """The issue's items in print order (section order, then order) with their reports' titles, texts and times."""
    names = edits.section_names(issue)
    rank = {n: i for i, n in enumerate(names)}
    rows = list(Item.objects.filter(issue=issue).values("id", "section", "order", "title", "paragraphs"))
    rows.sort(key=lambda r: (rank.get(r["section"], len(rank)), r["order"], r["id"]))
    stories: dict[int, list[int]] = {}
    for item_id, story_id in ItemStory.objects.filter(item__issue=issue).values_list("item_id", "story_id"):
        if story_id is not None:
            stories.setdefault(item_id, []).append(story_id)
    reports: dict[int, list[tuple[str, str, datetime | None]]] = {}
    wanted = {s for ss in stories.values() for s in ss}
    for sid, title, text, when in (Report.objects.filter(story_id__in=wanted).order_by("id")
                                   .values_list("story_id", "title", "text", "published")):
        reports.setdefault(sid, []).append((title, text, when))
    out = []
    for r in rows:
        reps = [rep for sid in stories.get(r["id"], []) for rep in reports.get(sid, [])]
        out.append(pr.ItemText(pk=r["id"], title=r["title"], paragraphs=tuple(r["paragraphs"] or ()),
                               sources=tuple(t for rep in reps for t in rep[:2]),
                               published=tuple(rep[2] for rep in reps)))
    return out


ItemText = pr.ItemText
_KEEP = 64  # issues' findings kept per process (a few kB each)
_FOUND: OrderedDict[bytes, list[pr.Finding]] = OrderedDict()
_LOCK = threading.Lock()


def _finding(d: dict[str, Any]) -> pr.Finding:
    return pr.Finding(**{**d, "span": tuple(d["span"])})


def check(settings: Settings, issue: Issue, *, items: Sequence[pr.ItemText] | None = None,
          versions: dict[int, int] | None = None,
          fact_check: Callable[[pr.ItemText], Sequence[str]] | None = None) -> Proofread:
    """Every finding of the issue. The desk passes the items (in print order) and versions it has already read,
    and its cached 来源中未见 check; otherwise they are read here."""
    items = list(items) if items is not None else items_of(issue)
    rules = rules_for(settings, issue)
    tokens = {it.pk: list((fact_check or (lambda i: pr.source_tokens(i, rules.timezone)))(it)) for it in items}
    # The same texts, lists and 来源中未见 tokens give the same findings: the issue page is shown far more often
    # than an item changes, so they are kept (by the exact input, never stale; the reports' texts are already
    # reduced to their tokens).
    key = hashlib.blake2b(repr((rules, [(it.pk, it.title, it.paragraphs, it.published, tokens[it.pk])
                                        for it in items])).encode("utf-8", "surrogatepass"), digest_size=20).digest()
    with _LOCK:
        found = _FOUND.get(key)
    if found is None:
        # Kept in the database too, under the same key (shared by every server process and primed by the build,
        # web/prime.py): a process's first open of a fresh draft reads them instead of checking every item.
        scope, dkey = f"proofread:{issue.pk}", "proofread:" + key.hex()
        stored = derived.read_many({dkey}).get(dkey)
        if stored is not None:
            found = [_finding(d) for d in stored]
        else:
            found = pr.proofread(items, rules, fact_check=lambda it: tokens[it.pk])
            derived.store_many({dkey: (scope, [dataclasses.asdict(f) for f in found])})
        with _LOCK:
            _FOUND[key] = found
            while len(_FOUND) > _KEEP:
                _FOUND.popitem(last=False)
    if versions is None:
        versions = dict(Item.objects.filter(issue=issue).values_list("id", "version"))
    return Proofread(issue=issue.pk, number=issue.number, findings=list(found), titles={i.pk: i.title for i in items},
                     versions=versions)


def _field_index(name: str, paragraphs: int) -> int | None:
    if name == "title":
        return None
    head, _, n = name.partition(":")
    if head != "paragraph" or not n.isdigit() or int(n) >= paragraphs:
        raise DeskError("要修正的位置已不存在：请刷新页面后重试。")
    return int(n)


def fix(issue_id: int, item_id: int, user: Any, *, version: int, field: str, start: int, end: int,
        text: str, suggestion: str) -> Item:
    """Apply one finding's suggestion through the normal edit (version-checked, audited); refused with a reason
    when the text at the place has changed since the panel was shown."""
    item = Item.objects.filter(pk=item_id, issue_id=issue_id).first()
    if item is None:
        raise DeskError("该条目已不在本期：请刷新页面。")
    paragraphs = list(item.paragraphs)
    n = _field_index(field, len(paragraphs))
    current = item.title if n is None else paragraphs[n]
    new = pr.apply(current, (start, end), text, suggestion)
    if new is None:
        raise DeskError("这段文字已经改过，校对建议不再适用：请刷新页面后再看。")
    if n is None:
        title = new
    else:
        title, paragraphs[n] = item.title, new
    # save_text locks the issue and checks `version` against the item as stored then.
    return edits.save_text(issue_id, item_id, user, version=version, title=title, body=paragraphs)
