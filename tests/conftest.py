"""Test-wide set-up: a throw-away zhoubao home, loopback-only networking."""

from __future__ import annotations

import os
from pathlib import Path

# The scratch home is made by tests/django_settings.py (pytest-django imports it before this file);
# importing it here covers runs without the Django plugin.
import tests.django_settings  # noqa: F401

assert os.environ["ZHOUBAO_TEST_LOOPBACK_ONLY"] == "1"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"
