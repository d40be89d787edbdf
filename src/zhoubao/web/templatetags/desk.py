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


# A story's rank score (classify/rank.py: about 2 for one blog post to 6 for a regulator's notice many outlets
# carry) in the words an editor uses; the number stays in the title attribute for the curious.
IMPORTANCE = ((4.0, "高"), (3.0, "中"), (float("-inf"), "低"))
METHODS = {
    "rules": "按栏目关键词",
    "rules+learned": "按栏目关键词和以往各期编辑的归类",
    "learned": "按以往各期编辑的归类",
    "editor": "编辑添加",
}


@register.filter
def importance(value: Any) -> str:
    """高 / 中 / 低 for a rank score; 未评 when there is none."""
    try:
        score = float(value)
    except (TypeError, ValueError):
        return "未评"
    return next(word for floor, word in IMPORTANCE if score >= floor)


@register.filter
def method_words(value: Any) -> str:
    """How a section was chosen, in plain words (an unknown method is shown as it is)."""
    return METHODS.get(str(value or ""), str(value or ""))
