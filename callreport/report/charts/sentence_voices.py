"""How much of the article is the author's analysis? One bar per voice with its count, above a strip of
every sentence in reading order, coloured by voice; a tap on a bar picks out its sentences."""

from __future__ import annotations

import altair as alt
import pandas as pd

from callreport.dataset import codebook
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import PHONE_SAFE_WIDTH, Layer, _figure, _named, _plain
from callreport.report.findings import key

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (
    Layer("bar", per="voice", encodes={"x": "count()", "y": "voice", "color": "voice"}),
    Layer("text", per="voice", encodes={"x": "count()", "y": "voice", "text": "count()"}),
    Layer("rect", per="sentence", encodes={"x": "order", "color": "voice"}),
)


def voiced_sentences(t: Tables) -> pd.DataFrame:
    """One row per body sentence, in reading order: its place in that order, paragraph, voice, text and
    number of words, what a screen reader announces for it and its link into the annotated article."""
    frame = derive.sentences(t)
    frame["mark_label"] = _named(frame, "sentence_id", ["voice", "paragraph"], "text")
    return _plain(frame, ["sentence_id", "order", "paragraph", "voice", "text", "words", "mark_label", "href"])


def sentence_voices(t: Tables) -> alt.VConcatChart:
    """How much of the article is the author's analysis? Pick a voice to find its sentences."""
    data = voiced_sentences(t)
    facts = findings.framing(t)
    counts = english.in_order(
        {voice: facts[key("n", voice)] for voice in codebook.values(t.descriptor, "sentences", "voice")}
    )
    description = (
        f"Bar chart and strip: the article's {facts['n_sentences']} body sentences by voice: "
        + "; ".join(f"{voice} {n} sentences ({facts[key('n_words', voice)]} words)" for voice, n in counts)
        + ". Below the bars, a strip of every sentence in reading order, coloured by voice."
    )
    pick = alt.selection_point(fields=["voice"], name="voice_pick")
    colour = alt.Color("voice:N", scale=theme.scale(theme.VOICE_COLOURS), legend=None)
    bars = (
        alt.Chart()
        .mark_bar(cursor="pointer")
        .encode(
            y=alt.Y("voice:N", title=None, sort="-x"),
            x=alt.X(
                "count():Q",
                title="Sentences",
                scale=alt.Scale(domain=[0, counts[0][1] * 1.1], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=colour,
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.3)),
            tooltip=[alt.Tooltip("voice:N", title="Voice"), alt.Tooltip("count():Q", title="Sentences")],
        )
        .add_params(pick)
    )
    # The voices are named on the axis and each bar carries its count: the direct labels.
    totals = (
        alt.Chart()
        .mark_text(align="left", dx=4, fontWeight=600)
        .encode(y=alt.Y("voice:N", sort="-x"), x="count():Q", text="count():Q")
    )
    bars = alt.layer(bars, totals).properties(width=PHONE_SAFE_WIDTH, height=alt.Step(28))
    strip = (
        alt.Chart()
        .mark_rect(stroke="white", strokeWidth=1, cursor="pointer")
        .encode(
            x=alt.X("order:O", title="Reading order", axis=alt.Axis(labels=False, ticks=False)),
            color=colour,
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            detail="href:N",
            description="mark_label:N",
            tooltip=[
                alt.Tooltip("sentence_id:N", title="Sentence"),
                alt.Tooltip("voice:N", title="Voice"),
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("paragraph:O", title="Paragraph"),
            ],
        )
        .properties(width=PHONE_SAFE_WIDTH, height=40)
    )
    chart = alt.vconcat(bars, strip, data=data)
    columns = {"sentence_id": "Sentence", "paragraph": "Paragraph", "voice": "Voice", "text": "Text"}
    most = counts[0][1]
    tied = [voice for voice, n in counts if n == most]
    if len(counts) == 1:
        title = f"Every sentence is {tied[0]}: {english.plural(facts['n_sentences'], 'sentences')}"
    elif len(tied) == 1:
        title = f"{tied[0].capitalize()} is the largest voice: {most} of {facts['n_sentences']} sentences"
    else:
        title = f"No voice dominates: {most} sentences each for {english.and_list(tied)}"
    subtitle = "The article's body sentences by voice; below, every sentence in reading order"
    how = "Tap a voice's bar to pick out its sentences in the strip."
    return _figure(t, chart, "fig-sentence-voices", title, subtitle, description, columns, how)
