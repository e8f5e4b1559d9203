"""Read a data file strictly: it must exist, be UTF-8 without a byte-order mark and use LF line
endings. Every refusal is a DataError naming the file."""

from __future__ import annotations

from pathlib import Path

from callreport.dataset.errors import DataError


def read_text(path: Path, name: str) -> str:
    """The file's text; `name` is how errors refer to it (e.g. data/quotes.csv)."""
    if not path.exists():
        raise DataError(name, None, None, "the file to exist", "no such file")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(name, None, None, "UTF-8 without a byte-order mark", "a byte-order mark (BOM)")
    if b"\r" in raw:
        line = raw[: raw.index(b"\r")].count(b"\n") + 1
        raise DataError(name, None, None, "LF line endings", f"a carriage return (CR) on line {line}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(name, None, None, "UTF-8 text", f"undecodable byte at offset {error.start}") from None
