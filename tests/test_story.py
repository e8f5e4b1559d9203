"""The report's prose, as a general reader meets it on the built pages (callreport.book.reading):
short enough to read, free of the codebook's labels and row ids, no sentence opening with a digit."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from callreport.book import metadata, reading
from callreport.dataset import codebook, paths
from callreport.report import prose

pytestmark = pytest.mark.book
SITE = paths.BUILD / "html"
# The front page and the chapters of the report proper, before the methodology (_toc.yml's first part).
REPORT = ["chapters/index", *metadata.parts()["The report"]]
MOST_WORDS = 4000  # the whole report's reader prose, front page included (the story issue's ceiling)
# Words of the codebook that a general reader should not meet in a sentence: its unit of quotation,
# its placeholder for silence, and (below) every row id its tables' keys allow.
LABELS = re.compile(r"\bspans?\b|\bnot stated\b", re.I)


def row_ids() -> re.Pattern:
    """Any numbered row id the codebook's primary keys allow (q-05, d-03, s-12, ...), read from their
    patterns."""
    descriptor = codebook.read_descriptor()
    patterns = []
    for resource in descriptor["resources"]:
        key = resource.get("schema", {}).get("primaryKey")
        fields = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
        pattern = fields.get(key, {}).get("constraints", {}).get("pattern") if isinstance(key, str) else None
        if pattern and r"\d" in pattern:  # numbered ids (q-05); an actor's id is a word (putin)
            patterns.append(pattern.strip("^$"))
    return re.compile(r"(?<![\w#-])(?:" + "|".join(sorted(set(patterns))) + r")(?![\w-])")


@pytest.fixture(scope="module")
def reader_prose():
    if not (SITE / "chapters" / "index.html").exists():
        pytest.fail(f"{SITE} holds no built book: run `make html` first (make test does)")
    return {docname: reading.page_blocks(SITE, docname) for docname in REPORT}


def test_the_report_is_short_enough_to_read(reader_prose):
    counts = {docname: reading.words(blocks) for docname, blocks in reader_prose.items()}
    assert sum(counts.values()) <= MOST_WORDS, counts


def test_no_codebook_label_or_row_id_in_reader_prose(reader_prose):
    ids = row_ids()
    found = [
        f"{docname}: {sentence[:120]}"
        for docname, blocks in reader_prose.items()
        for sentence in reading.sentences(blocks)
        if LABELS.search(sentence) or ids.search(sentence)
    ]
    assert found == []


def test_no_sentence_opens_with_a_digit(reader_prose):
    found = [
        f"{docname}: {sentence[:80]}"
        for docname, blocks in reader_prose.items()
        for sentence in reading.sentences(blocks)
        if re.match(r"[“\"‘(]*\d", sentence)
    ]
    assert found == []


def test_the_guards_can_fail():
    page = """<article class="bd-article"><section><h1>T</h1><p>12 spans, in q-05. A “not stated” cell.</p>
    <table><tr><td>q-07 spans</td></tr></table><div class="article"><p>d-01 text</p></div></section>
    <section><h2>Data used in this chapter</h2><p>sentences.csv s-01</p></section></article>"""
    blocks = reading.blocks(page)
    assert blocks == ["T", "12 spans, in q-05. A “not stated” cell."]
    sentences = reading.sentences(blocks)
    assert sentences == ["T", "12 spans, in q-05.", "A “not stated” cell."]
    assert [bool(LABELS.search(s)) for s in sentences] == [False, True, True]
    assert [bool(row_ids().search(s)) for s in sentences] == [False, True, False]
    assert not row_ids().search("see #q-05 in the address")


def test_the_newest_version_names_the_data_and_the_findings_it_has():
    """The changes page's newest entry is the report's version, names the data package's version,
    and counts the key findings the front page lists."""
    meta = metadata.read()
    newest = meta.changes[0]
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert (newest["version"], str(newest["date"])) == (meta.version, meta.date.isoformat())
    assert newest["data"].startswith(f"Data package {descriptor['version']} ")
    findings_section = prose.section(prose.of("chapters/index"), "Key findings")
    listed = re.findall(r"^\d+\. \*\*", findings_section, flags=re.M)
    words = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
    assert newest["findings"].startswith(f"The {words[len(listed)]} key findings")


def test_the_claims_ledger_names_each_key_finding_as_the_front_page_states_it():
    """The methodology's ledger takes each key finding by its heading: the same headings, in order."""

    def headings(notebook: str, marker: str) -> list[str]:
        cell = next(
            c.source
            for c in nbformat.read(paths.CHAPTERS / notebook, as_version=4).cells
            if c.cell_type == "markdown" and marker in c.source
        )
        return re.findall(r"^\d+\. \*\*(.+?)\*\*", cell, re.M)

    front = headings("index.ipynb", "## Key findings")
    assert len(front) >= 5
    assert headings("methodology.ipynb", "## The claims ledger") == front
