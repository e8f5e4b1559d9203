"""Load and validate every table of the data package, or raise one clear DataError.

Validation runs in three layers, each naming file, row, column, what was expected
and what was found:

1. the files themselves, each read once (callreport.dataset.files): the descriptor
   complete JSON of the shape the code reads; every table present, UTF-8 without
   BOM, LF line endings, the exact header the codebook gives, the right number of
   cells in every row, no control characters and no spreadsheet formulas;
2. Frictionless, against data/datapackage.json, over the rows read in layer 1:
   types, required values, enums, patterns, minimums, unique and primary keys,
   foreign keys;
3. what Frictionless cannot express: the article's sha256, every span inside the
   article and verbatim at its offsets, every quotation mark accounted for once,
   generated tables equal to one pass of the generator, every span nested in its
   block and (in a body paragraph) its sentence and never crossing another span,
   the positions grid complete, cross-table links (each readout bearing on a sentence or on 'none';
   each readout and each quote check with one best source in its annotations/*_sources.csv at its
   address and with its words, every quotation there inside its context), each annotation pass naming a quote by the
   id the final judgments give it, the descriptor's focus side (article.focus_side) a side of
   the data; and, for the other reports of the event (data/coverage/), every snippet verbatim in its
   context at its offsets and inside its text read, and every report asked every question
   (callreport.dataset.coverage).

``python -m callreport validate`` (``make validate``) runs it all and prints counts.
"""

from __future__ import annotations

import copy
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from frictionless import FrictionlessException, Package

from callreport.dataset import coverage, generate, paths
from callreport.dataset.article import read_article
from callreport.dataset.codebook import NOT_STATED, allowed_values, read_descriptor, table_resources
from callreport.dataset.errors import DataError
from callreport.dataset.files import read_rows

ABSENT = {"", NOT_STATED, "none"}
TABLES = (
    "blocks",
    "sentences",
    "actors",
    "quotes",
    "demands",
    "positions",
    "events",
    "hedges",
    "external_context",
    "readouts",
    "quote_checks",
    *coverage.PATHS,
)
PATHS = {name: coverage.PATHS.get(name, f"{name}.csv") for name in TABLES}  # the path each table must have
CONTAINERS = ("blocks", "sentences")  # the spans every other span nests in
DESCRIPTOR = "data/datapackage.json"
READOUT_SOURCES = "annotations/readout_sources.csv"  # where each readout quotation was read
QUOTE_CHECK_SOURCES = "annotations/quote_check_sources.csv"  # where each record of a quotation was read
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
    hedges: pd.DataFrame
    external_context: pd.DataFrame
    readouts: pd.DataFrame
    quote_checks: pd.DataFrame
    coverage_reports: pd.DataFrame
    coverage_facts: pd.DataFrame
    coverage_quotes: pd.DataFrame
    coverage_speakers: pd.DataFrame
    coverage_article_facts: pd.DataFrame
    annotations: dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Checked:
    """What validation read and how much it checked: every table's rows as strings, keyed by resource name."""

    article: str
    descriptor: dict
    rows: dict[str, list[dict[str, str]]]
    spans: int
    nested: int
    snippets: int


def load(data_dir: Path = paths.DATA) -> Tables:
    """Read, validate and type every table; raise DataError on the first defect."""
    checked = validate(data_dir)
    frames = {
        r["name"]: _typed(r, checked.rows[r["name"]])
        for r in table_resources(checked.descriptor)
        if r["name"] in TABLES
    }
    return Tables(
        article=checked.article,
        descriptor=checked.descriptor,
        **frames,
        annotations=_annotations(checked.descriptor, checked.rows),
    )


def validate(data_dir: Path = paths.DATA) -> Checked:
    """Run every check over data_dir, reading each file once; raise DataError on the first defect."""
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir / "datapackage.json")
    resources = table_resources(descriptor)
    by_path = {r["path"]: r["name"] for r in resources}
    for needed in [
        *PATHS.values(),
        generate.VOICES,
        generate.JUDGMENTS,
        generate.HEDGES,
        READOUT_SOURCES,
        QUOTE_CHECK_SOURCES,
    ]:
        if needed not in by_path:
            raise DataError(DESCRIPTOR, None, None, f"a csv resource with the path {needed}", "none")
    article = read_article(data_dir / "article.txt", descriptor["article"]["sha256"])
    raw = {r["name"]: read_rows(data_dir, r["path"], [f["name"] for f in r["schema"]["fields"]]) for r in resources}
    _frictionless(data_dir, descriptor, raw)
    spans = sum(_check_spans(article, resource, raw[resource["name"]]) for resource in resources)
    generated = generate.generate(
        article, *(raw[by_path[name]] for name in (generate.VOICES, generate.JUDGMENTS, generate.HEDGES))
    )
    _check_generated(generated, raw)
    nested = _check_nesting(generated["blocks"], generated["sentences"], resources, raw)
    _check_links(article, raw)
    _check_pass_ids(resources, raw, raw[by_path[generate.JUDGMENTS]])
    _check_focus_side(descriptor, raw)
    snippets = coverage.check(descriptor, {name: raw[name] for name in coverage.PATHS})
    return Checked(article=article, descriptor=descriptor, rows=raw, spans=spans, nested=nested, snippets=snippets)


# -- layer 2: Frictionless -----------------------------------------------------------------

_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"$')


def _frictionless(data_dir: Path, descriptor: dict, raw: dict[str, list[dict[str, str]]]) -> None:
    """Validate the package with the tables' rows as read, so no table is read twice."""
    inline = copy.deepcopy(descriptor)
    places, keys = {}, {}
    for resource in table_resources(inline):
        columns = [field["name"] for field in resource["schema"]["fields"]]
        places[resource["name"]] = resource.pop("path")
        primary = resource["schema"].get("primaryKey", [])
        primary = [primary] if isinstance(primary, str) else primary
        keys[resource["name"]] = [columns.index(k) for k in primary if k in columns]  # Frictionless names the rest
        for key in ("format", "mediatype", "encoding"):  # describe the file, not the rows given inline
            resource.pop(key, None)
        resource["data"] = [columns] + [[row[c] for c in columns] for row in raw[resource["name"]]]
    try:
        report = Package(inline, basepath=str(data_dir)).validate()
    except FrictionlessException as error:
        raise DataError(DESCRIPTOR, None, None, "a valid Data Package descriptor", error.error.message) from None
    for task in report.tasks:
        for error in task.errors:
            raise _translate(places.get(task.name, task.place), error, keys.get(task.name, []), places)
    for error in report.errors:
        raise DataError(DESCRIPTOR, None, None, "a valid Data Package descriptor", f"{error.type}: {error.note}")


def _translate(place: str, error, key: list[int], places: dict[str, str]) -> DataError:
    """The DataError for one Frictionless error; `key` holds the positions of the primary key's columns and
    `places` the path of each resource, by name."""
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
        value = found if error.type == "unique-error" else ", ".join(repr(error.cells[i]) for i in key)
        return DataError(name, row, column, "a value not used in any other row", f"{value}, as in {where}")
    if error.type == "foreign-key":
        field = error.field_names[0]
        referenced = places.get(error.reference_name, f"{error.reference_name}.csv")
        reference = f"data/{referenced}" if error.reference_name else "this table"
        target = error.reference_field_names[0]
        article = "an" if target[:1] in "aeiou" else "a"
        return DataError(name, row, field, f"{article} {target} listed in {reference}", repr(error.field_cells[0]))
    return DataError(name, row, column, "a valid table", f"{error.type}: {error.note}")


# -- layer 3: what Frictionless cannot express ------------------------------------------


def _check_spans(article: str, resource: dict, rows: list[dict[str, str]]) -> int:
    """Every span lies inside the article and its text is verbatim; absent text means no offsets.

    Returns how many spans it checked.
    """
    name = f"data/{resource['path']}"
    checked = 0
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
            checked += 1
    return checked


def _check_generated(generated: dict[str, list[dict]], raw: dict[str, list[dict[str, str]]]) -> None:
    """blocks, sentences and quotes must be exactly what the code and annotations give."""
    for name, expected in generated.items():
        found = raw[name]
        label = f"data/{name}.csv"
        if len(expected) != len(found):
            raise DataError(
                label, None, None, f"{len(expected)} rows, as generated (run make data)", f"{len(found)} rows"
            )
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


def _check_nesting(blocks: list[dict], sentences: list[dict], resources: list[dict], raw) -> int:
    """Every span lies inside one block and, in a body paragraph, inside one sentence; no two spans cross,
    except spans the codebook marks `"mayCross": true` (a claim a marker qualifies is a reading of the
    text, and two readings may overlap).

    Returns how many spans it checked.
    """
    spans = []  # (start, end, file, row, start column, end column)
    crossing = set()  # the (file, start column) of spans that may cross others
    for resource in resources:
        if resource["name"] in CONTAINERS:
            continue
        for span in resource["schema"].get("spans", []):
            for number, row in enumerate(raw[resource["name"]], start=1):
                if span.get("mayCross"):
                    crossing.add((f"data/{resource['path']}", span["start"]))
                if row[span["start"]] != "":
                    where = (f"data/{resource['path']}", number, span["start"], span["end"])
                    spans.append((int(row[span["start"]]), int(row[span["end"]]), *where))
    for start, end, name, number, start_col, end_col in spans:
        block = _container(blocks, start)
        if block is None:
            raise DataError(name, number, start_col, "an offset inside a block of data/blocks.csv", str(start))
        if end > block["end"]:
            raise DataError(
                name,
                number,
                end_col,
                f"an offset at most {block['end']}, where block {block['block_id']} ends",
                str(end),
            )
        if block["kind"] != "paragraph":
            continue
        sentence = _container(sentences, start)
        if sentence is None:
            raise DataError(name, number, start_col, "an offset inside a sentence of data/sentences.csv", str(start))
        if end > sentence["end"]:
            raise DataError(
                name,
                number,
                end_col,
                f"an offset at most {sentence['end']}, where sentence {sentence['sentence_id']} ends",
                str(end),
            )
    open_spans = []
    exclusive = [s for s in spans if (s[2], s[4]) not in crossing]
    for start, end, name, number, _, end_col in sorted(exclusive, key=lambda s: (s[0], -s[1])):
        while open_spans and open_spans[-1][1] <= start:
            open_spans.pop()
        if open_spans and end > open_spans[-1][1]:
            outer_start, outer_end, outer_name, outer_number, *_ = open_spans[-1]
            raise DataError(
                name,
                number,
                end_col,
                f"a span inside {outer_name} row {outer_number} ({outer_start}-{outer_end}) or clear of it",
                f"{start}-{end}",
            )
        open_spans.append((start, end, name, number))
    return len(spans)


def _container(rows: list[dict], offset: int) -> dict | None:
    """The row of blocks or sentences (sorted, not overlapping) whose span holds offset, if any."""
    index = bisect_right([row["start"] for row in rows], offset) - 1
    if index >= 0 and offset < rows[index]["end"]:
        return rows[index]
    return None


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

    for number, row in enumerate(raw["hedges"], start=1):
        if row["holder"] != "author" and row["holder"] not in actors:
            raise DataError(
                "data/hedges.csv",
                number,
                "holder",
                "'author' or an actor_id listed in data/actors.csv",
                repr(row["holder"]),
            )

    _check_readouts(raw)

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


def _check_readouts(raw: dict[str, list[dict[str, str]]]) -> None:
    """Each readout bears on a sentence of sentences.csv or on 'none'; each readout and each quote check
    has its evidence (_check_best_sources)."""
    sentences = {row["sentence_id"] for row in raw["sentences"]}
    name = "data/readouts.csv"
    for number, row in enumerate(raw["readouts"], start=1):
        if row["bears_on"] != "none" and row["bears_on"] not in sentences:
            raise DataError(
                name, number, "bears_on", "'none' or a sentence_id listed in data/sentences.csv", repr(row["bears_on"])
            )
    _check_best_sources(raw, "readouts", "readout_id", "readout_words", "readout_sources", READOUT_SOURCES)
    _check_best_sources(raw, "quote_checks", "check_id", "record_words", "quote_check_sources", QUOTE_CHECK_SOURCES)


def _check_best_sources(
    raw: dict[str, list[dict[str, str]]], table: str, id_column: str, words: str, sources_table: str, sources_path: str
) -> None:
    """Every row of the sources table has its quoted words in its context, and each row of `table` has
    exactly one 'best source' row there: at its found_at, with its `words` as the quoted words."""
    name, sources_name = f"data/{table}.csv", f"data/{sources_path}"
    sources = raw[sources_table]
    for number, row in enumerate(sources, start=1):
        if row["quoted"] not in row["context"]:
            raise DataError(sources_name, number, "quoted", "words that occur in context", repr(row["quoted"]))
    for number, row in enumerate(raw[table], start=1):
        best = [s for s in sources if s[id_column] == row[id_column] and s["role"] == "best source"]
        if len(best) != 1:
            raise DataError(
                name, number, id_column, f"one 'best source' row for it in {sources_name}", f"{len(best)} rows"
            )
        for column, source_column in (("found_at", "address"), (words, "quoted")):
            if row[column] != best[0][source_column]:
                raise DataError(
                    name,
                    number,
                    column,
                    f"{best[0][source_column]!r}, its best source's {source_column} in "
                    f"{sources_name} ({best[0]['source_id']})",
                    repr(row[column]),
                )


def _check_pass_ids(resources: list[dict], raw: dict[str, list[dict[str, str]]], judgments: list[dict]) -> None:
    """Each annotation pass gives a span the id the final judgments give it: the comparison of the passes
    (callreport.dataset.agreement) and the adjudication name quotes by these ids."""
    final = {(row["start"], row["end"]): row["quote_id"] for row in judgments}
    for resource in resources:
        if not resource["name"].startswith("quote_judgments_"):  # quote_judgments_first, quote_judgments_second
            continue
        for number, row in enumerate(raw[resource["name"]], start=1):
            expected = final.get((row["start"], row["end"]), row["quote_id"])
            if row["quote_id"] != expected:
                raise DataError(
                    f"data/{resource['path']}",
                    number,
                    "quote_id",
                    f"{expected!r}, the id data/{generate.JUDGMENTS} gives the span {row['start']}-{row['end']}",
                    repr(row["quote_id"]),
                )


def _check_focus_side(descriptor: dict, raw: dict[str, list[dict[str, str]]]) -> None:
    """The side the report reads the article from is a side of the data: a country actors.csv ties an
    actor to, or one external_context.csv adds."""
    countries = [row["country"] for row in raw["actors"]]
    countries += [row["value"] for row in raw["external_context"] if row["field"] == "country"]
    sides = sorted(set(countries) - {NOT_STATED})
    side = descriptor["article"]["focus_side"]["value"]
    if side not in sides:
        raise DataError(
            DESCRIPTOR,
            None,
            None,
            f"article.focus_side.value to be a side of the data, a country of data/actors.csv or "
            f"data/external_context.csv ({', '.join(repr(s) for s in sides)})",
            repr(side),
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


# -- the validate command -----------------------------------------------------------------


def main(data_dir: Path = paths.DATA) -> int:
    """Print "ok" with what was checked, or the one error on stderr; return the exit status."""
    try:
        checked = validate(data_dir)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    resources = table_resources(checked.descriptor)
    print(f"ok: {Path(data_dir)}")
    print(f"tables: {len(resources)}")
    print(f"rows: {sum(len(rows) for rows in checked.rows.values())}")
    for resource in resources:
        print(f"  data/{resource['path']}: {len(checked.rows[resource['name']])}")
    print(f"coverage snippets checked: {checked.snippets} (each verbatim in its context, inside its text read)")
    print(
        f"spans checked: {checked.spans} (each verbatim at its offsets; "
        f"{checked.nested} beyond blocks and sentences, each nested in its block and sentence)"
    )
    return 0
