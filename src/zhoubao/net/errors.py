"""FetchError: why a fetch (or a URL given to be fetched) produced no response body."""

from __future__ import annotations

__all__ = ["FetchError", "describe"]


class FetchError(Exception):
    """A fetch that did not produce a response body; `kind` says why."""

    KINDS = frozenset({"refused", "scheme", "timeout", "too_large", "redirects", "http", "network", "bad_url"})

    def __init__(
        self,
        kind: str,
        url: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url
        self.status = status
        self.retry_after = retry_after
        self.message = message

    def __str__(self) -> str:
        url = self.url if len(self.url) <= 200 else self.url[:197] + "..."
        text = f"{self.message} ({url})" if url else self.message
        return "".join(c if c.isprintable() else "?" for c in text)

    def __repr__(self) -> str:
        return f"FetchError(kind={self.kind!r}, url={self.url!r}, status={self.status!r}, message={self.message!r})"


def describe(exc: BaseException) -> str:
    """The first line of an exception's text (its type's name when it has none), for a one-line message."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
