"""The front page's header block: byline, the report's date and version, the article it reads (its
headline from the text; its outlet, author and address as external context, each with its source),
reading times computed from words, and the way into the chapters.

The report's own metadata (author, version, date) comes from _config.yml through
callreport.book.metadata, which the notebook passes in: this wing does not import the book's.
"""

from __future__ import annotations

from IPython.display import HTML

from callreport.dataset import codebook
from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive, english, prose
from callreport.report.escape import html_attr, html_text, url

WORDS_PER_MINUTE = 230  # a common estimate for reading prose on screen


def article_words(t: Tables) -> int:
    """Words in the article's body: its sentences."""
    return int(t.sentences["text"].str.split().str.len().sum())


def minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def header(t: Tables, meta, report_pages: list[str], changes_page: str = "changes.html") -> HTML:
    """The block under the front page's title. `meta` is callreport.book.metadata.read();
    `report_pages` the chapters that make up the report proper, in reading order (docnames)."""
    article = codebook.article_info(t.descriptor)
    external = article.metadata  # each row with its status and source
    link = external["url"]
    read = minutes(prose.words(["chapters/index"]))
    whole = minutes(prose.words(report_pages))
    article_minutes = minutes(article_words(t))
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
        f'<p class="front-header__article">Reading <cite>{html_text(article.title)}</cite> by '
        f"{html_text(article.author)}, {html_text(article.outlet)} "
        f"({article_minutes} min read; {html_text(_published(article))}). "
        f'<a href="{url(link["value"])}" title="{html_attr(link["source"])}">'
        f"Read it at {html_text(article.outlet_in_prose)}</a> "
        '<span class="front-header__external">(<a href="methodology.html">external context</a>)</span></p>'
        '<nav class="front-header__path" aria-label="The report\'s chapters"><ol><li>Read on:</li>'
        f"{chapters}</ol></nav>"
        "</div>"
    )


def _published(article: codebook.Article) -> str:
    """When the article was published: its stated date, or, when it states none, this report's
    inference (the descriptor's probable_date), said to be one."""
    stated = article.value("date")
    if stated != NOT_STATED:
        return f"published {english.long_date(stated)}"
    probable = article.metadata.get("probable_date")
    if probable is None:
        return "no date given"
    return f"no date given; probably published {english.long_date(probable['value'])}, this report's inference"


# How the list marks each answer to "does the article report this point?" (readouts.csv in_article):
# a shape and a word, so no colour has to carry it. The points the article leaves out come first.
PRESENCE_MARKS = {"not in the article": "○", "reported in part": "◐", "reported": "●"}


def record_points(t: Tables) -> list[dict]:
    """The points of the statements on the event (readouts.csv), grouped by whether the article
    reports them, in PRESENCE_MARKS' order: each group its answer, mark and points, each point with
    its label, whose statement it is, and its row in the timeline chapter's table."""
    frame = derive.readouts(t)
    allowed = codebook.values(t.descriptor, "readouts", "in_article")
    unknown = set(PRESENCE_MARKS) ^ set(allowed)
    if unknown:
        raise ValueError(f"frontpage.PRESENCE_MARKS and the codebook's readouts.in_article differ on {sorted(unknown)}")
    groups = []
    for answer, mark in PRESENCE_MARKS.items():
        rows = frame[frame["in_article"] == answer]
        points = [
            {"readout_id": r.readout_id, "label": r.label, "side": r.side, "href": f"{READOUTS_PAGE}#{r.readout_id}"}
            for r in rows.itertuples()
        ]
        if points:
            groups.append({"answer": answer, "mark": mark, "points": points})
    return groups


READOUTS_PAGE = "timeline.html"  # the chapter whose table lists every point, each row anchored by its id
AGGREGATORS = ("aggregator", "partisan aggregator")  # the kinds of page (source_kind) that only republish others'


def record_list(t: Tables, title: str) -> HTML:
    """The front page's lead graphic, plain HTML and CSS (it paints with the first screen): what the
    statements on the event said, point by point, grouped by whether the article reports it, the
    points it leaves out first; each point a link to its row, source and wording in the timeline
    chapter. `title` states what it shows (the article's analysis writes it: findings.record_title)."""
    groups = record_points(t)
    kinds = t.readouts["source_kind"].astype(str)
    aggregated = int(kinds.isin(AGGREGATORS).sum())
    partisan = set(kinds[kinds.isin(AGGREGATORS)]) == {"partisan aggregator"}
    caveat = (
        f" Of the points, {aggregated} {'is' if aggregated == 1 else 'are'} quoted in the statement's words"
        f" only on {'a partisan' if partisan else 'an'} aggregator's page."
        if aggregated
        else ""
    )
    sections = []
    for group in groups:
        items = "".join(
            f'<li><a class="record-list__point" href="{url(p["href"])}">'
            f'<span class="record-list__label">{html_text(p["label"])}</span> '
            f'<span class="record-list__side">{html_text(p["side"])}</span></a></li>'
            for p in group["points"]
        )
        name = f"{group['answer'].capitalize()} ({len(group['points'])})"
        sections.append(
            f'<section class="record-list__group record-list__group--{html_attr(group["answer"].replace(" ", "-"))}">'
            f'<p class="record-list__answer"><span class="record-list__mark" aria-hidden="true">'
            f"{html_text(group['mark'])}</span> {html_text(name)}</p><ul>{items}</ul></section>"
        )
    return HTML(
        '<figure class="record-list" id="record-list" aria-labelledby="record-list-title">'
        f'<figcaption class="record-list__title" id="record-list-title">{html_text(title)}</figcaption>'
        f'<div class="record-list__groups">{"".join(sections)}</div>'
        '<p class="record-list__source">External context, as other pages quote the statements, most of them '
        "news reports, some in a wire's copy on another site; the labels are this report's. A step that more "
        "than one statement announced is a point of each. A point is reported in part where the article gives "
        f"part of it, or its substance from another source.{html_text(caveat)} "
        f'<a href="{url(READOUTS_PAGE)}#readouts-table">Every point, its source and its words</a></p>'
        "</figure>"
    )
