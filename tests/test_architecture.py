"""The layers point one way: no import cycle anywhere, no Textual below the app.

Every module under src/cdstui is parsed with ``ast``; its imports are those
at module level and those inside functions (a cycle through a function-level
import is still a cycle, only a later one), leaving out ``if TYPE_CHECKING:``
blocks, which never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "cdstui"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, *, module_level_only: bool = False) -> set[str]:
    """Every module name ``module`` imports (ours and others', e.g. "textual.app")."""
    path = MODULES[module]
    found: set[str] = set()

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child, top)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node, path.name == "__init__.py")
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
        if module_level_only and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        for child in ast.iter_child_nodes(node):
            visit(child, top)

    visit(ast.parse(path.read_text(encoding="utf-8")), True)
    found.discard(module)
    return found


def graph(*, module_level_only: bool = False) -> dict[str, set[str]]:
    return {m: {i for i in imports_of(m, module_level_only=module_level_only) if i in MODULES} for m in MODULES}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return found


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(edges.get(m, ()))
    return seen


def test_the_parser_sees_imports_of_every_kind():
    # module-level, function-level, and under TYPE_CHECKING (left out)
    assert "cdstui.store.base" in imports_of("cdstui.store.backup")
    assert "cdstui.tui.app" in imports_of("cdstui.cli")  # inside cmd_app
    assert "cdstui.tui.app" not in imports_of("cdstui.cli", module_level_only=True)
    assert "cdstui.store.store" not in imports_of("cdstui.store.undo")  # TYPE_CHECKING only
    assert "textual.app" in imports_of("cdstui.tui.app")


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_src():
    assert cycles(graph()) == []


BELOW_THE_APP = ("domain", "store", "importers", "report", "workspace", "dump", "cli")


def _layer_modules(layer: str) -> list[str]:
    prefix = f"cdstui.{layer}"
    return [m for m in MODULES if m == prefix or m.startswith(prefix + ".")]


@pytest.mark.parametrize("layer", BELOW_THE_APP)
def test_no_textual_below_the_app(layer):
    edges = graph()
    module_edges = graph(module_level_only=True)
    for module in _layer_modules(layer):
        direct = {i for i in imports_of(module) if i == "textual" or i.startswith("textual.")}
        assert not direct, f"{module} imports {sorted(direct)}"
        # the command line starts the app (cmd_app) but must not load it for its other commands
        closure = reachable(module_edges if layer == "cli" else edges, module)
        app_side = sorted(m for m in closure if m.startswith("cdstui.tui"))
        assert not app_side, f"{module} reaches {app_side}"
