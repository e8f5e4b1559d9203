"""The report's English (callreport.report.english), on the cases data can give: nothing, one, a tie."""

from __future__ import annotations

import pandas as pd

from callreport.report import english


def test_and_list_says_none_one_two_and_many():
    assert english.and_list([]) == "none"
    assert english.and_list([], empty="nobody") == "nobody"
    assert english.and_list(["Trump"]) == "Trump"
    assert english.and_list(["Trump", "Putin"]) == "Trump and Putin"
    assert english.and_list(["a", "b", "c"]) == "a, b and c"
    assert english.and_list(iter(["a", "b"])) == "a and b"


def test_plural_and_times():
    assert [english.plural(n, "asks") for n in (0, 1, 2)] == ["0 asks", "1 ask", "2 asks"]
    assert [english.times(n) for n in (0, 1, 2, 3)] == ["never", "once", "twice", "3 times"]


def test_counts_rank_most_often_first_and_ties_alphabetically():
    values = pd.Series(["Witkoff", "Trump", "Trump", "Putin", "Witkoff", "Rubio"])
    assert english.counts(values) == "Trump 2, Witkoff 2, Putin 1, Rubio 1"
    assert english.leaders(values) == ["Trump", "Witkoff"]
    assert english.leaders(pd.Series(["Putin"])) == ["Putin"]


def test_counts_of_nothing():
    empty = pd.Series([], dtype=str)
    assert english.counts(empty) == "none"
    assert english.leaders(empty) == []


def test_tallied_counts_made_elsewhere_in_the_same_order_and_drops_zeros():
    assert english.tallied({"Witkoff": 2, "Rubio": 0, "Trump": 2, "Putin": 1}) == "Trump 2, Witkoff 2, Putin 1"
    assert english.in_order({"b": 1, "a": 1, "c": 3}) == [("c", 3), ("a", 1), ("b", 1)]
    assert english.tallied({"Rubio": 0}) == "none"


def test_be_agrees_with_its_count():
    assert [english.be(n) for n in (0, 1, 2)] == ["are", "is", "are"]
