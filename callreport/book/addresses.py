"""The report's permanent addresses: every chapter, quote (#q-), demand (#d-), figure (#fig-),
paragraph (#p-), sentence (#s-), event (#e-) and demand evidence in the article (#src-d-).

stable-addresses.txt is the committed promise; a test fails when a listed address stops
resolving in the built book. ``python -m callreport.book.addresses`` (``make addresses``) appends
the addresses a new build adds. It never removes one: retiring an address is a decision to
make by hand, recorded on the corrections and changes page.
"""

from __future__ import annotations

import re
from pathlib import Path

from callreport.book.metadata import chapters
from callreport.dataset import paths

LIST = paths.ROOT / "stable-addresses.txt"
STABLE_ID = re.compile(r'\sid="((?:q|d|p|s|e|src-d)-\d\d|fig-[a-z-]+[a-z])"')
HEADER = "# The report's permanent addresses, relative to its base URL. Append only (make addresses).\n"


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


def listed(path: Path = LIST) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def main() -> None:
    known = listed() if LIST.exists() else []
    new = [address for address in found() if address not in known]
    LIST.write_text(HEADER + "".join(f"{a}\n" for a in known + new), encoding="utf-8")
    print(f"stable-addresses.txt: {len(known)} kept, {len(new)} added")


if __name__ == "__main__":
    main()
