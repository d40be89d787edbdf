"""Render, then read back: PDF and Word give back exactly the items, masthead, 摘要 and footer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from zhoubao.compose.document import IssueDoc
from zhoubao.render.docx import render_docx
from zhoubao.render.importer import IssueImportError, item_texts, read_issue

from .conftest import needs_fonts
from .samples import make_corpus, make_issue

CORPUS = make_corpus(24)


def _assert_same(original: IssueDoc, back: IssueDoc) -> None:
    assert item_texts(back.items()) == item_texts(original.items())
    assert [s.name for s in back.sections] == [s.name for s in original.sections]
    assert back.masthead == original.masthead
    assert back.highlights == original.highlights
    assert back.footer == original.footer
    assert back.style == original.style
    for a, b in zip(original.items(), back.items(), strict=True):
        if a.grouped:
            assert [s.title for s in b.stories] == [s.title for s in a.stories]
            assert [s.paragraphs for s in b.stories] == [s.paragraphs for s in a.stories]


@needs_fonts
@pytest.mark.parametrize("n", range(len(CORPUS)))
def test_pdf_round_trip(n: int, tmp_path: Path) -> None:
    from zhoubao.render.pdf import render_pdf

    doc = CORPUS[n]
    path = tmp_path / "issue.pdf"
    path.write_bytes(render_pdf(doc))
    _assert_same(doc, read_issue(path))


@pytest.mark.parametrize("n", range(len(CORPUS)))
def test_docx_round_trip(n: int, tmp_path: Path) -> None:
    doc = CORPUS[n]
    path = tmp_path / "issue.docx"
    path.write_bytes(render_docx(doc))
    _assert_same(doc, read_issue(path))


@needs_fonts
def test_paragraphs_split_across_pages_are_joined(tmp_path: Path) -> None:
    """The long-paragraph issues really do break paragraphs over pages, and come back whole."""
    import pdfplumber

    from zhoubao.render.pdf import render_pdf

    split = 0
    for doc in [d for i, d in enumerate(CORPUS) if i % 5 == 1]:
        data = render_pdf(doc)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = ["".join(c["text"] for c in p.chars) for p in pdf.pages]
        for para in (p for it in doc.items() for p in it.paragraphs):
            head, tail = para[:12], para[-12:]
            if any(head in pages[k] and tail not in pages[k] and tail in pages[k + 1] for k in range(len(pages) - 1)):
                split += 1
        path = tmp_path / "long.pdf"
        path.write_bytes(data)
        assert item_texts(read_issue(path).items()) == item_texts(doc.items())
    assert split >= 3, f"only {split} paragraphs crossed a page break: make the samples longer"


def test_hand_made_docx_by_formatting(tmp_path: Path) -> None:
    """A Word file typed by hand (no zhoubao styles): bold lines are titles, others paragraphs."""
    doc = Document()
    doc.add_paragraph("行业动态周报")
    doc.add_paragraph("第12期")
    doc.add_paragraph("某协会\t2024年6月10日")
    for text, bold in [("要闻", True), ("工业和信息化部：前三季度软件业务收入同比增长12%", True),
                       ("6月4日，工业和信息化部发布数据。", False), ("第二段。", False),
                       ("星河视频上线“长辈模式”", True), ("近日，星河视频上线“长辈模式”。", False)]:
        p = doc.add_paragraph()
        p.add_run(text).bold = bold
    doc.add_paragraph("编辑部：信息部")
    doc.add_paragraph("责编：张三、李四")
    path = tmp_path / "hand.docx"
    doc.save(str(path))
    back = read_issue(path)
    assert back.masthead.number == 12 and back.masthead.publisher == "某协会"
    assert [s.name for s in back.sections] == ["要闻"]
    assert item_texts(back.items()) == [
        ("工业和信息化部：前三季度软件业务收入同比增长12%", ("6月4日，工业和信息化部发布数据。", "第二段。")),
        ("星河视频上线“长辈模式”", ("近日，星河视频上线“长辈模式”。",)),
    ]
    assert back.footer.editors == ["张三", "李四"]


def test_grouped_title_becomes_stories(tmp_path: Path) -> None:
    doc = next(d for d in (make_issue(seed, items=30) for seed in range(50)) if any(it.grouped for it in d.items()))
    path = tmp_path / "g.docx"
    path.write_bytes(render_docx(doc))
    back = read_issue(path)
    for a, b in zip(doc.items(), back.items(), strict=True):
        assert len(b.stories) == len(a.stories)


def test_rejects_other_files(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text("x")
    with pytest.raises(IssueImportError):
        read_issue(txt)
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(IssueImportError):
        read_issue(bad)
