"""Renderer registry: built-in formats register here exactly as a plugin would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zhoubao.compose.document import IssueDoc
from zhoubao.errors import ZhoubaoError

RenderFn = Callable[[IssueDoc], bytes]


class RenderUnavailable(ZhoubaoError):
    """The format exists in the contract but cannot be produced here (say why and what to do)."""


@dataclass(frozen=True)
class Renderer:
    name: str
    extension: str
    media_type: str
    render: RenderFn


_REGISTRY: dict[str, Renderer] = {}


def register(name: str, *, extension: str, media_type: str) -> Callable[[RenderFn], RenderFn]:
    """Decorator: ``@register("md", extension="md", media_type="text/markdown")``."""

    def wrap(fn: RenderFn) -> RenderFn:
        _REGISTRY[name] = Renderer(name, extension, media_type, fn)
        return fn

    return wrap


def get(name: str) -> Renderer:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown format {name!r}; known formats: {known}") from None


def names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def render(doc: IssueDoc, fmt: str) -> bytes:
    return get(fmt).render(doc)


def _load_builtins() -> None:
    # Imported lazily so that a renderer with heavy dependencies costs nothing until used.
    from zhoubao.render import builtin  # noqa: F401
