"""The built-in renderers, in one list: the registry registers each exactly as a plugin would register its own."""

from __future__ import annotations

from zhoubao.render import docx, email, html, json_out, markdown, pdf, wechat
from zhoubao.render.base import Renderer

RENDERERS: tuple[Renderer, ...] = (
    docx.RENDERER,
    email.RENDERER,
    html.RENDERER,
    json_out.RENDERER,
    markdown.RENDERER,
    pdf.RENDERER,
    wechat.RENDERER,
)
