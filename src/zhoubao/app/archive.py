"""The published archive: only published issues, read from their frozen documents, with their published files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from zhoubao.app.publish import published_dir
from zhoubao.archive.models import Issue, IssueSignoff, IssueSnapshot, Item, Profile
from zhoubao.archive.profiles import sync_profile
from zhoubao.compose.compose import issue_document
from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import Settings
from zhoubao.deliver import atom
from zhoubao.render.text import clean_text, footer_lines, item_sources, safe_url

# What a reader is told each published format is (a format a plugin adds shows under its own name).
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word", "html": "网页版", "md": "Markdown", "json": "JSON",
                 "email": "邮件版", "wechat": "公众号版"}
# Formats whose files are text: served with their charset so a browser never guesses it.
_TEXT_TYPES = ("text/", "application/json")


FEED_MEDIA_TYPE = atom.MEDIA_TYPE


def weekly(settings: Settings) -> Profile:
    """The home's weekly (its profile row), as the archive's pages name it."""
    return sync_profile(settings)


def is_public(settings: Settings) -> bool:
    """Whether the archive is open to anyone ([profile] public), else behind the desk's login."""
    return settings.profile.public


@dataclass(frozen=True)
class Download:
    """One published file of an issue, as a reader downloads it."""

    format: str
    label: str
    file: str  # its name under data/published/<number>/ (the only names ever served)
    media_type: str
    size: int | None
    download_name: str  # 行业动态周报第N期.pdf


@dataclass(frozen=True)
class Entry:
    """A published issue as the index and the feed list it."""

    number: int
    date: date
    title: str  # the weekly's name as printed on this issue
    highlights: list[str]
    published: datetime  # when it was published, in the profile's zone
    downloads: list[Download] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return "\n".join(self.highlights)


@dataclass(frozen=True)
class Year:
    year: int
    entries: list[Entry]


@dataclass(frozen=True)
class PublishedIssue:
    """One published issue's page: its frozen document and its downloads."""

    entry: Entry
    doc: IssueDoc
    sources: dict[int, list[tuple[str, str | None]]]  # id(item) → (outlet, http(s) URL or None)


def _published(profile: Profile) -> Any:
    return Issue.objects.filter(profile=profile, state=Issue.State.PUBLISHED)


def _downloads(title: str, number: int, files: Iterable[dict[str, Any]]) -> list[Download]:
    listed = [f for f in files if isinstance(f, dict) and f.get("file") and f.get("format")]
    exts = [str(f["file"]).rsplit(".", 1)[-1] for f in listed]
    out = []
    for f, ext in zip(listed, exts, strict=True):
        fmt = str(f["format"])
        # Two formats sharing an extension (html, email, wechat) are told apart in the name a reader saves.
        suffix = "" if exts.count(ext) == 1 else f"-{FORMAT_LABELS.get(fmt, fmt)}"
        size = f.get("bytes")
        out.append(Download(format=fmt, label=FORMAT_LABELS.get(fmt, fmt), file=str(f["file"]),
                            media_type=str(f.get("media_type") or "application/octet-stream"),
                            size=int(str(size)) if str(size or "").isdigit() else None,
                            download_name=f"{clean_text(title)}第{number}期{suffix}.{ext}"))
    return out


def entries(settings: Settings) -> list[Entry]:
    """Every published issue of the home's weekly, newest first (no draft or issue in review, ever)."""
    profile = sync_profile(settings)
    tz = ZoneInfo(profile.timezone)
    issues = list(_published(profile).order_by("-date", "-number").only("pk", "number", "date", "updated"))
    ids = [i.pk for i in issues]
    # Only the masthead and 摘要 of each frozen document are read (JSON key lookups), not the whole issue.
    frozen: dict[int, dict[str, Any]] = {}
    for snap in (IssueSnapshot.objects.filter(issue_id__in=ids, kind=IssueSnapshot.Kind.PUBLISHED,
                                             document__isnull=False)
                .order_by("id").values("issue_id", "when", "document__masthead__title", "document__highlights")):
        frozen[snap["issue_id"]] = dict(snap)  # the newest snapshot of an issue wins, as in published_document
    signoffs = {s.issue_id: s for s in IssueSignoff.objects.filter(issue_id__in=ids)}
    missing = [i for i in ids if not frozen.get(i, {}).get("document__highlights")]
    fallback: dict[int, list[str]] = {}
    for item in Item.objects.filter(issue_id__in=missing, highlight__isnull=False).order_by("highlight", "order"):
        fallback.setdefault(item.issue_id, []).append(item.title)
    out = []
    for issue in issues:
        row: dict[str, Any] = frozen.get(issue.pk, {})
        sign = signoffs.get(issue.pk)
        when = (sign.published_at if sign and sign.published_at else None) or row.get("when") or issue.updated
        title = str(row.get("document__masthead__title") or profile.title)
        highlights = [clean_text(str(h)) for h in (row.get("document__highlights") or fallback.get(issue.pk, []))]
        out.append(Entry(number=issue.number, date=issue.date, title=title, highlights=highlights,
                         published=when.astimezone(tz),
                         downloads=_downloads(title, issue.number, sign.published_files if sign else [])))
    return out


def by_year(items: list[Entry]) -> list[Year]:
    """The entries grouped by the year of their issue date, newest year first (entries keep their order)."""
    years: dict[int, list[Entry]] = {}
    for e in items:
        years.setdefault(e.date.year, []).append(e)
    return [Year(y, years[y]) for y in sorted(years, reverse=True)]


def published_issue(settings: Settings, number: int) -> PublishedIssue | None:
    """The published issue with this number as it was published; None for a number that is not published."""
    profile = sync_profile(settings)
    issue = _published(profile).select_related("profile").filter(number=number).first()
    if issue is None:
        return None
    doc = issue_document(issue)  # a published issue's frozen document, never the live items
    sign = IssueSignoff.objects.filter(issue=issue).first()
    tz = ZoneInfo(profile.timezone)
    when = sign.published_at if sign and sign.published_at else issue.updated
    entry = Entry(number=issue.number, date=issue.date, title=doc.masthead.title,
                  highlights=[clean_text(h) for h in doc.highlights], published=when.astimezone(tz),
                  downloads=_downloads(doc.masthead.title, issue.number, sign.published_files if sign else []))
    sources = {id(item): [(clean_text(r.outlet) or "原文", safe_url(r.url)) for r in item_sources(item)]
               for item in doc.items()}
    return PublishedIssue(entry, doc, sources)


@dataclass(frozen=True)
class ServedFile:
    path: Path
    content_type: str
    download_name: str


def published_file(settings: Settings, number: int, name: str) -> ServedFile | None:
    """A published file of a published issue, by the name publishing recorded; None for anything else.

    Only names the issue's sign-off lists are served, and the path must stay inside the issue's folder, so no
    name a reader types (../, an absolute path, a symlink out) reaches any other file."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    issue = _published(sync_profile(settings)).filter(number=number).first()
    if issue is None:
        return None
    sign = IssueSignoff.objects.filter(issue=issue).first()
    title = (IssueSnapshot.objects.filter(issue=issue, kind=IssueSnapshot.Kind.PUBLISHED, document__isnull=False)
             .order_by("-id").values_list("document__masthead__title", flat=True).first()) or issue.profile.title
    found = next((d for d in _downloads(str(title), number, sign.published_files if sign else []) if d.file == name),
                 None)
    if found is None:
        return None
    folder = published_dir(settings.home, issue).resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        return None
    ctype = found.media_type
    if ctype.startswith(_TEXT_TYPES) and "charset" not in ctype:
        ctype += "; charset=utf-8"
    return ServedFile(path, ctype, found.download_name)


def footer(doc: IssueDoc) -> dict[str, list[tuple[str, str]]]:
    """The issue's footer lines as printed: the editors' lines (head) and the 报/发 lists (dist)."""
    lines = footer_lines(doc)
    return {"head": [(k, v) for k, v in lines if k not in ("报", "发")],
            "dist": [(k, v) for k, v in lines if k in ("报", "发")]}


def feed(settings: Settings, *, issue_url: Callable[[int], str], file_url: Callable[[int, str], str],
         index_url: str, self_url: str) -> bytes:
    """The archive's Atom feed, newest issue first; the caller says where its pages and files are served."""
    profile = sync_profile(settings)
    found = entries(settings)
    items = [atom.FeedEntry(
        id=issue_url(e.number), link=issue_url(e.number), title=f"{e.title} 第{e.number}期（{_cn_date(e)}）",
        updated=e.published, published=e.published, summary=e.summary,
        enclosures=[atom.Enclosure(file_url(e.number, d.file), d.media_type, d.label, d.size) for d in e.downloads])
        for e in found]
    updated = max((e.published for e in found), default=profile.updated.astimezone(ZoneInfo(profile.timezone)))
    return atom.feed(feed_id=index_url, title=profile.title, subtitle=profile.publisher,
                     author=profile.publisher or profile.title, self_url=self_url, html_url=index_url,
                     updated=updated, entries=items)


def _cn_date(e: Entry) -> str:
    return f"{e.date.year}年{e.date.month}月{e.date.day}日"
