"""Each default is written once, in conf/defaults.toml: the time zone, the user agent and the section names appear
nowhere else in the code (stages get them from the settings or the profile)."""

from __future__ import annotations

import ast
from pathlib import Path

import zhoubao
from zhoubao.conf.settings import defaults

SRC = Path(zhoubao.__file__).parent


def _constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _python() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def test_the_defaults_that_were_written_many_times_are_written_once() -> None:
    d = defaults()
    banned = {d["collect"]["timezone"]: "the time zone", d["fetch"]["user_agent"]: "the user agent"}
    banned.update({s["name"]: "a section name" for s in d["profile"]["sections"]})
    found = []
    for path in _python():
        for line, value in _constants(path):
            if value in banned or "zhoubao/0." in value or "Asia/Shanghai" in value:
                found.append(f"{path.relative_to(SRC)}:{line}: {value!r} ({banned.get(value, 'a default')})")
    assert not found, "defaults written outside defaults.toml:\n" + "\n".join(found)


def test_the_check_finds_a_literal(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text('TZ = "Asia/Shanghai"\nS = "要闻"\n', encoding="utf-8")
    assert [v for _, v in _constants(sample)] == ["Asia/Shanghai", "要闻"]
