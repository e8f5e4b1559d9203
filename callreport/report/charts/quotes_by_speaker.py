"""Who is quoted, and how? One bar segment per quoted span whose speaker the article states, by speaker
and kind, each bar's total at its end; the spans with no stated speaker are counted in the subtitle, not
drawn as if "not stated" were a speaker."""

from __future__ import annotations

import altair as alt
import pandas as pd

from callreport.dataset import codebook
from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import PHONE_SAFE_WIDTH, Layer, _figure, _named, _plain, _rows
from callreport.report.findings import key

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (
    Layer("bar", per="attributed quote", encodes={"x": "count()", "y": "speaker_name", "color": "kind"}),
    Layer("text", per="stated speaker", encodes={"x": "count()", "y": "speaker_name", "text": "count()"}),
)


def quoted_spans(t: Tables) -> pd.DataFrame:
    """One row per quoted span whose speaker the article states, in the article's order: its speaker's
    name, kind, words, paragraph and cue, what a screen reader announces for it and its link into the
    annotated article."""
    frame = derive.quotes(t)
    frame = frame[frame["speaker"].astype(str) != NOT_STATED].copy()
    frame["mark_label"] = _named(frame, "quote_id", ["speaker_name", "kind", "paragraph"], "text")
    return _plain(frame, ["quote_id", "speaker_name", "kind", "text", "paragraph", "cue", "mark_label", "href"])


def unattributed_note(t: Tables) -> str:
    """The spans with no stated speaker, counted (findings' n_unattributed) and named by their kind when
    they share one: "2 scare quotes have no stated speaker"; empty when every span has a speaker."""
    n = findings.voices(t)["n_unattributed"]
    if not n:
        return ""
    kinds = set(t.quotes.loc[t.quotes["speaker"].astype(str) == NOT_STATED, "kind"].astype(str))
    noun = f"{kinds.pop()} quotes" if len(kinds) == 1 else "quoted spans"
    return f"{english.plural(n, noun)} {'has' if n == 1 else 'have'} no stated speaker"


def quotes_by_speaker(t: Tables) -> alt.LayerChart:
    """Who is quoted, and how? One bar segment per quoted span, by speaker and kind."""
    data = quoted_spans(t)
    if data.empty:
        raise ValueError("quotes_by_speaker: the article has no quotation, so there is no speaker to chart")
    frame = derive.quotes(t)
    frame = frame[frame["speaker"].astype(str) != NOT_STATED]
    facts = findings.voices(t)
    names = dict(zip(frame["speaker"].astype(str), frame["speaker_name"], strict=False))
    by_speaker = english.in_order({names[s]: facts[key("n_quotes_by", s)] for s in names})
    (top, top_n), rest = by_speaker[0], by_speaker[1:]
    leaders = [name for name, n in by_speaker if n == top_n]
    title = f"{english.and_list(leaders)} {'has' if len(leaders) == 1 else 'have'} the most quoted passages"
    kinds = {
        kind: int((frame["kind"].astype(str) == kind).sum()) for kind in codebook.values(t.descriptor, "quotes", "kind")
    }
    note = unattributed_note(t)
    description = (
        f"Bar chart: the quoted spans whose speaker the article states, a bar per speaker. {top} is quoted "
        f"{english.times(top_n)}"
        + "".join(f"; {name} {english.times(n)}" for name, n in rest)
        + f". By kind: {english.tallied(kinds)}."
        + (f" Not drawn: {note}." if note else "")
    )
    kind = alt.selection_point(fields=["kind"], bind="legend", name="kind_pick")
    # Speakers named above their bars, inside the plot: the bars get the whole width, even on a phone.
    y = alt.Y(
        "speaker_name:N",
        sort="-x",
        title=None,
        scale=alt.Scale(paddingInner=0.45),
        axis=alt.Axis(
            labelAlign="left",
            labelBaseline="bottom",
            labelPadding=-2,
            labelOffset=-12,
            ticks=False,
            domain=False,
            labelFontWeight=600,
        ),
    )
    # Room to the right of the longest bar for its total.
    x_scale = alt.Scale(domain=[0, top_n + 0.4], nice=False)
    bars = (
        alt.Chart()
        .mark_bar(stroke="white", strokeWidth=1.5, cursor="pointer")
        .encode(
            y=y,
            x=alt.X("count():Q", title="Quoted spans", scale=x_scale, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("kind:N", scale=theme.scale(theme.KIND_COLOURS), title="Kind of quotation"),
            detail=["quote_id:N", "href:N"],
            description="mark_label:N",
            order=alt.Order("quote_id:O"),
            opacity=alt.condition(kind, alt.value(1.0), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("quote_id:N", title="Quote"),
                alt.Tooltip("speaker_name:N", title="Speaker"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("paragraph:O", title="Paragraph"),
                alt.Tooltip("cue:N", title="Cue"),
            ],
        )
        .add_params(kind)
    )
    # The annotation: each speaker's total, written at the end of the bar.
    totals = alt.Chart().mark_text(align="left", dx=4, fontWeight=600).encode(y=y, x="count():Q", text="count():Q")
    chart = alt.layer(bars, totals, data=data).properties(width=PHONE_SAFE_WIDTH, height=_rows(len(names), 40))
    columns = {"quote_id": "Quote", "speaker_name": "Speaker", "kind": "Kind", "text": "Text", "paragraph": "Paragraph"}
    subtitle = "Quoted spans per speaker, coloured by kind of quotation" + (f"; {note}" if note else "")
    how = "Tap a kind of quotation in the legend to pick out its bars."
    return _figure(t, chart, "fig-quotes-by-speaker", title, subtitle, description, columns, how)
