"""Light filters for the desk's repeated partials (an item, a candidate): the same output as Django's
``floatformat`` and ``date`` for the cases the desk uses, at a fraction of their cost."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import timezone

register = template.Library()


@register.filter(is_safe=True)
def fixed(value: Any, places: int = 2) -> str:
    """floatformat:N for a plain number (N ≥ 0, no thousands separator): ROUND_HALF_UP on its decimal form."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(floatformat(value, places))
    try:
        d = Decimal(repr(value)).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(floatformat(value, places))
    return f"{d:f}" if d else f"{Decimal(0).quantize(Decimal(1).scaleb(-int(places))):f}"


@register.filter
def md_hm(value: Any, with_time: bool = True) -> str:
    """date:"m-d H:i" (or "m-d" with `md_hm:False`) in the current time zone; "" for no date."""
    if not isinstance(value, datetime):
        return str(date_filter(value, "m-d H:i" if with_time else "m-d")) if value else ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%m-%d %H:%M" if with_time else "%m-%d")
