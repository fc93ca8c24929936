"""The package's shape, read from its source: the layers contract holds, nothing imports in a
circle, the chain of imports between packages stays short, and no module grows two nouns.

The layers themselves are the import-linter contract in pyproject.toml (.ci/run runs
`lint-imports` too). Imports are also collected here with ast from every module, those
inside functions included (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sheets"
MOST_DEPTH = 10  # packages and top-level modules in the longest chain of imports
MOST_TOP_MODULES = 8  # modules directly in sheets/; the rest live in their stage's package
MOST_LINES = 600  # past this, a module has always turned out to hold two nouns


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every sheets module this file imports, wherever in the file the import stands."""
    found = set()
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(kept + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "sheets"}


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {
    name: {dep for dep in imports(path) if dep in MODULES and dep != name}
    for name, path in MODULES.items()
}


def unit(name: str) -> str:
    """The stage a module belongs to: sheets.read.providers.github -> sheets.read."""
    return ".".join(name.split(".")[:2])


UNITS: dict[str, set[str]] = {}
for _name, _deps in GRAPH.items():
    UNITS.setdefault(unit(_name), set()).update(unit(d) for d in _deps if unit(d) != unit(_name))


def test_the_layers_contract_holds():
    """import-linter's layers contract (pyproject.toml): nothing imports upward."""
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "importlinter.cli"]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


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
                cycle = [*path[path.index(dep) :], dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


def test_the_chain_of_imports_between_stages_is_short():
    """sheets.__main__ -> sheets.cli -> sheets.api -> ... : every arrow between packages adds
    a layer a reader must hold in mind (13 before the stages were packages)."""

    @cache
    def depth(name: str) -> int:
        return 1 + max((depth(dep) for dep in UNITS.get(name, ())), default=0)

    deepest = max(UNITS, key=depth)
    assert depth(deepest) <= MOST_DEPTH, f"{deepest} starts a chain of {depth(deepest)}"


def test_few_modules_stand_at_the_top():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MOST_TOP_MODULES, f"sheets/ holds {top}: move each into its stage"


def test_the_layering_test_sees_imports():
    """Guard the guard: the graph finds imports in functions and relative imports."""
    assert "sheets.render.draw" in GRAPH["sheets.render.compose"]  # imported inside a function
    assert "sheets.make.compose" in GRAPH["sheets.make.binder.book"]
    assert "sheets.cli" in UNITS["sheets.__main__"]


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
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in PACKAGE.rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
