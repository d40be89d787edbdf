"""HTML archive page and email HTML: structure, self-containment, links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from zhoubao.compose.document import IssueDoc
from zhoubao.render import registry
from zhoubao.render.email import render_email
from zhoubao.render.html import render_html
from zhoubao.render.text import clean_text, safe_url

from .samples import make_issue


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: bytes) -> _Collect:
    p = _Collect()
    p.feed(html.decode("utf-8"))
    return p


def test_html_page_structure(full_issue: IssueDoc, artifacts: Path) -> None:
    out = render_html(full_issue)
    (artifacts / "issue-40.html").write_bytes(out)
    page = parse(out)
    tags = [t for t, _ in page.tags]
    assert tags.count("h3") == len(full_issue.items())
    assert tags.count("h2") == len(full_issue.sections) + 1  # + 摘要
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags
    text = "".join(page.text)
    for item in full_issue.items():
        assert item.title in text
        for para in item.paragraphs:
            assert para in text
    assert "报：" in text and "发：" in text


def test_html_has_no_external_resources(full_issue: IssueDoc) -> None:
    out = render_html(full_issue).decode()
    assert not re.search(r"<(script|img|link|iframe)\b", out)
    assert "url(" not in out and "@import" not in out
    assert "Content-Security-Policy" in out


def test_html_sources_are_http_links_only(full_issue: IssueDoc) -> None:
    page = parse(render_html(full_issue))
    hrefs = [a.get("href") or "" for t, a in page.tags if t == "a"]
    external = [h for h in hrefs if not h.startswith("#")]
    assert external and all(h.startswith(("http://", "https://")) for h in external)
    assert all("noopener" in (a.get("rel") or "") for t, a in page.tags if t == "a" and not (a.get("href") or "").startswith("#"))


def test_highlights_link_to_items(full_issue: IssueDoc) -> None:
    out = render_html(full_issue).decode()
    assert out.count('<a href="#item-') == len(full_issue.highlights)


def test_email_is_inlined(full_issue: IssueDoc, artifacts: Path) -> None:
    out = render_email(full_issue)
    (artifacts / "issue-40-email.html").write_bytes(out)
    html = out.decode()
    assert "<style" not in html.lower()
    assert "<link" not in html.lower() and "<script" not in html.lower()
    page = parse(out)
    styled = [a for t, a in page.tags if t in ("p", "h2", "h3")]
    assert styled and all("style" in a for a in styled)
    assert 'role="presentation"' in html
    text = "".join(page.text)
    for item in full_issue.items():
        assert item.title in text


def test_registered(full_issue: IssueDoc) -> None:
    assert registry.get("html").render(full_issue).startswith(b"<!DOCTYPE html>")
    assert b"<style" not in registry.get("email").render(full_issue)


def test_empty_issue() -> None:
    doc = make_issue(1, items=0)
    assert b"<h3>" not in render_html(doc)
    assert b"<h3" not in render_email(doc)


def test_safe_url() -> None:
    assert safe_url("https://a.example/x?y=1") == "https://a.example/x?y=1"
    assert safe_url("HTTP://a.example/") == "HTTP://a.example/"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "file:///etc/passwd", "data:text/html,x",
                "//evil.example/x", "https:///nohost", "http://a b.example/", "http://a.example/\x00",
                "vbscript:x", " java\tscript:x", "", "mailto:a@b.c"):
        assert safe_url(bad) is None, bad


def test_clean_text() -> None:
    assert clean_text("a\x00b\x1b[31mc\u202ed\ufeffe\tf\ng") == "ab[31mcde f g"
    assert clean_text("《山海长歌》“长辈模式”12.5%") == "《山海长歌》“长辈模式”12.5%"
