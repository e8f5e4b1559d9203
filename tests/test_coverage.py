"""The yardstick (data/coverage/): every snippet verbatim in its stored context at its offsets, every
report asked every question, quotations found by code, the rows rebuilt from the texts read, and the
counts the report draws from them.

The data tests read the committed CSV files with the csv module, not through the loader, so they
check the data independently of the validator; they need none of the texts read."""

from __future__ import annotations

import copy
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from callreport.dataset import codebook, coverage, paths
from callreport.dataset.codebook import read_descriptor, values
from callreport.dataset.errors import DataError
from callreport.report import chapter_tables, yardstick

FIXTURE = paths.ROOT / "tests" / "fixtures" / "second_article"
DESCRIPTOR = read_descriptor()


def table(name: str, data_dir: Path = paths.DATA) -> list[dict[str, str]]:
    with (data_dir / coverage.PATHS[name]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


REPORTS = {row["report_id"]: row for row in table(coverage.REPORTS)}
FACT_ROWS = table(coverage.FACTS)
QUOTE_ROWS = table(coverage.QUOTES)


def snippet_rows():
    """(context, offset in the text read, start, end, words, report) for every fact with evidence and every quote."""
    for number, row in enumerate(FACT_ROWS, start=1):
        if row["evidence"]:
            spans = (row["context"], row["context_offset"], row["evidence_from"], row["evidence_to"], row["evidence"])
            yield pytest.param(*spans, row["report_id"], id=f"facts:{number}:{row['report_id']}:{row['fact']}")
    for row in QUOTE_ROWS:
        spans = (row["context"], row["context_offset"], row["quote_from"], row["quote_to"], row["text"])
        yield pytest.param(*spans, row["report_id"], id=f"quotes:{row['report_quote_id']}")


@pytest.mark.parametrize(("context", "offset", "start", "end", "words", "report_id"), list(snippet_rows()))
def test_every_evidence_and_quotation_is_verbatim_in_its_context(context, offset, start, end, words, report_id):
    start, end, offset = int(start), int(end), int(offset)
    assert 0 <= start < end <= len(context)
    assert context[start:end] == words
    assert offset + len(context) <= int(REPORTS[report_id]["chars_read"]), "the context lies inside the text read"


def test_every_report_has_a_row_for_every_fact():
    facts = values(DESCRIPTOR, coverage.FACTS, "fact")
    grid = [(row["report_id"], row["fact"]) for row in FACT_ROWS]
    assert sorted(grid) == sorted((report, fact) for report in REPORTS for fact in facts)
    assert sorted(row["fact"] for row in table(coverage.ARTICLE_FACTS)) == sorted(facts)


def test_a_fact_is_in_the_text_read_exactly_when_it_has_evidence():
    for row in FACT_ROWS + table(coverage.ARTICLE_FACTS):
        assert (row["value"] == coverage.IN_TEXT) == (row["evidence"] != ""), row
        assert len(row["evidence"]) <= 300


def test_the_yardstick_is_wide_enough():
    """At least 12 reports from at least 9 outlets, the analysed article not among them."""
    outlets = {row["outlet"] for row in REPORTS.values()}
    assert len(REPORTS) >= 12 and len(outlets) >= 9
    article_url = next(m["value"] for m in DESCRIPTOR["article"]["metadata"] if m["field"] == "url")
    assert article_url not in {row["address"] for row in REPORTS.values()}


def test_the_article_facts_are_verbatim_in_the_article():
    article = paths.ARTICLE.read_text(encoding="utf-8")
    for row in table(coverage.ARTICLE_FACTS):
        if row["evidence"]:
            assert article[int(row["start"]) : int(row["end"])] == row["evidence"]


# -- finding the quotations --------------------------------------------------------------------


def spans_of(text: str) -> list[tuple[str, str]]:
    spans, _ = coverage.quoted_spans(text)
    return [(text[s.start : s.end], s.marks) for s in spans]


def test_quoted_spans_reads_each_kind_of_double_mark():
    text = 'He said "yes" and “no”, and «peut-être».'
    assert spans_of(text) == [("yes", "straight double"), ("no", "curly double"), ("peut-être", "guillemets")]


def test_quoted_spans_keeps_a_quotation_inside_another():
    text = "She wrote: «They called it “a win”, loudly»."
    assert spans_of(text) == [("They called it “a win”, loudly", "guillemets"), ("a win", "curly double")]


def test_quoted_spans_lists_marks_left_open_and_passes_over_a_lost_opening():
    text = 'end of a quote” then “a start and “a whole one” and "cut'
    spans, unclosed = coverage.quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["a whole one"]
    assert unclosed == [text.index("“a start"), text.index('"cut')]


def test_quoted_spans_reads_no_single_marks_and_no_empty_pair():
    assert spans_of("Putin’s ‘victory’ and “”") == []


def test_a_snippet_never_begins_like_a_formula_or_with_white_space():
    text = "x\n- =+@ first words “quoted” last words \n"
    context, begin = coverage.snippet(text, text.index("quoted"), text.index("quoted") + 6, 20)
    assert context == "first words “quoted” last words"
    assert text[begin : begin + len(context)] == context


# -- the rows rebuilt from the texts read (the fixture's texts are fiction, kept in the repository) --


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "second_article")
    return tmp_path / "second_article"


def rebuild(texts: Path, data: Path, *flags: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "callreport.dataset.coverage", str(texts), str(data), *flags]
    return subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, check=False)


def test_the_fixtures_rows_are_what_its_texts_give(fixture_copy):
    """The code's part of quotes.csv and facts.csv is rebuilt byte for byte, every judgment kept, and a
    mark left open at the end of a cut text is reported."""
    data = fixture_copy / "data"
    originals = {name: (data / coverage.PATHS[name]).read_bytes() for name in (coverage.QUOTES, coverage.FACTS)}
    for name in originals:  # drop the code's columns: only the judgments and the texts remain to go on
        rows = table(name, data)
        for row in rows:
            for column in ("context",) if name == coverage.FACTS else ():
                row[column] = ""
        (data / coverage.PATHS[name]).write_text(coverage.table_text(list(rows[0]), rows), encoding="utf-8")
    result = rebuild(fixture_copy / "coverage_texts", data)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert "to do: c-02: a quotation mark left open at 289 (the text read ends inside a quotation?)" in result.stdout
    for name, original in originals.items():
        assert (data / coverage.PATHS[name]).read_bytes() == original, name
    assert rebuild(fixture_copy / "coverage_texts", data, "--check").returncode == 0


def test_a_new_quotation_is_found_and_left_to_judge(fixture_copy):
    texts = fixture_copy / "coverage_texts"
    text = (texts / "c-01.txt").read_text(encoding="utf-8") + " A third said “not yet”."
    (texts / "c-01.txt").write_text(text, encoding="utf-8")
    reports = table(coverage.REPORTS, fixture_copy / "data")
    reports[0].update(chars_read=str(len(text)), sha256=coverage.sha256(text))
    path = fixture_copy / "data" / coverage.PATHS[coverage.REPORTS]
    path.write_text(coverage.table_text(list(reports[0]), reports), encoding="utf-8")
    assert rebuild(texts, fixture_copy / "data", "--check").returncode == 1
    result = rebuild(texts, fixture_copy / "data")
    assert "to do: judge c-01-q04: 'not yet'" in result.stdout
    quotes = table(coverage.QUOTES, fixture_copy / "data")
    assert [q["kind"] for q in quotes if q["report_id"] == "c-01"] == ["direct", "direct", "direct", ""]


def test_a_text_that_is_not_the_one_read_is_refused(fixture_copy):
    texts = fixture_copy / "coverage_texts"
    (texts / "c-02.txt").write_text("Another text altogether.", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        coverage.rebuild(texts, fixture_copy / "data")
    assert (
        str(caught.value)
        == "data/coverage/reports.csv, row 2, column 'chars_read': expected '24', as the text read gives; found '341'"
    )


def test_evidence_that_the_text_read_does_not_hold_is_refused(fixture_copy):
    facts = table(coverage.FACTS, fixture_copy / "data")
    facts[0]["evidence"] = "a ban on day fishing"
    path = fixture_copy / "data" / coverage.PATHS[coverage.FACTS]
    path.write_text(coverage.table_text(list(facts[0]), facts), encoding="utf-8")
    with pytest.raises(DataError, match=r"facts.csv, row 1, column 'evidence': expected words that occur once"):
        coverage.rebuild(fixture_copy / "coverage_texts", fixture_copy / "data")


# -- the counts, on small frames made by hand -------------------------------------------------------

IN, OUT = coverage.IN_TEXT, "not in the text read"


def test_fact_counts_counts_reports_per_fact_and_sets_the_article_beside_them():
    facts = pd.DataFrame(
        {
            "report_id": ["c-01", "c-01", "c-02", "c-02", "c-03", "c-03"],
            "fact": ["pause", "swap", "pause", "swap", "pause", "swap"],
            "value": [IN, IN, IN, OUT, OUT, OUT],
        }
    )
    article = pd.DataFrame({"fact": ["pause", "swap"], "value": [OUT, IN]})
    expected = pd.DataFrame(
        {"fact": ["swap", "pause"], "in_text_read": [1, 2], "reports": [3, 3], "in_article": [True, False]}
    )
    pd.testing.assert_frame_equal(yardstick.fact_counts(facts, article, ["swap", "pause"]), expected)


def test_side_quotes_counts_only_direct_quotations_of_a_person_of_the_side():
    speakers = pd.DataFrame(
        {
            "speaker_id": ["ana", "office", "bo", "paper"],
            "name": ["Ana", "the Office", "Bo", "the Paper"],
            "type": ["person", "government", "person", "media outlet"],
            "side": ["North", "North", "South", "North"],
        }
    )
    quotes = pd.DataFrame(
        {
            "report_id": ["c-01", "c-01", "c-01", "c-02", "c-02", "c-02", "c-03"],
            "kind": ["direct", "direct", "scare", "direct", "direct", "publication", "unnamed"],
            "speaker": ["ana", "ana", "ana", "office", "bo", "paper", "not stated"],
        }
    )
    reports = pd.DataFrame({"report_id": ["c-01", "c-02", "c-03"], "outlet": ["One", "Two", "Three"]})
    expected = pd.DataFrame(
        {
            "report_id": ["c-01", "c-02", "c-03"],
            "outlet": ["One", "Two", "Three"],
            "person_quotes": [2, 0, 0],
            "persons": [["Ana"], [], []],
            "person_quoted": [True, False, False],
            "government_quotes": [0, 1, 0],
        }
    )
    pd.testing.assert_frame_equal(yardstick.side_quotes(quotes, speakers, reports, "North"), expected)


def test_article_side_quotes_takes_direct_quotations_of_persons_of_the_side():
    actors = pd.DataFrame(
        {"actor_id": ["ana", "paper", "bo"], "type": ["person", "media outlet", "person"], "country": ["North"] * 3}
    )
    quotes = pd.DataFrame(
        {"quote_id": ["q-01", "q-02", "q-03", "q-04"], "kind": ["direct", "direct", "scare", "direct"]}
    ).assign(speaker=["paper", "ana", "bo", "someone"])
    assert yardstick.article_side_quotes(quotes, actors, "North") == ["q-02"]


def test_the_seed_counts_match_the_committed_rows(tables):
    """The functions on the real data give what the CSV rows say, counted here without them."""
    counted = yardstick.facts_table(tables).set_index("fact")["in_text_read"].to_dict()
    by_hand = {fact: 0 for fact in values(DESCRIPTOR, coverage.FACTS, "fact")}
    for row in FACT_ROWS:
        by_hand[row["fact"]] += row["value"] == coverage.IN_TEXT
    assert counted == by_hand
    speakers = {row["speaker_id"]: row for row in table(coverage.SPEAKERS)}
    side = DESCRIPTOR["article"]["focus_side"]["value"]
    quoted = {
        row["report_id"]
        for row in QUOTE_ROWS
        if row["kind"] == "direct"
        and row["speaker"] in speakers
        and (speakers[row["speaker"]]["type"], speakers[row["speaker"]]["side"]) == ("person", side)
    }
    frame = yardstick.quoted_side(tables)
    assert set(frame[frame["person_quoted"]]["report_id"]) == quoted


def test_each_fact_has_a_label_and_a_missing_one_is_refused(tables):
    named = codebook.labels(tables.descriptor, "coverage_facts", "fact")
    assert named["energy_pause"] == "The halt to strikes on energy infrastructure"
    assert codebook.labels(tables.descriptor, "readouts", "side") == {v: v for v in ("kremlin", "white_house", "trump")}
    descriptor = copy.deepcopy(tables.descriptor)
    fact = next(f for f in codebook.fields(descriptor, "coverage_facts") if f["name"] == "fact")
    del fact["enumLabels"]["wounded_23"]
    with pytest.raises(ValueError, match=r"coverage_facts\.fact: enumLabels names .* allows"):
        codebook.labels(descriptor, "coverage_facts", "fact")


def test_the_facts_table_puts_what_most_reports_carry_first(tables):
    shown = BeautifulSoup(chapter_tables.coverage_facts(tables).data, "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in shown.select("tbody tr")]
    # From data/coverage/facts.csv: the energy halt is in 17 of the 18 texts read; the article has it not.
    assert rows[0] == ["The halt to strikes on energy infrastructure", "17 of 18", "no"]
    counts = [int(share.split(" of ")[0]) for _, share, _ in rows]
    assert counts == sorted(counts, reverse=True) and len(rows) == 10


def test_the_reports_table_names_who_of_the_focus_side_each_quotes(tables):
    shown = BeautifulSoup(chapter_tables.coverage_reports(tables).data, "html.parser")
    semafor = [td.get_text() for td in shown.find("tr", id="c-15").find_all("td")]
    assert semafor[1] == "Semafor" and semafor[5] == "Kirill Dmitriev"
    assert shown.find("tr", id="c-01").find("a")["href"] == "http://3.127.128.221/2025/03/18/putin-agrees-to-trump"
