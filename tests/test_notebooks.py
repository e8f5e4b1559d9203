"""The chapter notebooks: one skeleton, committed outputs, no logic of their own,
and a strict nbval that fails when a stored output is changed."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree

import nbformat
import pytest

from callreport.book import metadata, outputs
from callreport.dataset import paths

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))
IDS = [nb.stem for nb in NOTEBOOKS]
MAX_CELL_LINES = 12  # a cell is an import block or one call with its arguments; anything longer is code for the package
LOGIC = (ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.While, ast.If, ast.IfExp, ast.With, ast.Try)
LOGIC += (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def read(path):
    return nbformat.read(path, as_version=4)


def test_every_toc_chapter_exists_and_every_chapter_is_in_the_toc():
    listed = metadata.chapters()
    assert len(listed) == len(set(listed))
    for name in listed:
        assert any((paths.ROOT / f"{name}{suffix}").exists() for suffix in (".ipynb", ".md")), name
    files = {f"chapters/{p.stem}" for p in paths.CHAPTERS.iterdir() if p.suffix in (".ipynb", ".md")}
    assert files == set(listed)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_kernel_is_python3_and_outputs_are_committed(path):
    notebook = read(path)
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None, cell.source[:60]
            for output in cell.outputs:
                assert output.output_type in ("display_data", "execute_result"), output.output_type


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_nothing_run_specific_is_committed(path):
    """No execution timestamps or machine details, so an unchanged notebook diffs clean (make outputs);
    only the fingerprint of the inputs its outputs were made from."""
    notebook = read(path)
    assert set(notebook.metadata) == {"kernelspec", "language_info", outputs.KEY}
    assert set(notebook.metadata[outputs.KEY]) == {"inputs"}
    assert dict(notebook.metadata.language_info) == {"name": "python"}
    assert all("execution" not in cell.metadata for cell in notebook.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_chapter_skeleton(path):
    cells = read(path).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    headings = [
        line for c in cells if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("#")
    ]
    assert [h for h in headings if h.startswith("# ")] == [cells[0].source.splitlines()[0]]
    assert cells[0].source.split("\n\n")[1].strip(), "the title is followed by a first paragraph"
    assert headings[-1] == "## Data used in this chapter"


def logic_in(source: str) -> list[str]:
    """The constructs in a cell that make it code of its own: definitions, loops, branches, comprehensions."""
    return sorted({type(node).__name__ for node in ast.walk(ast.parse(source)) if isinstance(node, LOGIC)})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebooks_hold_no_logic_of_their_own(path):
    for cell in read(path).cells:
        if cell.cell_type == "code":
            first = (cell.source.splitlines() or [""])[0]
            assert logic_in(cell.source) == [], f"{first}: logic belongs in the callreport package"
            assert len(cell.source.splitlines()) <= MAX_CELL_LINES, f"{first}: longer than {MAX_CELL_LINES} lines"
            tags = cell.metadata.get("tags", [])
            assert {"remove-input", "remove-cell"} & set(tags), "reader pages show no code, nor a toggle to show it"


def test_the_logic_guard_can_fail():
    assert logic_in("for x in y:\n    show(x)") == ["For"]
    assert logic_in("show([x for x in y], key=lambda r: r)") == ["Lambda", "ListComp"]
    assert logic_in('chapter.data_used(tables, {"quotes": ["kind"]})') == []


def box_call(source: str) -> list[str] | None:
    """The arguments of a cell that is one call of chapter.how_we_counted, else None."""
    body = ast.parse(source).body
    call = body[0].value if len(body) == 1 and isinstance(body[0], ast.Expr) else None
    if not (isinstance(call, ast.Call) and ast.unparse(call.func) == "chapter.how_we_counted") or call.keywords:
        return None
    return [arg.id if isinstance(arg, ast.Name) else getattr(arg, "value", None) for arg in call.args]


def misplaced_boxes(cells, name: str) -> list[str]:
    """Where a notebook's "How we counted" cells break the rule: each section (from a heading to the
    next) whose prose cites a finding has one, the first cell the reader sees after the markdown cell
    holding that section's last citation (a hidden set-up cell may stand between), naming the chapter
    and the section's heading; no other cell calls it."""
    heading, last_citing = None, {}
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if re.match(r"#{1,6} ", line):
                    heading = line.lstrip("#").strip()
                if "{eval}" in line:
                    last_citing[heading] = index
    found = []
    for heading, index in last_citing.items():
        after = index + 1
        while after < len(cells) and "remove-cell" in cells[after].metadata.get("tags", []):
            after += 1
        source = cells[after].source if after < len(cells) and cells[after].cell_type == "code" else ""
        if box_call(source) != ["tables", name, heading]:
            found.append(f"{heading}: no How we counted cell right after its prose")
    calls = sum("how_we_counted" in c.source for c in cells if c.cell_type == "code")
    if calls != len(last_citing):
        found.append(f"{calls} How we counted cells for {len(last_citing)} sections that cite findings")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_each_section_citing_findings_is_followed_by_its_how_we_counted_cell(path):
    assert misplaced_boxes(read(path).cells, path.stem) == []


def test_the_how_we_counted_guard_can_fail():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    setup = code('tables = chapter.setup("x")', metadata={"tags": ["remove-cell"]})
    box = code('chapter.how_we_counted(tables, "x", "T")')
    assert misplaced_boxes([md("# T\n\n{eval}`n`"), setup, box], "x") == []
    assert misplaced_boxes([md("# T\n\n{eval}`n`"), setup, code("charts.one(tables)"), box], "x") == [
        "T: no How we counted cell right after its prose"
    ]
    assert misplaced_boxes([md("# T\n\n{eval}`n`\n\n## U\n\n{eval}`m`"), setup, box], "x") == [
        "U: no How we counted cell right after its prose",
        "1 How we counted cells for 2 sections that cite findings",
    ]
    assert misplaced_boxes([md("# T"), setup, box], "x") == ["1 How we counted cells for 0 sections that cite findings"]
    assert misplaced_boxes([md("# S\n\n{eval}`n`"), setup, box], "x") == [
        "S: no How we counted cell right after its prose"
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_prose_types_no_numbers(path):
    """Numbers in prose come from the data through glue; only names such as UTF-8 carry digits."""
    allowed = re.compile(r"UTF-8|sha256|CC BY 4\.0|#[a-z]-\d\d|Vega-Lite v\d")
    for cell in read(path).cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"\{eval\}`[^`]+`|`[^`]*`|\]\([^)]*\)", "", cell.source)
        text = allowed.sub("", re.sub(r"^\d+\. ", "", text, flags=re.M))
        assert not re.search(r"\d", text), re.search(r".{0,40}\d.{0,40}", text).group(0)


def test_strict_nbval_fails_a_tampered_output(tmp_path):
    """The guard works: change one stored output and strict nbval fails that cell, and no other."""
    original = paths.CHAPTERS / "index.ipynb"
    clean = tmp_path / "clean.ipynb"
    tampered = tmp_path / "tampered.ipynb"
    shutil.copy(original, clean)
    notebook = json.loads(original.read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    index, glued = next(
        (i, o)
        for i, c in enumerate(code)
        for o in c["outputs"]
        if o.get("metadata", {}).get("scrapbook", {}).get("name")
    )
    key = glued["metadata"]["scrapbook"]["mime_prefix"] + "text/plain"
    glued["data"][key] = glued["data"][key] + " (tampered)"
    tampered.write_text(json.dumps(notebook))

    report = tmp_path / "nbval.xml"
    nbval = [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q", f"--junitxml={report}"]
    subprocess.run(
        [*nbval, clean.name, tampered.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    failed = {}  # (notebook, cell) -> whether nbval failed it
    for case in ElementTree.parse(report).iter("testcase"):
        bad = case.find("failure") is not None or case.find("error") is not None
        failed[(case.get("classname"), case.get("name"))] = bad
    cells = [f"Cell {i}" for i in range(len(code))]
    assert failed == {
        **{("clean.ipynb", cell): False for cell in cells},
        **{("tampered.ipynb", cell): cell == f"Cell {index}" for cell in cells},
    }
