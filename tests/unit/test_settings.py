"""Settings: one documented default per key, user files override, environment overrides files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhoubao.conf import settings as cfg


def _keys(table: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in table.items():
        if isinstance(v, dict):
            out += _keys(v, f"{prefix}{k}.")
        elif k != "sections":
            out.append(prefix + k)
    return out


def test_every_default_key_is_documented_by_a_comment() -> None:
    lines = cfg.defaults_text().splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^([a-z_]+)\s*=", line)
        if not m or m.group(1) in ("name", "description", "keywords", "group_by"):
            continue
        above = lines[i - 1].strip()
        # A key is documented by the comment right above it (or a multi-line comment block ending there).
        assert above.startswith("#"), f"setting {m.group(1)!r} on line {i + 1} has no comment above it"


def test_defaults_load_and_profile_has_the_seven_sections(tmp_path: Path) -> None:
    s = cfg.load(tmp_path, env={})
    assert [x.name for x in s.profile.sections] == ["要闻", "行业", "内容", "技术", "资本", "人事", "研究"]
    assert s.profile.section("内容").group_by == "platform"
    assert all(sec.keywords and sec.description for sec in s.profile.sections)
    assert s.database_url == ""
    assert s.fetch_allow == frozenset()
    assert len(_keys(s.raw)) > 20


def test_user_file_overrides_only_what_it_sets(tmp_path: Path) -> None:
    (tmp_path / "zhoubao.toml").write_text('[fetch]\ntimeout = 5\n[profile]\ntitle = "测试周报"\n', encoding="utf-8")
    s = cfg.load(tmp_path, env={})
    assert s.get("fetch", "timeout") == 5.0
    assert s.get("fetch", "max_redirects") == 5
    assert s.profile.title == "测试周报"
    assert s.profile.publisher == cfg.defaults()["profile"]["publisher"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[fetch]\ntimout = 5\n", "timeout"),  # typo gets a suggestion
        ("[fetch]\ntimeout = \"fast\"\n", "fetch.timeout"),
        ("[profile]\ncjk_spacing = \"wide\"\n", "cjk_spacing"),
        ("[nosuch]\nx = 1\n", "nosuch"),
        ("[[profile.sections]]\nname = \"甲\"\n[[profile.sections]]\nname = \"甲\"\n", "重复"),
        ("[profile\n", "无法解析"),
    ],
)
def test_bad_settings_are_refused_with_a_pointed_message(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "zhoubao.toml").write_text(text, encoding="utf-8")
    with pytest.raises(cfg.ConfigError, match=needle):
        cfg.load(tmp_path, env={})


def test_environment_overrides_files(tmp_path: Path) -> None:
    (tmp_path / "zhoubao.toml").write_text("[fetch]\ntimeout = 5\n", encoding="utf-8")
    env = {"ZHOUBAO_FETCH_TIMEOUT": "7.5", "ZHOUBAO_FETCH_ALLOW": "127.0.0.1:8000, Localhost:9000",
           "DATABASE_URL": "postgres://u:p@db:5432/zb", "ZHOUBAO_PROFILE_HIGHLIGHTS": "3"}
    s = cfg.load(tmp_path, env=env)
    assert s.get("fetch", "timeout") == 7.5
    assert s.fetch_allow == {"127.0.0.1:8000", "localhost:9000"}
    assert s.database_url.startswith("postgres://")
    assert s.profile.highlights == 3


def test_home_resolution_order(tmp_path: Path) -> None:
    assert cfg.resolve_home(str(tmp_path), env={"ZHOUBAO_HOME": "/elsewhere"}) == tmp_path
    assert cfg.resolve_home(None, env={"ZHOUBAO_HOME": str(tmp_path)}) == tmp_path
    assert cfg.resolve_home(None, env={}) == Path.cwd()
