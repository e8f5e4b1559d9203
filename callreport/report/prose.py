"""What the chapters' prose (their markdown) says, read without running anything: the findings it
cites, its title and its words.

The notebooks read it through chapter and frontpage; ``make html`` reads it through
callreport.book.outputs to tell which stored outputs are stale, so this module imports nothing
heavier than json: the check runs before every build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from callreport.dataset import paths

CITED = re.compile(r"\{glue(?::\w*)?\}`(\w+)")  # {glue:}`n_quotes`, {glue:text}`share:.0%`
ROLE = re.compile(r"\{[\w:]+\}`([^`<]*)(?:<[^>]*>)?`")  # {doc}`voices`, {glue:}`n_quotes`: their text


def markdown(notebook: dict) -> str:
    """A notebook's markdown cells (as read by json or nbformat), one after another."""
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def of(docname: str, root: Path = paths.ROOT) -> str:
    """A page's prose: its notebook's markdown cells, or its markdown file (docname: chapters/voices)."""
    path = root / f"{docname}.ipynb"
    if path.exists():
        return markdown(json.loads(path.read_text(encoding="utf-8")))
    return (root / f"{docname}.md").read_text(encoding="utf-8")


def cited(text: str) -> list[str]:
    """The finding keys a page's prose cites, in reading order, each once."""
    return list(dict.fromkeys(CITED.findall(text)))


def words(docnames: list[str], root: Path = paths.ROOT) -> int:
    """Words in the prose of the given pages, roles counted as their visible text."""
    return sum(len(ROLE.sub(r"\1", of(docname, root)).split()) for docname in docnames)


def title(docname: str, root: Path = paths.ROOT) -> str:
    """A page's title: the first '# ' heading of its prose."""
    return next(line[2:].strip() for line in of(docname, root).splitlines() if line.startswith("# "))


def pages(root: Path = paths.ROOT) -> list[tuple[str, str, int]]:
    """Every page in chapters/, with its title and words: what the front page shows of the others
    (frontpage.header), so the front page's outputs are stale when these change."""
    names = sorted(f"chapters/{p.stem}" for p in (root / "chapters").iterdir() if p.suffix in (".ipynb", ".md"))
    return [(name, title(name, root), words([name], root)) for name in names]
