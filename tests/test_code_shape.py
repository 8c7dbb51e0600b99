"""The code's shape: short functions, the page reader, model, rules and rendering as separate modules with
no circular import, and no private name used across modules."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

MAX_FUNCTION_LINES = 60
PACKAGE = ROOT / "macros"


def _trees(folder: Path) -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.py"))}


def _imports(tree: ast.Module) -> set[str]:
    """The ``macros`` modules a module imports (``from macros import x``, ``from macros.x import y``)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "macros":
            out |= {a.name for a in node.names if (PACKAGE / f"{a.name}.py").is_file()}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("macros."):
            out.add(node.module.split(".")[1])
    return out


def test_no_function_in_macros_is_long():
    long = [
        f"macros/{name}.py: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for name, tree in _trees(PACKAGE).items()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, long


def test_reader_model_rules_and_rendering_are_separate_modules_without_cycles():
    graph = {name: _imports(tree) - {name} for name, tree in _trees(PACKAGE).items() if name != "__init__"}
    for layer in ("pages", "model", "rules", "render"):
        assert layer in graph
    assert "rules" not in graph["pages"] | graph["model"] and "render" not in graph["pages"] | graph["rules"]
    state: dict[str, str] = {}

    def visit(node, path):
        if state.get(node) == "done":
            return
        assert state.get(node) != "open", "circular import: " + " -> ".join([*path, node])
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*path, node])
        state[node] = "done"

    for name in graph:
        visit(name, [])


def test_no_private_name_is_used_across_modules():
    used = []
    for folder in (PACKAGE, ROOT / "scripts", ROOT / "tests"):
        for path in sorted(folder.glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            modules = {
                a.asname or a.name
                for n in ast.walk(tree)
                if isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] in ("macros", "scripts")
                for a in n.names
            }
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("macros", "scripts"):
                    used += [
                        f"{path.name}: from {node.module} import {a.name}"
                        for a in node.names
                        if a.name.startswith("_") and a.name != "__version__"
                    ]
                elif (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in modules
                    and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                ):
                    used.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert not used, used
