"""The loader rejects each kind of bad input with one exact message: file, row, column, expected, found.

Each case copies data/, corrupts one thing, and asserts the whole message.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest

from callreport.dataset import paths
from callreport.dataset.codebook import read_descriptor
from callreport.dataset.errors import DataError
from callreport.dataset.load import load


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
        "data/demands.csv, row 8: expected 12 cells; found 5 cells",
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
