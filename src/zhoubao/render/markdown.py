"""Markdown export: the issue as plain text that pastes anywhere."""

from __future__ import annotations

import re
from datetime import date

from zhoubao.compose.document import IssueDoc
from zhoubao.render.base import Renderer

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _esc(text: str) -> str:
    # Report text is data: escape what Markdown would read as markup or raw HTML.
    return _MD_SPECIAL.sub(r"\\\1", text)


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def render_md(doc: IssueDoc) -> bytes:
    m, f = doc.masthead, doc.footer
    lines = [f"# {_esc(m.title)}", "", f"{_esc(m.publisher)}　第{m.number}期　{cn_date(m.date)}", ""]
    if doc.highlights:
        lines += ["## 摘要", ""] + [f"{doc.style.bullet} {_esc(h)}" + "  " for h in doc.highlights] + [""]
    for sec in doc.sections:
        if not sec.items:
            continue
        lines += [f"## {_esc(sec.name)}", ""]
        for item in sec.items:
            lines += [f"**{_esc(item.title)}**", ""]
            lines += [p for para in item.paragraphs for p in (_esc(para), "")]
    lines += ["---", ""]
    if f.office:
        lines += [f"编辑部：{_esc(f.office)}  "]
    lines += [f"责编：{_esc('、'.join(f.editors))}　复核：{_esc('、'.join(f.reviewers))}  "]
    if f.note:
        lines += [f"注：{_esc(f.note)}  "]
    if f.report_to:
        lines += [f"报：{_esc('、'.join(f.report_to))}  "]
    if f.send_to:
        lines += [f"发：{_esc('、'.join(f.send_to))}"]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


RENDERER = Renderer("md", extension="md", media_type="text/markdown", make=render_md)
