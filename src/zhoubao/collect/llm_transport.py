"""POST of a JSON body through the guarded fetcher (for the optional LLM endpoint).

To be folded into zhoubao.collect.fetch as Fetcher.post_json: it uses the same guard (address checks, pinned
connections, deadline, size cap) as Fetcher.get. Redirects are not followed for a POST.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpcore

from zhoubao.collect.fetch import Fetcher, FetchError, FetchResult, _header_dict, parse_url


def post_json(fetcher: Fetcher, url: str, payload: Any, headers: dict[str, str] | None = None) -> FetchResult:
    """POST payload as JSON to url; raises FetchError like Fetcher.get (kind "http" for a status >= 300)."""
    native = getattr(fetcher, "post_json", None)
    if callable(native):
        result: FetchResult = native(url, payload, headers or {})
        return result
    policy = fetcher.policy
    deadline = time.monotonic() + policy.timeout
    parsed = parse_url(url)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    head = {"User-Agent": policy.user_agent, "Accept": "application/json", "Content-Type": "application/json",
            "Content-Length": str(len(body)), **(headers or {})}
    for value in head.values():
        if any(c in value for c in "\r\n\0"):
            raise FetchError("bad_url", parsed.url, "line break in a request header")
    ips = fetcher._addresses(parsed, deadline)
    fetcher._backend.pin(parsed.host, parsed.port, ips)
    remaining = max(deadline - time.monotonic(), 0.001)
    request_headers = [(b"Host", parsed.netloc.encode("ascii"))]
    request_headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in head.items()]
    target = httpcore.URL(scheme=parsed.scheme.encode("ascii"), host=parsed.host.encode("ascii"), port=parsed.port,
                          target=parsed.target.encode("ascii"))
    timeouts = {"connect": remaining, "read": remaining, "write": remaining, "pool": remaining}
    fetcher._deadline.set(deadline)
    try:
        with fetcher._get_pool().stream("POST", target, headers=request_headers, content=body,
                                        extensions={"timeout": timeouts}) as response:
            resp_headers = _header_dict(response.headers)
            if response.status >= 300:
                raise FetchError("http", parsed.url, f"HTTP {response.status}", status=response.status)
            content = fetcher._read_body(parsed.url, response, resp_headers, deadline)
            return FetchResult(parsed.url, response.status, resp_headers, content)
    except FetchError:
        raise
    except httpcore.TimeoutException:
        raise FetchError("timeout", parsed.url, f"timed out after {policy.timeout:g}s") from None
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, OSError) as exc:
        raise FetchError("network", parsed.url, f"network error: {exc}") from None
    finally:
        fetcher._deadline.set(None)
