"""The front page's header block: byline, the report's date and version, the article it reads (its
headline from the text; its outlet, author and address as external context, each with its source),
reading times computed from words, and the way into the chapters.

The report's own metadata (author, version, date) comes from _config.yml through
callreport.book.metadata, which the notebook passes in: this wing does not import the book's.
"""

from __future__ import annotations

from IPython.display import HTML

from callreport.dataset import codebook
from callreport.dataset.codebook import NOT_STATED, Side
from callreport.dataset.load import Tables
from callreport.report import derive, english, prose, theme
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


def strip_cells(t: Tables) -> list[dict]:
    """One cell per body sentence, in reading order: its number, voice and the quotations it holds
    (each with its kind and speaker), and its anchor in the annotated article."""
    quotes = derive.quotes(t)
    quotes["sentence_id"] = derive.anchor_of(t, quotes["start"])
    quotes["side"] = quotes["speaker"].map(derive.sides(t))
    held = {sentence: rows.to_dict("records") for sentence, rows in quotes.groupby("sentence_id")}
    return [
        {
            "sentence_id": s.sentence_id,
            "number": s.order,
            "voice": str(s.voice),
            "text": s.text,
            "href": s.href,
            "quotes": held.get(s.sentence_id, []),
        }
        for s in derive.sentences(t).itertuples()
    ]


def strip_title(cells: list[dict], side: Side) -> str:
    """The graphic's point, counted in sentences: how many carry a quotation, and how many of
    those quote a speaker of `side` (the descriptor's focus side) directly (a person's own words,
    in the codebook's terms)."""
    quoted = sum(1 for c in cells if c["quotes"])
    direct = sum(1 for c in cells if any(q["kind"] == "direct" and q["side"] == side.name for q in c["quotes"]))
    tail = f"{direct} quote{'s' if direct == 1 else ''}" if direct else "none quotes"
    tail += f" {side.speaker} directly"
    return f"{quoted} of {len(cells)} sentences carry a quotation; {tail}"


def _speaker(name: str) -> str:
    return "speaker not stated" if name == NOT_STATED else name


def _cell(cell: dict) -> str:
    kinds = [str(q["kind"]) for q in cell["quotes"]]
    said = [f"{q['kind']} quotation {q['quote_id']} ({_speaker(q['speaker_name'])})" for q in cell["quotes"]]
    name = f"Sentence {cell['number']}, {cell['voice']}: {english.and_list(said, empty='no quotation')}"
    fills = "".join(f'<span class="sentence-strip__kind sentence-strip__kind--{html_attr(k)}"></span>' for k in kinds)
    return (
        f'<li><a class="sentence-strip__cell" id="strip-{html_attr(cell["sentence_id"])}" '
        f'href="{url(cell["href"])}" aria-label="{html_attr(name)}" title="{html_attr(cell["text"])}">'
        f'<span class="sentence-strip__kinds">{fills}</span>'
        f'<span class="sentence-strip__voice sentence-strip__voice--{_voice_class(cell["voice"])}"></span></a></li>'
    )


def _voice_class(voice: str) -> str:
    return html_attr(voice.replace(" ", "-"))


def _key(swatch: str, label: str) -> str:
    return f'<span class="sentence-strip__key"><span class="{swatch}"></span>{html_text(label)}</span>'


def sentence_strip(t: Tables) -> HTML:
    """The front page's lead graphic, plain HTML and CSS (it paints with the first screen): the
    article's sentences as a strip of cells in reading order, each filled by the kind of quotation
    it holds (if any) over a bar in its voice's colour (theme.py's meanings), each a link to the
    sentence in the annotated article. The title is computed from the cells."""
    cells = strip_cells(t)
    title = strip_title(cells, codebook.article_info(t.descriptor).focus_side)
    kinds = [k for k in theme.KIND_COLOURS if any(q["kind"] == k for c in cells for q in c["quotes"])]
    voices = [v for v in theme.VOICE_COLOURS if any(c["voice"] == v for c in cells)]
    kind_keys = [_key(f"sentence-strip__swatch sentence-strip__kind--{html_attr(k)}", k) for k in kinds]
    kind_keys.append(_key("sentence-strip__swatch", "none"))
    voice_keys = [_key(f"sentence-strip__bar sentence-strip__voice--{_voice_class(v)}", v) for v in voices]
    return HTML(
        '<figure class="sentence-strip" id="sentence-strip" aria-labelledby="sentence-strip-title">'
        f'<figcaption class="sentence-strip__title" id="sentence-strip-title">{html_text(title)}'
        "</figcaption>"
        f'<ol class="sentence-strip__cells" aria-label="The article\'s {len(cells)} sentences in reading order, '
        f'each a link to it in the annotated article">{"".join(map(_cell, cells))}</ol>'
        '<p class="sentence-strip__legend">'
        f'<span class="sentence-strip__group">Quotation: {" ".join(kind_keys)}</span> '
        f'<span class="sentence-strip__group">Voice (bar): {" ".join(voice_keys)}</span></p>'
        "</figure>"
    )
