"""URL canonicalization: one report per article however it was linked."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that identify a campaign, a click or a share, not an article.
_TRACKING = {
    "spm", "from", "fromid", "share_token", "share_source", "share_medium", "share_from", "scene", "srcid", "ref",
    "refer", "source", "isappinstalled", "wfr", "fr", "timestamp", "clicktime", "enterid", "sharer_shareid",
    "sharer_sharetime", "chksm", "mpshare", "gclid", "dclid", "fbclid", "igshid", "mc_cid", "mc_eid", "yclid",
    "msclkid", "_hsenc", "_hsmi", "mkt_tok", "xtor", "cmpid", "ncid", "sr_share", "vd_source", "share_tag",
    "tt_from", "utm", "s_trk",
}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical(url: str, base: str | None = None) -> str:
    """Absolute URL without fragment, default port or tracking parameters; scheme and host lower-cased.

    Never raises: a URL it cannot take apart comes back stripped, and the fetcher judges it.
    """
    try:
        if base:
            url = urljoin(base, url.strip())
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        hostname = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    if scheme not in _DEFAULT_PORTS or not hostname:
        return url.strip()
    host = f"[{hostname}]" if ":" in hostname else hostname
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username is not None or parts.password is not None:
        return url.strip()  # credentials: leave it as written; the fetcher refuses it
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in _TRACKING and not k.lower().startswith("utm_")]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))
