"""Where is the article sure, and where does it guess? One row per certainty marker, its words beside it,
placed by paragraph; its kind by colour and shape, filled where the marker is the author's own and hollow
where it stands in a source's words. A row each, so no marker hides another however close they stand."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from callreport.dataset import codebook
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import PHONE_SAFE_WIDTH, Layer, _figure, _named, _plain
from callreport.report.findings import key

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (Layer("point", per="marker", encodes={"x": "paragraph", "y": "marker_id", "color": "kind", "fill": "kind"}),)
# Each kind's shape, so that no kind is told by its colour alone (the legend gives both).
SHAPES = {"hedge": "circle", "booster": "triangle-up", "unnamed consensus": "square", "evidential": "diamond"}
# Whose words a marker is in: filled for the author's own, hollow (no fill, its outline only) for a source's.
AUTHORS, SOURCES = "the author's own", "a source's words"
ROW = 20  # pixels a marker's row


def markers_by_paragraph(t: Tables) -> pd.DataFrame:
    """One row per certainty marker, in the order the chart lists them (by kind, then paragraph): its
    words, kind, whose view it is and whose words (whose), the claim it qualifies, its sentence's voice
    and paragraph, what a screen reader announces for it and its link."""
    frame = derive.markers(t)
    frame["whose"] = [AUTHORS if holder == "author" else SOURCES for holder in frame["holder"].astype(str)]
    kinds = list(theme.CERTAINTY_COLOURS)
    frame["_rank"] = frame["kind"].astype(str).map(kinds.index)
    frame = frame.sort_values(["_rank", "paragraph", "marker_id"], kind="stable")
    frame["mark_label"] = _named(frame, "marker_id", ["kind", "holder_name", "paragraph"], "text")
    columns = ["marker_id", "text", "kind", "holder_name", "whose", "claim", "voice", "paragraph", "mark_label", "href"]
    return _plain(frame, columns)


def certainty_markers(t: Tables) -> alt.Chart:
    """Where is the article sure, and where does it guess? One row per certainty marker, its words beside it."""
    data = markers_by_paragraph(t)
    facts = findings.framing(t)
    authors, hedges, total = facts["n_markers_author"], facts["n_marker_hedge"], facts["n_markers"]
    kinds = {kind: facts[key("n_marker", kind)] for kind in codebook.values(t.descriptor, "hedges", "kind")}
    title = f"Of the {total} certainty markers this report counts, {hedges} are hedges; {authors} are the author's own"
    subtitle = "Each marker's words, placed by paragraph; filled where the author's own, hollow where a source's"
    description = (
        f"Dot chart: the article's {total} certainty markers, one row and one dot each, the marker's words "
        f"beside it, placed by paragraph and grouped by kind: {english.tallied(kinds)}. {authors} are the "
        f"author's own, {facts['n_markers_sources']} sit inside what a source is reported as saying (hollow "
        f"dots)."
    )
    words = json.dumps(dict(zip(data["marker_id"], data["text"], strict=True)), ensure_ascii=False)
    paragraphs = int(facts["n_paragraphs"]) if "n_paragraphs" in facts else int(t.sentences["paragraph"].max())
    kind_scale = theme.scale(theme.CERTAINTY_COLOURS)
    legend = alt.Legend(title="Kind of marker", symbolStrokeWidth=2)
    chart = (
        alt.Chart(data)
        .mark_point(size=110, strokeWidth=2, opacity=1, cursor="pointer")
        .encode(
            x=alt.X(
                "paragraph:Q",
                title="Paragraph",
                scale=alt.Scale(domain=[0.5, paragraphs + 0.5], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            # One row per marker, labelled with its words (two markers may share their words: "could").
            y=alt.Y(
                "marker_id:N",
                title=None,
                sort=list(data["marker_id"]),
                axis=alt.Axis(labelExpr=f"{words}[datum.value]", labelLimit=160, ticks=False, domain=False),
            ),
            color=alt.Color("kind:N", scale=kind_scale, title="Kind of marker", legend=legend),  # the outline
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=list(SHAPES), range=list(SHAPES.values())),
                title="Kind of marker",
                legend=legend,
            ),
            # Filled where the author's own; hollow (no fill at all, on either page) where a source's words.
            fill=alt.condition(
                alt.datum.whose == AUTHORS, alt.Color("kind:N", scale=kind_scale, legend=None), alt.value(theme.EMPTY)
            ),
            detail=["marker_id:N", "href:N"],
            description="mark_label:N",
            tooltip=[
                alt.Tooltip("marker_id:N", title="Marker"),
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("claim:N", title="The claim it qualifies"),
                alt.Tooltip("holder_name:N", title="Whose view"),
                alt.Tooltip("paragraph:O", title="Paragraph"),
            ],
        )
        .properties(width=PHONE_SAFE_WIDTH, height=len(data) * ROW)
    )
    columns = {
        "marker_id": "Marker",
        "text": "Text",
        "kind": "Kind",
        "holder_name": "Whose view",
        "paragraph": "Paragraph",
    }
    how = "Tap a marker to read the claim it qualifies."
    return _figure(t, chart, "fig-certainty-markers", title, subtitle, description, columns, how)
