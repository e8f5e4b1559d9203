"""The package's three wings and the one direction their imports run: book → report → dataset."""

from __future__ import annotations

import ast

import pytest

from callreport.dataset import paths

PACKAGE = paths.ROOT / "callreport"
WINGS = ("dataset", "report", "book")  # each may import only from itself and the wings before it
ENTRY = PACKAGE / "__main__.py"  # the command line, above the wings: it only dispatches to them
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" and p != ENTRY)


def imported_wings(path) -> set[str]:
    """The wings a module imports from, read from its syntax tree (imports inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "callreport" and len(parts) > 1 and parts[1] in WINGS:
                found.add(parts[1])
    return found


def test_every_module_lives_in_a_wing():
    strays = [p.relative_to(PACKAGE) for p in MODULES if p.parent.name not in WINGS]
    assert strays == [], f"modules outside the three wings: {strays}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    wing = path.parent.name
    allowed = set(WINGS[: WINGS.index(wing) + 1])
    assert imported_wings(path) <= allowed, f"{wing}/{path.name} imports from {imported_wings(path) - allowed}"


def test_the_direction_check_can_fail(tmp_path):
    upward = tmp_path / "load.py"
    upward.write_text("from callreport.book import pdf\n")
    assert imported_wings(upward) == {"book"}
