"""The loader rejects each kind of bad input with one exact message: file, row, column, expected, found.

Each case copies data/, corrupts one thing, and asserts the whole message.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import runpy
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from callreport.dataset import agreement, generate, paths
from callreport.dataset.codebook import read_descriptor
from callreport.dataset.errors import DataError
from callreport.dataset.files import FORMULA_STARTS
from callreport.dataset.load import load

ARTICLE = (Path(__file__).parents[1] / "data" / "article.txt").read_text(encoding="utf-8")


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(name: str, row: int, column: str, value: str):
    """Set one cell; `row` is the 1-based data row."""

    def mutate(data: Path) -> None:
        rows = rows_of(data / name)
        rows[row][rows[0].index(column)] = value
        write_rows(data / name, rows)

    return mutate


def edit_bytes(name: str, change):
    def mutate(data: Path) -> None:
        (data / name).write_bytes(change((data / name).read_bytes()))

    return mutate


def set_span(name: str, row: int, start: str, end: str, text: str | None, begin: int, stop: int):
    """Move one span to begin-stop, with its text column (if any) verbatim from the article."""

    def mutate(data: Path) -> None:
        rows = rows_of(data / name)
        header = rows[0]
        rows[row][header.index(start)], rows[row][header.index(end)] = str(begin), str(stop)
        if text is not None:
            rows[row][header.index(text)] = ARTICLE[begin:stop]
        write_rows(data / name, rows)

    return mutate


def append_row(name: str, cells: list[str]):
    def mutate(data: Path) -> None:
        write_rows(data / name, [*rows_of(data / name), cells])

    return mutate


def edit_descriptor(change):
    """Change the parsed descriptor in place and write it back as JSON."""

    def mutate(data: Path) -> None:
        descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        change(descriptor)
        (data / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")

    return mutate


def resource_named(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def replace_with_folder(name: str):
    def mutate(data: Path) -> None:
        (data / name).unlink()
        (data / name).mkdir()

    return mutate


def drop_column(name: str, column: str):
    def mutate(data: Path) -> None:
        rows = rows_of(data / name)
        index = rows[0].index(column)
        write_rows(data / name, [r[:index] + r[index + 1 :] for r in rows])

    return mutate


def drop_row(name: str, row: int):
    def mutate(data: Path) -> None:
        rows = rows_of(data / name)
        write_rows(data / name, rows[:row] + rows[row + 1 :])

    return mutate


def remove(name: str):
    def mutate(data: Path) -> None:
        (data / name).unlink()

    return mutate


def add_column(name: str, column: str):
    def mutate(data: Path) -> None:
        write_rows(data / name, [[*r, column if i == 0 else ""] for i, r in enumerate(rows_of(data / name))])

    return mutate


def truncate(name: str, keep: int):
    return edit_bytes(name, lambda raw: raw[:keep])


PINNED_SHA = read_descriptor()["article"]["sha256"]


def typo(raw: bytes) -> bytes:
    return raw.replace(b"two-hour", b"two-hout")


TYPO_SHA = hashlib.sha256(typo(paths.ARTICLE.read_bytes())).hexdigest()

CREATED = b'"created": "2026-11-26T00:00:00Z",'  # a line of the descriptor the cases below break

CASES = [
    (
        "shifted offset",
        set_cell("quotes.csv", 5, "start", "1392"),
        "data/quotes.csv, row 5, column 'text': expected the article's text at 1392-1411, "
        "'e had a great call,'; found 'We had a great call,'",
    ),
    (
        "negative offset",
        set_cell("demands.csv", 1, "start", "-4"),
        "data/demands.csv, row 1, column 'start': expected a number of at least 0; found '-4'",
    ),
    (
        "start after end",
        set_cell("demands.csv", 1, "start", "1250"),
        "data/demands.csv, row 1, column 'end': expected an offset after start (1250); found 1200",
    ),
    (
        "span past the end",
        set_cell("events.csv", 12, "end", "4400"),
        "data/events.csv, row 12, column 'end': expected an offset within the article (at most 4355); found 4400",
    ),
    (
        "text edited by one character",
        set_cell("demands.csv", 1, "evidence", "President Trump's idea of an immediate unconditional 31-day ceasefire"),
        "data/demands.csv, row 1, column 'evidence': expected the article's text at 1131-1200, "
        '"President Trump\'s idea of an immediate unconditional 30-day ceasefire"; '
        'found "President Trump\'s idea of an immediate unconditional 31-day ceasefire"',
    ),
    (
        "curly quote swapped in",
        set_cell("quotes.csv", 7, "text", "We’d like to have more trade with Russia,"),
        "data/quotes.csv, row 7, column 'text': expected the article's text at 3221-3262, "
        "\"We'd like to have more trade with Russia,\"; found 'We’d like to have more trade with Russia,'",
    ),
    (
        "unknown speaker",
        set_cell("quotes.csv", 5, "speaker", "trumpp"),
        "data/quotes.csv, row 5, column 'speaker': expected an actor_id listed in data/actors.csv; found 'trumpp'",
    ),
    (
        "unknown party",
        set_cell("demands.csv", 4, "party", "kremlin"),
        "data/demands.csv, row 4, column 'party': expected an actor_id listed in data/actors.csv; found 'kremlin'",
    ),
    (
        "duplicate id",
        set_cell("demands.csv", 2, "demand_id", "d-01"),
        "data/demands.csv, row 2, column 'demand_id': expected a value not used in any other row; "
        "found 'd-01', as in row 1",
    ),
    (
        "missing column",
        drop_column("quotes.csv", "cue"),
        "data/quotes.csv, row 0, column 'cue': expected this column in the header; found no such column",
    ),
    (
        "unknown column",
        add_column("actors.csv", "nickname"),
        "data/actors.csv, row 0, column 'nickname': expected only the columns actor_id, name, name_start, name_end, "
        "aliases, type, description, description_start, description_end, country, country_start, country_end; "
        "found an unknown column",
    ),
    (
        "bad enum value",
        set_cell("quotes.csv", 1, "kind", "headline"),
        "data/quotes.csv, row 1, column 'kind': expected one of ['direct', 'publication', 'scare']; found 'headline'",
    ),
    (
        "empty required field",
        set_cell("demands.csv", 3, "summary", ""),
        "data/demands.csv, row 3, column 'summary': expected a value; found an empty cell",
    ),
    (
        "non-numeric offset",
        set_cell("events.csv", 2, "start", "39s8"),
        "data/events.csv, row 2, column 'start': expected a value of type integer; found '39s8'",
    ),
    (
        "byte-order mark in a table",
        edit_bytes("actors.csv", lambda raw: b"\xef\xbb\xbf" + raw),
        "data/actors.csv: expected UTF-8 without a byte-order mark; found a byte-order mark (BOM)",
    ),
    (
        "byte-order mark in the article",
        edit_bytes("article.txt", lambda raw: b"\xef\xbb\xbf" + raw),
        "data/article.txt: expected UTF-8 without a byte-order mark; found a byte-order mark (BOM)",
    ),
    (
        "CRLF line endings in the article",
        edit_bytes("article.txt", lambda raw: raw.replace(b"\n", b"\r\n")),
        "data/article.txt: expected LF line endings; found a carriage return (CR) on line 1",
    ),
    (
        "CRLF line endings in a table",
        edit_bytes("events.csv", lambda raw: raw.replace(b"\n", b"\r\n")),
        "data/events.csv: expected LF line endings; found a carriage return (CR) on line 1",
    ),
    (
        "truncated file",
        edit_bytes("demands.csv", lambda raw: raw[: raw.rindex(b"\n", 0, len(raw) - 1) + 30]),
        "data/demands.csv, row 9: expected 12 cells; found 3 cells",
    ),
    (
        "changed article byte",
        edit_bytes("article.txt", typo),
        f"data/article.txt: expected sha256 {PINNED_SHA}; found sha256 {TYPO_SHA}",
    ),
    (
        "undecodable byte",
        edit_bytes("positions.csv", lambda raw: raw.replace(b"ceasefire,putin", b"ceasefire,put\xffn", 1)),
        "data/positions.csv: expected UTF-8 text; found undecodable byte at offset 60",
    ),
    (
        "undecodable byte in an annotation file",
        edit_bytes("annotations/sentence_voices.csv", lambda raw: raw.replace(b"analysis", b"analys\xe9s", 1)),
        "data/annotations/sentence_voices.csv: expected UTF-8 text; found undecodable byte at offset 35",
    ),
    (
        "missing file",
        remove("events.csv"),
        "data/events.csv: expected the file to exist; found no such file",
    ),
    (
        "header only",
        edit_bytes("external_context.csv", lambda raw: raw[: raw.index(b"\n") + 1]),
        "data/external_context.csv: expected at least one data row; found only the header",
    ),
    (
        "quoted span without a judgment",
        drop_row("annotations/quote_judgments.csv", 9),
        "data/annotations/quote_judgments.csv, column 'start': expected a judgment for the quoted span 3605-3624 "
        "('Russian real estate'); found none",
    ),
    (
        "judgment without a span",
        set_cell("annotations/quote_judgments.csv", 4, "end", "905"),
        "data/annotations/quote_judgments.csv, row 4, column 'start': expected the offsets of a quoted span "
        "the code finds; found 899-905",
    ),
    (
        "stale generated table",
        set_cell("annotations/quote_judgments.csv", 12, "kind", "direct"),
        "data/quotes.csv, row 12, column 'kind': expected 'direct', as generated from the article and "
        "annotations (run make data); found 'scare'",
    ),
    (
        "cue not in the paragraph",
        set_cell("annotations/quote_judgments.csv", 5, "cue", "Donald Trump told CNN"),
        "data/annotations/quote_judgments.csv, row 5, column 'cue': expected words that occur once, outside "
        "quotation marks, in block b-13 or the block before it; found 'Donald Trump told CNN' 0 times",
    ),
    (
        "incomplete positions grid",
        drop_row("positions.csv", 45),
        "data/positions.csv, column 'actor_id': expected a row for issue 'trade and resources' and actor "
        "'komsomolskaya_pravda'; found none",
    ),
    (
        "stance without evidence",
        set_cell("positions.csv", 4, "stance", "supports"),
        "data/positions.csv, row 4, column 'basis': expected stance, basis and evidence all given or all "
        "'not stated'; found stance 'supports', basis 'not stated'",
    ),
    (
        "alias not in the article",
        set_cell("actors.csv", 1, "aliases", "President Putin | Vlad"),
        "data/actors.csv, row 1, column 'aliases': expected names that occur in the article; found 'Vlad'",
    ),
    (
        "readout bearing on no such sentence",
        set_cell("readouts.csv", 1, "bears_on", "s-99"),
        "data/readouts.csv, row 1, column 'bears_on': expected 'none' or a sentence_id listed in "
        "data/sentences.csv; found 's-99'",
    ),
    (
        "readout words not those of its best source",
        set_cell("readouts.csv", 3, "readout_words", "good will"),
        "data/readouts.csv, row 3, column 'readout_words': expected 'goodwill gesture', its best source's quoted "
        "in data/annotations/readout_sources.csv (rs-07); found 'good will'",
    ),
    (
        "readout quotation outside its context",
        set_cell("annotations/readout_sources.csv", 7, "context", "A gesture."),
        "data/annotations/readout_sources.csv, row 7, column 'quoted': expected words that occur in context; "
        "found 'goodwill gesture'",
    ),
    (
        "readout found at another address than its best source",
        set_cell("readouts.csv", 3, "found_at", "https://example.org/other"),
        "data/readouts.csv, row 3, column 'found_at': expected "
        "'https://www.themoscowtimes.com/2025/03/19/"
        "russia-and-ukraine-swap-372-pows-day-after-putin-trump-call-a88418', "
        "its best source's address in data/annotations/readout_sources.csv (rs-07); found 'https://example.org/other'",
    ),
    (
        "external fact overriding the article",
        set_cell("external_context.csv", 3, "row_id", "putin"),
        "data/external_context.csv, row 3, column 'row_id': expected an actor whose country the article does "
        "not state; found 'putin'",
    ),
    (
        "offset without its pair",
        set_cell("demands.csv", 2, "status_start", "3890"),
        "data/demands.csv, row 2, column 'status_end': expected an offset, since status_start/status_end "
        "come in pairs; found an empty cell",
    ),
    # probe 3: a generated table with a row too many or too few
    (
        "extra row in a generated table",
        append_row("blocks.csv", ["b-38", "paragraph", "4272", "4355", ARTICLE[4272:4355], "26"]),
        "data/blocks.csv: expected 37 rows, as generated (run make data); found 38 rows",
    ),
    (
        "missing row in a generated table",
        drop_row("blocks.csv", 37),
        "data/blocks.csv: expected 37 rows, as generated (run make data); found 36 rows",
    ),
    # probe 4: CSV parsed whole, by the one strict reader
    (
        "line break in an annotation, not yet generated",
        set_cell("annotations/quote_judgments.csv", 5, "note", "first line\nsecond line\u2028same cell"),
        "data/quotes.csv, row 5, column 'note': expected 'first line\\nsecond line\\u2028same cell', as generated "
        "from the article and annotations (run make data); found ''",
    ),
    (
        "unclosed quotation mark in a cell",
        edit_bytes("demands.csv", lambda raw: raw + b'd-10,"trump\n'),
        "data/demands.csv, row 10: expected well-formed CSV; found unexpected end of data (line 11)",
    ),
    # probe 5: spans nest in their block and sentence, and never cross
    (
        "demand evidence across a sentence end",
        set_span("demands.csv", 1, "start", "end", "evidence", 1060, 1200),
        "data/demands.csv, row 1, column 'end': expected an offset at most 1083, where sentence s-06 ends; found 1200",
    ),
    (
        "event evidence across a block end",
        set_span("events.csv", 5, "start", "end", "evidence", 1834, 1935),
        "data/events.csv, row 5, column 'end': expected an offset at most 1928, where block b-18 ends; found 1935",
    ),
    (
        "span starting between blocks",
        set_span("events.csv", 5, "start", "end", "evidence", 1929, 1935),
        "data/events.csv, row 5, column 'start': expected an offset inside a block of data/blocks.csv; found 1929",
    ),
    (
        "demand evidence crossing an event's evidence",
        set_span("demands.csv", 2, "start", "end", "evidence", 3897, 4010),
        "data/events.csv, row 2, column 'end': expected a span inside data/demands.csv row 2 (3897-4010) or "
        "clear of it; found 3958-4037",
    ),
    # probe 6: the descriptor, control characters and spreadsheet formulas
    (
        "missing descriptor",
        remove("datapackage.json"),
        "data/datapackage.json: expected the file to exist; found no such file",
    ),
    (
        "unreadable descriptor",
        replace_with_folder("datapackage.json"),
        "data/datapackage.json: expected a readable file; found Is a directory",
    ),
    (
        "truncated descriptor",
        truncate("datapackage.json", 44),
        "data/datapackage.json: expected a complete JSON document; found the text ending early, at line 3, column 3",
    ),
    (
        "descriptor that is not JSON",
        edit_bytes("datapackage.json", lambda raw: raw.replace(CREATED, b"created: 2026-11-26,")),
        "data/datapackage.json: expected a complete JSON document; found expecting property name enclosed in "
        "double quotes at line 6, column 3",
    ),
    (
        "descriptor without the article's checksum",
        edit_descriptor(lambda d: d["article"].pop("sha256")),
        "data/datapackage.json: expected article.sha256 to be a string; found no such key",
    ),
    (
        "descriptor with fields that are not a list",
        edit_descriptor(lambda d: resource_named(d, "quotes")["schema"].update(fields={"quote_id": "string"})),
        "data/datapackage.json: expected resources[4].schema.fields to be a list; found an object",
    ),
    (
        "descriptor span naming no field",
        edit_descriptor(lambda d: resource_named(d, "demands")["schema"]["spans"][0].update(text="evidense")),
        "data/datapackage.json: expected resources[5].schema.spans[0].text to name a field of the resource; "
        "found 'evidense'",
    ),
    (
        "descriptor path outside data",
        edit_descriptor(lambda d: resource_named(d, "events").update(path="../events.csv")),
        "data/datapackage.json: expected resources[7].path to be a relative path inside data/; found '../events.csv'",
    ),
    (
        "descriptor without a table",
        edit_descriptor(lambda d: d["resources"].remove(resource_named(d, "events"))),
        "data/datapackage.json: expected a csv resource with the path events.csv; found none",
    ),
    (
        "descriptor with an unknown field type",
        edit_descriptor(lambda d: resource_named(d, "events")["schema"]["fields"][3].update(type="integr")),
        "data/datapackage.json: expected a valid Data Package descriptor; found Field is not valid: "
        'field type "integr" is not supported',
    ),
    (
        "descriptor with a key twice",
        edit_bytes("datapackage.json", lambda raw: raw.replace(CREATED, b'"name": "x",', 1)),
        "data/datapackage.json: expected each key once in an object; found 'name' twice",
    ),
    (
        "descriptor without the article's rights holder",
        edit_descriptor(lambda d: d["article"].pop("rights_holder")),
        "data/datapackage.json: expected article.rights_holder to be an object; found no such key",
    ),
    (
        "descriptor with an empty outlet in prose",
        edit_descriptor(lambda d: d["article"]["outlet_in_prose"].update(value=" ")),
        "data/datapackage.json: expected article.outlet_in_prose.value to be a non-empty string; found ' '",
    ),
    (
        "descriptor without the article's author",
        edit_descriptor(lambda d: d["article"].update(metadata=d["article"]["metadata"][1:])),
        "data/datapackage.json: expected article.metadata to hold one row whose field is 'author'; found none",
    ),
    (
        "descriptor with a keyword that is not a string",
        edit_descriptor(lambda d: d["keywords"].append(7)),
        "data/datapackage.json: expected keywords[3] to be a non-empty string; found int 7",
    ),
    (
        "focus side that is no side of the data",
        edit_descriptor(lambda d: d["article"]["focus_side"].update(value="Rusia")),
        "data/datapackage.json: expected article.focus_side.value to be a side of the data, a country of "
        "data/actors.csv or data/external_context.csv ('Russia', 'Ukraine', 'United States'); found 'Rusia'",
    ),
    (
        "formula with =",
        set_cell("events.csv", 3, "order_note", '=HYPERLINK("https://example.org","more")'),
        "data/events.csv, row 3, column 'order_note': expected no spreadsheet formula: a cell may not begin "
        'with =, +, - or @ unless it is a plain number; found \'=HYPERLINK("https://example.org","more")\'',
    ),
    (
        "formula with @",
        set_cell("external_context.csv", 2, "source", "@SUM(1+1)*cmd|' /C calc'!A0"),
        "data/external_context.csv, row 2, column 'source': expected no spreadsheet formula: a cell may not "
        "begin with =, +, - or @ unless it is a plain number; found \"@SUM(1+1)*cmd|' /C calc'!A0\"",
    ),
    (
        "formula with -",
        set_cell("annotations/adjudication.csv", 1, "reason", "-2+3+cmd|' /C calc'!A0"),
        "data/annotations/adjudication.csv, row 1, column 'reason': expected no spreadsheet formula: a cell may "
        "not begin with =, +, - or @ unless it is a plain number; found \"-2+3+cmd|' /C calc'!A0\"",
    ),
    (
        "formula with +",
        set_cell("demands.csv", 4, "summary", "+1+1"),
        "data/demands.csv, row 4, column 'summary': expected no spreadsheet formula: a cell may not begin "
        "with =, +, - or @ unless it is a plain number; found '+1+1'",
    ),
    (
        "NUL byte in a cell",
        set_cell("actors.csv", 2, "aliases", "Trump\x00"),
        "data/actors.csv, row 2, column 'aliases': expected no control character (only a line break, inside a "
        "quoted cell); found '\\x00' at position 5 of 'Trump\\x00'",
    ),
    # the yardstick (data/coverage/): snippets verbatim in their contexts, inside the text read; every
    # report asked every question
    (
        "yardstick evidence edited by one character",
        set_cell(
            "coverage/facts.csv",
            1,
            "evidence",
            "Putin agreed to a proposal by U.S. President Donald Trump for Russia and Ukraine to stop attacks on "
            "each other’s energy infrastructure for 31 days",
        ),
        "data/coverage/facts.csv, row 1, column 'evidence': expected the context's text at 59-205, 'Putin agreed "
        "to a proposal by U.S. President Donald Trump for Russia and Ukraine to stop attacks on each other’s energy "
        "infrastructure for 30 days'; found 'Putin agreed to a proposal by U.S. President Donald Trump for Russia "
        "and Ukraine to stop attacks on each other’s energy infrastructure for 31 days'",
    ),
    (
        "yardstick report without a fact",
        drop_row("coverage/facts.csv", 2),
        "data/coverage/facts.csv, column 'fact': expected a row for report 'c-01' and fact 'prisoner_exchange'; "
        "found none",
    ),
    (
        "yardstick fact in the text read without evidence",
        set_cell("coverage/facts.csv", 2, "value", "in the text read"),
        "data/coverage/facts.csv, row 2, column 'evidence': expected the words that show it; found ''",
    ),
    (
        "yardstick context beyond the text read",
        set_cell("coverage/reports.csv", 1, "chars_read", "1500"),
        "data/coverage/facts.csv, row 5, column 'context_offset': expected a context inside the 1500 characters "
        "read of c-01 (so at most 1277); found 1728",
    ),
    (
        "yardstick outlet kind not in the codebook",
        set_cell("coverage/reports.csv", 10, "outlet_kind", "state media"),
        "data/coverage/reports.csv, row 10, column 'outlet_kind': expected one of ['wire', 'broadsheet', "
        "'broadcaster', 'Russian state media', 'Ukrainian outlet', 'other']; found 'state media'",
    ),
    (
        "yardstick speaker not listed",
        set_cell("coverage/quotes.csv", 2, "speaker", "peskov"),
        "data/coverage/quotes.csv, row 2, column 'speaker': expected a speaker_id listed in "
        "data/coverage/speakers.csv; found 'peskov'",
    ),
    (
        "yardstick cue not in the quote's context",
        set_cell("coverage/quotes.csv", 2, "cue", "the Kremlin told TASS"),
        "data/coverage/quotes.csv, row 2, column 'cue': expected words that stand in the context, outside the "
        "quotation marks; found 'the Kremlin told TASS'",
    ),
    (
        "yardstick quote out of its report's order",
        set_cell("coverage/quotes.csv", 3, "report_quote_id", "c-01-q05"),
        "data/coverage/quotes.csv, row 3, column 'report_quote_id': expected 'c-01-q03', the next quote of c-01; "
        "found 'c-01-q05'",
    ),
    (
        "tab in a cell",
        set_cell("annotations/sentence_voices.csv", 3, "note", "\tindented"),
        "data/annotations/sentence_voices.csv, row 3, column 'note': expected no control character (only a line "
        "break, inside a quoted cell); found '\\t' at position 0 of '\\tindented'",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loader_rejects_corruption(data_copy, mutate, message):
    mutate(data_copy)
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert str(caught.value) == message


def test_cases_are_distinct():
    names = [case[0] for case in CASES]
    assert len(names) == len(set(names)) >= 20


def test_error_names_its_parts(data_copy):
    set_cell("quotes.csv", 3, "kind", "headline")(data_copy)
    with pytest.raises(DataError) as caught:
        load(data_copy)
    error = caught.value
    assert (error.file, error.row, error.column) == ("data/quotes.csv", 3, "kind")
    assert re.search("direct", error.expected)
    assert error.found == "'headline'"


# probe 4: a line break inside a quoted cell, and U+2028, are kept exactly


def test_line_breaks_inside_cells_are_kept(data_copy):
    set_cell("events.csv", 3, "order_note", "Line one\nline two")(data_copy)
    set_cell("events.csv", 4, "order_note", "before\u2028after")(data_copy)
    events = load(data_copy).events
    assert list(events["order_note"][2:4]) == ["Line one\nline two", "before\u2028after"]


def test_the_annotation_passes_are_read_by_the_same_strict_reader(data_copy):
    """The passes the agreement compares come from load(), through the one strict reader."""
    set_cell("annotations/first_pass/demands.csv", 2, "summary", "Ukraine\x00")(data_copy)
    with pytest.raises(DataError) as caught:
        agreement.compare(load(data_copy))
    assert str(caught.value) == (
        "data/annotations/first_pass/demands.csv, row 2, column 'summary': expected no control character "
        "(only a line break, inside a quoted cell); found '\\x00' at position 7 of 'Ukraine\\x00'"
    )


def test_the_codebook_states_the_formula_rule():
    """Readers of the published CSV learn the rule the loader applies from the descriptor."""
    description = read_descriptor()["description"]
    stated = re.search(r"no cell begins with (.*?) \(or their full-width forms\)", description).group(1)
    ascii_starts = [char for char in FORMULA_STARTS if char.isascii()]
    assert stated == ", ".join(ascii_starts[:-1]) + f" or {ascii_starts[-1]}"
    assert all(not char.isascii() for char in FORMULA_STARTS[len(ascii_starts) :])


# issue 12: one pass of the generator, each file read once


def test_loading_reads_each_table_once_and_splits_the_article_once(data_copy, monkeypatch):
    opened, splits, active = Counter(), [], [True]
    split_blocks = generate.split_blocks

    def audit(event, args):  # every file any code opens, however it opens it
        if active and event == "open" and isinstance(args[0], str | Path) and data_copy in Path(args[0]).parents:
            opened[Path(args[0]).relative_to(data_copy).as_posix()] += 1

    def counted_split(text):
        splits.append(text)
        return split_blocks(text)

    sys.addaudithook(audit)  # hooks cannot be removed; this one goes quiet when the test ends
    monkeypatch.setattr(generate, "split_blocks", counted_split)
    try:
        tables = load(data_copy)
    finally:
        active.clear()
    tables_read = {r["path"]: 1 for r in tables.descriptor["resources"] if r["format"] == "csv"}
    # the article twice: once for its text, once by Frictionless to check the bytes and hash it declares
    assert opened == Counter({"datapackage.json": 1, "article.txt": 2, **tables_read})
    assert len(splits) == 1


# probe 7: the validate command


def validate(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "callreport", "validate", str(data)], capture_output=True, text=True, check=False
    )


def validate_in_process(data: Path, monkeypatch, capsys) -> subprocess.CompletedProcess:
    """`python -m callreport validate DATA` run as -m runs it (runpy, as __main__, exit status from
    SystemExit), in this interpreter: a new one would spend a second importing the data libraries.
    test_validate_prints_the_one_error_and_fails runs the command in a process of its own."""
    monkeypatch.setattr(sys, "argv", ["callreport", "validate", str(data)])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("callreport", run_name="__main__", alter_sys=True)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(sys.argv, exited.value.code, out, err)


def test_validate_prints_ok_with_counts(data_copy, monkeypatch, capsys):
    result = validate_in_process(data_copy, monkeypatch, capsys)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == f"ok: {data_copy}"
    tables = {line.split(": ")[0].strip(): int(line.split(": ")[1]) for line in lines if line.startswith("  data/")}
    assert tables["data/blocks.csv"] == len(rows_of(data_copy / "blocks.csv")) - 1
    assert lines[1] == f"tables: {len(tables)}"
    assert lines[2] == f"rows: {sum(tables.values())}"
    assert re.fullmatch(r"spans checked: \d+ \(each verbatim at its offsets; \d+ beyond .*\)", lines[-1])


def test_validate_prints_the_one_error_and_fails(data_copy):
    set_cell("quotes.csv", 1, "kind", "headline")(data_copy)
    result = validate(data_copy)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "error: data/quotes.csv, row 1, column 'kind': expected one of ['direct', 'publication', 'scare']; "
        "found 'headline'\n"
    )


def _kind_field(descriptor: dict) -> dict:
    demands = next(r for r in descriptor["resources"] if r["name"] == "demands")
    return next(f for f in demands["schema"]["fields"] if f["name"] == "kind")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda values: values.pop("acceptance"), "to map each of"),
        (lambda values: values.update(surrender="asks"), "to map each of"),
        (lambda values: values.update(offer=""), "values.offer to be a non-empty string"),
    ],
    ids=["a kind without a direction", "a direction for no kind", "an empty direction"],
)
def test_a_derived_field_must_give_each_allowed_value_one_value(data_copy, change, expected):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(_kind_field(descriptor)["derived"]["direction"]["values"])
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(expected)) as error:
        read_descriptor(path)
    assert "data/datapackage.json" in str(error.value) and "derived.direction" in str(error.value)
