"""An archive's integrity, read with plain SQL on a DB-API connection (SQLite or PostgreSQL): what the fault and
restart runs check after a worker was killed or its database went away — nothing duplicated, nothing half-stored,
issue numbers contiguous, no row pointing at a row that is gone."""

from __future__ import annotations

from typing import Any

# (what is wrong, a query returning the offending rows — empty when all is well)
CHECKS: list[tuple[str, str]] = [
    ("duplicated report URL", "select url, count(*) from archive_report group by url having count(*) > 1"),
    ("duplicated report of one source and guid",
     "select source_id, guid, count(*) from archive_report where guid <> '' group by source_id, guid "
     "having count(*) > 1"),
    ("report without title or text (half-stored)",
     "select id, url from archive_report where title = '' or text = ''"),
    ("two issues with one number",
     "select profile_id, number, count(*) from archive_issue group by profile_id, number having count(*) > 1"),
    ("issue numbers not contiguous",
     "select profile_id, min(number), max(number), count(distinct number) from archive_issue group by profile_id "
     "having max(number) - min(number) + 1 <> count(distinct number)"),
    ("issue numbers not starting at the profile's first number",
     "select i.profile_id, min(i.number), p.first_number from archive_issue i join archive_profile p "
     "on p.id = i.profile_id group by i.profile_id, p.first_number having min(i.number) <> p.first_number"),
    ("issue without items (a number burnt by a half-written build)",
     "select i.number from archive_issue i where not exists (select 1 from archive_item t where t.issue_id = i.id)"),
    ("one story twice in an issue (a duplicated item)",
     "select t.issue_id, s.story_id, count(*) from archive_itemstory s join archive_item t on t.id = s.item_id "
     "where s.story_id is not null group by t.issue_id, s.story_id having count(*) > 1"),
    ("item of an issue that is gone",
     "select t.id from archive_item t left join archive_issue i on i.id = t.issue_id where i.id is null"),
    ("part of an item that is gone",
     "select s.id from archive_itemstory s left join archive_item t on t.id = s.item_id where t.id is null"),
    ("report of a source that is gone",
     "select r.id from archive_report r left join archive_source s on s.id = r.source_id "
     "where r.source_id is not null and s.id is null"),
    ("snapshot of an issue that is gone",
     "select n.id from archive_issuesnapshot n left join archive_issue i on i.id = n.issue_id where i.id is null"),
]


def problems(con: Any) -> list[str]:
    """Every integrity problem of the archive behind `con` (a DB-API connection); [] when all is well."""
    out: list[str] = []
    for what, sql in CHECKS:
        cur = con.cursor()
        try:
            cur.execute(sql)
            rows = cur.fetchall()
        finally:
            cur.close()
        if rows:
            out.append(f"{what}: {[tuple(r) for r in rows[:3]]}{'…' if len(rows) > 3 else ''}")
    return out
