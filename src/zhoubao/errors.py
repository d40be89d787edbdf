"""Errors a user can fix: each message says what went wrong and what to do (printed as one line).

The desk's refusals (DeskError and its kinds) are values the web layer turns into messages and status codes.
"""

from __future__ import annotations

from typing import Any


class ZhoubaoError(Exception):
    """Base of every user-fixable error; the command line prints it as one line and exits with status 2."""


class DeskError(ZhoubaoError):
    """A request the desk refuses; the message (Chinese) says why and what to do. HTTP 400."""

    status = 400


class NotAllowed(DeskError):
    """The user's role does not allow this. HTTP 403."""

    status = 403


class ReadOnly(DeskError):
    """The issue is not a draft any more (in review, approved or published). HTTP 409."""

    status = 409


class Conflict(DeskError):
    """Someone else changed the item or the issue since this page was loaded. HTTP 409."""

    status = 409

    def __init__(self, message: str, *, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class Gone(DeskError):
    """The item was removed meanwhile. HTTP 410."""

    status = 410
