"""Test-wide set-up: a throw-away zhoubao home, loopback-only networking (here and in every child Python)."""

from __future__ import annotations

import os
from pathlib import Path

# The scratch home is made by tests/django_settings.py (pytest-django imports it before this file);
# importing it here covers runs without the Django plugin.
import tests.django_settings  # noqa: F401
from tests.netbelt import loopback_belt

loopback_belt.install()
loopback_belt.belt_transport()
# Every Python a test starts (the command line, the desk, worker processes) inherits the belt.
os.environ["PYTHONPATH"] = loopback_belt.subprocess_pythonpath(os.environ.get("PYTHONPATH"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"
