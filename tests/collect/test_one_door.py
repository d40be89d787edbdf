"""zhoubao.net is the only door to the network: no module outside it imports an HTTP client or opens a socket."""

from __future__ import annotations

import ast
from pathlib import Path

import zhoubao

SRC = Path(zhoubao.__file__).parent
NET = SRC / "net"
# The net modules that need a client: the guard resolves names (socket), the transport dials the checked
# address (socket, httpcore), the fetcher speaks HTTP over it (httpcore), the broker door gives the job queue a
# Redis client whose connections dial only addresses the guard checked (redis), the mail door speaks SMTP over a
# socket dialled to a checked address (smtplib, socket). The rest of net/ needs none.
DOOR = {NET / "guard.py", NET / "transport.py", NET / "fetcher.py", NET / "broker.py", NET / "smtp.py"}
# Client libraries (and the raw socket) that could reach the network.
CLIENTS = {"httpx", "httpcore", "requests", "urllib3", "aiohttp", "http.client", "urllib.request", "socket",
           "smtplib", "ftplib", "telnetlib", "xmlrpc.client", "websocket", "websockets", "pycurl", "redis"}
# Servers are not clients: the demo's loopback site and the desk's WSGI server listen, they never dial out.
SERVER_OK = {SRC / "demo" / "server.py"}
ENVIRONMENT = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _offending(names: set[str]) -> set[str]:
    return {n for n in names for c in CLIENTS if n == c or n.startswith(c + ".")}


def _environment_reads(path: Path) -> set[str]:
    """os.environ / os.getenv and the like, by attribute or by import."""
    found = {n for n in _imports(path) if n in {f"os.{e}" for e in ENVIRONMENT}}
    for node in ast.walk(_tree(path)):
        if (isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT and isinstance(node.value, ast.Name)
                and node.value.id == "os"):
            found.add(f"os.{node.attr}")
    return found


def test_no_module_outside_the_door_imports_a_network_client() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        if path in DOOR or path in SERVER_OK:
            continue
        bad = _offending(_imports(path))
        if bad:
            offenders[str(path.relative_to(SRC))] = sorted(bad)
    assert not offenders, f"only zhoubao.net (guard, transport, fetcher) may reach the network: {offenders}"


def test_every_door_module_needs_its_client() -> None:
    # A door module that no longer needs a client leaves the list, so the door stays as narrow as it can be.
    for path in DOOR:
        assert path.is_file(), path
        assert _offending(_imports(path)), f"{path.relative_to(SRC)} imports no network client"


def test_net_reads_no_environment() -> None:
    offenders = {str(p.relative_to(SRC)): sorted(_environment_reads(p)) for p in sorted(NET.rglob("*.py"))}
    assert not {k: v for k, v in offenders.items() if v}


def test_the_check_itself_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import httpx\nfrom urllib.request import urlopen\nfrom http import client\n", encoding="utf-8")
    assert _offending(_imports(sample)) >= {"httpx", "urllib.request", "urllib.request.urlopen", "http.client"}


def test_the_check_itself_sees_an_environment_read(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import os\nfrom os import getenv\nx = os.environ.get('A')\n", encoding="utf-8")
    assert _environment_reads(sample) == {"os.environ", "os.getenv"}
