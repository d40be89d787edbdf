"""Migration 0006_search indexes the reports, stories and items already in the archive, and can be undone."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("archive", "0005_merge_i12_i16")]
AFTER = [("archive", "0006_search")]


def _migrate(target: list[tuple[str, str]] | None) -> Any:
    """Migrate to target; None is the latest (later migrations add columns the live models read)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    target = target or executor.loader.graph.leaf_nodes()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_what_the_archive_holds() -> None:
    old = _migrate(BEFORE)
    try:
        assert "archive_searchentry" not in connection.introspection.table_names()
        Report = old.get_model("archive", "Report")
        Profile = old.get_model("archive", "Profile")
        Issue = old.get_model("archive", "Issue")
        Item = old.get_model("archive", "Item")
        Story = old.get_model("archive", "Story")
        ItemStory = old.get_model("archive", "ItemStory")
        report = Report.objects.create(url="https://e.example.com/1", title="芯片厂商完成融资",
                                       text="某芯片厂商宣布完成C轮融资。")
        profile = Profile.objects.create(key="p", title="周报")
        issue = Issue.objects.create(profile=profile, number=7, date="2025-06-09",
                                     window_start="2025-06-02T00:00Z", window_end="2025-06-09T00:00Z")
        story = Story.objects.create(profile=profile, title="芯片厂商完成融资", section="资本")
        item = Item.objects.create(issue=issue, section="资本", title="芯片厂商完成C轮融资", paragraphs=["某芯片厂商…"])
        ItemStory.objects.create(item=item, story=story, title=item.title, paragraphs=item.paragraphs)
    finally:
        new = _migrate(AFTER)
        _migrate(None)
    from zhoubao.archive.search import search

    hits = {(h.kind, h.id): h for h in search("芯片 融资")}
    assert set(hits) == {("report", report.pk), ("story", story.pk), ("item", item.pk)}
    assert hits[("item", item.pk)].issue == 7 and hits[("story", story.pk)].issue == 7
    assert new.get_model("archive", "SearchEntry").objects.count() == 3
    # Undone and done again: the vendor's index goes and comes back with the table.
    _migrate(BEFORE)
    assert "archive_searchentry" not in connection.introspection.table_names()
    _migrate(AFTER)
    _migrate(None)
    assert {(h.kind, h.id) for h in search("芯片 融资")} == set(hits)
