"""Issue 16, finding 4 at the desk: a page added by URL is extracted in a worker under the home's limits, and a
page that breaks them is answered by one line (the request is not held, the desk process not blown up)."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import Client
from django.urls import reverse

from zhoubao.archive.models import Issue, Report


def test_add_by_url_runs_under_the_worker_limits(as_editor: Client, issue: Issue, monkeypatch: Any) -> None:
    page = ("<html><head><title>优酷发布暑期片单</title></head><body><article><h1>优酷发布暑期片单</h1>"
            "<p>6月8日，优酷发布暑期片单，共有20部网络剧将陆续上线，涵盖古装、悬疑等类型。</p>"
            "<p>优酷表示，片单中的多部作品将同步在海外平台播出。</p>"
            # Some 900 kB of text: decoding and parsing it needs more than a megabyte more than the worker holds, so
            # the 1 MB limit below always stops it (a small page may fit in memory the worker already has).
            + "".join(f"<p>第{i}部作品的简介：该剧讲述了一段跨越多年的故事，由多位青年演员主演，预计在暑期档上线播出。</p>"
                      for i in range(6_000))
            + "</article></body></html>").encode()

    class H(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *a: Any) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("ZHOUBAO_FETCH_ALLOW", f"127.0.0.1:{srv.server_port}")
        # A worker with (almost) no memory to spare: whatever the page, its extraction stops at the limit.
        monkeypatch.setenv("ZHOUBAO_COLLECT_EXTRACT_MEMORY_MB", "1")
        start = time.monotonic()
        resp = as_editor.post(reverse("report_add_url", args=[issue.pk]),
                              {"issue_version": issue.version, "url": f"http://127.0.0.1:{srv.server_port}/a.html",
                               "into_issue": "on"}, follow=True)
        took = time.monotonic() - start
        text = resp.content.decode()
        # The extraction failed in the worker (a MemoryError there), and the desk says so in one message.
        assert "提取到正文" in text or "无法提取正文" in text
        assert took < 60
        assert not Report.objects.filter(url__contains="/a.html").exists()
        # With the home's usual limits the same page is read: it was the limit that stopped it.
        monkeypatch.delenv("ZHOUBAO_COLLECT_EXTRACT_MEMORY_MB")
        issue.refresh_from_db()
        resp = as_editor.post(reverse("report_add_url", args=[issue.pk]),
                              {"issue_version": issue.version, "url": f"http://127.0.0.1:{srv.server_port}/a.html",
                               "into_issue": "on"}, follow=True)
        said = re.findall(r'<p class="msg[^"]*">(.*?)</p>', resp.content.decode(), re.S)
        assert any("已添加报道" in m for m in said), said
    finally:
        srv.shutdown()
