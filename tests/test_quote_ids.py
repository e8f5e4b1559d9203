"""Quote ids are given once, in the judgments: a quotation added to the article renumbers no other,
and each defect in the ids is one exact error, the same from `make data` (generate) as from
`make validate` (load)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from test_corruptions import append_row, drop_row, rows_of, set_cell, write_rows

from callreport.book import addresses
from callreport.dataset import generate, paths
from callreport.dataset.errors import DataError
from callreport.dataset.load import load

JUDGMENTS = "annotations/quote_judgments.csv"
ARTICLE = paths.ARTICLE.read_text(encoding="utf-8")
# A scare-quoted word added at the end of the first body sentence, before every quotation the article
# has and clear of every span but the sentence's own and its block's.
INSERT_AT = ARTICLE.index("for the Kremlin.") + len("for the Kremlin")
INSERTED = ', a "triumph"'
NEW_JUDGMENT = ["q-13", "629", "636", "triumph", "scare", "not stated", "none", "q-13", "none", "Added by a test."]


def committed_quotes() -> list[tuple[str, str, str, str]]:
    """(quote_id, text, group_id, echoes) of every row of the committed data/quotes.csv."""
    with (paths.DATA / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        return [(r["quote_id"], r["text"], r["group_id"], r["echoes"]) for r in csv.DictReader(handle)]


def shift_offsets(data: Path, at: int, by: int) -> None:
    """Move on by `by` every offset of every table that lies past `at` (a start at `at` too: the new
    text goes before it; an end at `at` stays, since its span ends before the new text)."""
    for path in data.rglob("*.csv"):
        rows = rows_of(path)
        header = rows[0]
        columns = [i for i, name in enumerate(header) if name in ("start", "end") or name.endswith(("_start", "_end"))]
        for row in rows[1:]:
            for i in columns:
                if row[i] != "" and (int(row[i]) > at or (int(row[i]) == at and not header[i].endswith("end"))):
                    row[i] = str(int(row[i]) + by)
        write_rows(path, rows)


def insert_quote(data: Path, judged: bool = True) -> None:
    """Add the quotation to the copy's article, as a correction might, and move every offset after it;
    with `judged`, add its judgment in reading order (the first row) under the next unused id, q-13."""
    shift_offsets(data, INSERT_AT, len(INSERTED))
    text = ARTICLE[:INSERT_AT] + INSERTED + ARTICLE[INSERT_AT:]
    (data / "article.txt").write_text(text, encoding="utf-8")
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    descriptor["article"]["sha256"] = digest
    article = next(r for r in descriptor["resources"] if r["name"] == descriptor["article"]["resource"])
    article.update(bytes=len(text.encode("utf-8")), hash=f"sha256:{digest}")
    (data / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    if judged:
        rows = rows_of(data / JUDGMENTS)
        write_rows(data / JUDGMENTS, [rows[0], NEW_JUDGMENT, *rows[1:]])


def test_the_inserted_quotation_is_where_the_test_means_it(data_copy):
    insert_quote(data_copy)
    text = (data_copy / "article.txt").read_text(encoding="utf-8")
    assert text[int(NEW_JUDGMENT[1]) - 1 : int(NEW_JUDGMENT[2]) + 1] == '"triumph"'
    assert 'certainly for the Kremlin, a "triumph".\n\n"Putin and Trump agreed' in text  # before the first quote


def test_an_inserted_quotation_renumbers_no_other(data_copy):
    insert_quote(data_copy)
    quotes = generate.generated_tables(data_copy)["quotes"]
    result = [(q["quote_id"], q["text"], q["group_id"], q["echoes"]) for q in quotes]
    expected = [("q-13", "triumph", "q-13", "none"), *committed_quotes()]
    assert result == expected
    assert result[1][:2] == ("q-01", "Putin and Trump agreed to work together on Ukraine resolution,")


def test_the_copy_with_the_inserted_quotation_validates_and_moves_no_address(data_copy):
    insert_quote(data_copy)
    generate.main(data_copy)
    tables = load(data_copy)  # every offset, span and link of the copy checked
    assert list(tables.quotes["quote_id"][:2]) == ["q-13", "q-01"]
    assert addresses.moved(tables) == []  # every listed quote, demand and event still names its text


def test_an_inserted_quotation_without_a_judgment_is_named(data_copy):
    insert_quote(data_copy, judged=False)
    with pytest.raises(DataError) as caught:
        generate.main(data_copy)
    assert str(caught.value) == (
        "data/annotations/quote_judgments.csv, column 'start': expected a judgment for the quoted span 629-636 "
        "('triumph'); found none"
    )


def move_judgment(row: int, start: int, end: int):
    """Point one judgment at other offsets, its text kept verbatim at them."""

    def mutate(data: Path) -> None:
        rows = rows_of(data / JUDGMENTS)
        rows[row][1:4] = [str(start), str(end), ARTICLE[start:end]]
        write_rows(data / JUDGMENTS, rows)

    return mutate


def malformed(value: str):
    return (
        f"malformed id {value!r}",
        set_cell(JUDGMENTS, 5, "quote_id", value),
        "data/annotations/quote_judgments.csv, row 5, column 'quote_id': expected text matching ^q-\\d{2}$; "
        f"found {value!r}",
    )


# Each defect changes the judgments alone, so the generated tables stand as committed.
CASES = [
    (
        "quoted span without a judgment",
        drop_row(JUDGMENTS, 9),
        "data/annotations/quote_judgments.csv, column 'start': expected a judgment for the quoted span 3605-3624 "
        "('Russian real estate'); found none",
    ),
    (
        "judgment without a span",
        move_judgment(5, 1393, 1411),
        "data/annotations/quote_judgments.csv, row 5, column 'start': expected the offsets of a quoted span the "
        "code finds; found 1393-1411",
    ),
    (
        "duplicate id",
        set_cell(JUDGMENTS, 5, "quote_id", "q-01"),
        "data/annotations/quote_judgments.csv, row 5, column 'quote_id': expected a value not used in any other "
        "row; found 'q-01', as in row 1",
    ),
    (
        "a span judged twice",
        append_row(JUDGMENTS, ["q-13", *rows_of(paths.DATA / JUDGMENTS)[1][1:]]),
        "data/annotations/quote_judgments.csv, row 13: expected a value not used in any other row; "
        "found '628', '690', as in row 1",
    ),
    (
        "empty id",
        set_cell(JUDGMENTS, 5, "quote_id", ""),
        "data/annotations/quote_judgments.csv, row 5, column 'quote_id': expected a value; found an empty cell",
    ),
    malformed("q-5"),
    malformed("q-005"),
    malformed("Q-05"),
    malformed("q05"),
    malformed("q-05 "),
    malformed("q-\u0660\u0665"),  # Arabic-Indic digits, which \d alone would take
]


@pytest.mark.parametrize("reader", [generate.generated_tables, load], ids=["make data", "make validate"])
@pytest.mark.parametrize(("mutate", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_defect_in_the_ids_is_one_exact_error(data_copy, reader, mutate, message):
    mutate(data_copy)
    with pytest.raises(DataError) as caught:
        reader(data_copy)
    assert str(caught.value) == message


def test_the_ids_pattern_is_the_codebooks():
    """The generator refuses what the codebook's pattern refuses, for the judgments and the quotes alike."""
    descriptor = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    patterns = {
        resource["name"]: field["constraints"]["pattern"]
        for resource in descriptor["resources"]
        for field in resource.get("schema", {}).get("fields", [])
        if field["name"] == "quote_id"
    }
    assert patterns == dict.fromkeys(
        ["quotes", "quote_checks", "quote_judgments", "quote_judgments_first", "quote_judgments_second"],
        generate.QUOTE_ID.pattern,
    )


def test_a_pass_must_name_a_span_by_the_final_id(data_copy):
    set_cell("annotations/second_pass/quote_judgments.csv", 5, "quote_id", "q-13")(data_copy)
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert str(caught.value) == (
        "data/annotations/second_pass/quote_judgments.csv, row 5, column 'quote_id': expected 'q-05', the id "
        "data/annotations/quote_judgments.csv gives the span 1391-1411; found 'q-13'"
    )


def test_the_committed_ids_are_the_judgments(tables):
    """quotes.csv holds, span by span, the id its judgment gives, read here from the file itself."""
    with (paths.DATA / JUDGMENTS).open(encoding="utf-8", newline="") as handle:
        judged = {(int(r["start"]), int(r["end"])): r["quote_id"] for r in csv.DictReader(handle)}
    result = {(int(s), int(e)): q for q, s, e in tables.quotes[["quote_id", "start", "end"]].itertuples(index=False)}
    assert result == judged
