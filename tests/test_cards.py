"""Each chapter's sharing card (callreport.book.cards): a 1200 × 630 PNG drawn at build time that
carries the report's name, the chapter's title, its finding in the page's own words, and its
chart; every string escaped for SVG."""

from __future__ import annotations

import re
import shutil
import struct
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup

from callreport.book import addresses, cards, metadata
from callreport.report import typeface
from callreport.report.escape import svg_text

META = metadata.read()
CHAPTERS = addresses.chapters()
SVG = "{http://www.w3.org/2000/svg}"
# Markup, an end of the drawing, entities, quotes, a right-to-left override and characters XML forbids.
HOSTILE = (
    '<script>alert("s1")</script> </svg><svg onload=alert(1)> ]]> &amp; &lt; "double" \'single\' '
    "“curly” \u202eevil\u202c \x00\x01\x0b\ufffe end"
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def texts(card_svg: str) -> list[str]:
    """The texts the card draws, read back by an XML parser; a text set on several lines (tspans)
    as one, its lines joined by spaces."""
    return [" ".join(node.itertext()) for node in ElementTree.fromstring(card_svg).iter(f"{SVG}text")]


def test_svg_text_escapes_markup_and_replaces_what_xml_cannot_hold():
    escaped = svg_text(HOSTILE)
    assert not set("<>\"'\x00\x01\x0b\ufffe") & set(escaped)
    parsed = ElementTree.fromstring(f'<text title="{escaped}">{escaped}</text>')
    expected = HOSTILE.replace("\x00", "\ufffd").replace("\x01", "\ufffd").replace("\x0b", "\ufffd")
    expected = expected.replace("\ufffe", "\ufffd")
    assert parsed.text == parsed.get("title") == expected


def test_a_hostile_card_is_one_wellformed_drawing_with_no_element_of_its_own():
    card = cards.Card(report=HOSTILE, chapter=HOSTILE, finding=HOSTILE * 3, address=HOSTILE)
    drawing = cards.svg(card)
    root = ElementTree.fromstring(drawing)  # raises on anything that is not well-formed XML
    tags = {node.tag.removeprefix(SVG) for node in root.iter()}
    assert tags == {"svg", "rect", "text"}
    assert not any(name.startswith("on") for node in root.iter() for name in node.attrib)
    assert "evil" in " ".join(texts(drawing))
    assert png_size(cards.png(drawing)) == (cards.WIDTH, cards.HEIGHT)


def test_lines_stay_inside_their_column_and_too_long_text_is_cut_visibly():
    words = "Russia speaks mainly through its newspapers and Putin sets the terms " * 12
    size, lines = cards.fit(words, cards.FINDING_SIZES, 480, 200)
    assert size == cards.FINDING_SIZES[-1]
    assert lines[-1].endswith("…")
    assert len(lines) * size * cards.LINE_HEIGHT <= 200
    assert all(cards.text_width(line, size) <= 480 for line in lines)
    unbroken = "x" * 200  # a word longer than the line is broken, not left to run off the card
    assert all(cards.text_width(line, 30) <= 300 for line in cards.wrap(unbroken, 30, 300))
    assert "".join(cards.wrap(unbroken, 30, 300)) == unbroken


def test_the_finding_is_the_found_paragraph_without_its_pointer():
    body = (
        "<section><h1>T</h1><p>Opening.</p></section>"
        '<section id="what-this-chapter-found"><h2>What this chapter found</h2>'
        '<p>Of <span class="output">12</span> spans, &lt;b&gt; “0”. Next: <a href="x.html">X</a>.</p></section>'
    )
    assert cards.finding(body) == "Of 12 spans, <b> “0”."
    assert cards.finding("<section><h1>T</h1><p>Opening, the <em>lede</em>.</p></section>") == "Opening, the lede."


@pytest.fixture(scope="module")
def pages(built_html) -> dict[str, BeautifulSoup]:
    return {d: BeautifulSoup((built_html / f"{d}.html").read_text(), "html.parser") for d in CHAPTERS}


def page_finding(soup: BeautifulSoup) -> str:
    """The chapter's finding as a reader reads it on the page, found independently of the card code."""
    found = soup.select_one("section#what-this-chapter-found > p") or soup.select_one("main p:not(.report-kicker)")
    return re.split(r"\s*Next:", re.sub(r"\s+", " ", found.get_text()).strip())[0]


def meta(soup: BeautifulSoup, attribute: str, name: str) -> str:
    tag = soup.find("meta", attrs={attribute: name})
    assert tag is not None, name
    return tag["content"]


@pytest.mark.parametrize("docname", CHAPTERS)
def test_each_chapter_previews_its_own_card(built_html, pages, docname):
    """og:image is a 1200 × 630 PNG in the build, and exactly the drawing of a card that holds the
    report's name, the chapter's title, its finding as the page words it, and its first chart."""
    soup = pages[docname]
    image = meta(soup, "property", "og:image")
    assert image == f"{META.url}cards/{docname}.png" == meta(soup, "name", "twitter:image")
    picture = (built_html / image.removeprefix(META.url)).read_bytes()
    assert png_size(picture) == (cards.WIDTH, cards.HEIGHT)
    assert (meta(soup, "property", "og:image:width"), meta(soup, "property", "og:image:height")) == ("1200", "630")

    title = soup.find("main").find("h1").get_text().removesuffix("#").strip()
    figure = soup.find("figure", class_="report-chart")
    chart_svg = (built_html / "charts" / f"{figure['id']}.svg").read_text() if figure else None
    chart_title = figure.find(class_="report-chart__title").get_text() if figure else ""
    card = cards.Card(
        report=META.title,
        chapter=title,
        finding=page_finding(soup),
        chart_svg=chart_svg,
        chart_title=chart_title,
        address=META.url.split("://")[1].rstrip("/"),
    )
    drawing = cards.svg(card)
    drawn = " ".join(texts(drawing))  # the lines, wrapped at spaces, joined again
    assert card.finding in drawn, "the whole finding is on the card, not cut"
    assert title in drawn
    if docname != "chapters/index":
        assert META.title in drawn
    assert (chart_svg is not None) == (figure is not None)
    if chart_svg:  # the chart is drawn whole inside the card, its takeaway title included
        assert chart_title in " ".join(texts(chart_svg))
        assert texts(chart_svg) == texts(drawing)[-len(texts(chart_svg)) :]
    assert cards.png(drawing) == picture
    alt = meta(soup, "property", "og:image:alt")
    assert alt == cards.alt_text(card) == meta(soup, "name", "twitter:image:alt")
    assert card.finding in alt and title in alt


def test_cards_differ_from_chapter_to_chapter(built_html):
    pictures = [(built_html / "cards" / f"{docname}.png").read_bytes() for docname in CHAPTERS]
    assert len(set(pictures)) == len(CHAPTERS)


def test_make_cards_draws_a_card_again_only_when_its_description_changed(tmp_path):
    """The HTML build describes each card; make cards draws those whose description changed since
    their picture was drawn, so a rebuild with nothing changed draws none."""
    described = tmp_path / cards.DESCRIPTIONS / "chapters" / "voices.json"
    described.parent.mkdir(parents=True)
    card = cards.Card(report="Report", chapter="Chapter", finding="A finding.")
    described.write_bytes(cards.describe(card))
    picture = tmp_path / "html" / "cards" / "chapters" / "voices.png"
    assert cards.draw_all(tmp_path) == [picture]
    assert picture.read_bytes() == cards.png(cards.svg(card))
    assert cards.draw_all(tmp_path) == []
    changed = cards.Card(report="Report", chapter="Chapter", finding="Another finding.")
    described.write_bytes(cards.describe(changed))
    assert cards.draw_all(tmp_path) == [picture]
    assert picture.read_bytes() == cards.png(cards.svg(changed))


def test_a_card_drawn_before_a_font_was_installed_is_drawn_again_after(tmp_path, monkeypatch):
    """A card's picture depends on the fonts the machine has (any of them may set a character the
    book's faces lack) as well as its description: make setup installing a font, or a new vl-convert,
    redraws it, and the next make cards then draws nothing."""
    system = tmp_path / "system-fonts"
    system.mkdir()
    monkeypatch.setattr(typeface, "SYSTEM_FONT_FOLDERS", (system,))
    described = tmp_path / cards.DESCRIPTIONS / "chapters" / "voices.json"
    described.parent.mkdir(parents=True)
    described.write_bytes(cards.describe(cards.Card(report="Report", chapter="Chapter", finding="A finding.")))
    picture = tmp_path / "html" / "cards" / "chapters" / "voices.png"
    assert cards.draw_all(tmp_path) == [picture]
    assert cards.draw_all(tmp_path) == []
    shutil.copy(typeface.FONTS / typeface.FACES[0].file, system / "a-face-installed-since.woff2")
    assert cards.draw_all(tmp_path) == [picture]
    assert cards.draw_all(tmp_path) == []
    monkeypatch.setattr(typeface, "version", lambda package: "another release")
    assert cards.draw_all(tmp_path) == [picture]
