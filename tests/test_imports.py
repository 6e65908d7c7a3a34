"""The import graph of `src/quotefind`: no module imports one that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    out = {}
    for path in sorted((SRC / "quotefind").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, *, in_functions: bool) -> list[tuple[str, list[str]]]:
    """(module, names) of each import that runs: at module level, and in functions when asked."""
    found: list[tuple[str, list[str]]] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.extend((alias.name, []) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((node.module, [alias.name for alias in node.names]))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                visit(node.orelse)  # what only a type checker reads never runs
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if in_functions:
                    visit(node.body)
            elif isinstance(node, ast.ClassDef | ast.If | ast.Try | ast.With | ast.For | ast.While):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    for child in getattr(node, field, []):
                        visit(child.body if isinstance(child, ast.ExceptHandler) else [child])

    visit(tree.body)
    return found


def import_graph(*, in_functions: bool) -> dict[str, set[str]]:
    """Module -> the package modules it imports (`from pkg import submodule` counts the submodule)."""
    modules = module_names()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, names in _imports(tree, in_functions=in_functions):
            if not target.startswith("quotefind"):
                continue
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            for dep in subs or ([target] if target in modules else []):
                if dep != name:
                    graph[name].add(dep)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle (a list of modules, first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


@pytest.mark.parametrize("in_functions", [False, True], ids=["module-level", "with-function-imports"])
def test_no_import_cycles(in_functions: bool) -> None:
    cycle = find_cycle(import_graph(in_functions=in_functions))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_sees_the_package() -> None:
    graph = import_graph(in_functions=True)
    assert "quotefind.store.whoosh.location" in graph["quotefind.store"]  # inside open_store
    assert "quotefind.analysis" in graph["quotefind.store.whoosh.documents"]
    assert "quotefind.pipeline" in graph["quotefind.cli"]  # imported inside a command function
    assert "quotefind.pipeline" not in import_graph(in_functions=False)["quotefind.cli"]


def test_analysis_imports_neither_side() -> None:
    graph = import_graph(in_functions=True)
    assert not {
        d for d in graph["quotefind.analysis"] if d.startswith(("quotefind.store", "quotefind.search"))
    }


def test_importing_the_package_imports_no_model_until_a_name_is_used() -> None:
    # Tab completion imports `quotefind` on every keystroke: the model (~10 ms) comes only when used.
    import subprocess
    import sys

    code = (
        "import sys, quotefind; loaded = 'quotefind.model' in sys.modules; "
        "from quotefind import Statement, __version__; "
        "print(loaded, Statement.__module__, 'quotefind.model' in sys.modules, __version__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "quotefind.model", "True", "0.1.0"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        import quotefind

        quotefind.nothing  # noqa: B018
