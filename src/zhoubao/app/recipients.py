"""The address book: import recipients from a CSV file (all rows or none), list them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

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


def _text(path: Path) -> str:
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise RecipientsRefused(f"{path.name}：只能导入 CSV 文件（列 list,unit,name,email）；请在 Excel/WPS 中另存为 CSV。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RecipientsRefused(f"{path.name}：文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像通讯录。")
    data = path.read_bytes()
    # Excel and WPS in Chinese save CSV as GB18030 (GBK) unless told UTF-8; UTF-8 may come with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RecipientsRefused(f"{path.name}：无法识别文件编码（应为 UTF-8 或 GBK）。")


def read_rows(path: Path) -> list[Row]:
    """Every row of the CSV file, checked; RecipientsRefused names the first bad line."""
    reader = csv.reader(io.StringIO(_text(path), newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise RecipientsRefused(f"{path.name} 第1行：CSV 格式错误（{exc}）。") from None
    names = [h.strip().lower() for h in header or []]
    if sorted(names) != sorted(COLUMNS):
        raise RecipientsRefused(f"{path.name} 第1行：表头应为 {','.join(COLUMNS)}（现为 {','.join(names) or '空'}）。")
    at = {name: names.index(name) for name in COLUMNS}
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    limits = {f: int(getattr(Recipient._meta.get_field(f), "max_length", 0) or 0) for f in COLUMNS}
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RecipientsRefused(f"{path.name} 第{reader.line_num}行：CSV 格式错误（{exc}）。") from None
        line = reader.line_num - sum(value.count("\n") for value in record)  # where the row starts
        if not any(value.strip() for value in record):
            continue
        if len(record) != len(COLUMNS):
            raise RecipientsRefused(f"{path.name} 第{line}行：应有 {len(COLUMNS)} 列，实有 {len(record)} 列。")
        values = {f: " ".join(record[at[f]].split()) for f in COLUMNS}
        values["email"] = normalise_email(record[at["email"]])
        if not values["list"]:
            raise RecipientsRefused(f"{path.name} 第{line}行：名单（list）为空。")
        problem = email_problem(values["email"])
        if problem:
            raise RecipientsRefused(f"{path.name} 第{line}行：{problem}。")
        for f in COLUMNS:
            if any(c == "\x00" or not c.isprintable() for c in values[f]):
                raise RecipientsRefused(f"{path.name} 第{line}行：{f} 含控制字符。")
            if len(values[f]) > limits[f]:
                raise RecipientsRefused(f"{path.name} 第{line}行：{f} 超过 {limits[f]} 个字符。")
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
