"""Issue 16, finding 1 and the build races of finding 7: an edited draft is never rebuilt silently, a rebuild
keeps the editors' items, records who did it and can be undone; a covered date or an empty week burns no number;
two builds never collide on a number."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.desk.conftest import at, report
from zhoubao.app import build as building
from zhoubao.app import edit
from zhoubao.archive.models import AuditEntry, Issue, IssueSnapshot, Item
from zhoubao.conf.settings import Settings

DAY = date(2025, 6, 9)


def _edit_first(issue: Issue, user: Any, title: str = "编辑改过的标题") -> Item:
    item = issue.items.order_by("order", "id").first()
    assert item is not None
    return edit.save_text(issue.pk, item.pk, user, version=item.version, title=title, body="编辑写的段落。")


def _layout(issue: Issue) -> list[tuple[str, str, list[str]]]:
    return [(i.section, i.title, list(i.paragraphs)) for i in Issue.objects.get(pk=issue.pk).items.order_by("order", "id")]


def test_an_edited_draft_is_refused_then_rebuilt_keeping_the_edits(home: Settings, issue: Issue,
                                                                   users: dict[str, Any]) -> None:
    edited = _edit_first(issue, users["editor"])
    before = _layout(issue)
    with pytest.raises(building.RebuildRefused, match="--rebuild") as refused:
        building.build(home, issue_date=DAY)
    assert "editor" in str(refused.value) and refused.value.edits == 1
    assert _layout(issue) == before  # nothing touched
    # A new report of the week arrives; the confirmed rebuild keeps every item, the new story is a candidate.
    report("https://news.example.com/new.html", "芒果TV上线纪录片《海上丝路》", "6月8日，芒果TV上线纪录片《海上丝路》，共6集。",
           at(8), "芒果TV", "company")
    res = building.build(home, issue_date=DAY, rebuild=True, user=users["editor2"], actor="editor2")
    assert res.rebuilt and res.kept and res.issue.pk == issue.pk
    assert _layout(issue) == before
    assert Item.objects.get(pk=edited.pk).paragraphs == ["编辑写的段落。"]
    from zhoubao.app.desk import candidate_stories

    assert any("海上丝路" in (s.draft_title or s.title) for s in candidate_stories(res.issue))
    entry = AuditEntry.objects.filter(issue=issue, action="rebuild_keep").get()
    assert entry.user == users["editor2"] and entry.actor == "editor2"
    assert issue.snapshots.filter(kind=IssueSnapshot.Kind.REBUILD).count() == 1


def test_a_rebuild_can_be_undone(home: Settings, issue: Issue, users: dict[str, Any]) -> None:
    machine = _layout(issue)
    # The draft has not been edited: it is rebuilt in place, the old items kept aside.
    report("https://news.example.com/new2.html", "优酷上线网络剧《长河》", "6月8日，优酷上线网络剧《长河》，共24集。",
           at(8), "优酷", "company")
    res = building.build(home, issue_date=DAY, user=users["editor"])
    assert res.rebuilt and not res.kept
    assert AuditEntry.objects.filter(issue=issue, action="rebuild").get().user == users["editor"]
    rebuilt = _layout(issue)
    assert rebuilt != machine
    n = building.undo_rebuild(home, Issue.objects.get(pk=issue.pk), user=users["editor"])
    assert n == len(machine) and _layout(issue) == machine
    # The undo kept the rebuilt items aside in turn: undoing again brings them back.
    building.undo_rebuild(home, Issue.objects.get(pk=issue.pk), user=users["editor"])
    assert _layout(issue) == rebuilt


def test_the_desk_asks_before_rebuilding_an_edited_draft(as_editor: Client, issue: Issue,
                                                         users: dict[str, Any]) -> None:
    _edit_first(issue, users["editor2"])
    before = _layout(issue)
    resp = as_editor.post(reverse("issue_build"), {"date": "2025-06-09"})
    page = resp.content.decode()
    assert resp.status_code == 200 and "确认重新生成" in page and "editor2" in page
    assert _layout(issue) == before
    resp = as_editor.post(reverse("issue_build"), {"date": "2025-06-09", "rebuild": "1"}, follow=True)
    assert "编辑过的条目全部保留" in resp.content.decode()
    assert _layout(issue) == before
    assert AuditEntry.objects.filter(issue=issue, action="rebuild_keep").get().user == users["editor"]
    # The issue page offers the undo; it answers with the items restored.
    page = as_editor.get(reverse("issue", args=[issue.pk])).content.decode()
    assert "撤销重新生成" in page
    version = Issue.objects.get(pk=issue.pk).version
    resp = as_editor.post(reverse("rebuild_undo", args=[issue.pk]), {"issue_version": version}, follow=True)
    assert "已撤销重新生成" in resp.content.decode() and _layout(issue) == before


def test_a_date_an_issue_covers_opens_that_issue_and_burns_no_number(as_editor: Client, issue: Issue) -> None:
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.PUBLISHED)
    resp = as_editor.post(reverse("issue_build"), {"date": "2025-06-07"})
    assert resp.status_code == 302 and resp["Location"] == reverse("issue", args=[issue.pk])
    page = as_editor.get(resp["Location"]).content.decode()
    assert "第1期" in page and "时间窗口内" in page
    assert Issue.objects.count() == 1


def test_a_week_with_nothing_new_takes_no_number(home: Settings, issue: Issue) -> None:
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.PUBLISHED)
    # The next day's window holds only stories issue 1 carries: nothing to compose, no empty issue 2.
    with pytest.raises(building.BuildError, match="期号未占用"):
        building.build(home, issue_date=date(2025, 6, 10))
    assert Issue.objects.count() == 1


def test_two_builds_of_one_date_never_collide(home: Settings, db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.desk.conftest import make_week

    make_week()
    real = building.understand
    calls = {"n": 0}

    def racing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:  # another build of the same date finishes while this one is understanding
            building.build(home, issue_date=DAY)
        return real(*args, **kwargs)

    monkeypatch.setattr(building, "understand", racing)
    second = building.build(home, issue_date=DAY)
    # The later build rebuilds the earlier's untouched draft: one issue, one number, both builds audited.
    assert second.rebuilt and Issue.objects.count() == 1 and Issue.objects.get().number == 1
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == ["build", "rebuild"]


def test_the_cli_refuses_an_edited_draft_without_rebuild(home: Settings, issue: Issue, users: dict[str, Any],
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from zhoubao.cli import main as cli

    monkeypatch.setattr(cli, "_open", lambda args, flags=None: home)
    _edit_first(issue, users["editor"])
    before = _layout(issue)
    assert cli.main(["build", "--date", "2025-06-09"]) == 2
    err = capsys.readouterr().err
    assert "--rebuild" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _layout(issue) == before
    assert cli.main(["build", "--date", "2025-06-09", "--rebuild"]) == 0
    assert "保留不变" in capsys.readouterr().out and _layout(issue) == before
    assert cli.main(["build", "--date", "2025-06-09", "--undo"]) == 0
    assert _layout(issue) == before
