"""Settings: one documented default per key, user files override, environment overrides files."""

from __future__ import annotations

import dataclasses
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
    in_sections = False
    for i, line in enumerate(lines):
        if line.startswith("["):
            # The keys of each [[profile.sections]] entry are documented once, in [profile.section_defaults].
            in_sections = line.strip() == "[[profile.sections]]"
        m = re.match(r"^([a-z_]+)\s*=", line)
        if not m or in_sections:
            continue
        above = lines[i - 1].strip()
        # A key is documented by the comment right above it (or a multi-line comment block ending there).
        assert above.startswith("#"), f"setting {m.group(1)!r} on line {i + 1} has no comment above it"


def test_defaults_load_and_profile_has_the_seven_sections(tmp_path: Path) -> None:
    s = cfg.load(tmp_path, env={})
    assert [x.name for x in s.profile.sections] == ["要闻", "行业", "内容", "技术", "资本", "人事", "研究"]
    assert s.profile.section("内容").group_by == "platform"
    assert all(sec.keywords and sec.description for sec in s.profile.sections)
    assert s.database.url == ""
    assert s.fetch.allow == frozenset()
    assert len(_keys(cfg.defaults())) > 20


def test_user_file_overrides_only_what_it_sets(tmp_path: Path) -> None:
    (tmp_path / "zhoubao.toml").write_text('[fetch]\ntimeout = 5\n[profile]\ntitle = "测试周报"\n', encoding="utf-8")
    s = cfg.load(tmp_path, env={})
    assert s.fetch.timeout == 5.0
    assert s.fetch.max_redirects == 5
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
    assert s.fetch.timeout == 7.5
    assert s.fetch.allow == {"127.0.0.1:8000", "localhost:9000"}
    assert s.database.url.startswith("postgres://")
    assert s.profile.highlights == 3


def test_home_resolution_order(tmp_path: Path) -> None:
    assert cfg.resolve_home(str(tmp_path), env={"ZHOUBAO_HOME": "/elsewhere"}) == tmp_path
    assert cfg.resolve_home(None, env={"ZHOUBAO_HOME": str(tmp_path)}) == tmp_path
    assert cfg.resolve_home(None, env={}) == Path.cwd()


def test_the_typed_tables_have_exactly_the_keys_of_defaults_toml() -> None:
    """One default per key, written once: the dataclasses give types, defaults.toml gives every value."""
    raw = cfg.defaults()
    for name, cls in cfg._TABLES.items():
        assert {f.name for f in dataclasses.fields(cls)} == set(raw[name]), name
    prof = {f.name for f in dataclasses.fields(cfg.ProfileSpec)}
    assert prof == set(raw["profile"]), prof ^ set(raw["profile"])
    assert {f.name for f in dataclasses.fields(cfg.SectionSpec)} == {"name", *raw["profile"]["section_defaults"]}
    assert {f.name for f in dataclasses.fields(cfg.FooterSpec)} == set(raw["profile"]["footer"])
    assert set(cfg._TABLES) | {"profile"} == set(raw)
    assert {f.name for f in dataclasses.fields(cfg.SmtpSettings)} == set(raw["deliver"]["smtp"])


def test_deliver_smtp_from_the_environment(tmp_path: Path) -> None:
    env = {"ZHOUBAO_DELIVER_SMTP_HOST": "smtp.example.org", "ZHOUBAO_DELIVER_SMTP_PORT": "465",
           "ZHOUBAO_DELIVER_SMTP_SECURITY": "ssl", "ZHOUBAO_DELIVER_SMTP_USER": "zb",
           "ZHOUBAO_DELIVER_SMTP_PASSWORD_ENV": "MY_PW", "ZHOUBAO_DELIVER_SMTP_FROM_ADDR": "zb@example.org",
           "ZHOUBAO_DELIVER_SMTP_PER_MINUTE": "10", "ZHOUBAO_DELIVER_SMTP_ALLOW": "127.0.0.1:2525",
           "ZHOUBAO_DELIVER_ATTACH": "pdf,docx"}
    s = cfg.load(tmp_path, env=env)
    assert s.deliver.smtp == cfg.SmtpSettings("smtp.example.org", 465, "ssl", "zb", "MY_PW", "zb@example.org", 10,
                                              frozenset({"127.0.0.1:2525"}))
    assert s.deliver.attach == ("pdf", "docx") and s.deliver.tries == 3
    with pytest.raises(cfg.ConfigError, match=r"deliver\.smtp\.security"):
        cfg.load(tmp_path, env={"ZHOUBAO_DELIVER_SMTP_SECURITY": "tls"})


def test_settings_are_frozen_and_typed(tmp_path: Path) -> None:
    s = cfg.load(tmp_path, env={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.fetch.timeout = 1.0  # type: ignore[misc]
    assert isinstance(s.classify.weak_beat_words, tuple)
    assert isinstance(s.server.allowed_hosts, tuple)
    assert s.profile.section("要闻").highlight == "lead"  # type: ignore[union-attr]
    assert s.profile.section("研究").weight == cfg.defaults()["profile"]["section_defaults"]["weight"]  # type: ignore[union-attr]


def test_nested_and_list_settings_come_from_the_environment(tmp_path: Path) -> None:
    env = {"ZHOUBAO_PROFILE_FOOTER_OFFICE": "编辑部甲", "ZHOUBAO_SERVER_ALLOWED_HOSTS": "desk.example.org, a.b",
           "ZHOUBAO_SERVER_PRODUCTION": "true"}
    s = cfg.load(tmp_path, env=env)
    assert s.profile.footer.office == "编辑部甲"
    assert s.server.allowed_hosts == ("desk.example.org", "a.b")
    assert s.server.production and s.server.trusts_proxy


def test_the_deployment_guides_older_variable_names_still_work(tmp_path: Path) -> None:
    s = cfg.load(tmp_path, env={"ZHOUBAO_PRODUCTION": "1", "ZHOUBAO_HSTS_SECONDS": "60"})
    assert s.server.production and s.server.hsts_seconds == 60


def test_flags_override_the_environment(tmp_path: Path) -> None:
    s = cfg.load(tmp_path, env={"ZHOUBAO_FETCH_TIMEOUT": "7"}, flags={"fetch": {"timeout": 3.0}})
    assert s.fetch.timeout == 3.0
    with pytest.raises(cfg.ConfigError, match="timeout"):
        cfg.load(tmp_path, env={}, flags={"fetch": {"timeout": "soon"}})


def test_a_profile_round_trips_through_its_table(tmp_path: Path) -> None:
    (tmp_path / "zhoubao.toml").write_text(
        '[profile]\ntitle = "文旅周报"\nfallback_section = "政策"\n[[profile.sections]]\nname = "要闻"\n'
        'highlight = "lead"\n[[profile.sections]]\nname = "政策"\nweight = 0.9\n', encoding="utf-8")
    p = cfg.load(tmp_path, env={}).profile
    assert p.section_names == ["要闻", "政策"] and p.fallback == "政策"
    assert p.section("政策").description == ""  # type: ignore[union-attr]
    assert cfg.ProfileSpec.from_table(p.table()) == p
    assert cfg.ProfileSpec.from_table({**p.table(), "timezone": "Asia/Tokyo"}) == p


def test_a_profile_with_its_own_sections_and_no_fallback_reads_back(tmp_path: Path) -> None:
    # Another beat's sections, no fallback_section: the default's (行业) is not among them. The archive stores the
    # table and every build and export reads it back; that must not fail.
    (tmp_path / "zhoubao.toml").write_text(
        '[profile]\ntitle = "文旅周报"\n[[profile.sections]]\nname = "要闻"\n[[profile.sections]]\nname = "市场"\n',
        encoding="utf-8")
    p = cfg.load(tmp_path, env={}).profile
    assert p.fallback == "要闻"
    again = cfg.ProfileSpec.from_table(p.table())
    assert again == p and again.fallback == "要闻"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[profile]\nfallback_section = "无此栏"\n', "fallback_section"),
        ('[[profile.sections]]\nname = "甲"\nhighlight = "top"\n', "highlight"),
        ('[[profile.sections]]\nname = "甲"\nweigth = 1.0\n', "weight"),
        ('[profile.beat]\nkinds = ["leadership", "sports"]\n', "sports"),
    ],
)
def test_bad_profile_settings_are_refused(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "zhoubao.toml").write_text(text, encoding="utf-8")
    with pytest.raises(cfg.ConfigError, match=needle):
        cfg.load(tmp_path, env={})
