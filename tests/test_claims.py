"""The facts the chapters' prose states in words rather than numbers (issue 13's corrected
claims), each read again from the raw CSV files, so that a change in the data that makes a
sentence untrue fails here. The numbers are checked in test_findings."""

from __future__ import annotations

import csv

from callreport.dataset import paths


def table(name: str) -> list[dict[str, str]]:
    with (paths.DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


QUOTES = {q["quote_id"]: q for q in table("quotes.csv")}
ACTORS = {a["actor_id"]: a for a in table("actors.csv")}
SENTENCES = table("sentences.csv")
DEMANDS = {d["demand_id"]: d for d in table("demands.csv")}
EVENTS = {e["event_id"]: e for e in table("events.csv")}


def sentence_at(offset: int) -> dict[str, str]:
    return next(s for s in SENTENCES if int(s["start"]) <= offset < int(s["end"]))


def test_some_in_russia_is_a_group_the_article_does_not_name():
    """voices: 'named sources' leaves out "some in Russia", the one quoted group (claim 1)."""
    groups = {q["speaker"] for q in QUOTES.values() if ACTORS.get(q["speaker"], {}).get("type") == "group"}
    assert groups == {"some_in_russia"}
    assert ACTORS["some_in_russia"]["description"] == "not stated"


def test_the_russian_scare_quote_is_the_single_word_victory():
    """voices: the sides are level by spans only if one scare-quoted word counts (claim 2)."""
    russian_scare = [
        q for q in QUOTES.values() if q["kind"] == "scare" and ACTORS.get(q["speaker"], {}).get("country") == "Russia"
    ]
    assert [q["text"] for q in russian_scare] == ["victory"]


def test_the_preconditions_are_introduced_with_include():
    """demands: "They include" leaves the list of preconditions open (claim 7)."""
    preconditions = [d for d in DEMANDS.values() if d["kind"] == "precondition"]
    sentences = {sentence_at(int(d["start"]))["text"] for d in preconditions}
    assert len(sentences) == 1 and sentences.pop().startswith("They include ")


def test_the_administration_publicly_announced_its_words():
    """voices: the third American cue is a verb of formal statement, not of plain saying (claim 8)."""
    american = [q for q in QUOTES.values() if q["kind"] == "direct" and q["cue"] != "none"]
    plain = {q["speaker"] for q in american if " told " in q["cue"] or q["cue"].startswith("said ")}
    assert plain == {q["speaker"] for q in american} - {"us_administration"} == {"trump", "witkoff"}
    assert QUOTES["q-11"]["cue"].endswith("publicly announced that")


def test_each_unattributed_span_echoes_an_earlier_quotation_one_of_them_the_administrations_word():
    """voices and framing agree: no stated speaker, each an echo; "court" is the administration's (claim 9)."""
    unattributed = [q for q in QUOTES.values() if q["speaker"] == "not stated"]
    assert unattributed and all(q["echoes"] in QUOTES for q in unattributed)
    court = QUOTES["q-12"]
    assert court["text"] in QUOTES[court["echoes"]]["text"]
    assert QUOTES[court["echoes"]]["speaker"] == "us_administration"


def test_the_link_from_russias_offers_to_trumps_words_is_the_authors_hedged_suggestion():
    """demands and framing: "The message appears to be getting through" is analysis, and no offer
    names Trump as its addressee; Putin's preconditions have none stated (claim 11)."""
    hedge = next(s for s in SENTENCES if "appears to be getting through" in s["text"])
    assert hedge["voice"] == "analysis"
    assert all(d["addressee"] != "trump" for d in DEMANDS.values() if d["kind"] == "offer")
    assert {d["addressee"] for d in DEMANDS.values() if d["kind"] == "precondition"} == {"not stated"}
    assert EVENTS["e-05"]["time_expression"] == "during the call with Trump"


def test_the_tuesday_interview_is_not_placed():
    """timeline: the article does not put 'on Tuesday' before or after the call (claim 5)."""
    assert EVENTS["e-07"]["order"] == "" and EVENTS["e-07"]["order_basis"] == "not stated"


def test_the_reported_statements_are_events():
    """timeline: Trump's words to Fox News and Witkoff's commendation are events, at their cues (claim 13)."""
    cues = {(int(QUOTES[q]["cue_start"]), int(QUOTES[q]["cue_end"])) for q in ("q-05", "q-06")}
    events = {(int(e["start"]), int(e["end"])) for e in EVENTS.values()}
    assert cues <= events


def test_d07_and_d09_each_rest_on_their_own_evidence():
    """demands: the carrots and the joint projects are separate rows, neither evidence covering the other (claim 6)."""
    carrots, projects = DEMANDS["d-07"], DEMANDS["d-09"]
    assert "joint projects" not in carrots["evidence"] and "joint projects" in projects["evidence"]
    assert int(carrots["end"]) <= int(projects["start"])
