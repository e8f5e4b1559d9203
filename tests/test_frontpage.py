"""The front page's header block: every fact in it from its one source, the external ones labelled."""

from __future__ import annotations

import re

import nbformat
from bs4 import BeautifulSoup

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
    assert f"published: {rows['date']['value']}" in article.get_text()


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


def test_the_dek_says_what_the_key_findings_say(tables):
    """The dek's words "mainly" and "sets the terms" must stay true of the numbers it glues."""
    dek = nbformat.read(paths.CHAPTERS / "index.ipynb", as_version=4).cells[0].source.split("\n\n")[1]
    values = findings.index(tables)
    assert "mainly through its newspapers" in dek and "sets the terms" in dek
    assert values["n_russian_publication"] > values["n_russian_quotes"] / 2
    assert values["n_putin_demands"] > values["n_demands"] / 2
    glued = ["n_russian_publication", "n_russian_quotes", "n_putin_demands", "n_demands"]
    assert re.findall(r"\{glue:\}`(\w+)`", dek) == glued
