"""Small server-side SVG charts for the desk: scalable to a phone's width, titled and described for screen readers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = ["Bar", "bars", "columns"]

WIDTH = 320  # viewBox units; the SVG is drawn at 100% of its container, so this only sets proportions
FONT = 'font-family="sans-serif"'
BAR_COLOUR = "#2f6f9f"
REF_COLOUR = "#c0392b"


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label, value, the text shown beside it and an optional reference mark (e.g. a mean)."""

    label: str
    value: float
    text: str = ""
    reference: float | None = None


def _ident(ident: str) -> str:
    """An id safe in an attribute and unique per chart on a page."""
    return "chart-" + (re.sub(r"[^a-z0-9-]", "-", ident.lower()) or "x")


def _short(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(ident: str, title: str, desc: str, height: float) -> list[str]:
    i = _ident(ident)
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_num(height)}" width="100%" '
            f'role="img" aria-labelledby="{i}-t {i}-d" class="chart" preserveAspectRatio="xMinYMin meet">',
            f'<title id="{i}-t">{escape(title)}</title>', f'<desc id="{i}-d">{escape(desc)}</desc>']


def columns(ident: str, title: str, desc: str, labels: Sequence[str], values: Sequence[float]) -> str:
    """Vertical bars, one per value, labels under the first, middle and last (a week's date, say)."""
    if len(labels) != len(values):
        raise ValueError("columns: as many labels as values")
    height, top, bottom, left = 120.0, 12.0, 16.0, 4.0
    plot = height - top - bottom
    peak = max([*values, 0.0]) or 1.0
    slot = (WIDTH - 2 * left) / max(len(values), 1)
    out = _open(ident, title, desc, height)
    out.append(f'<line x1="{left}" y1="{_num(height - bottom)}" x2="{WIDTH - left}" y2="{_num(height - bottom)}" '
               'stroke="#999" stroke-width="0.5"/>')
    shown = {0, len(values) // 2, len(values) - 1}
    for n, (label, v) in enumerate(zip(labels, values, strict=True)):
        h = plot * max(v, 0.0) / peak
        x, y = left + n * slot + slot * 0.15, height - bottom - h
        out.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(slot * 0.7)}" height="{_num(h)}" '
                   f'fill="{BAR_COLOUR}"><title>{escape(f"{label}：{_num(v)}")}</title></rect>')
        if v:
            out.append(f'<text x="{_num(x + slot * 0.35)}" y="{_num(y - 2)}" font-size="8" text-anchor="middle" '
                       f'{FONT}>{escape(_num(v))}</text>')
        if n in shown:
            out.append(f'<text x="{_num(x + slot * 0.35)}" y="{_num(height - 4)}" font-size="8" '
                       f'text-anchor="middle" fill="#555" {FONT}>{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def bars(ident: str, title: str, desc: str, rows: Sequence[Bar], *, peak: float | None = None) -> str:
    """Horizontal bars, one per row, each labelled; a reference value is drawn as a red tick across its bar."""
    row_h, label_w, text_w = 20.0, 112.0, 58.0
    height = max(len(rows), 1) * row_h + 6
    top = max([peak or 0.0, *(r.value for r in rows), *(r.reference or 0.0 for r in rows)]) or 1.0
    span = WIDTH - label_w - text_w
    out = _open(ident, title, desc, height)
    for n, r in enumerate(rows):
        y = 3 + n * row_h
        w = span * max(r.value, 0.0) / top
        text = r.text or _num(r.value)
        out.append(f'<g><title>{escape(f"{r.label}：{text}")}</title>')
        out.append(f'<text x="{label_w - 4}" y="{_num(y + 13)}" font-size="11" text-anchor="end" {FONT}>'
                   f'{escape(_short(r.label, 9))}</text>')
        out.append(f'<rect x="{label_w}" y="{_num(y + 3)}" width="{_num(w)}" height="{_num(row_h - 8)}" '
                   f'fill="{BAR_COLOUR}"/>')
        if r.reference is not None:
            rx = label_w + span * max(r.reference, 0.0) / top
            out.append(f'<line x1="{_num(rx)}" y1="{_num(y + 1)}" x2="{_num(rx)}" y2="{_num(y + row_h - 3)}" '
                       f'stroke="{REF_COLOUR}" stroke-width="2"/>')
        out.append(f'<text x="{_num(label_w + span + 4)}" y="{_num(y + 13)}" font-size="10" fill="#333" {FONT}>'
                   f'{escape(_short(text, 10))}</text></g>')
    out.append("</svg>")
    return "".join(out)

