"""What every chapter notebook needs: the loaded data, the findings its prose cites glued
for the book, and the closing "Data used in this chapter" list, drawn from the codebook.
"""

from __future__ import annotations

from IPython.display import HTML
from myst_nb import glue

from callreport.dataset.codebook import resource, zip_name
from callreport.dataset.load import Tables, load
from callreport.report import figures, findings, prose
from callreport.report.escape import html_text, url

DATA_URL = "../data"  # chapters/<name>.html to the data/ folder the book publishes (callreport.book.downloads)


def cited(name: str) -> list[str]:
    """The finding keys chapters/<name>.ipynb cites in its prose, in reading order, each once."""
    return prose.cited(prose.of(f"chapters/{name}"))


def setup(name: str) -> Tables:
    """Load and validate the data, glue each finding chapters/<name>.ipynb cites, and no other, and show
    charts as the report's figures (figures.enable)."""
    figures.enable()
    tables = load()
    keys = cited(name)
    if keys:
        function = findings.CHAPTERS.get(name)
        values = function(tables) if function else {}
        missing = [key for key in keys if key not in values]
        if missing:
            where = f"findings.{function.__name__}" if function else "findings (no function for this chapter)"
            raise LookupError(f"chapters/{name}.ipynb cites {', '.join(missing)}, which {where} does not give")
        for key in keys:
            glue(key, values[key], display=False)
    return tables


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
