"""The two annotation passes, their comparison and the adjudication record agree with each other and the data."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from callreport.dataset import agreement, paths

with (paths.DATA / "annotations" / "adjudication.csv").open(encoding="utf-8") as handle:
    ADJUDICATION = pd.DataFrame(csv.DictReader(handle))


def test_cohen_kappa_matches_a_worked_example():
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 -> kappa 0.4
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert agreement.cohen_kappa(first, second) == pytest.approx(0.4)


def test_cohen_kappa_is_undefined_when_chance_agreement_is_total():
    assert agreement.cohen_kappa(["a", "a"], ["a", "a"]) is None


def test_adjudication_covers_exactly_the_disagreements(tables):
    _, differences = agreement.compare(tables)
    key = ["table", "item", "field", "first", "second"]
    result = ADJUDICATION[key].sort_values(key).reset_index(drop=True)
    expected = differences[key].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(result, expected)


def final_value(tables, table: str, item: str, field: str) -> str:
    if table == "quotes":
        return str(tables.quotes.set_index("quote_id").loc[item, field])
    if table == "demands":
        return str(tables.demands.set_index("demand_id").loc[item, field])
    if table == "hedges":  # the item is "<sentence_id> <first pass's marker>"; the final marker overlaps it
        sentence, words = item.split(" ", 1)
        rows = tables.hedges[tables.hedges["sentence_id"] == sentence]
        (row,) = [r for r in rows.to_dict("records") if r["text"] in words or words in r["text"]]
        return str(row["text" if field == "marker" else field])
    return str(tables.sentences.set_index("sentence_id").loc[item, field])


@pytest.mark.parametrize("row", ADJUDICATION.to_dict("records"), ids=lambda r: f"{r['item']}-{r['field']}")
def test_final_data_follow_each_decision(tables, row):
    assert row["decision"] in ("first", "second")
    assert final_value(tables, row["table"], row["item"], row["field"]) == row[row["decision"]]


def test_both_passes_cover_every_span_and_sentence(tables):
    for annotation_pass in agreement.PASSES:
        quotes = tables.annotations[f"quote_judgments_{annotation_pass}"]
        voices = tables.annotations[f"sentence_voices_{annotation_pass}"]
        assert list(zip(quotes["start"], quotes["end"], strict=True)) == list(
            zip(tables.quotes["start"], tables.quotes["end"], strict=True)
        )
        assert len(voices) == len(tables.sentences)
