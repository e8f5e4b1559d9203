"""The front page's header block: every fact in it from its one source, the external ones labelled."""

from __future__ import annotations

import copy
import dataclasses

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from test_escape import CORPUS

from callreport.book import metadata
from callreport.dataset import paths
from callreport.report import findings, frontpage, prose

META = metadata.read()
REPORT = metadata.parts()["The report"]


def header(tables) -> BeautifulSoup:
    return BeautifulSoup(frontpage.header(tables, META, REPORT).data, "html.parser")


def test_the_byline_version_and_date_come_from_the_config(tables):
    byline = header(tables).find(class_="front-header__byline").get_text(" ", strip=True)
    assert META.author in byline and f"Version {META.version}" in byline
    assert header(tables).find("time")["datetime"] == META.date.isoformat()


def test_the_article_is_named_from_its_text_and_its_address_labelled_external(tables):
    article = header(tables).find(class_="front-header__article")
    rows = {row["field"]: row for row in tables.descriptor["article"]["metadata"]}
    assert article.find("cite").get_text() == tables.descriptor["article"]["title"]["value"]
    link = article.find("a", string="Read it at the BBC")
    assert link["href"] == rows["url"]["value"] and rows["url"]["status"] == "external context"
    assert "external context" in article.get_text()
    assert rows["date"]["value"] == "not stated" and rows["probable_date"]["value"] == "2025-03-19"
    assert rows["probable_date"]["status"] == "inferred by this report"
    assert "no date given; probably published Wednesday 19 March 2025, this report's inference" in article.get_text()


def test_reading_times_are_computed_from_words(tables):
    text = header(tables).get_text(" ", strip=True)
    words = int(tables.sentences["text"].str.split().str.len().sum())
    assert f"({round(words / frontpage.WORDS_PER_MINUTE) or 1} min read;" in text
    assert frontpage.minutes(frontpage.WORDS_PER_MINUTE * 10) == 10 and frontpage.minutes(3) == 1
    assert prose.words(["chapters/index"]) > 100


def test_the_way_in_lists_the_reports_chapters_in_order(tables):
    links = [a["href"] for a in header(tables).find("nav").find_all("a")]
    assert links == [f"{name.split('/')[-1]}.html" for name in REPORT]
    assert REPORT[0] == "chapters/article"


def test_the_dek_says_only_what_the_article_and_the_readouts_bear_out(tables):
    """The dek says the article does not report three steps announced after the call: a halt to strikes
    on energy infrastructure, a prisoner exchange and talks on the Black Sea. Each must be in a readout
    point this report records, and none may be in the article's text."""
    dek = nbformat.read(paths.CHAPTERS / "index.ipynb", as_version=4).cells[0].source.split("\n\n")[1]
    steps = {"energy infrastructure": "energy", "a prisoner exchange": "prisoner", "the Black Sea": "Black Sea"}
    assert all(phrase in dek for phrase in steps)
    points = " ".join(tables.readouts["point"])
    article = paths.ARTICLE.read_text(encoding="utf-8")
    for word in steps.values():
        assert word.lower() in points.lower(), f"no readout point mentions {word!r}"
        assert word.lower() not in article.lower(), f"the article does mention {word!r}"
    # The one source that says "victory" is quoted with its qualifier, as the article prints it.
    quoted = "as things stand Russia has scored a diplomatic victory"
    assert f'"{quoted}"' in dek
    assert quoted[0].upper() + quoted[1:] + " here." in article


# The lead graphic: the statements' points, grouped by whether the article reports them.


def record(tables) -> BeautifulSoup:
    return BeautifulSoup(frontpage.record_list(tables, "A title").data, "html.parser")


# Written out by hand from data/readouts.csv's in_article column: the points the article leaves out,
# and those it reports in part; it reports none in full.
LEFT_OUT = ["r-01", "r-03", "r-04", "r-06", "r-08", "r-09", "r-10", "r-12", "r-13"]
IN_PART = ["r-02", "r-05", "r-07", "r-11", "r-14"]


def test_the_list_groups_the_points_left_out_first_each_a_link_to_its_row(tables):
    soup = record(tables)
    groups = soup.select("section.record-list__group")
    answers = [g.select_one(".record-list__answer").get_text(" ", strip=True) for g in groups]
    assert answers == ["○ Not in the article (9)", "◐ Reported in part (5)"]
    hrefs = [[a["href"] for a in g.select("a.record-list__point")] for g in groups]
    assert hrefs == [[f"timeline.html#{r}" for r in ids] for ids in (LEFT_OUT, IN_PART)]
    raw = pd.read_csv(paths.DATA / "readouts.csv").set_index("readout_id")
    first = groups[0].select_one("a.record-list__point")
    assert first.select_one(".record-list__label").get_text() == raw.loc["r-01", "label"]
    assert first.select_one(".record-list__side").get_text() == "Kremlin"
    assert soup.select_one(".record-list__mark")["aria-hidden"] == "true"  # the word carries it to a reader
    # data/readouts.csv: r-09 alone rests on an aggregator's page (source_kind partisan aggregator).
    caveat = "Of the points, 1 is quoted in the statement's words only on a partisan aggregator's page."
    assert caveat in soup.select_one(".record-list__source").get_text()


def test_the_lists_title_counts_the_points_the_article_reports(tables):
    assert findings.record_title(tables) == (
        "Of 14 points this report takes from the Kremlin's, the White House's and Trump's statements, "
        "the article reports 5 in part and none in full"
    )
    none_in_part = dataclasses.replace(
        tables,
        readouts=tables.readouts.assign(in_article=lambda f: f["in_article"].replace("reported in part", "reported")),
    )
    assert findings.record_title(none_in_part).endswith("the article reports 5")


def test_the_list_refuses_an_answer_it_has_no_mark_for(tables):
    descriptor = copy.deepcopy(tables.descriptor)
    field = next(
        f
        for r in descriptor["resources"]
        if r["name"] == "readouts"
        for f in r["schema"]["fields"]
        if f["name"] == "in_article"
    )
    field["constraints"]["enum"].append("reported twice")
    with pytest.raises(ValueError, match="reported twice"):
        frontpage.record_points(dataclasses.replace(tables, descriptor=descriptor))


def test_the_list_escapes_its_labels(tables):
    hostile = tables.readouts.copy()
    hostile["label"] = [f"{label} {CORPUS[i % len(CORPUS)]}" for i, label in enumerate(hostile["label"])]
    soup = BeautifulSoup(
        frontpage.record_list(dataclasses.replace(tables, readouts=hostile), CORPUS[0]).data, "html.parser"
    )
    assert soup.find_all(["script", "img"]) == []
    assert soup.find(id="record-list-title").get_text() == CORPUS[0]
    shown = sorted(e.get_text() for e in soup.select(".record-list__label"))
    assert shown == sorted(hostile["label"])
