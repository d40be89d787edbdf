"""Email HTML of an issue: every style inlined, one centred table, plain blocks inside.

Mail clients drop ``<style>`` and most layout CSS, and the WeChat editor keeps only inline
styles on simple blocks; so the body is paragraphs and headings with inline styles inside a
single 640px table, which both read and paste cleanly.
"""

from __future__ import annotations

from html import escape

from zhoubao.compose.document import IssueDoc
from zhoubao.render.base import Renderer, RenderUnavailable
from zhoubao.render.text import clean_text, date_text, footer_lines, number_text, sources_html

_CSS = """
body{margin:0;padding:0;background:#f2f2f0}
.wrap{width:100%;background:#f2f2f0}
.sheet{width:100%;max-width:640px;background:#ffffff}
.cell{padding:24px 22px 28px;font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:16px;line-height:1.75;color:#222222}
.title{margin:0 0 4px;text-align:center;color:#b00000;font-size:28px;line-height:1.35;letter-spacing:3px;font-weight:bold}
.number{margin:0 0 8px;text-align:center;font-size:15px;color:#222222}
.meta{margin:0;font-size:14px;color:#222222}
.rule{margin:6px 0 18px;border-top:3px solid #b00000;border-bottom:1px solid #b00000;height:2px;line-height:2px;font-size:1px}
.summary{border:1px solid #999999;padding:10px 14px;margin:0 0 20px}
.summary-h{margin:0 0 6px;text-align:center;font-weight:bold;font-size:16px;letter-spacing:8px}
.hl{margin:0 0 2px;font-size:15px;line-height:1.7}
.bullet{color:#b00000}
.section{margin:26px 0 10px;padding:0 0 2px 8px;border-left:4px solid #b00000;border-bottom:1px solid #dddddd;color:#b00000;font-size:19px;font-weight:bold;line-height:1.5}
.item-title{margin:16px 0 4px;font-size:16px;font-weight:bold;line-height:1.6;color:#111111}
.para{margin:0 0 6px;text-indent:2em;text-align:justify;font-size:16px;line-height:1.8;color:#222222}
.src{margin:0 0 6px;font-size:12px;color:#888888}
.colophon{margin:28px 0 0;padding-top:6px;border-top:1px solid #444444;font-size:14px;line-height:1.7;color:#333333}
.foot{margin:2px 0}
"""


def render_email(doc: IssueDoc, *, show_sources: bool = False) -> bytes:
    m = doc.masthead
    title = escape(clean_text(m.title))
    body: list[str] = [
        f'<p class="title">{title}</p>',
        f'<p class="number">{escape(number_text(doc))}</p>',
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>'
        f'<td class="meta" align="left">{escape(clean_text(m.publisher))}</td>'
        f'<td class="meta" align="right">{escape(date_text(doc))}</td></tr></table>',
        '<div class="rule">&nbsp;</div>',
    ]
    if doc.highlights:
        bullet = escape(clean_text(doc.style.bullet))
        body.append('<div class="summary"><p class="summary-h">摘要</p>')
        body += [f'<p class="hl"><span class="bullet">{bullet}</span> {escape(clean_text(h))}</p>' for h in doc.highlights]
        body.append("</div>")
    for section in doc.sections:
        if not section.items:
            continue
        body.append(f'<h2 class="section">{escape(clean_text(section.name))}</h2>')
        for item in section.items:
            body.append(f'<h3 class="item-title">{escape(clean_text(item.title))}</h3>')
            body += [f'<p class="para">{escape(clean_text(p))}</p>' for p in item.paragraphs]
            src = sources_html(item, link_style="color:#888888") if show_sources else ""
            if src:
                body.append(f'<p class="src">{src}</p>')
    lines = footer_lines(doc)
    if lines:
        body.append('<div class="colophon">')
        body += [f'<p class="foot">{escape(k)}：{escape(v)}</p>' for k, v in lines]
        body.append("</div>")
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} {escape(number_text(doc))}</title><style>{_CSS}</style></head>"
        '<body><table role="presentation" class="wrap" width="100%" cellpadding="0" cellspacing="0" border="0">'
        '<tr><td align="center">'
        '<table role="presentation" class="sheet" width="640" cellpadding="0" cellspacing="0" border="0">'
        '<tr><td class="cell">' + "\n".join(body) + "</td></tr></table></td></tr></table></body></html>"
    )
    try:
        import css_inline
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RenderUnavailable("邮件格式需要 Python 包 css-inline（pip install css-inline）。") from exc
    inlined = css_inline.inline(
        page, keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False, keep_at_rules=False
    )
    return inlined.encode("utf-8")


RENDERER = Renderer("email", extension="html", media_type="text/html", make=render_email)
