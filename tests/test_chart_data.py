"""Each chart's data functions on a small table made here: result = the frame a mark layer draws,
expected = written out by hand from the rows below, never by the code under test.

The article: four sentences in two paragraphs (words by str.split: 7, 6, 5, 5).
"""

from __future__ import annotations

import dataclasses

import chart_layers
import pandas as pd
import pytest
from small_tables import small_tables

from callreport.report import charts
from callreport.report.charts.certainty_markers import markers_by_paragraph
from callreport.report.charts.positions_grid import position_cells
from callreport.report.charts.quotes_by_speaker import quoted_spans
from callreport.report.charts.quotes_through_article import quotes_by_paragraph, sentences_by_paragraph
from callreport.report.charts.sentence_voices import voiced_sentences
from callreport.report.charts.timeline import event_lines, timeline_depth, timeline_notes

PARAGRAPHS = [
    ['Leader T says "we will meet soon".', "Leader R may refuse the talks."],
    ['Aides hail "a win" today.', "Trade could follow next year."],
]
VOICES = ["reported speech", "analysis", "reporting", "analysis"]
ACTORS = [
    {"actor_id": "putin", "name": "Leader R", "type": "person", "country": "Russia"},
    {"actor_id": "trump", "name": "Leader T", "type": "person", "country": "United States"},
]
QUOTES = [
    {"text": "we will meet soon", "kind": "direct", "speaker": "trump", "cue": "Leader T says"},
    {"text": "a win", "kind": "scare", "speaker": "not stated"},
]
DEMANDS = [
    {
        "party": "trump",
        "addressee": "putin",
        "kind": "proposal",
        "category": "ceasefire",
        "summary": "Meet Leader R within the month",
        "evidence": "we will meet",
    },
    {
        "party": "putin",
        "addressee": "trump",
        "kind": "refusal",
        "category": "ceasefire",
        "summary": "Refuse the talks",
        "evidence": "may refuse the talks",
    },
    {
        "party": "putin",
        "addressee": "trump",
        "kind": "offer",
        "category": "trade and resources",
        "summary": "Trade next year",
        "evidence": "Trade could follow",
    },
]
for demand in DEMANDS:
    demand["status"] = "not stated"
POSITIONS = [
    {
        "issue": "ceasefire",
        "actor_id": "putin",
        "stance": "opposes",
        "basis": "author's assessment",
        "evidence": "may refuse",
    },
    {"issue": "ceasefire", "actor_id": "trump", "stance": "supports", "basis": "own words", "evidence": "will meet"},
    {"issue": "trade and resources", "actor_id": "putin", "stance": "not stated", "basis": "not stated"},
]
HEDGES = [
    {"sentence_id": "s-02", "text": "may", "kind": "hedge", "holder": "author", "claim": "refuse the talks"},
    {"sentence_id": "s-04", "text": "could", "kind": "hedge", "holder": "putin", "claim": "Trade"},
]
EVENTS = [
    {
        "summary": "The proposal",
        "actor_ids": "trump",
        "evidence": "Leader T says",
        "time_expression": "today",
        "timing": "past",
        "order": "1",
        "order_basis": "stated",
    },
    {
        "summary": "Trade",
        "actor_ids": "putin",
        "evidence": "could follow",
        "time_expression": "next year",
        "timing": "future",
        "order": "2",
        "order_basis": "inferred",
        "order_note": "After the proposal",
    },
    {
        "summary": "Talks",
        "actor_ids": "putin | trump",
        "evidence": "refuse the talks",
        "time_expression": "soon",  # inside Leader T's quotation
        "timing": "ongoing",
        "order": "",
        "order_basis": "not stated",
    },
]


@pytest.fixture(scope="module")
def t():
    return small_tables(
        PARAGRAPHS,
        VOICES,
        actors=ACTORS,
        quotes=QUOTES,
        demands=DEMANDS,
        positions=POSITIONS,
        hedges=HEDGES,
        events=EVENTS,
    )


def frame(columns: dict[str, list], numbers: tuple[str, ...] = ("paragraph",)) -> pd.DataFrame:
    """A chart's plain data as written here: strings, and whole numbers as plain Python integers."""
    return pd.DataFrame(columns).astype({name: object for name in numbers if name in columns})


def test_quoted_spans(t):
    """Only the span whose speaker is stated: "not stated" is the codebook's placeholder, not a speaker."""
    result = quoted_spans(t)
    expected = frame(
        {
            "quote_id": ["q-01"],
            "speaker_name": ["Leader T"],
            "kind": ["direct"],
            "text": ["we will meet soon"],
            "paragraph": [1],
            "cue": ["Leader T says"],
            "mark_label": ["q-01, Leader T, direct, paragraph 1: we will meet soon"],
            "href": ["article.html#q-01"],
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_quotes_by_paragraph(t):
    result = quotes_by_paragraph(t)
    expected = frame(
        {
            "quote_id": ["q-01", "q-02"],
            "speaker": ["trump", "not stated"],
            "speaker_name": ["Leader T", "no stated speaker"],
            "kind": ["direct", "scare"],
            "text": ["we will meet soon", "a win"],
            "paragraph": [1, 2],
            "mark_label": [
                "q-01, Leader T, direct, paragraph 1: we will meet soon",
                "q-02, no stated speaker, scare, paragraph 2: a win",
            ],
            "href": ["article.html#q-01", "article.html#q-02"],
        }
    )
    expected["nudge"] = [20.0, 20.0]  # alone in their paragraphs: the middle of a 40-pixel row
    pd.testing.assert_frame_equal(result, expected)


def test_sentences_by_paragraph(t):
    result = sentences_by_paragraph(t)
    expected = frame(
        {
            "sentence_id": ["s-01", "s-02", "s-03", "s-04"],
            "paragraph": [1, 1, 2, 2],
            "voice": ["reported speech", "analysis", "reporting", "analysis"],
            "text": [s for paragraph in PARAGRAPHS for s in paragraph],
            "order": [1, 2, 3, 4],
        },
        numbers=("paragraph", "order"),
    )
    pd.testing.assert_frame_equal(result, expected)


def test_voiced_sentences(t):
    result = voiced_sentences(t)
    expected = frame(
        {
            "sentence_id": ["s-01", "s-02", "s-03", "s-04"],
            "order": [1, 2, 3, 4],
            "paragraph": [1, 1, 2, 2],
            "voice": ["reported speech", "analysis", "reporting", "analysis"],
            "text": [s for paragraph in PARAGRAPHS for s in paragraph],
            "words": [7, 6, 5, 5],
            "mark_label": [
                's-01, reported speech, paragraph 1: Leader T says "we will meet soon".',
                "s-02, analysis, paragraph 1: Leader R may refuse the talks.",
                's-03, reporting, paragraph 2: Aides hail "a win" today.',
                "s-04, analysis, paragraph 2: Trade could follow next year.",
            ],
            "href": ["article.html#s-01", "article.html#s-02", "article.html#s-03", "article.html#s-04"],
        },
        numbers=("order", "paragraph", "words"),
    )
    pd.testing.assert_frame_equal(result, expected)


def test_position_cells(t):
    result = position_cells(t)
    expected = frame(
        {
            "issue": ["ceasefire", "ceasefire", "trade and resources"],
            "actor_id": ["putin", "trump", "putin"],
            "actor_name": ["Leader R", "Leader T", "Leader R"],
            "stance": ["opposes", "supports", "not stated"],
            "basis": ["author's assessment", "own words", "not stated"],
            "evidence": ["may refuse", "will meet", ""],
            "label": ["opposes", "supports", "·"],
            "sign": ["−", "+", "·"],  # every stance its own sign: "not stated" no longer a dash like "opposes"
            "mark_label": [
                "Leader R on ceasefire: opposes (author's assessment): may refuse",
                "Leader T on ceasefire: supports (own words): will meet",
                "Leader R on trade and resources: not stated",
            ],
            "href": ["article.html#s-02", "article.html#s-01", ""],
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_markers_by_paragraph(t):
    result = markers_by_paragraph(t)
    expected = frame(
        {
            "marker_id": ["h-01", "h-02"],
            "text": ["may", "could"],
            "kind": ["hedge", "hedge"],
            "holder_name": ["the author", "Leader R"],
            "whose": ["the author's own", "a source's words"],
            "claim": ["refuse the talks", "Trade"],
            "voice": ["analysis", "analysis"],
            "paragraph": [1, 2],
            "mark_label": ["h-01, hedge, the author, paragraph 1: may", "h-02, hedge, Leader R, paragraph 2: could"],
            "href": ["article.html#s-02", "article.html#s-04"],
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_event_lines_in_the_article_s_order_the_unplaced_last(t):
    """Each event takes its lines and 0.7 more; the article's present 1.2 between past and future;
    the unplaced heading 0.6 below, its three lines and 0.4 more."""
    result = event_lines(t)
    expected = pd.DataFrame(
        {
            "event_id": ["e-01", "e-02", "e-03"],
            "summary": ["The proposal", "Trade", "Talks"],
            "when": ["today", "next year", "soon, in Leader T's words"],
            "time_expression": ["today", "next year", "soon"],
            "timing": ["past", "future", "ongoing"],
            "step": ["1", "2", "not placed"],
            "step_label": ["1", "2", ""],
            "order_basis": ["stated", "inferred", "not stated"],
            "order_note": ["", "After the proposal", ""],
            "evidence": ["Leader T says", "could follow", "refuse the talks"],
            "mark_label": [
                "e-01, step 1, order stated: The proposal (today)",
                "e-02, step 2, order inferred: Trade (next year)",
                "e-03, not placed, order not stated: Talks (soon, in Leader T's words)",
            ],
            "href": ["article.html#s-01", "article.html#s-04", "article.html#s-02"],
            "lines": [["The proposal (today)"], ["Trade (next year)"], ["Talks (soon, in Leader T's", "words)"]],
            "y": [0.0, 1.7 + 1.2, 4.6 + 0.6 + 3 + 0.4],
            "y_before": [None, 0.0, None],  # the spine joins e-02 to e-01; e-03 stands apart
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_timeline_notes_and_depth(t):
    result = timeline_notes(t)
    expected = pd.DataFrame(
        {
            "note": [
                ["now: the article's present"],
                ["Not placed: the article does", "not order these against the", "rest"],
            ],
            "y": [1.7 - 0.1, 4.6 + 0.6],
            "rule": [True, False],
        }
    )
    pd.testing.assert_frame_equal(result, expected)
    assert timeline_depth(t) == pytest.approx(8.6 + 2 + 0.7)


def test_timeline_notes_with_every_event_in_the_past_are_the_unplaced_heading_only(t):
    """No note is the present, so none says rule: the column is left empty (null in the spec, which the
    rule's filter reads as false)."""
    events = t.events.copy()
    events["timing"] = "past"
    result = timeline_notes(dataclasses.replace(t, events=events), wrap=70)
    expected = pd.DataFrame(
        {
            "note": [["Not placed: the article does not order these against the rest"]],
            "y": [3.4 + 0.6],
            "rule": pd.Series([float("nan")], dtype=object),
        }
    )
    pd.testing.assert_frame_equal(result, expected)


# What one item of each layer stands for (Layer.per), counted by hand in the rows above.
COUNTS = {
    "quote": 2,
    "speaker": 2,  # Leader T and 'not stated'
    "attributed quote": 1,  # q-01; q-02's speaker is 'not stated'
    "stated speaker": 1,  # Leader T
    "sentence": 4,
    "voice": 3,
    "demand": 3,
    "party": 2,
    "direction": 2,
    "focus side": 1,  # Leader R is Russia's
    "position": 3,
    "event": 3,
    "placed event after the first": 1,
    "turn from past to future": 1,  # e-01 is past, e-02 future
    "timeline note": 2,  # the present, and the heading of the unplaced e-03
    "marker": 2,
}


def test_the_tests_count_the_small_table_as_by_hand(t):
    assert chart_layers.counted(t) == COUNTS


@pytest.mark.parametrize("name", charts.LAYERS)
def test_each_chart_draws_on_the_small_table_the_marks_its_layers_declare(t, name):
    spec = getattr(charts, name)(t).to_dict()
    assert chart_layers.declared(spec) == chart_layers.layers(name)
    assert chart_layers.drawn(spec) == chart_layers.expected(name, COUNTS)
