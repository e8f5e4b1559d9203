"""Where is the article sure, and where does it guess? One dot per certainty marker, by paragraph and
kind, hollow where the marker stands in a source's words rather than the author's."""

from __future__ import annotations

import altair as alt
import pandas as pd

from callreport.dataset import codebook
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import Layer, _figure, _named, _plain, _rows
from callreport.report.findings import key

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (Layer("point", per="marker", encodes={"x": "paragraph", "y": "kind", "color": "kind", "fill": "kind"}),)


def markers_by_paragraph(t: Tables) -> pd.DataFrame:
    """One row per certainty marker, in the article's order: its words, kind, whose view it is, the claim it
    qualifies, its sentence's voice and paragraph, what a screen reader announces for it and its link."""
    frame = derive.markers(t)
    frame["mark_label"] = _named(frame, "marker_id", ["kind", "holder_name", "paragraph"], "text")
    columns = ["marker_id", "text", "kind", "holder_name", "claim", "voice", "paragraph", "mark_label", "href"]
    return _plain(frame, columns)


def certainty_markers(t: Tables) -> alt.Chart:
    """Where is the article sure, and where does it guess? One dot per certainty marker, by paragraph and kind."""
    data = markers_by_paragraph(t)
    facts = findings.framing(t)
    authors, hedges, total = facts["n_markers_author"], facts["n_marker_hedge"], facts["n_markers"]
    kinds = {kind: facts[key("n_marker", kind)] for kind in codebook.values(t.descriptor, "hedges", "kind")}
    title = f"Of the {total} certainty markers this report counts, {hedges} are hedges; {authors} are the author's own"
    subtitle = "Each dot is one marker, by paragraph and kind; hollow where it stands in a source's words"
    description = (
        f"Dot chart: the article's {total} certainty markers, one dot each, placed by paragraph in rows by "
        f"kind: {english.tallied(kinds)}. {authors} are the author's own, {facts['n_markers_sources']} "
        f"sit inside what a source is reported as saying (hollow dots)."
    )
    chart = (
        alt.Chart(data)
        .mark_point(size=140, strokeWidth=2, cursor="pointer")
        .encode(
            x=alt.X("paragraph:Q", title="Paragraph", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("kind:N", title=None, sort=list(theme.CERTAINTY_COLOURS), axis=alt.Axis(labelLimit=160)),
            color=alt.Color(
                "kind:N",
                scale=theme.scale(theme.CERTAINTY_COLOURS),
                legend=None,  # the rows are labelled with the kinds: a direct label, not a legend
            ),
            fill=alt.condition(
                "datum.holder_name == 'the author'", alt.Color("kind:N", legend=None), alt.value("white")
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
        .properties(width="container", height=_rows(len(theme.CERTAINTY_COLOURS), 34))
    )
    columns = {
        "marker_id": "Marker",
        "text": "Text",
        "kind": "Kind",
        "holder_name": "Whose view",
        "paragraph": "Paragraph",
    }
    return _figure(t, chart, "fig-certainty-markers", title, subtitle, description, columns)
