"""What the chapters' prose (their markdown) says, read without running anything: the findings it
cites (with the format each is given in), its sections, its title and its words.

The notebooks read it through chapter and frontpage; ``make html`` reads it through
callreport.book.outputs to tell which stored outputs are stale, so this module imports nothing
heavier than json: the check runs before every build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from callreport.dataset import paths

# A citation is an {eval} role naming a finding, the MyST role JupyterLab (jupyterlab-myst) and the book
# (callreport.book.sphinx_ext) both show as the value: {eval}`n_quotes`, or with a format,
# {eval}`format(share, '.0%')`. Nothing else is allowed inside one (tests/test_notebooks.py).
EXPRESSION = re.compile(r"\{eval\}`([^`]+)`")  # what any {eval} role asks the kernel for
CITATION = re.compile(r"\{eval\}`(?:(\w+)|format\((\w+), '([^'`]*)'\))`")
HEADING = re.compile(r"[ ]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")  # an ATX heading line: "## Who is quoted?"
FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")  # a code fence opens or closes: no heading inside
ROLE = re.compile(r"\{[\w:]+\}`([^`<]*)(?:<[^>]*>)?`")  # {doc}`voices`, {eval}`n_quotes`: their text


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
    return list(citations(text))


def citations(text: str) -> dict[str, str]:
    """The finding keys a piece of prose cites, in reading order, each once, with the format its first
    citation gives the value in ('' for none): {"n_quotes": "", "share_analysis": ".0%"}."""
    found: dict[str, str] = {}
    for plain, key, spec in CITATION.findall(text):
        found.setdefault(plain or key, spec)
    return found


def sections(text: str) -> list[tuple[str, str]]:
    """A page's prose cut at its headings, in reading order: each heading's text with the markdown
    from that heading up to the next one (what comes before the first heading goes under '').
    A line in a code fence is never a heading."""
    found: list[tuple[str, list[str]]] = [("", [])]
    fence = None
    for line in text.splitlines():
        opens = FENCE.match(line)
        if fence is None and opens:
            fence = opens.group(1)
        elif (
            fence
            and opens
            and opens.group(1)[0] == fence[0]
            and len(opens.group(1)) >= len(fence)
            and not line.strip(" `~")
        ):
            fence = None
        elif fence is None and (heading := HEADING.fullmatch(line)):
            found.append((heading.group(1), []))
        found[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in found if heading or any(s.strip() for s in lines)]


def section(text: str, heading: str) -> str:
    """The markdown of the one section of `text` under `heading` (its text, without the #s)."""
    matching = [body for title, body in sections(text) if title == heading]
    if len(matching) != 1:
        headings = "; ".join(repr(title) for title, _ in sections(text) if title)
        how_many = "no" if not matching else f"{len(matching)}"
        raise LookupError(f"the prose has {how_many} sections headed {heading!r}; its headings are {headings}")
    return matching[0]


def words(docnames: list[str], root: Path = paths.ROOT) -> int:
    """Words in the prose of the given pages, roles counted as their visible text (a citation as one)."""
    return sum(len(ROLE.sub(r"\1", CITATION.sub("value", of(docname, root))).split()) for docname in docnames)


def title(docname: str, root: Path = paths.ROOT) -> str:
    """A page's title: the first '# ' heading of its prose."""
    return next(line[2:].strip() for line in of(docname, root).splitlines() if line.startswith("# "))


def pages(root: Path = paths.ROOT) -> list[tuple[str, str, int]]:
    """Every page in chapters/, with its title and words: what the front page shows of the others
    (frontpage.header), so the front page's outputs are stale when these change."""
    names = sorted(f"chapters/{p.stem}" for p in (root / "chapters").iterdir() if p.suffix in (".ipynb", ".md"))
    return [(name, title(name, root), words([name], root)) for name in names]
