"""Re-execute the chapter notebooks in place, so their committed outputs are fresh.

Run ``python -m callreport.book.outputs`` (``make outputs``) after changing a notebook, the data or
the package; strict nbval then compares every stored output with a fresh run. Nothing that
changes from run to run is stored: no execution timestamps, no machine-specific kernel details.
"""

from __future__ import annotations

import sys

import nbformat
from nbclient import NotebookClient

from callreport.dataset import paths

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def refresh(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)


def main(names: list[str]) -> None:
    targets = [paths.CHAPTERS / f"{n}.ipynb" for n in names] or sorted(paths.CHAPTERS.glob("*.ipynb"))
    for path in targets:
        refresh(path)
        print(f"refreshed {path.relative_to(paths.ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
