"""Hostile report text stays inert in every format."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from zhoubao.compose.document import IssueDoc
from zhoubao.render.docx import render_docx
from zhoubao.render.email import render_email
from zhoubao.render.html import render_html

from .conftest import needs_fonts
from .test_render_html import parse

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e\u2066]")


@pytest.mark.parametrize("render", [render_html, render_email], ids=["html", "email"])
def test_html_outputs_inert(hostile: IssueDoc, render: object, artifacts: Path) -> None:
    out = render(hostile).decode("utf-8")  # type: ignore[operator]
    (artifacts / f"hostile-{render.__name__}.html").write_text(out, encoding="utf-8")  # type: ignore[attr-defined]
    page = parse(out.encode("utf-8"))
    tags = {t for t, _ in page.tags}
    assert not tags & {"script", "iframe", "img", "b", "i", "br", "object", "embed", "form", "link"}, tags
    assert "style" not in tags or render is render_html  # the page's own stylesheet only
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "#")), href
        assert "src" not in attrs
    # Everything hostile survives only as text (css-inline re-serialises quotes in text nodes).
    assert "<script>alert('x')</script>标题" in "".join(page.text)
    assert not CONTROL.search(out)
    assert "这是很长的一段文字，" * 100 in out  # the 200 KB paragraph is kept, as text


def test_docx_inert(hostile: IssueDoc, artifacts: Path) -> None:
    data = render_docx(hostile)
    (artifacts / "hostile.docx").write_bytes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<w:t>XML 注入" not in xml and "]]&gt;&lt;/w:t&gt;" in xml
    assert not CONTROL.search(xml)
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "<script>alert('x')</script>标题" in texts
    assert any(t.startswith("]]></w:t></w:r>") for t in texts)
    assert not any("\x00" in t for t in texts)


@needs_fonts
def test_pdf_inert(hostile: IssueDoc, artifacts: Path) -> None:
    import pdfplumber

    from zhoubao.render.pdf import render_pdf

    data = render_pdf(hostile)
    (artifacts / "hostile.pdf").write_bytes(data)
    assert b"/JavaScript" not in data and b"/Launch" not in data and b"/URI" not in data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0]
        text = "".join((p.extract_text() or "") for p in pdf.pages[:3])
        # Typst code in the report would have painted the page red: it is printed instead.
        assert "#set page(fill: red)" in text and "$x^2$" in text
        assert not any(r.get("non_stroking_color") in ((1, 0, 0), [1, 0, 0]) and r["width"] > 500 for r in first.rects)
    assert not CONTROL.search(text)
