"""Search fixtures: the desk's test week (reports built into issue 1 by the real build) and its users."""

from tests.desk.conftest import _desk_settings, _jobs_inline, as_editor, home, issue, users  # noqa: F401
