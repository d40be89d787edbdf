"""Django settings of the test suite (not of the product): a scratch home, so a test run never touches a real one.

pytest-django imports the settings before any conftest runs, so the scratch home is made here.
"""

import os
import tempfile
from pathlib import Path

if not os.environ.get("ZHOUBAO_TEST_HOME"):
    os.environ["ZHOUBAO_TEST_HOME"] = tempfile.mkdtemp(prefix="zhoubao-test-home-")
os.environ["ZHOUBAO_HOME"] = os.environ["ZHOUBAO_TEST_HOME"]
(Path(os.environ["ZHOUBAO_HOME"]) / "data").mkdir(parents=True, exist_ok=True)

from zhoubao.conf.django_settings import *  # noqa: E402,F403
