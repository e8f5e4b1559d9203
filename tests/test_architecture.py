"""The package's three wings and the one direction their imports run: book → report → dataset."""

from __future__ import annotations

import ast
import json

import pytest

from callreport.dataset import paths

PACKAGE = paths.ROOT / "callreport"
WINGS = ("dataset", "report", "book")  # each may import only from itself and the wings before it
ENTRY = PACKAGE / "__main__.py"  # the command line, above the wings: it only dispatches to them
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" and p != ENTRY)
# A wing's own packages (report/charts/): their __init__.py is code whose imports count too.
PACKAGES = sorted(p for p in PACKAGE.glob("*/*/__init__.py"))


def wing_of(path) -> str:
    """The wing a file of the package lives in: the folder under callreport/ it stands in, at any depth."""
    return path.relative_to(PACKAGE).parts[0]


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
    strays = [p.relative_to(PACKAGE) for p in MODULES + PACKAGES if wing_of(p) not in WINGS]
    assert strays == [], f"modules outside the three wings: {strays}"


@pytest.mark.parametrize("path", MODULES + PACKAGES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    wing = wing_of(path)
    allowed = set(WINGS[: WINGS.index(wing) + 1])
    assert imported_wings(path) <= allowed, f"{path.relative_to(PACKAGE)} imports from {imported_wings(path) - allowed}"


def test_the_direction_check_can_fail(tmp_path):
    upward = tmp_path / "load.py"
    upward.write_text("from callreport.book import pdf\n")
    assert imported_wings(upward) == {"book"}


# -- one name, one meaning -------------------------------------------------------------------

MODULE_NAMES = {p.stem for p in MODULES} | {p.parent.name for p in PACKAGES} | set(WINGS)
NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))
SOURCES = MODULES + sorted((paths.ROOT / "tests").glob("*.py")) + sorted((paths.ROOT / "bench").glob("*.py"))


def code_of(path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return path.read_text(encoding="utf-8")


def name_clashes(source: str, notebook: bool = False) -> list[str]:
    """Where one name means a package module and something else.

    A package module is never imported under another name; nothing a file binds (a variable, an
    argument, a loop target) takes the name of a package module that file imports; and a notebook,
    read as one namespace, binds no package module's name at all.
    """
    tree = ast.parse(source)
    modules = {}  # name bound by an import -> the package module it is
    clashes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("callreport"):
            imports = [(alias.name, alias.asname) for alias in node.names]
        elif isinstance(node, ast.Import):
            # `import callreport.report.charts` binds only `callreport`; an `as` names the module itself
            imports = [
                (a.name.split(".")[-1], a.asname) for a in node.names if a.asname and a.name.startswith("callreport.")
            ]
        else:
            continue
        for module, asname in imports:
            if module in MODULE_NAMES:
                modules[asname or module] = module
                if asname and asname != module:
                    clashes.append(f"line {node.lineno}: {module} imported as {asname}")
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) else None
        name = node.arg if isinstance(node, ast.arg) else name
        if name in modules or (notebook and name in MODULE_NAMES):
            clashes.append(f"line {node.lineno}: {name} is also a module of the package")
    return clashes


@pytest.mark.parametrize("path", SOURCES + NOTEBOOKS, ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_no_name_means_a_module_and_something_else(path):
    assert name_clashes(code_of(path), notebook=path.suffix == ".ipynb") == []


def test_the_name_check_can_fail():
    assert name_clashes("from callreport.report import html_tables as table\n") == [
        "line 1: html_tables imported as table"
    ]
    assert name_clashes("from callreport.book import downloads\ndownloads = 1\n") == [
        "line 2: downloads is also a module of the package"
    ]
    assert name_clashes("import callreport.report.charts as plots\n") == ["line 1: charts imported as plots"]
    assert name_clashes("findings = {}\n", notebook=True) == ["line 1: findings is also a module of the package"]
    assert name_clashes("findings = {}\n") == []


def test_the_readme_map_names_every_module_in_its_wing():
    """The README's map is how a newcomer finds a module: each is named, as `name`, in its wing's entry."""
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    entries = {wing: readme.split(f"- `{wing}/`:", 1)[1].split("\n- `", 1)[0].split("\n\n", 1)[0] for wing in WINGS}
    names = {p: p.stem for p in MODULES} | {p: p.parent.name for p in PACKAGES}
    unnamed = [
        str(p.relative_to(PACKAGE))
        for p, name in names.items()
        if wing_of(p) in WINGS and f"`{name}`" not in entries[wing_of(p)]
    ]
    assert unnamed == [], f"modules the README's map leaves out: {unnamed}"
