"""URLs: parsing a URL into what the fetcher connects to, and the canonical form that names one article."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from zhoubao.net.errors import FetchError

__all__ = [
    "BadHost",
    "IPAddress",
    "ParsedURL",
    "canonical",
    "parse_ipv4_loose",
    "parse_url",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_DEFAULT_PORTS = {"http": 80, "https": 443}


# --------------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True)
class ParsedURL:
    """A URL reduced to what the fetcher connects to; the request is built from these fields only."""

    scheme: str
    host: str  # lower-case, IDNA (ASCII); IPv6 without brackets; odd IPv4 spellings kept as written
    port: int
    target: str  # path + query, percent-encoded
    ip: IPAddress | None  # set when the host is an address literal (any spelling)

    @property
    def host_for_url(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def netloc(self) -> str:
        if self.port == _DEFAULT_PORTS[self.scheme]:
            return self.host_for_url
        return f"{self.host_for_url}:{self.port}"

    @property
    def allow_key(self) -> str:
        return f"{self.host_for_url}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.target}"


_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space, as the WHATWG parser strips
_TAB_NL = re.compile(r"[\t\n\r]")
_HOST_OK = re.compile(r"^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\.?$")
_TARGET_SAFE = "/?#[]@!$&'()*+,;=:%~-._"


def parse_url(url: str) -> ParsedURL:
    """Parse and normalise `url`; raises FetchError(kind="scheme"/"bad_url")."""
    if not isinstance(url, str):
        raise FetchError("bad_url", repr(url), "URL is not a string")
    raw = _TAB_NL.sub("", url.strip(_STRIP))
    if len(raw) > 8192:
        raise FetchError("bad_url", raw[:100], "URL too long")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise FetchError("bad_url", raw, "control character in URL")
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", raw)
    if not m:
        raise FetchError("bad_url", raw, "URL has no scheme")
    scheme = m.group(1).lower()
    if scheme not in _DEFAULT_PORTS:
        raise FetchError("scheme", raw, f"scheme {scheme!r} is not fetched (http and https only)")
    rest = raw[m.end() :]
    if not rest.startswith("//"):
        raise FetchError("bad_url", raw, "URL has no host")
    # The authority ends at the first /, ?, # or \ (WHATWG treats \ as / in http URLs).
    am = re.match(r"^//([^/?#\\]*)(.*)$", rest, re.S)
    assert am is not None
    authority, tail = am.group(1), am.group(2)
    if "@" in authority:
        raise FetchError("bad_url", raw, "credentials in URL are not supported")
    if any(c.isspace() for c in authority):
        raise FetchError("bad_url", raw, "space in host")
    host, port_text = authority, ""
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            raise FetchError("bad_url", raw, "unclosed [ in host")
        host, after = authority[1:end], authority[end + 1 :]
        if after:
            if not after.startswith(":"):
                raise FetchError("bad_url", raw, "junk after IPv6 address")
            port_text = after[1:]
        if "%" in host:
            raise FetchError("bad_url", raw, "IPv6 zone identifiers are not fetched")
        try:
            ip6 = ipaddress.IPv6Address(host)
        except ValueError:
            raise FetchError("bad_url", raw, "invalid IPv6 address") from None
        host_norm = ip6.compressed
        ip: IPAddress | None = ip6
    else:
        if ":" in authority:
            host, port_text = authority.rsplit(":", 1)
        if not host:
            raise FetchError("bad_url", raw, "URL has no host")
        if "%" in host:
            raise FetchError("bad_url", raw, "percent-encoded host")
        try:
            host_norm = host.encode("ascii").decode().lower() if host.isascii() else _idna(host)
        except (UnicodeError, ValueError):
            raise FetchError("bad_url", raw, "invalid international host name") from None
        if not _HOST_OK.match(host_norm) or ".." in host_norm:
            raise FetchError("bad_url", raw, "invalid host name")
        host_norm = host_norm.removesuffix(".")  # "example.com." is example.com (and its certificate)
        try:
            ip = parse_ipv4_loose(host_norm)
        except BadHost:
            raise FetchError("bad_url", raw, "numeric host is not a valid IPv4 address") from None
    if port_text:
        if not port_text.isdigit() or not port_text.isascii() or len(port_text) > 5:
            raise FetchError("bad_url", raw, "invalid port")
        port = int(port_text)
        if not 0 < port < 65536:
            raise FetchError("bad_url", raw, "port out of range")
    else:
        port = _DEFAULT_PORTS[scheme]
    tail = tail.split("#", 1)[0].replace("\\", "/")
    if not tail.startswith("/"):
        tail = "/" + tail
    target = quote(tail, safe=_TARGET_SAFE)
    return ParsedURL(scheme=scheme, host=host_norm, port=port, target=target, ip=ip)


def _idna(host: str) -> str:
    try:
        import idna

        return idna.encode(host, uts46=True).decode("ascii").lower()
    except ImportError:  # pragma: no cover - idna ships with httpx
        return host.encode("idna").decode("ascii").lower()
    except idna.IDNAError as exc:
        raise ValueError(str(exc)) from exc


_NUM_PART = re.compile(r"^(?:0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")
_NUMERICISH = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")


class BadHost(ValueError):
    """A host that looks numeric but is not a valid IPv4 address."""


def parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """Read the host the way inet_aton and WHATWG URL parsers do (decimal, octal, hex, 1-4 parts).

    Returns None for an ordinary name; raises BadHost for a numeric-looking host that is not a
    valid address (the WHATWG parser rejects those, and getaddrinfo might read them otherwise).
    """
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]  # one trailing dot is allowed: "127.0.0.1."
    if not parts or not _NUMERICISH.match(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUM_PART.match(p) for p in parts):
        raise BadHost(host)
    nums: list[int] = []
    for p in parts:
        if p[:2] in ("0x", "0X"):
            nums.append(int(p[2:] or "0", 16))
        elif len(p) > 1 and p[0] == "0":
            nums.append(int(p, 8))
        else:
            nums.append(int(p))
    last_bits = 8 * (5 - len(parts))
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= (1 << last_bits):
        raise BadHost(host)
    value = nums[-1]
    for i, n in enumerate(nums[:-1]):
        value |= n << (24 - 8 * i)
    return ipaddress.IPv4Address(value)


# --------------------------------------------------------------------------------------------
# Canonical form

# Query parameters that identify a campaign, a click or a share, not an article.
_TRACKING = {
    "spm", "from", "fromid", "share_token", "share_source", "share_medium", "share_from", "scene", "srcid", "ref",
    "refer", "source", "isappinstalled", "wfr", "fr", "timestamp", "clicktime", "enterid", "sharer_shareid",
    "sharer_sharetime", "chksm", "mpshare", "gclid", "dclid", "fbclid", "igshid", "mc_cid", "mc_eid", "yclid",
    "msclkid", "_hsenc", "_hsmi", "mkt_tok", "xtor", "cmpid", "ncid", "sr_share", "vd_source", "share_tag",
    "tt_from", "utm", "s_trk",
}


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
