"""The record of the call (data/readouts.csv) against the evidence kept for it
(data/annotations/readout_sources.csv), read with the csv module alone, not through the loader: each
readout's words stand verbatim in the text read around them, at the page its row names. The counts and
ids expected here were made by hand from the two files and the article."""

from __future__ import annotations

import csv
from collections import Counter

from bs4 import BeautifulSoup

from callreport.dataset import paths
from callreport.report import chapter_tables, derive

WEAK_HOSTS = ("english.pravda.ru", "oann.com", "pjmedia.com", "indiatvnews.com", "unn.ua")


def rows(name: str) -> list[dict[str, str]]:
    with (paths.DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


READOUTS = rows("readouts.csv")
SOURCES = rows("annotations/readout_sources.csv")


def test_ids_are_unique():
    for table, column in ((READOUTS, "readout_id"), (SOURCES, "source_id")):
        ids = [row[column] for row in table]
        assert len(ids) == len(set(ids)), column


def test_the_record_has_the_points_counted_by_hand():
    assert [row["readout_id"] for row in READOUTS] == [f"r-{n:02d}" for n in range(1, 15)]
    assert Counter(row["side"] for row in READOUTS) == {"kremlin": 8, "white_house": 4, "trump": 2}
    assert len(SOURCES) == 35


def test_each_readout_has_one_best_source_whose_context_holds_its_words():
    for readout in READOUTS:
        best = [s for s in SOURCES if s["readout_id"] == readout["readout_id"] and s["role"] == "best source"]
        assert len(best) == 1, readout["readout_id"]
        assert best[0]["address"] == readout["found_at"], readout["readout_id"]
        assert readout["readout_words"] in best[0]["context"], readout["readout_id"]


def test_every_quotation_stands_in_a_short_context():
    known = {row["readout_id"] for row in READOUTS}
    for source in SOURCES:
        assert source["readout_id"] in known, source["source_id"]
        assert source["role"] in ("best source", "compared"), source["source_id"]
        assert source["quoted"] in source["context"], source["source_id"]
        assert len(source["context"]) <= 300, source["source_id"]
        assert len(source["excerpt_sha256"]) == 64 and set(source["excerpt_sha256"]) <= set("0123456789abcdef")
        assert 0 < int(source["excerpt_bytes"]) <= 2000, source["source_id"]  # the search tool's cut


def test_one_page_gives_one_excerpt():
    """Two rows that quote the same page quote the same excerpt of it."""
    seen: dict[str, tuple[str, str]] = {}
    for source in SOURCES:
        excerpt = (source["excerpt_sha256"], source["excerpt_bytes"])
        assert seen.setdefault(source["address"], excerpt) == excerpt, source["source_id"]


def test_the_weak_sources_are_gone_from_found_at():
    for readout in READOUTS:
        assert not any(host in readout["found_at"] for host in WEAK_HOSTS), readout["readout_id"]


def test_bears_on_and_in_article_as_decided_by_hand():
    sentences = {row["sentence_id"] for row in rows("sentences.csv")}
    bears_on = {row["readout_id"]: row["bears_on"] for row in READOUTS}
    assert [rid for rid, value in bears_on.items() if value == "none"] == ["r-09", "r-10"]
    assert all(value in sentences for value in bears_on.values() if value != "none")
    in_article = {row["readout_id"]: row["in_article"] for row in READOUTS}
    assert [rid for rid, value in in_article.items() if value == "reported"] == []
    assert [rid for rid, value in in_article.items() if value == "reported in part"] == [
        "r-02",
        "r-05",
        "r-07",
        "r-11",
        "r-14",
    ]
    assert Counter(in_article.values())["not in the article"] == 9


def test_the_scope_of_the_halt_is_quoted_as_each_side_worded_it():
    """The Kremlin's words cover energy infrastructure; the White House's and Trump's energy and infrastructure."""
    words = {row["readout_id"]: row["readout_words"] for row in READOUTS}
    assert "energy infrastructure facilities" in words["r-01"]
    assert "energy and infrastructure ceasefire" in words["r-04"]
    assert "all Energy and Infrastructure" in words["r-06"]
    for rid in ("r-01", "r-04", "r-06"):
        assert "nfrastructure" in next(r["differs"] for r in READOUTS if r["readout_id"] == rid)


def test_the_call_date_no_longer_cites_the_weak_sources():
    x02 = next(row for row in rows("external_context.csv") if row["context_id"] == "x-02")
    assert not any(host in x02["source"] for host in WEAK_HOSTS)
    assert "kyivindependent.com" in x02["source"] and "apr.org" in x02["source"]


def test_the_table_names_each_source_by_its_site_and_links_its_address(tables):
    frame = derive.readouts(tables).set_index("readout_id")
    assert derive.site_of("https://www.npr.org/2025/03/18/a") == "npr.org"
    assert derive.site_of("http://3.127.128.221/2025/03/18/putin-agrees-to-trump") == "3.127.128.221"
    assert frame.loc["r-01", "found_at_site"] == "3.127.128.221"  # data/readouts.csv's found_at, read by hand
    shown = BeautifulSoup(chapter_tables.readouts(tables).data, "html.parser")
    link = shown.find("tr", id="r-01").find("a", string="3.127.128.221")
    assert link["href"] == "http://3.127.128.221/2025/03/18/putin-agrees-to-trump"
