"""The house's layers: shells → app → stages in flow order → foundations; no import against that order, no circle.

Every import counts, those inside functions included. A stage may import an earlier stage and the foundations, never
a later stage, the use-case layer or a shell; shells reach zhoubao only through the use-case layer, the settings, the
errors and the archive's models.
"""

from __future__ import annotations

import ast
from pathlib import Path

import zhoubao

SRC = Path(zhoubao.__file__).parent

# Top-level packages (and modules) of zhoubao from the top of the house down. A module may import one further
# down (or its own package); never one above it.
ORDER = [
    "__main__", "cli", "web", "jobs", "demo",          # shells
    "app",                                             # use cases
    "evaluate", "deliver", "render", "review", "compose", "draft", "classify", "dedupe", "collect",  # stages
    "archive", "net", "text", "conf", "errors",        # foundations
]
SHELLS = {"__main__", "cli", "web", "jobs", "demo"}
# What a shell may import of zhoubao besides other shells it sits above.
SHELL_MAY = ("zhoubao.app", "zhoubao.conf", "zhoubao.errors", "zhoubao.archive.models", "zhoubao.__version__")
STAGES = {"evaluate", "deliver", "render", "review", "compose", "draft", "classify", "dedupe", "collect"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every zhoubao import in the file, relative imports resolved, function-level included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "zhoubao"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "zhoubao":
                continue
            # "from zhoubao.x import y" may import the module zhoubao.x.y: count the deeper one when it is a module.
            for a in node.names:
                deeper = f"{mod}.{a.name}"
                out.append((node.lineno, deeper if _is_module(deeper) else mod))
    return out


def _is_module(name: str) -> bool:
    p = SRC.parent.joinpath(*name.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _violations() -> list[str]:
    rank = {name: i for i, name in enumerate(ORDER)}
    bad = []
    for path in _sources():
        me = _module_name(path)
        top = _top(me)
        if me == "zhoubao":
            continue  # the package's face: its version, nothing else
        if top not in rank:
            bad.append(f"{me}: not in the layer order (add it to ORDER in this test)")
            continue
        for line, target in _imports(path):
            other = _top(target)
            if other == "" or other == top:
                continue
            where = f"{path.relative_to(SRC)}:{line} imports {target}"
            if other not in rank:
                bad.append(f"{where}: not in the layer order")
            elif rank[other] < rank[top]:
                bad.append(f"{where}: {other} is above {top}")
            elif top in SHELLS and other not in SHELLS and not target.startswith(SHELL_MAY):
                bad.append(f"{where}: a shell reaches below the use-case layer")
    return bad


def test_every_import_follows_the_layers() -> None:
    bad = _violations()
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def test_no_import_circle() -> None:
    graph: dict[str, set[str]] = {}
    for path in _sources():
        me = _module_name(path)
        graph.setdefault(me, set()).update(t for _, t in _imports(path) if t != me and _is_module(t))
    circles = _cycles(graph)
    assert not circles, "import circles:\n" + "\n".join(" → ".join(c) for c in circles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each a circle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_stage_reads_the_environment_or_django_settings() -> None:
    offenders = []
    for path in _sources():
        top = _top(_module_name(path))
        if top not in STAGES | {"net", "text"}:
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("os.environ", "os.getenv", "from django.conf import settings", "django.conf.settings"):
            if needle in text:
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert not offenders, offenders


def test_no_source_file_over_700_lines() -> None:
    long = {str(p.relative_to(SRC)): n for p in _sources() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert not long, long


def test_the_checks_see_what_they_check(tmp_path: Path) -> None:
    """The layer check itself: a stage importing the use-case layer, and a circle, are both caught."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    rank = {name: i for i, name in enumerate(ORDER)}
    assert rank["app"] < rank["collect"] < rank["net"] and rank["render"] < rank["compose"]
    assert _top("zhoubao.collect.run") == "collect" and _top("zhoubao") == ""


def test_the_architecture_page_names_files_that_exist_and_a_road_of_ten() -> None:
    import re

    doc = (SRC.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+/[a-z_]+\.py)`", doc))
    missing = sorted(n for n in named if not (SRC / n).is_file())
    assert not missing, missing
    road = doc.split("## The road of one report", 1)[1].split("Side rooms", 1)[0]
    steps = re.findall(r"^\d+\. `([a-z_]+/[a-z_]+\.py)`", road, flags=re.M)
    assert len(steps) == len(set(steps)) <= 10 and len(steps) >= 8, steps
