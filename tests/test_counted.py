"""The "How we counted" box after each section that cites findings: exactly the keys that section
cites, each with its value and definition, every string escaped; stored open for JupyterLab and
closed by the book; readable on a phone and left out of print with a line saying where it is."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from browser_checks import HIDDEN_COLUMNS, axe_problems, open_page
from bs4 import BeautifulSoup

from callreport.book import csp
from callreport.book.browser import serve
from callreport.dataset import paths
from callreport.report import chapter, findings, prose

MARKDOWN = """# A title

The opening cites {eval}`n_opening`.

## First section

It cites {eval}`n_first` and {eval}`format(share_first, '.0%')`, then {eval}`n_first` again.

```bash
# a comment in a code fence, not a heading
make outputs
```

Still the first section: {eval}`quote_first`.

## Second section

It cites {eval}`n_second` and no other.

## Third section

It cites nothing.
"""
VALUES = {
    "n_opening": 1,
    "n_first": 7,
    "share_first": 5 / 12,
    "quote_first": findings.Excerpt("q-01", "a great call"),
    "n_second": 3,
    "n_unused": 99,
}
DEFINITIONS = {key: f"What {key} counts." for key in VALUES}


def box(markdown: str, values=VALUES, define=DEFINITIONS.__getitem__) -> BeautifulSoup:
    return BeautifulSoup(chapter.counted_html(markdown, values, define), "html.parser")


def rows(soup: BeautifulSoup) -> list[list[str]]:
    return [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in soup.select("tbody tr")]


def test_sections_are_cut_at_headings_and_never_inside_a_code_fence():
    assert [heading for heading, _ in prose.sections(MARKDOWN)] == [
        "A title",
        "First section",
        "Second section",
        "Third section",
    ]
    assert "make outputs" in prose.section(MARKDOWN, "First section")


def test_the_box_shows_exactly_the_keys_its_section_cites_in_reading_order_each_once():
    assert rows(box(prose.section(MARKDOWN, "First section"))) == [
        ["n_first", "7", "What n_first counts."],
        ["share_first", "0.4166666666666667, shown as 42%", "What share_first counts."],
        ["quote_first", "“a great call”", "What quote_first counts."],
    ]
    assert rows(box(prose.section(MARKDOWN, "Second section"))) == [["n_second", "3", "What n_second counts."]]
    assert rows(box(prose.section(MARKDOWN, "A title"))) == [["n_opening", "1", "What n_opening counts."]]


def test_the_box_is_a_disclosure_stored_open_with_a_captioned_table():
    soup = box(prose.section(MARKDOWN, "Second section"))
    details = soup.find("details")
    assert details["class"] == ["how-we-counted"] and details.has_attr("open")
    assert details.find("summary").get_text() == "How we counted"
    assert [th.get_text() for th in soup.select("thead th")] == ["Finding", "Value", "What it counts"]
    assert soup.find("caption").get_text().startswith("Each finding this section cites")
    assert soup.find("p") is None  # the sharing card takes a section's first <p> as its finding


def test_an_excerpt_links_to_its_place_in_the_article():
    link = box(prose.section(MARKDOWN, "First section")).select_one("td a.excerpt")
    assert link["href"] == "article.html#q-01" and link.get_text() == "a great call"


def test_every_string_in_the_box_is_escaped():
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    values = {
        "n_opening": findings.Words(hostile),
        "n_first": hostile,
        "share_first": 0.5,
        "quote_first": findings.Excerpt('q-01"><b', hostile),
    }
    markup = chapter.counted_html(prose.section(MARKDOWN, "First section"), values, lambda key: hostile)
    soup = BeautifulSoup(markup, "html.parser")
    assert soup.find_all(["script", "img", "b"]) == []
    cells = rows(soup)
    assert cells[0] == ["n_first", hostile, hostile]
    assert cells[2][1:] == [f"“{hostile}”", hostile]
    assert soup.select_one("td a.excerpt")["href"] == 'article.html#q-01"><b'
    assert rows(BeautifulSoup(chapter.counted_html("{eval}`n_opening`", values, str), "html.parser")) == [
        ["n_opening", hostile, "n_opening"]
    ]


def test_a_section_citing_nothing_has_no_box():
    with pytest.raises(ValueError, match="cites no finding"):
        box(prose.section(MARKDOWN, "Third section"))


def test_a_cited_key_without_a_value_stops_the_box():
    with pytest.raises(LookupError, match="the prose cites n_second, for which no value is given"):
        box(prose.section(MARKDOWN, "Second section"), values={"n_first": 1})


def test_an_unknown_heading_names_the_headings_there_are():
    with pytest.raises(LookupError) as caught:
        prose.section(MARKDOWN, "Fourth section")
    assert str(caught.value) == (
        "the prose has no sections headed 'Fourth section'; its headings are "
        "'A title'; 'First section'; 'Second section'; 'Third section'"
    )


def test_a_chapter_box_uses_the_chapters_findings_and_definitions(tables):
    heading = "Where is the author sure, and where does he guess?"
    shown = rows(BeautifulSoup(chapter.how_we_counted(tables, "framing", heading).data, "html.parser"))
    counts = {key: (value, meaning) for key, value, meaning in shown if key.startswith("n_")}
    expected = ["n_markers", "n_marker_hedge", "n_marker_booster", "n_marker_unnamed_consensus", "n_marker_evidential"]
    assert list(counts) == expected  # in the order the prose cites them
    value, meaning = counts["n_markers"]
    assert meaning.startswith("Certainty markers: every word or phrase that changes how sure a claim is")
    assert value == str(len(tables.hedges))


def test_the_book_closes_only_the_boxes():
    body = (
        chapter.counted_html("{eval}`n_first`", VALUES, DEFINITIONS.__getitem__) * 2
        + '<details class="about-chapter" open><summary>About</summary></details>'
    )
    soup = BeautifulSoup(chapter.book_closed(body), "html.parser")
    assert [d.has_attr("open") for d in soup.find_all("details")] == [False, False, True]


# -- The boxes the notebooks store --------------------------------------------------------------

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))


def sections_of(cells) -> dict[str, str]:
    """Each heading's markdown, to the next heading, read here line by line (no chapter fences a '#')."""
    found, heading = {}, None
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if re.match(r"#{1,6} ", line):
                heading = line.lstrip("#").strip()
            found[heading] = found.get(heading, "") + line + "\n"
    return found


def box_calls(cells) -> list[tuple[int, list]]:
    """The cells that call chapter.how_we_counted, with the call's arguments after the tables."""
    calls = []
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and "how_we_counted" in cell.source:
            call = ast.parse(cell.source).body[0].value
            calls.append((index, [arg.value for arg in call.args[1:]]))
    return calls


def glued(cells) -> dict[str, str]:
    values = {}
    for cell in cells:
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook", {})
            if "name" in scrapbook:
                values[scrapbook["name"]] = output["data"][scrapbook["mime_prefix"] + "text/plain"]
    return values


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_stored_box_shows_its_sections_keys_with_the_values_glued_into_the_prose(path):
    """The committed output of every box: the keys its section cites, in order, each once; each value
    what the notebook glues for the prose (tests/test_findings.py holds those to the data)."""
    cells = nbformat.read(path, as_version=4).cells
    sections, values = sections_of(cells), glued(cells)
    for index, (name, heading) in box_calls(cells):
        assert name == path.stem
        expected = list(dict.fromkeys(re.findall(r"\{eval\}`(?:format\()?(\w+)", sections[heading])))
        (output,) = cells[index].outputs
        shown = rows(BeautifulSoup(output["data"]["text/html"], "html.parser"))
        assert [row[0] for row in shown] == expected, heading
        for key, value, _ in shown:
            glued_text = values[key]
            excerpt = re.fullmatch(r"(“.*”) \([a-z][\w-]*\)", glued_text, re.S)
            if excerpt:
                assert value == excerpt.group(1), key
            else:
                assert value.split(", shown as ")[0] == glued_text, key


# -- In a browser: a phone, a laptop and print ---------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>How we counted</title>
<link rel="stylesheet" href="report.css"></head>
<body><main><article class="bd-article"><section><h2>A section</h2><p>Its prose.</p>
<div class="cell_output">{box}</div></section></article></main></body></html>
"""


@pytest.fixture(scope="module")
def box_page(tmp_path_factory, tables):
    """A page holding the largest box of the book (the section citing the most findings, whichever
    chapter it is in) as the book shows it, under the book's stylesheet and policy."""
    root = tmp_path_factory.mktemp("counted")
    sections = [
        (len(prose.citations(body)), name, heading)
        for name in findings.CHAPTERS
        if (paths.CHAPTERS / f"{name}.ipynb").exists()
        for heading, body in prose.sections(prose.of(f"chapters/{name}"))
        if heading
    ]
    _, name, heading = max(sections)
    shown = chapter.book_closed(chapter.how_we_counted(tables, name, heading).data)
    (root / "report.css").write_bytes((paths.ROOT / "callreport" / "book" / "static" / "report.css").read_bytes())
    (root / "box.html").write_text(PAGE.format(box=shown), encoding="utf-8")
    with serve(root, headers={"Content-Security-Policy": csp.POLICY}) as base_url:
        yield base_url


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 375, 768, 1280])
def test_the_box_is_closed_and_opens_to_a_table_that_hides_nothing(browser, box_page, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page, visit = open_page(context, box_page, "box.html")
    closed = page.evaluate("!document.querySelector('details.how-we-counted').open")
    problems = page.evaluate(HIDDEN_COLUMNS)  # opens every disclosure first
    row = page.evaluate("getComputedStyle(document.querySelector('.how-we-counted tbody tr')).display")
    context.close()
    assert visit.problems() == []
    assert closed and problems == []
    assert row == ("block" if width < 600 else "table-row"), "a row is a card on a phone and a row on a laptop"


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_box_passes_axe_closed_and_open(browser, box_page, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page, _ = open_page(context, box_page, "box.html")
    problems = axe_problems(page, "closed")
    page.evaluate("document.querySelector('details.how-we-counted').open = true")
    problems += axe_problems(page, "open")
    context.close()
    assert problems == []


@pytest.mark.browser
def test_print_leaves_the_box_out_and_says_where_it_is(browser, box_page):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page, _ = open_page(context, box_page, "box.html")
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => {
            const box = document.querySelector('details.how-we-counted');
            box.open = true;
            const summary = box.querySelector('summary');
            return {
                table: box.querySelector('table').checkVisibility(),
                summary: summary.checkVisibility(),
                note: getComputedStyle(summary, '::after').content,
            };
        }"""
    )
    context.close()
    assert printed["table"] is False and printed["summary"] is True
    assert "in the online edition and in the chapter's notebook" in printed["note"]


# -- In the built book ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_book_shows_each_box_closed(built_html, path):
    cells = nbformat.read(path, as_version=4).cells
    soup = BeautifulSoup((built_html / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser")
    boxes = soup.select("details.how-we-counted")
    assert len(boxes) == len(box_calls(cells))
    assert [b.has_attr("open") for b in boxes] == [False] * len(boxes)
