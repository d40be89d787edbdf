"""The address book: strict addresses, `zhoubao recipients import FILE` all rows or none, `recipients list`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_cli import _one_line_error, zb
from zhoubao.deliver.addresses import email_problem, normalise_email

HEADER = "list,unit,name,email\n"
GOOD = HEADER + ("理事单位,星河视频,张三,zhang@Example.COM\n"
                 "理事单位,云帆科技,李四,li.si+weekly@yunfan.cn\n"
                 "\n"
                 '会员单位,"北辰传媒,集团",王五,wang@beichen.com.cn\n')


@pytest.mark.parametrize("address", ["a@b.cn", "li.si+weekly@yunfan.cn", "x_y-z@mail.example.com.cn",
                                     "o'brien@example.org", "a@example.xn--fiqs8s"])
def test_good_addresses(address: str) -> None:
    assert email_problem(address) is None


@pytest.mark.parametrize("address", [
    "", "zhang", "zhang@", "@example.com", "a@@b.cn", "a@b@c.cn", "张三 <a@b.cn>", "a b@c.cn", "a@b .cn",
    "zhao＠haichuan.cn", "王@example.com", "a@例子.中国", "a..b@c.cn", ".a@c.cn", "a.@c.cn", "a@c", "a@-c.cn",
    "a@c-.cn", "a@c..cn", "a@c.c", "a@c.123", "a@[127.0.0.1]", '"a"@c.cn', "a@c.cn\n", "a\x00@c.cn", "a@c.cn,b@c.cn",
    "a;b@c.cn", "x" * 65 + "@c.cn", "a@" + "b" * 64 + ".cn",
])
def test_bad_addresses(address: str) -> None:
    assert email_problem(address) is not None


def test_normalise_lowers_the_domain_only() -> None:
    assert normalise_email("  Zhang.San@Example.COM ") == "Zhang.San@example.com"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "h"
    assert zb("init", str(home)).returncode == 0
    return home


def _listed(home: Path) -> list[dict[str, str]]:
    res = zb("recipients", "list", "--json", home=home)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_import_and_list(home: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(GOOD, encoding="utf-8-sig")  # as Excel saves UTF-8
    res = zb("recipients", "import", str(book), home=home)
    assert res.returncode == 0, res.stderr
    assert "新增 3" in res.stdout
    assert _listed(home) == [
        {"list": "会员单位", "unit": "北辰传媒,集团", "name": "王五", "email": "wang@beichen.com.cn"},
        {"list": "理事单位", "unit": "云帆科技", "name": "李四", "email": "li.si+weekly@yunfan.cn"},
        {"list": "理事单位", "unit": "星河视频", "name": "张三", "email": "zhang@example.com"},
    ]
    table = zb("recipients", "list", home=home)
    assert table.returncode == 0 and "li.si+weekly@yunfan.cn" in table.stdout and "共 3 位收件人，2 个名单" in table.stdout
    # Importing again changes nothing; a new name for a known address updates it; columns may come in any order.
    again = tmp_path / "again.csv"
    again.write_text("email,name,unit,list\nzhang@example.com,张三丰,星河视频,理事单位\n", encoding="gb18030")
    res = zb("recipients", "import", str(again), home=home)
    assert res.returncode == 0 and "新增 0，更新 1" in res.stdout, res.stderr
    assert [r["name"] for r in _listed(home)] == ["王五", "李四", "张三丰"]


@pytest.mark.parametrize(("body", "line", "why"), [
    (GOOD + "会员单位,海川影业,赵六,zhao＠haichuan.cn\n", 6, "全角"),
    (GOOD + "会员单位,海川影业,赵六,赵六 <zhao@haichuan.cn>\n", 6, "邮箱"),
    (GOOD + "会员单位,海川影业,赵六\n", 6, "列"),
    (GOOD + ",海川影业,赵六,zhao@haichuan.cn\n", 6, "名单"),
    (GOOD + "理事单位,星河视频,张三,ZHANG@example.com\n", 6, "与第"),  # the same address twice
    (GOOD.replace("理事单位,云帆科技,李四,li.si+weekly@yunfan.cn", "理事单位,云帆科技,李四,li.si@yunfan"), 3, "域名"),
    ("list,unit,email\n理事单位,星河视频,zhang@example.com\n", 1, "表头"),
])
def test_a_bad_row_refuses_the_whole_file(home: Path, tmp_path: Path, body: str, line: int, why: str) -> None:
    book = tmp_path / "book.csv"
    book.write_text(body, encoding="utf-8")
    res = zb("recipients", "import", str(book), home=home)
    _one_line_error(res)
    assert f"第{line}行" in res.stderr and why in res.stderr, res.stderr
    assert _listed(home) == []  # nothing half-imported


def test_what_cannot_be_read_is_refused_in_one_line(home: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "book.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    res = zb("recipients", "import", str(sheet), home=home)
    _one_line_error(res)
    assert "CSV" in res.stderr
    _one_line_error(zb("recipients", "import", str(tmp_path / "missing.csv"), home=home))
    _one_line_error(zb("recipients", home=home))
