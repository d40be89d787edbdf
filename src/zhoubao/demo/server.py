"""A loopback HTTP server over the demo site (also the fixture server of the end-to-end tests)."""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

PLACEHOLDER = b"http://zhoubao-demo.invalid"


def site_dir() -> Path:
    return Path(str(resources.files("zhoubao.demo").joinpath("site")))


def week_dir() -> Path:
    return Path(str(resources.files("zhoubao.demo").joinpath("week")))


class _Handler(BaseHTTPRequestHandler):
    server_version = "zhoubao-demo/1"
    root: Path
    base: bytes

    def log_message(self, format: str, *args: object) -> None:  # quiet: the demo prints its own progress
        return

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if (self.root not in target.parents and target != self.root) or not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes().replace(PLACEHOLDER, self.base)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".xml":
            ctype = "application/xml"
        self.send_response(200)
        self.send_header("Content-Type", ctype)  # no charset: pages declare their own (one is GBK)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


class DemoServer:
    """Serve a folder on 127.0.0.1 at a free port, rewriting the demo's placeholder host to the real address."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or site_dir()).resolve()
        # The port is known only once bound, and the handler needs it to rewrite the placeholder host.
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.port = int(self.httpd.server_address[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.httpd.RequestHandlerClass = type("Handler", (_Handler,), {"root": self.root, "base": self.base.encode()})
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def rewrite(self, url: str) -> str:
        return url.replace(PLACEHOLDER.decode(), self.base)

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
