"""Imports every built-in renderer so that each registers itself (exactly as a plugin would)."""

from zhoubao.render import (  # noqa: F401
    docx,
    email,
    html,
    json_out,
    markdown,
    pdf,
)
