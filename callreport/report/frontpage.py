"""The front page's header block: byline, the report's date and version, the article it reads (its
headline from the text; its outlet, author and address as external context, each with its source),
reading times computed from words, and the way into the chapters.

The report's own metadata (author, version, date) comes from _config.yml through
callreport.book.metadata, which the notebook passes in: this wing does not import the book's.
"""

from __future__ import annotations

from IPython.display import HTML

from callreport.dataset.load import Tables
from callreport.report import prose
from callreport.report.escape import html_attr, html_text, url

WORDS_PER_MINUTE = 230  # a common estimate for reading prose on screen


def _external(t: Tables) -> dict[str, dict]:
    """The article's metadata rows, by field: value, status and source."""
    return {row["field"]: row for row in t.descriptor["article"]["metadata"]}


def article_words(t: Tables) -> int:
    """Words in the article's body: its sentences."""
    return int(t.sentences["text"].str.split().str.len().sum())


def minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def header(t: Tables, meta, report_pages: list[str], changes_page: str = "changes.html") -> HTML:
    """The block under the front page's title. `meta` is callreport.book.metadata.read();
    `report_pages` the chapters that make up the report proper, in reading order (docnames)."""
    external = _external(t)
    headline = t.descriptor["article"]["title"]["value"]
    link = external["url"]
    read = minutes(prose.words(["chapters/index"]))
    whole = minutes(prose.words(report_pages))
    article = minutes(article_words(t))
    chapters = "".join(
        f'<li><a href="{url(docname.split("/")[-1] + ".html")}">{html_text(prose.title(docname))}</a></li>'
        for docname in report_pages
    )
    return HTML(
        '<div class="front-header">'
        f'<p class="front-header__byline">By {html_text(meta.author)} · '
        f'<a href="{url(changes_page)}">Version {html_text(meta.version)}</a>, '
        f'<time datetime="{meta.date.isoformat()}">{meta.date.strftime("%-d %B %Y")}</time> · '
        f"{read} min read; the whole report about {whole} min</p>"
        f'<p class="front-header__article">Reading <cite>{html_text(headline)}</cite> by '
        f"{html_text(external['author']['value'])}, {html_text(external['outlet']['value'])} "
        f"({article} min read; published: {html_text(external['date']['value'])}). "
        f'<a href="{url(link["value"])}" title="{html_attr(link["source"])}">Read it at the BBC</a> '
        '<span class="front-header__external">(<a href="methodology.html">external context</a>)</span></p>'
        '<nav class="front-header__path" aria-label="The report\'s chapters"><ol><li>Read on:</li>'
        f"{chapters}</ol></nav>"
        "</div>"
    )
