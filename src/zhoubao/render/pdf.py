"""PDF of an issue through Typst, with Debian's Noto CJK fonts embedded."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from zhoubao.compose.document import IssueDoc
from zhoubao.conf.settings import RenderSettings, defaults
from zhoubao.render.base import Renderer, RenderUnavailable
from zhoubao.render.text import LIST_SEP, NAME_SEP, clean_text, date_text, number_text

# Where Debian's fonts-noto-cjk puts the fonts, unless [render] cjk_font_dir says otherwise.
FONT_DIR = Path(defaults()["render"]["cjk_font_dir"])
REQUIRED_FONTS = ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc", "NotoSansCJK-Bold.ttc")

_compiler: Any = None
_compiler_key: Path | None = None
_lock = threading.Lock()  # one Typst world per process; compiles are serialised through it


def _template() -> bytes:
    return resources.files("zhoubao.render").joinpath("typst/issue.typ").read_bytes()


def _check_fonts(font_dir: Path) -> None:
    missing = [name for name in REQUIRED_FONTS if not (font_dir / name).is_file()]
    if missing:
        raise RenderUnavailable(
            f"PDF 需要思源/Noto CJK 字体，但在 {font_dir} 找不到 {', '.join(missing)}；"
            "请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk），"
            "或在 zhoubao.toml 的 [render] cjk_font_dir（环境变量 ZHOUBAO_RENDER_CJK_FONT_DIR）中指定含这些字体的目录。"
        )


def _get_compiler(font_dir: Path) -> Any:
    global _compiler, _compiler_key
    try:
        import typst
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RenderUnavailable("PDF 需要 Python 包 typst（pip install typst）。") from exc
    if _compiler is None or _compiler_key != font_dir:
        # Loading the CJK font collections costs ~0.2 s; keep one compiler and reuse its font book.
        _compiler = typst.Compiler(font_paths=[str(font_dir)], ignore_system_fonts=True)
        _compiler_key = font_dir
    return _compiler


def issue_payload(doc: IssueDoc) -> dict[str, Any]:
    """Everything the template prints, as plain strings (already cleaned, never markup)."""
    f = doc.footer
    return {
        "masthead": {
            "title": clean_text(doc.masthead.title),
            "publisher": clean_text(doc.masthead.publisher),
            "number_text": number_text(doc),
            "date_text": date_text(doc),
        },
        "bullet": clean_text(doc.style.bullet),
        "highlights": [clean_text(h) for h in doc.highlights],
        "sections": [
            {
                "name": clean_text(s.name),
                "items": [
                    {"title": clean_text(it.title), "paragraphs": [clean_text(p) for p in it.paragraphs]}
                    for it in s.items
                ],
            }
            for s in doc.sections
            if s.items
        ],
        "footer": {
            "office": clean_text(f.office),
            "editors": NAME_SEP.join(clean_text(n) for n in f.editors),
            "reviewers": NAME_SEP.join(clean_text(n) for n in f.reviewers),
            "note": clean_text(f.note),
            "report_to": LIST_SEP.join(clean_text(n) for n in f.report_to),
            "send_to": LIST_SEP.join(clean_text(n) for n in f.send_to),
        },
    }


def render_pdf(doc: IssueDoc, *, font_dir: Path | None = None) -> bytes:
    font_dir = font_dir or FONT_DIR
    _check_fonts(font_dir)
    data = json.dumps(issue_payload(doc), ensure_ascii=False)
    d = doc.masthead.date
    with _lock:
        compiler = _get_compiler(font_dir)
        try:
            pdf = compiler.compile(
                input=_template(),
                format="pdf",
                sys_inputs={"zhoubao-issue": data},
                # A fixed timestamp (the issue date) keeps the bytes reproducible.
                timestamp=datetime(d.year, d.month, d.day, 8, 0, tzinfo=timezone(timedelta(hours=8))),
            )
        except Exception as exc:  # typst.TypstError: the template, not the report text, is at fault
            raise RenderUnavailable(f"Typst 排版失败：{exc}") from exc
    assert isinstance(pdf, bytes)
    return pdf


def _render_with(doc: IssueDoc, settings: RenderSettings) -> bytes:
    return render_pdf(doc, font_dir=Path(settings.cjk_font_dir))


RENDERER = Renderer("pdf", extension="pdf", media_type="application/pdf", make=render_pdf, make_with=_render_with)
