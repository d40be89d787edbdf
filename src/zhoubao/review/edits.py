"""Changes editors make to a draft issue; each one locks, checks versions, and writes an audit entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import F, Max

from zhoubao.archive.models import (
    Comment,
    Issue,
    Item,
    ItemStory,
    Report,
    SectionCorrection,
    Story,
    audit,
)
from zhoubao.errors import Conflict, DeskError, Gone, NotAllowed, ReadOnly
from zhoubao.review import roles
from zhoubao.review.undo import recorded
from zhoubao.review.workflow import actor, locked

MAX_TITLE = 1000  # what a title column holds (a grouped title, made by merging, may be long)
# What an editor may type into an item (autosave): a weekly's title is a line, its paragraph a few hundred
# characters. Longer text is refused with its length and the limit, never cut short silently.
EDIT_TITLE_MAX = 200
PARAGRAPH_MAX = 5_000
BODY_MAX = 20_000


def section_names(issue: Issue) -> list[str]:
    return [s["name"] for s in issue.profile.config.get("sections", [])]


def item_state(item: Item) -> dict[str, Any]:
    return {"id": item.pk, "section": item.section, "order": item.order, "title": item.title,
            "paragraphs": list(item.paragraphs), "version": item.version, "highlight": item.highlight,
            "stories": [p.story_id for p in item.parts.all()]}


def clean_paragraphs(body: str | Sequence[str]) -> list[str]:
    lines = body.splitlines() if isinstance(body, str) else [x for p in body for x in str(p).splitlines()]
    return [x.strip() for x in lines if x.strip()]


def _item(issue: Issue, item_id: int) -> Item:
    item = Item.objects.select_for_update().filter(pk=item_id, issue=issue).first()
    if item is None:
        raise Gone("该条目已被他人删除或合并，请刷新页面。")
    return item


def _section(issue: Issue, name: str) -> str:
    if name not in section_names(issue):
        raise DeskError(f"没有名为“{name}”的栏目。")
    return name


def _next_order(issue: Issue, section: str) -> int:
    m = issue.items.filter(section=section).aggregate(m=Max("order"))["m"]
    return 0 if m is None else m + 1


def _corrections(issue: Issue, item: Item, old: str, new: str, user: Any) -> None:
    if old == new:
        return
    for part in item.parts.all():
        if part.story_id:
            SectionCorrection.objects.create(story_id=part.story_id, from_section=old, to_section=new,
                                             user=user, issue=issue)


def _too_long(what: str, length: int, limit: int, advice: str) -> str:
    return f"{what}过长，未保存：现有 {length:,} 字，最多 {limit:,} 字。{advice}（你的文字仍在编辑框中）。"


def save_text(issue_id: int, item_id: int, user: Any, *, version: int, title: str, body: str | Sequence[str]) -> Item:
    """Save an item's title and paragraphs if nobody saved it since `version`; else Conflict with the current item."""
    title = " ".join(title.split())
    if not title:
        raise DeskError("标题不能为空：请填写标题后再保存（其余修改仍在编辑框中）。")
    if len(title) > MAX_TITLE:
        raise DeskError(_too_long("标题", len(title), EDIT_TITLE_MAX, "请删减后再保存"))
    paragraphs = clean_paragraphs(body)
    for n, para in enumerate(paragraphs, 1):
        if len(para) > PARAGRAPH_MAX:
            raise DeskError(_too_long(f"第 {n} 段", len(para), PARAGRAPH_MAX, "请删减，或分成几段（每行一段）"))
    if sum(map(len, paragraphs)) > BODY_MAX:
        raise DeskError(_too_long("正文", sum(map(len, paragraphs)), BODY_MAX, "请删减后再保存"))
    with locked(issue_id, draft=False) as issue:
        in_review = may_write_text(issue, user)
        item = _item(issue, item_id)
        if item.version != version:
            raise Conflict("此条目已被他人修改，你的这次修改没有保存。请查看最新内容，复制你的修改后刷新页面。",
                           current=item)
        if len(title) > EDIT_TITLE_MAX and title != item.title:  # a long grouped title may stay as it is
            raise DeskError(_too_long("标题", len(title), EDIT_TITLE_MAX, "请删减后再保存"))
        if item.title == title and item.paragraphs == paragraphs:
            return item
        with recorded(issue, "edit", user, items=[item.pk]) as rec:
            before = {"title": item.title, "paragraphs": item.paragraphs, "version": item.version}
            item.title, item.paragraphs, item.version = title, paragraphs, item.version + 1
            item.save(update_fields=["title", "paragraphs", "version"])
            parts = list(item.parts.all())
            if len(parts) == 1:  # a single-story item: the story's text is the item's text
                parts[0].title, parts[0].paragraphs = title, paragraphs
                parts[0].save(update_fields=["title", "paragraphs"])
            # A reviewer's fix in review is an edit like any other (it makes them one of the issue's editors), marked.
            rec.entry = audit("edit", actor=actor(user), user=user, issue=issue, item=item, before=before,
                              after={"title": title, "paragraphs": paragraphs, "version": item.version,
                                     **({"in_review": True} if in_review else {})})
    return item


def text_editable(issue: Issue, user: Any) -> bool:
    """Whether this user may change the items' words now: an editor in a draft, a reviewer in review."""
    if issue.state == Issue.State.DRAFT:
        return roles.can_edit(user)
    return issue.state == Issue.State.IN_REVIEW and roles.can_review(user)


def may_write_text(issue: Issue, user: Any) -> bool:
    """Refuse a text edit this user may not make now; True when it is a reviewer's fix in review."""
    if text_editable(issue, user):
        return issue.state == Issue.State.IN_REVIEW
    if issue.state == Issue.State.DRAFT:
        raise NotAllowed(f"你的角色（{roles.role_label(user)}）不能修改草稿。")
    raise ReadOnly(f"第{issue.number}期{issue.get_state_display()}，不能修改；如需修改请复核人退回"
                   + ("（复核人可在复核中直接改正错字）。" if issue.state == Issue.State.IN_REVIEW else "。"))


def move(issue_id: int, item_id: int, user: Any, *, issue_version: int, section: str) -> Item:
    with locked(issue_id, version=issue_version) as issue:
        item = _item(issue, item_id)
        section = _section(issue, section)
        old = item.section
        if old == section:
            return item
        with recorded(issue, "move", user, items=[item.pk]) as rec:
            item.section, item.order = section, _next_order(issue, section)
            item.save(update_fields=["section", "order"])
            _corrections(issue, item, old, section, user)
            rec.entry = audit("move", actor=actor(user), user=user, issue=issue, item=item,
                              before={"section": old}, after={"section": section})
    return item


def reorder(issue_id: int, user: Any, *, issue_version: int, layout: Sequence[tuple[str, Sequence[int]]]) -> None:
    """Apply a whole layout [(section, [item ids in order])]; an item in another section is moved there."""
    with locked(issue_id, version=issue_version) as issue:
        items = {i.pk: i for i in Item.objects.select_for_update().filter(issue=issue).prefetch_related("parts")}
        given = [i for _, ids in layout for i in ids]
        if sorted(given) != sorted(items):
            raise Conflict("本期的条目刚被他人增删过，排序未保存。请刷新页面后重试。")
        before = _layout(items.values())
        with recorded(issue, "reorder", user) as rec:
            for section, ids in layout:
                _section(issue, section)
                for order, pk in enumerate(ids):
                    item = items[pk]
                    if item.section != section:
                        _corrections(issue, item, item.section, section, user)
                        audit("move", actor=actor(user), user=user, issue=issue, item=item,
                              before={"section": item.section}, after={"section": section})
                    if (item.section, item.order) != (section, order):
                        item.section, item.order = section, order
                        item.save(update_fields=["section", "order"])
            rec.entry = audit("reorder", actor=actor(user), user=user, issue=issue, before=before,
                              after=_layout(items.values()))


def _layout(items: Any) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i in sorted(items, key=lambda i: (i.section, i.order, i.pk)):
        out.setdefault(i.section, []).append(i.pk)
    return out


def remove(issue_id: int, item_id: int, user: Any, *, issue_version: int) -> None:
    with locked(issue_id, version=issue_version) as issue:
        item = _item(issue, item_id)
        before = item_state(item)
        with recorded(issue, "remove", user, items=[item.pk]) as rec:
            Comment.objects.filter(item=item).update(item=None)
            item.delete()
            rec.entry = audit("remove", actor=actor(user), user=user, issue=issue, before=before)


def keep_pending(issue_id: int, item_id: int, user: Any, *, issue_version: int) -> Item:
    """保留 a 待定 item: the editor says it is on the beat; the mark goes, the item stays where it is (undoable)."""
    with locked(issue_id, version=issue_version) as issue:
        item = _item(issue, item_id)
        if not item.pending:
            raise Conflict("这一条已不是待定条目（可能已被他人处理），请刷新页面。")
        with recorded(issue, "keep", user, items=[item.pk]) as rec:
            before = {"pending": item.pending}
            item.pending = ""
            item.version += 1
            item.save(update_fields=["pending", "version"])
            rec.entry = audit("keep", actor=actor(user), user=user, issue=issue, item=item, before=before,
                              after={"pending": ""})
    return item


def add_story(issue_id: int, story_id: int, user: Any, *, issue_version: int, section: str = "") -> Item:
    """Put a candidate story into the issue as its own item, at the end of its (or the chosen) section."""
    with locked(issue_id, version=issue_version) as issue:
        story = Story.objects.filter(pk=story_id, profile=issue.profile).first()
        if story is None:
            raise Gone("找不到该事件。")
        used = ItemStory.objects.filter(story=story).select_related("item__issue").first()
        if used is not None:
            raise Conflict(f"该事件已在第{used.item.issue.number}期中。请刷新页面。")
        names = section_names(issue)
        section = _section(issue, section or (story.section if story.section in names else names[0]))
        title = story.draft_title or story.title
        paragraphs = list(story.draft_paragraphs)
        if not paragraphs and story.representative_id:
            text = (story.representative.text if story.representative else "").strip()
            paragraphs = [text.split("\n", 1)[0][:200]] if text else []
        with recorded(issue, "add", user, items=[]) as rec:
            item = Item.objects.create(issue=issue, section=section, order=_next_order(issue, section),
                                       title=title[:MAX_TITLE], paragraphs=paragraphs)
            rec.made(item.pk)
            ItemStory.objects.create(item=item, story=story, order=0, title=title[:MAX_TITLE], paragraphs=paragraphs)
            if story.section and section != story.section:
                SectionCorrection.objects.create(story=story, from_section=story.section, to_section=section,
                                                 user=user, issue=issue)
            rec.entry = audit("add", actor=actor(user), user=user, issue=issue, item=item, after=item_state(item))
    return item


def _group_of(a: Item, b: Item) -> str:
    if a.group or b.group:
        return a.group or b.group
    ha, hb = a.title.partition("："), b.title.partition("：")
    return ha[0] if ha[1] and hb[1] and ha[0] == hb[0] else ""


def _short(title: str, group: str) -> str:
    head, colon, rest = title.partition("：")
    return rest if colon and head == group else title


def _grouped_title(group: str, parts: Sequence[ItemStory]) -> str:
    return f"{group}：" + " | ".join(_short(p.title, group) for p in parts)


def merge(issue_id: int, item_id: int, other_id: int, user: Any, *, issue_version: int) -> Item:
    """Fold item `other` into `item`: its stories become parts of one (grouped) item."""
    if item_id == other_id:
        raise DeskError("不能与自身合并。")
    with locked(issue_id, version=issue_version) as issue:
        item, other = _item(issue, item_id), _item(issue, other_id)
        with recorded(issue, "merge", user, items=[item.pk, other.pk]) as rec:
            before = {"item": item_state(item), "other": item_state(other)}
            group = _group_of(item, other)
            parts = list(item.parts.all())
            for n, part in enumerate(other.parts.all(), start=len(parts)):
                part.item, part.order = item, n
                part.save(update_fields=["item", "order"])
            parts = list(item.parts.all())
            if group:
                item.group = group
                item.title = _grouped_title(group, parts)[:MAX_TITLE]
            item.paragraphs = list(item.paragraphs) + list(other.paragraphs)
            if other.highlight and not item.highlight:
                item.highlight = other.highlight
            item.version += 1
            item.save()
            Comment.objects.filter(item=other).update(item=item)
            other.delete()
            rec.entry = audit("merge", actor=actor(user), user=user, issue=issue, item=item, before=before,
                              after=item_state(item))
    return item


def split(issue_id: int, item_id: int, part_id: int, user: Any, *, issue_version: int) -> Item:
    """Take one story out of a grouped item into its own item placed right after it."""
    with locked(issue_id, version=issue_version) as issue:
        item = _item(issue, item_id)
        parts = list(item.parts.all())
        part = next((p for p in parts if p.pk == part_id), None)
        if part is None:
            raise Gone("该事件已不在此条目中，请刷新页面。")
        if len(parts) < 2:
            raise DeskError("此条目只有一个事件，无需拆分。")
        with recorded(issue, "split", user) as rec:
            before = item_state(item)
            rest = [p for p in parts if p.pk != part_id]
            # Shift the items after this one to make room right below it.
            later = list(issue.items.filter(section=item.section, order__gt=item.order))
            for it in later:
                it.order += 1
            Item.objects.bulk_update(later, ["order"])
            new = Item.objects.create(issue=issue, section=item.section, order=item.order + 1,
                                      title=_short(part.title, item.group), paragraphs=list(part.paragraphs))
            part.item, part.order = new, 0
            part.save(update_fields=["item", "order"])
            for n, p in enumerate(rest):
                p.order = n
                p.save(update_fields=["order"])
            if item.group and len(rest) > 1:
                item.title = _grouped_title(item.group, rest)[:MAX_TITLE]
            elif item.group:
                item.title = f"{item.group}：{_short(rest[0].title, item.group)}"[:MAX_TITLE]
            item.paragraphs = [x for p in rest for x in p.paragraphs]
            item.version += 1
            item.save()
            rec.entry = audit("split", actor=actor(user), user=user, issue=issue, item=item, before=before,
                              after={"item": item_state(item), "new": item_state(new)})
    return new


def split_report(issue_id: int, report_id: int, user: Any, *, issue_version: int,
                 make_story: Callable[[Issue, Report, dict[str, Any]], Story]) -> Story:
    """A report wrongly merged into a story becomes a story of its own (a candidate, not in the issue).

    make_story(issue, report, reasons) understands the report afresh (the use-case layer passes the same
    understanding a build runs)."""
    with locked(issue_id, version=issue_version) as issue:
        report = Report.objects.select_related("story").filter(pk=report_id).first()
        if report is None or report.story is None or report.story.profile_id != issue.profile_id:
            raise Gone("找不到该报道。")
        old = report.story
        carried = (ItemStory.objects.filter(story=old).exclude(item__issue__state=Issue.State.DRAFT)
                   .select_related("item__issue").first())
        if carried is not None:  # what an issue past its draft carried is never changed from elsewhere
            i = carried.item.issue
            raise DeskError(f"该报道所属的事件已收入第{i.number}期（{i.get_state_display()}），不能再拆分。")
        # Undated reports last on both databases (SQLite sorts NULL first, PostgreSQL last).
        others = list(old.reports.exclude(pk=report.pk).order_by(F("published").asc(nulls_last=True), "id"))
        if not others:
            raise DeskError("该事件只有这一篇报道，无需拆分。")
        new = make_story(issue, report, {"method": "editor", "split_from": old.pk})
        if old.representative_id == report.pk:
            old.representative = others[0]
        dates = [r.published for r in others if r.published]
        old.first_published = min(dates, default=None)
        old.last_published = max(dates, default=None)
        old.save()
        audit("split_report", actor=actor(user), user=user, issue=issue,
              before={"story": old.pk, "report": report.pk}, after={"story": new.pk})
    return new


def toggle_highlight(issue_id: int, item_id: int, user: Any, *, issue_version: int) -> Item:
    with locked(issue_id, version=issue_version) as issue:
        item = _item(issue, item_id)
        with recorded(issue, "highlight", user, items=[item.pk]) as rec:
            before = item.highlight
            if item.highlight:
                item.highlight = None
            else:
                limit = int(issue.profile.config.get("highlights", 5))
                taken = issue.items.filter(highlight__isnull=False).count()
                if taken >= limit:
                    raise DeskError(f"摘要最多 {limit} 条，请先取消一条。")
                m = issue.items.aggregate(m=Max("highlight"))["m"] or 0
                item.highlight = m + 1
            item.save(update_fields=["highlight"])
            rec.entry = audit("highlight", actor=actor(user), user=user, issue=issue, item=item,
                              before={"highlight": before}, after={"highlight": item.highlight})
    return item


def add_comment(issue: Issue, user: Any, text: str, item_id: int | None = None) -> Comment:
    text = text.strip()
    if not text:
        raise DeskError("评论不能为空。")
    if issue.state == Issue.State.PUBLISHED:
        raise DeskError("本期已发布，不能再评论。")
    item = None
    if item_id:
        item = Item.objects.filter(pk=item_id, issue=issue).first()
        if item is None:
            raise Gone("该条目已被删除，请刷新页面。")
    c = Comment.objects.create(issue=issue, item=item, user=user, text=text[:5000])
    audit("comment", actor=actor(user), user=user, issue=issue, item=item, after={"comment": c.pk, "text": c.text})
    return c
