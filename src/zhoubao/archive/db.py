"""Open the archive for a home: configure Django once per process and apply migrations."""

from __future__ import annotations

import os
from pathlib import Path

from zhoubao.conf.settings import Settings, activate, load
from zhoubao.errors import ZhoubaoError

_READY: Path | None = None


class HomeError(ZhoubaoError):
    """The home is missing or unusable; the message says what to run."""


def open_home(home: Path, *, migrate: bool = True, create: bool = False, settings: Settings | None = None) -> None:
    """Point Django at this home's database (and settings, as loaded by the caller) and bring its schema up to
    date."""
    global _READY
    if _READY is not None:
        if home != _READY:
            raise RuntimeError(f"archive already opened for {_READY}, cannot switch to {home} in one process")
        return
    if not create and not (home / "zhoubao.toml").exists() and not (home / "data").is_dir():
        raise HomeError(f"{home} 不是 zhoubao 目录：先运行 zhoubao init {home}，或用 --home 指定目录")
    (home / "data").mkdir(parents=True, exist_ok=True)
    activate(settings if settings is not None else load(home))
    os.environ["ZHOUBAO_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhoubao.conf.django_settings")
    import django

    django.setup()
    _READY = home
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
