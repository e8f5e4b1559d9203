"""The matcher of quotations against the record, on examples worked by hand, and the words the
voices chapter quotes from the record."""

from __future__ import annotations

import csv
import re

import nbformat
import pytest

from callreport.dataset import paths
from callreport.report import quote_accuracy


@pytest.mark.parametrize(
    ("quoted", "record", "expected"),
    [
        # A quotation that starts inside the record's sentence has its words, the sentence's start left off;
        # one that starts a sentence of the record, the first or a later one, is word for word.
        ("We had a great call,", "I think we had a great call. It lasted almost two hours.", quote_accuracy.INSIDE),
        ("It lasted almost two hours", "I think we had a great call. It lasted almost two hours.", quote_accuracy.SAME),
        ("Ball in court", "the BALL in court!", quote_accuracy.INSIDE),
        ("The ball in court", "the BALL in court!", quote_accuracy.SAME),
        ("It’s done", "it's done", quote_accuracy.SAME),  # a curly apostrophe is a straight one
        # A bracketed insertion stands for the record's words it replaces, up to three.
        ("the ball is in [Russia's] court", "The ball is in their court", quote_accuracy.SAME),
        ("the ball is in [Russia's] court", "The ball is in the Russians' own court", quote_accuracy.SAME),
        # ... not four: the fourth is a word left out.
        ("the ball is in [Russia's] court", "The ball is in one of their two court", quote_accuracy.CUT),
        # A word of the record left out inside the quotation, with no mark.
        ("the ball is in [Russia's] court", "The ball is now in their court", quote_accuracy.CUT),
        ("some valuable things, rare earth", "some valuable things for us, including rare earth", quote_accuracy.CUT),
        # A word the record does not have, or words in another order.
        ("some very valuable things", "some valuable things, very big", quote_accuracy.OTHER),
        (
            "We'd like to have more trade with Russia,",
            "With Russia we don't have that much trade",
            quote_accuracy.OTHER,
        ),
        ("call great", "great call", quote_accuracy.OTHER),
    ],
)
def test_match(quoted, record, expected):
    assert quote_accuracy.match(quoted, record) == expected


def test_nearest_words_are_not_compared():
    """A record of only the nearest words says the quotation was not found, even where words coincide."""
    assert quote_accuracy.match("We had a call", "We had a call", "nearest words") == quote_accuracy.NOT_FOUND
    assert quote_accuracy.match("We had a call", "We had a call", "the passage") == quote_accuracy.SAME


def test_words():
    assert quote_accuracy.words("The ball is in [Russia's] court.") == ["the", "ball", "is", "in", "[]", "court"]
    assert quote_accuracy.words("They’d like to") == ["they'd", "like", "to"]


def test_the_words_the_check_quotes_are_in_the_article_or_the_record():
    """Each phrase the voices chapter's quote check sets in quotation marks is the article's, or
    stands in a record or note of quote_checks.csv: the prose invents no words for anyone."""
    cell = next(
        c.source
        for c in nbformat.read(paths.CHAPTERS / "voices.ipynb", as_version=4).cells
        if c.cell_type == "markdown" and c.source.startswith("## Do the quotations match the record?")
    )
    with (paths.DATA / "quote_checks.csv").open(encoding="utf-8", newline="") as handle:
        checks = list(csv.DictReader(handle))
    record = " ".join(row["record_words"] + " " + row["note"] for row in checks)
    article = paths.ARTICLE.read_text(encoding="utf-8")
    phrases = re.findall(r'"([^"]+)"', cell)
    assert len(phrases) >= 6, phrases
    missing = [p for p in phrases if p not in article and p not in record and f"'{p}'" not in record]
    assert missing == []
