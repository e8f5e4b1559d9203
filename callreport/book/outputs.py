"""The one way the chapter notebooks run: ``make outputs`` executes them and stores their outputs.

The outputs committed in chapters/*.ipynb are the book's outputs: the build renders them and
executes nothing. With them, each notebook stores a fingerprint of everything they depend on:

- ``code``: the notebook's code cells (not its prose, not its outputs);
- ``cites``: the finding keys its prose cites, section by section, with the format each is given
  in: what it glues and what each section's "How we counted" box shows (callreport.report.chapter);
- ``data``: every file under data/;
- ``package``: the Python files of the callreport package that the notebook's code imports,
  directly or through one another (``modules``, read from their import statements, lazy ones
  inside functions included): a change to a module no notebook imports (the PDF printer, say)
  stales none;
- ``requirements``: every package version in requirements.lock;
- ``config``: _config.yml and _toc.yml, which the package reads;
- ``pages``, only for a notebook that calls ``frontpage.header`` (the front page): every page's
  title and word count, which its chapter list and reading times show.

Paths are relative and files are read as bytes (line endings aside), so a clone anywhere gets
the same fingerprints. ``python -m callreport.book.outputs``:

- with no argument (``make outputs``) executes the notebooks whose fingerprint no longer matches;
- with ``--all``, or with chapter names, executes those whatever their fingerprints;
- with ``--check`` (the first step of ``make html``) executes nothing and exits non-zero with one
  line naming every stale notebook and the command that refreshes it.

The build stops rather than executing stale notebooks itself: executing at build time would
publish outputs that are not the committed ones, and stopping makes CI catch a forgotten
``make outputs``. Strict nbval (``make test``) then proves the stored outputs are what the code
gives today. Nothing that changes from run to run is stored: no timestamps, no machine details.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from callreport.dataset import paths
from callreport.report import prose, typeface

TIMEOUT = 120  # seconds a cell may run before make outputs gives up: the one place this is set
KEY = "callreport"  # notebook.metadata[KEY]["inputs"] holds the fingerprint
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
COMMAND = "make outputs"
READS_PAGES = "frontpage.header("  # a notebook whose code calls this shows other pages' titles and words


def _digest(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        content = path.read_bytes().replace(b"\r\n", b"\n")
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def _tree(folder: Path, pattern: str) -> list[Path]:
    """Files under a folder, leaving out hidden files and folders and __pycache__."""
    return [
        p
        for p in folder.rglob(pattern)
        if p.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(folder).parts)
    ]


@functools.lru_cache(maxsize=512)
def _imports(source: str) -> frozenset[str]:
    """The callreport modules a piece of code names in its import statements, wherever they stand
    (kept by source text: every notebook walks the same modules)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return frozenset(name for name in found if name == "callreport" or name.startswith("callreport."))


def _module_file(root: Path, name: str) -> Path | None:
    """The file of a module of the package, or None for a name that is not a module (a function, say)."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def modules(notebook: dict, root: Path | None = None) -> list[Path]:
    """The package's files a notebook's code loads: what it imports, what those import, and so on,
    with the __init__.py of every package on the way."""
    root = root or paths.ROOT
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    pending, seen = sorted(_imports(code)), set()
    while pending:
        name = pending.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            file = _module_file(root, ".".join(parts[:depth]))
            if file is not None and file not in seen:
                seen.add(file)
                pending.extend(sorted(_imports(file.read_text(encoding="utf-8"))))
    return sorted(seen)


def shared_inputs(root: Path | None = None) -> dict[str, str]:
    """The fingerprint of what every notebook depends on besides its own code."""
    root = root or paths.ROOT
    lock = (root / "requirements.lock").read_text(encoding="utf-8").splitlines()
    versions = sorted(line.split(" ")[0] for line in lock if line[:1].isalnum() and "==" in line)
    return {
        "data": _digest(_tree(root / "data", "*"), root),
        # The faces the static drawings are laid out in and carry (callreport.report.typeface).
        "type": _digest(_tree(root / typeface.FONTS.relative_to(paths.ROOT), "*"), root),
        "requirements": hashlib.sha256("\n".join(versions).encode()).hexdigest(),
        "config": _digest([root / "_config.yml", root / "_toc.yml"], root),
        "pages": hashlib.sha256(json.dumps(prose.pages(root)).encode()).hexdigest(),
    }


def code_digest(notebook: dict) -> str:
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    return hashlib.sha256(json.dumps(sources).encode()).hexdigest()


def cites_digest(notebook: dict) -> str:
    """The citations of each section of the prose that cites any, in order; not the headings, which no
    output shows (a renamed section's box fails in tests/test_notebooks.py, and when the notebook runs)."""
    sections = prose.sections(prose.markdown(notebook))
    cited = [list(prose.citations(body).items()) for _, body in sections if prose.citations(body)]
    return hashlib.sha256(json.dumps(cited).encode()).hexdigest()


def fingerprint(notebook: dict, shared: dict[str, str], root: Path | None = None) -> dict[str, str]:
    root = root or paths.ROOT
    found = {"code": code_digest(notebook), "cites": cites_digest(notebook), **shared}
    found["package"] = _digest(modules(notebook, root), root)
    if not any(READS_PAGES in "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"):
        del found["pages"]
    return found


def stored(notebook: dict) -> dict[str, str]:
    return notebook.get("metadata", {}).get(KEY, {}).get("inputs", {})


def stale(root: Path | None = None) -> dict[Path, list[str]]:
    """Each notebook whose stored fingerprint differs from its inputs today, with what changed."""
    root = root or paths.ROOT
    shared = shared_inputs(root)
    found = {}
    for path in sorted((root / "chapters").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        before, now = stored(notebook), fingerprint(notebook, shared, root)
        changed = [part for part in now if before.get(part) != now[part]]
        if changed:
            found[path] = changed
    return found


def execute(path: Path, root: Path | None = None) -> float:
    """Run one notebook top to bottom and store its outputs and fingerprint; return the seconds taken."""
    import nbformat
    from jupyter_client import KernelManager
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient

    start = time.perf_counter()
    shared = shared_inputs(root)  # taken before the run: the outputs are made from these inputs
    notebook = nbformat.read(path, as_version=4)
    # The kernel talks over Unix sockets in a private folder rather than TCP ports: two kernels
    # started at once cannot race for a port, and nothing else on the machine can connect to them.
    with tempfile.TemporaryDirectory(prefix="callreport-kernel-") as sockets:
        client = NotebookClient(
            notebook,
            km=KernelManager(kernel_name=KERNEL["name"], transport="ipc", ip=str(Path(sockets) / "kernel")),
            kernel_name=KERNEL["name"],
            timeout=TIMEOUT,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
            shutdown_kernel="immediate",  # its work is done and stored: a graceful stop only interrupts it
        )
        # run_sync, as nbclient's own execute() uses: it runs the coroutine on a thread of its own when
        # the caller already has an event loop running (Playwright's sync API has one, in the tests).
        run_sync(_run)(client, notebook, path)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                raise RuntimeError(f"{path.name}: a cell wrote to stderr: {output.text.strip()[:300]}")
        cell.metadata.pop("execution", None)
    notebook.metadata = {
        "kernelspec": KERNEL,
        "language_info": {"name": "python"},
        KEY: {"inputs": fingerprint(notebook, shared, root)},
    }
    nbformat.write(notebook, path)
    return time.perf_counter() - start


async def _run(client, notebook, path: Path) -> None:
    """What client.execute() does (each cell in turn, in a kernel of its own), then the prose's roles."""
    client.reset_execution_trackers()
    async with client.async_setup_kernel(cleanup_kc=True):  # we made the kernel manager: shut it down
        await client.async_wait_for_reply(client.kc.kernel_info())
        for index, cell in enumerate(notebook.cells):
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        await _store_expressions(client, notebook, path)


async def _store_expressions(client, notebook, path: Path) -> None:
    """Evaluate each markdown cell's {eval} roles in the kernel the notebook ran in, once every cell
    has run, and store the results in the cell's metadata as jupyterlab-myst reads them
    (user_expressions), so JupyterLab shows the prose with its numbers before anything reruns."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        expressions = list(dict.fromkeys(prose.EXPRESSION.findall(cell.source)))
        cell.metadata.pop("user_expressions", None)
        if not expressions:
            continue
        request = client.kc.execute(
            "", silent=True, store_history=False, user_expressions={str(n): e for n, e in enumerate(expressions)}
        )
        results = (await client.async_wait_for_reply(request))["content"]["user_expressions"]
        stored = []
        for number, expression in enumerate(expressions):
            result = results[str(number)]
            if result["status"] != "ok":
                failure = f"{result['ename']}: {result['evalue']}"
                raise RuntimeError(f"{path.name}, cell {index + 1}: {{eval}}`{expression}` fails: {failure}")
            stored.append({"expression": expression, "result": result})
        cell.metadata["user_expressions"] = stored


def describe(found: dict[Path, list[str]], root: Path | None = None) -> str:
    root = root or paths.ROOT
    names = ", ".join(f"{p.relative_to(root).as_posix()} ({', '.join(parts)} changed)" for p, parts in found.items())
    return f"stale outputs in {names}: run `{COMMAND}` and commit the notebooks"


def main(arguments: list[str]) -> None:
    if arguments == ["--check"]:
        if found := stale():
            raise SystemExit(describe(found))
        return
    if arguments == ["--all"]:
        targets = sorted(paths.CHAPTERS.glob("*.ipynb"))
    elif arguments:
        targets = [paths.CHAPTERS / f"{name}.ipynb" for name in arguments]
    else:
        targets = list(stale())
    if not targets:
        print("every notebook's outputs are current (`make outputs NOTEBOOKS=--all` runs them all anyway)")
        return
    # Each notebook runs in a kernel of its own; one at a time per core.
    with ProcessPoolExecutor(max_workers=min(len(targets), os.cpu_count() or 1)) as pool:
        for path, seconds in zip(targets, pool.map(execute, targets), strict=True):
            print(f"executed {path.relative_to(paths.ROOT).as_posix()} in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
