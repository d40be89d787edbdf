"""Shared fixtures for the renderer tests: sample issues, output folder, external tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests import pg
from zhoubao.compose.document import IssueDoc

from .samples import hostile_issue, make_issue

ROOT = Path(__file__).resolve().parents[2]
# Each run of the suite its own folder: `make test` runs SQLite and PostgreSQL side by side, and a file one run
# writes and reads back must not be the other's.
ARTIFACTS = ROOT / "test-artifacts" / ("render-postgres" if pg.enabled() else "render")
FONT_DIR = Path("/usr/share/fonts/opentype/noto")


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def run(*args: str, timeout: float = 120) -> str:
    """Run a tool and return its stdout (stderr is ignored: poppler warns about tagged PDFs)."""
    done = subprocess.run(args, capture_output=True, timeout=timeout, check=True)
    return done.stdout.decode("utf-8", "replace")


needs_poppler = pytest.mark.skipif(
    not (have("pdftotext") and have("pdffonts") and have("pdftoppm")),
    reason="poppler-utils not installed (apt-get install poppler-utils)",
)
needs_fonts = pytest.mark.skipif(
    not (FONT_DIR / "NotoSerifCJK-Regular.ttc").is_file(),
    reason="fonts-noto-cjk not installed (apt-get install fonts-noto-cjk)",
)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def full_issue() -> IssueDoc:
    """40 items, grouped items, both kinds of quotes, mixed digits and Latin."""
    return make_issue(3, items=40)


@pytest.fixture(scope="session")
def hostile() -> IssueDoc:
    return hostile_issue()
