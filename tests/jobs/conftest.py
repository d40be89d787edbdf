"""Jobs fixtures: the desk's week of reports and users, reused."""

from tests.desk.conftest import issue, users  # noqa: F401
