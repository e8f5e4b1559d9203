"""What every chapter notebook needs: the loaded data, its findings glued for the prose,
and the closing "Data used in this chapter" list, drawn from the codebook; and the HTML
the methodology chapter builds from the descriptor (the codebook, the download list), so
that no notebook writes markup itself and every descriptor string is escaped here.
"""

from __future__ import annotations

from IPython.display import HTML
from myst_nb import glue

from callreport.dataset import codebook
from callreport.dataset.codebook import resource
from callreport.dataset.load import TABLES, Tables, load
from callreport.report import findings, html_tables
from callreport.report.escape import html_attr, html_text, url

DATA_URL = "../data"


def setup() -> tuple[Tables, dict[str, object]]:
    """Load and validate the data, and glue every finding so the prose can cite it by key."""
    tables = load()
    values = findings.compute(tables)
    for key, value in values.items():
        glue(key, value, display=False)
    return tables, values


def _href(relative: str) -> str:
    """The link, from a chapter, to a file the book publishes under data/."""
    return url(f"{DATA_URL}/{relative}")


def _json_path(res: dict) -> str:
    """Where the book publishes a CSV table as JSON (callreport.book.downloads writes it)."""
    return res["path"].rsplit(".", 1)[0] + ".json"


def data_used(tables: Tables, used: dict[str, list[str]]) -> HTML:
    """A list of the files and fields a chapter drew on, each linked, each field with its meaning."""
    items = []
    for name, field_names in used.items():
        res = resource(tables.descriptor, name)
        meanings = {f["name"]: f["description"] for f in res.get("schema", {}).get("fields", [])}
        json_link = f' (<a href="{_href(_json_path(res))}">JSON</a>)' if res.get("format") == "csv" else ""
        fields = "".join(
            f"<li><code>{html_text(field)}</code>: {html_text(meanings[field])}</li>" for field in field_names
        )
        items.append(
            f'<li><a href="{_href(res["path"])}"><code>data/{html_text(res["path"])}</code></a>'
            f"{json_link}: {html_text(res['title'])}.{f'<ul>{fields}</ul>' if fields else ''}</li>"
        )
    return HTML(f'<ul class="data-used">{"".join(items)}</ul>')


def codebook_html(descriptor: dict) -> HTML:
    """The codebook of the main tables, from the descriptor: each table's title, file and meaning,
    its fields with their types and constraints, and the meaning of every allowed value."""
    parts = []
    for res in codebook.table_resources(descriptor):
        if res["name"] not in TABLES:
            continue
        parts.append(
            f'<h3 id="codebook-{html_attr(res["name"])}">{html_text(res["title"])}: '
            f"<code>data/{html_text(res['path'])}</code></h3><p>{html_text(res['description'])}</p>"
        )
        labels = {c: c.capitalize() for c in ["field", "type", "required", "constraints", "description"]}
        fields = codebook.fields_table(descriptor, res["name"])
        parts.append(html_tables.frame_html(fields, labels, f"Fields of {res['path']}"))
        values = codebook.values_table(descriptor, res["name"])
        if len(values):
            labels = {"field": "Field", "value": "Value", "definition": "Meaning"}
            parts.append(html_tables.frame_html(values, labels, f"Allowed values in {res['path']}"))
    return HTML("".join(parts))


def downloads_html(descriptor: dict, zip_name: str) -> HTML:
    """Links to the whole data package as one zip and to every file in it, CSV tables also as JSON."""
    links = "".join(
        f'<li><a href="{_href(res["path"])}"><code>{html_text(res["path"])}</code></a>'
        + (f' · <a href="{_href(_json_path(res))}">JSON</a>' if res.get("format") == "csv" else "")
        + f": {html_text(res['title'])}</li>"
        for res in descriptor["resources"]
    )
    return HTML(
        f'<p><a href="{_href(zip_name)}">The whole data package (zip)</a>: '
        f"<code>datapackage.json</code>, every table and the article copy. Each file on its own:</p><ul>{links}</ul>"
    )
