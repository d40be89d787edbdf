"""The command line as users call it: real processes, one-line errors, non-zero exits, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pg
from tests.conftest import ROOT


def zb(*args: str, home: Path | None = None, env: dict[str, str] | None = None,
       cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("ZHOUBAO_HOME", "DJANGO_SETTINGS_MODULE")}
    # On the PostgreSQL run each home has its own database, as it has its own SQLite file on the first run.
    full_env = pg.child_env(full_env, home_of(args, home, env, cwd))
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "zhoubao"] + (["--home", str(home)] if home else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=cwd, timeout=900)  # a bound against a hung process, not a speed check (speed is in bench/)


def home_of(args: tuple[str, ...], home: Path | None, env: dict[str, str] | None, cwd: Path | None) -> Path | None:
    """The home a command runs on, found as the command finds it (--home, init's folder, ZHOUBAO_HOME, the cwd)."""
    if home is not None:
        return home
    if "--home" in args[:-1]:
        return Path(args[args.index("--home") + 1])
    if args[:1] == ("init",) and len(args) > 1:
        return Path(args[1])
    if env and env.get("ZHOUBAO_HOME"):
        return Path(env["ZHOUBAO_HOME"])
    return cwd


def _one_line_error(res: subprocess.CompletedProcess[str]) -> None:
    assert res.returncode != 0
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    lines = [ln for ln in res.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("错误：")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    res = zb("init", str(tmp_path / "h"))
    assert res.returncode == 0, res.stderr
    return tmp_path / "h"


def test_init_writes_documented_settings_and_data_dir(home: Path) -> None:
    text = (home / "zhoubao.toml").read_text(encoding="utf-8")
    assert "[[profile.sections]]" in text and 'name = "研究"' in text
    if pg.enabled():  # the archive is the database DATABASE_URL names, with every migration applied
        assert not (home / "data" / "zhoubao.sqlite3").exists()
        with pg.archive(home, pg.child_env(home=home)) as con:
            assert con.execute("select count(*) from django_migrations where app = 'archive'").fetchone()[0] >= 4
    else:
        assert (home / "data" / "zhoubao.sqlite3").exists()
    # Running init again changes nothing.
    before = (home / "zhoubao.toml").read_bytes()
    assert zb("init", str(home)).returncode == 0
    assert (home / "zhoubao.toml").read_bytes() == before


def test_home_from_environment_then_cwd(home: Path, tmp_path: Path) -> None:
    assert "共 0 个来源" in zb("sources", "list", env={"ZHOUBAO_HOME": str(home)}).stdout
    assert "共 0 个来源" in zb("sources", "list", cwd=home).stdout
    _one_line_error(zb("sources", "list", cwd=tmp_path))


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--date", "2025-02-30"),
        ("build", "--date", "2025-06-09"),  # no reports yet
        ("export", "9", "--format", "json", "-o", "x.json"),  # no such issue
        ("sources", "add", "ftp://example.com/feed"),
        ("sources", "add", "/no/such/folder"),
        ("sources", "import", "/no/such/file.opml"),
        ("collect", "--files", "/no/such/file.html"),
    ],
)
def test_bad_input_ends_with_one_line_and_nonzero(home: Path, args: tuple[str, ...]) -> None:
    _one_line_error(zb(*args, home=home))


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/feed.xml", "http://localhost/rss", "http://10.0.0.8/a", "http://192.168.1.1/",
     "http://169.254.169.254/latest/meta-data/", "http://[::1]:8000/", "http://0.0.0.0/", "http://2130706433/"],
)
def test_private_addresses_are_refused_unless_allowed_exactly(home: Path, url: str) -> None:
    res = zb("sources", "add", url, "--kind", "feed", home=home)
    _one_line_error(res)
    assert "共 0 个来源" in zb("sources", "list", home=home).stdout


def test_allow_list_admits_exactly_one_host_port(home: Path) -> None:
    env = {"ZHOUBAO_FETCH_ALLOW": "127.0.0.1:8080"}
    assert zb("sources", "add", "http://127.0.0.1:8080/feed.xml", home=home, env=env).returncode == 0
    _one_line_error(zb("sources", "add", "http://127.0.0.1:8081/feed.xml", home=home, env=env))
    (home / "zhoubao.toml").write_text('[fetch]\nallow = ["127.0.0.1:9090"]\n', encoding="utf-8")
    assert zb("sources", "add", "http://127.0.0.1:9090/rss", home=home).returncode == 0
    listing = zb("sources", "list", home=home).stdout
    assert "共 2 个来源" in listing


def test_sources_import_opml_csv_toml(home: Path, tmp_path: Path) -> None:
    (tmp_path / "a.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="媒体">'
        '<outline text="甲" type="rss" xmlUrl="https://a.example.com/feed.xml"/>'
        '<outline text="乙" type="rss" xmlUrl="https://b.example.com/rss"/></outline></body></opml>', encoding="utf-8")
    (tmp_path / "b.csv").write_text("url,kind,name\nhttps://c.example.com/list.html,listing,丙\n", encoding="utf-8")
    (tmp_path / "c.toml").write_text('[[source]]\nurl = "https://d.example.com/sitemap.xml"\nkind = "sitemap"\n'
                                     'name = "丁"\n', encoding="utf-8")
    for f in ("a.opml", "b.csv", "c.toml"):
        res = zb("sources", "import", str(tmp_path / f), home=home)
        assert res.returncode == 0, res.stderr
    # Importing again adds nothing.
    again = zb("sources", "import", str(tmp_path / "a.opml"), home=home)
    assert "新增 0，已存在 2" in again.stdout
    listing = zb("sources", "list", home=home).stdout
    # Kinds are shown by their Chinese names (issue 15); the codes are what --kind and imports accept.
    assert "共 4 个来源" in listing and "站点地图" in listing and "列表页" in listing
    (tmp_path / "bad.toml").write_text('[[source]]\nname = "no url"\n', encoding="utf-8")
    _one_line_error(zb("sources", "import", str(tmp_path / "bad.toml"), home=home))


def test_extract_prints_one_json_line_per_file_without_a_home(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>广电总局发布通知_新浪科技</title></head><body><h1>广电总局发布通知</h1>"
        "<div class='date'>2025年06月03日 10:30</div><div class='content'>"
        + "".join(f"<p>国家广播电视总局6月3日发布通知，要求各平台加强管理，这是第{i}段正文内容。</p>" for i in range(6))
        + "</div></body></html>", encoding="utf-8")
    note = tmp_path / "n.txt"
    note.write_text("爱奇艺发布新剧\n爱奇艺6月5日宣布网络剧开播。\n", encoding="utf-8")
    res = zb("extract", str(page), str(note), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["path"] for x in lines] == [str(page), str(note)]
    assert set(lines[0]) == {"path", "title", "published", "outlet", "text"}
    assert "广电总局发布通知" in lines[0]["title"] and "第5段正文" in lines[0]["text"]
    assert lines[1]["title"] == "爱奇艺发布新剧"


def test_collect_files_is_idempotent(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("标题甲\n正文甲。\n", encoding="utf-8")
    (folder / "b.md").write_text("# 标题乙\n\n正文乙。\n", encoding="utf-8")
    first = zb("collect", "--files", str(folder), home=home)
    assert first.returncode == 0, first.stderr
    assert "新增报道 2" in first.stdout
    assert "新增报道 0" in zb("collect", "--files", str(folder), home=home).stdout


def test_eval_without_an_issue_builds_the_labelled_week_in_a_throwaway_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    saved = tmp_path / "built.json"
    res = zb("--home", str(home), "eval", str(ROOT / "corpus" / "dev-b"), "--json", "--save", str(saved))
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)  # progress went to stderr, so stdout is the scores alone
    assert got["corpus"] == "dev-b" and got["unmatched_reports"] == 0
    assert got["story_recall"] >= 0.95 and got["false_merges"] == 0
    issue = json.loads(saved.read_text(encoding="utf-8"))
    assert issue["sections"] and not home.exists()  # the user's home was neither needed nor created
    if pg.enabled():  # nor the PostgreSQL database DATABASE_URL names: the scratch week has its own SQLite file
        with pg.archive(home, pg.child_env(home=home)) as con:
            assert con.execute("select count(*) from information_schema.tables where table_name like 'archive%'"
                               ).fetchone()[0] == 0


def test_learn_from_examples_on_the_command_line(home: Path, tmp_path: Path) -> None:
    # `learn` reads the desk's corrections from the archive, so it must open the home before the models load.
    rows = [
        {"title": "国家广电总局发布网络视听节目管理通知", "text": "国家广播电视总局发布通知，要求加强网络视听节目管理。", "section": "要闻"},
        {"title": "爱奇艺网络剧定档暑期", "text": "爱奇艺宣布网络剧将于暑期上线播出，共24集。", "section": "内容"},
        {"title": "某公司完成B轮融资", "text": "某视频技术公司宣布完成B轮融资，金额达3亿元。", "section": "资本"},
        {"title": "中超联赛申花胜泰山", "text": "比赛在上海举行，申花2比1胜泰山。", "section": ""},
    ]
    examples = tmp_path / "examples.jsonl"
    examples.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    res = zb("learn", str(examples), "--no-seed", home=home)
    assert res.returncode == 0, res.stderr
    assert "已学习栏目分类器" in res.stdout and "文件 4" in res.stdout
    assert (home / "data" / "models" / "sections.npz").stat().st_size > 0


def test_an_office_of_another_beat_learns_from_its_own_examples_alone(home: Path, tmp_path: Path) -> None:
    # The shipped examples are of 网络视听; a 文旅 office's stories would all be off the beat to them.
    (home / "zhoubao.toml").write_text(
        '[profile]\ntitle = "文旅周报"\n[profile.beat]\nkeywords = ["文旅", "旅游", "游客", "景区"]\n'
        '[[profile.sections]]\nname = "要闻"\n[[profile.sections]]\nname = "市场"\n', encoding="utf-8")
    rows = [
        {"title": "文化和旅游部部署暑期旅游工作", "text": "文化和旅游部召开会议，部署暑期旅游市场工作。", "section": "要闻"},
        {"title": "端午假期国内旅游出游1.19亿人次", "text": "经文化和旅游部数据中心测算，国内旅游出游1.19亿人次。", "section": "市场"},
        {"title": "中超联赛申花胜泰山", "text": "比赛在上海举行，申花2比1胜泰山。", "section": ""},
    ]
    examples = tmp_path / "travel.jsonl"
    examples.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    res = zb("learn", str(examples), home=home)
    assert res.returncode == 0, res.stderr
    assert "文件 3" in res.stdout and "自带 0" in res.stdout
