"""JSON export: the stable, documented issue schema (docs/issue-json.md, render/schema/issue.schema.json)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from zhoubao.compose.document import IssueDoc, ItemDoc, StoryDoc
from zhoubao.render.base import Renderer

SCHEMA_VERSION = "1.2"  # 1.1: items carry seen_in and follow_up_of (memory across issues); 1.2: pending (待定)


def _story(s: StoryDoc) -> dict[str, Any]:
    return {
        "title": s.title,
        "paragraphs": list(s.paragraphs),
        "reports": [
            {"url": r.url, "outlet": r.outlet, "title": r.title,
             "published": r.published.isoformat() if r.published else None}
            for r in s.reports
        ],
    }


def _item(i: ItemDoc) -> dict[str, Any]:
    return {"title": i.title, "paragraphs": list(i.paragraphs), "stories": [_story(s) for s in i.stories],
            "seen_in": [dict(s) for s in i.seen_in], "follow_up_of": dict(i.follow_up_of) if i.follow_up_of else None,
            "pending": i.pending}


def issue_dict(doc: IssueDoc) -> dict[str, Any]:
    m, f = doc.masthead, doc.footer
    return {
        "schema": f"zhoubao.issue/{SCHEMA_VERSION}",
        "masthead": {"title": m.title, "publisher": m.publisher, "number": m.number, "date": m.date.isoformat()},
        "window": {"start": doc.window_start.isoformat(), "end": doc.window_end.isoformat()},
        "highlights": list(doc.highlights),
        "sections": [{"name": s.name, "items": [_item(i) for i in s.items]} for s in doc.sections if s.items],
        "footer": {"office": f.office, "editors": list(f.editors), "reviewers": list(f.reviewers), "note": f.note,
                   "report_to": list(f.report_to), "send_to": list(f.send_to)},
        "state": doc.state,
    }


def render_json(doc: IssueDoc) -> bytes:
    return (json.dumps(issue_dict(doc), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


RENDERER = Renderer("json", extension="json", media_type="application/json", make=render_json)


def schema() -> dict[str, Any]:
    text = resources.files("zhoubao.render").joinpath("schema/issue.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def validate(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when data does not follow the published schema."""
    import jsonschema

    jsonschema.validate(data, schema())
