"""Where in the article does each voice speak? A strip of every sentence by paragraph, to brush, above
one dot per quoted span, by paragraph and speaker; spans of one speaker in one paragraph stacked, so that
no dot hides another, and the spans with no stated speaker in a row of their own, last."""

from __future__ import annotations

import altair as alt
import pandas as pd

from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import PHONE_SAFE_WIDTH, Layer, _figure, _named, _plain
from callreport.report.findings import key

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (
    Layer("tick", per="sentence", encodes={"x": "paragraph", "color": "voice"}),
    Layer("circle", per="quote", encodes={"x": "paragraph", "y": "speaker_name", "color": "kind"}),
)
# The row of the spans whose speaker the codebook gives as "not stated": a note on them, not a speaker's name.
NO_SPEAKER = "no stated speaker"
STACK = 12  # pixels between the centres of a speaker's dots in one paragraph
ROW = 40  # pixels a speaker's row; an offset dot is placed from the row's top, so its middle is ROW / 2


def sentences_by_paragraph(t: Tables) -> pd.DataFrame:
    """One row per body sentence, in reading order: its id, paragraph, voice, words and place in that order."""
    return _plain(derive.sentences(t), ["sentence_id", "paragraph", "voice", "text", "order"])


def quotes_by_paragraph(t: Tables) -> pd.DataFrame:
    """One row per quoted span, in the article's order: its speaker (id and name), kind, words and
    paragraph, its nudge (pixels from its row's top, to stack the speaker's spans in one paragraph about the row's
    middle), what a screen reader announces for it and its link into the annotated article."""
    frame = derive.quotes(t)
    frame["speaker_name"] = frame["speaker_name"].where(frame["speaker"].astype(str) != NOT_STATED, NO_SPEAKER)
    together = frame.groupby(["speaker", "paragraph"], observed=True)["quote_id"]
    frame["nudge"] = ROW / 2 + (together.cumcount() - (together.transform("count") - 1) / 2) * STACK
    frame["mark_label"] = _named(frame, "quote_id", ["speaker_name", "kind", "paragraph"], "text")
    columns = ["quote_id", "speaker", "speaker_name", "kind", "text", "paragraph", "mark_label", "href"]
    out = _plain(frame, columns)
    out["nudge"] = [float(n) for n in frame["nudge"]]
    return out


def quotes_through_article(t: Tables) -> alt.VConcatChart:
    """Where in the article does each voice speak? Brush the sentence strip to filter the quotes."""
    data = quotes_by_paragraph(t)
    sentences = sentences_by_paragraph(t)
    facts = findings.voices(t)
    paragraphs = facts["n_paragraphs"]
    names = dict(zip(data["speaker"], data["speaker_name"], strict=True))
    first = pd.Series({names[s]: facts[key("first_paragraph", s)] for s in names}, dtype=int)
    first = first.sort_values(kind="stable").sort_index(key=lambda i: i == NO_SPEAKER, kind="stable")
    description = (
        f"Dot plot: the {facts['n_quotes']} quoted spans placed by paragraph, 1 to {paragraphs}, one row per speaker"
        + (f" and a last row for those with {NO_SPEAKER}. " if NO_SPEAKER in first.index else ". ")
        + "; ".join(f"{name} first in paragraph {p}" for name, p in first.items())
        + ". Above it, a strip of the article's sentences, coloured by voice."
    )
    brush = alt.selection_interval(encodings=["x"], name="paragraph_brush")
    x = alt.X(
        "paragraph:Q",
        title="Paragraph",
        scale=alt.Scale(domain=[0.5, paragraphs + 0.5]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    strip = (
        alt.Chart(sentences)
        .mark_tick(thickness=3, size=18)
        .encode(
            x=x,
            color=alt.Color("voice:N", scale=theme.scale(theme.VOICE_COLOURS), title="Sentence voice"),
            tooltip=[
                alt.Tooltip("sentence_id:N", title="Sentence"),
                alt.Tooltip("voice:N", title="Voice"),
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("paragraph:O", title="Paragraph"),
            ],
        )
        .add_params(brush)
        .properties(width=PHONE_SAFE_WIDTH, height=36)
    )
    dots = (
        alt.Chart()
        .mark_circle(size=110, opacity=1, cursor="pointer")
        .encode(
            x=x,
            yOffset=alt.YOffset("nudge:Q", scale=None),  # a speaker's spans in one paragraph, stacked
            # Speakers named above their rows, inside the plot: the paragraphs get the whole width.
            y=alt.Y(
                "speaker_name:N",
                title=None,
                sort=list(first.index),
                axis=alt.Axis(
                    labelAlign="left",
                    labelBaseline="bottom",
                    labelPadding=-2,
                    labelOffset=-7,
                    ticks=False,
                    domain=False,
                    labelFontWeight=600,
                ),
            ),
            color=alt.condition(
                brush,
                alt.Color("kind:N", scale=theme.scale(theme.KIND_COLOURS), title="Kind of quotation"),
                alt.value(theme.MID_GREY),
            ),
            detail="href:N",
            description="mark_label:N",
            tooltip=[
                alt.Tooltip("quote_id:N", title="Quote"),
                alt.Tooltip("speaker_name:N", title="Speaker"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("paragraph:O", title="Paragraph"),
            ],
        )
        .properties(width=PHONE_SAFE_WIDTH, height=alt.Step(ROW))
    )
    chart = alt.vconcat(strip, dots, data=data).resolve_scale(color="independent")
    columns = {"quote_id": "Quote", "speaker_name": "Speaker", "kind": "Kind", "paragraph": "Paragraph", "text": "Text"}
    named = sorted(s for s in names if s != NOT_STATED)
    opens = pd.Series({names[s]: facts[key("first_paragraph", s)] for s in named}, dtype=int).sort_values(kind="stable")
    closes = pd.Series({names[s]: facts[key("last_paragraph", s)] for s in named}, dtype=int).sort_values(kind="stable")
    if not named:
        spans = english.plural(facts["n_quotes"], "spans")
        title = f"No quoted span names its speaker ({spans} in {paragraphs} paragraphs)"
    else:
        title = (
            f"Of those named, {opens.index[0]} is quoted first (paragraph {opens.iloc[0]}) "
            f"and {closes.index[-1]} last (paragraph {closes.iloc[-1]} of {paragraphs})"
        )
    subtitle = (
        "Top: every sentence, by voice. Below: each quoted span, by paragraph and speaker, stacked where they share one"
    )
    how = "Drag across the strip of sentences to keep only the quotations in those paragraphs."
    return _figure(t, chart, "fig-quotes-through-article", title, subtitle, description, columns, how)
