"""The WSGI entry point readies its process before the first request: templates compiled, the heap frozen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.jobs.helpers import ROOT, env, zb

PROBE = """
import gc, json
import zhoubao.web.wsgi
frozen, tracked = gc.get_freeze_count(), len(gc.get_objects())
from django.test import Client
status = Client(HTTP_HOST='127.0.0.1').get('/healthz').status_code
print(json.dumps({'frozen': frozen, 'tracked': tracked, 'status': status}))
"""


def test_importing_the_entry_point_freezes_what_start_up_loaded(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert zb(tmp_path, "init", str(home)).returncode == 0
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=env({"ZHOUBAO_HOME": str(home)}))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # Start-up loads Django, the views, the templates: tens of thousands of objects, none left to the collector.
    assert seen["frozen"] > 20_000 and seen["tracked"] < seen["frozen"] // 20, seen
    assert seen["status"] == 200
