"""What every chapter notebook needs: the loaded data, the findings its prose cites (glued for
the book, and named in the kernel for JupyterLab), a "How we counted" box after each section
whose prose cites findings, and the closing "Data used in this chapter" list, from the codebook.
"""

from __future__ import annotations

from IPython.display import HTML
from myst_nb import glue

from callreport.dataset.codebook import resource, zip_name
from callreport.dataset.load import Tables, load
from callreport.report import figures, findings, prose
from callreport.report.escape import html_text, url

DATA_URL = "../data"  # chapters/<name>.html to the data/ folder the book publishes (callreport.book.downloads)
# The "How we counted" box opens as it is stored, so that JupyterLab shows its values; the book
# closes it (book_closed, from callreport.book.sphinx_ext), a disclosure a reader opens.
COUNTED_OPEN = '<details class="how-we-counted" open>'
COUNTED_CLOSED = '<details class="how-we-counted">'


def cited(name: str) -> list[str]:
    """The finding keys chapters/<name>.ipynb cites in its prose, in reading order, each once."""
    return prose.cited(prose.of(f"chapters/{name}"))


def setup(name: str) -> Tables:
    """Load and validate the data, show charts as the report's figures (figures.enable), and give the
    prose each finding chapters/<name>.ipynb cites, and no other, twice over: glued, for the book, and
    as a name in the notebook's namespace, for the prose's {eval} roles in JupyterLab
    (jupyterlab-myst evaluates them in the kernel; make outputs stores what they show)."""
    figures.enable()
    tables = load()
    keys = cited(name)
    if keys:
        values = _findings(name, tables, keys)
        for key in keys:
            glue(key, values[key], display=False)
        _name_in_notebook({key: values[key] for key in keys})
    return tables


NAMED = "_findings_named"  # the names setup has bound in the notebook, so a rerun may bind them again


def _name_in_notebook(values: dict[str, object]) -> None:
    """Bind each value to its key in the running notebook's namespace; refuse to rebind a name the
    notebook's own code uses (a finding called `tables`, say). Outside IPython, do nothing."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    ours = shell.user_ns.setdefault(NAMED, set())
    taken = sorted(key for key in values if key in shell.user_ns and key not in ours)
    if taken:
        raise NameError(f"the prose cites {', '.join(taken)}, a name the notebook's code already uses")
    shell.user_ns.update(values)
    ours.update(values)


def _findings(name: str, tables: Tables, keys: list[str]) -> dict[str, object]:
    """The findings of chapters/<name>.ipynb; LookupError naming any of `keys` they do not give."""
    function = findings.CHAPTERS.get(name)
    values = function(tables) if function else {}
    missing = [key for key in keys if key not in values]
    if missing:
        where = f"findings.{function.__name__}" if function else "findings (no function for this chapter)"
        raise LookupError(f"chapters/{name}.ipynb cites {', '.join(missing)}, which {where} does not give")
    return values


def how_we_counted(tables: Tables, name: str, heading: str) -> HTML:
    """The "How we counted" box that follows the section of chapters/<name>.ipynb headed `heading`:
    each finding that section's prose cites (its markdown from the heading to the next one), with
    its value and what it counts (findings.definition). The notebook's cell sits right after the
    section's prose; tests/test_notebooks.py holds every citing section to one such cell."""
    markdown = prose.section(prose.of(f"chapters/{name}"), heading)
    values = _findings(name, tables, list(prose.citations(markdown)))
    return HTML(counted_html(markdown, values, lambda key: findings.definition(key, tables.descriptor)))


def counted_html(markdown: str, values: dict[str, object], define=findings.definition) -> str:
    """The "How we counted" box for a piece of prose: a table of the keys it cites, in reading order,
    each with its value and its definition; every string escaped. `define` gives a key's definition."""
    cites = prose.citations(markdown)
    if not cites:
        raise ValueError("the prose cites no finding, so it has nothing to show in a How we counted box")
    missing = [key for key in cites if key not in values]
    if missing:
        raise LookupError(f"the prose cites {', '.join(missing)}, for which no value is given")
    rows = "".join(
        f'<tr><th scope="row"><code>{html_text(key)}</code></th><td>{_shown(values[key], spec)}</td>'
        f"<td>{html_text(define(key))}</td></tr>"
        for key, spec in cites.items()
    )
    return (
        f"{COUNTED_OPEN}<summary>How we counted</summary>"
        '<table class="how-we-counted__table">'
        "<caption>Each finding this section cites, by the name the text cites it by: its value, "
        "computed from the data when the notebook ran, and what it counts</caption>"
        '<thead><tr><th scope="col">Finding</th><th scope="col">Value</th><th scope="col">What it counts</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></details>"
    )


def _shown(value: object, spec: str) -> str:
    """A value as HTML: an excerpt or words as the prose shows them; a number as computed, and as the
    prose formats it when it gives a format (0.4166666666666667, shown as 42%)."""
    if hasattr(value, "_repr_html_"):
        return value._repr_html_()  # findings.Excerpt and Words escape their own text
    exact = html_text(repr(value) if isinstance(value, float) else value)
    shown = format(value, spec) if spec else ""
    return f"{exact}, shown as {html_text(shown)}" if shown and shown != str(value) else exact


def book_closed(body: str) -> str:
    """A page's body with every "How we counted" box closed: the book shows each as a disclosure."""
    return body.replace(COUNTED_OPEN, COUNTED_CLOSED)


def _href(relative: str) -> str:
    """The link, from a chapter, to a file the book publishes under data/, checked and escaped."""
    return url(f"{DATA_URL}/{relative}")


def _json_href(res: dict) -> str:
    """Where the book publishes a CSV table as JSON (callreport.book.downloads)."""
    return _href(f"{res['path'].rsplit('.', 1)[0]}.json")


def data_used(tables: Tables, used: dict[str | tuple[str, ...], list[str]]) -> HTML:
    """A list of the files and fields a chapter drew on, each linked, each field with its meaning.

    `used` maps a resource name (or a tuple of names, for files with the same fields) to fields.
    """
    items = []
    for names, field_names in used.items():
        for name in (names,) if isinstance(names, str) else names:
            items.append(_used_item(resource(tables.descriptor, name), field_names))
    return HTML(f'<ul class="data-used">{"".join(items)}</ul>')


def _used_item(res: dict, field_names: list[str]) -> str:
    meanings = {f["name"]: f["description"] for f in res.get("schema", {}).get("fields", [])}
    json_link = f' (<a href="{_json_href(res)}">JSON</a>)' if res.get("format") == "csv" else ""
    fields = "".join(f"<li><code>{html_text(field)}</code>: {html_text(meanings[field])}</li>" for field in field_names)
    return (
        f'<li><a href="{_href(res["path"])}"><code>data/{html_text(res["path"])}</code></a>'
        f"{json_link}: {html_text(res['title'])}.{f'<ul>{fields}</ul>' if fields else ''}</li>"
    )


def download_links(tables: Tables) -> HTML:
    """Links to the whole data package as a zip and to each of its files, CSV tables also as JSON."""
    descriptor = tables.descriptor
    items = []
    for res in descriptor["resources"]:
        json_link = f' · <a href="{_json_href(res)}">JSON</a>' if res.get("format") == "csv" else ""
        title = html_text(res["title"])
        items.append(
            f'<li><a href="{_href(res["path"])}"><code>{html_text(res["path"])}</code></a>{json_link}: {title}</li>'
        )
    return HTML(
        f'<p><a href="{_href(zip_name(descriptor))}">The whole data package (zip)</a>: '
        f"<code>datapackage.json</code>, every table and the article copy. Each file on its own:</p>"
        f"<ul>{''.join(items)}</ul>"
    )
