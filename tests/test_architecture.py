"""The module map in the README holds: no import cycle in `translate/`, and no module imports
one of a higher layer. Both module-level and function-level (lazy) imports count."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "translate"

# Lowest first; a module may import from its own layer or lower ones, never higher.
# The same order is drawn in the README's Development section.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "files",
        "pages",
        "workers",
        "engine",
        "similar",
        "inline",
        "markup",
        "languages",
        "glossary",
    ),
    ("states", "powrite", "qa"),  # the PO's conventions: text modules below never know them
    ("frontmatter", "boxes", "decode", "project", "htmlread", "mdtokens", "read", "segment"),
    ("postore", "parsed", "carry", "catalog", "align", "summary", "indexdb"),
    ("articles", "argos_packages", "argos", "models", "engines", "memory", "cluster", "drafts"),
    ("pipeline", "status", "review", "export"),
    ("serve",),  # the review page: a web front over the same library as the commands
    ("console", "cli", "__main__"),
)


# Inside a subpackage, the same rule between its own modules (lowest first).
SUBPACKAGE_LAYERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "export": (
        ("paths", "view", "sanitise", "sanitise_html", "rawhtml", "front", "mdtext", "htmlrows"),
        ("html", "index", "markdown", "mdtable", "target_html", "epub", "pdf", "images"),
        ("book", "job"),
        ("__init__",),
    ),
    "serve": (("entries",), ("app",), ("__init__",)),
}
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"
MAX_LINES = 600


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


# --------------------------------------------------------------------------- language facts

# Language facts still defined outside translate/languages/, as (file under translate/, the
# top-level name that holds them). Keep it empty: a language fact has one home.
LANGUAGE_FACTS_ALLOWED: set[tuple[str, str]] = set()
_PLURAL_FORMS = re.compile(r"nplurals\s*=")


def _language_vocabulary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Every profile's function words, number words and multipliers, and their endonyms
    that are not also an English word ("Deutsch", not "English")."""
    from translate import languages

    profiles = [languages.load(m) for m in (*languages.REGISTRY.values(), "generic")]
    function, numbers, endonyms = set(), set(), set()
    for p in profiles:
        for group in (p.stopwords, p.function_words or (), p.never_doubled or ()):
            function |= {w.casefold() for w in group}
        numbers |= {w for w, _ in p.number_words if len(w) >= 3} | {w for w, _ in p.multipliers}
        if p.endonym and p.endonym != p.name:
            endonyms.add(p.endonym)
    return frozenset(function), frozenset(numbers - function), frozenset(endonyms)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that stand alone as statements (docstrings): prose about
    languages is fine, only definitions count."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _strings(node: ast.Dict | ast.Set | ast.List | ast.Tuple) -> list[str]:
    """The string constants among a literal's items (a dict's keys)."""
    values = node.keys if isinstance(node, ast.Dict) else node.elts
    return [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]


def language_facts(source: str) -> list[tuple[str, int, str]]:
    """(top-level name, line, what) for each language fact the module's code defines:
    plural forms, a table keyed by language codes, an endonym, a set of function words, a
    number vocabulary."""
    from translate.languages import REGISTRY

    function, numbers, endonyms = _language_vocabulary()
    codes = set(REGISTRY) | {"und"}
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found: list[tuple[str, int, str]] = []
    for statement in tree.body:
        targets = getattr(statement, "targets", None) or [getattr(statement, "target", None)]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        owner = names[0] if names else getattr(statement, "name", "")
        for node in ast.walk(statement):
            groups: list[list[str]] = []
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
            ):
                text = node.value
                if _PLURAL_FORMS.search(text):
                    found.append((owner, node.lineno, "plural forms"))
                if text in endonyms:
                    found.append((owner, node.lineno, f"endonym {text!r}"))
                groups.append(re.split(r"[\s=]+", text.casefold()))
            elif isinstance(node, ast.Dict):
                keys = _strings(node)
                if len({k for k in keys if k in codes}) >= 2:
                    found.append((owner, node.lineno, "a table keyed by language codes"))
                groups.append([k.casefold() for k in keys])
            elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
                groups.append([s.casefold() for s in _strings(node)])
            for words in groups:
                words = [w for w in words if w]
                if len(words) >= 5 and sum(w in function for w in words) >= 0.8 * len(words):
                    found.append((owner, node.lineno, "function words"))
                if len({w for w in words if w in numbers}) >= 3:
                    found.append((owner, node.lineno, "number words"))
    return found


def test_language_facts_live_only_in_translate_languages() -> None:
    """Plural forms, endonyms, function words and number vocabularies have one home, the
    language profiles; another module asks `translate.languages.profile(code)`."""
    home = PACKAGE / "languages"
    stray = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if home in path.parents:
            continue
        relative = path.relative_to(PACKAGE).as_posix()
        for owner, line, what in language_facts(path.read_text(encoding="utf-8")):
            if (relative, owner) not in LANGUAGE_FACTS_ALLOWED:
                stray.append(f"{relative}:{line} ({owner or 'code'}): {what}")
    assert not stray, "language facts outside translate/languages/: " + "; ".join(stray)


def test_the_language_fact_rule_sees_each_kind_of_fact() -> None:
    """Each kind of fact, written the way the modules once wrote it, is caught."""
    cases = {
        'PLURAL = "nplurals=2; plural=(n > 1);"': "plural forms",
        'NAMES = {"fr": "Français", "de": "Deutsch"}': "a table keyed by language codes",
        'def label():\n    return "Nederlands"': "endonym 'Nederlands'",
        'WORDS = frozenset("le la les de des du un une et est".split())': "function words",
        'STOP = {"the", "a", "of", "to", "in", "and"}': "function words",
        'MULT = {"thousand": 3, "million": 6, "billion": 9}': "number words",
        'WORDS = "zwei=2 drei=3 vier=4"': "number words",
    }
    for source, what in cases.items():
        assert what in [w for _, _, w in language_facts(source)], source
    prose = '"""The French source ("le", "la") and 2 billion."""\nX = "the model said no"\n'
    assert language_facts(prose) == []


def subpackage_graph(package: str) -> dict[str, set[str]]:
    """module -> the modules of the same subpackage it imports (absolute imports, as the
    rest of translate/ writes them; a relative one would escape this check and is refused)."""
    graph: dict[str, set[str]] = {}
    folder = PACKAGE / package
    for path in sorted(folder.glob("*.py")):
        edges = graph.setdefault(path.stem, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                raise AssertionError(f"{path.name}: relative import; write translate.{package}")
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if parts[:2] != ["translate", package]:
                    continue
                if len(parts) > 2:
                    edges.add(parts[2])
                else:  # from translate.<package> import x: a module, or a name of __init__
                    for alias in node.names:
                        is_module = (folder / f"{alias.name}.py").exists()
                        edges.add(alias.name if is_module else "__init__")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[:2] == ["translate", package]:
                        edges.add(parts[2] if len(parts) > 2 else "__init__")
        edges.discard(path.stem)
    return graph


def upward_imports(graph: dict[str, set[str]], layers: tuple[tuple[str, ...], ...]) -> list[str]:
    """Each import of a module of a higher layer (the same layer is allowed)."""
    layer = {module: index for index, names in enumerate(layers) for module in names}
    return [
        f"{module} ({layer[module]}) imports {dep} ({layer[dep]})"
        for module, deps in sorted(graph.items())
        for dep in sorted(deps)
        if layer[dep] > layer[module]
    ]


def test_subpackage_modules_are_layered_too() -> None:
    for package, layers in SUBPACKAGE_LAYERS.items():
        graph = subpackage_graph(package)
        placed = {module for names in layers for module in names}
        assert set(graph) == placed, f"{package}: place every module in SUBPACKAGE_LAYERS"
        assert not upward_imports(graph, layers), upward_imports(graph, layers)
        assert find_cycle(graph) is None, find_cycle(graph)


def test_the_subpackage_check_sees_an_upward_import() -> None:
    layers = SUBPACKAGE_LAYERS["export"]
    graph = {**subpackage_graph("export"), "view": {"job"}}  # the view reaching for the job
    assert upward_imports(graph, layers) == ["view (0) imports job (2)"]
    assert {"paths", "view"} <= subpackage_graph("export")["html"]


def _documented_layers(heading: str) -> list[set[str]]:
    """The layers a section of docs/architecture.md lists: one numbered item per layer,
    its modules in bold (`1. **errors, files, ...**: ...`), lowest first."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    return [
        {name.strip() for name in match.split(",")}
        for match in re.findall(r"^\d+\. \*\*([^*]+)\*\*", section, flags=re.MULTILINE)
    ]


def test_architecture_doc_lists_the_same_layers() -> None:
    assert _documented_layers("## Layers") == [set(names) for names in LAYERS]
    assert _documented_layers("### Inside export") == [
        set(names) for names in SUBPACKAGE_LAYERS["export"]
    ]
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme


_DESIGN = "DESIGN" + ".md"  # spelt in two parts, so this file does not name it
_SKIP_DIRS = {
    ".git",
    ".venv",
    "build",
    "__pycache__",
    ".diptych",
    "node_modules",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "diptych.egg-info",
}
_TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".cfg", ".sh", ".j2", ".json", ".yml", ".yaml"}


def test_no_file_cites_a_design_document_the_repository_does_not_have() -> None:
    """The repository explains itself (docs/architecture.md): no docstring, comment or doc
    defers to a design file it does not hold."""
    root = PACKAGE.parent
    citing = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        for name in files:
            path = Path(folder) / name
            if path.suffix in _TEXT_SUFFIXES or name == "run":
                text = path.read_text(encoding="utf-8", errors="replace")
                if _DESIGN in text:
                    citing.append(str(path.relative_to(root)))
    assert not citing, citing


def _line_counts() -> dict[str, int]:
    return {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_module_is_over_600_lines() -> None:
    over = {name: n for name, n in _line_counts().items() if n > MAX_LINES}
    assert not over, f"split these modules along their seams: {over}"
