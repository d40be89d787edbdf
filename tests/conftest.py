"""Test-wide set-up: a throw-away zhoubao home, loopback-only networking."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Django settings read ZHOUBAO_HOME at import: point them at a scratch home before pytest-django loads them.
_HOME = Path(tempfile.mkdtemp(prefix="zhoubao-test-home-"))
(_HOME / "data").mkdir(exist_ok=True)
os.environ["ZHOUBAO_HOME"] = str(_HOME)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhoubao.conf.django_settings")
# Second safety net behind the guard: the fetcher refuses to connect anywhere but 127.0.0.0/8 under test.
os.environ["ZHOUBAO_TEST_LOOPBACK_ONLY"] = "1"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"
