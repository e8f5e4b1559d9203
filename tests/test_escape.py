"""The escaping helpers, one per context, and the two holes the hostile-data probe found:
descriptor text written into the methodology page as markup (probe 1), and a chart's data
breaking out of its inline JSON <script> (probe 2)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from bs4 import BeautifulSoup

from callreport.book.sphinx_ext import chart_html
from callreport.dataset.codebook import read_descriptor
from callreport.report import chapter, chapter_tables, charts
from callreport.report.escape import UnsafeURL, html_attr, html_text, script_json, url

CORPUS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<!--<script>",
    "</script><script>alert(3)</script>",
    "]]> & &amp; \"double\" 'single' `back` “curly” \u202eevil\u202c",
    "line\u2028separator\u2029paragraph",
]


@pytest.mark.parametrize("text", CORPUS)
def test_text_and_attributes_hold_no_markup(text):
    for escaped in (html_text(text), html_attr(text)):
        assert not set("<>\"'") & set(escaped)
        parsed = BeautifulSoup(f'<p title="{escaped}">{escaped}</p>', "html.parser").p
        assert (parsed.get_text(), parsed["title"]) == (text, text)


def test_script_json_cannot_end_or_bend_its_script():
    value = {"corpus": CORPUS, "nested": [{"k": text} for text in CORPUS]}
    payload = script_json(value)
    assert not set("<>&\u2028\u2029") & set(payload)
    assert json.loads(payload) == value


@pytest.mark.parametrize("href", ["../data/events.csv", "article.html#q-01", "#fig-timeline", "https://x.example/a"])
def test_relative_and_web_links_pass(href):
    assert url(href) == html_attr(href)


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "\x01javascript:x", "data:text/html,x"],
)
def test_script_and_data_links_are_refused(href):
    with pytest.raises(UnsafeURL, match="relative path or an http"):
        url(href)


def test_descriptor_text_on_the_methodology_page_is_text_not_markup(tables):
    """Probe 1: an <img onerror> as a table's description ran on the methodology page."""
    descriptor = read_descriptor()
    hostile = json.loads(json.dumps(descriptor))
    for resource in hostile["resources"]:
        resource["title"] += CORPUS[1]
        resource["description"] += CORPUS[1]
        for field in resource.get("schema", {}).get("fields", []):
            field["description"] += CORPUS[0]
    hostile_tables = dataclasses.replace(tables, descriptor=hostile)
    soup = BeautifulSoup(chapter_tables.codebook(hostile_tables).data, "html.parser")
    assert soup.find_all(["img", "script"]) == []
    assert CORPUS[1] in soup.find("h3").get_text() and CORPUS[1] in soup.find("p").get_text()
    downloads = BeautifulSoup(chapter.download_links(hostile_tables).data, "html.parser")
    assert downloads.find_all(["img", "script"]) == [] and CORPUS[1] in downloads.get_text()


@pytest.mark.browser
def test_a_comment_in_the_data_does_not_swallow_the_page(tables, browser):
    """Probe 2: '<!--<script>' in events.order_note turned the chart's JSON <script> into one that
    ran to the end of the page. Parsed by Chromium, the payload is the spec and the page goes on."""
    spec = charts.timeline(tables).to_dict()
    for row in spec["datasets"][spec["data"]["name"]]:
        row["order_note"] += " <!--<script> </script> \u2028"
    figure = chart_html(spec, "chapters/timeline")
    page = browser.new_page()
    page.set_content(f"<main>{figure}<p id='after'>The events table comes next.</p></main>")
    payload = page.evaluate("document.getElementById('fig-timeline-spec').textContent")
    after = page.evaluate("document.getElementById('after') && document.getElementById('after').parentElement.tagName")
    page.close()
    assert json.loads(payload) == spec
    assert after == "MAIN"
