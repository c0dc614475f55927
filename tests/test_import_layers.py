"""Imports run one way: no circles, no module importing from a layer above its own.

The layers, bottom to top, are written out below; docs/development.md states the rule. Every
`import` statement counts, wherever it stands (module level, inside a function, under
TYPE_CHECKING): a deferred import still ties the two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # The package root holds only __version__ and the lazy name table of the public API.
    (
        "base",
        (
            "tarjama",
            "tarjama.errors",
            "tarjama.flags",
            "tarjama.io",
            "tarjama.memo",
            "tarjama.progress",
            "tarjama.registry",
            "tarjama.sqlite",
            "tarjama.suggest",
            "tarjama.textsafety",
        ),
    ),
    (
        "core",
        (
            "tarjama.cache",
            "tarjama.config",
            "tarjama.context",
            "tarjama.data",
            "tarjama.embeddings",
            "tarjama.lang",
            "tarjama.lexicons",
            "tarjama.models",
            "tarjama.rundir",
            "tarjama.runschema",
            "tarjama.store",
        ),
    ),
    ("plugins", ("tarjama.translate", "tarjama.metrics", "tarjama.checks", "tarjama.report")),
    (
        "pipeline",
        (
            "tarjama.analysis",
            "tarjama.compare",
            "tarjama.evaluate",
            "tarjama.executors",
            "tarjama.gates",
            "tarjama.history",
            "tarjama.regression",
            "tarjama.significance",
            "tarjama.suites",
        ),
    ),
    ("interface", ("tarjama.__main__", "tarjama.cli")),
]
"""Each entry is a module, or a package together with everything in it. A module may import
from its own layer and the layers below; the packages of the plugin layer (translate/,
metrics/, checks/, report/) stand side by side and import none of each other."""

SIDE_BY_SIDE = "plugins"


def module_files() -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    modules = {}
    for path in sorted((SRC / "tarjama").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = module_files()


def imported_modules(name: str, path: Path) -> set[str]:
    """The tarjama modules that `name` imports (`from pkg import mod` counts as pkg.mod)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            found.update(
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            )
    return {module for module in found if module in MODULES and module != name}


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*parts, node.module] if node.module else parts)


GRAPH = {name: imported_modules(name, path) for name, path in MODULES.items()}


def unit(module: str) -> str:
    """The layer entry `module` falls under (the entry itself, or the package holding it)."""
    entries = [
        entry
        for _, entries in LAYERS
        for entry in entries
        if module == entry or module.startswith(entry + ".")
    ]
    return max(entries, key=len) if entries else ""


def layer(module: str) -> int:
    entry = unit(module)
    return next(i for i, (_, entries) in enumerate(LAYERS) if entry in entries)


def test_every_module_has_a_layer():
    unplaced = sorted(module for module in MODULES if not unit(module))
    assert not unplaced, f"add these modules to a layer in {Path(__file__).name}: {unplaced}"


def test_no_module_imports_from_a_layer_above_its_own():
    upward = [
        f"{module} ({LAYERS[layer(module)][0]}) imports {target} ({LAYERS[layer(target)][0]})"
        for module, targets in GRAPH.items()
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]
    assert not upward, "\n".join(upward)


def test_plugin_packages_stand_side_by_side():
    plugins = next(i for i, (name, _) in enumerate(LAYERS) if name == SIDE_BY_SIDE)
    crossing = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if layer(module) == plugins
        for target in sorted(targets)
        if layer(target) == plugins and unit(target) != unit(module)
    ]
    assert not crossing, "\n".join(crossing)


def test_no_import_circles():
    circle = find_circle(GRAPH)
    assert circle is None, "import circle: " + " -> ".join(circle or [])


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports as a path that ends where it starts, or None."""
    done: set[str] = set()
    for start in sorted(graph):
        path: list[str] = []
        stack = [(start, iter(sorted(graph[start])))]
        path.append(start)
        while stack:
            node, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                done.add(node)
                stack.pop()
                path.pop()
            elif target in path:
                return [*path[path.index(target) :], target]
            elif target not in done:
                stack.append((target, iter(sorted(graph[target]))))
                path.append(target)
    return None


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_circle(graph) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_from_package_import_module_counts_as_that_module():
    edges = GRAPH["tarjama.report.markdown"]
    assert "tarjama.report.view" in edges and "tarjama.report" not in edges


def test_no_check_imports_a_sibling_check():
    """A check module (one the check registry names) imports no other check module: what two
    checks share lives in lang/, checks/base.py, checks/prepared.py or a helper module."""
    from tarjama.checks import CHECKS

    check_modules = {CHECKS.target(name).partition(":")[0] for name in CHECKS.names()}
    tangled = {
        module: sorted(imported_modules(module, MODULES[module]) & check_modules)
        for module in sorted(check_modules)
    }
    assert {m: found for m, found in tangled.items() if found} == {}
