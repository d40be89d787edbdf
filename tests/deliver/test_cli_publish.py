"""`zhoubao publish N` as users call it: the desk's workflow checks, self-approval from the profile, audited as
命令行, a one-line summary of the files written or a one-line error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pg
from tests.unit.test_cli import _one_line_error, zb

PAGE = ('<html><head><title>{t}</title><meta property="article:published_time" content="{d}T10:00:00+08:00"></head>'
        "<body><article><h1>{t}</h1><p>{p}</p></article></body></html>")

# Two desk users take the draft through review, as the desk would (the same use cases, in a child on the home).
REVIEW = """
import sys
from pathlib import Path
from zhoubao.app.home import open_settings
settings = open_settings(Path(sys.argv[1]))
from django.contrib.auth import get_user_model
from zhoubao.app import publish
from zhoubao.app.issues import find_issue
from zhoubao.review.roles import set_role
users = get_user_model().objects
editor = users.create_user(username="wang", password="x-1234567", first_name="小明", last_name="王")
reviewer = users.create_user(username="fuhe", password="x-1234567")
set_role(editor, "editor"); set_role(reviewer, "reviewer")
for step, who in (("submit", editor), ("approve", reviewer)):
    issue = find_issue(settings, 1)
    publish.transition(settings, issue.pk, step, who, version=issue.version)
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "h"
    assert zb("init", str(home)).returncode == 0
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.html").write_text(PAGE.format(t="国家广播电视总局发布微短剧管理通知", d="2025-06-03",
                                              p="6月3日，国家广播电视总局发布通知，要求各网络视听平台加强微短剧管理。"),
                                  encoding="utf-8")
    (inbox / "b.html").write_text(PAGE.format(t="爱奇艺网络剧《山海长歌》开播", d="2025-06-05",
                                              p="6月5日，爱奇艺宣布网络剧《山海长歌》当晚开播，全剧共36集。"), encoding="utf-8")
    assert zb("collect", "--files", str(inbox), home=home).returncode == 0
    built = zb("build", "--date", "2025-06-09", home=home)
    assert built.returncode == 0 and built.stdout.strip().endswith("1"), built.stderr
    return home


def _audit(home: Path) -> list[tuple[str, str]]:
    with pg.archive(home, pg.child_env(home=home)) as con:
        return [tuple(r) for r in con.execute("select action, actor from archive_auditentry order by id").fetchall()]


def _exported(home: Path, tmp_path: Path, fmt: str) -> str:
    target = tmp_path / f"out.{fmt}"
    res = zb("export", "1", "--format", fmt, "-o", str(target), home=home)
    assert res.returncode == 0, res.stderr
    return target.read_text(encoding="utf-8")


def _published_ok(res: subprocess.CompletedProcess[str], home: Path) -> None:
    assert res.returncode == 0, res.stderr
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("已发布第1期"), res.stdout
    folder = home / "data" / "published" / "1"
    written = sorted(p.name for p in folder.iterdir())
    assert "1.json" in written and "1-wechat.html" in written
    for name in written:
        assert name in lines[0]


def test_publish_refuses_an_issue_not_approved(home: Path, tmp_path: Path) -> None:
    res = zb("publish", "1", home=home)
    _one_line_error(res)
    assert "尚未批准" in res.stderr
    assert json.loads(_exported(home, tmp_path, "json"))["state"] == "draft"
    assert not (home / "data" / "published" / "1").exists()
    assert [a for a, _ in _audit(home)] == ["build"]
    _one_line_error(zb("publish", "7", home=home))  # no such issue


def test_publish_an_issue_approved_in_the_desk(home: Path, tmp_path: Path) -> None:
    env = pg.child_env(home=home)
    done = subprocess.run([sys.executable, "-c", REVIEW, str(home)], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    _published_ok(zb("publish", "1", home=home), home)
    assert _audit(home)[-3:] == [("submit", "wang"), ("approve", "fuhe"), ("publish", "命令行")]
    md = _exported(home, tmp_path, "md")
    assert "责编：王小明" in md and "复核：fuhe" in md
    assert json.loads(_exported(home, tmp_path, "json"))["state"] == "published"
    again = zb("publish", "1", home=home)
    _one_line_error(again)
    assert "已发布" in again.stderr


def test_self_approval_takes_a_draft_through(home: Path, tmp_path: Path) -> None:
    toml = home / "zhoubao.toml"
    text = toml.read_text(encoding="utf-8")
    assert "\nallow_self_approval = false\n" in text
    toml.write_text(text.replace("\nallow_self_approval = false\n", "\nallow_self_approval = true\n"), encoding="utf-8")
    _published_ok(zb("publish", "1", home=home), home)
    assert _audit(home)[1:] == [("submit", "命令行"), ("approve", "命令行"), ("publish", "命令行")]
    md = _exported(home, tmp_path, "md")
    assert "责编：张编辑" in md and "复核：李复核" in md  # no person signed: the profile's names
