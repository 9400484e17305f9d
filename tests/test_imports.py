"""The package's layers run one way, and each package is entered by its front door.

Read from the source (every import, at the top of a module, inside a function
or under ``TYPE_CHECKING``), so a lazy import cannot hide a loop:

- no module imports a module of a higher layer (see ``LAYERS``), and modules
  of one layer do not import each other across packages;
- no import cycle between modules;
- outside a package, only the names its ``__init__`` exports are imported:
  never one of its private ``_modules``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "access_api"

LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "access_api",
        "access_api.errors",
        "access_api.settings",
        "access_api.metrics",
        "access_api._terminal",
    ),
    ("access_api.text", "access_api.speech", "access_api.fetch"),
    ("access_api.store",),
    ("access_api.migrations", "access_api.documents"),
    ("access_api.jobs",),
    ("access_api.export",),
    ("access_api.web",),
    ("access_api.app", "access_api._server"),
    ("access_api.cli",),
)
"""From the bottom up. A unit (a package or a top-level module) may import any
unit of a lower layer, never one of its own layer or above; the first layer is
shared by all."""

FACADES = (
    "access_api.text",
    "access_api.speech",
    "access_api.store",
    "access_api.jobs",
    "access_api.export",
    "access_api.web",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """Every ``access_api`` module a file imports, with the names it takes from it."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, [alias.name for alias in node.names]))
    return [(module, names) for module, names in found if module.split(".")[0] == "access_api"]


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


_UNITS = sorted((unit for layer in LAYERS for unit in layer), key=len, reverse=True)


def _unit(module: str) -> str:
    """The layer unit a module belongs to: its package, or the module itself."""
    for unit in _UNITS:
        if module == unit or (unit != "access_api" and module.startswith(f"{unit}.")):
            return unit
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _layer(unit: str) -> int:
    return next(number for number, layer in enumerate(LAYERS) if unit in layer)


def _targets(module: str, names: list[str]) -> list[str]:
    """The modules an import reaches: ``from access_api.text import _counts`` reaches
    ``access_api.text._counts``."""
    reached = [module]
    for name in names:
        candidate = f"{module}.{name}"
        if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").is_file() or (
            PACKAGE.parent / candidate.replace(".", "/") / "__init__.py"
        ).is_file():
            reached.append(candidate)
    return reached


def test_every_module_is_in_a_layer() -> None:
    for path in _sources():
        _unit(_module_name(path))


def test_no_module_imports_from_a_higher_layer_or_a_neighbour() -> None:
    wrong = []
    for path in _sources():
        source = _module_name(path)
        mine = _unit(source)
        for module, names in _imports(path):
            for target in _targets(module, names):
                theirs = _unit(target)
                if theirs == mine or _layer(theirs) == 0:
                    continue
                if _layer(theirs) >= _layer(mine):
                    wrong.append(f"{source} imports {target}")
    assert wrong == []


def test_there_is_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for path in _sources():
        source = _module_name(path)
        graph[source] = {
            target
            for module, names in _imports(path)
            for target in _targets(module, names)
            if target != source and not source.startswith(f"{target}.")
        }
    # A package's __init__ re-exports its modules; importing a sibling through it
    # is how private modules import each other, so only module-to-module edges count.
    cycles = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycles.append(" -> ".join([*path[path.index(node) :], node]))
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, [*path, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert cycles == []


def _private_part(target: str) -> str | None:
    for facade in FACADES:
        if target.startswith(f"{facade}."):
            rest = target.removeprefix(f"{facade}.").split(".")
            return rest[0] if rest[0].startswith("_") else None
    return None


def test_outside_a_package_only_its_exported_names_are_imported() -> None:
    wrong = []
    exported = {facade: set(importlib.import_module(facade).__all__) for facade in FACADES}
    for path in [*_sources(), *sorted((ROOT / "scripts").glob("*.py"))]:
        source = _module_name(path)
        for module, names in _imports(path):
            for target in _targets(module, names):
                facade = next((f for f in FACADES if target.startswith(f"{f}.")), None)
                inside = facade is not None and (
                    source == facade or source.startswith(f"{facade}.")
                )
                if _private_part(target) is not None and not inside:
                    wrong.append(f"{source} imports {target}")
            if module in exported and not source.startswith(f"{module}."):
                wrong += [
                    f"{source} imports {module}.{name}, which it does not export"
                    for name in names
                    if name not in exported[module] and not name.startswith("_")
                ]
    assert wrong == []


@pytest.mark.parametrize("facade", FACADES)
def test_a_package_exports_names_that_exist(facade: str) -> None:
    package = importlib.import_module(facade)
    assert [name for name in package.__all__ if not hasattr(package, name)] == []
