"""Settings: one documented default per key (defaults.toml), a home's zhoubao.toml on top, then the environment."""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from zhoubao.errors import ZhoubaoError

CONFIG_NAME = "zhoubao.toml"


class ConfigError(ZhoubaoError):
    """A setting is unknown or has the wrong type; the message says which and how to fix it."""


def defaults_text() -> str:
    return resources.files("zhoubao.conf").joinpath("defaults.toml").read_text(encoding="utf-8")


def defaults() -> dict[str, Any]:
    return tomllib.loads(defaults_text())


@dataclass(frozen=True)
class SectionSpec:
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    group_by: str = ""


@dataclass(frozen=True)
class FooterSpec:
    office: str
    editors: tuple[str, ...]
    reviewers: tuple[str, ...]
    note: str
    report_to: tuple[str, ...]
    send_to: tuple[str, ...]


@dataclass(frozen=True)
class ProfileSpec:
    key: str
    title: str
    publisher: str
    first_number: int
    highlights: int
    bullet: str
    cjk_spacing: str
    traditional_to_simplified: bool
    beat_keywords: tuple[str, ...]
    beat_exclude: tuple[str, ...]
    footer: FooterSpec
    sections: tuple[SectionSpec, ...]

    def section(self, name: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.name == name), None)


@dataclass(frozen=True)
class Settings:
    home: Path
    raw: dict[str, Any] = field(repr=False)

    def get(self, table: str, key: str) -> Any:
        return self.raw[table][key]

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def database_url(self) -> str:
        return str(self.raw["database"]["url"])

    @property
    def fetch_allow(self) -> frozenset[str]:
        return frozenset(str(a).strip().lower() for a in self.raw["fetch"]["allow"] if str(a).strip())

    @property
    def timezone(self) -> str:
        return str(self.raw["collect"]["timezone"])

    @property
    def profile(self) -> ProfileSpec:
        p = self.raw["profile"]
        f = p["footer"]
        return ProfileSpec(
            key=p["key"],
            title=p["title"],
            publisher=p["publisher"],
            first_number=int(p["first_number"]),
            highlights=int(p["highlights"]),
            bullet=p["bullet"],
            cjk_spacing=p["cjk_spacing"],
            traditional_to_simplified=bool(p["traditional_to_simplified"]),
            beat_keywords=tuple(p["beat"]["keywords"]),
            beat_exclude=tuple(p["beat"]["exclude"]),
            footer=FooterSpec(
                office=f["office"],
                editors=tuple(f["editors"]),
                reviewers=tuple(f["reviewers"]),
                note=f["note"],
                report_to=tuple(f["report_to"]),
                send_to=tuple(f["send_to"]),
            ),
            sections=tuple(
                SectionSpec(s["name"], s.get("description", ""), tuple(s.get("keywords", ())), s.get("group_by", ""))
                for s in p["sections"]
            ),
        )


_CHOICES = {("profile", "cjk_spacing"): ("none", "space")}


def _check_type(path: str, default: Any, value: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{path} 应为 true 或 false，而不是 {value!r}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{path} 应为数字，而不是 {value!r}")
        return float(value)
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{path} 应为整数，而不是 {value!r}")
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{path} 应为字符串，而不是 {value!r}")
        return value
    if isinstance(default, list):
        if not isinstance(value, list):
            raise ConfigError(f"{path} 应为列表，而不是 {value!r}")
        return value
    return value


def _merge(path: str, base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        where = f"{path}.{key}" if path else key
        if key not in base:
            hint = difflib.get_close_matches(key, list(base), n=1)
            extra = f"（是不是 {hint[0]}？）" if hint else ""
            raise ConfigError(f"未知设置 {where}{extra}；所有设置及默认值见 zhoubao init 生成的 zhoubao.toml")
        default = base[key]
        if key == "sections" and path == "profile":
            out[key] = _sections(value, default[0])
        elif isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where} 应为表（[{where}]）")
            out[key] = _merge(where, default, value)
        else:
            out[key] = _check_type(where, default, value)
            choices = _CHOICES.get((path, key))
            if choices and out[key] not in choices:
                raise ConfigError(f"{where} 只能是 {' 或 '.join(choices)}，而不是 {out[key]!r}")
    return out


def _sections(value: Any, template: dict[str, Any]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise ConfigError("profile.sections 应为至少一个 [[profile.sections]] 表")
    blank = {"name": "", "description": "", "keywords": [], "group_by": ""}
    seen: set[str] = set()
    out = []
    for i, sec in enumerate(value):
        if not isinstance(sec, dict):
            raise ConfigError(f"profile.sections[{i}] 应为表")
        merged = _merge(f"profile.sections[{i}]", {**blank, **{k: blank[k] for k in template}}, sec)
        if not merged["name"]:
            raise ConfigError(f"profile.sections[{i}] 缺少 name")
        if merged["name"] in seen:
            raise ConfigError(f"栏目 {merged['name']} 重复")
        if merged["group_by"] not in ("", "platform"):
            raise ConfigError(f"profile.sections[{i}].group_by 只能是 \"platform\" 或 \"\"")
        seen.add(merged["name"])
        out.append(merged)
    return out


def _env_overrides(raw: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    over: dict[str, Any] = {}
    if env.get("DATABASE_URL"):
        over.setdefault("database", {})["url"] = env["DATABASE_URL"]
    if "ZHOUBAO_FETCH_ALLOW" in env:
        items = [a.strip() for a in env["ZHOUBAO_FETCH_ALLOW"].split(",") if a.strip()]
        over.setdefault("fetch", {})["allow"] = items
    for name, text in env.items():
        if not name.startswith("ZHOUBAO_") or name in ("ZHOUBAO_HOME", "ZHOUBAO_FETCH_ALLOW"):
            continue
        parts = name[len("ZHOUBAO_") :].lower().split("_", 1)
        if len(parts) != 2:
            continue
        table, key = parts
        if table in raw and isinstance(raw[table], dict) and key in raw[table]:
            default = raw[table][key]
            if isinstance(default, dict | list):
                continue
            over.setdefault(table, {})[key] = _parse_env(name, default, text)
    return over


def _parse_env(name: str, default: Any, text: str) -> Any:
    try:
        if isinstance(default, bool):
            return text.strip().lower() in ("1", "true", "yes", "on")
        if isinstance(default, float):
            return float(text)
        if isinstance(default, int):
            return int(text)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 的值 {text!r} 不是数字") from None
    return text


def load(home: Path, env: dict[str, str] | None = None) -> Settings:
    """Read defaults, the home's zhoubao.toml and the environment, validating every key."""
    env = dict(os.environ) if env is None else env
    raw = defaults()
    path = home / CONFIG_NAME
    if path.exists():
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} 无法解析：{exc}") from None
        raw = _merge("", raw, user)
    raw = _merge("", raw, _env_overrides(raw, env))
    return Settings(home=home, raw=raw)


def resolve_home(arg: str | None, env: dict[str, str] | None = None) -> Path:
    """--home, else ZHOUBAO_HOME, else the current directory."""
    env = dict(os.environ) if env is None else env
    if arg:
        return Path(arg).expanduser().resolve()
    if env.get("ZHOUBAO_HOME"):
        return Path(env["ZHOUBAO_HOME"]).expanduser().resolve()
    return Path.cwd()
