"""Django settings of the test suite (not of the product): a scratch home, so a test run never touches a real one.

pytest-django imports the settings before any conftest runs, so the scratch home is made here. With
ZHOUBAO_TEST_DATABASE=postgres (the second run of `make test`) the archive is a throw-away PostgreSQL cluster
the tests start themselves (tests/pg.py), reached through DATABASE_URL as a production install reaches its own.
"""

import os
import tempfile
from pathlib import Path

from tests import pg

if not os.environ.get("ZHOUBAO_TEST_HOME"):
    os.environ["ZHOUBAO_TEST_HOME"] = tempfile.mkdtemp(prefix="zhoubao-test-home-")
os.environ["ZHOUBAO_HOME"] = os.environ["ZHOUBAO_TEST_HOME"]
(Path(os.environ["ZHOUBAO_HOME"]) / "data").mkdir(parents=True, exist_ok=True)
if pg.enabled():
    os.environ["DATABASE_URL"] = pg.url(pg.MAIN_DB)

from zhoubao.conf.django_settings import *  # noqa: E402,F403
