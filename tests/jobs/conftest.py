"""Jobs fixtures: the desk's week of reports, users and test settings, reused."""

from tests.desk.conftest import _desk_settings, home, issue, users  # noqa: F401
