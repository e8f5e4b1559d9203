"""The front page's header block: every fact in it from its one source, the external ones labelled."""

from __future__ import annotations

import dataclasses
import re

import nbformat
import pandas as pd
from bs4 import BeautifulSoup
from test_escape import CORPUS

from callreport.book import metadata
from callreport.dataset import paths
from callreport.dataset.codebook import Side
from callreport.report import findings, frontpage, prose, theme

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
    """The dek says the article leaves out three steps the governments announced: a halt to strikes on
    energy infrastructure, a prisoner exchange and talks on the Black Sea. Each must be in a readout
    point this report records, and none may be in the article's text."""
    dek = nbformat.read(paths.CHAPTERS / "index.ipynb", as_version=4).cells[0].source.split("\n\n")[1]
    steps = {"energy infrastructure": "energy", "a prisoner exchange": "prisoner", "the Black Sea": "Black Sea"}
    assert all(phrase in dek for phrase in steps)
    points = " ".join(tables.readouts["point"])
    article = paths.ARTICLE.read_text(encoding="utf-8")
    for word in steps.values():
        assert word.lower() in points.lower(), f"no readout point mentions {word!r}"
        assert word.lower() not in article.lower(), f"the article does mention {word!r}"
    assert '"probably" because Putin had made no major concessions' in dek
    assert "Probably because" in article and "any major concessions" in article


# The lead graphic: the article's sentences as a strip of links, quotations marked.


def strip(tables) -> BeautifulSoup:
    return BeautifulSoup(frontpage.sentence_strip(tables).data, "html.parser")


def kinds_by_sentence() -> dict[str, list[str]]:
    """From the raw CSV files: the kinds of quotation whose first character lies in each sentence."""
    sentences = pd.read_csv(paths.DATA / "sentences.csv")
    quotes = pd.read_csv(paths.DATA / "quotes.csv")
    return {
        s.sentence_id: [q.kind for q in quotes.itertuples() if s.start <= q.start < s.end]
        for s in sentences.itertuples()
    }


def test_the_strip_has_one_link_per_sentence_in_reading_order(tables):
    sentences = pd.read_csv(paths.DATA / "sentences.csv")
    links = strip(tables).select("ol.sentence-strip__cells > li > a")
    assert [a["href"] for a in links] == [f"article.html#{s}" for s in sentences["sentence_id"]]
    assert [a["title"] for a in links] == sentences["text"].tolist()


def test_each_cell_shows_its_sentences_quotations_by_kind_and_its_voice(tables):
    sentences = pd.read_csv(paths.DATA / "sentences.csv")
    expected = kinds_by_sentence()
    assert sum(map(len, expected.values())) == len(pd.read_csv(paths.DATA / "quotes.csv"))
    for a, s in zip(strip(tables).select("a.sentence-strip__cell"), sentences.itertuples(), strict=True):
        fills = [
            c.removeprefix("sentence-strip__kind--") for f in a.select(".sentence-strip__kind") for c in f["class"]
        ]
        assert [f for f in fills if f != "sentence-strip__kind"] == expected[s.sentence_id]
        assert f"sentence-strip__voice--{s.voice.replace(' ', '-')}" in a.select_one(".sentence-strip__voice")["class"]
        name = a["aria-label"]
        number = int(s.sentence_id.removeprefix("s-"))
        assert name.startswith(f"Sentence {number}, {s.voice}: ")
        assert all(f"{kind} quotation" in name for kind in expected[s.sentence_id])
        assert ("no quotation" in name) == (not expected[s.sentence_id])


def test_the_strips_title_counts_sentences_and_agrees_with_the_findings(tables):
    expected = kinds_by_sentence()
    quoted = sum(1 for kinds in expected.values() if kinds)
    values = findings.index(tables)
    title = strip(tables).find(id="sentence-strip-title").get_text()
    assert title.startswith(f"{quoted} of {values['n_sentences']} sentences carry a quotation; ")
    assert title.endswith("none quotes a Russian speaker directly") == (values["n_russian_direct"] == 0)


def test_the_strips_legend_explains_every_colour_it_draws(tables):
    soup = strip(tables)
    drawn = {c for e in soup.select("ol .sentence-strip__kind, ol .sentence-strip__voice") for c in e["class"]}
    keyed = {c for e in soup.select(".sentence-strip__legend .sentence-strip__key > span") for c in e["class"]}
    assert drawn - {"sentence-strip__kind", "sentence-strip__voice"} == keyed - {
        "sentence-strip__swatch",
        "sentence-strip__bar",
    }
    legend = soup.find(class_="sentence-strip__legend").get_text(" ", strip=True)
    assert all(kind in legend for kinds in kinds_by_sentence().values() for kind in kinds) and "none" in legend


def test_the_title_counts_sentences_that_quote_the_focus_side_directly():
    russia = Side("Russia", "a Russian speaker")
    russian = {"kind": "direct", "side": "Russia"}
    cells = [{"quotes": [russian]}, {"quotes": [russian, russian]}, {"quotes": []}]
    title = "2 of 3 sentences carry a quotation; 2 quote a Russian speaker directly"
    assert frontpage.strip_title(cells, russia) == title
    assert frontpage.strip_title(cells[1:], russia).endswith("; 1 quotes a Russian speaker directly")
    # The side is the descriptor's: read from another side, the same cells quote none of its speakers.
    other = Side("Ulvenia", "an Ulvenian speaker")
    assert frontpage.strip_title(cells, other).endswith("; none quotes an Ulvenian speaker directly")


def test_the_strip_escapes_the_sentences_text(tables):
    hostile = tables.sentences.copy()
    hostile["text"] = [f"{text} {CORPUS[i % len(CORPUS)]}" for i, text in enumerate(hostile["text"])]
    soup = strip(dataclasses.replace(tables, sentences=hostile))
    assert soup.find_all(["script", "img"]) == []
    assert [a["title"] for a in soup.select("a.sentence-strip__cell")] == hostile["text"].tolist()


def test_the_strips_colours_are_the_themes():
    """report.css holds the hues (the page's policy allows no style attribute); they must be theme.py's."""
    css = (paths.ROOT / "callreport" / "book" / "static" / "report.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r"\.sentence-strip__((?:kind|voice)--[\w-]+) \{ background: (#[0-9A-Fa-f]{6}); \}", css))
    expected = {f"kind--{k}": c for k, c in theme.KIND_COLOURS.items()} | {
        f"voice--{v.replace(' ', '-')}": c for v, c in theme.VOICE_COLOURS.items()
    }
    assert {k: c.upper() for k, c in rules.items()} == {k: c.upper() for k, c in expected.items()}
