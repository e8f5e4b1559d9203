"""The report pages' masthead, set around the headline each page's notebook writes: a kicker above it
(the book's name, linking to the front page, and the chapter's place in the report) and, under the
dek (the page's opening paragraph), a byline with the version and date. The front page writes its
own byline block (callreport.report.frontpage.header), so it takes the kicker only.

The header's controls are pared to those a reader uses: the chapter menu, downloads, light or dark,
search and, on a phone, the page's contents. The theme's full-screen button goes (HEADER_OPTIONS), and
_config.yml turns off its repository buttons (the footer links the source).
"""

from __future__ import annotations

import re

from callreport.book.metadata import Metadata
from callreport.report.escape import html_text, url

# sphinx-book-theme's html_theme_options that drop a header button.
HEADER_OPTIONS = {"use_fullscreen_button": False}

_H1 = re.compile(r"<h1>.*?</h1>", re.S)
_FIRST_PARAGRAPH = re.compile(r"<p>.*?</p>", re.S)


def place(pagename: str, parts: dict[str, list[str]], report_part: str) -> str | None:
    """Where a page stands in the book: "Chapter n of m" in the report proper, else its part's caption."""
    for caption, pages in parts.items():
        if pagename in pages:
            return f"Chapter {pages.index(pagename) + 1} of {len(pages)}" if caption == report_part else caption
    return None


def kicker(meta: Metadata, root_href: str, where: str | None) -> str:
    """The line above the headline: the book's name (a link to the front page), and where the page stands."""
    where = f' · <span class="report-kicker__place">{html_text(where)}</span>' if where else ""
    return f'<p class="report-kicker"><a href="{url(root_href)}">{html_text(meta.title)}</a>{where}</p>'


def byline(meta: Metadata, changes_href: str) -> str:
    """The line under the dek: who wrote the report, which version, and its date."""
    return (
        f'<p class="report-byline">By {html_text(meta.author)} · '
        f'<a href="{url(changes_href)}">Version {html_text(meta.version)}</a>, '
        f'<time datetime="{meta.date.isoformat()}">{meta.date.strftime("%-d %B %Y")}</time></p>'
    )


def set_around(body: str, top: str, under_dek: str = "") -> str:
    """`body` with `top` before its headline (its first <h1>) and `under_dek` after the paragraph that
    follows it. A page with no headline, or none followed by a paragraph, is an error: every page
    given a masthead opens with one (the first cell of each notebook)."""
    headline = _H1.search(body)
    if headline is None:
        raise ValueError("masthead: the page has no <h1> headline to set a kicker above")
    body = body[: headline.start()] + top + body[headline.start() :]
    if not under_dek:
        return body
    after = headline.end() + len(top)
    dek = _FIRST_PARAGRAPH.search(body, after)
    if dek is None:
        raise ValueError("masthead: the headline is followed by no paragraph (the dek) to set the byline under")
    return body[: dek.end()] + under_dek + body[dek.end() :]
