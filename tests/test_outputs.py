"""One execution path: make outputs runs the notebooks and fingerprints their inputs; the build
renders the committed outputs and stops on a notebook whose inputs changed since."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest

from callreport.book import outputs
from callreport.dataset import paths

COPIED = ["callreport", "data", "chapters", "_config.yml", "_toc.yml", "requirements.lock"]


def copy_project(target):
    for name in COPIED:
        source = paths.ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            shutil.copy(source, target / name)
    return target


def stamp(root):
    """Store current fingerprints in the copy's notebooks, as make outputs would, without running them."""
    shared = outputs.shared_inputs(root)
    for path in (root / "chapters").glob("*.ipynb"):
        edit_notebook(
            path, lambda nb: nb["metadata"].update({outputs.KEY: {"inputs": outputs.fingerprint(nb, shared, root)}})
        )
    return root


@pytest.fixture(scope="session")
def stamped(tmp_path_factory):
    """One stamped copy per session, which each test's `project` copies: stamping hashes every input."""
    return stamp(copy_project(tmp_path_factory.mktemp("stamped")))


@pytest.fixture
def project(stamped, tmp_path):
    """A copy of everything the notebooks' outputs depend on, at another path, its outputs current."""
    return shutil.copytree(stamped, tmp_path / "clone")


def append(path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def edit_notebook(path, change) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    change(notebook)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def first(notebook, kind):
    return next(c for c in notebook["cells"] if c["cell_type"] == kind)


def test_committed_outputs_are_current():
    found = outputs.stale()
    assert found == {}, outputs.describe(found)


def test_the_fingerprint_does_not_depend_on_where_the_clone_is(tmp_path):
    clone = copy_project(tmp_path / "clone")
    other = copy_project(tmp_path / "elsewhere")
    assert outputs.shared_inputs(clone) == outputs.shared_inputs(other) == outputs.shared_inputs(paths.ROOT)

    def stale(root):
        return {p.relative_to(root): parts for p, parts in outputs.stale(root).items()}

    assert stale(clone) == stale(other) == stale(paths.ROOT)
    assert stale(stamp(clone)) == {}


@pytest.mark.parametrize(
    "changed",
    ["data/quotes.csv", "callreport/report/derive.py", "callreport/dataset/paths.py", "_config.yml", "_toc.yml"],
)
def test_a_changed_shared_input_makes_every_notebook_stale(project, changed):
    append(project / changed, "\n")
    found = outputs.stale(project)
    assert set(found) == set((project / "chapters").glob("*.ipynb"))


def test_a_changed_package_version_makes_every_notebook_stale(project):
    lock = project / "requirements.lock"
    lock.write_text(lock.read_text().replace("\npandas==3.1.1 ", "\npandas==3.1.2 "))
    assert all(parts == ["requirements"] for parts in outputs.stale(project).values())


def test_a_module_no_notebook_loads_stales_none(project):
    """The PDF printer is no notebook's import, nor any import's import."""
    append(project / "callreport" / "book" / "pdf.py", "\n# a comment\n")
    assert outputs.stale(project) == {}


def test_a_changed_module_stales_only_the_notebooks_that_load_it(project):
    """The charts package is imported by the four chart chapters' code, and by nothing the others import;
    its __init__ imports every chart's module, so a change to one stales all four."""
    append(project / "callreport" / "report" / "charts" / "timeline.py", "\n# a comment\n")
    found = outputs.stale(project)
    assert sorted(p.name for p in found) == ["demands.ipynb", "framing.ipynb", "timeline.ipynb", "voices.ipynb"]
    assert all(parts == ["package"] for parts in found.values())


def test_a_module_imported_inside_a_function_counts_as_loaded(project):
    """figures imports typeface's fontTools lazily; a lazy import of the package is followed too."""
    append(project / "callreport" / "report" / "escape.py", "\n\ndef later():\n    from callreport.book import pdf\n")
    append(project / "callreport" / "book" / "pdf.py", "\n# a comment\n")
    assert set(outputs.stale(project)) == set((project / "chapters").glob("*.ipynb"))


def test_changed_code_makes_only_its_notebook_stale(project):
    voices = project / "chapters" / "voices.ipynb"
    edit_notebook(voices, lambda nb: first(nb, "code")["source"].append("\n"))
    assert outputs.stale(project) == {voices: ["code"]}


@pytest.mark.parametrize(
    "edit",
    ["outputs", "prose", "style", "bytecode", "lock hashes"],
)
def test_what_outputs_do_not_depend_on_leaves_them_current(project, edit):
    voices = project / "chapters" / "voices.ipynb"
    if edit == "outputs":
        edit_notebook(voices, lambda nb: first(nb, "code")["outputs"].clear())
    elif edit == "prose":  # the same number of words: the front page's reading times stay true
        edit_notebook(voices, lambda nb: first(nb, "markdown")["source"].append(" "))
    elif edit == "style":
        append(project / "callreport" / "book" / "static" / "report.css", "\n")
    elif edit == "bytecode":
        cache = project / "callreport" / "__pycache__"
        cache.mkdir()
        (cache / "paths.cpython-311.pyc").write_bytes(b"\0")
    else:
        lock = project / "requirements.lock"
        lock.write_text(lock.read_text().replace("--hash=sha256:", "--hash=sha256:0", 1)[:-1] + "\n")
    assert outputs.stale(project) == {}


def test_the_build_stops_on_a_stale_notebook_with_one_line(project):
    """Run the check the way make html does, in the copy, after changing its data without make outputs."""
    check = [sys.executable, "-m", "callreport.book.outputs", "--check"]
    assert subprocess.run(check, cwd=project, capture_output=True).returncode == 0
    append(project / "data" / "quotes.csv", "\n")
    edit_notebook(project / "chapters" / "voices.ipynb", lambda nb: first(nb, "code")["source"].append("\n"))
    result = subprocess.run(check, cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert "chapters/voices.ipynb (code, data changed)" in result.stderr
    assert "chapters/index.ipynb (data changed)" in result.stderr
    assert "run `make outputs`" in result.stderr


def test_make_html_checks_before_it_builds():
    commands = subprocess.run(["make", "-n", "html"], cwd=paths.ROOT, capture_output=True, text=True).stdout
    assert commands.index("callreport.book.outputs --check") < commands.index("jupyter-book build")


def tiny_notebook(path, source: str):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = outputs.KERNEL
    nbformat.write(notebook, path)


def test_make_outputs_stores_outputs_and_the_fingerprint_only(tmp_path):
    path = tmp_path / "tiny.ipynb"
    tiny_notebook(path, "6 * 7")
    outputs.execute(path)
    notebook = nbformat.read(path, as_version=4)
    assert notebook.cells[0].outputs[0].data["text/plain"] == "42"
    assert "execution" not in notebook["cells"][0]["metadata"]
    assert notebook["metadata"][outputs.KEY]["inputs"] == outputs.fingerprint(notebook, outputs.shared_inputs())


def test_a_cell_writing_to_stderr_fails_make_outputs(tmp_path):
    path = tmp_path / "warns.ipynb"
    tiny_notebook(path, "import warnings\nwarnings.warn('careful')")
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match=r"stderr: .*careful"):
        outputs.execute(path)
    assert path.read_bytes() == before


def test_prose_citing_another_finding_makes_its_notebook_stale(project):
    """The prose decides what a chapter glues (callreport.report.chapter.setup), so a new citation
    must refresh the outputs, though other prose does not. The added word also changes the report's
    reading time on the front page."""
    voices, index = project / "chapters" / "voices.ipynb", project / "chapters" / "index.ipynb"
    edit_notebook(voices, lambda nb: first(nb, "markdown")["source"].append(" {eval}`n_paragraphs`"))
    assert outputs.stale(project) == {voices: ["cites"], index: ["pages"]}


def test_a_citation_moved_to_another_section_or_given_another_format_makes_its_notebook_stale(project):
    """Each section's "How we counted" box shows the keys that section cites, and the format the prose
    gives them: a citation moved between sections, or formatted anew, changes what the boxes show,
    though the chapter cites the same keys and its words and title stay as they were."""
    voices, framing = project / "chapters" / "voices.ipynb", project / "chapters" / "framing.ipynb"

    def swap(notebook):
        text = {i: "".join(c["source"]) for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "markdown"}
        a, b = "{eval}`n_quotes_by_trump`", "{eval}`n_russian_words`"  # each cited once, in two sections
        (where_a,) = [i for i, t in text.items() if a in t]
        (where_b,) = [i for i, t in text.items() if b in t]
        assert where_a != where_b
        notebook["cells"][where_a]["source"] = text[where_a].replace(a, b)
        notebook["cells"][where_b]["source"] = text[where_b].replace(b, a)

    def reformat(notebook):
        for cell in notebook["cells"]:
            cell["source"] = "".join(cell["source"]).replace("{eval}`n_analysis`", "{eval}`format(n_analysis, 'd')`")

    edit_notebook(voices, swap)
    edit_notebook(framing, reformat)
    assert outputs.stale(project) == {voices: ["cites"], framing: ["cites"]}


@pytest.mark.parametrize("edit", ["words", "title"])
def test_another_pages_words_or_title_make_only_the_front_page_stale(project, edit):
    """The front page lists every chapter's title and the report's reading time (frontpage.header):
    a chapter's prose that changes either leaves the front page's outputs stale, and no other."""
    voices, index = project / "chapters" / "voices.ipynb", project / "chapters" / "index.ipynb"

    def change(nb):
        cell = first(nb, "markdown")
        text = "".join(cell["source"])
        heading, rest = text.split("\n", 1)
        words = heading.split(" ")  # "#", then the title's words: the title changes, the count does not
        title = " ".join(["#", "Another", *words[2:]])
        cell["source"] = text + " More prose." if edit == "words" else f"{title}\n{rest}"

    edit_notebook(voices, change)
    assert outputs.stale(project) == {index: ["pages"]}


def test_the_check_before_every_build_loads_no_data_library():
    """make html runs the check before every build: it reads files and hashes them, and importing
    pandas or frictionless (about a second) would be most of a no-change rebuild."""
    probe = (
        "import sys, callreport.book.outputs; print(sorted({'pandas', 'frictionless', 'IPython'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
