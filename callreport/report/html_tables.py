"""HTML tables that hide nothing: real headers and a caption; columns wrap at desktop widths and
on a narrow screen (and in print) each row becomes a card of "label: value" lines, the label
taken from each cell's data-label (report.css). Sorting and filtering come from a small script
the book serves itself (static/tables.js).
"""

from __future__ import annotations

import math

from callreport.report.escape import html_attr, html_text, url


def html_table(
    rows: list[dict],
    columns: list[str],
    caption: str,
    *,
    row_ids: list[str] | None = None,
    links: dict[str, list[str]] | None = None,
    table_id: str | None = None,
    filterable: bool = False,
) -> str:
    """A captioned table; `links` maps a column to one href per row; `row_ids` gives rows anchors."""
    links = links or {}
    head = "".join(f'<th scope="col" data-sort-column="{i}">{html_text(c)}</th>' for i, c in enumerate(columns))
    body = []
    for index, row in enumerate(rows):
        cells = []
        for column in columns:
            value = row.get(column)
            cell = html_text("" if _blank(value) else value)
            if column in links and links[column][index]:
                cell = f'<a href="{url(links[column][index])}">{cell}</a>'
            cells.append(f'<td data-label="{html_attr(column)}">{cell}</td>')
        anchor = f' id="{html_attr(row_ids[index])}"' if row_ids else ""
        body.append(f"<tr{anchor}>{''.join(cells)}</tr>")
    id_attr = f' id="{html_attr(table_id)}"' if table_id else ""
    search = (
        f'<label class="report-table__filter">Filter rows <input type="search" autocomplete="off" '
        f'aria-controls="{html_attr(table_id)}-table"></label>'
        if filterable and table_id
        else ""
    )
    table_attr = f' id="{html_attr(table_id)}-table"' if table_id else ""
    return (
        f'<div class="report-table"{id_attr}>{search}'
        f"<table{table_attr}><caption>{html_text(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _blank(value) -> bool:
    """None, NaN and pandas' NA show as an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ == "NAType"


def frame_table(
    frame,
    columns: dict[str, str],
    caption: str,
    *,
    row_id: str | None = None,
    links: dict[str, str] | None = None,
    table_id: str | None = None,
    filterable: bool = False,
) -> str:
    """Selected columns of a DataFrame under their labels, as an HTML table.

    `links` maps a label to the column holding each row's href; `row_id` names
    the column whose values become row anchors (e.g. d-01).
    """
    rows = [{label: record[field] for field, label in columns.items()} for record in frame.to_dict("records")]
    hrefs = {label: frame[column].tolist() for label, column in (links or {}).items()}
    ids = frame[row_id].tolist() if row_id else None
    return html_table(
        rows,
        list(columns.values()),
        caption,
        row_ids=ids,
        links=hrefs,
        table_id=table_id,
        filterable=filterable,
    )


def show(frame, columns: dict[str, str], caption: str, **options):
    """Display frame_table(frame, columns, caption, **options) in a notebook."""
    from IPython.display import HTML  # notebooks only; the book's extension needs html_table alone

    return HTML(frame_table(frame, columns, caption, **options))
