"""Render the article as annotated HTML, from data/article.txt and the validated tables.

Paragraphs are numbered and anchored (#p-07); every sentence (#s-09), quote
(#q-05) and demand's evidence (#src-d-01) is a span with its own anchor. Image
descriptions, credits, captions and the published marker are shown as page
elements, apart from the body. Spans must nest; a crossing raises.

Each quote, demand and event carries a visible tag (its ID and kind, readable on touch) that
links to its row in the chapter's table (voices.html#q-05, demands.html#d-01, timeline.html#e-01);
those rows link back here. Certainty markers (#h-01) are spans too, each followed by its kind.

Above the text, lenses (LENSES) switch what is marked: who speaks (the quotations), whose account
(each sentence's voice), how sure (the certainty markers), what is asked (the demands' evidence) and
when (the events). Each lens shows its own marks, tags and key and none of the others'; it is a row
of radio buttons, so it works by touch and keyboard with no script. Colours come from
callreport.report.theme (the classes of theme.mark_class), the charts' own.
"""

from __future__ import annotations

from dataclasses import dataclass

from callreport.dataset import codebook
from callreport.dataset.load import Tables
from callreport.report import derive, theme
from callreport.report.escape import html_attr, html_text

PUBLISHED_NOTE = "This report notes: the date that followed it on the page is not in the text."
ROW_PAGES = {"quote": "voices.html", "demand": "demands.html", "event": "timeline.html"}
PAGE_LABELS = {
    "image description": "Image description",
    "image credit": "Credit",
    "published marker": "Page element",
}


def rights(t: Tables) -> str:
    """The note above and below the text: whose copyright it is (the descriptor's rights holder)."""
    return (
        f"The article's text is © {codebook.article_info(t.descriptor).rights_holder}. It is reproduced verbatim "
        "for criticism and review, with attribution, and is not covered by this report's CC BY 4.0 licence."
    )


@dataclass(frozen=True)
class Lens:
    name: str  # the value of its radio button, and of the marks' data-lens
    label: str
    key: str  # what its marks are, under the row of lenses
    meaning: str | None = None  # theme.MEANINGS: the colours its key shows


LENSES = (
    Lens(
        "speaks",
        "Who speaks",
        "Each quoted passage, by kind: a speaker's own words (direct), a publication's (publication), or a "
        "word or phrase set in quotation marks (scare); its tag names the speaker.",
        "kind of quotation",
    ),
    Lens(
        "account",
        "Whose account",
        "Each sentence, shaded by whose account it gives: a source's words (reported speech), the author's "
        "account of events (reporting) or the author's own judgement (analysis).",
        "sentence voice",
    ),
    Lens(
        "sure",
        "How sure",
        "The words that make a claim more or less certain, or say whose view it is, each followed by its kind; "
        "a few stand in a source's words, not the author's.",
        "certainty marker",
    ),
    Lens(
        "asked",
        "What is asked",
        "The words each demand, offer or response rests on, underlined; its tag gives its kind and party.",
    ),
    Lens("when", "When", "Each event the article mentions; its tag links to its row in the timeline."),
)


def lenses_html(t: Tables) -> str:
    """The row of lenses above the text, the first chosen, and each one's key."""
    choices, keys = [], []
    for index, lens in enumerate(LENSES):
        checked = " checked" if index == 0 else ""
        choices.append(
            f'<label class="article-lens__choice"><input type="radio" name="article-lens" value="{lens.name}"'
            f"{checked}> {html_text(lens.label)}</label>"
        )
        swatches = ""
        if lens.meaning:
            swatches = "".join(
                f'<span class="article-lens__swatch {theme.mark_class(lens.meaning, value)}">{html_text(value)}</span>'
                for value in theme.MEANINGS[lens.meaning]
                if value != "not stated"
            )
        keys.append(f'<p class="article-lens__key" data-lens="{lens.name}">{html_text(lens.key)} {swatches}</p>')
    return (
        '<fieldset class="article-lens"><legend>Show in the text</legend>'
        f'<div class="article-lens__choices">{"".join(choices)}</div>{"".join(keys)}</fieldset>'
    )


class CrossingSpans(ValueError):
    """Two annotated spans overlap without one containing the other."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    open: str
    close: str
    name: str


def _nest(text: str, start: int, end: int, spans: list[Span], after: dict[int, str]) -> str:
    """HTML for text[start:end] with spans opened and closed in order, and extra HTML after offsets."""
    opening = sorted(spans, key=lambda s: (s.start, -s.end))
    out, stack, index, position = [], [], 0, start
    boundaries = sorted({s.start for s in spans} | {s.end for s in spans} | set(after) | {end})
    for boundary in boundaries:
        if boundary < start or boundary > end:
            continue
        out.append(html_text(text[position:boundary]))
        position = boundary
        while stack and stack[-1].end == boundary:
            out.append(stack.pop().close)
        if any(s.end == boundary for s in stack):
            crossing = next(s for s in stack if s.end == boundary)
            raise CrossingSpans(f"{crossing.name} ends at {boundary} inside {stack[-1].name}")
        out.append(after.get(boundary, ""))
        while index < len(opening) and opening[index].start == boundary:
            span = opening[index]
            if stack and span.end > stack[-1].end:
                raise CrossingSpans(f"{span.name} ({span.start}-{span.end}) crosses {stack[-1].name}")
            out.append(span.open)
            stack.append(span)
            index += 1
    return "".join(out)


def body_spans(t: Tables) -> tuple[list[Span], dict[int, str]]:
    """The spans inside body paragraphs: sentences, demand evidence and quotes, and the quote tags."""
    spans = [
        Span(
            s.start,
            s.end,
            f'<span class="sentence sentence--{html_attr(s.voice.replace(" ", "-"))} '
            f'{theme.mark_class("sentence voice", s.voice)}" id="{html_attr(s.sentence_id)}">',
            "</span>",
            s.sentence_id,
        )
        for s in t.sentences.itertuples()
    ]
    for d in derive.demands(t).itertuples():
        title = html_attr(f"{d.demand_id}: {d.summary} ({d.kind}, {d.party_name})")
        spans.append(
            Span(
                d.start,
                d.end,
                f'<span class="evidence" id="src-{html_attr(d.demand_id)}" title="{title}">',
                "</span>",
                d.demand_id,
            )
        )
    tags: dict[int, list[str]] = {}

    def tag(offset: int, what: str, row_id: str, label: str) -> None:
        href = f"{ROW_PAGES[what]}#{row_id}"
        attributes = f'class="quote__tag quote__tag--{what}" id="tag-{html_attr(row_id)}" href="{html_attr(href)}"'
        tags.setdefault(offset, []).append(f"<a {attributes}>{html_text(row_id)} · {label}</a>")

    for m in t.hedges.itertuples():
        spans.append(
            Span(
                m.start,
                m.end,
                f'<span class="marker {theme.mark_class("certainty marker", m.kind)}" id="{html_attr(m.marker_id)}">',
                f'</span><span class="marker__kind"> {html_text(m.kind)}</span>',
                m.marker_id,
            )
        )

    for d in derive.demands(t).itertuples():
        tag(d.end, "demand", d.demand_id, html_text(f"{d.kind} by {d.party_name}"))
    for e in t.events.itertuples():
        tag(e.end, "event", e.event_id, "event in the timeline")
    for q in derive.quotes(t).itertuples():
        label = html_text(f"{q.speaker_name} · {q.kind}")
        spans.append(
            Span(
                q.start,
                q.end,
                f'<mark class="quote quote--{html_attr(q.kind)} {theme.mark_class("kind of quotation", q.kind)}" '
                f'id="{html_attr(q.quote_id)}" '
                f'data-speaker="{html_attr(q.speaker_name)}">',
                "</mark>",
                q.quote_id,
            )
        )
        # after the closing quotation mark, which sits at q.end
        tag(q.end + 1, "quote", q.quote_id, label)
    return spans, {offset: "".join(links) for offset, links in tags.items()}


def article_html(t: Tables) -> str:
    """The whole article, annotated, as one HTML fragment."""
    spans, tags = body_spans(t)
    note = html_text(rights(t))
    parts = [f'<div class="article" lang="en-GB">{lenses_html(t)}<p class="rights-note">{note}</p>']
    element: list[str] = []

    def flush():
        if element:
            parts.append(f'<div class="article__page-element">{"<br>".join(element)}</div>')
            element.clear()

    for block in t.blocks.itertuples():
        text = html_text(block.text)
        if block.kind == "title":
            parts.append(f'<p class="article__title" id="{html_attr(block.block_id)}">{text}</p>')
        elif block.kind == "paragraph":
            flush()
            inside = [s for s in spans if block.start <= s.start and s.end <= block.end]
            pid = f"p-{block.paragraph:02d}"
            body = _nest(
                t.article,
                block.start,
                block.end,
                inside,
                {k: v for k, v in tags.items() if block.start < k <= block.end},
            )
            parts.append(
                f'<p class="article__para" id="{pid}"><a class="article__pnum" href="#{pid}" '
                f'aria-label="Paragraph {block.paragraph}">{block.paragraph}</a>{body}</p>'
            )
        elif block.kind == "caption label":
            element.append(f'<span class="article__label">{text}</span>')
        elif block.kind == "caption":
            inside = "".join(v for k, v in sorted(tags.items()) if block.start < k <= block.end)
            element[-1] += f' <span id="{html_attr(block.block_id)}">{text}</span>{inside}'
            flush()
        else:
            if block.kind in ("image description", "published marker"):
                flush()
            label = f'<span class="article__label">{PAGE_LABELS[block.kind]}</span>'
            element.append(f'{label} <span id="{html_attr(block.block_id)}">{text}</span>')
            if block.kind == "published marker":
                element.append(f'<em class="report-added">{PUBLISHED_NOTE}</em>')
                flush()
    flush()
    parts.append(f'<p class="rights-note">{note}</p></div>')
    return "\n".join(parts)
