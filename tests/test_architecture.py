"""The module map in the README holds: no import cycle in `translate/`, and no module imports
one of a higher layer. Both module-level and function-level (lazy) imports count."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "translate"

# Lowest first; a module may import from its own layer or lower ones, never higher.
# The same order is drawn in the README's Development section.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "files",
        "states",
        "pages",
        "workers",
        "engine",
        "similar",
        "markup",
        "qa",
        "languages",
        "powrite",
        "glossary",
    ),
    ("project", "read", "segment"),
    ("catalog", "align"),
    ("articles", "argos_packages", "argos", "models", "engines", "memory", "cluster"),
    ("pipeline", "status", "review", "export"),
    ("cli", "__main__"),
)


def _module(path: Path) -> str:
    """The top-level module under translate/ a file belongs to (a subpackage counts as one)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imported(node: ast.AST) -> set[str]:
    found: set[str] = set()
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        parts = node.module.split(".")
        if parts[0] != "translate":
            return found
        if len(parts) > 1:
            found.add(parts[1])
        else:  # from translate import x: a module, or a name of translate/__init__.py
            for alias in node.names:
                is_module = (PACKAGE / f"{alias.name}.py").exists()
                found.add(alias.name if is_module else "__init__")
    elif isinstance(node, ast.Import):
        for alias in node.names:
            parts = alias.name.split(".")
            if parts[0] == "translate" and len(parts) > 1:
                found.add(parts[1])
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the translate modules it imports anywhere in its code (ast.walk sees the
    imports inside functions as well as those at the top)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        edges = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            edges |= _imported(node)
        edges.discard(module)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_sees_lazy_imports() -> None:
    graph = import_graph()
    assert {"pipeline", "export", "review", "status", "models"} <= graph["cli"]  # lazy in cli
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_translate() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_every_module_has_a_layer_and_imports_only_downwards() -> None:
    layer = {module: index for index, names in enumerate(LAYERS) for module in names}
    graph = import_graph()
    unplaced = sorted(set(graph) - set(layer) - {"__init__"})
    assert not unplaced, f"place these modules in LAYERS and the README: {unplaced}"
    upward = [
        f"{module} ({layer[module]}) imports {dep} ({layer[dep]})"
        for module, deps in sorted(graph.items())
        if module != "__init__"
        for dep in sorted(deps)
        if dep != "__init__" and layer[dep] > layer[module]
    ]
    assert not upward, upward


def test_readme_draws_the_same_layers() -> None:
    """Each layer is one row of the README's diagram, higher layers drawn above lower ones."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Development", 1)[1]
    diagram = section.split("```", 2)[1].splitlines()
    modules = set(import_graph())
    rows = []
    for line in diagram:  # the module names a row starts with, before its description
        words = line.replace(",", " ").split()
        end = next((i for i, word in enumerate(words) if word not in modules), len(words))
        rows.append(set(words[:end]))
    drawn = []
    for names in LAYERS:
        matches = [index for index, words in enumerate(rows) if set(names) <= words]
        assert matches, f"the README diagram has no row for the layer {names}"
        drawn.append(matches[0])
    assert drawn == sorted(drawn, reverse=True), drawn
