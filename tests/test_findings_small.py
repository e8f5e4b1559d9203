"""Each finding on a small table made here: result = the finding, expected = counted by hand from
the rows below, never by the code under test. Every key a chapter's function gives must have its
expected value here, so a new finding without a hand-counted test fails."""

from __future__ import annotations

import pytest
from small_tables import small_tables

from callreport.report import findings

# Five sentences in three paragraphs; word counts by str.split: 9, 6, 5, 7, 6.
PARAGRAPHS = [
    ['The Gazette surely calls it "a good call" today.'],
    ['"We will talk," said Leader T.', "Leader R rejected the plan."],
    ['Is it a "victory" that may last?', '"Trade is possible," says an official.'],
]
VOICES = ["analysis", "reported speech", "reporting", "analysis", "reported speech"]
ACTORS = [
    {"actor_id": "putin", "name": "Leader R", "type": "person", "country": "Russia"},
    {"actor_id": "trump", "name": "Leader T", "type": "person", "country": "United States"},
    {"actor_id": "izvestia", "name": "The Gazette", "type": "media outlet", "country": "Russia"},
    {"actor_id": "russian_officials", "name": "officials", "type": "group", "country": "Russia"},
    {"actor_id": "ukraine", "name": "Country U", "type": "state", "country": "not stated"},
]
QUOTES = [
    {"text": "a good call", "kind": "publication", "speaker": "izvestia", "cue": "calls it"},
    {"text": "We will talk,", "kind": "direct", "speaker": "trump", "cue": "said Leader T"},
    {"text": "victory", "kind": "scare", "speaker": "not stated"},
    {"text": "Trade is possible,", "kind": "direct", "speaker": "russian_officials"},
]
DEMANDS = [
    {
        "party": "trump",
        "addressee": "putin",
        "kind": "proposal",
        "category": "ceasefire",
        "status": "rejected",
        "evidence": "said Leader T",
    },
    {
        "party": "putin",
        "addressee": "not stated",
        "kind": "precondition",
        "category": "military aid",
        "evidence": "rejected the plan",
    },
    {
        "party": "russian_officials",
        "addressee": "trump",
        "kind": "offer",
        "category": "trade and resources",
        "evidence": "Trade is possible",
    },
]
for demand in DEMANDS:
    demand.setdefault("status", "not stated")
POSITIONS = [
    {"issue": "ceasefire", "actor_id": "putin", "stance": "opposes", "evidence": "Leader R rejected"},
    {"issue": "ceasefire", "actor_id": "trump", "stance": "supports", "evidence": "We will talk"},
    {"issue": "military aid", "actor_id": "putin", "stance": "supports", "evidence": "that may last"},
    {"issue": "military aid", "actor_id": "ukraine", "stance": "not stated"},
]
HEDGES = [
    {"sentence_id": "s-01", "text": "surely", "kind": "booster", "holder": "author"},
    {"sentence_id": "s-04", "text": "may", "kind": "hedge", "holder": "author"},
    {"sentence_id": "s-05", "text": "possible", "kind": "hedge", "holder": "russian_officials"},
]
EVENTS = [
    {
        "summary": "The call",
        "actor_ids": "putin | trump",
        "evidence": "calls it",
        "time_expression": "today",
        "order": "1",
        "order_basis": "stated",
    },
    {
        "summary": "The rejection",
        "actor_ids": "putin",
        "evidence": "rejected the",
        "time_expression": "not stated",
        "order": "2",
        "order_basis": "inferred",
    },
    {
        "summary": "Talks",
        "actor_ids": "russian_officials",
        "evidence": "says an official",
        "time_expression": "not stated",
        "order": "",
        "order_basis": "not stated",
    },
]
EXTERNAL = [
    {"table": "actors", "row_id": "ukraine", "field": "country", "value": "Ukraine"},
    {"table": "events", "row_id": "e-01", "field": "date", "value": "2025-01-01"},
]
READOUTS = [{"side": "kremlin", "point": "A point.", "in_article": "reported in part"}]
# Leader T's quotation, beside his words as a page prints them: the same words, in one run.
QUOTE_CHECKS = [
    {
        "check_id": "qc-01",
        "quote_id": "q-02",
        "said_by": "Leader T",
        "said_on": "not stated",
        "record_words": "We will talk, soon,",
        "record_kind": "the passage",
        "found_at": "https://example.org/t",
    }
]

# The yardstick: three other reports from two outlets; one quotes Putin twice, one the Kremlin once.
COVERAGE_REPORTS = [
    {"report_id": "c-01", "outlet": "Wire A", "chars_read": 1500},
    {"report_id": "c-02", "outlet": "Wire A", "chars_read": 2000},
    {"report_id": "c-03", "outlet": "Paper B", "chars_read": 900},
]
COVERAGE_SPEAKERS = [
    {"speaker_id": "putin", "name": "Vladimir Putin", "type": "person", "side": "Russia"},
    {"speaker_id": "kremlin", "name": "the Kremlin", "type": "government", "side": "Russia"},
]
COVERAGE_QUOTES = [
    {"report_id": "c-01", "report_quote_id": "c-01-q1", "kind": "direct", "speaker": "kremlin"},
    {"report_id": "c-03", "report_quote_id": "c-03-q1", "kind": "direct", "speaker": "putin"},
    {"report_id": "c-03", "report_quote_id": "c-03-q2", "kind": "direct", "speaker": "putin"},
]
COVERAGE_FACTS = [
    {"report_id": "c-01", "fact": "energy_pause", "value": "in the text read"},
    {"report_id": "c-02", "fact": "energy_pause", "value": "in the text read"},
    {"report_id": "c-03", "fact": "energy_pause", "value": "not in the text read"},
    {"report_id": "c-03", "fact": "black_sea_talks", "value": "in the text read"},
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
        external_context=EXTERNAL,
        readouts=READOUTS,
        quote_checks=QUOTE_CHECKS,
        coverage_reports=COVERAGE_REPORTS,
        coverage_speakers=COVERAGE_SPEAKERS,
        coverage_quotes=COVERAGE_QUOTES,
        coverage_facts=COVERAGE_FACTS,
    )


ARTICLE = {"n_paragraphs": 3, "n_sentences": 5, "n_quotes": 4}
QUOTE_KINDS = {"n_direct": 2, "n_publication": 1, "n_scare": 1}
SPEAKERS = {
    "n_speakers": 4,  # izvestia, trump, russian_officials and 'not stated'
    **{f"n_quotes_by_{a}": n for a, n in [("izvestia", 1), ("trump", 1), ("russian_officials", 1)]},
    "n_quotes_by_putin": 0,
    "n_quotes_by_ukraine": 0,
    "n_quotes_by_not_stated": 1,
    **{f"{end}_paragraph_{a}": p for end in ("first", "last") for a, p in [("izvestia", 1), ("trump", 2)]},
    **{f"{end}_paragraph_{a}": 3 for end in ("first", "last") for a in ("russian_officials", "not_stated")},
}
VOICES_EXPECTED = {
    **ARTICLE,
    **QUOTE_KINDS,
    **SPEAKERS,
    "n_named_speakers": 2,  # The Gazette and Leader T; the officials are a group
    "n_group_speakers": 1,
    "n_unattributed": 1,
    "n_russian_quotes": 2,  # the Gazette's and the officials'
    "n_russian_publication": 1,
    "n_russian_scare": 0,
    "n_russian_substantive": 2,
    "n_russian_direct": 1,
    "n_russian_outlets": 1,
    "n_ukrainian_quotes": 0,
    "n_opening_spans": 1,  # the Gazette's, in paragraph 1, before the scare quote of paragraph 3
    "n_opening_outlets": 1,
    "n_victory_spans": 1,
    "n_russian_words": 6,  # "a good call" 3, "Trade is possible," 3
    "n_russian_substantive_words": 6,
    "n_american_quotes": 1,
    "n_american_direct": 1,
    "n_american_words": 3,
    "n_external_sides": 1,
    "n_multipart": 0,
    "n_with_cue": 2,
    "paragraph_q_01": 1,
    "paragraph_q_02": 2,
    "paragraph_q_03": 3,
    "paragraph_q_04": 3,
    # Told in the article's words: Leader T's proposal and Leader R's precondition; the officials'
    # offer is in their own quotation ("Trade is possible,"), so not told.
    **{f"n_told_{a}": n for a, n in [("putin", 1), ("trump", 1), ("izvestia", 0), ("russian_officials", 0)]},
    "n_told_ukraine": 0,
    "n_quotes_checked": 1,
}
DEMANDS_EXPECTED = {
    "n_demands": 3,
    "n_offers": 1,
    "n_putin_demands": 1,
    "n_issues": 2,
    "n_grid_actors": 3,
    "n_cells": 4,
    "n_cells_stated": 3,
    "n_cells_not_stated": 1,
    "n_russian_asks": 1,  # Leader R's precondition
    "n_russian_offers": 1,  # the officials' offer
    **{f"n_kind_{k}": n for k, n in [("proposal", 1), ("precondition", 1), ("offer", 1)]},
    "n_kind_refusal": 0,
    "n_kind_acceptance": 0,
    **{f"n_putin_{k}": n for k, n in [("precondition", 1), ("proposal", 0), ("offer", 0)]},
    "n_putin_refusal": 0,
    "n_putin_acceptance": 0,
    "n_status_rejected": 1,
    "n_status_not_stated": 2,
    "n_status_accepted": 0,
    "n_status_not_applicable": 0,
    "n_trump_asks": 1,
    "n_trump_offers": 0,
    "n_putin_asks": 1,
    "n_putin_offers": 0,
    "n_russian_officials_asks": 0,
    "n_russian_officials_offers": 1,
    "n_stance_supports": 2,
    "n_stance_opposes": 1,
    "n_putin_stated": 2,
    "n_trump_stated": 1,
    "n_ukraine_stated": 0,
}
FRAMING_EXPECTED = {
    **ARTICLE,
    **QUOTE_KINDS,
    "n_analysis": 2,
    "n_reported_speech": 2,
    "n_reporting": 1,
    "n_words_analysis": 16,
    "n_words_reported_speech": 12,
    "n_words_reporting": 5,
    "share_analysis": 2 / 5,
    "share_analysis_words": 16 / 33,
    "n_questions": 1,
    "n_markers": 3,
    "n_marked_sentences": 3,
    "n_markers_author": 2,
    "n_markers_sources": 1,
    "n_analysis_marked": 2,  # both analysis sentences carry a marker
    "share_analysis_marked": 1.0,
    "n_marker_hedge": 2,
    "n_marker_booster": 1,
    "n_marker_evidential": 0,
    "n_marker_unnamed_consensus": 0,
}
TIMELINE_EXPECTED = {
    "n_events": 3,
    "n_events_placed": 2,
    "n_events_unplaced": 1,
    "n_steps": 2,
    "n_events_stated_order": 1,
    "n_events_inferred_order": 1,
    "n_time_not_stated": 2,
    "n_external_dates": 1,
    "n_readouts": 1,
    "n_readouts_reported": 0,
    "n_readouts_reported_in_part": 1,
    "n_readouts_not_in_the_article": 0,
}

COVERAGE_EXPECTED = {
    "n_coverage_reports": 3,
    "n_coverage_outlets": 2,
    "n_reports_quoting_a_russian_person": 1,
    "n_reports_quoting_the_kremlin": 1,
    "n_reports_with_energy_pause": 2,
    "n_reports_with_black_sea_talks": 1,
    **{
        f"n_reports_with_{fact}": 0
        for fact in (
            "prisoner_exchange",
            "wounded_23",
            "aid_intelligence_condition",
            "other_conditions",
            "full_ceasefire_not_agreed",
            "zelensky_response",
            "russian_media_reaction",
            "economic_offers",
        )
    },
}


def numbers(values: dict) -> dict:
    return {k: v for k, v in values.items() if isinstance(v, int | float)}


@pytest.mark.parametrize(
    "chapter, expected",
    [
        ("article", ARTICLE),
        ("voices", VOICES_EXPECTED),
        ("demands", DEMANDS_EXPECTED),
        ("framing", FRAMING_EXPECTED),
        ("timeline", TIMELINE_EXPECTED),
        ("coverage", COVERAGE_EXPECTED),
    ],
)
def test_each_number_a_chapter_gives_on_a_small_table(t, chapter, expected):
    result = numbers(findings.CHAPTERS[chapter](t))
    assert result == pytest.approx(expected)


def test_words_a_chapter_gives_on_a_small_table(t):
    assert str(findings.demands(t)["ukraine_stated_issues"]) == "none"
    quote = findings.voices(t)["quote_q_02"]
    assert (quote.text, quote.anchor) == ("We will talk,", "q-02")
    cue = findings.voices(t)["cue_q_01"]
    assert (cue.text, cue.anchor) == ("calls it", "s-01")


def test_the_front_page_gives_every_chapter_s_numbers(t):
    expected = VOICES_EXPECTED | DEMANDS_EXPECTED | FRAMING_EXPECTED | TIMELINE_EXPECTED | COVERAGE_EXPECTED
    assert numbers(findings.index(t)) == pytest.approx(expected)


def test_each_chart_s_title_on_a_small_table(t):
    """What each chart says of the rows above, written out by hand."""
    from callreport.report import charts, figures

    titles = {chart.__name__: figures.title_text(chart(t).to_dict()) for chart in charts.ALL}
    assert titles == {
        "quotes_by_speaker": "Leader T, The Gazette and officials have the most quoted passages",  # no "not stated"
        "quotes_through_article": (
            "Of those named, The Gazette is quoted first (paragraph 1) and officials last (paragraph 3 of 3)"
        ),
        "positions_grid": "The article states a stance in 3 of the 4 actor–issue pairs this report tracks",
        "timeline": "The article itself orders 1 of 3 events; 1 is ordered by inference, 1 not at all",
        "sentence_voices": "No voice dominates: 2 sentences each for analysis and reported speech",
        "certainty_markers": "Of the 3 certainty markers this report counts, 2 are hedges; 2 are the author's own",
    }


def test_the_dates_and_readouts_on_a_small_table(t):
    """The small table dates event e-01, not the call (e-04): the call's date is "not stated". (Its
    descriptor is the committed one, so the article's probable date is that one's.) Its one readout
    point is given without its full stop."""
    values = findings.CHAPTERS["timeline"](t)
    assert str(values["call_date"]) == "not stated"
    assert str(values["readout_r_01"]) == "A point"


def test_the_quote_check_s_words_on_a_small_table(t):
    values = findings.CHAPTERS["voices"](t)
    assert str(values["record_qc_01"]) == "\u201cWe will talk, soon\u201d"  # the trailing comma dropped
    assert (str(values["said_by_qc_01"]), str(values["said_on_qc_01"])) == ("Leader T", "not stated")


def test_the_yardstick_s_words_on_a_small_table(t):
    values = findings.coverage(t)
    assert str(values["coverage_chars_read"]) == "900 to 2,000 characters"
    assert str(values["russian_persons_quoted"]) == "Paper B (Vladimir Putin)"
    assert str(values["russian_coverage_outlets"]) == "none"  # the small table's outlets are all in Kestria


def test_the_dates_read_as_a_reader_reads_them(tables):
    """The committed data date the call 2025-03-18, a Tuesday. (The article's probable day is the
    front page's byline's: tests/test_frontpage.py.)"""
    values = findings.CHAPTERS["timeline"](tables)
    assert str(values["call_date"]) == "Tuesday 18 March 2025"
