"""Open a zhoubao home: its settings (defaults < zhoubao.toml < environment < flags) and its archive.

Importable before any archive is open (the command line starts here): it imports no model at module level.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zhoubao.archive.db import open_home
from zhoubao.conf.settings import CONFIG_NAME, Settings, defaults_text, load


def open_settings(home: Path, flags: Mapping[str, Mapping[str, Any]] | None = None) -> Settings:
    """Load and validate the home's settings and open its database (migrated)."""
    settings = load(home, flags=flags)
    open_home(home, settings=settings)
    return settings


def init_home(home: Path) -> tuple[Settings, bool]:
    """Create the home (zhoubao.toml with every default, data/, the database, the profile); idempotent."""
    home.mkdir(parents=True, exist_ok=True)
    cfg = home / CONFIG_NAME
    created = not cfg.exists()
    if created:
        cfg.write_text(defaults_text(), encoding="utf-8")
    settings = load(home)
    open_home(home, create=True, settings=settings)
    from zhoubao.archive.profiles import sync_profile  # models import once the archive is open

    sync_profile(settings)
    return settings, created
