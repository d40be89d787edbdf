"""The WeChat 公众号 format: one <section> of the tags the editor keeps, every style inline, all the issue's text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from zhoubao.compose.document import IssueDoc
from zhoubao.render import registry
from zhoubao.render.text import clean_text, footer_lines
from zhoubao.render.wechat import render_wechat

ALLOWED = {"section", "p", "span", "strong", "em", "br", "h1", "h2", "h3", "h4", "ul", "ol", "li", "a", "img"}


class _Tree(HTMLParser):
    """Every start tag with its attributes and depth, the text, and the top-level elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], int]] = []
        self.text: list[str] = []
        self.top: list[str] = []
        self.stray_top_text: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs), self.depth))
        if self.depth == 0:
            self.top.append(tag)
        if tag not in ("br", "img"):
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs), self.depth))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "img"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and data.strip("\ufeff \n"):
            self.stray_top_text.append(data)
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"comment in output: {data!r}")

    def handle_decl(self, decl: str) -> None:
        raise AssertionError(f"declaration in output: {decl!r}")


def _parse(out: bytes) -> _Tree:
    tree = _Tree()
    tree.feed(out.decode("utf-8-sig"))
    tree.close()
    assert tree.depth == 0, "every tag is closed"
    return tree


def test_wechat_keeps_to_what_the_editor_keeps(full_issue: IssueDoc, artifacts: Path) -> None:
    out = render_wechat(full_issue)
    (artifacts / "issue-40-wechat.html").write_bytes(out)
    tree = _parse(out)
    tags = {t for t, _, _ in tree.tags}
    assert tags <= ALLOWED, tags - ALLOWED
    assert tree.top == ["section"] and not tree.stray_top_text  # everything in one <section>
    for tag, attrs, _ in tree.tags:
        assert not {"class", "id"} & set(attrs), (tag, attrs)
        assert "target" not in attrs
        assert set(attrs) <= {"style", "href", "src", "alt"}, (tag, attrs)
    text = out.decode("utf-8")
    assert "<style" not in text and "<script" not in text and "<link" not in text
    assert "@import" not in text and "url(" not in text and "@font-face" not in text


def test_wechat_styles_headings_inline(full_issue: IssueDoc) -> None:
    tree = _parse(render_wechat(full_issue))
    headings = [(t, a) for t, a, _ in tree.tags if t in ("h1", "h2", "h3", "h4")]
    assert len([t for t, _ in headings if t == "h3"]) == len(full_issue.items())
    assert len([t for t, _ in headings if t == "h2"]) == len([s for s in full_issue.sections if s.items]) + 1
    for tag, attrs in headings:
        style = attrs.get("style") or ""
        assert "font-size:" in style and "margin:" in style, (tag, style)
    root = tree.tags[0][1].get("style") or ""
    assert "font-family:" in root and "line-height:" in root


def test_wechat_carries_every_item_and_the_footer(full_issue: IssueDoc) -> None:
    text = "".join(_parse(render_wechat(full_issue)).text)
    assert full_issue.masthead.title in text
    for item in full_issue.items():
        assert clean_text(item.title) in text
        for para in item.paragraphs:
            assert clean_text(para) in text
    for h in full_issue.highlights:
        assert clean_text(h) in text
    for label, value in footer_lines(full_issue):
        assert f"{label}：{value}" in text


def test_wechat_hostile_text_stays_text(hostile: IssueDoc) -> None:
    out = render_wechat(hostile)
    tree = _parse(out)
    assert {t for t, _, _ in tree.tags} <= ALLOWED - {"a", "img"}
    assert "<script>alert('x')</script>标题" in "".join(tree.text)
    assert "\x00" not in out.decode("utf-8") and "\u202e" not in out.decode("utf-8")


def test_wechat_is_registered(full_issue: IssueDoc) -> None:
    r = registry.get("wechat")
    assert "wechat" in registry.names() and r.extension == "html" and r.media_type == "text/html"
    assert r.render(full_issue) == render_wechat(full_issue)
