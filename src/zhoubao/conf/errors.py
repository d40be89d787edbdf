"""The error of a setting that is unknown or of the wrong type."""

from __future__ import annotations

from zhoubao.errors import ZhoubaoError

__all__ = ["ConfigError"]


class ConfigError(ZhoubaoError):
    """A setting is unknown or has the wrong type; the message says which and how to fix it."""
