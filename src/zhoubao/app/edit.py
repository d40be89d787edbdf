"""Editing an issue in the desk: text, move, reorder, remove, add, merge, split, highlights, comments, undo.

Each change is the review stage's (optimistic locks, audit); intake of new reports is app/intake.py.
"""

from __future__ import annotations

from zhoubao.review.edits import (
    add_comment,
    add_story,
    keep_pending,
    may_write_text,
    merge,
    move,
    remove,
    reorder,
    save_text,
    section_names,
    split,
    text_editable,
    toggle_highlight,
)
from zhoubao.review.undo import title_of as undo_title
from zhoubao.review.undo import undo, undoable

__all__ = ["add_comment", "add_story", "keep_pending", "may_write_text", "merge", "move", "remove", "reorder", "save_text", "section_names", "split",
           "text_editable", "toggle_highlight", "undo", "undo_title", "undoable"]
