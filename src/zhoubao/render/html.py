"""HTML archive page of an issue: standalone, semantic, phone-friendly, no external resources."""

from __future__ import annotations

from html import escape

from zhoubao.compose.document import IssueDoc
from zhoubao.render.base import Renderer
from zhoubao.render.text import clean_text, date_text, footer_lines, number_text, sources_html

_CSS = """
:root{--red:#b00000;--ink:#1d1d1f;--muted:#6b6b70;--rule:#d8d8dc}
*{box-sizing:border-box}
body{margin:0;background:#f4f4f2;color:var(--ink);font:17px/1.8 "Noto Serif CJK SC","Source Han Serif SC","Songti SC",SimSun,serif;-webkit-text-size-adjust:100%}
.issue{max-width:46rem;margin:0 auto;background:#fff;padding:1.5rem 1.25rem 2.5rem}
.masthead{text-align:center;border-bottom:3px double var(--red);padding-bottom:.6rem;margin-bottom:1.4rem}
.masthead h1{color:var(--red);font-size:2rem;letter-spacing:.12em;margin:.4rem 0 .2rem;line-height:1.3}
.masthead .number{margin:0 0 .5rem}
.masthead .meta{display:flex;justify-content:space-between;flex-wrap:wrap;gap:.2rem 1rem;margin:0;font-size:.95rem}
h2,h3{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
.highlights{border:1px solid #888;padding:.6rem 1rem .8rem;margin:0 0 1.6rem}
.highlights h2{text-align:center;letter-spacing:1em;text-indent:1em;font-size:1.05rem;margin:.1rem 0 .4rem}
.highlights ul{list-style:none;margin:0;padding:0}
.highlights li{padding-left:1.5em;text-indent:-1.5em;font-size:.95rem}
.highlights .bullet{display:inline-block;width:1.5em;text-indent:0;color:var(--red)}
.highlights a{color:inherit;text-decoration:none}
.section>h2{color:var(--red);font-size:1.2rem;border-left:4px solid var(--red);padding-left:.5rem;margin:1.8rem 0 .8rem;border-bottom:1px solid var(--rule);line-height:1.6}
.item{margin:0 0 1.1rem}
.item h3{font-size:1.02rem;margin:0 0 .25rem;line-height:1.6}
.item p{margin:0 0 .3rem;text-indent:2em;text-align:justify;overflow-wrap:anywhere}
.item p.sources{text-indent:0;font-size:.8rem;color:var(--muted);text-align:left}
.sources a{color:var(--muted)}
.colophon{margin-top:2.2rem;border-top:1px solid #444;font-size:.9rem;padding-top:.4rem}
.colophon p{margin:.15rem 0;padding-left:2em;text-indent:-2em}
.colophon .dist{border-top:1px solid #444;border-bottom:1px solid #444;padding:.3rem 0;margin-top:.5rem}
@media (max-width:30rem){body{font-size:16px}.issue{padding:1rem .9rem 2rem}.masthead h1{font-size:1.6rem}}
@media print{body{background:#fff}.issue{max-width:none;padding:0}.sources{display:none}}
"""


def _item_ids(doc: IssueDoc) -> dict[int, str]:
    return {id(item): f"item-{n}" for n, item in enumerate(doc.items(), 1)}


def render_html(doc: IssueDoc, *, show_sources: bool = True) -> bytes:
    m = doc.masthead
    title = escape(clean_text(m.title))
    ids = _item_ids(doc)
    by_title = {clean_text(it.title): ids[id(it)] for it in doc.items()}
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # The page loads nothing: a stray tag in report text could not fetch or run anything.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title} {escape(number_text(doc))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<article class="issue">',
        '<header class="masthead">',
        f"<h1>{title}</h1>",
        f'<p class="number">{escape(number_text(doc))}</p>',
        f'<p class="meta"><span class="publisher">{escape(clean_text(m.publisher))}</span>'
        f'<time datetime="{m.date.isoformat()}">{escape(date_text(doc))}</time></p>',
        "</header>",
    ]
    if doc.highlights:
        bullet = escape(clean_text(doc.style.bullet))
        out += ['<section class="highlights" aria-labelledby="h-summary">', '<h2 id="h-summary">摘要</h2>', "<ul>"]
        for hl in doc.highlights:
            text = clean_text(hl)
            anchor = by_title.get(text)
            body = f'<a href="#{anchor}">{escape(text)}</a>' if anchor else escape(text)
            out.append(f'<li><span class="bullet" aria-hidden="true">{bullet}</span>{body}</li>')
        out += ["</ul>", "</section>"]
    for n, section in enumerate(doc.sections, 1):
        if not section.items:
            continue
        out += [f'<section class="section" aria-labelledby="s-{n}">', f'<h2 id="s-{n}">{escape(clean_text(section.name))}</h2>']
        for item in section.items:
            out.append(f'<article class="item" id="{ids[id(item)]}">')
            out.append(f"<h3>{escape(clean_text(item.title))}</h3>")
            out += [f"<p>{escape(clean_text(p))}</p>" for p in item.paragraphs]
            src = sources_html(item) if show_sources else ""
            if src:
                out.append(f'<p class="sources">{src}</p>')
            out.append("</article>")
        out.append("</section>")
    lines = footer_lines(doc)
    if lines:
        out.append('<footer class="colophon">')
        head = [(k, v) for k, v in lines if k not in ("报", "发")]
        dist = [(k, v) for k, v in lines if k in ("报", "发")]
        out += [f"<p>{escape(k)}：{escape(v)}</p>" for k, v in head]
        if dist:
            out.append('<div class="dist">')
            out += [f"<p>{escape(k)}：{escape(v)}</p>" for k, v in dist]
            out.append("</div>")
        out.append("</footer>")
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


RENDERER = Renderer("html", extension="html", media_type="text/html", make=render_html)
