"""Renderer registry, the one entry point for rendering: built-in formats register here exactly as a plugin would."""

from __future__ import annotations

from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import RenderSettings
from zhoubao.render.base import Renderer, RenderUnavailable

__all__ = ["RenderUnavailable", "Renderer", "get", "names", "register", "render"]

_REGISTRY: dict[str, Renderer] = {}
_builtins_loaded = False


def register(renderer: Renderer) -> Renderer:
    """Make a format available under ``renderer.name`` (a later registration of the same name wins)."""
    _REGISTRY[renderer.name] = renderer
    return renderer


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


def render(doc: IssueDoc, fmt: str, settings: RenderSettings | None = None) -> bytes:
    return get(fmt).render(doc, settings)


def _load_builtins() -> None:
    global _builtins_loaded
    if _builtins_loaded:
        return
    # Imported lazily so that a renderer with heavy dependencies costs nothing until used.
    from zhoubao.render import builtin

    for renderer in builtin.RENDERERS:
        register(renderer)
    # Set only once all are in: a thread that races here registers the same objects again, harmlessly.
    _builtins_loaded = True
