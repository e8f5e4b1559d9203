"""Load and validate every table of the data package, or raise one clear DataError.

Validation runs in three layers, each naming file, row, column, what was expected
and what was found:

1. the files themselves: present, UTF-8 without BOM, LF line endings, the exact
   header the codebook gives, the right number of cells in every row;
2. Frictionless, against data/datapackage.json: types, required values, enums,
   patterns, minimums, unique and primary keys, foreign keys;
3. what Frictionless cannot express: the article's sha256, every span inside the
   article and verbatim at its offsets, every quotation mark accounted for once,
   generated tables up to date, the positions grid complete, and cross-table links.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from frictionless import Package

from callreport.dataset import paths
from callreport.dataset.article import read_article
from callreport.dataset.codebook import NOT_STATED, allowed_values, read_descriptor, table_resources
from callreport.dataset.errors import DataError
from callreport.dataset.files import read_text
from callreport.dataset.generate import generated_tables

ABSENT = {"", NOT_STATED, "none"}
TABLES = ("blocks", "sentences", "actors", "quotes", "demands", "positions", "events", "external_context")
ANNOTATIONS = "annotations/"  # where the human judgments live: final, both passes as made, and the adjudication


@dataclass(frozen=True)
class Tables:
    """The validated dataset: the article text, the descriptor, one DataFrame per table and, in
    `annotations`, one per file of data/annotations/ keyed by its resource name (quote_judgments_first,
    adjudication, ...)."""

    article: str
    descriptor: dict
    blocks: pd.DataFrame
    sentences: pd.DataFrame
    actors: pd.DataFrame
    quotes: pd.DataFrame
    demands: pd.DataFrame
    positions: pd.DataFrame
    events: pd.DataFrame
    external_context: pd.DataFrame
    annotations: dict[str, pd.DataFrame]


def load(data_dir: Path = paths.DATA) -> Tables:
    """Read, validate and type every table; raise DataError on the first defect."""
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir / "datapackage.json")
    article = read_article(data_dir / "article.txt", descriptor["article"]["sha256"])
    raw = {r["name"]: _read_csv(data_dir, r) for r in table_resources(descriptor)}
    _frictionless(data_dir, descriptor)
    for resource in table_resources(descriptor):
        _check_spans(article, resource, raw[resource["name"]])
    _check_generated(data_dir, descriptor, raw)
    _check_links(article, raw)
    frames = {r["name"]: _typed(r, raw[r["name"]]) for r in table_resources(descriptor) if r["name"] in TABLES}
    return Tables(article=article, descriptor=descriptor, **frames, annotations=_annotations(descriptor, raw))


# -- layer 1: the files ------------------------------------------------------------------


def _read_csv(data_dir: Path, resource: dict) -> list[dict[str, str]]:
    name = f"data/{resource['path']}"
    rows = list(csv.reader(read_text(data_dir / resource["path"], name).splitlines()))
    if not rows:
        raise DataError(name, None, None, "a header row", "an empty file")
    expected = [field["name"] for field in resource["schema"]["fields"]]
    header = rows[0]
    for column in expected:
        if column not in header:
            raise DataError(name, 0, column, "this column in the header", "no such column")
    for column in header:
        if column not in expected:
            raise DataError(name, 0, column, f"only the columns {', '.join(expected)}", "an unknown column")
    if header != expected:
        raise DataError(name, 0, None, f"the columns in the order {', '.join(expected)}", ", ".join(header))
    for number, row in enumerate(rows[1:], start=1):
        if len(row) != len(expected):
            raise DataError(name, number, None, f"{len(expected)} cells", f"{len(row)} cells")
    if len(rows) == 1:
        raise DataError(name, None, None, "at least one data row", "only the header")
    return [dict(zip(expected, row, strict=True)) for row in rows[1:]]


# -- layer 2: Frictionless -----------------------------------------------------------------

_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"$')


def _frictionless(data_dir: Path, descriptor: dict) -> None:
    package = Package(descriptor, basepath=str(data_dir))
    report = package.validate()
    for task in report.tasks:
        for error in task.errors:
            raise _translate(task.place, error)


def _translate(place: str, error) -> DataError:
    name = f"data/{place}"
    row = error.row_number - 1 if getattr(error, "row_number", None) else None
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    found = "an empty cell" if cell in ("", None) else repr(cell)
    if error.type == "constraint-error":
        constraint, value = _CONSTRAINT.search(error.note).groups()
        expected = {
            "required": "a value",
            "enum": f"one of {value}",
            "pattern": f"text matching {value}",
            "minimum": f"a number of at least {value}",
            "minLength": "a non-empty value",
        }.get(constraint, f"{constraint} {value}")
        return DataError(name, row, column, expected, found)
    if error.type == "type-error":
        kind = re.search(r'type is "(\w+)', error.note)
        return DataError(name, row, column, f"a value of type {kind.group(1) if kind else 'the field'}", found)
    if error.type in ("unique-error", "primary-key"):
        earlier = re.search(r"position (\d+)", error.note)
        where = f"row {int(earlier.group(1)) - 1}" if earlier else "an earlier row"
        key = found if error.type == "unique-error" else ", ".join(repr(c) for c in error.cells[:2])
        return DataError(name, row, column, "a value not used in any other row", f"{key}, as in {where}")
    if error.type == "foreign-key":
        field = error.field_names[0]
        reference = f"data/{error.reference_name}.csv" if error.reference_name else "this table"
        return DataError(
            name, row, field, f"an {error.reference_field_names[0]} listed in {reference}", repr(error.field_cells[0])
        )
    return DataError(name, row, column, "a valid table", f"{error.type}: {error.note}")


# -- layer 3: what Frictionless cannot express ------------------------------------------


def _check_spans(article: str, resource: dict, rows: list[dict[str, str]]) -> None:
    """Every span lies inside the article and its text is verbatim; absent text means no offsets."""
    name = f"data/{resource['path']}"
    for span in resource["schema"].get("spans", []):
        start_col, end_col, text_col = span["start"], span["end"], span.get("text")
        for number, row in enumerate(rows, start=1):
            start, end = row[start_col], row[end_col]
            absent = text_col is not None and row[text_col] in ABSENT
            if absent or (start == "" and end == ""):
                if start or end:
                    raise DataError(
                        name, number, start_col, f"no offsets, since {text_col} is {row[text_col]!r}", start
                    )
                if text_col is None or absent:
                    continue
                raise DataError(name, number, start_col, f"offsets for the text in {text_col}", "an empty cell")
            if start == "" or end == "":
                missing = start_col if start == "" else end_col
                raise DataError(
                    name, number, missing, f"an offset, since {start_col}/{end_col} come in pairs", "an empty cell"
                )
            begin, stop = int(start), int(end)
            if begin >= stop:
                raise DataError(name, number, end_col, f"an offset after {start_col} ({begin})", str(stop))
            if stop > len(article):
                raise DataError(
                    name, number, end_col, f"an offset within the article (at most {len(article)})", str(stop)
                )
            if text_col is not None and row[text_col] != article[begin:stop]:
                raise DataError(
                    name,
                    number,
                    text_col,
                    f"the article's text at {begin}-{stop}, {article[begin:stop]!r}",
                    repr(row[text_col]),
                )


def _check_generated(data_dir: Path, descriptor: dict, raw: dict[str, list[dict[str, str]]]) -> None:
    """blocks, sentences and quotes must be exactly what the code and annotations give."""
    for name, expected in generated_tables(data_dir).items():
        found = raw[name]
        label = f"data/{name}.csv"
        for number, (want, have) in enumerate(zip(expected, found, strict=True), start=1):
            for column, value in want.items():
                value = "" if value is None else str(value)
                if have[column] != value:
                    raise DataError(
                        label,
                        number,
                        column,
                        f"{value!r}, as generated from the article and annotations (run make data)",
                        repr(have[column]),
                    )
        if len(expected) != len(found):
            raise DataError(
                label, None, None, f"{len(expected)} rows, as generated (run make data)", f"{len(found)} rows"
            )


def _check_links(article: str, raw: dict[str, list[dict[str, str]]]) -> None:
    actors = {row["actor_id"] for row in raw["actors"]}
    for number, row in enumerate(raw["actors"], start=1):
        for alias in row["aliases"].split(" | "):
            if alias != "none" and not re.search(rf"\b{re.escape(alias)}\b", article):
                raise DataError("data/actors.csv", number, "aliases", "names that occur in the article", repr(alias))

    quote_ids = [row["quote_id"] for row in raw["quotes"]]
    previous_end = -1
    for number, row in enumerate(raw["quotes"], start=1):
        if int(row["start"]) < previous_end:
            raise DataError(
                "data/quotes.csv",
                number,
                "start",
                f"a span after the previous quote (ends {previous_end})",
                row["start"],
            )
        previous_end = int(row["end"])
        for column in ("group_id", "echoes"):
            target = row[column]
            if target != "none" and (target not in quote_ids or quote_ids.index(target) > number - 1):
                raise DataError(
                    "data/quotes.csv", number, column, "the quote_id of this or an earlier quote", repr(target)
                )

    _check_grid(raw["positions"])
    for number, row in enumerate(raw["positions"], start=1):
        stated = row["stance"] != NOT_STATED
        if stated != (row["basis"] != NOT_STATED) or stated != (row["evidence"] != ""):
            raise DataError(
                "data/positions.csv",
                number,
                "basis",
                "stance, basis and evidence all given or all 'not stated'",
                f"stance {row['stance']!r}, basis {row['basis']!r}",
            )

    for number, row in enumerate(raw["events"], start=1):
        for actor in row["actor_ids"].split(" | "):
            if actor not in actors:
                raise DataError(
                    "data/events.csv", number, "actor_ids", "actor_ids listed in data/actors.csv", repr(actor)
                )
        if (row["order"] == "") != (row["order_basis"] == NOT_STATED):
            raise DataError(
                "data/events.csv",
                number,
                "order_basis",
                "'not stated' exactly when order is empty",
                repr(row["order_basis"]),
            )

    ids = {"actors": actors, "events": {row["event_id"] for row in raw["events"]}}
    countries = {row["actor_id"]: row["country"] for row in raw["actors"]}
    for number, row in enumerate(raw["external_context"], start=1):
        if row["row_id"] not in ids[row["table"]]:
            raise DataError(
                "data/external_context.csv", number, "row_id", f"an id in data/{row['table']}.csv", repr(row["row_id"])
            )
        if row["table"] == "actors" and row["field"] == "country" and countries[row["row_id"]] != NOT_STATED:
            raise DataError(
                "data/external_context.csv",
                number,
                "row_id",
                "an actor whose country the article does not state",
                repr(row["row_id"]),
            )


def _check_grid(rows: list[dict[str, str]]) -> None:
    """Every issue has a row for every actor that appears in the grid."""
    issues = list(dict.fromkeys(row["issue"] for row in rows))
    actors = list(dict.fromkeys(row["actor_id"] for row in rows))
    present = {(row["issue"], row["actor_id"]) for row in rows}
    for issue in issues:
        for actor in actors:
            if (issue, actor) not in present:
                raise DataError(
                    "data/positions.csv", None, "actor_id", f"a row for issue {issue!r} and actor {actor!r}", "none"
                )


# -- typing -------------------------------------------------------------------------------


def _annotations(descriptor: dict, raw: dict[str, list[dict[str, str]]]) -> dict[str, pd.DataFrame]:
    """The validated files of data/annotations/, typed like the tables, by resource name."""
    return {
        r["name"]: _typed(r, raw[r["name"]]) for r in table_resources(descriptor) if r["path"].startswith(ANNOTATIONS)
    }


def _typed(resource: dict, rows: list[dict[str, str]]) -> pd.DataFrame:
    """A DataFrame with nullable integers and categoricals for every enumerated field."""
    frame = pd.DataFrame(rows, columns=[f["name"] for f in resource["schema"]["fields"]])
    for field in resource["schema"]["fields"]:
        column = field["name"]
        if field["type"] == "integer":
            frame[column] = pd.array([int(v) if v != "" else None for v in frame[column]], dtype="Int64")
        elif (values := allowed_values(field)) is not None:
            frame[column] = pd.Categorical(frame[column], categories=values)
    return frame
