"""The report's permanent addresses: every chapter, quote (#q-), demand (#d-), figure (#fig-),
paragraph (#p-), sentence (#s-), event (#e-) and demand evidence in the article (#src-d-).

stable-addresses.txt is the committed promise; a test fails when a listed address stops
resolving in the built book. An address of a quote, demand or event also records, after it, the
text its id named when it was listed (the quotation, or the demand's or event's evidence, as a
JSON string), and a test fails when the data give that id another text: an id that moved to
another quotation would still resolve, to the wrong thing.

``python -m callreport.book.addresses`` (``make addresses``) appends the addresses a new build
adds, each with its text. It never removes or rewrites a line, and refuses to run while a listed
id names another text: retiring an address is a decision to make by hand, recorded on the
corrections and changes page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from callreport.book.metadata import chapters
from callreport.dataset import paths
from callreport.dataset.load import Tables, load

LIST = paths.ROOT / "stable-addresses.txt"
STABLE_ID = re.compile(r'\sid="((?:q|d|p|s|e|src-d)-\d\d|fig-[a-z-]+[a-z])"')
HEADER = (
    "# The report's permanent addresses, relative to its base URL. Append only (make addresses).\n"
    "# After a quote's, demand's or event's address: the text its id names (JSON), which it must keep naming.\n"
    "# Every release also keeps each address under v/<version>/ (callreport/book/versions.py).\n"
)
# What an id names, by its prefix: the table, the id's column and the verbatim text the id stands for.
TARGETS = {
    "q": ("quotes", "quote_id", "text"),
    "d": ("demands", "demand_id", "evidence"),
    "src-d": ("demands", "demand_id", "evidence"),
    "e": ("events", "event_id", "evidence"),
}
_TARGETED = re.compile(r"#(src-d|q|d|e)-(\d\d)$")


def found(html_root: Path = paths.HTML) -> list[str]:
    """Every stable address the built book holds, chapter by chapter, in page order."""
    stable = []
    for docname in chapters():
        page = f"{docname}.html"
        stable.append(page)
        text = (html_root / page).read_text(encoding="utf-8")
        anchors = [a for a in dict.fromkeys(STABLE_ID.findall(text)) if not a.endswith("-spec")]  # not the spec's data
        stable += [f"{page}#{anchor}" for anchor in anchors]
    return stable


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def recorded(path: Path = LIST) -> dict[str, str | None]:
    """Each listed address with the text recorded after it (None where none is)."""
    entries = {}
    for line in _lines(path):
        address, _, text = line.partition(" ")
        entries[address] = json.loads(text) if text else None
    return entries


def listed(path: Path = LIST) -> list[str]:
    return list(recorded(path))


def target(address: str, tables: Tables) -> str | None:
    """The text the data give the id of a quote's, demand's or event's address (None if they hold no
    such id); None too for every other address."""
    match = _TARGETED.search(address)
    if match is None:
        return None
    table, id_column, text_column = TARGETS[match[1]]
    frame = getattr(tables, table)
    texts = frame.loc[frame[id_column] == address.rpartition("#")[2].removeprefix("src-"), text_column]
    return texts.iloc[0] if len(texts) else None


def moved(tables: Tables, path: Path = LIST) -> list[tuple[str, str, str | None]]:
    """(address, text recorded, text now) for each listed address whose id the data give another text."""
    return [
        (address, was, target(address, tables))
        for address, was in recorded(path).items()
        if was is not None and target(address, tables) != was
    ]


def entry(address: str, tables: Tables) -> str:
    """The address as stable-addresses.txt lists it: with the text its id names, where it names one."""
    text = target(address, tables)
    return address if text is None else f"{address} {json.dumps(text, ensure_ascii=False)}"


def main() -> None:
    tables = load()
    kept = _lines(LIST) if LIST.exists() else []  # every listed line stays as it is
    shifted = moved(tables, LIST) if kept else []
    if shifted:
        address, was, now = shifted[0]
        raise SystemExit(f"stable-addresses.txt: {address} was listed for {was!r} but now names {now!r}")
    known = recorded(LIST) if kept else {}
    new = [entry(address, tables) for address in found() if address not in known]
    LIST.write_text(HEADER + "".join(f"{line}\n" for line in kept + new), encoding="utf-8")
    print(f"stable-addresses.txt: {len(known)} kept, {len(new)} added")


if __name__ == "__main__":
    main()
