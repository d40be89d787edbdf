"""fetch.py is the only door to the network: no other module of zhoubao imports an HTTP client or opens a socket."""

from __future__ import annotations

import ast
from pathlib import Path

import zhoubao

SRC = Path(zhoubao.__file__).parent
DOOR = {SRC / "collect" / "fetch.py", SRC / "collect" / "netguard.py"}
# Client libraries (and the raw socket) that could reach the network.
CLIENTS = {"httpx", "httpcore", "requests", "urllib3", "aiohttp", "http.client", "urllib.request", "socket",
           "smtplib", "ftplib", "telnetlib", "xmlrpc.client", "websocket", "websockets", "pycurl"}
# Servers are not clients: the demo's loopback site and the desk's WSGI server listen, they never dial out.
SERVER_OK = {SRC / "demo" / "server.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _offending(names: set[str]) -> set[str]:
    return {n for n in names for c in CLIENTS if n == c or n.startswith(c + ".")}


def test_no_module_but_fetch_imports_a_network_client() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        if path in DOOR or path in SERVER_OK:
            continue
        bad = _offending(_imports(path))
        if bad:
            offenders[str(path.relative_to(SRC))] = sorted(bad)
    assert not offenders, f"only collect/fetch.py may reach the network: {offenders}"


def test_the_check_itself_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import httpx\nfrom urllib.request import urlopen\nfrom http import client\n", encoding="utf-8")
    assert _offending(_imports(sample)) >= {"httpx", "urllib.request", "urllib.request.urlopen", "http.client"}
