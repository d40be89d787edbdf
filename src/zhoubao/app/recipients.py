"""The address book: import recipients from a CSV or .xlsx file (all rows or none), list, add, edit and remove them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from zhoubao.archive.models import Recipient, audit
from zhoubao.conf.settings import Settings
from zhoubao.deliver.addresses import email_problem, normalise_email
from zhoubao.errors import ZhoubaoError

COLUMNS = ("list", "unit", "name", "email")
MAX_FILE_BYTES = 20 * 1024 * 1024


class RecipientsRefused(ZhoubaoError):
    """The file or one of its rows cannot be imported: nothing was imported (the message says where and why)."""


@dataclass(frozen=True)
class Row:
    line: int
    list: str
    unit: str
    name: str
    email: str


@dataclass(frozen=True)
class Imported:
    added: int
    updated: int
    unchanged: int


def _size_ok(path: Path) -> None:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RecipientsRefused(f"{path.name}：文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像通讯录。")


def _text(path: Path) -> str:
    _size_ok(path)
    data = path.read_bytes()
    # Excel and WPS in Chinese save CSV as GB18030 (GBK) unless told UTF-8; UTF-8 may come with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RecipientsRefused(f"{path.name}：无法识别文件编码（应为 UTF-8 或 GBK）。")


def _csv_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The CSV file's rows with the line each starts on, the header first."""
    reader = csv.reader(io.StringIO(_text(path), newline=""), strict=True)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise RecipientsRefused(f"{path.name} 第{max(reader.line_num, 1)}行：CSV 格式错误（{exc}）。") from None
        yield reader.line_num - sum(value.count("\n") for value in record), record


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed in a cell (a unit's code) reads as Excel shows it
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _xlsx_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows with their row numbers, the header first (empty cells at a row's end left out)."""
    _size_ok(path)
    from openpyxl import load_workbook

    def unreadable(exc: Exception) -> RecipientsRefused:
        return RecipientsRefused(f"{path.name}：不是可读的 .xlsx 文件（{type(exc).__name__}）：请在 Excel/WPS 中重新"
                                 "保存，或另存为 CSV。")

    try:
        # read_only streams the sheet (a large book is not held in memory); data_only reads formulas' values.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a broken zip or XML of any sort: the file is refused, never half-read
        raise unreadable(exc) from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            record = [_cell(v) for v in cells]
            while record and not record[-1].strip():
                record.pop()
            yield number, record
    except RecipientsRefused:
        raise
    except Exception as exc:
        raise unreadable(exc) from None
    finally:
        book.close()


def _checked(given: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """The entry's values tidied (spaces, the address's domain lower-cased) and what is wrong with them, if any."""
    values = {f: " ".join(str(given.get(f, "")).split()) for f in COLUMNS}
    values["email"] = normalise_email(str(given.get("email", "")))
    if not values["list"]:
        return values, "名单（list）为空"
    problem = email_problem(values["email"])
    if problem:
        return values, problem
    for f in COLUMNS:
        limit = int(getattr(Recipient._meta.get_field(f), "max_length", 0) or 0)
        if any(c == "\x00" or not c.isprintable() for c in values[f]):
            return values, f"{f} 含控制字符"
        if len(values[f]) > limit:
            return values, f"{f} 超过 {limit} 个字符"
    return values, None


def read_rows(path: Path) -> list[Row]:
    """Every row of the CSV or .xlsx file, checked; RecipientsRefused names the first bad row."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsm", ".et"):
        raise RecipientsRefused(f"{path.name}：只能导入 CSV 或 .xlsx 文件（列 list,unit,name,email）；请在 Excel/WPS 中另存为"
                                " .xlsx 或 CSV。")
    xlsx = suffix == ".xlsx"
    records = _xlsx_records(path) if xlsx else _csv_records(path)
    _first, header = next(records, (1, []))
    names = [h.strip().lower() for h in header]
    if sorted(names) != sorted(COLUMNS):
        raise RecipientsRefused(f"{path.name} 第1行：表头应为 {','.join(COLUMNS)}（现为 {','.join(names) or '空'}）。")
    at = {name: names.index(name) for name in COLUMNS}
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for line, record in records:
        if not any(value.strip() for value in record):
            continue
        if xlsx and len(record) < len(COLUMNS):
            record = record + [""] * (len(COLUMNS) - len(record))  # a sheet's row ends at its last filled cell
        if len(record) != len(COLUMNS):
            raise RecipientsRefused(f"{path.name} 第{line}行：应有 {len(COLUMNS)} 列，实有 {len(record)} 列。")
        values, problem = _checked({f: record[at[f]] for f in COLUMNS})
        if problem:
            raise RecipientsRefused(f"{path.name} 第{line}行：{problem}。")
        key = (values["list"], values["email"].lower())  # one mailbox, whatever the case its name is typed in
        if key in seen:
            raise RecipientsRefused(f"{path.name} 第{line}行：与第{seen[key]}行重复（同一名单、同一邮箱）。")
        seen[key] = line
        rows.append(Row(line, values["list"], values["unit"], values["name"], values["email"]))
    return rows


def import_recipients(settings: Settings, path: Path) -> Imported:
    """Add the file's recipients (a list and email already there takes the file's unit and name), in one
    transaction: a bad row refuses the whole file and nothing is imported."""
    rows = read_rows(path)
    added = updated = unchanged = 0
    with transaction.atomic():
        for row in rows:
            current = Recipient.objects.select_for_update().filter(list=row.list, email__iexact=row.email).first()
            if current is None:
                Recipient.objects.create(list=row.list, unit=row.unit, name=row.name, email=row.email)
                added += 1
            elif (current.unit, current.name, current.email) != (row.unit, row.name, row.email):
                current.unit, current.name, current.email = row.unit, row.name, row.email
                current.save(update_fields=["unit", "name", "email", "updated"])
                updated += 1
            else:
                unchanged += 1
        audit("recipients_import", actor="cli",
              after={"file": path.name, "added": added, "updated": updated, "unchanged": unchanged})
    return Imported(added, updated, unchanged)


def recipients() -> list[Recipient]:
    return list(Recipient.objects.all())


def save_recipient(pk: int | None, given: dict[str, str], *, actor: str, user: Any = None) -> Recipient:
    """Add an entry (`pk` None) or change one, checked as strictly as an imported row; RecipientsRefused says why
    not (a bad address, the same mailbox already on that list) and nothing is changed."""
    values, problem = _checked(given)
    if problem:
        raise RecipientsRefused(f"{problem}。")
    with transaction.atomic():
        current = None
        if pk is not None:
            current = Recipient.objects.select_for_update().filter(pk=pk).first()
            if current is None:
                raise RecipientsRefused("这位收件人已被删除。")
        twin = Recipient.objects.filter(list=values["list"], email__iexact=values["email"])
        if current is not None:
            twin = twin.exclude(pk=current.pk)
        if twin.exists():
            raise RecipientsRefused(f"名单“{values['list']}”中已有 {values['email']}。")
        before = None if current is None else {f: getattr(current, f) for f in COLUMNS}
        if current is None:
            current = Recipient.objects.create(**values)
        else:
            for f in COLUMNS:
                setattr(current, f, values[f])
            current.save()
        audit("recipient_save", actor=actor, before=before, after=values, user=user)
    return current


def remove_recipient(pk: int, *, actor: str, user: Any = None) -> Recipient | None:
    """Take an entry out of the address book (its past deliveries stay in the ledger); None if already gone."""
    with transaction.atomic():
        current = Recipient.objects.select_for_update().filter(pk=pk).first()
        if current is None:
            return None
        audit("recipient_remove", actor=actor, before={f: getattr(current, f) for f in COLUMNS}, user=user)
        current.delete()
    return current
