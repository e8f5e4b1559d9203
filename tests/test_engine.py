"""The engine takes any article: the dataset and book wings and the report's generic modules type no
name of the seed article, and a second, invented article (tests/fixtures/second_article) goes through
the same code. It generates, validates, loads and renders its tables, charts, annotated text, front
page and citation, each with its own names and none of the seed's."""

from __future__ import annotations

import csv
import dataclasses
import inspect
import json
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from test_corruptions import set_cell

from callreport.book import metadata
from callreport.dataset import agreement, paths
from callreport.dataset.codebook import article_info, read_descriptor, table_resources
from callreport.dataset.errors import DataError
from callreport.dataset.load import load, validate
from callreport.report import annotate, chapter_tables, charts, figures, frontpage

FIXTURE = paths.ROOT / "tests" / "fixtures" / "second_article" / "data"
PACKAGE = paths.ROOT / "callreport"

# -- the seed article's names, from its descriptor and its actors, never typed here ------------


def seed_names(data_dir: Path = paths.DATA) -> set[str]:
    """Every name the seed article's data give: its headline, author, outlet, rights holder, how the
    prose names its outlet and its focus side's speakers, its keywords, each actor's name and aliases
    and every country that is a side; each also word by word (the capitalised words), so that 'Trump'
    is caught as well as 'Donald Trump'."""
    article = article_info(read_descriptor(data_dir / "datapackage.json"))
    phrases = {
        article.title,
        article.author,
        article.outlet,
        article.rights_holder,
        article.outlet_in_prose,
        article.focus_side.name,
        article.focus_side.speaker,
        *article.keywords,
    }
    with (data_dir / "actors.csv").open(encoding="utf-8") as handle:
        for actor in csv.DictReader(handle):
            phrases |= {actor["name"], actor["country"], *actor["aliases"].split(" | ")}
    with (data_dir / "external_context.csv").open(encoding="utf-8") as handle:
        phrases |= {row["value"] for row in csv.DictReader(handle) if row["field"] == "country"}
    phrases -= {"none", "not stated"}
    # Common words that begin a name ('The paper', 'President Putin', 'BBC News') are no name on their
    # own: only these are left out of the words (the whole phrases are still checked).
    common = {"The", "President", "News"}
    words = {w for p in phrases for w in re.findall(r"[A-Z][\w'-]*", p) if w not in common}
    return {p for p in phrases if p[:1].isupper() or " " in p} | words


SEED_NAMES = seed_names()

# The report's modules that make no claim about an article; the others are the article's analysis
# (its findings and the chart titles written from them), which may name its countries and people.
GENERIC = {
    "theme",
    "figures",
    "typeface",
    "html_tables",
    "escape",
    "annotate",
    "prose",
    "english",
    "chapter",
    "derive",
    "frontpage",
    "chapter_tables",
    "yardstick",
    "quote_accuracy",
}
ANALYSIS = {"findings", "charts"}  # charts is a package: one module per chart, whose titles read the findings
# Vega's licence is held by the University of Washington: the attribution vendor.py prints names
# the licence holder, not the article's Washington. Only that exact phrase is passed over.
NOT_THE_ARTICLE = {PACKAGE / "book" / "vendor.py": ["University of Washington"]}


def engine_files() -> list[Path]:
    """The package's own files outside the article's analysis: the dataset and book wings whole
    (code, templates, scripts and styles, not the third-party bundles in book/static/vendor/ nor
    npm's lock), the generic report modules, what every chart shares (charts/common) and the package's
    own entry points."""
    files = [PACKAGE / "__init__.py", PACKAGE / "__main__.py"]
    for wing in ("dataset", "book"):
        for path in sorted((PACKAGE / wing).rglob("*")):
            inside = path.relative_to(PACKAGE / wing).parts
            third_party = inside[:2] == ("static", "vendor") or path.name == "package-lock.json"
            if path.is_file() and path.suffix in {".py", ".html", ".js", ".css", ".json"} and not third_party:
                files.append(path)
    files += [PACKAGE / "report" / f"{name}.py" for name in sorted(GENERIC)]
    files.append(PACKAGE / "report" / "charts" / "common.py")
    return files


def names_in(text: str, names: set[str]) -> list[str]:
    """The names that occur in the text as whole words, case and all."""
    return sorted(name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text))


def test_every_report_module_is_generic_or_the_articles_analysis():
    modules = {p.stem for p in (PACKAGE / "report").glob("*.py") if p.name != "__init__.py"}
    modules |= {p.parent.name for p in (PACKAGE / "report").glob("*/__init__.py")}
    assert modules == GENERIC | ANALYSIS, "say whether a new report module is generic or the article's analysis"


def test_the_seed_names_come_from_its_data():
    article = article_info(read_descriptor())
    assert {article.author, article.outlet, article.rights_holder, article.focus_side.name} <= SEED_NAMES
    assert {"Trump", "Putin", "Kremlin", "Russian", "Rosenberg", "BBC"} <= SEED_NAMES  # a word of a name
    assert "BBC News" in SEED_NAMES and {"The", "News", "none"}.isdisjoint(SEED_NAMES)


@pytest.mark.parametrize("path", engine_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_engine_names_nothing_of_the_seed_article(path):
    text = path.read_text(encoding="utf-8")
    for phrase in NOT_THE_ARTICLE.get(path, []):
        assert phrase in text, f"{phrase!r} is no longer in {path.name}: drop it from NOT_THE_ARTICLE"
        text = text.replace(phrase, "")
    assert names_in(text, SEED_NAMES) == [], "read the article's names from its descriptor (codebook.article_info)"


def test_the_name_check_can_fail(tmp_path):
    article = article_info(read_descriptor())
    typed = f'RIGHTS = "© {article.rights_holder}"\nSIDE = "{article.focus_side.name}"\n'
    assert names_in(typed, SEED_NAMES) == sorted({article.rights_holder, article.focus_side.name})
    assert names_in("the Russian parties; Trumpet; putin", SEED_NAMES) == ["Russian"]


# -- the second article: generated, validated, loaded and rendered by the same code ---------------


def rows(data_dir: Path, relative: str) -> list[dict[str, str]]:
    with (data_dir / relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def second() -> object:
    return load(FIXTURE)


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def test_the_fixture_says_it_is_fiction():
    readme = (FIXTURE.parent / "README.md").read_text(encoding="utf-8")
    assert "**This is fiction.**" in readme
    descriptor = read_descriptor(FIXTURE / "datapackage.json")
    assert "No such article, author, outlet, country or event exists" in descriptor["description"]
    assert (FIXTURE / "article.txt").read_text(encoding="utf-8").startswith("Fiction for testing: ")


def test_the_fixture_keeps_the_engines_codebook():
    """Its resources and their fields are the seed's, in order: a change to the codebook's shape is
    made in both, or this names the resource that fell behind."""
    seed, fixture = read_descriptor(), read_descriptor(FIXTURE / "datapackage.json")
    shape = {
        r["name"]: (r["path"], [f["name"] for f in r.get("schema", {}).get("fields", [])]) for r in seed["resources"]
    }
    for resource in fixture["resources"]:
        fields = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
        assert (resource["path"], fields) == shape.pop(resource["name"]), resource["name"]
    assert shape == {}, f"resources the fixture lacks: {sorted(shape)}"


def test_generate_writes_the_fixtures_derived_tables_from_its_article_and_annotations(fixture_copy):
    derived = ["blocks.csv", "sentences.csv", "quotes.csv", "hedges.csv"]
    for name in derived:
        (fixture_copy / name).write_text("stale\n", encoding="utf-8")
    # The command line takes the folder (make data gives none: the repository's data/). It runs in a
    # process of its own, since running an imported module again as __main__ is not the command.
    command = [sys.executable, "-m", "callreport.dataset.generate", str(fixture_copy)]
    result = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert "wrote data/quotes.csv: 4 rows" in result.stdout.splitlines()
    for name in derived:
        assert (fixture_copy / name).read_bytes() == (FIXTURE / name).read_bytes(), name
    quotes = rows(fixture_copy, "quotes.csv")
    assert [q["quote_id"] for q in quotes] == ["q-01", "q-02", "q-03", "q-04"]
    texts = ["A win for Ulvenia in the strait,", "Our boats stay where they are,", "a start", "win"]
    assert [q["text"] for q in quotes] == texts
    assert len(rows(fixture_copy, "sentences.csv")) == 13
    assert [b["kind"] for b in rows(fixture_copy, "blocks.csv")][:7] == [
        "title",
        "published marker",
        "image description",
        "image credit",
        "caption label",
        "caption",
        "paragraph",
    ]


def test_the_fixture_validates_with_the_validate_command(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["callreport", "validate", str(FIXTURE)])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("callreport", run_name="__main__", alter_sys=True)
    out, err = capsys.readouterr()
    assert (exited.value.code, err) == (0, "")
    assert out.splitlines()[0] == f"ok: {FIXTURE}"
    assert "  data/demands.csv: 3" in out.splitlines() and "  data/quotes.csv: 4" in out.splitlines()


def test_the_fixture_is_held_to_every_rule_of_the_seed(fixture_copy):
    """Its own enums, its own actors: a seed category and a seed speaker are refused, each with the
    one clear error the seed's data would give."""
    set_cell("demands.csv", 1, "category", "ceasefire")(fixture_copy)
    with pytest.raises(DataError) as caught:
        validate(fixture_copy)
    assert str(caught.value) == (
        "data/demands.csv, row 1, column 'category': expected one of ['fishing ban', 'border crossings']; "
        "found 'ceasefire'"
    )
    set_cell("demands.csv", 1, "category", "fishing ban")(fixture_copy)
    set_cell("annotations/quote_judgments.csv", 2, "speaker", "trump")(fixture_copy)
    set_cell("quotes.csv", 2, "speaker", "trump")(fixture_copy)
    with pytest.raises(DataError) as caught:
        validate(fixture_copy)
    assert str(caught.value) == (
        "data/quotes.csv, row 2, column 'speaker': expected an actor_id listed in data/actors.csv; found 'trump'"
    )


def test_the_fixtures_focus_side_must_be_one_of_its_sides(fixture_copy):
    descriptor = json.loads((fixture_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["article"]["focus_side"]["value"] = "Russia"
    (fixture_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(fixture_copy)
    assert str(caught.value) == (
        "data/datapackage.json: expected article.focus_side.value to be a side of the data, a country of "
        "data/actors.csv or data/external_context.csv ('Kestria', 'Ulvenia'); found 'Russia'"
    )


def test_the_fixture_loads_as_typed_tables(second):
    assert second.article == (FIXTURE / "article.txt").read_text(encoding="utf-8")
    for name in ("actors", "quotes", "demands", "positions", "events", "hedges", "readouts"):
        assert len(getattr(second, name)) == len(rows(FIXTURE, f"{name}.csv")), name
    assert list(second.quotes["speaker"]) == ["harbour_courier", "vorne", "ilkey", "some_in_ulvenia"]
    assert list(second.demands["category"].cat.categories) == ["fishing ban", "border crossings"]
    assert second.events["order"].tolist()[:3] == [1, 2, 3] and pd.isna(second.events["order"].iloc[3])
    assert set(second.annotations) == {
        r["name"] for r in table_resources(second.descriptor) if r["path"].startswith("annotations/")
    }


def test_the_fixtures_adjudication_covers_exactly_its_disagreements(second):
    _, differences = agreement.compare(second)
    key = ["table", "item", "field", "first", "second"]
    result = pd.DataFrame(rows(FIXTURE, "annotations/adjudication.csv"))[key].sort_values(key).reset_index(drop=True)
    expected = differences[key].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(result, expected)
    assert len(result) == 4


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def table_functions() -> list:
    """Every chapter table that takes only the data (data_changes also takes its caption)."""
    functions = inspect.getmembers(chapter_tables, inspect.isfunction)
    return [
        function
        for _, function in functions
        if function.__module__ == chapter_tables.__name__ and list(inspect.signature(function).parameters) == ["t"]
    ]


@pytest.mark.parametrize("function", table_functions(), ids=lambda f: f.__name__)
def test_every_chapter_table_renders_the_fixture_and_nothing_of_the_seed(second, function):
    page = soup(function(second).data)
    assert page.find("table") is not None
    assert names_in(page.get_text(" "), SEED_NAMES) == []


def test_the_asks_and_offers_table_is_the_focus_sides(second):
    page = soup(chapter_tables.asks_and_offers(second).data)
    assert page.find("caption").get_text() == "What Ulvenia asks and what it offers, in the article's words"
    assert page.find("th").get_text() == "Ulvenia"
    cells = [[td.get_text() for td in tr.find_all("td")][:3] for tr in page.find("tbody").find_all("tr")]
    assert cells == [["asks", "d-02", "Ada Vorne"], ["offers", "d-03", "Ulvenia"]]


CHARTS = [
    "quotes_by_speaker",
    "quotes_through_article",
    "positions_grid",
    "timeline",
    "sentence_voices",
    "certainty_markers",
]


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_draws_the_fixture_credited_to_its_own_author(second, name):
    spec = getattr(charts, name)(second).to_dict()
    assert spec["usermeta"]["figure"]["source"] == "Source: Mara Lind, Example News Service; annotation by this report"
    assert figures.to_svg(spec).startswith("<svg")
    text = json.dumps([figures.title_text(spec), spec["title"].get("subtitle"), spec["description"]])
    assert names_in(text, SEED_NAMES) == []


def test_the_demands_table_sums_the_focus_sides_asks_and_offers(second):
    html = chapter_tables.demands_by_party(second).data
    assert (
        "<caption>Ulvenia asks or refuses 1 thing and offers 1: each item the article reports, by party</caption>"
        in html
    )


def test_the_annotated_fixture_carries_its_own_rights_line(second):
    page = annotate.article_html(second)
    notes = [p.get_text() for p in soup(page).find_all(class_="rights-note")]
    assert notes == [annotate.rights(second)] * 2
    assert notes[0].startswith("The article's text is © Example News Service. ")
    assert all(f'id="{q}"' in page for q in ["q-01", "q-02", "q-03", "q-04"])


def test_the_front_page_reads_the_fixtures_names(second):
    meta = metadata.read()
    header = soup(frontpage.header(second, meta, metadata.parts()["The report"]).data)
    article = header.find(class_="front-header__article")
    assert article.find("cite").get_text() == "Fiction for testing: Strait talks seen as a win in Ulvenia"
    link = article.find("a", string="Read it at Example News Service")
    assert link["href"] == "https://example.org/news/strait-talks"
    assert "by Mara Lind, Example News Service" in article.get_text()
    listed = soup(frontpage.record_list(second, "The fixture's title").data)
    assert [p.get_text(" ", strip=True) for p in listed.select(".record-list__answer")] == [
        "◐ Reported in part (1)",
        "● Reported (1)",
    ]
    assert [p.get_text(" ", strip=True) for p in listed.select("a.record-list__point")] == [
        "An answer after a cabinet meeting Kestria Ministry",
        "The fleet stays in the strait Ulvenia Office",
    ]


def test_the_books_footer_cover_and_citation_read_the_fixtures_descriptor():
    meta = metadata.read()
    for html in (metadata.footer_html(meta, FIXTURE), metadata.cover_html(meta, FIXTURE)):
        text = soup(html).get_text()
        assert "The article's text is © Example News Service, reproduced for criticism and review" in text
        assert "©" not in text.replace("© Example News Service", "")
    cff = metadata.citation_cff(meta, FIXTURE)
    (reference,) = cff["references"]
    assert reference["title"] == "Fiction for testing: Strait talks seen as a win in Ulvenia"
    assert reference["authors"] == [{"family-names": "Lind", "given-names": "Mara"}]
    assert reference["publisher"] == {"name": "Example News Service"}
    assert reference["notes"] == "A fictional article written for the engine's tests."
    assert cff["keywords"][-3:] == ["test fixture", "Ulvenia", "Kestria"]
    assert cff["abstract"].startswith("A reproducible report on one Example News Service article: ")


def test_a_hostile_rights_holder_and_outlet_are_text_not_markup(second):
    hostile = json.loads(json.dumps(second.descriptor))
    payload = '<img src=x onerror=alert("r")>'
    hostile["article"]["rights_holder"]["value"] += payload
    hostile["article"]["outlet_in_prose"]["value"] += payload
    tables = dataclasses.replace(second, descriptor=hostile)
    for html in (
        annotate.article_html(tables),
        frontpage.header(tables, metadata.read(), metadata.parts()["The report"]).data,
    ):
        assert soup(html).find_all("img") == [] and payload in soup(html).get_text()
