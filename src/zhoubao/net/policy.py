"""The fetch policy of a zhoubao home: what its settings allow a Fetcher to reach, for how long and how much."""

from __future__ import annotations

from zhoubao.conf.settings import Settings
from zhoubao.net.fetcher import FetchPolicy

__all__ = ["policy_for"]


def policy_for(settings: Settings) -> FetchPolicy:
    """The FetchPolicy from the [fetch] settings; names resolve through the system's resolver."""
    f = settings.fetch
    return FetchPolicy(allow=f.allow, user_agent=f.user_agent, timeout=f.timeout, max_bytes=f.max_bytes,
                       max_redirects=f.max_redirects)
