"""Errors a user can fix: each message says what went wrong and what to do (printed as one line)."""


class ZhoubaoError(Exception):
    """Base of every user-fixable error; the command line prints it as one line and exits with status 2."""
