"""Imports every built-in renderer so that each registers itself.

Names are imported in the order listed; ``pending`` must stay after every real renderer (it only
fills in formats still missing), which alphabetical order gives today — keep it last.
"""

from zhoubao.render import (  # noqa: F401
    docx,
    email,
    html,
    json_out,
    markdown,
    pdf,
    pending,
)
