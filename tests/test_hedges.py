"""The certainty markers: generated from the judgments, verbatim, covered by both passes, and refused
with one exact message when corrupted."""

from __future__ import annotations

import csv
import json
import re

import pytest
from test_corruptions import set_cell

from callreport.dataset import agreement, paths
from callreport.dataset.errors import DataError
from callreport.dataset.generate import read_rows
from callreport.dataset.load import load


def both(column: str, value: str, row: int = 1):
    """Change a judgment and the generated table alike, so only the cross-table check can object."""

    def mutate(data):
        set_cell("annotations/hedge_judgments.csv", row, column, value)(data)
        set_cell("hedges.csv", row, column, value)(data)

    return mutate


CASES = [
    (
        "marker shifted",
        set_cell("hedges.csv", 1, "start", "448"),
        "data/hedges.csv, row 1, column 'text': expected the article's text at 448-457, 'udging by'; "
        "found 'Judging by'",
    ),
    (
        "kind outside the codebook",
        set_cell("hedges.csv", 2, "kind", "guess"),
        "data/hedges.csv, row 2, column 'kind': expected one of ['hedge', 'booster', 'unnamed consensus', "
        "'evidential']; found 'guess'",
    ),
    (
        "marker not in its sentence",
        set_cell("annotations/hedge_judgments.csv", 1, "marker", "Judged by"),
        "data/annotations/hedge_judgments.csv, row 1, column 'marker': expected words that occur once in "
        "sentence s-01; found 'Judged by' 0 times",
    ),
    (
        "claim that occurs twice",
        set_cell("annotations/hedge_judgments.csv", 1, "claim", "the"),
        "data/annotations/hedge_judgments.csv, row 1, column 'claim': expected words that occur once in "
        "sentence s-01; found 'the' 3 times",
    ),
    (
        "judgment for an unknown sentence",
        set_cell("annotations/hedge_judgments.csv", 1, "sentence_id", "s-99"),
        "data/annotations/hedge_judgments.csv, row 1, column 'sentence_id': expected a sentence_id of "
        "sentences.csv; found 's-99'",
    ),
    (
        "stale generated table",
        set_cell("annotations/hedge_judgments.csv", 1, "kind", "hedge"),
        "data/hedges.csv, row 1, column 'kind': expected 'hedge', as generated from the article and annotations "
        "(run make data); found 'evidential'",
    ),
    (
        "holder who is not an actor",
        both("holder", "nobody"),
        "data/hedges.csv, row 1, column 'holder': expected 'author' or an actor_id listed in data/actors.csv; "
        "found 'nobody'",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loader_rejects_corrupt_markers(data_copy, mutate, message):
    mutate(data_copy)
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert str(caught.value) == message


def test_markers_and_claims_lie_in_their_sentence(tables):
    sentences = tables.sentences.set_index("sentence_id")
    for marker in tables.hedges.itertuples():
        sentence = sentences.loc[marker.sentence_id]
        assert sentence.start <= marker.start < marker.end <= sentence.end, marker.marker_id
        assert sentence.start <= marker.claim_start < marker.claim_end <= sentence.end, marker.marker_id
        assert tables.article[marker.start : marker.end] == marker.text
        assert tables.article[marker.claim_start : marker.claim_end] == marker.claim


def test_markers_are_numbered_in_reading_order(tables):
    assert list(tables.hedges["start"]) == sorted(tables.hedges["start"])
    assert list(tables.hedges["marker_id"]) == [f"h-{n:02d}" for n in range(1, len(tables.hedges) + 1)]


def test_both_passes_are_compared_marker_by_marker(tables):
    first, second = (read_rows(paths.DATA, f"annotations/{p}_pass/hedges.csv") for p in agreement.PASSES)
    summary, _ = agreement.compare(tables)
    rows = summary[summary["table"] == "hedges"].set_index("field")
    paired = agreement._pair_hedges(first, second)
    assert rows.loc["row", "compared"] == len(paired) >= max(len(first), len(second))
    assert rows.loc["kind", "compared"] == sum(a is not None and b is not None for _, a, b in paired)


def test_what_the_methodology_says_of_the_second_pass_stays_true():
    """The methodology says the guidelines quote "all but two" of the markers' words as examples, and
    that both passes carry the same note on one marker: both counted here from the files."""
    guidelines = (paths.DATA / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    with (paths.DATA / "hedges.csv").open(encoding="utf-8") as handle:
        markers = [row["text"] for row in csv.DictReader(handle)]
    quoted = [m for m in markers if re.search(r"[\"“`']" + re.escape(m) + r"[\"”`']", guidelines, re.I)]
    notes = []
    for name in ("first_pass", "second_pass"):
        with (paths.DATA / "annotations" / name / "hedges.csv").open(encoding="utf-8") as handle:
            notes.append({(r["sentence_id"], r["marker"]): r["note"] for r in csv.DictReader(handle) if r["note"]})
    shared = [k for k in notes[0] if notes[1].get(k) == notes[0][k]]
    prose = "".join(
        "".join(c["source"])
        for c in json.loads((paths.CHAPTERS / "methodology.ipynb").read_text(encoding="utf-8"))["cells"]
    )
    assert len(markers) - len(quoted) == 2 and "all but two of the article's certainty markers" in prose
    assert len(shared) == 1 and "the same note on one marker" in prose
