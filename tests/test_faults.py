"""Issue 16: the kill -9 fault runs of bench/faults.py in a short version — a kill and a completed run of each of
collect, build, publish and send, checked for lost, duplicated and corrupt data (the full 100 kills each: `make bench`).
On the PostgreSQL run of the suite the archive is a database of a cluster of the run's own (bench/faults.py's
PostgreSQL mode: copies by CREATE DATABASE … TEMPLATE, the archive's integrity checks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import faults

from tests import pg


@pytest.mark.e2e
def test_kill_9_during_collect_build_and_publish_loses_and_corrupts_nothing(tmp_path: Path) -> None:
    lines: list[str] = []
    result = faults.run(kills=1, budget=600, where=tmp_path, complete_every=1, say=lines.append,
                        database="postgres" if pg.enabled() else "sqlite")
    assert set(result) == {"collect", "build", "publish", "send"}
    for name, tally in result.items():
        assert tally.kills == 1 and tally.completed == 1, (name, lines)
        assert not tally.problems, "\n".join(lines)
