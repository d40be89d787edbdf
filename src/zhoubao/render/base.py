"""What every renderer is made of: the Renderer record and the error for a format that cannot be produced here."""

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
