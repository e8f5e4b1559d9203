"""Read a data file strictly: it must exist, be readable UTF-8 without a byte-order mark and use LF
line endings. CSV files are parsed whole by the csv module, so a line break inside a quoted cell is
kept and no other character (U+2028, say) ends a row. Every refusal is a DataError naming the file.

Cells are refused, naming file, row and column, when a spreadsheet would run them or a reader could
not see them:

- a control character (Unicode category Cc: NUL, tab, escape and the like), except a line break
  inside a quoted cell;
- a formula: a cell that begins with =, +, - or @ (or their full-width forms), unless the whole cell
  is a plain number such as -4, which a spreadsheet shows as the number it is.

The codebook (data/datapackage.json) states the same rule for readers of the published CSV.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from callreport.dataset.errors import DataError

FORMULA_STARTS = "=+-@＝＋－＠"
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def read_text(path: Path, name: str) -> str:
    """The file's text; `name` is how errors refer to it (e.g. data/quotes.csv)."""
    if not path.exists():
        raise DataError(name, None, None, "the file to exist", "no such file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(name, None, None, "a readable file", error.strerror or type(error).__name__) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(name, None, None, "UTF-8 without a byte-order mark", "a byte-order mark (BOM)")
    if b"\r" in raw:
        line = raw[: raw.index(b"\r")].count(b"\n") + 1
        raise DataError(name, None, None, "LF line endings", f"a carriage return (CR) on line {line}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(name, None, None, "UTF-8 text", f"undecodable byte at offset {error.start}") from None


def read_rows(data_dir: Path, relative: str, columns: list[str] | None = None) -> list[dict[str, str]]:
    """Every data row of data_dir/relative as a dict of strings, checked as the module says.

    With `columns`, the header must be exactly those columns, in that order.
    """
    name = f"data/{relative}"
    records = _records(read_text(data_dir / relative, name), name)
    if not records:
        raise DataError(name, None, None, "a header row", "an empty file")
    header = records[0]
    if columns is not None:
        _check_header(name, header, columns)
    for number, row in enumerate(records):
        if len(row) != len(header):
            raise DataError(name, number, None, f"{len(header)} cells", f"{len(row)} cells")
        for column, cell in zip(header, row, strict=True):
            _check_cell(name, number, column, cell)
    if len(records) == 1:
        raise DataError(name, None, None, "at least one data row", "only the header")
    return [dict(zip(header, row, strict=True)) for row in records[1:]]


def _records(text: str, name: str) -> list[list[str]]:
    """The CSV records of the whole text; a line break only ends a record outside quotes."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    try:
        for row in reader:
            records.append(row)
    except csv.Error as error:
        raise DataError(name, len(records), None, "well-formed CSV", f"{error} (line {reader.line_num})") from None
    return records


def _check_header(name: str, header: list[str], expected: list[str]) -> None:
    for column in expected:
        if column not in header:
            raise DataError(name, 0, column, "this column in the header", "no such column")
    for column in header:
        if column not in expected:
            raise DataError(name, 0, column, f"only the columns {', '.join(expected)}", "an unknown column")
    if header != expected:
        raise DataError(name, 0, None, f"the columns in the order {', '.join(expected)}", ", ".join(header))


def _check_cell(name: str, row: int, column: str, cell: str) -> None:
    for position, char in enumerate(cell):
        if unicodedata.category(char) == "Cc" and char != "\n":
            raise DataError(
                name,
                row,
                column,
                "no control character (only a line break, inside a quoted cell)",
                f"{char!r} at position {position} of {cell!r}",
            )
    if cell[:1] and cell[0] in FORMULA_STARTS and not _NUMBER.fullmatch(cell):
        raise DataError(
            name,
            row,
            column,
            "no spreadsheet formula: a cell may not begin with =, +, - or @ unless it is a plain number",
            repr(cell),
        )
