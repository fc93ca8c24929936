"""The package's layers, read from its source: render/ is a leaf, and nothing imports in a circle.

Imports are collected with ast from every module, those inside functions too (a lazy import
is still a dependency), so a test fails as soon as a module reaches the wrong way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sheets"
# What render/ may use besides itself: the records it draws, the errors it raises, the
# providers' facts, the QR payload format and the version it prints.
RENDER_MAY_IMPORT = {
    "sheets",
    "sheets.model",
    "sheets.errors",
    "sheets.read.providers",
    "sheets.payload",
    "sheets.read.normalise",
    "sheets.term",  # core: text from a file printed as written, its controls made visible
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every sheets module this file imports, wherever in the file the import stands."""
    found = set()
    package = (
        module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    )
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1]
                    + ([base] if base else [])
                )
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "sheets"}


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {
    name: {dep for dep in imports(path) if dep in MODULES and dep != name}
    for name, path in MODULES.items()
}


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("sheets.render")))
def test_render_is_a_leaf(name):
    outside = {dep for dep in GRAPH[name] if not dep.startswith("sheets.render")}
    allowed = {
        dep
        for dep in outside
        if dep in RENDER_MAY_IMPORT or dep.startswith("sheets.read.providers")
    }
    assert outside == allowed, f"{name} imports {sorted(outside - allowed)} from above render/"


def test_no_import_cycle():
    """Depth-first search for a back edge; the cycle is named when one is found."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in sorted(GRAPH[name]):
            if dep.startswith(name + "."):
                continue  # a package's registry loading its own modules (providers/)
            if state.get(dep) == 1:
                cycle = path[path.index(dep) :] + [dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


def test_the_layering_test_sees_imports():
    """Guard the guard: the graph finds imports in functions and relative imports."""
    assert "sheets.render.draw" in GRAPH["sheets.render.compose"]  # imported inside a function
    assert "sheets.make.steps" in GRAPH["sheets.make.binder.book"]


# Split a module when it wants a second noun (STYLE.md), never to meet a count; past this, a
# module has always turned out to hold two.
MOST_LINES = 600


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_600_lines(name):
    lines = len(MODULES[name].read_text("utf-8").splitlines())
    assert lines <= MOST_LINES, f"{name} has {lines} lines: split it where it wants a second noun"


def test_every_package_is_installed():
    """A subpackage missing from pyproject works from the checkout and fails once installed."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    root = Path(__file__).resolve().parent.parent
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(root).parts)
        for init in (root / "sheets").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
