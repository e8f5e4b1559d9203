"""The report's English: how a count or a list of names becomes words, in one place for every
sentence the report writes from data (prose, chart titles and descriptions, the front page).

Each helper takes what the data give, an empty list or a count of zero included, and says it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

import pandas as pd


def and_list(items: Iterable[str], empty: str = "none") -> str:
    """'a', 'a and b', 'a, b and c'; `empty` for no items."""
    items = list(items)
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, noun: str) -> str:
    """'1 ask', '4 asks', '0 asks': the noun is given in its plural."""
    return f"{n} {noun.removesuffix('s') if n == 1 else noun}"


def be(n: int) -> str:
    """The verb for n things: '1 is', '0 are', '3 are'."""
    return "is" if n == 1 else "are"


def times(n: int) -> str:
    """'never', 'once', 'twice', '3 times'."""
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")


def ranked(values: pd.Series) -> pd.Series:
    """How often each value occurs, most often first, ties in alphabetical order, so that a sentence
    built from them never reorders."""
    tally = values.astype(str).value_counts()
    return tally.sort_index().sort_values(ascending=False, kind="stable")


def counts(values: pd.Series) -> str:
    """'direct 4, scare 2': each value with how often it occurs, most often first; 'none' for no values."""
    return tallied(ranked(values).to_dict())


def tallied(tally: Mapping[str, int]) -> str:
    """'direct 4, scare 2' from counts already made: most first, ties in alphabetical order, zeros left
    out; 'none' when nothing is left."""
    return ", ".join(f"{label} {n}" for label, n in in_order(tally)) or "none"


def in_order(tally: Mapping[str, int]) -> list[tuple[str, int]]:
    """The non-zero counts, most first, ties in alphabetical order (the order ranked() gives)."""
    return sorted(((label, n) for label, n in tally.items() if n), key=lambda item: (-item[1], item[0]))


def leaders(values: pd.Series) -> list[str]:
    """The values that occur most often (all of them in a tie), in alphabetical order; none for no values."""
    tally = ranked(values)
    return [str(label) for label, n in tally.items() if n == tally.iloc[0]] if len(tally) else []


def long_date(iso: str) -> str:
    """A date as a reader reads it, with its weekday: 2025-03-18 as "Tuesday 18 March 2025"."""
    day = datetime.date.fromisoformat(iso)
    return f"{day:%A} {day.day} {day:%B %Y}"
