"""Imports every built-in renderer so that each registers itself."""

from zhoubao.render import json_out, markdown, pending  # noqa: F401
