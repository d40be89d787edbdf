"""Values fitted to their columns before a row is saved, so that SQLite and PostgreSQL store the same thing.

SQLite stores whatever it is given; PostgreSQL refuses a NUL character in text and in JSON ("cannot contain NUL
(0x00) bytes") and a string longer than its varchar(n), and the refusal aborts the whole transaction. Text from
outside (a page, a feed, a PDF read back, a header, an error message quoting a server) may hold either. Before
any archive row is saved (Model.save, objects.create), NUL characters are removed from its text and JSON values
and a CharField's value is cut to its max_length, as the storing code already cuts titles and URLs. Bulk writes
(bulk_create, bulk_update, QuerySet.update) bypass this and must pass fitted values themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import models

NUL = "\x00"


def _json(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, dict):
        return {_json(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def fit(instance: models.Model) -> None:
    """Remove NUL characters from the instance's text and JSON values; cut CharFields to their max_length."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.JSONField):
            value = getattr(instance, field.attname)
            if value is not None and not isinstance(value, int | float | bool):
                setattr(instance, field.attname, _json(value))
        elif isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if not isinstance(value, str):
                continue
            if NUL in value:
                value = value.replace(NUL, "")
            if field.max_length and len(value) > field.max_length:
                value = value[: field.max_length]
            setattr(instance, field.attname, value)


def fit_before_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    """pre_save receiver for the archive's models (connected in apps.py)."""
    if not raw:
        fit(instance)
