"""Settings: defaults.toml < the home's zhoubao.toml < environment < command-line flags, as one frozen typed object.

Every key has exactly one default, in defaults.toml; the dataclasses below only give each table a type, and a
test checks that their fields and the file's keys are the same. Stages take the part they need (settings.fetch,
settings.draft …) as a parameter; nothing below the shells reads the environment.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import functools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import time, timedelta
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from zhoubao.conf.deliver import (
    SECURITY,
    WEBHOOK_CONTENT,
    WEBHOOK_KINDS,
    DeliverSettings,
    SmtpSettings,
    WebhookSettings,
)
from zhoubao.conf.errors import ConfigError

CONFIG_NAME = "zhoubao.toml"
HOME_ENV = "ZHOUBAO_HOME"
ENV_PREFIX = "ZHOUBAO_"


def defaults_text() -> str:
    return resources.files("zhoubao.conf").joinpath("defaults.toml").read_text(encoding="utf-8")


@functools.cache
def _defaults() -> dict[str, Any]:
    raw = tomllib.loads(defaults_text())
    # [[deliver.webhook]] tables are added by the user: a `webhook = []` written in defaults.toml (which
    # `zhoubao init` copies) would make such a table a TOML error, so its default (none) is given here.
    raw["deliver"].setdefault("webhook", [])
    return raw


def defaults() -> dict[str, Any]:
    """Every setting's default, as a fresh dict (parsed once per process)."""
    return copy.deepcopy(_defaults())


# -- the typed tables ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DatabaseSettings:
    url: str


@dataclass(frozen=True)
class FetchSettings:
    allow: frozenset[str]
    user_agent: str
    timeout: float
    max_bytes: int
    max_redirects: int
    per_host: int
    delay: float
    robots: bool


@dataclass(frozen=True)
class CollectSettings:
    max_items_per_source: int
    disable_after: int
    timezone: str
    extract_cpu_seconds: float
    extract_memory_mb: int
    extract_wall_seconds: float
    max_file_bytes: int


@dataclass(frozen=True)
class BuildSettings:
    days: int
    max_items_per_section: int
    dedupe_threshold: float
    context_days: int


@dataclass(frozen=True)
class CoverageSettings:
    baseline_weeks: int
    yield_drop: float
    volume_drop: float
    min_reports: int
    usual_weeks: int

    def __post_init__(self) -> None:
        if self.baseline_weeks < 1:
            raise ConfigError(f"coverage.baseline_weeks 至少为 1，而不是 {self.baseline_weeks}")
        if not 0 < self.yield_drop <= 1 or not 0 < self.volume_drop <= 1:
            raise ConfigError("coverage.yield_drop 与 coverage.volume_drop 应在 0 与 1 之间（不含 0）")
        if not 1 <= self.usual_weeks <= self.baseline_weeks:
            raise ConfigError(f"coverage.usual_weeks 应在 1 与 coverage.baseline_weeks 之间，而不是 {self.usual_weeks}")


@dataclass(frozen=True)
class DedupeSettings:
    max_days: float
    work_days: float
    embeddings: bool
    embed_limit: int


@dataclass(frozen=True)
class ClassifySettings:
    learned: bool
    learned_weight: float
    embeddings: bool
    embed_limit: int
    offbeat_threshold: float
    offbeat_sure: float
    weak_beat_words: tuple[str, ...]


@dataclass(frozen=True)
class DraftSettings:
    max_sentences: int
    max_chars: int


@dataclass(frozen=True)
class LLMSettings:
    enabled: bool
    url: str
    model: str
    api_key_env: str
    timeout: float
    max_stories: int


@dataclass(frozen=True)
class ServerSettings:
    production: bool
    debug: bool
    allowed_hosts: tuple[str, ...]
    csrf_trusted_origins: tuple[str, ...]
    trust_x_forwarded_for: bool
    ssl_redirect: bool
    hsts_seconds: int
    hsts_subdomains: bool
    hsts_preload: bool
    login_failures: int
    login_window_seconds: int
    secret_key_env: str

    @property
    def trusts_proxy(self) -> bool:
        return self.production or self.trust_x_forwarded_for


@dataclass(frozen=True)
class ProofreadSettings:
    people_file: str
    names_file: str
    banned_words: tuple[str, ...]
    duplicate_threshold: float

    def __post_init__(self) -> None:
        if not 0 < self.duplicate_threshold <= 1:
            raise ConfigError(f"proofread.duplicate_threshold 应在 0 与 1 之间（不含 0），而不是 {self.duplicate_threshold}")


@dataclass(frozen=True)
class RenderSettings:
    cjk_font_dir: str


@dataclass(frozen=True)
class JobsSettings:
    broker: str
    allow: frozenset[str]
    password_env: str
    threads: int
    stop_timeout: float
    stale_after: float

    def __post_init__(self) -> None:
        if self.broker and not self.broker.startswith(("redis://", "rediss://")):
            raise ConfigError(f"jobs.broker 应为空（内置 SQLite 队列）或 redis://主机:端口/库号，而不是 {self.broker!r}")
        if self.threads < 1:
            raise ConfigError(f"jobs.threads 至少为 1，而不是 {self.threads}")
        if self.stop_timeout < 0:
            raise ConfigError(f"jobs.stop_timeout 不能为负数：{self.stop_timeout}")
        if self.stale_after < 10:
            raise ConfigError(f"jobs.stale_after 至少为 10 秒，而不是 {self.stale_after}")


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_duration(text: str, where: str = "") -> timedelta:
    """"30m", "12h", "1d", "90s" as a timedelta; ConfigError naming `where` otherwise."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", text or "")
    if not m:
        raise ConfigError(f"{where or '时长'} 应为数字加单位 s、m、h 或 d（如 \"30m\"），而不是 {text!r}")
    return timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2)])


def parse_weekly(text: str, where: str = "") -> tuple[int, time] | None:
    """"mon 07:30" as (weekday 0–6, time); "" as None (never); ConfigError naming `where` otherwise."""
    if not text.strip():
        return None
    m = re.fullmatch(r"\s*([a-z]{3})\s+(\d{1,2}):(\d{2})\s*", text.lower())
    if not m or m.group(1) not in WEEKDAYS or int(m.group(2)) > 23 or int(m.group(3)) > 59:
        raise ConfigError(f"{where or '时间'} 应为星期（{'/'.join(WEEKDAYS)}）加时刻，如 \"mon 07:30\"，"
                          f"或 \"\" 表示从不，而不是 {text!r}")
    return WEEKDAYS.index(m.group(1)), time(int(m.group(2)), int(m.group(3)))


MIN_COLLECT_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class ScheduleSettings:
    collect_every: str
    build_at: str
    remind_after: str

    def __post_init__(self) -> None:
        if self.every < MIN_COLLECT_EVERY:
            raise ConfigError(f"schedule.collect_every 至少为 \"1m\"，而不是 {self.collect_every!r}")
        parse_weekly(self.build_at, "schedule.build_at")
        if self.remind_after.strip():
            parse_duration(self.remind_after, "schedule.remind_after")

    @property
    def every(self) -> timedelta:
        """How often the due sources become collect jobs."""
        return parse_duration(self.collect_every, "schedule.collect_every")

    @property
    def build_time(self) -> tuple[int, time] | None:
        """(weekday, time) the week's draft is built at, in the profile's time zone; None: never."""
        return parse_weekly(self.build_at, "schedule.build_at")

    @property
    def remind(self) -> timedelta | None:
        """How long an issue may wait in review before reviewers are reminded; None: never."""
        return parse_duration(self.remind_after, "schedule.remind_after") if self.remind_after.strip() else None


@dataclass(frozen=True)
class SectionSpec:
    name: str
    description: str
    keywords: tuple[str, ...]
    group_by: str
    weight: float
    highlight: str


@dataclass(frozen=True)
class FooterSpec:
    office: str
    editors: tuple[str, ...]
    reviewers: tuple[str, ...]
    note: str
    report_to: tuple[str, ...]
    send_to: tuple[str, ...]


# The kinds of story a weekly carries whatever its beat's words ([profile.beat] kinds; zhoubao.classify.kinds).
BEAT_KINDS = ("leadership", "statistics", "research", "foreign")


@dataclass(frozen=True)
class BeatSpec:
    keywords: tuple[str, ...]
    exclude: tuple[str, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class ProfileSpec:
    """One weekly: masthead, house style, beat, lexicon, footer and sections (zhoubao.toml's [profile])."""

    key: str
    title: str
    publisher: str
    first_number: int
    highlights: int
    bullet: str
    cjk_spacing: str
    traditional_to_simplified: bool
    allow_self_approval: bool
    public: bool
    fallback_section: str
    beat: BeatSpec
    lexicon: Mapping[str, tuple[str, ...]]
    footer: FooterSpec
    section_defaults: Mapping[str, Any]
    sections: tuple[SectionSpec, ...]

    @property
    def beat_keywords(self) -> tuple[str, ...]:
        return self.beat.keywords

    @property
    def beat_exclude(self) -> tuple[str, ...]:
        return self.beat.exclude

    @property
    def section_names(self) -> list[str]:
        return [s.name for s in self.sections]

    def section(self, name: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.name == name), None)

    def sections_with(self, highlight: str) -> list[str]:
        """Names of the sections that give 摘要 lines in this way ("lead" or "consequence")."""
        return [s.name for s in self.sections if s.highlight == highlight]

    @property
    def fallback(self) -> str:
        """The section for a story nothing points elsewhere: the configured one if the profile still has it."""
        names = self.section_names
        return self.fallback_section if self.fallback_section in names else names[0]

    def table(self) -> dict[str, Any]:
        """The profile as zhoubao.toml's [profile] table (what the archive stores and the desk edits)."""
        table: dict[str, Any] = _plain(self)
        return table

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> ProfileSpec:
        """A profile from a [profile] table, validated against the defaults (keys left out keep them; keys the
        archive stores beside the profile, such as its time zone, are not the profile's and are left out)."""
        base = defaults()["profile"]
        given = {k: v for k, v in table.items() if k in base}
        # A profile with sections of its own and no fallback_section of its own carries the default's, which its
        # sections lack (the `fallback` property then takes the first section): not an error when read back.
        names = [s.get("name") for s in given.get("sections", []) if isinstance(s, Mapping)]
        if names and given.get("fallback_section") not in names:
            given.pop("fallback_section", None)
        merged = _merge("profile", base, given)
        return _profile(merged)


@dataclass(frozen=True)
class Settings:
    """Every setting of one home, typed and frozen."""

    home: Path
    database: DatabaseSettings
    fetch: FetchSettings
    collect: CollectSettings
    build: BuildSettings
    coverage: CoverageSettings
    dedupe: DedupeSettings
    classify: ClassifySettings
    draft: DraftSettings
    llm: LLMSettings
    server: ServerSettings
    render: RenderSettings
    proofread: ProofreadSettings
    jobs: JobsSettings
    schedule: ScheduleSettings
    deliver: DeliverSettings
    profile: ProfileSpec

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def timezone(self) -> str:
        return self.collect.timezone

    def with_profile(self, profile: ProfileSpec) -> Settings:
        return dataclasses.replace(self, profile=profile)


# -- building the typed object from tables ---------------------------------------------------------------------

T = TypeVar("T")

# Tables of Settings and the types they become (profile is built by _profile).
_TABLES: dict[str, type[Any]] = {
    "database": DatabaseSettings, "fetch": FetchSettings, "collect": CollectSettings, "build": BuildSettings,
    "coverage": CoverageSettings, "dedupe": DedupeSettings, "classify": ClassifySettings, "draft": DraftSettings, "llm": LLMSettings,
    "server": ServerSettings, "render": RenderSettings, "proofread": ProofreadSettings, "jobs": JobsSettings, "schedule": ScheduleSettings,
    "deliver": DeliverSettings,
}
# Tables inside a table ([deliver.smtp]) and their types, by the field that holds them.
_NESTED: dict[str, type[Any]] = {"smtp": SmtpSettings}


def _typed(cls: type[T], table: Mapping[str, Any]) -> T:
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        v = table[f.name]
        if isinstance(v, dict) and f.name in _NESTED:
            v = _typed(_NESTED[f.name], v)
        elif isinstance(v, dict) and f.name == "webhook_defaults":
            v = MappingProxyType(dict(v))
        elif isinstance(v, list) and f.name == "webhook":
            v = tuple(_typed(WebhookSettings, {**table["webhook_defaults"], **w}) for w in v)
        elif isinstance(v, list):
            v = frozenset(str(a).strip().lower() for a in v if str(a).strip()) if f.name.endswith("allow") \
                else tuple(v)
        values[f.name] = v
    return cls(**values)


def _profile(p: Mapping[str, Any]) -> ProfileSpec:
    base = p["section_defaults"]
    sections = tuple(_typed(SectionSpec, {**base, **s}) for s in p["sections"])
    return ProfileSpec(
        key=p["key"], title=p["title"], publisher=p["publisher"], first_number=int(p["first_number"]),
        highlights=int(p["highlights"]), bullet=p["bullet"], cjk_spacing=p["cjk_spacing"],
        traditional_to_simplified=bool(p["traditional_to_simplified"]),
        allow_self_approval=bool(p["allow_self_approval"]), public=bool(p["public"]),
        fallback_section=p["fallback_section"],
        beat=_typed(BeatSpec, p["beat"]),
        lexicon=MappingProxyType({k: tuple(v) for k, v in p["lexicon"].items()}),
        footer=_typed(FooterSpec, p["footer"]),
        section_defaults=MappingProxyType(dict(base)),
        sections=sections,
    )


def _plain(value: Any) -> Any:
    """Dataclasses, mappings, tuples and sets back into TOML-shaped dicts and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def _settings(home: Path, raw: Mapping[str, Any]) -> Settings:
    tables = {name: _typed(cls, raw[name]) for name, cls in _TABLES.items()}
    return Settings(home=home, profile=_profile(raw["profile"]), **tables)


# -- validation and merging ---------------------------------------------------------------------------------------

_CHOICES = {
    ("profile", "cjk_spacing"): ("none", "space"),
    ("deliver.smtp", "security"): SECURITY,
}
_SECTION_CHOICES = {"group_by": ("", "platform"), "highlight": ("", "lead", "consequence")}


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
            continue  # checked below, against section_defaults as merged
        if key == "webhook" and path == "deliver":
            continue  # checked below, against webhook_defaults as merged
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where} 应为表（[{where}]）")
            out[key] = _merge(where, default, value)
        else:
            out[key] = _check_type(where, default, value)
            choices = _CHOICES.get((path, key))
            if choices and out[key] not in choices:
                raise ConfigError(f"{where} 只能是 {' 或 '.join(choices)}，而不是 {out[key]!r}")
            if (path, key) == ("profile.beat", "kinds"):
                unknown = [k for k in out[key] if k not in BEAT_KINDS]
                if unknown:
                    raise ConfigError(f"{where} 的每一项只能是 {'、'.join(BEAT_KINDS)} 之一，而不是 {unknown[0]!r}")
    if path == "deliver":
        out["webhook"] = _webhooks(over.get("webhook", base["webhook"]), out["webhook_defaults"])
    if path == "profile":
        out["sections"] = _sections(over.get("sections", base["sections"]), out["section_defaults"])
        names = [s["name"] for s in out["sections"]]
        if "fallback_section" in over and out["fallback_section"] not in names:
            raise ConfigError(f"profile.fallback_section {out['fallback_section']!r} 不是栏目之一："
                              f"{'、'.join(names)}")
    return out


def _webhooks(value: Any, template: dict[str, Any]) -> list[dict[str, Any]]:
    """[[deliver.webhook]] tables, each checked against [deliver.webhook_defaults]."""
    if not isinstance(value, list):
        raise ConfigError("deliver.webhook 应为 [[deliver.webhook]] 表")
    out = []
    for i, hook in enumerate(value):
        where = f"deliver.webhook[{i}]"
        if not isinstance(hook, dict):
            raise ConfigError(f"{where} 应为表")
        merged = _merge(where, template, hook)
        if merged["kind"] not in WEBHOOK_KINDS:
            raise ConfigError(f"{where}.kind 只能是 {' 或 '.join(WEBHOOK_KINDS)}，而不是 {merged['kind']!r}")
        if merged["content"] not in WEBHOOK_CONTENT:
            raise ConfigError(f"{where}.content 只能是 {' 或 '.join(WEBHOOK_CONTENT)}，而不是 {merged['content']!r}")
        if not re.fullmatch(r"https?://\S+", merged["url"]):
            raise ConfigError(f"{where}.url 应为 http:// 或 https:// 开头的网址，而不是 {merged['url']!r}")
        out.append(merged)
    return out


def _sections(value: Any, template: dict[str, Any]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise ConfigError("profile.sections 应为至少一个 [[profile.sections]] 表")
    seen: set[str] = set()
    out = []
    for i, sec in enumerate(value):
        if not isinstance(sec, dict):
            raise ConfigError(f"profile.sections[{i}] 应为表")
        merged = _merge(f"profile.sections[{i}]", {"name": "", **template}, sec)
        if not merged["name"]:
            raise ConfigError(f"profile.sections[{i}] 缺少 name")
        if merged["name"] in seen:
            raise ConfigError(f"栏目 {merged['name']} 重复")
        for key, choices in _SECTION_CHOICES.items():
            if merged[key] not in choices:
                shown = " 或 ".join(f'"{c}"' for c in choices)
                raise ConfigError(f"profile.sections[{i}].{key} 只能是 {shown}")
        seen.add(merged["name"])
        out.append(merged)
    return out


# -- the environment --------------------------------------------------------------------------------------------

# Names the desk's deployment documents used before every setting had its ZHOUBAO_<TABLE>_<KEY> name.
LEGACY_ENV = {
    "ZHOUBAO_PRODUCTION": ("server", "production"),
    "ZHOUBAO_DEBUG": ("server", "debug"),
    "ZHOUBAO_ALLOWED_HOSTS": ("server", "allowed_hosts"),
    "ZHOUBAO_CSRF_TRUSTED_ORIGINS": ("server", "csrf_trusted_origins"),
    "ZHOUBAO_TRUST_X_FORWARDED_FOR": ("server", "trust_x_forwarded_for"),
    "ZHOUBAO_SSL_REDIRECT": ("server", "ssl_redirect"),
    "ZHOUBAO_HSTS_SECONDS": ("server", "hsts_seconds"),
    "ZHOUBAO_HSTS_SUBDOMAINS": ("server", "hsts_subdomains"),
    "ZHOUBAO_HSTS_PRELOAD": ("server", "hsts_preload"),
    "ZHOUBAO_LOGIN_FAILURES": ("server", "login_failures"),
    "ZHOUBAO_LOGIN_WINDOW_SECONDS": ("server", "login_window_seconds"),
    "ZHOUBAO_CJK_FONT_DIR": ("render", "cjk_font_dir"),
}


def env_names(raw: Mapping[str, Any], prefix: str = ENV_PREFIX) -> dict[str, tuple[str, ...]]:
    """ZHOUBAO_<TABLE>_<KEY> for every setting a variable may set (the sections are set in files only)."""
    out: dict[str, tuple[str, ...]] = {}

    def walk(table: Mapping[str, Any], path: tuple[str, ...]) -> None:
        for key, value in table.items():
            if key in ("sections", "lexicon", "section_defaults", "webhook", "webhook_defaults"):
                continue
            here = (*path, key)
            if isinstance(value, dict):
                walk(value, here)
            else:
                out[prefix + "_".join(here).upper()] = here
    walk(raw, ())
    return out


def _env_overrides(raw: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    over: dict[str, Any] = {}
    names = {**{k: v for k, v in LEGACY_ENV.items()}, **env_names(raw)}
    if env.get("DATABASE_URL"):
        names["DATABASE_URL"] = ("database", "url")
    for name, path in names.items():
        if name not in env:
            continue
        default: Any = raw
        for part in path:
            default = default[part]
        table = over
        for part in path[:-1]:
            table = table.setdefault(part, {})
        table[path[-1]] = _parse_env(name, default, env[name])
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
    if isinstance(default, list):
        return [x.strip() for x in text.split(",") if x.strip()]
    return text


# -- loading ---------------------------------------------------------------------------------------------------

def load(home: Path, env: Mapping[str, str] | None = None,
         flags: Mapping[str, Mapping[str, Any]] | None = None) -> Settings:
    """Read defaults, the home's zhoubao.toml, the environment and the command line's flags, validating each."""
    env = os.environ if env is None else env
    raw = defaults()
    path = home / CONFIG_NAME
    if path.exists():
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} 无法解析：{exc}") from None
        raw = _merge("", raw, user)
    raw = _merge("", raw, _env_overrides(raw, env))
    if flags:
        raw = _merge("", raw, {k: dict(v) for k, v in flags.items()})
    return _settings(home, raw)


def resolve_home(arg: str | None, env: Mapping[str, str] | None = None) -> Path:
    """--home, else ZHOUBAO_HOME, else the current directory."""
    env = os.environ if env is None else env
    if arg:
        return Path(arg).expanduser().resolve()
    if env.get(HOME_ENV):
        return Path(env[HOME_ENV]).expanduser().resolve()
    return Path.cwd()


def secret(variable: str) -> str:
    """The value of the environment variable a setting names for a secret (a key, a password); "" if unset.

    Secrets never sit in zhoubao.toml: settings such as [llm] api_key_env name the variable that holds one."""
    return os.environ.get(variable, "") if variable else ""


# The settings the process opened its home with (the Django settings module reads them; see archive.db).
_ACTIVE: Settings | None = None


def activate(settings: Settings) -> None:
    global _ACTIVE
    _ACTIVE = settings


def active() -> Settings:
    """The settings of the home this process opened, else those of ZHOUBAO_HOME (a WSGI server's start)."""
    return _ACTIVE if _ACTIVE is not None else load(resolve_home(None))
