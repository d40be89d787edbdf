"""WeChat 公众号 HTML of an issue: one <section> of plain blocks, every style inline, for pasting into the editor.

The 公众号 editor drops <style> blocks, classes, ids, scripts, external CSS and fonts, link targets and most
tags; what it keeps is a small set of blocks (section, p, span, strong, em, br, h1–h4, lists) and their inline
styles. So the output is exactly that: a fragment, no <html>/<head>, no links (an article may not link outside
WeChat), and a UTF-8 byte-order mark so that a browser opening the file reads it right before it is copied.
"""

from __future__ import annotations

from html import escape

from zhoubao.compose.document import IssueDoc
from zhoubao.render.base import Renderer
from zhoubao.render.text import clean_text, date_text, footer_lines, number_text

RED = "#b00000"
INK = "#222222"
# The editor's own fonts are used (an article cannot load any); these are the CJK sans faces phones have.
FONT = "-apple-system,BlinkMacSystemFont,'PingFang SC','Hiragino Sans GB','Microsoft YaHei',sans-serif"

S_ROOT = f"margin:0;padding:0 4px;font-family:{FONT};font-size:16px;line-height:1.75;color:{INK};letter-spacing:0.5px"
S_TITLE = (f"margin:8px 0 4px;padding:0;text-align:center;color:{RED};font-size:26px;line-height:1.4;"
           "font-weight:bold;letter-spacing:3px")
S_NUMBER = f"margin:0 0 2px;text-align:center;font-size:15px;color:{INK}"
S_META = "margin:0;text-align:center;font-size:14px;color:#555555"
S_RULE = (f"margin:8px 0 18px;padding:0;height:2px;line-height:2px;font-size:1px;border-top:3px solid {RED};"
          f"border-bottom:1px solid {RED}")
S_SUMMARY = "margin:0 0 20px;padding:10px 14px;border:1px solid #999999"
S_SUMMARY_H = "margin:0 0 6px;padding:0;text-align:center;font-size:16px;font-weight:bold;letter-spacing:8px"
S_HL = "margin:0 0 2px;font-size:15px;line-height:1.7"
S_BULLET = f"color:{RED}"
S_SECTION = (f"margin:26px 0 10px;padding:0 0 2px 8px;border-left:4px solid {RED};border-bottom:1px solid #dddddd;"
             f"color:{RED};font-size:19px;font-weight:bold;line-height:1.5")
S_ITEM = "margin:16px 0 4px;padding:0;font-size:16px;font-weight:bold;line-height:1.6;color:#111111"
S_PARA = f"margin:0 0 6px;text-indent:2em;text-align:justify;font-size:16px;line-height:1.8;color:{INK}"
S_COLOPHON = "margin:28px 0 0;padding-top:6px;border-top:1px solid #444444"
S_FOOT = "margin:2px 0;font-size:14px;line-height:1.7;color:#333333"

BOM = "\ufeff"


def _tag(name: str, style: str, body: str) -> str:
    return f'<{name} style="{escape(style)}">{body}</{name}>'


def render_wechat(doc: IssueDoc) -> bytes:
    m = doc.masthead
    out: list[str] = [
        _tag("h1", S_TITLE, escape(clean_text(m.title))),
        _tag("p", S_NUMBER, escape(number_text(doc))),
        _tag("p", S_META, f"{escape(clean_text(m.publisher))}　{escape(date_text(doc))}"),
        _tag("p", S_RULE, "<br>"),
    ]
    if doc.highlights:
        bullet = _tag("span", S_BULLET, escape(clean_text(doc.style.bullet)))
        summary = [_tag("h2", S_SUMMARY_H, "摘要")]
        summary += [_tag("p", S_HL, f"{bullet} {escape(clean_text(h))}") for h in doc.highlights]
        out.append(_tag("section", S_SUMMARY, "".join(summary)))
    for section in doc.sections:
        if not section.items:
            continue
        out.append(_tag("h2", S_SECTION, escape(clean_text(section.name))))
        for item in section.items:
            out.append(_tag("h3", S_ITEM, _tag("strong", "font-weight:bold", escape(clean_text(item.title)))))
            out += [_tag("p", S_PARA, escape(clean_text(p))) for p in item.paragraphs]
    lines = footer_lines(doc)
    if lines:
        out.append(_tag("section", S_COLOPHON, "".join(
            _tag("p", S_FOOT, f"{escape(k)}：{escape(v)}") for k, v in lines)))
    return (BOM + _tag("section", S_ROOT, "\n".join(out)) + "\n").encode("utf-8")


RENDERER = Renderer("wechat", extension="html", media_type="text/html", make=render_wechat)
