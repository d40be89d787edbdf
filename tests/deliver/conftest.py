"""Delivery tests use the desk's fixtures: a week built into a draft through the real build, one user per role."""

from __future__ import annotations

from tests.desk.conftest import _desk_settings, _jobs_inline, home, issue, users

__all__ = ["_desk_settings", "_jobs_inline", "home", "issue", "users"]
