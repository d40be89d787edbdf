"""The render package flows one way: renderers → base, text; importer → readers → text; builtin → renderers; no circle."""

from __future__ import annotations

import ast
from pathlib import Path

import zhoubao.render

PKG = "zhoubao.render"
DIR = Path(zhoubao.render.__file__).parent
# What each module may import from the package; any module not named here is a renderer.
ALLOWED = {
    "base": set(),
    "text": set(),
    "import_model": {"text"},
    "import_classify": {"import_model"},
    "read_docx": {"import_model", "import_classify"},
    "read_pdf": {"import_model", "import_classify"},
    "importer": {"import_model", "read_docx", "read_pdf"},
    "builtin": {"base", "docx", "email", "html", "json_out", "markdown", "pdf", "wechat"},
    "registry": {"base", "builtin"},
}
RENDERER_MAY = {"base", "text"}


def _render_imports(path: Path) -> set[str]:
    """Modules of the package that path imports, function-level imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            # ``from zhoubao.render import html`` names a module; ``from zhoubao.render.html import x`` a name in one.
            names = [f"{node.module}.{a.name}" for a in node.names] if node.module == PKG else [node.module]
        else:
            continue
        found.update(n.removeprefix(PKG + ".").split(".")[0] for n in names if n.startswith(PKG + "."))
    return found


def _graph() -> dict[str, set[str]]:
    return {p.stem: _render_imports(p) for p in DIR.glob("*.py") if p.stem != "__init__"}


def test_each_module_imports_only_what_its_layer_may() -> None:
    wrong = {name: sorted(deps - ALLOWED.get(name, RENDERER_MAY)) for name, deps in _graph().items()}
    assert not {k: v for k, v in wrong.items() if v}, f"imports against the flow: {wrong}"


def test_no_import_circle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import circle: {' → '.join((*path, name))}"
        if name in done:
            return
        for dep in graph.get(name, set()):
            visit(dep, (*path, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_the_check_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from zhoubao.render import registry\n    import zhoubao.render.html\n"
                      "from zhoubao.render.text import clean_text\n", encoding="utf-8")
    assert _render_imports(sample) == {"registry", "html", "text"}


def test_every_builtin_is_registered() -> None:
    from zhoubao.render import builtin, registry

    assert registry.names() == sorted(r.name for r in builtin.RENDERERS)
    # A renderer module that builtin forgets would never be offered.
    defining = {p.stem for p in DIR.glob("*.py") if "\nRENDERER = " in p.read_text(encoding="utf-8")}
    assert defining == ALLOWED["builtin"] - {"base"}
