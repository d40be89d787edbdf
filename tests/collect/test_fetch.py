"""The guarded fetcher against loopback servers: guard, redirects, caps, deadlines, conditional GET."""

from __future__ import annotations

import gzip
import http.server
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import brotli
import pytest

from tests.netbelt.loopback_belt import NetworkGuardViolation
from zhoubao.net import fetcher as fetcher_mod
from zhoubao.net import guard, transport
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher, FetchPolicy, FetchResult, fetch

Handler = http.server.BaseHTTPRequestHandler
MiB = 1024 * 1024

# Names the test resolver knows. Several map to addresses outside 127/8: the guard must refuse
# them before any connect, and if it did not, the tests' loopback belt (tests/netbelt) and the
# conftest's patched socket.connect would each stop the connect before a packet is sent.
HOSTILE_NAMES: dict[str, list[str]] = {
    "evil.test": ["127.0.0.1"],
    "localhost": ["127.0.0.1"],
    "loop6.test": ["::1"],
    "zero.test": ["0.0.0.0"],
    "zero6.test": ["::"],
    "private10.test": ["10.0.0.1"],
    "private172.test": ["172.16.5.4"],
    "private192.test": ["192.168.1.1"],
    "metadata.test": ["169.254.169.254"],
    "linklocal6.test": ["fe80::1"],
    "scoped6.test": ["fe80::1%eth0"],
    "cgnat.test": ["100.64.0.1"],
    "ietf.test": ["192.0.0.170"],
    "bench.test": ["198.18.0.1"],
    "doc1.test": ["192.0.2.1"],
    "doc2.test": ["198.51.100.1"],
    "doc3.test": ["203.0.113.1"],
    "mcast.test": ["224.0.0.251"],
    "mcast6.test": ["ff02::fb"],
    "bcast.test": ["255.255.255.255"],
    "reserved.test": ["240.0.0.1"],
    "ula.test": ["fd00::1"],
    "sitelocal.test": ["fec0::1"],
    "mapped.test": ["::ffff:127.0.0.1"],
    "mapped10.test": ["::ffff:10.0.0.1"],
    "compat.test": ["::127.0.0.1"],
    "nat64.test": ["64:ff9b::7f00:1"],
    "nat64local.test": ["64:ff9b:1::a00:1"],
    "sixtofour.test": ["2002:7f00:1::1"],
    "sixtofourmeta.test": ["2002:a9fe:a9fe::1"],
    "teredo.test": ["2001:0:4136:e378:8000:63bf:80ff:fffe"],
    "doc6.test": ["2001:db8::1"],
    # one good address is not enough: any bad answer refuses the name (DNS rebinding, round robin)
    "rebind.test": ["8.8.8.8", "127.0.0.1"],
    "rebind6.test": ["2606:4700:4700::1111", "::1"],
    "garbage.test": ["not-an-address"],
}

HOSTILE_LITERALS = [
    "http://127.0.0.1:{port}/",
    "https://127.0.0.1:{port}/",
    "HTTP://127.0.0.1:{port}/",
    "  http://127.0.0.1:{port}/  ",
    "http://127.0.0.1\t:{port}/",
    "http://127.0.0.1.:{port}/",
    "http://127.1:{port}/",
    "http://127.0.1:{port}/",
    "http://2130706433:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://0x7f.1:{port}/",
    "http://0x7f000001:{port}/",
    "http://017700000001:{port}/",
    "http://0x7f.0x0.0x0.0x1:{port}/",
    "http://127.000.000.001:{port}/",
    "http://１２７.０.０.１:{port}/",
    "http://127。0。0。1:{port}/",
    "http://[::1]:{port}/",
    "http://[::]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:7f00:1]:{port}/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/",
    "http://[::127.0.0.1]:{port}/",
    "http://[64:ff9b::127.0.0.1]:{port}/",
    "http://[2002:7f00:1::]:{port}/",
    "http://0:{port}/",
    "http://0.0.0.0:{port}/",
    "http://10.1/",
    "http://192.168.0.1/",
    "http://172.16.0.1:8080/",
    "http://169.254.169.254/latest/meta-data/",
    "http://2852039166/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://0251.0376.0251.0376/",
    "http://169.254.43518/",
    "http://100.64.1.1/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[ff02::1]/",
]

HOSTILE_URLS = [f"http://{name}:{{port}}/" for name in HOSTILE_NAMES] + HOSTILE_LITERALS

BAD_URLS = [
    "http://127.0.0.1.1/",
    "http://256.0.0.1/",
    "http://0x100000000/",
    "http://08.0.0.1/",
    "http://[fe80::1%25eth0]:{port}/",
    "http://user:pass@127.0.0.1:{port}/",
    "http://evil.test@127.0.0.1:{port}/",
    "http://%31%32%37.0.0.1:{port}/",
    "//127.0.0.1:{port}/",
]

SCHEME_URLS = [
    "file:///etc/passwd",
    "ftp://127.0.0.1:{port}/",
    "gopher://127.0.0.1:{port}/_SET%20x",
    "dict://127.0.0.1:{port}/",
    "ldap://127.0.0.1:{port}/",
    "jar:http://127.0.0.1:{port}/x.jar!/",
    "javascript:alert(1)",
    "data:text/html,hi",
]


class Resolver:
    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append((host, port))
        if host in self.table:
            return list(self.table[host])
        raise OSError(f"unknown test host {host!r}")


def test_enough_hostile_forms() -> None:
    assert len(HOSTILE_URLS) + len(BAD_URLS) + len(SCHEME_URLS) >= 60


@pytest.mark.parametrize("template", HOSTILE_URLS)
def test_hostile_urls_refused_before_connect(template: str, canary: Any, connect_log: Any) -> None:
    url = template.format(port=canary.port)
    policy = FetchPolicy(resolver=Resolver(HOSTILE_NAMES), timeout=2.0)
    with Fetcher(policy) as f:
        with pytest.raises(FetchError) as info:
            f.check_url(url)
        assert info.value.kind == "refused", info.value
        with pytest.raises(FetchError) as info:
            f.get(url)
        assert info.value.kind == "refused", info.value
    assert str(info.value)
    assert connect_log.calls == []
    assert canary.connections() == 0


@pytest.mark.parametrize("template", BAD_URLS)
def test_malformed_urls_refused(template: str, canary: Any, connect_log: Any) -> None:
    url = template.format(port=canary.port)
    with Fetcher(FetchPolicy(resolver=Resolver(HOSTILE_NAMES))) as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert info.value.kind == "bad_url"
    assert connect_log.calls == []
    assert canary.connections() == 0


@pytest.mark.parametrize("template", SCHEME_URLS)
def test_other_schemes_refused(template: str, canary: Any, connect_log: Any) -> None:
    url = template.format(port=canary.port)
    allow = frozenset({f"127.0.0.1:{canary.port}"})
    with Fetcher(FetchPolicy(allow=allow)) as f:
        with pytest.raises(FetchError) as info:
            f.check_url(url)
        assert info.value.kind == "scheme"
        with pytest.raises(FetchError) as info:
            f.get(url)
        assert info.value.kind == "scheme"
    assert connect_log.calls == []
    assert canary.connections() == 0


def test_loopback_belt_stops_a_public_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second net: even an address the guard passes is never dialled under test."""

    class NoSocket:
        def __init__(self, *a: Any, **k: Any) -> None:
            raise AssertionError("a socket was created")

    monkeypatch.setattr(transport.socket, "socket", NoSocket)
    with pytest.raises(NetworkGuardViolation):
        transport.open_tcp("93.184.216.34", 80, 1.0)
    with pytest.raises(NetworkGuardViolation):
        transport.open_tcp("::1", 80, 1.0)


def test_loopback_belt_through_the_fetcher(connect_log: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A public name passes the guard; the connect is then stopped by the tests' loopback belt."""

    class NoSocket:
        def __init__(self, *a: Any, **k: Any) -> None:
            raise AssertionError("a socket was created")

    monkeypatch.setattr(transport.socket, "socket", NoSocket)
    policy = FetchPolicy(resolver=Resolver({"public.test": ["93.184.216.34"]}), timeout=2.0)
    with Fetcher(policy) as f, pytest.raises(NetworkGuardViolation):
        f.get("http://public.test/")
    assert connect_log.calls == [("93.184.216.34", 80)]


# --------------------------------------------------------------------------------------------
# Allowed loopback fetches


def test_allowed_fetch(server: Any, send_response: Any, connect_log: Any) -> None:
    server.routes["/hello"] = lambda h: send_response(h, 200, "你好".encode(), {"Content-Type": "text/plain"})
    res = fetch(server.base + "/hello?x=1", FetchPolicy(allow=server.allow))
    assert isinstance(res, FetchResult)
    assert res.status == 200
    assert res.content == "你好".encode()
    assert res.url == server.base + "/hello?x=1"
    assert res.headers["content-type"] == "text/plain"
    assert not res.not_modified
    path, headers = server.requests[-1]
    assert path == "/hello?x=1"
    assert headers["user-agent"].startswith("zhoubao/")
    assert headers["host"] == f"127.0.0.1:{server.port}"
    assert "gzip" in headers["accept-encoding"]
    assert connect_log.calls == [("127.0.0.1", server.port)]


def test_accept_and_user_agent(server: Any, send_response: Any) -> None:
    server.routes["/a"] = lambda h: send_response(h, 200, b"ok")
    policy = FetchPolicy(allow=server.allow, user_agent="test-agent/1")
    fetch(server.base + "/a", policy, accept="application/rss+xml")
    headers = server.requests[-1][1]
    assert headers["accept"] == "application/rss+xml"
    assert headers["user-agent"] == "test-agent/1"


def test_localhost_needs_its_own_allow_entry(server: Any, send_response: Any, connect_log: Any) -> None:
    server.routes["/"] = lambda h: send_response(h, 200, b"ok")
    resolver = Resolver({"localhost": ["127.0.0.1"]})
    with pytest.raises(FetchError) as info:
        fetch(f"http://localhost:{server.port}/", FetchPolicy(resolver=resolver, allow=server.allow))
    assert info.value.kind == "refused"
    assert connect_log.calls == []
    res = fetch(
        f"http://LocalHost:{server.port}/",
        FetchPolicy(resolver=resolver, allow=frozenset({f"localhost:{server.port}"})),
    )
    assert res.content == b"ok"
    # connected to the checked address, with the Host header of the name
    assert connect_log.calls == [("127.0.0.1", server.port)]
    assert server.requests[-1][1]["host"] == f"localhost:{server.port}"


def test_allow_is_exact(server: Any, canary: Any, connect_log: Any) -> None:
    policy = FetchPolicy(allow=server.allow, resolver=Resolver(HOSTILE_NAMES))
    with Fetcher(policy) as f:
        for url in (
            f"http://127.0.0.1:{canary.port}/",  # other port
            f"http://127.1:{server.port}/",  # other spelling
            f"http://localhost:{server.port}/",  # other name
            f"http://127.0.0.2:{server.port}/",  # other address
            "http://127.0.0.1/",  # default port
        ):
            with pytest.raises(FetchError) as info:
                f.get(url)
            assert info.value.kind == "refused", url
    assert connect_log.calls == []
    assert canary.connections() == 0


def test_resolved_once_and_pinned(server: Any, send_response: Any, connect_log: Any) -> None:
    """The name is looked up once per fetch by the guard; the connection goes to that answer."""
    server.routes["/"] = lambda h: send_response(h, 200, b"pinned")
    resolver = Resolver({"site.test": ["127.0.0.1"]})
    policy = FetchPolicy(resolver=resolver, allow=frozenset({f"site.test:{server.port}"}))
    with Fetcher(policy) as f:
        assert f.get(f"http://site.test:{server.port}/").content == b"pinned"
        assert f.get(f"http://site.test:{server.port}/").content == b"pinned"
    assert resolver.calls == [("site.test", server.port)] * 2
    assert connect_log.calls[0] == ("127.0.0.1", server.port)
    assert server.requests[-1][1]["host"] == f"site.test:{server.port}"


def test_connection_refused_is_network_error(connect_log: Any) -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/", FetchPolicy(allow=frozenset({f"127.0.0.1:{port}"}), timeout=3))
    assert info.value.kind == "network"


def test_unresolvable_name_is_network_error() -> None:
    with pytest.raises(FetchError) as info:
        fetch("http://nowhere.test/", FetchPolicy(resolver=Resolver({})))
    assert info.value.kind == "network"
    Fetcher(FetchPolicy(resolver=Resolver({}))).check_url("http://nowhere.test/")  # judged at fetch time


# --------------------------------------------------------------------------------------------
# Redirects


def _redirect(location: str, status: int = 302) -> Callable[[Handler], None]:
    def route(h: Handler) -> None:
        send(h, status, b"", {"Location": location})

    return route


def send(h: Handler, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    hdrs = {"Content-Length": str(len(body))}
    hdrs.update(headers or {})
    for k, v in hdrs.items():
        h.send_header(k, v)
    h.end_headers()
    if body:
        h.wfile.write(body)


def test_redirects_followed(server: Any) -> None:
    server.routes["/a"] = _redirect("/b", 301)
    server.routes["/b"] = _redirect(f"{server.base}/c?x=1", 307)
    server.routes["/c"] = _redirect("d", 303)
    server.routes["/d"] = lambda h: send(h, 200, b"done")
    res = fetch(server.base + "/a", FetchPolicy(allow=server.allow))
    assert res.content == b"done"
    assert res.url == server.base + "/d"


@pytest.mark.parametrize(
    "location",
    [
        "http://evil.test:{canary}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:{canary}/",
        "http://[::1]:{canary}/",
        "http://0x7f.1:{canary}/",
        "http://rebind.test/",
        "//metadata.test/",
    ],
)
def test_redirect_to_hostile_host_refused(server: Any, canary: Any, connect_log: Any, location: str) -> None:
    server.routes["/go"] = _redirect(location.format(canary=canary.port))
    policy = FetchPolicy(allow=server.allow, resolver=Resolver(HOSTILE_NAMES))
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/go", policy)
    assert info.value.kind == "refused"
    assert info.value.url != server.base + "/go"  # the error names the hop that was refused
    assert connect_log.calls == [("127.0.0.1", server.port)]
    assert canary.connections() == 0


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/_x", "javascript:alert(1)"]
)
def test_redirect_scheme_change_refused(server: Any, location: str) -> None:
    server.routes["/go"] = _redirect(location)
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/go", FetchPolicy(allow=server.allow))
    assert info.value.kind == "scheme"


def test_redirect_loop_stops(server: Any) -> None:
    server.routes["/loop"] = _redirect("/loop")
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/loop", FetchPolicy(allow=server.allow))
    assert info.value.kind == "redirects"
    assert server.hits("/loop") == 6  # the first request and five followed redirects


def test_exactly_max_redirects_is_fine(server: Any) -> None:
    for i in range(5):
        server.routes[f"/r{i}"] = _redirect(f"/r{i + 1}")
    server.routes["/r5"] = lambda h: send(h, 200, b"end")
    assert fetch(server.base + "/r0", FetchPolicy(allow=server.allow)).content == b"end"
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/r0", FetchPolicy(allow=server.allow, max_redirects=4))
    assert info.value.kind == "redirects"


def test_redirect_without_location_is_returned(server: Any) -> None:
    server.routes["/x"] = lambda h: send(h, 302, b"")
    assert fetch(server.base + "/x", FetchPolicy(allow=server.allow)).status == 302


# --------------------------------------------------------------------------------------------
# Conditional GET and errors


def test_conditional_get(server: Any) -> None:
    etag = '"v1"'
    lm = "Wed, 21 Oct 2015 07:28:00 GMT"

    def route(h: Handler) -> None:
        if h.headers.get("If-None-Match") == etag and h.headers.get("If-Modified-Since") == lm:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
        else:
            send(h, 200, b"body", {"ETag": etag, "Last-Modified": lm})

    server.routes["/feed"] = route
    with Fetcher(FetchPolicy(allow=server.allow)) as f:
        first = f.get(server.base + "/feed")
        assert first.status == 200
        assert first.content == b"body"
        assert first.headers["etag"] == etag
        again = f.get(server.base + "/feed", etag=first.headers["etag"], last_modified=first.headers["last-modified"])
    assert again.status == 304
    assert again.not_modified
    assert again.content == b""
    assert again.headers["etag"] == etag


@pytest.mark.parametrize("etag", ['"x"\r\nX-Evil: 1', '"x"\nX-Evil: 1', '"中"'])
def test_header_injection_refused(server: Any, etag: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/", FetchPolicy(allow=server.allow), etag=etag)
    assert info.value.kind == "bad_url"
    assert server.requests == []


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (429, "120", 120.0),
        (503, "0", 0.0),
        (503, "soon", None),
        (429, None, None),
        (404, None, None),
        (500, None, None),
    ],
)
def test_http_errors(server: Any, status: int, retry_after: str | None, expected: float | None) -> None:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    server.routes["/e"] = lambda h: send(h, status, b"error page", headers)
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/e", FetchPolicy(allow=server.allow))
    assert info.value.kind == "http"
    assert info.value.status == status
    assert info.value.retry_after == expected
    assert str(status) in str(info.value)


def test_retry_after_http_date(server: Any) -> None:
    server.routes["/e"] = lambda h: send(h, 503, b"", {"Retry-After": formatdate(time.time() + 90, usegmt=True)})
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/e", FetchPolicy(allow=server.allow))
    assert info.value.retry_after is not None
    assert 80 <= info.value.retry_after <= 91
    assert fetcher_mod._parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_keepalive_reuse_after_error(server: Any) -> None:
    server.routes["/e"] = lambda h: send(h, 500, b"x" * 1000)
    server.routes["/ok"] = lambda h: send(h, 200, b"ok")
    with Fetcher(FetchPolicy(allow=server.allow)) as f:
        for _ in range(3):
            with pytest.raises(FetchError):
                f.get(server.base + "/e")
            assert f.get(server.base + "/ok").content == b"ok"


def test_fetcher_is_thread_safe(server: Any) -> None:
    server.routes["/t"] = lambda h: send(h, 200, h.path.encode())
    errors: list[BaseException] = []
    with Fetcher(FetchPolicy(allow=server.allow)) as f:

        def work(i: int) -> None:
            try:
                for j in range(5):
                    assert f.get(f"{server.base}/t?{i}-{j}").content == f"/t?{i}-{j}".encode()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    assert errors == []


# --------------------------------------------------------------------------------------------
# Content decoding and size caps


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
        ("br", brotli.compress),
        ("identity", lambda b: b),
        ("gzip, br", lambda b: brotli.compress(gzip.compress(b))),
    ],
)
def test_content_encodings(server: Any, encoding: str, compress: Callable[[bytes], bytes]) -> None:
    body = "中国行业动态周报 ".encode() * 5000
    server.routes["/z"] = lambda h: send(h, 200, compress(body), {"Content-Encoding": encoding})
    res = fetch(server.base + "/z", FetchPolicy(allow=server.allow))
    assert res.content == body


def test_multi_member_gzip(server: Any) -> None:
    server.routes["/z"] = lambda h: send(h, 200, gzip.compress(b"abc") + gzip.compress(b"def"), {"Content-Encoding": "gzip"})
    assert fetch(server.base + "/z", FetchPolicy(allow=server.allow)).content == b"abcdef"


def test_corrupt_and_unknown_encodings(server: Any) -> None:
    server.routes["/bad"] = lambda h: send(h, 200, b"\x1f\x8bnot gzip at all", {"Content-Encoding": "gzip"})
    server.routes["/zstd"] = lambda h: send(h, 200, b"xx", {"Content-Encoding": "zstd"})
    for path in ("/bad", "/zstd"):
        with pytest.raises(FetchError) as info:
            fetch(server.base + path, FetchPolicy(allow=server.allow))
        assert info.value.kind == "network"


def _zeros_bomb(wrapper: str, gib: int = 1) -> bytes:
    """`gib` GiB of zeros, compressed without ever holding them: a full-flushed deflate block repeats."""
    mib = bytes(MiB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    n = 1024 * gib
    deflated = first + block * (n - 1) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    total = n * MiB
    if wrapper == "gzip":
        crc = 0
        for _ in range(n):
            crc = zlib.crc32(mib, crc)
        return (
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
            + deflated
            + crc.to_bytes(4, "little")
            + (total & 0xFFFFFFFF).to_bytes(4, "little")
        )
    if wrapper == "zlib":
        adler = 1
        for _ in range(n):
            adler = zlib.adler32(mib, adler)
        return b"\x78\xda" + deflated + adler.to_bytes(4, "big")
    return deflated


def test_bomb_generator_is_honest() -> None:
    # The same construction at 4 MiB decompresses to exactly that many zeros.
    mib = bytes(MiB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    raw = first + block * 3 + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    assert zlib.decompress(raw, -15) == bytes(4 * MiB)


def _brotli_bomb() -> bytes:
    c = brotli.Compressor(quality=5)
    mib = bytes(MiB)
    parts = [c.process(mib) for _ in range(512)]
    parts.append(c.finish())
    return b"".join(parts)


@pytest.mark.parametrize("kind", ["gzip", "deflate", "raw-deflate", "br"])
def test_decompression_bombs_stop_at_cap(server: Any, kind: str) -> None:
    if kind == "br":
        body, encoding = _brotli_bomb(), "br"
    else:
        wrapper = {"gzip": "gzip", "deflate": "zlib", "raw-deflate": "raw"}[kind]
        body, encoding = _zeros_bomb(wrapper), ("gzip" if kind == "gzip" else "deflate")
    assert len(body) < 2 * MiB
    server.routes["/bomb"] = lambda h: send(h, 200, body, {"Content-Encoding": encoding})
    policy = FetchPolicy(allow=server.allow, max_bytes=MiB, timeout=10)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as info:
            fetch(server.base + "/bomb", policy)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.kind == "too_large"
    assert time.monotonic() - started < 5
    assert peak < 32 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_plain_body_over_cap(server: Any) -> None:
    server.routes["/big"] = lambda h: send(h, 200, b"x" * (MiB + 1))
    server.routes["/fits"] = lambda h: send(h, 200, b"x" * MiB)
    policy = FetchPolicy(allow=server.allow, max_bytes=MiB)
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/big", policy)
    assert info.value.kind == "too_large"
    assert len(fetch(server.base + "/fits", policy).content) == MiB


def _endless(conn: socket.socket) -> None:
    conn.settimeout(5)
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
    chunk = b"z" * 65536
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        conn.sendall(chunk)


def test_endless_stream_stops_at_cap(raw_server: Any) -> None:
    srv = raw_server(_endless)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(srv.base + "/", FetchPolicy(allow=srv.allow, max_bytes=MiB, timeout=5))
    assert info.value.kind == "too_large"
    assert time.monotonic() - started < 5


def test_declared_length_over_cap_stops_early(raw_server: Any) -> None:
    def big(conn: socket.socket) -> None:
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\nabc")
        time.sleep(3)

    srv = raw_server(big)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(srv.base + "/", FetchPolicy(allow=srv.allow, max_bytes=MiB, timeout=5))
    assert info.value.kind == "too_large"
    assert time.monotonic() - started < 1.5


# --------------------------------------------------------------------------------------------
# Deadlines (bounded, not timed precisely)

TIMEOUT = 1.5
SLACK = 3.0


def _expect_timeout(url: str, allow: frozenset[str]) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(url, FetchPolicy(allow=allow, timeout=TIMEOUT))
    elapsed = time.monotonic() - started
    assert info.value.kind == "timeout", info.value
    assert elapsed < TIMEOUT + SLACK
    assert elapsed >= TIMEOUT - 0.2


def test_trickling_body(raw_server: Any, read_req: Any) -> None:
    def trickle(conn: socket.socket) -> None:
        read_req(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(100):
            conn.sendall(b"x")
            time.sleep(0.2)

    srv = raw_server(trickle)
    _expect_timeout(srv.base + "/", srv.allow)


def test_trickling_headers(raw_server: Any, read_req: Any) -> None:
    def trickle(conn: socket.socket) -> None:
        read_req(conn)
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            conn.sendall(bytes([byte]))
            time.sleep(0.2)

    srv = raw_server(trickle)
    _expect_timeout(srv.base + "/", srv.allow)


def test_silent_server(raw_server: Any) -> None:
    def silent(conn: socket.socket) -> None:
        time.sleep(TIMEOUT + SLACK + 1)

    srv = raw_server(silent)
    _expect_timeout(srv.base + "/", srv.allow)


def test_never_accepting_listener() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers: list[socket.socket] = []
    try:
        for _ in range(4):  # fill the accept queue; later SYNs are dropped and connect() hangs
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        _expect_timeout(f"http://127.0.0.1:{port}/", frozenset({f"127.0.0.1:{port}"}))
    finally:
        for s in fillers:
            s.close()
        listener.close()


def test_deadline_spans_redirects(server: Any) -> None:
    def slow_redirect(h: Handler) -> None:
        time.sleep(0.4)
        send(h, 302, b"", {"Location": "/slow"})

    server.routes["/slow"] = slow_redirect
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/slow", FetchPolicy(allow=server.allow, timeout=1.0, max_redirects=50))
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < 1.0 + SLACK


def test_slow_resolver_hits_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(host: str, port: int) -> list[str]:
        time.sleep(3)
        return ["127.0.0.1"]

    monkeypatch.setattr(guard, "system_resolve", slow)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch("http://slow.test/", FetchPolicy(timeout=0.5))
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < 2


def test_error_messages_are_one_line(server: Any) -> None:
    server.routes["/e"] = lambda h: send(h, 404)
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/e", FetchPolicy(allow=server.allow))
    assert "\n" not in str(info.value)
    assert info.value.url == server.base + "/e"


def test_garbage_response_is_network_error(raw_server: Any, read_req: Any) -> None:
    def junk(conn: socket.socket) -> None:
        read_req(conn)
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")

    srv = raw_server(junk)
    with pytest.raises(FetchError) as info:
        fetch(srv.base + "/", FetchPolicy(allow=srv.allow, timeout=3))
    assert info.value.kind == "network"


def test_huge_headers_are_network_error(raw_server: Any, read_req: Any) -> None:
    def huge(conn: socket.socket) -> None:
        read_req(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (1024 * 1024))

    srv = raw_server(huge)
    with pytest.raises(FetchError) as info:
        fetch(srv.base + "/", FetchPolicy(allow=srv.allow, timeout=3))
    assert info.value.kind == "network"


def test_utf8_location(raw_server: Any, read_req: Any) -> None:
    seen: list[bytes] = []

    def behave(conn: socket.socket) -> None:
        request = read_req(conn)
        seen.append(request.split(b"\r\n", 1)[0])
        if b"GET /start" in request:
            conn.sendall("HTTP/1.1 302 Found\r\nLocation: /新闻?q=周报\r\nContent-Length: 0\r\n\r\n".encode())
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    srv = raw_server(behave)
    res = fetch(srv.base + "/start", FetchPolicy(allow=srv.allow, timeout=3))
    assert res.content == b"ok"
    assert seen[-1] == b"GET /%E6%96%B0%E9%97%BB?q=%E5%91%A8%E6%8A%A5 HTTP/1.1"
    assert res.url.endswith("/%E6%96%B0%E9%97%BB?q=%E5%91%A8%E6%8A%A5")


# --------------------------------------------------------------------------------------------
# TLS: connect to the pinned address, verify the certificate against the name


def _tls_material(tmp_path: Any) -> tuple[str, str, str]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "zhoubao test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "site.test")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("site.test")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = (str(tmp_path / n) for n in ("ca.pem", "cert.pem", "key.pem"))
    with open(ca_path, "wb") as fh:
        fh.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(cert_path, "wb") as fh:
        fh.write(leaf.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as fh:
        fh.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return ca_path, cert_path, key_path


def test_tls_verifies_the_name_while_dialling_the_pinned_address(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, connect_log: Any
) -> None:
    import ssl

    pytest.importorskip("cryptography")
    ca_path, cert_path, key_path = _tls_material(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_path, key_path)
    sni_seen: list[str | None] = []

    def on_sni(sock: Any, name: str | None, ctx: Any) -> None:
        sni_seen.append(name)

    server_ctx.sni_callback = on_sni

    class TLSHandler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            send(self, 200, self.headers.get("Host", "").encode())

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TLSHandler)
    httpd.daemon_threads = True
    httpd.socket = server_ctx.wrap_socket(httpd.socket, server_side=True)
    port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    client_ctx = ssl.create_default_context(cafile=ca_path)
    monkeypatch.setattr(transport, "tls_context", lambda: client_ctx)
    try:
        resolver = Resolver({"site.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
        policy = FetchPolicy(
            resolver=resolver, allow=frozenset({f"site.test:{port}", f"other.test:{port}"}), timeout=5
        )
        res = fetch(f"https://site.test:{port}/", policy)
        assert res.content == f"site.test:{port}".encode()
        assert sni_seen == ["site.test"]
        with pytest.raises(FetchError) as info:
            fetch(f"https://other.test:{port}/", policy)  # same address, certificate is not for this name
        assert info.value.kind == "network"
        assert "certificate" in str(info.value).lower() or "hostname" in str(info.value).lower()
        assert connect_log.calls == [("127.0.0.1", port), ("127.0.0.1", port)]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_falls_back_to_the_next_checked_address(server: Any, connect_log: Any) -> None:
    server.routes["/"] = lambda h: send(h, 200, b"second")
    resolver = Resolver({"multi.test": ["127.0.0.3", "127.0.0.1"]})  # nothing listens on 127.0.0.3
    policy = FetchPolicy(resolver=resolver, allow=frozenset({f"multi.test:{server.port}"}), timeout=3)
    assert fetch(f"http://multi.test:{server.port}/", policy).content == b"second"
    assert connect_log.calls == [("127.0.0.3", server.port), ("127.0.0.1", server.port)]
