"""One definition per fact, tested by changing the data: a legal change to one row moves the prose's
number, the chart's words and the table together, and no page is left contradicting itself.

The page-wide guard: every number in a chart's title, subtitle and description is among the values
its page's findings give (chapter.setup glues from them; a chart may state no number of its own). A
number is matched by value, so the guard alone cannot tell two equal counts apart: the changes below,
each made to one row, show that the chart's words follow the finding and not a count of their own.
Numbers written as words ("twice") and row ids ("e-03") are not numbers here.

The expected values after each change are counted by hand from the data, never taken from the code.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import altair as alt
import pytest

from callreport.dataset import generate, paths
from callreport.dataset.load import Tables, load
from callreport.report import chapter_tables, charts, derive, findings

NUMBER = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w-])")  # 14, 0.5; not the 03 of e-03


def charts_on(name: str) -> list[str]:
    """The chart functions chapters/<name>.ipynb calls, in the order it calls them."""
    notebook = json.loads((paths.ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    return list(dict.fromkeys(re.findall(r"\bcharts\.(\w+)\(", code)))


CHART_PAGES = [name for name in findings.CHAPTERS if charts_on(name)]


def numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text)]


def chart_words(t: Tables, name: str) -> dict[str, dict[str, str]]:
    """Each chart's title, subtitle and description on page `name`."""
    words = {}
    for function in charts_on(name):
        spec = getattr(charts, function)(t).to_dict()
        title = spec["title"]
        words[function] = {
            "title": title["text"],
            "subtitle": title.get("subtitle", ""),
            "description": spec.get("description", ""),
        }
    return words


def unglued(t: Tables, name: str) -> list[str]:
    """The numbers a page's charts state that its findings do not give: each one a contradiction waiting.
    chapter.setup glues the page's values from findings.CHAPTERS[name]; a chart may state no other."""
    given = {float(v) for v in findings.CHAPTERS[name](t).values() if isinstance(v, int | float)}
    problems = []
    for function, parts in chart_words(t, name).items():
        for part, text in parts.items():
            problems += [f"{name}: {function} {part} says {n:g}: {text!r}" for n in numbers(text) if n not in given]
    return problems


@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_number_a_chart_states_is_one_its_page_glues(name):
    assert unglued(load(), name) == []


def test_the_guard_catches_a_number_a_chart_counts_for_itself(monkeypatch):
    """A chart that counted its own demands (1,009, a count no finding gives) would state a number the prose
    never glues: the guard must say so."""
    real = charts.positions_grid

    def own_count(t, *args, **kwargs):
        figure = real(t, *args, **kwargs)
        return figure.properties(title=alt.TitleParams(f"Russia asks {len(t.demands) + 1000} things"))

    monkeypatch.setattr(charts, "positions_grid", own_count)
    assert any("says 1009" in problem for problem in unglued(load(), "demands"))


def test_the_number_pattern_reads_counts_and_shares_but_not_row_ids():
    assert numbers("11 of 45 cells; 0.5 of them; e-03, q-12 and s-07") == [11.0, 45.0, 0.5]


# -- each change below is legal under the codebook; each page it touches must still agree with itself


def _rewrite(path: Path, match: dict[str, str], changes: dict[str, str]) -> None:
    """Change one row of a CSV file in place: the row whose fields equal `match`."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hits = [row for row in rows if all(row[k] == v for k, v in match.items())]
    assert len(hits) == 1, f"{path.name}: {len(hits)} rows match {match}"
    before = {k: hits[0][k] for k in changes}
    assert before != changes, f"{path.name}: {match} already holds {changes}"
    hits[0].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _changed(data_copy: Path, table: str, match: dict[str, str], changes: dict[str, str]) -> Tables:
    """The data with one row changed; an annotation change is carried into the tables made from it."""
    _rewrite(data_copy / table, match, changes)
    if table.startswith("annotations/"):
        generate.main(data_copy)
    return load(data_copy)


def _agrees(t: Tables, *pages: str) -> None:
    for name in pages:
        assert unglued(t, name) == [], f"{name} contradicts itself after the change"


def test_a_precondition_made_an_offer_leaves_three_asks_and_four_offers_everywhere(data_copy):
    """d-04 (an end to Western military aid) filed as an offer: Russia's asks 4 to 3, offers 3 to 4."""
    t = _changed(data_copy, "demands.csv", {"demand_id": "d-04"}, {"kind": "offer"})
    for values in (findings.demands(t), findings.index(t)):
        assert (values["n_russian_asks"], values["n_russian_offers"]) == (3, 4)
    caption = "<caption>Russia asks or refuses 3 things and offers 4: each item the article reports, by party</caption>"
    assert caption in chapter_tables.demands_by_party(t).data
    assert list(derive.asks_and_offers(t)["side"].value_counts().sort_index().items()) == [("asks", 3), ("offers", 4)]
    _agrees(t, "demands")


def test_a_booster_read_as_a_hedge_moves_the_markers_chart_and_prose(data_copy):
    """'certainly' (s-01) judged a hedge: 14 hedges and 3 boosters of 20."""
    t = _changed(data_copy, "annotations/hedge_judgments.csv", {"marker": "certainly"}, {"kind": "hedge"})
    values = findings.framing(t)
    assert (values["n_marker_hedge"], values["n_marker_booster"], values["n_markers"]) == (14, 3, 20)
    title = chart_words(t, "framing")["certainty_markers"]["title"]
    assert title == "Of the 20 certainty markers this report counts, 14 are hedges; 18 are the author's own"
    assert "hedge 14, booster 3" in chart_words(t, "framing")["certainty_markers"]["description"]
    _agrees(t, "framing")


def test_a_source_s_marker_judged_the_author_s_moves_whose_view_counts(data_copy):
    """'As things stand' judged the author's own rather than Komsomolskaya Pravda's: 19 of 20."""
    t = _changed(data_copy, "annotations/hedge_judgments.csv", {"marker": "As things stand"}, {"holder": "author"})
    values = findings.framing(t)
    assert (values["n_markers_author"], values["n_markers_sources"]) == (19, 1)
    title = chart_words(t, "framing")["certainty_markers"]["title"]
    assert title == "Of the 20 certainty markers this report counts, 13 are hedges; 19 are the author's own"
    _agrees(t, "framing")


def test_an_analysis_sentence_read_as_reporting_moves_the_voices(data_copy):
    """The first body sentence (447-625) judged reporting: analysis 13, reporting 4 of 29."""
    t = _changed(data_copy, "annotations/sentence_voices.csv", {"start": "447", "end": "625"}, {"voice": "reporting"})
    values = findings.framing(t)
    assert (values["n_analysis"], values["n_reporting"], values["n_reported_speech"]) == (13, 4, 12)
    title = chart_words(t, "framing")["sentence_voices"]["title"]
    assert title == "Analysis is the largest voice: 13 of 29 sentences"
    _agrees(t, "framing")


def test_an_unplaced_event_placed_by_inference_moves_the_timeline(data_copy):
    """e-10 (Russian officials' incentives) placed at step 6 by inference: 7 inferred, 2 unplaced."""
    t = _changed(
        data_copy,
        "events.csv",
        {"event_id": "e-10"},
        {"order": "6", "order_basis": "inferred", "order_note": "Placed by this test."},
    )
    values = findings.timeline(t)
    assert (values["n_events_inferred_order"], values["n_events_unplaced"], values["n_events_placed"]) == (7, 2, 12)
    title = chart_words(t, "timeline")["timeline"]["title"]
    assert title == "The article itself orders 5 of 14 events; 7 are ordered by inference, 2 not at all"
    assert "3 not placed" not in chart_words(t, "timeline")["timeline"]["description"]
    _agrees(t, "timeline")


def test_a_quote_given_to_another_speaker_moves_the_counts_by_speaker(data_copy):
    """Trump's 'they will be discussing' words (paragraph 17) given to Witkoff: Trump 2, Witkoff 2."""
    quotes = {row["quote_id"]: row for row in csv.DictReader((paths.DATA / "quotes.csv").open(encoding="utf-8"))}
    q07 = quotes["q-07"]
    assert (q07["speaker"], q07["paragraph"]) == ("trump", "17")
    t = _changed(
        data_copy,
        "annotations/quote_judgments.csv",
        {"start": q07["start"], "end": q07["end"]},
        {"speaker": "witkoff"},
    )
    assert findings.voices(t)["n_quotes_by_trump"] == 2
    description = chart_words(t, "voices")["quotes_by_speaker"]["description"]
    assert "Donald Trump is quoted twice" in description and "Steve Witkoff twice" in description
    assert chart_words(t, "voices")["quotes_by_speaker"]["title"].startswith("Donald Trump, ")
    _agrees(t, "voices")


def test_a_family_of_counts_gives_every_allowed_value_zero_included():
    """Kinds no row uses still have a count, so prose may cite a zero and a chart may say 'none'."""
    from callreport.dataset import codebook

    t = load()
    values = findings.demands(t)
    kinds = codebook.values(t.descriptor, "demands", "kind")
    assert {findings.key("n_kind", kind) for kind in kinds} <= set(values)
    assert findings.key("n_kind", "not stated") == "n_kind_not_stated"
    with pytest.raises(KeyError, match=r"demands\.summary is not an enumerated field"):
        codebook.values(t.descriptor, "demands", "summary")
