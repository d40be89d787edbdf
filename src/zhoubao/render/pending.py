"""Formats promised by the contract whose renderers are not built yet: they end with a clear message."""

from __future__ import annotations

from zhoubao.compose.document import IssueDoc
from zhoubao.render.registry import _REGISTRY, RenderUnavailable, register

_PENDING = {
    "html": ("html", "text/html"),
    "email": ("html", "text/html"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("pdf", "application/pdf"),
}


def _make(name: str):  # type: ignore[no-untyped-def]
    def _render(doc: IssueDoc) -> bytes:
        raise RenderUnavailable(f"格式 {name} 尚未实现（将在排版渲染版本中提供）；目前可用 json 或 md。")

    return _render


for _name, (_ext, _mt) in _PENDING.items():
    if _name not in _REGISTRY:
        register(_name, extension=_ext, media_type=_mt)(_make(_name))
