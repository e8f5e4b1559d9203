"""The one exception type for bad data, with the file, row and column it concerns."""

from __future__ import annotations


class DataError(ValueError):
    """A defect in a data file: where it is, what was expected and what was found.

    ``row`` is the 1-based data row (the header is row 0), ``None`` for a
    whole-file defect; ``column`` is ``None`` when no single column is at fault.
    """

    def __init__(self, file: str, row: int | None, column: str | None, expected: str, found: str):
        self.file, self.row, self.column = file, row, column
        self.expected, self.found = expected, found
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: expected {expected}; found {found}")
