"""The chapter notebooks: one skeleton, committed outputs, no logic of their own,
and a strict nbval that fails when a stored output is changed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from callreport.book import outputs
from callreport.dataset import paths

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))
IDS = [nb.stem for nb in NOTEBOOKS]


def read(path):
    return nbformat.read(path, as_version=4)


def test_every_toc_chapter_exists():
    toc = paths.TOC.read_text()
    for name in re.findall(r"file: (chapters/\w+)", toc) + re.findall(r"root: (chapters/\w+)", toc):
        assert any((paths.ROOT / f"{name}{suffix}").exists() for suffix in (".ipynb", ".md")), name


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebooks_hold_no_logic_of_their_own(path):
    for cell in read(path).cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*(def|class) ", cell.source, re.M), "logic belongs in the callreport package"
            tags = cell.metadata.get("tags", [])
            assert {"remove-input", "hide-cell"} & set(tags), "reader-facing pages hide the plumbing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_prose_types_no_numbers(path):
    """Numbers in prose come from the data through glue; only names such as UTF-8 carry digits."""
    allowed = re.compile(r"UTF-8|sha256|CC BY 4\.0|#[a-z]-\d\d|Vega-Lite v\d")
    for cell in read(path).cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"\{glue:\w*\}`[^`]+`|`[^`]*`|\]\([^)]*\)", "", cell.source)
        text = allowed.sub("", re.sub(r"^\d+\. ", "", text, flags=re.M))
        assert not re.search(r"\d", text), re.search(r".{0,40}\d.{0,40}", text).group(0)


def test_strict_nbval_fails_a_tampered_output(tmp_path):
    """The guard works: change one stored output and strict nbval must fail on the copy."""
    original = paths.CHAPTERS / "index.ipynb"
    clean = tmp_path / "clean.ipynb"
    tampered = tmp_path / "tampered.ipynb"
    shutil.copy(original, clean)
    notebook = json.loads(original.read_text())
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    glued = next(o for o in outputs if o.get("metadata", {}).get("scrapbook", {}).get("name") == "n_quotes")
    key = glued["metadata"]["scrapbook"]["mime_prefix"] + "text/plain"
    glued["data"][key] = str(int(glued["data"][key]) + 1)
    tampered.write_text(json.dumps(notebook))

    def nbval(path):
        return subprocess.run(
            [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q", str(path)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert nbval(clean).returncode == 0
    result = nbval(tampered)
    assert result.returncode == 1
    assert "n_quotes" in result.stdout or "12" in result.stdout
