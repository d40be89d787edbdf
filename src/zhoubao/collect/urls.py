"""URL canonicalization: one report per article however it was linked."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, not an article.
_TRACKING = {
    "spm", "from", "fromid", "share_token", "share_source", "share_medium", "scene", "srcid", "ref", "refer",
    "source", "isappinstalled", "wfr", "fr", "timestamp", "clicktime", "enterid", "sharer_shareid",
    "sharer_sharetime", "chksm", "mpshare", "gclid", "fbclid", "igshid", "mc_cid", "mc_eid", "yclid",
}


def canonical(url: str, base: str | None = None) -> str:
    """Absolute URL without fragment, default port or tracking parameters; scheme and host lower-cased."""
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and not ((scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    if ":" in (parts.hostname or "") and not host.startswith("["):
        host = f"[{host}]" if parts.port is None else host
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in _TRACKING and not k.lower().startswith("utm_")]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


def host_port(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"
