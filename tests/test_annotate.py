"""The annotated article: every anchor once, the text unchanged, spans properly nested."""

from __future__ import annotations

import html
import re

import pytest

from callreport.report.annotate import CrossingSpans, Span, _nest, article_html


@pytest.fixture(scope="module")
def page(tables) -> str:
    return article_html(tables)


def test_every_quote_sentence_paragraph_and_demand_has_one_anchor(tables, page):
    ids = re.findall(r'\sid="([^"]+)"', page)
    expected = (
        list(tables.quotes["quote_id"])
        + list(tables.sentences["sentence_id"])
        + [f"p-{n:02d}" for n in range(1, int(tables.blocks["paragraph"].max()) + 1)]
        + [f"src-{d}" for d in tables.demands["demand_id"]]
        + list(tables.hedges["marker_id"])
    )
    for anchor in expected:
        assert ids.count(anchor) == 1, anchor


def test_every_link_in_the_page_points_to_an_anchor_in_it(page):
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    assert {href for href in re.findall(r'href="#([^"]+)"', page)} <= ids


def test_body_text_is_the_article_verbatim(tables, page):
    for block in tables.blocks.query("kind == 'paragraph'").itertuples():
        match = re.search(rf'<p class="article__para" id="p-{block.paragraph:02d}">(.*?)</p>', page, re.S)
        inner = re.sub(r'<a class="(article__pnum|quote__tag[^"]*)"[^>]*>.*?</a>', "", match.group(1))
        inner = re.sub(r'<span class="marker__kind">.*?</span>', "", inner)  # the kind after each marker
        assert html.unescape(re.sub(r"<[^>]+>", "", inner)) == block.text


def test_page_elements_are_kept_apart_from_the_body(tables, page):
    for block in tables.blocks.query("kind in ['image description', 'image credit', 'caption']").itertuples():
        assert f'<span id="{block.block_id}">{html.escape(block.text)}</span>' in page
    assert page.count('class="article__page-element"') == 4


def test_crossing_spans_are_refused():
    spans = [Span(0, 5, "<a>", "</a>", "first"), Span(3, 8, "<b>", "</b>", "second")]
    with pytest.raises(CrossingSpans, match="second"):
        _nest("abcdefghij", 0, 10, spans, {})


def test_nested_spans_render_in_order():
    spans = [Span(0, 6, "<a>", "</a>", "outer"), Span(2, 4, "<b>", "</b>", "inner")]
    assert _nest("abcdefgh", 0, 8, spans, {6: "|"}) == "<a>ab<b>cd</b>ef</a>|gh"


def test_every_quote_demand_and_event_links_to_its_row_showing_its_id(tables, page):
    expected = (
        [f"voices.html#{q}" for q in tables.quotes["quote_id"]]
        + [f"demands.html#{d}" for d in tables.demands["demand_id"]]
        + [f"timeline.html#{e}" for e in tables.events["event_id"]]
    )
    found = dict(re.findall(r'<a class="quote__tag[^"]*" id="tag-[^"]+" href="([^"]+)">([^<]*)</a>', page))
    for href in expected:
        assert href in found, f"no tag links to {href}"
        assert found[href].startswith(href.split("#")[1] + " · "), found[href]


def test_each_certainty_marker_spans_its_words_and_is_followed_by_its_kind(tables, page):
    for m in tables.hedges.itertuples():
        found = re.search(
            rf'<span class="marker [^"]*" id="{m.marker_id}">(.*?)</span><span class="marker__kind"> ([^<]*)</span>',
            page,
        )
        assert found, f"no marker span for {m.marker_id}"
        assert html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) == m.text and found.group(2) == m.kind


def test_the_lenses_are_radio_buttons_the_first_chosen_each_with_a_key(page):
    choices = re.findall(r'<input type="radio" name="article-lens" value="([a-z]+)"( checked)?>', page)
    keys = re.findall(r'<p class="article-lens__key" data-lens="([a-z]+)">', page)
    assert [value for value, _ in choices] == ["speaks", "account", "sure", "asked", "when"] == keys
    assert [bool(checked) for _, checked in choices] == [True, False, False, False, False]
