"""Sources: add one, import many (OPML, CSV, TOML), list them with their health."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from zhoubao.archive.models import Source
from zhoubao.collect.pages import RuleError, check_rules
from zhoubao.errors import ZhoubaoError
from zhoubao.net.url import canonical

KINDS = ("feed", "listing", "page", "sitemap", "files")


class SourceError(ZhoubaoError):
    """A source definition is unusable; the message says why."""


@dataclass(frozen=True)
class SourceSpec:
    url: str
    kind: str = ""
    name: str = ""
    outlet_kind: str = ""
    pattern: str = ""
    selector: str = ""


def guess_kind(url: str) -> str:
    low = url.strip().lower()
    if re.match(r"^[a-z][a-z0-9+.-]*:", low) and not re.match(r"^[a-z]:[\\/]", low):
        if not low.startswith(("http://", "https://")):
            return "page"  # another scheme (ftp:, file:, gopher:…): the guard refuses it with the reason
    elif not low.startswith(("http://", "https://")):
        return "files"
    if "sitemap" in low and low.endswith((".xml", ".xml.gz")):
        return "sitemap"
    if any(low.endswith(s) for s in (".xml", ".rss", ".atom", "/feed", "/rss", ".json")) or "/feed" in low or "rss" in low:
        return "feed"
    return "page"


def add(spec: SourceSpec) -> tuple[Source, bool]:
    """Store a source (idempotent on its URL); returns (source, created)."""
    kind = spec.kind or guess_kind(spec.url)
    if kind not in KINDS:
        raise SourceError(f"未知的来源类型 {kind!r}：可选 {', '.join(KINDS)}")
    if kind == "files":
        path = Path(spec.url).expanduser()
        if not path.exists():
            raise SourceError(f"找不到文件或目录 {spec.url}")
        url = str(path.resolve())
        name = spec.name or path.name
    else:
        from zhoubao.net.errors import FetchError
        from zhoubao.net.url import parse_url

        if not spec.url.strip().lower().startswith(("http://", "https://")):
            raise SourceError(f"只支持 http 和 https 地址：{spec.url}")
        try:
            parse_url(spec.url)
        except FetchError as exc:
            raise SourceError(f"网址无效：{exc}") from None
        url = canonical(spec.url)
        name = spec.name or url.split("//", 1)[-1].split("/", 1)[0]
    try:
        check_rules(spec.pattern, spec.selector)
    except RuleError as exc:
        raise SourceError(str(exc)) from None
    options = {k: v for k, v in (("pattern", spec.pattern), ("selector", spec.selector)) if v}
    source, created = Source.objects.get_or_create(
        url=url, defaults={"name": name, "kind": kind, "outlet_kind": spec.outlet_kind, "options": options}
    )
    return source, created


def enable(source_id: int) -> Source:
    """Enable a source again, clearing its failure count and back-off (it is due at the next collect)."""
    source = Source.objects.filter(id=source_id).first()
    if source is None:
        raise SourceError(f"没有编号为 {source_id} 的来源：用 zhoubao sources list 查看")
    source.enabled = True
    source.disabled_reason = ""
    source.error_count = 0
    source.next_check = None
    source.save(update_fields=["enabled", "disabled_reason", "error_count", "next_check"])
    return source


def state(source: Source, now: datetime | None = None) -> str:
    """One line on a source's health, as `sources list` (and later the desk) shows it."""
    now = now or datetime.now(UTC)
    if not source.enabled:
        return f"停用：{source.disabled_reason or '（未说明原因）'}"
    parts = []
    if source.error_count:
        parts.append(f"连续出错 {source.error_count} 次：{source.last_error}")
    elif source.last_error:
        parts.append(f"注意：{source.last_error}")
    if source.retry_after_until and source.retry_after_until > now:
        parts.append(f"站点要求 {source.retry_after_until.astimezone():%m-%d %H:%M} 后再访问")
    return "；".join(parts) or "正常"


def parse_import(path: Path) -> list[SourceSpec]:
    """Read sources from an OPML, CSV (url,kind,name,...) or TOML ([[source]] tables) file."""
    if not path.exists():
        raise SourceError(f"找不到文件 {path}")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in (".opml", ".xml"):
        return _parse_opml(data)
    if suffix == ".csv":
        return _parse_csv(data.decode("utf-8-sig"))
    if suffix == ".toml":
        return _parse_toml(data.decode("utf-8"))
    raise SourceError(f"不支持的文件类型 {suffix}：请用 .opml、.csv 或 .toml")


def _parse_opml(data: bytes) -> list[SourceSpec]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise SourceError(f"OPML 无法解析：{exc}") from None
    specs = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl") or ""
        if url:
            name = outline.get("title") or outline.get("text") or ""
            specs.append(SourceSpec(url=url, kind="feed", name=name))
    return specs


def _parse_csv(text: str) -> list[SourceSpec]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if "url" in header:
        body = rows[1:]
    else:
        header, body = ["url", "kind", "name", "outlet_kind", "pattern", "selector"], rows
    specs = []
    for row in body:
        rec = {header[i]: cell.strip() for i, cell in enumerate(row) if i < len(header)}
        if rec.get("url"):
            specs.append(SourceSpec(**{k: rec.get(k, "") for k in SourceSpec.__dataclass_fields__}))
    return specs


def _parse_toml(text: str) -> list[SourceSpec]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"TOML 无法解析：{exc}") from None
    specs = []
    for i, rec in enumerate(data.get("source", [])):
        if not isinstance(rec, dict) or not rec.get("url"):
            raise SourceError(f"第 {i + 1} 个 [[source]] 缺少 url")
        unknown = set(rec) - set(SourceSpec.__dataclass_fields__)
        if unknown:
            raise SourceError(f"第 {i + 1} 个 [[source]] 有未知字段：{', '.join(sorted(unknown))}")
        specs.append(SourceSpec(**{k: str(v) for k, v in rec.items()}))
    return specs
