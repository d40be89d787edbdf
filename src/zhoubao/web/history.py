"""修改记录 in words: an audit entry as the desk shows it (Chinese action, the item's title, who, when, a diff)."""

from __future__ import annotations

from typing import Any

from zhoubao.app.desk import diff
from zhoubao.app.edit import undo_title
from zhoubao.archive.models import AuditEntry, Issue, UndoStep

ACTIONS = {
    "build": "生成草稿", "rebuild": "重新生成", "rebuild_keep": "重新生成（保留编辑）", "scheduled_build": "定时生成",
    "undo_rebuild": "撤销重新生成", "import": "导入", "edit": "修改", "move": "移动", "reorder": "排序",
    "remove": "删除", "add": "加入本期", "add_report": "添加报道", "merge": "合并", "split": "拆分",
    "split_report": "拆出报道", "highlight": "摘要", "footer": "修改页脚", "comment": "评论", "undo": "撤销",
    "keep": "保留待定条目",
    "submit": "提交复核", "request_changes": "退回修改", "approve": "批准", "publish": "发布", "send": "发送",
    "remind_review": "提醒复核",
}
STATES = dict(Issue.State.choices)


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _title(e: AuditEntry) -> str:
    """The item's title now, or as the entry recorded it (a removed or merged item is gone)."""
    b, a = _d(e.before), _d(e.after)
    for got in (b.get("title"), _d(b.get("item")).get("title"), a.get("title"), _d(a.get("item")).get("title")):
        if got:
            return str(got)
    return e.item.title if e.item is not None else ""


def _lines(state: dict[str, Any]) -> list[str]:
    return [str(state.get("title", "")), *[str(p) for p in state.get("paragraphs") or []]]


def _detail(e: AuditEntry) -> str:
    b, a = _d(e.before), _d(e.after)
    if e.action == "move":
        return f"从“{b.get('section', '')}”移到“{a.get('section', '')}”"
    if e.action == "merge":
        return f"并入：{_d(b.get('other')).get('title', '')}"
    if e.action == "split":
        return f"拆出：{_d(a.get('new')).get('title', '')}"
    if e.action == "highlight":
        return "设为摘要" if a.get("highlight") else "取消摘要"
    if e.action == "undo":
        return f"撤销了“{ACTIONS.get(str(b.get('action')), b.get('action'))}”"
    if e.action == "comment":
        return str(a.get("text", ""))[:200]
    if e.action == "remove":
        return "移出本期（事件回到候选）"
    if "state" in b and "state" in a:
        return f"{STATES.get(b['state'], b['state'])} → {STATES.get(a['state'], a['state'])}"
    return ""


def row(e: AuditEntry, undone: frozenset[int] = frozenset()) -> dict[str, Any]:
    """One line of the history; a text edit carries the diff of its title and paragraphs."""
    b, a = _d(e.before), _d(e.after)
    rows = diff(_lines(b), _lines(a)) if e.action == "edit" else []
    return {"when": e.when, "who": e.user.get_username() if e.user is not None else (e.actor or "—"),
            "action": e.action, "label": ACTIONS.get(e.action, e.action), "title": _title(e),
            "item_id": e.item_id, "detail": _detail(e), "diff": [r for r in rows if r.op != "equal"],
            "undone": e.pk in undone}


def title_of(step: UndoStep) -> str:
    return undo_title(step)


def step_row(step: UndoStep) -> dict[str, Any]:
    """A change 撤销 may take back: what, on which item, by whom, when."""
    return {"id": step.pk, "action": step.action, "label": ACTIONS.get(step.action, step.action),
            "title": title_of(step), "user": step.user.get_username() if step.user is not None else "—",
            "when": step.updated}
