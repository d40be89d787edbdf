"""What every renderer is made of: the Renderer record and the error for a format that cannot be produced here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import RenderSettings
from zhoubao.errors import ZhoubaoError

RenderFn = Callable[[IssueDoc], bytes]


class RenderUnavailable(ZhoubaoError):
    """The format exists in the contract but cannot be produced here (say why and what to do)."""


@dataclass(frozen=True)
class Renderer:
    name: str
    extension: str
    media_type: str
    make: RenderFn
    # Formats that read the [render] settings (the PDF's fonts) take them here; the others ignore them.
    make_with: Callable[[IssueDoc, RenderSettings], bytes] | None = None

    def render(self, doc: IssueDoc, settings: RenderSettings | None = None) -> bytes:
        if settings is not None and self.make_with is not None:
            return self.make_with(doc, settings)
        return self.make(doc)
