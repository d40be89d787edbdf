"""Test-wide set-up: a throw-away zhoubao home, loopback-only networking (here and in every child Python)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture(autouse=True)
def _the_scratch_home_stays() -> Iterator[None]:
    """A test that runs the command line in this process (main(["--home", …])) points ZHOUBAO_HOME at its own home;
    the tests after it must still find the scratch home the suite set up (the desk reads it from there)."""
    before = os.environ.get("ZHOUBAO_HOME")
    yield
    if before is None:
        os.environ.pop("ZHOUBAO_HOME", None)
    else:
        os.environ["ZHOUBAO_HOME"] = before
