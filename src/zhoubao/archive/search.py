"""The archive's full-text index: one interface over SQLite's FTS5 and PostgreSQL's tsvector.

Writing: index_report / index_story / index_item / index_issue put a thing's entry (SearchEntry) in place, drop()
takes it out; signals (connect()) keep reports, stories and items indexed as they are saved or deleted, and the
build indexes what it stored in bulk (index_issue). reindex() rebuilds the whole index from the archive (the
migration calls it with its historical models).

Asking: search(query, filters) → hits, the query's tokens all present (AND), those holding its words as typed
first, ranked by bm25 (SQLite: among the newest CANDIDATES matches) or ts_rank (PostgreSQL), newest first among
equals, each with a snippet cut from the original text. bench/search.py measures it on large generated archives.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import F
from django.utils import timezone

from zhoubao.archive.fit import fit
from zhoubao.text.search import Query, Snippet, parse_query, snippet, token_text

FTS_TABLE = "archive_searchentry_fts"
# The full-text structures themselves (the FTS5 table and its triggers on SQLite, the generated tsvector column
# `tsv` and its GIN index on PostgreSQL) are made by migration 0006_search; the model does not know them.


# -- writing ----------------------------------------------------------------------------------------------

class _Models:
    """The archive's model classes: the current ones, or a migration's historical ones."""

    def __init__(self, apps: Any = None) -> None:
        self.pending: list[Any] | None = None
        if apps is None:
            from zhoubao.archive import models as m

            self.Report, self.Story, self.Item, self.ItemStory, self.SearchEntry = (
                m.Report, m.Story, m.Item, m.ItemStory, m.SearchEntry)
        else:
            for name in ("Report", "Story", "Item", "ItemStory", "SearchEntry"):
                setattr(self, name, apps.get_model("archive", name))


def _day(when: datetime | None) -> date | None:
    if when is None:
        return None
    return timezone.localtime(when).date() if timezone.is_aware(when) else when.date()


def _paragraphs(value: Any) -> list[str]:
    return [str(p) for p in value] if isinstance(value, list) else []


def report_text(report: Any) -> str:
    return "\n".join([report.title, report.text])


def story_text(story: Any) -> str:
    return "\n".join([story.draft_title or story.title, *_paragraphs(story.draft_paragraphs)])


def item_text(item: Any, parts: Iterable[Any] = ()) -> str:
    lines = [item.title, *_paragraphs(item.paragraphs)]
    for part in parts:
        if part.title != item.title or _paragraphs(part.paragraphs) != _paragraphs(item.paragraphs):
            lines += [part.title, *_paragraphs(part.paragraphs)]
    return "\n".join(lines)


def _put(m: _Models, kind: str, object_id: int, **fields: Any) -> None:
    if m.pending is not None:  # a reindex: the table is empty, entries go in by the batch
        entry = m.SearchEntry(kind=kind, object_id=object_id, **fields)
        fit(entry)  # bulk_create passes no pre_save: the entry fits its columns here
        m.pending.append(entry)
        if len(m.pending) >= 500:
            _flush(m)
        return
    m.SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults=fields)


def _flush(m: _Models) -> None:
    if m.pending:
        m.SearchEntry.objects.bulk_create(m.pending)
        m.pending.clear()


def index_report(report: Any, m: _Models | None = None) -> None:
    m = m or _Models()
    _put(m, "report", report.pk, title=report.title[:1000], tokens=token_text(report_text(report)),
         published=report.published, day=_day(report.published), section="", issue_number=None, profile_id=None,
         source_id=report.source_id)


def _story_issue(m: _Models, story: Any) -> tuple[int | None, int | None]:
    """(issue number, profile id) of the newest issue holding the story, or (None, None)."""
    row = (m.ItemStory.objects.filter(story_id=story.pk).order_by("-item__issue__number")
           .values_list("item__issue__number", "item__issue__profile_id").first())
    return (row[0], row[1]) if row else (None, None)


def index_story(story: Any, m: _Models | None = None) -> None:
    m = m or _Models()
    number, _ = _story_issue(m, story)
    source_id = (m.Report.objects.filter(pk=story.representative_id).values_list("source_id", flat=True).first()
                 if story.representative_id else None)
    _put(m, "story", story.pk, title=(story.draft_title or story.title)[:1000], tokens=token_text(story_text(story)),
         published=story.first_published, day=_day(story.first_published), section=story.section,
         issue_number=number, profile_id=story.profile_id, source_id=source_id)


def index_item(item: Any, m: _Models | None = None) -> None:
    m = m or _Models()
    issue = item.issue
    parts = list(m.ItemStory.objects.filter(item_id=item.pk).order_by("order", "id"))
    _put(m, "item", item.pk, title=item.title[:1000], tokens=token_text(item_text(item, parts)), published=None,
         day=issue.date, section=item.section, issue_number=issue.number, profile_id=issue.profile_id,
         source_id=None)


def index_issue(issue: Any) -> None:
    """Every item of the issue and every story in them (after a build stored them in bulk)."""
    m = _Models()
    for item in m.Item.objects.filter(issue=issue).select_related("issue"):
        index_item(item, m)
    for story in m.Story.objects.filter(parts__item__issue=issue).distinct():
        index_story(story, m)


def index_stories(stories: Iterable[Any]) -> None:
    m = _Models()
    for story in stories:
        index_story(story, m)


def drop(kind: str, object_id: int) -> None:
    from zhoubao.archive.models import SearchEntry

    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def reindex(apps: Any = None, progress: Any = None) -> dict[str, int]:
    """Build the index anew from the archive: every report, story and item, oldest first whatever their kind (the
    ranking of a common word reads the newest entries: _ranked). Returns the counts."""
    m = _Models(apps)
    m.SearchEntry.objects.all().delete()
    m.pending = []
    counts = {"report": 0, "story": 0, "item": 0}
    first = date.min

    def reports() -> Iterable[tuple[date, int, str, Any]]:
        for r in m.Report.objects.order_by(F("published").asc(nulls_first=True), "pk").iterator(chunk_size=500):
            yield _day(r.published) or first, r.pk, "report", r

    def stories() -> Iterable[tuple[date, int, str, Any]]:
        for s in m.Story.objects.order_by(F("first_published").asc(nulls_first=True), "pk").iterator(chunk_size=500):
            yield _day(s.first_published) or first, s.pk, "story", s

    def items() -> Iterable[tuple[date, int, str, Any]]:
        for i in m.Item.objects.select_related("issue").order_by("issue__date", "pk").iterator(chunk_size=500):
            yield i.issue.date, i.pk, "item", i

    for _, _, kind, obj in heapq.merge(reports(), stories(), items(), key=lambda row: row[0]):
        {"report": index_report, "story": index_story, "item": index_item}[kind](obj, m)
        counts[kind] += 1
        if progress is not None and kind == "report":
            progress("report", counts["report"])
    _flush(m)
    return counts


# Fields whose change alters a report's entry: a save touching none of them (the build setting its story)
# leaves the entry as it is.
_REPORT_FIELDS = frozenset({"title", "text", "published", "source", "source_id"})


def _report_saved(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **_: Any) -> None:
    if raw or (update_fields and not (set(update_fields) & _REPORT_FIELDS)):
        return
    index_report(instance)


def _story_saved(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    if not raw:
        index_story(instance)


def _item_saved(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    if not raw:
        index_item(instance)


def _part_changed(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    if raw:
        return
    m = _Models()
    item = m.Item.objects.filter(pk=instance.item_id).select_related("issue").first()
    if item is not None:
        index_item(item, m)
    story = m.Story.objects.filter(pk=instance.story_id).first() if instance.story_id else None
    if story is not None:
        index_story(story, m)


def _dropper(kind: str) -> Any:
    def dropped(sender: Any, instance: Any, **_: Any) -> None:
        drop(kind, instance.pk)

    return dropped


def connect() -> None:
    """Keep the index in step with the archive (called once by the archive's AppConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    from zhoubao.archive.models import Item, ItemStory, Report, Story

    post_save.connect(_report_saved, sender=Report, dispatch_uid="zhoubao-search-report")
    post_save.connect(_story_saved, sender=Story, dispatch_uid="zhoubao-search-story")
    post_save.connect(_item_saved, sender=Item, dispatch_uid="zhoubao-search-item")
    post_save.connect(_part_changed, sender=ItemStory, dispatch_uid="zhoubao-search-part")
    post_delete.connect(_part_changed, sender=ItemStory, dispatch_uid="zhoubao-search-part-del")
    for model, kind in ((Report, "report"), (Story, "story"), (Item, "item")):
        post_delete.connect(_dropper(kind), sender=model, dispatch_uid=f"zhoubao-search-{kind}-del", weak=False)


# -- asking -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What narrows a search: days (inclusive, the home's time zone), section, issue number, source, kinds."""

    start: date | None = None
    end: date | None = None
    section: str | None = None
    issue: int | None = None
    source: int | None = None
    profile: int | None = None
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    snippet: Snippet
    url: str | None
    published: str | None
    section: str | None
    issue: int | None
    rank: float


def _where(filters: Filters, alias: str) -> tuple[list[str], list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    col = f"{alias}." if alias else ""
    if filters.start is not None:
        conds.append(f"{col}day >= %s")
        params.append(filters.start)
    if filters.end is not None:
        conds.append(f"{col}day <= %s")
        params.append(filters.end)
    if filters.section:
        conds.append(f"{col}section = %s")
        params.append(filters.section)
    if filters.issue is not None:
        conds.append(f"{col}issue_number = %s")
        params.append(filters.issue)
    if filters.source is not None:
        conds.append(f"{col}source_id = %s")
        params.append(filters.source)
    if filters.profile is not None:
        conds.append(f"({col}profile_id = %s OR {col}profile_id IS NULL)")
        params.append(filters.profile)
    if filters.kinds:
        conds.append(f"{col}kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    return conds, params


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _pg_quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


# A common word matches a large part of a big archive (融资: a fifth of a million reports); bm25 over every match
# costs about 2 µs each, ten times the target at that size. So SQLite ranks the most recently indexed matches,
# up to this many (all of them in an archive where the word is rarer): entries are indexed as things arrive and
# reindex() puts them in in time order, so these are the newest.
CANDIDATES = 2000
# A filter leaving at most FEW entries is searched between their lowest and highest rowid (all matches there
# ranked); one leaving more is searched from the newest matches, FILTERED_CANDIDATES of those it keeps ranked
# (the walk to find them grows as the filter keeps fewer).
FEW = 300
FILTERED_CANDIDATES = 200


def _fts_match(q: Query, strict: bool) -> str:
    parts = [_fts_quote(t) for t in q.terms] + [_fts_quote(p) + "*" for p in q.prefixes]
    if strict:  # a quoted run of tokens is an FTS5 phrase: the tokens one after the other
        parts += [_fts_quote(" ".join(phrase)) for phrase in q.phrases]
    return " AND ".join(parts)


def _pg_match(q: Query, strict: bool) -> str:
    parts = [_pg_quote(t) for t in q.terms] + [_pg_quote(p) + ":*" for p in q.prefixes]
    if strict:  # the tsvector has no positions: the words as typed are asked present, not adjacent
        parts += [_pg_quote(t) for phrase in q.phrases for t in phrase]
    return " & ".join(parts)


def _ranked(q: Query, filters: Filters, limit: int, *, ordered: bool = True) -> list[tuple[int, float]]:
    """(entry id, rank: smaller is better) of the best matches (any matches, rank 0, when not ordered): those
    holding the words as typed (q.phrases) first, then the rest."""
    conds, params = _where(filters, "e")
    if connection.vendor != "sqlite":
        tsq = _pg_match(q, False)
        if ordered:
            # The tsvector has no positions: a text holds a phrase when its token text has the phrase's tokens in
            # a row (what FTS5's phrase asks), looked at only in the texts holding all its tokens.
            runs = [" " + " ".join(p) + " " for p in q.phrases if len(p) > 1]
            held = "".join(" AND strpos(' ' || e.tokens || ' ', %s) > 0" for _ in runs)
            sql = ("SELECT e.id, -ts_rank(e.tsv, CAST(%s AS tsquery)) AS r FROM archive_searchentry e "
                   "WHERE e.tsv @@ CAST(%s AS tsquery)" + "".join(f" AND {c}" for c in conds)
                   + f" ORDER BY (e.tsv @@ CAST(%s AS tsquery){held}) DESC, r, e.day DESC NULLS LAST, e.id DESC LIMIT %s")
            args: list[Any] = [tsq, tsq, *params, _pg_match(q, True), *runs, limit]
        else:
            sql = ("SELECT e.id, 0 AS r FROM archive_searchentry e WHERE e.tsv @@ CAST(%s AS tsquery)"
                   + "".join(f" AND {c}" for c in conds) + " LIMIT %s")
            args = [tsq, *params, limit]
        with connection.cursor() as cur:
            cur.execute(sql, args)
            return [(int(i), float(r)) for i, r in cur.fetchall()]
    where = (f"FROM {FTS_TABLE} JOIN archive_searchentry e ON e.id = {FTS_TABLE}.rowid "
             f"WHERE {FTS_TABLE} MATCH %s" + "".join(f" AND {c}" for c in conds))
    if not ordered:
        with connection.cursor() as cur:
            cur.execute(f"SELECT e.id, 0 AS r {where} LIMIT %s", [_fts_match(q, False), *params, limit])
            return [(int(i), float(r)) for i, r in cur.fetchall()]
    candidates = CANDIDATES
    span = ""  # a rowid range holding every entry the filters keep
    with connection.cursor() as cur:
        if _narrowed(filters):
            cur.execute(f"SELECT count(*), min(id), max(id) FROM (SELECT e.id AS id FROM archive_searchentry e "
                        f"WHERE {' AND '.join(conds)} LIMIT {FEW + 1})", params)
            few, low, high = cur.fetchone()
            if few <= FEW:
                # Few entries (an issue's, indexed together): the walk keeps to their rowids, all matches ranked.
                # (Looking each up in the index instead costs a seek per term in long doclists: slower.)
                span = f" AND {FTS_TABLE}.rowid BETWEEN {int(low or 0)} AND {int(high or 0)}"
                candidates = 0  # no cut: every match in the range is ranked
            else:
                # Many: the walk from the newest match skips those the filter leaves out, so it ranks fewer.
                candidates = FILTERED_CANDIDATES
                span = _day_span(cur, filters)
        walk = [max(candidates, limit)] if candidates else []
        out: list[tuple[int, float]] = []
        if q.phrases:
            out = _held_ranked(cur, q, where + span, params, walk, limit)
        if len(out) < limit:
            if candidates:  # FTS5 walks its doclists newest rowid first and stops at the limit: bm25 for those
                sql = (f"SELECT id, r FROM (SELECT e.id AS id, e.day AS day, bm25({FTS_TABLE}) AS r {where}{span} "
                       f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s) ORDER BY r, day DESC, id DESC LIMIT %s")
            else:
                sql = f"SELECT e.id, bm25({FTS_TABLE}) AS r {where}{span} ORDER BY r, e.day DESC, e.id DESC LIMIT %s"
            cur.execute(sql, [_fts_match(q, False), *params, *walk, limit + len(out)])
            seen = {i for i, _ in out}
            out += [(int(i), float(r)) for i, r in cur.fetchall() if int(i) not in seen][: limit - len(out)]
    return out


def _day_span(cur: Any, filters: Filters) -> str:
    """A rowid range holding every entry of the filter's days (by the index on day), or "" without days.
    Entries go in about in time order, so a month of a four-year archive is a narrow range: the walk from the
    newest match starts at that month instead of skipping every newer match."""
    conds, params = _where(Filters(start=filters.start, end=filters.end), "")
    if not conds:
        return ""
    cur.execute(f"SELECT min(id), max(id) FROM archive_searchentry WHERE {' AND '.join(conds)}", params)
    low, high = cur.fetchone()
    return f" AND {FTS_TABLE}.rowid BETWEEN {int(low or 0)} AND {int(high or 0)}"


def _held_ranked(cur: Any, q: Query, where: str, params: list[Any], walk: list[int], limit: int
                 ) -> list[tuple[int, float]]:
    """The entries holding the words as typed (q.phrases), ranked by their tokens' bm25, best first.

    Which entries hold a phrase is cheap to ask; bm25 over a phrase is not: its weight counts the phrase in every
    entry of the archive (25 ms a phrase at a million entries, most of a phrase query's time). So the phrase
    query only says which entries hold it, and the tokens' query, walked over the same rowids, ranks them; one
    its walk did not reach (tokens common outside the phrase) comes after, newest first."""
    cur.execute(f"SELECT {FTS_TABLE}.rowid {where} ORDER BY {FTS_TABLE}.rowid DESC" + (" LIMIT %s" if walk else ""),
                [_fts_match(q, True), *params, *walk])
    held = [int(r[0]) for r in cur.fetchall()]
    if not held:
        return []
    reach = 4 * len(held) + limit
    cur.execute(f"SELECT e.id, e.day, bm25({FTS_TABLE}) {where} AND {FTS_TABLE}.rowid BETWEEN %s AND %s "
                f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s", [_fts_match(q, False), *params, held[-1], held[0], reach])
    keep = set(held)
    rows = [(int(i), str(day or ""), float(r)) for i, day, r in cur.fetchall() if int(i) in keep]
    # Best rank first, then the newest day, then the newest entry (stable sorts, last key first).
    rows.sort(key=lambda row: row[0], reverse=True)
    rows.sort(key=lambda row: row[1], reverse=True)
    rows.sort(key=lambda row: row[2])
    out = [(i, r) for i, _, r in rows]
    if len(out) < len(held):
        reached = {i for i, _ in out}
        out += [(i, 0.0) for i in held if i not in reached]
    return out[:limit]


def _narrowed(filters: Filters) -> bool:
    """Whether the filters may leave few entries (days, a section, an issue, a source; not the weekly or kinds)."""
    return any(v not in (None, "") for v in (filters.start, filters.end, filters.section, filters.issue,
                                              filters.source))


def search(query: str, filters: Filters | None = None, limit: int = 50) -> list[Hit]:
    """The archive's reports, stories and items holding every token of the query, best first."""
    from zhoubao.archive.models import Item, Report, SearchEntry, Story

    q = parse_query(query)
    if q.empty:
        return []
    ranked = _ranked(q, filters or Filters(), limit)
    # Neither the entry's tokens nor the report's sanitized HTML is shown: not read.
    entries = SearchEntry.objects.defer("tokens").in_bulk([i for i, _ in ranked])
    by_kind: dict[str, list[int]] = {}
    for entry in entries.values():
        by_kind.setdefault(entry.kind, []).append(entry.object_id)
    reports = Report.objects.defer("html").in_bulk(by_kind.get("report", []))
    stories = Story.objects.in_bulk(by_kind.get("story", []))
    items = Item.objects.prefetch_related("parts").in_bulk(by_kind.get("item", []))
    hits: list[Hit] = []
    for entry_id, rank in ranked:
        e = entries.get(entry_id)
        if e is None:
            continue
        found: dict[str, dict[Any, Any]] = {"report": reports, "story": stories, "item": items}
        obj: Any = found[e.kind].get(e.object_id)
        if obj is None:  # gone since it was indexed: leave it out
            continue
        if e.kind == "report":
            text, url = report_text(obj), obj.url
        elif e.kind == "story":
            text, url = story_text(obj), None
        else:
            text, url = item_text(obj, obj.parts.all()), None
        # The snippet comes from the text under the title when the query is found there.
        body = text.split("\n", 1)[1] if "\n" in text else ""
        cut = snippet(body, q)
        if not any(hit for _, hit in cut.parts):
            cut = snippet(text, q)
        published = (timezone.localtime(e.published).isoformat(timespec="minutes") if e.published
                     else e.day.isoformat() if e.day else None)
        hits.append(Hit(e.kind, e.object_id, e.title, cut, url, published, e.section or None,
                        e.issue_number, rank))
    return hits


def matching(query: str, filters: Filters | None = None, limit: int = 5000) -> dict[str, list[int]]:
    """The ids of what holds every token of the query, by kind, unranked (for narrowing a list, as the desk's
    candidate filter does). Empty when the query has no whole word: a lone Han character is left to the caller."""
    from zhoubao.archive.models import SearchEntry

    q = parse_query(query)
    out: dict[str, list[int]] = {"report": [], "story": [], "item": []}
    if not q.terms:
        return out
    ids = [i for i, _ in _ranked(q, filters or Filters(), limit, ordered=False)]
    for kind, object_id in SearchEntry.objects.filter(pk__in=ids).values_list("kind", "object_id"):
        out[kind].append(object_id)
    return out
