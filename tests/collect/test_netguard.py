"""Address classification and URL parsing: pure functions, no sockets."""

from __future__ import annotations

import ipaddress

import pytest

from zhoubao.net import guard
from zhoubao.net.errors import FetchError
from zhoubao.net.url import BadHost, parse_ipv4_loose, parse_url

NON_PUBLIC = [
    "0.0.0.0",
    "0.255.255.255",
    "10.0.0.0",
    "10.255.255.255",
    "100.64.0.0",
    "100.127.255.255",
    "127.0.0.1",
    "127.255.255.255",
    "169.254.0.0",
    "169.254.169.254",
    "172.16.0.0",
    "172.31.255.255",
    "192.0.0.0",
    "192.0.0.255",
    "192.0.2.1",
    "192.88.99.1",
    "192.168.0.0",
    "192.168.255.255",
    "198.18.0.0",
    "198.19.255.255",
    "198.51.100.1",
    "203.0.113.1",
    "224.0.0.1",
    "239.255.255.255",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::127.0.0.1",
    "::8.8.8.8",  # IPv4-compatible is deprecated whatever it embeds
    "::ffff:127.0.0.1",
    "::ffff:10.1.2.3",
    "::ffff:0:10.1.2.3",
    "64:ff9b::127.0.0.1",
    "64:ff9b::169.254.169.254",
    "64:ff9b:1::8.8.8.8",
    "100::1",
    "2001::1",  # Teredo with server 0.0.0.0
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    "2001:0:a00:1:8000:63bf:3fff:fdd2",  # Teredo, server 10.0.0.1
    "2001:2::1",
    "2001:db8::1",
    "2002:7f00:1::1",
    "2002:a9fe:a9fe::",
    "2002:c0a8:101::1",
    "3fff::1",
    "4000::1",
    "5f00::1",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "febf::1",
    "fec0::1",
    "ff02::1",
    "ff0e::1",
]

PUBLIC = [
    "1.1.1.1",
    "8.8.8.8",
    "100.63.255.255",
    "100.128.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.1",
    "192.167.255.255",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2400:cb00::1",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # Teredo, server 65.54.227.120, client 8.8.8.8
]


@pytest.mark.parametrize("ip", NON_PUBLIC)
def test_non_public_addresses_have_a_reason(ip: str) -> None:
    assert guard.non_public_reason(ipaddress.ip_address(ip)) is not None


@pytest.mark.parametrize("ip", PUBLIC)
def test_public_addresses_pass(ip: str) -> None:
    assert guard.non_public_reason(ipaddress.ip_address(ip)) is None


def test_scoped_ipv6_is_not_public() -> None:
    addr = guard.parse_ip("2606:4700::1%eth0")
    assert addr is not None
    assert guard.non_public_reason(addr) is not None


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0X7F.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("10.1", "10.0.0.1"),
        ("169.254.43518", "169.254.169.254"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("2852039166", "169.254.169.254"),
        ("8.8.8.8", "8.8.8.8"),
    ],
)
def test_loose_ipv4(host: str, expected: str) -> None:
    assert parse_ipv4_loose(host) == ipaddress.IPv4Address(expected)


@pytest.mark.parametrize("host", ["example.com", "a1.b2", "xn--fiqs8s", "1a.example", "localhost"])
def test_names_are_not_addresses(host: str) -> None:
    assert parse_ipv4_loose(host) is None


@pytest.mark.parametrize(
    "host", ["256.0.0.1", "1.2.3.4.5", "08.0.0.1", "0x100000000", "4294967296", "1.256.1", "foo.123", "1..1"]
)
def test_bad_numeric_hosts(host: str) -> None:
    with pytest.raises(BadHost):
        parse_ipv4_loose(host)


# --------------------------------------------------------------------------------------------
# parse_url


def test_parse_url_normalises() -> None:
    p = parse_url("  HTTP://Example.COM:80/a b?q=1#frag\n")
    assert (p.scheme, p.host, p.port, p.target) == ("http", "example.com", 80, "/a%20b?q=1")
    assert p.url == "http://example.com/a%20b?q=1"
    assert p.allow_key == "example.com:80"


def test_parse_url_trailing_dot() -> None:
    assert parse_url("http://Example.com./x").host == "example.com"
    assert parse_url("http://localhost.:8123/").allow_key == "localhost:8123"


def test_parse_url_defaults_and_ipv6() -> None:
    assert parse_url("https://example.com").target == "/"
    assert parse_url("https://example.com?x").target == "/?x"
    p = parse_url("http://[2606:4700::1]:8080/x")
    assert p.host == "2606:4700::1"
    assert p.netloc == "[2606:4700::1]:8080"
    assert p.allow_key == "[2606:4700::1]:8080"


def test_parse_url_backslash_ends_the_host() -> None:
    # WHATWG reads \ as / in http URLs, so the host is good.test, never 127.0.0.1
    p = parse_url("http://good.test\\@127.0.0.1/")
    assert p.host == "good.test"
    assert p.ip is None


def test_parse_url_idna() -> None:
    assert parse_url("http://中国.example/").host == "xn--fiqs8s.example"
    full = parse_url("http://１２７。０。０。１/")
    assert full.ip == ipaddress.IPv4Address("127.0.0.1")


@pytest.mark.parametrize(
    "url",
    [
        "http://user:pw@example.com/",
        "http://@example.com/",
        "http://exa mple.com/",
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://example.com:8o/",
        "http:///path",
        "http:example.com",
        "http://[::1/",
        "http://[fe80::1%25eth0]/",
        "http://[::1]x/",
        "http://%31%32%37.0.0.1/",
        "http://exa_mple..com/",
        "http://-/",
        "//example.com/",
        "example.com",
        "http://ex\x00ample.com/",
    ],
)
def test_parse_url_rejects(url: str) -> None:
    with pytest.raises(FetchError) as info:
        parse_url(url)
    assert info.value.kind == "bad_url"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/", "gopher://x/", "javascript:alert(1)", "data:,x", "ws://x/"]
)
def test_parse_url_other_schemes(url: str) -> None:
    with pytest.raises(FetchError) as info:
        parse_url(url)
    assert info.value.kind == "scheme"
