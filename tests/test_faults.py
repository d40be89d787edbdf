"""Issue 16: the kill -9 fault runs of bench/faults.py in a short version — a kill and a completed run of each of
collect, build, publish and send, checked for lost, duplicated and corrupt data (the full 100 kills each: `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import faults

from tests import pg


@pytest.mark.e2e
@pytest.mark.skipif(pg.enabled(), reason="the fault runs copy and check the home's SQLite file; the SQLite run of "
                    "the suite runs them")
def test_kill_9_during_collect_build_and_publish_loses_and_corrupts_nothing(tmp_path: Path) -> None:
    lines: list[str] = []
    result = faults.run(kills=1, budget=600, where=tmp_path, complete_every=1, say=lines.append)
    assert set(result) == {"collect", "build", "publish", "send"}
    for name, tally in result.items():
        assert tally.kills == 1 and tally.completed == 1, (name, lines)
        assert not tally.problems, "\n".join(lines)
