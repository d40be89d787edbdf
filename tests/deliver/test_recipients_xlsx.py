"""`zhoubao recipients import FILE.xlsx`: the same columns and strictness as CSV — a bad row refused with its row
number, nothing half-imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.deliver.test_recipients import _listed, home
from tests.unit.test_cli import _one_line_error, zb

__all__ = ["home"]


def _book(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    wb.create_sheet("备注").append(["这一页不读"])
    wb.save(path)
    return path


GOOD = [["email", "list", "unit", "name"],  # columns in any order, as in CSV
        ["zhang@Example.COM", "理事单位", "星河视频", "张三"],
        [None, None, None, None],  # an empty row is skipped
        ["li@yunfan.cn", "理事单位", 10086, None],  # a number typed in a cell; no name
        ["wang@beichen.com.cn", "会员单位", "北辰传媒", "王五"]]


def test_xlsx_imports_like_csv(home: Path, tmp_path: Path) -> None:
    res = zb("recipients", "import", str(_book(tmp_path / "通讯录.xlsx", GOOD)), home=home)
    assert res.returncode == 0, res.stderr
    assert "新增 3" in res.stdout
    assert _listed(home) == [
        {"list": "会员单位", "unit": "北辰传媒", "name": "王五", "email": "wang@beichen.com.cn"},
        {"list": "理事单位", "unit": "10086", "name": "", "email": "li@yunfan.cn"},
        {"list": "理事单位", "unit": "星河视频", "name": "张三", "email": "zhang@example.com"},
    ]


@pytest.mark.parametrize(("extra", "row", "why"), [
    (["zhao＠haichuan.cn", "会员单位", "海川影业", "赵六"], 6, "全角"),
    (["zhao@haichuan.cn", None, "海川影业", "赵六"], 6, "名单"),
    (["ZHANG@example.com", "理事单位", "星河视频", "张三"], 6, "与第2行重复"),
    (["zhao@haichuan.cn", "会员单位", "海川影业", "赵六", "多余"], 6, "列"),
])
def test_a_bad_xlsx_row_refuses_the_whole_book(home: Path, tmp_path: Path, extra: list[Any], row: int,
                                               why: str) -> None:
    res = zb("recipients", "import", str(_book(tmp_path / "book.xlsx", [*GOOD, extra])), home=home)
    _one_line_error(res)
    assert f"第{row}行" in res.stderr and why in res.stderr, res.stderr
    assert _listed(home) == []


def test_a_bad_xlsx_header_or_file_is_refused(home: Path, tmp_path: Path) -> None:
    res = zb("recipients", "import", str(_book(tmp_path / "h.xlsx", [["邮箱", "名单"], ["a@b.cn", "报"]])), home=home)
    _one_line_error(res)
    assert "第1行" in res.stderr and "表头" in res.stderr
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    res = zb("recipients", "import", str(old), home=home)
    _one_line_error(res)
    assert ".xlsx" in res.stderr
    assert _listed(home) == []
