"""The committed data: verbatim at every offset, every quotation mark accounted for, the codebook consistent."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from itertools import pairwise

import pandas as pd
import pytest

from callreport.dataset import paths
from callreport.dataset.article import quote_marks, read_article, split_blocks, split_sentences
from callreport.dataset.codebook import allowed_values, field_names, read_descriptor, table_resources
from callreport.dataset.generate import generated_tables, write_csv

DESCRIPTOR = read_descriptor()
ARTICLE = read_article()


def span_rows():
    """Every (file, row, start, end, text column) that the codebook declares as a span, with a value."""
    for resource in table_resources(DESCRIPTOR):
        with (paths.DATA / resource["path"]).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for span in resource["schema"].get("spans", []):
            for number, row in enumerate(rows, start=1):
                if row[span["start"]] != "":
                    yield pytest.param(row, span, id=f"{resource['path']}:{number}:{span['start']}")


def test_article_is_the_pinned_copy():
    """The copy's bytes are the ones the codebook pins, and the Frictionless resource declares the same."""
    raw = paths.ARTICLE.read_bytes()
    pin = DESCRIPTOR["article"]["sha256"]
    assert hashlib.sha256(raw).hexdigest() == pin
    declared = next(r for r in DESCRIPTOR["resources"] if r["path"] == "article.txt")
    assert (declared["hash"], declared["bytes"]) == (f"sha256:{pin}", len(raw))


@pytest.mark.parametrize(("row", "span"), list(span_rows()))
def test_every_span_is_verbatim(row, span):
    start, end = int(row[span["start"]]), int(row[span["end"]])
    assert 0 <= start < end <= len(ARTICLE)
    if "text" in span:
        assert row[span["text"]] == ARTICLE[start:end]


def test_every_quotation_mark_belongs_to_exactly_one_quote(tables):
    marks = quote_marks(ARTICLE)
    claimed = [q.start - 1 for q in tables.quotes.itertuples()] + [q.end for q in tables.quotes.itertuples()]
    assert sorted(claimed) == marks
    assert len(set(claimed)) == len(claimed)
    assert all(ARTICLE[q.start - 1] == '"' == ARTICLE[q.end] for q in tables.quotes.itertuples())


def test_quote_spans_do_not_overlap(tables):
    spans = sorted(zip(tables.quotes["start"], tables.quotes["end"], strict=True))
    assert all(end <= next_start for (_, end), (next_start, _) in pairwise(spans))


def test_generated_tables_are_current(tmp_path):
    """`make data` would write exactly the committed files, byte for byte."""
    for name, rows in generated_tables().items():
        fresh = tmp_path / f"{name}.csv"
        write_csv(fresh, field_names(DESCRIPTOR, name), rows)
        assert fresh.read_bytes() == (paths.DATA / f"{name}.csv").read_bytes(), name


def test_frictionless_cli_validates_the_package():
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json"],
        cwd=paths.DATA,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_every_enum_value_is_defined():
    for resource in table_resources(DESCRIPTOR):
        for field in resource["schema"]["fields"]:
            definitions = field.get("enumDefinitions")
            if definitions is not None:
                assert list(definitions) == field["constraints"]["enum"], (resource["name"], field["name"])


def test_every_field_and_resource_is_described():
    for resource in DESCRIPTOR["resources"]:
        assert resource.get("title") and resource.get("description"), resource["name"]
        for field in resource.get("schema", {}).get("fields", []):
            assert field.get("description"), (resource["name"], field["name"])


def test_loader_types_enums_as_categoricals(tables):
    for resource in table_resources(DESCRIPTOR):
        frame = getattr(tables, resource["name"], None)
        if frame is None:
            continue
        for field in resource["schema"]["fields"]:
            dtype = frame[field["name"]].dtype
            if field["type"] == "integer":
                assert dtype == "Int64", (resource["name"], field["name"])
            elif allowed_values(field) is not None:
                assert list(dtype.categories) == allowed_values(field), (resource["name"], field["name"])


def test_blocks_are_recognised():
    blocks = split_blocks(ARTICLE)
    kinds = [b.kind for b in blocks]
    assert kinds[0] == "title"
    assert kinds.count("image description") == kinds.count("image credit") == 2
    assert kinds.count("caption label") == kinds.count("caption") == 3
    assert kinds.count("published marker") == 1
    numbers = [b.paragraph for b in blocks if b.kind == "paragraph"]
    assert numbers == list(range(1, len(numbers) + 1))
    for label, caption in pairwise(blocks):
        if label.kind == "caption label":
            assert caption.kind == "caption"
    assert all(b.text == ARTICLE[b.start : b.end] for b in blocks)


def test_sentences_tile_every_paragraph():
    blocks = split_blocks(ARTICLE)
    sentences = split_sentences(ARTICLE, blocks)
    for block in (b for b in blocks if b.kind == "paragraph"):
        inside = [s for s in sentences if s.paragraph == block.paragraph]
        assert inside[0].start == block.start and inside[-1].end == block.end
        for left, right in pairwise(inside):
            assert ARTICLE[left.end : right.start].isspace()


def test_no_sentence_boundary_inside_a_quotation(tables):
    for quote in tables.quotes.itertuples():
        containing = tables.sentences[
            (tables.sentences["start"] <= quote.start) & (quote.end <= tables.sentences["end"])
        ]
        assert len(containing) == 1, quote.quote_id


def test_external_context_is_only_in_its_own_table(tables):
    dates = set(tables.external_context.query("field == 'date'")["value"])
    for name in ("actors", "quotes", "demands", "positions", "events", "sentences"):
        frame = getattr(tables, name).astype(str)
        for value in dates:
            assert not frame.apply(lambda column, v=value: column.str.contains(v)).any().any(), (name, value)


def test_article_metadata_says_what_is_external():
    statuses = {item["field"]: item["status"] for item in DESCRIPTOR["article"]["metadata"]}
    assert statuses["author"] == statuses["outlet"] == statuses["url"] == "external context"
    assert statuses["date"] == "not stated"  # no source found shows it: never guessed
    for item in DESCRIPTOR["article"]["metadata"]:
        assert (item["value"] == "not stated") == (item["status"] == "not stated"), item["field"]
        assert item["source"], item["field"]
    title = DESCRIPTOR["article"]["title"]
    assert ARTICLE[title["start"] : title["end"]] == title["value"]


def test_loader_holds_every_annotation_file_as_written(tables):
    """Tables.annotations is data/annotations/, every file the codebook lists there, cell for cell."""
    listed = [r for r in table_resources(DESCRIPTOR) if r["path"].startswith("annotations/")]
    assert set(tables.annotations) == {r["name"] for r in listed}
    for res in listed:
        with (paths.DATA / res["path"]).open(encoding="utf-8") as handle:
            rows = [list(row.values()) for row in csv.DictReader(handle)]
        frame = tables.annotations[res["name"]]
        assert [["" if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False)] == rows
