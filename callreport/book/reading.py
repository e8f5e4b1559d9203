"""What a reader reads on a built page: its prose, apart from the furniture around it.

The report's claims about its own length (the front page's reading times) and the tests that hold
its prose to a general reader's standard (tests/test_story.py) read pages through this one
definition. Reader prose is the text of the page's paragraphs, list items, headings and notes; it
leaves out what is read another way or not at all: tables, figures and charts, the "How we counted"
boxes, the annotated article's own text, code, the citation box, the closing "Data used in this
chapter" list, and navigation.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

# What is not reader prose, as CSS selectors on a built page.
NOT_PROSE = (
    "table",
    "figure",
    "details",
    "nav",
    "script",
    "style",
    "code",
    "pre",
    "footer",
    ".cite-box",
    ".article",  # the annotated article's own text (callreport.report.annotate)
    ".report-chart",
    ".vega-embed",
    ".screen-only",  # instructions for the controls ("type in the box to filter")
    ".headerlink",  # a heading's permalink sign
    ".report-kicker",  # the masthead's lines (callreport/book/masthead.py): the book's name and place,
    ".report-byline",  # and the author, version and date, page furniture like the footer
)
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd")
DATA_USED = "Data used in this chapter"
SENTENCE_END = re.compile(r"(?<=[.?!])[”\"’)]*\s+")


def _text_of(html: str, leave_out) -> BeautifulSoup:
    """The page's article (its whole body, for a fragment) with every element `leave_out` selects removed."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("article.bd-article") or soup.body or soup
    for selector in leave_out:
        for element in main.select(selector):
            element.decompose()
    return main


def blocks(html: str) -> list[str]:
    """The page's reader prose, block by block in reading order, each block's text with its spaces
    made single. A block inside another (a paragraph in a list item) is read once, as part of it."""
    main = _text_of(html, NOT_PROSE)
    for section in main.find_all("section"):
        heading = section.find(re.compile("^h[1-6]$"))
        if heading is not None and heading.get_text(" ", strip=True) == DATA_USED:
            section.decompose()
    found = []
    for element in main.find_all(BLOCKS):
        if element.find_parent(BLOCKS) is not None:
            continue
        text = " ".join(element.get_text().split())
        if text:
            found.append(text)
    return found


def lead(html: str) -> str:
    """The page's first paragraph of reader prose: its dek or opening, as its abstract. The front
    page's byline (.front-header) is furniture, not its opening."""
    # Code stays: a path named in the opening ("data/external_context.csv") is part of its sentence.
    leave_out = (*(s for s in NOT_PROSE if s not in ("code", "pre")), ".front-header", ".admonition")
    first = _text_of(html, leave_out).find("p")
    if first is None:
        raise ValueError("the page has no paragraph of reader prose to give as its abstract")
    return " ".join(first.get_text().split())


def words(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)


def sentences(texts: list[str]) -> list[str]:
    """Each block cut into sentences at a full stop, question or exclamation mark and a space."""
    return [s for text in texts for s in SENTENCE_END.split(text) if s]


def page_blocks(site: Path, docname: str) -> list[str]:
    """The reader prose of the built page of `docname` (chapters/voices) under the built site `site`."""
    return blocks((site / f"{docname}.html").read_text(encoding="utf-8"))
