"""The layout holds: no import circle, the layers of docs/architecture.md (import-linter,
with the contracts in pyproject.toml), and plugins that use only the public surface."""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def test_the_layer_contracts_in_pyproject_are_kept():
    run = subprocess.run([sys.executable, "-c", LINT], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


def test_no_module_imports_itself_round_a_circle():
    """The imports the layer contract still lets through (its ignore_imports, each
    with the change that removes it) are the only ones allowed to close a circle."""
    graph = grimp.build_graph("tradeoff", exclude_type_checking_imports=True, cache_dir=None)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for contract in config["tool"]["importlinter"]["contracts"]:
        for ignored in contract.get("ignore_imports", []):
            importer, imported = ignored.split(" -> ")
            graph.remove_import(importer=importer, imported=imported)
    modules = {m for m in graph.modules if not graph.find_children(m)}
    circles = {
        tuple(sorted((module, imported)))
        for module in modules
        for imported in graph.find_modules_directly_imported_by(module)
        if imported in modules and graph.chain_exists(imported, module)
    }
    assert circles == set()


def surface() -> set[str]:
    """The modules that docs/plugins.md's "What a plugin may import" lists."""
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("## What a plugin may import", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `(tradeoff[\w.]*)`", section, re.M))


def test_the_documented_surface_is_the_public_modules():
    assert surface() == {"tradeoff", "tradeoff.testing", "tradeoff.plugin_kit", "tradeoff.report_kit"}


@functools.cache
def modules() -> frozenset[str]:
    return frozenset(grimp.build_graph("tradeoff", cache_dir=None).modules)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Each `tradeoff...` module a file imports (`from tradeoff import x` counts as
    `tradeoff.x` when x is a module of tradeoff)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
            if node.module == "tradeoff":
                out += [(node.lineno, f"tradeoff.{a.name}") for a in node.names if f"tradeoff.{a.name}" in modules()]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in out if name.split(".")[0] == "tradeoff"]


def test_the_engine_imports_no_built_in_plugin():
    """Built-ins are registered by name, like any plugin; no engine module imports one."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "engine").rglob("*.py"))
        for line, name in imported_modules(path)
        if name.startswith(("tradeoff.plugins", "tradeoff.criteria"))
    ]
    assert found == []


@pytest.mark.parametrize("folder", ["plugins", "criteria", "examples"])
def test_plugins_and_examples_import_only_the_documented_surface(folder):
    allowed = surface()
    if folder == "examples":  # an app's examples: the front doors for many files and for a cluster too
        allowed |= {"tradeoff.batch", "tradeoff.dask"}
    own = ("tradeoff.plugins", "tradeoff.criteria", "tradeoff.cli")  # one another; the command line
    found = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, name in imported_modules(path)
        if name not in allowed and not name.startswith(own)
    ]
    assert found == []
