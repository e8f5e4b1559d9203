"""What every chapter notebook needs: the loaded data, its findings glued for the prose,
and the closing "Data used in this chapter" list, drawn from the codebook.
"""

from __future__ import annotations

import html

from IPython.display import HTML
from myst_nb import glue

from callreport.dataset.codebook import resource
from callreport.dataset.load import Tables, load
from callreport.report import findings

DATA_URL = "../data"


def setup() -> tuple[Tables, dict[str, object]]:
    """Load and validate the data, and glue every finding so the prose can cite it by key."""
    tables = load()
    values = findings.compute(tables)
    for key, value in values.items():
        glue(key, value, display=False)
    return tables, values


def data_used(tables: Tables, used: dict[str, list[str]]) -> HTML:
    """A list of the files and fields a chapter drew on, each linked, each field with its meaning."""
    items = []
    for name, field_names in used.items():
        res = resource(tables.descriptor, name)
        meanings = {f["name"]: f["description"] for f in res.get("schema", {}).get("fields", [])}
        json_link = (
            f' (<a href="{DATA_URL}/{html.escape(res["path"].rsplit(".", 1)[0])}.json">JSON</a>)'
            if res.get("format") == "csv"
            else ""
        )
        fields = "".join(
            f"<li><code>{html.escape(field)}</code>: {html.escape(meanings[field])}</li>" for field in field_names
        )
        items.append(
            f'<li><a href="{DATA_URL}/{html.escape(res["path"])}"><code>data/{html.escape(res["path"])}</code></a>'
            f"{json_link}: {html.escape(res['title'])}.{f'<ul>{fields}</ul>' if fields else ''}</li>"
        )
    return HTML(f'<ul class="data-used">{"".join(items)}</ul>')
