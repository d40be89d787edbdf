"""Issue 15: undo of the desk's changes to a draft, merge asking first, and a readable 修改记录."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhoubao.app import edit
from zhoubao.app.desk import candidate_stories
from zhoubao.archive.models import AuditEntry, Comment, Issue, Item, ItemStory, SectionCorrection, UndoStep
from zhoubao.errors import Conflict, DeskError, ReadOnly

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def full_dump(issue: Issue) -> dict[str, Any]:
    """Everything an editor sees of the issue's items: ids, section, order, text, parts, comments, candidates."""
    items = []
    for it in Item.objects.filter(issue=issue).order_by("id"):
        items.append({
            "id": it.pk, "section": it.section, "order": it.order, "title": it.title,
            "paragraphs": list(it.paragraphs), "group": it.group, "highlight": it.highlight,
            "parts": [(p.pk, p.story_id, p.order, p.title, list(p.paragraphs))
                      for p in ItemStory.objects.filter(item=it).order_by("id")],
            "comments": sorted(Comment.objects.filter(item=it).values_list("id", flat=True)),
        })
    return {"items": items, "candidates": sorted(candidate_stories(issue).values_list("id", flat=True)),
            "corrections": sorted(SectionCorrection.objects.filter(issue=issue).values_list("id", flat=True))}


def ver(issue: Issue) -> int:
    issue.refresh_from_db()
    return issue.version


def singles(issue: Issue) -> list[Item]:
    return [i for i in issue.items.order_by("section", "order", "id") if i.parts.count() == 1]


def undo(issue: Issue, user: Any) -> UndoStep:
    return edit.undo(issue.pk, user, issue_version=ver(issue))


def _grouped(issue: Issue, user: Any) -> Item:
    a, b = singles(issue)[:2]
    return edit.merge(issue.pk, a.pk, b.pk, user, issue_version=ver(issue))


ACTIONS = {
    "edit": lambda issue, u: edit.save_text(issue.pk, singles(issue)[0].pk, u, version=singles(issue)[0].version,
                                            title="改过的标题：某事", body="第一段改了。\n新的第二段。"),
    "move": lambda issue, u: edit.move(issue.pk, singles(issue)[0].pk, u, issue_version=ver(issue),
                                       section=next(s for s in edit.section_names(issue)
                                                    if s != singles(issue)[0].section)),
    "merge": _grouped,
    "remove": lambda issue, u: edit.remove(issue.pk, singles(issue)[0].pk, u, issue_version=ver(issue)),
    "highlight": lambda issue, u: edit.toggle_highlight(issue.pk, singles(issue)[0].pk, u, issue_version=ver(issue)),
    "add": lambda issue, u: edit.add_story(issue.pk, candidate_stories(issue).first().pk, u,  # type: ignore[union-attr]
                                           issue_version=ver(issue), section=edit.section_names(issue)[-1]),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_undone_restores_the_items_exactly(issue: Issue, users: dict[str, Any], action: str) -> None:
    u = users["editor"]
    first = issue.items.order_by("id").first()
    assert first is not None
    Comment.objects.create(issue=issue, item=first, user=u, text="请核对")
    before = full_dump(issue)
    ACTIONS[action](issue, u)
    assert full_dump(issue) != before
    v = ver(issue)
    step = undo(issue, u)
    assert step.action == action and full_dump(issue) == before
    assert ver(issue) == v + 1  # an undo moves the issue's version on like any change
    e = AuditEntry.objects.filter(issue=issue).order_by("-id").first()
    assert e is not None and e.action == "undo" and e.user == u and e.before["action"] == action


def test_split_undone_restores_the_grouped_item_and_the_order(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    grouped = _grouped(issue, u)
    Comment.objects.create(issue=issue, item=grouped, user=u, text="合并得好")
    before = full_dump(issue)
    part = grouped.parts.order_by("order").first()
    assert part is not None
    new = edit.split(issue.pk, grouped.pk, part.pk, u, issue_version=ver(issue))
    assert Item.objects.filter(pk=new.pk).exists()
    undo(issue, u)
    assert full_dump(issue) == before and not Item.objects.filter(pk=new.pk).exists()


def test_reorder_undone(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    before = full_dump(issue)
    names = edit.section_names(issue)
    ids = [i.pk for i in issue.items.order_by("section", "order", "id")][::-1]
    edit.reorder(issue.pk, u, issue_version=ver(issue), layout=[(names[0], ids)])
    assert full_dump(issue) != before
    undo(issue, u)
    assert full_dump(issue) == before


def test_twenty_actions_undone_in_a_row(issue: Issue, users: dict[str, Any]) -> None:
    u, other = users["editor"], users["editor2"]
    names = edit.section_names(issue)
    states = []
    for n in range(22):
        states.append(full_dump(issue))
        it = issue.items.order_by("id")[n % issue.items.count()]
        who = u if n % 2 else other  # two editors: edits of one person never fold into one step here
        if n % 3 == 0:
            edit.move(issue.pk, it.pk, who, issue_version=ver(issue), section=names[(names.index(it.section) + 1) % len(names)]
                      if it.section in names else names[0])
        elif n % 3 == 1:
            it.refresh_from_db()
            edit.save_text(issue.pk, it.pk, who, version=it.version, title=f"第{n}次修改：标题", body=f"正文 {n}")
        else:
            edit.toggle_highlight(issue.pk, it.pk, who, issue_version=ver(issue))
    assert len(edit.undoable(issue)) == 20
    for n in range(21, -1, -1):
        undo(issue, u)
        assert full_dump(issue) == states[n], n
    with pytest.raises(DeskError, match="没有可撤销的操作"):
        undo(issue, u)


def test_autosave_pauses_are_one_step(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    before = full_dump(issue)
    it = singles(issue)[0]
    for text in ("一", "一二", "一二三"):
        it.refresh_from_db()
        edit.save_text(issue.pk, it.pk, u, version=it.version, title=it.title, body=text)
    assert len(edit.undoable(issue)) == 1
    undo(issue, u)
    assert full_dump(issue) == before


def test_stale_version_is_refused_and_nothing_changes(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    stale = ver(issue)
    edit.move(issue.pk, singles(issue)[0].pk, u, issue_version=stale,
              section=next(s for s in edit.section_names(issue) if s != singles(issue)[0].section))
    after = full_dump(issue)
    with pytest.raises(Conflict, match="本期刚被他人调整过"):
        edit.undo(issue.pk, u, issue_version=stale)
    assert full_dump(issue) == after


def test_an_older_step_is_refused_while_a_newer_stands(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    edit.toggle_highlight(issue.pk, singles(issue)[0].pk, u, issue_version=ver(issue))
    edit.toggle_highlight(issue.pk, singles(issue)[1].pk, u, issue_version=ver(issue))
    older = edit.undoable(issue)[1]
    with pytest.raises(Conflict, match="最近的一步"):
        edit.undo(issue.pk, u, issue_version=ver(issue), step_id=older.pk)


def test_an_item_changed_outside_undo_is_not_overwritten(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    it = singles(issue)[0]
    edit.toggle_highlight(issue.pk, it.pk, u, issue_version=ver(issue))
    Item.objects.filter(pk=it.pk).update(title="别处改的标题")  # a change no step knows of
    with pytest.raises(Conflict, match="又被改动过"):
        undo(issue, u)
    assert Item.objects.get(pk=it.pk).title == "别处改的标题"


@pytest.mark.parametrize("steps", [["submit"], ["submit", "request_changes"]])
def test_no_undo_in_review_or_behind_a_workflow_step(client: Client, issue: Issue, users: dict[str, Any],
                                                     steps: list[str]) -> None:
    from zhoubao.review.workflow import transition

    u = users["editor"]
    edit.toggle_highlight(issue.pk, singles(issue)[0].pk, u, issue_version=ver(issue))
    for name in steps:
        back = name == "request_changes"
        transition(issue.pk, name, users["reviewer"] if back else u, version=ver(issue),
                   reason="请核对标题。" if back else "")
    issue.refresh_from_db()
    with pytest.raises((ReadOnly, DeskError)):
        undo(issue, u)
    assert edit.undoable(issue) == []
    client.force_login(u)
    resp = client.post(reverse("issue_undo", args=[issue.pk]), {"issue_version": ver(issue)}, **JSON)
    assert resp.status_code in (400, 409) and "error" in resp.json()


def test_undo_on_a_published_issue_is_refused(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    edit.toggle_highlight(issue.pk, singles(issue)[0].pk, u, issue_version=ver(issue))
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.PUBLISHED)
    dumped = full_dump(issue)
    with pytest.raises(ReadOnly, match="不能修改"):
        undo(issue, u)
    assert full_dump(issue) == dumped


def test_desk_undo_button_and_json_endpoint(client: Client, issue: Issue, users: dict[str, Any]) -> None:
    client.force_login(users["editor"])
    before = full_dump(issue)
    it = singles(issue)[0]
    target = next(s for s in edit.section_names(issue) if s != it.section)
    client.post(reverse("item_move", args=[issue.pk, it.pk]), {"issue_version": ver(issue), "section": target})
    page = client.get(reverse("issue", args=[issue.pk])).content.decode()
    assert 'data-action="undo"' in page and "移动" in page
    listed = client.get(reverse("issue_undo", args=[issue.pk]), **JSON).json()
    assert [s["action"] for s in listed["steps"]] == ["move"] and listed["steps"][0]["label"] == "移动"
    got = client.post(reverse("issue_undo", args=[issue.pk]),
                      {"issue_version": listed["version"], "step": listed["steps"][0]["id"]}, **JSON)
    assert got.status_code == 200 and got.json()["version"] == ver(issue) and got.json()["undone"]["label"] == "移动"
    assert full_dump(issue) == before
    stale = client.post(reverse("issue_undo", args=[issue.pk]), {"issue_version": listed["version"]}, **JSON)
    assert stale.status_code == 409 and "刷新" in stale.json()["error"]


def test_merge_asks_first_without_javascript(client: Client, issue: Issue, users: dict[str, Any]) -> None:
    client.force_login(users["editor"])
    a, b = singles(issue)[:2]
    if a.section != b.section:  # the merge selector lists the item's neighbours in its section
        edit.move(issue.pk, b.pk, users["editor"], issue_version=ver(issue), section=a.section)
    url = reverse("item_merge", args=[issue.pk, a.pk])
    page = client.get(reverse("issue", args=[issue.pk])).content.decode()
    assert 'data-action="merge" data-confirm=' in page  # with script: a dialog, then confirmed=1
    asked = client.post(url, {"issue_version": ver(issue), "other": b.pk})
    html = asked.content.decode()
    assert asked.status_code == 200 and "确认合并" in html and 'name="confirmed" value="1"' in html
    assert b.title in html and Item.objects.filter(pk=b.pk).exists()  # nothing merged yet
    done = client.post(url, {"issue_version": ver(issue), "other": b.pk, "confirmed": "1"})
    assert done.status_code == 302 and not Item.objects.filter(pk=b.pk).exists()
    c, d = list(issue.items.order_by("id"))[:2]
    refused = client.post(reverse("item_merge", args=[issue.pk, c.pk]),
                          {"issue_version": ver(issue), "other": d.pk}, **JSON)
    assert refused.status_code == 400 and "确认" in refused.json()["error"]


def test_history_reads_in_chinese_with_titles_and_a_diff(client: Client, issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    it = singles(issue)[0]
    old_title = it.title
    edit.save_text(issue.pk, it.pk, u, version=it.version, title=old_title, body="爱奇艺宣布新剧开播，全剧共40集。")
    other = singles(issue)[1]
    edit.move(issue.pk, other.pk, u, issue_version=ver(issue),
              section=next(s for s in edit.section_names(issue) if s != other.section))
    undo(issue, u)
    client.force_login(u)
    html = client.get(reverse("issue_audit", args=[issue.pk])).content.decode()
    for word in ("修改", "移动", "撤销", "生成草稿", "已撤销"):
        assert word in html, word
    assert old_title[:20] in html and other.title[:20] in html and "editor" in html
    assert "<ins>" in html and "40" in html  # the new text marked as inserted
    assert '"action"' not in html and "edit</td>" not in html  # no raw JSON, no English action names


def test_an_item_brought_back_keeps_its_history(issue: Issue, users: dict[str, Any]) -> None:
    u = users["editor"]
    a, b = singles(issue)[:2]
    edit.toggle_highlight(issue.pk, b.pk, u, issue_version=ver(issue))
    mine = AuditEntry.objects.filter(item_id=b.pk).values_list("id", flat=True)
    before = sorted(mine)
    assert before
    edit.merge(issue.pk, a.pk, b.pk, u, issue_version=ver(issue))
    assert not AuditEntry.objects.filter(item_id=b.pk).exists()  # deleting the item unlinked its entries
    undo(issue, u)
    assert sorted(AuditEntry.objects.filter(item_id=b.pk).values_list("id", flat=True)) == before
