"""In what order does the article place events? One dot per event down a spine, solid where the article
states the order and dashed where this report infers it, the unplaced events listed apart below."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import PHONE_SAFE_WIDTH, Layer, _figure, _plain, _wide

TIMELINE_WRAP = 30  # characters a line: 13px text beside the steps fits a 320px phone
TIMELINE_WIDE = (560, 60)  # from this column width (pixels), lines of this many characters
TIMELINE_LINE = 17  # pixels a line
DOT_RIM = 8  # pixels from a timeline dot's centre to just beyond its rim (size 130, stroke 2)
TIMELINE_X = {"step": 16, "dot": 30, "text": 44}  # pixels from the left: step number, the spine, the words

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (
    Layer("rule", per="placed event after the first", encodes={"y": "y", "y2": "y_before"}),  # the spine
    Layer("rule", per="turn from past to future", encodes={"y": "y"}),  # the article's present
    Layer("text", per="timeline note", encodes={"y": "y", "text": "note"}),  # the present, the unplaced heading
    Layer("text", per="event", encodes={"y": "y", "text": "step_label"}),  # the step's number, once per step
    Layer("point", per="event", encodes={"y": "y"}),
    Layer("text", per="event", encodes={"y": "y", "text": "lines"}),  # its summary and time words, wrapped
)


def _timeline_layout(frame: pd.DataFrame, wrap: int) -> tuple[list[float], list[list[str]], list[dict], float]:
    """Each event's line (y, in lines from the top) and wrapped words, and the notes between them: the
    article's present, where its past ends and its future starts, and the heading of the unplaced events."""
    ys, lines, notes = [], [], []
    y = 0.0
    previous = None
    for row in frame.itertuples():
        if previous is not None and previous.placed and not row.placed:
            y += 0.6
            heading = textwrap.wrap("Not placed: the article does not order these against the rest", wrap)
            notes.append({"note": heading, "y": y})
            y += len(heading) + 0.4
        elif previous is not None and previous.timing == "past" and row.timing == "future" and row.placed:
            notes.append({"note": ["now: the article's present"], "y": y - 0.1, "rule": True})
            y += 1.2
        wrapped = textwrap.wrap(f"{row.summary} ({row.when})", wrap, break_on_hyphens=False)
        ys.append(y)
        lines.append(wrapped)
        y += len(wrapped) + 0.7
        previous = row
    return ys, lines, notes, y


def _laid_out(t: Tables, wrap: int) -> tuple[pd.DataFrame, list[float], list[list[str]], list[dict], float]:
    """The events in the article's order, the unplaced last, with their steps and time words, and their
    layout (_timeline_layout) with words wrapped at `wrap` characters."""
    frame = derive.events(t).copy()
    frame["placed"] = frame["order"].notna()
    frame = frame.sort_values(["placed", "order", "event_id"], ascending=[False, True, True]).reset_index(drop=True)
    frame["step"] = frame["order"].astype("Int64").astype(str).where(frame["placed"], "not placed")
    # The step's number once, beside the first of the events that share it.
    frame["step_label"] = frame["step"].where(frame["placed"] & ~frame["step"].duplicated(), "")
    # The time words as the article has them, and whose they are where they are not the narration's.
    speakers = derive.quotes(t).set_index("quote_id")["speaker_name"]
    whose = {"narration": "", "caption": ", in a caption"}
    whose.update({f"quotation {q}": f", in {name}'s words" for q, name in speakers.items()})
    frame["when"] = [
        "time not stated" if words == NOT_STATED else words + whose[where]
        for words, where in zip(frame["time_expression"].astype(str), frame["time_in"].astype(str), strict=True)
    ]
    frame["timing"] = frame["timing"].astype(str)
    return frame, *_timeline_layout(frame, wrap)


def event_lines(t: Tables, wrap: int = TIMELINE_WRAP) -> pd.DataFrame:
    """One row per event, in the article's order, the unplaced last: its step ("not placed" if none), the
    step's number on the first event of each step (step_label), its time words and whose they are (when),
    its line from the top (y), its summary and time words wrapped at `wrap` characters (lines), the line of
    the placed event before it (y_before, none for the first or an unplaced one), what a screen reader
    announces for it and its link into the annotated article."""
    frame, ys, lines, _, _ = _laid_out(t, wrap)
    frame["y"] = ys
    # The spine: from each placed event up to the one before it, in the style of how its place is known.
    frame["y_before"] = frame["y"].shift(1).where(frame["placed"] & frame["placed"].shift(1, fill_value=False))
    frame["mark_label"] = (
        frame["event_id"]
        + ", "
        + frame["step"].map(lambda s: "not placed" if s == "not placed" else f"step {s}")
        + ", order "
        + frame["order_basis"].astype(str)
        + ": "
        + frame["summary"]
        + " ("
        + frame["when"]
        + ")"
    )
    data = _plain(
        frame,
        [
            "event_id",
            "summary",
            "when",
            "time_expression",
            "timing",
            "step",
            "step_label",
            "order_basis",
            "order_note",
            "evidence",
            "mark_label",
            "href",
        ],
    )
    data["lines"], data["y"] = lines, ys
    data["y_before"] = [None if pd.isna(v) else float(v) for v in frame["y_before"]]
    return data


def timeline_notes(t: Tables, wrap: int = TIMELINE_WRAP) -> pd.DataFrame:
    """The notes between the events, each with its line from the top (y): the article's present, where its
    placed past ends and its future starts (rule: True, a rule is drawn there), and the heading of the
    unplaced events, wrapped at `wrap` characters."""
    annotations = pd.DataFrame(_laid_out(t, wrap)[3])
    annotations["rule"] = annotations.get("rule", pd.Series(dtype=object)).fillna(False).astype(bool)
    return annotations


def timeline_depth(t: Tables, wrap: int = TIMELINE_WRAP) -> float:
    """How many lines the events and notes take from the top, their words wrapped at `wrap` characters."""
    return _laid_out(t, wrap)[4]


def timeline(t: Tables, wrap: int = TIMELINE_WRAP) -> alt.LayerChart:
    """In what order does the article place events? Its own time words, no calendar: a spine through
    the placed events, solid where the article states the order, dashed where this report infers it.
    Its words wrapped at `wrap` characters, and for a wide column (TIMELINE_WIDE) at more."""
    facts = findings.timeline(t)
    figure = _timeline_figure(t, facts, wrap)
    if wrap != TIMELINE_WRAP:
        return figure
    return _wide(figure, TIMELINE_WIDE[0], _timeline_figure(t, facts, TIMELINE_WIDE[1]))


def _timeline_figure(t: Tables, facts: dict, wrap: int) -> alt.LayerChart:
    """The figure with its words wrapped at `wrap` characters, its title and description from `facts`."""
    data = event_lines(t, wrap)
    placed = data[data["step"] != "not placed"]
    unplaced = data.loc[data["step"] == "not placed", "event_id"].tolist()
    if placed.empty:
        raise ValueError("timeline: no event has a place in the order, so there is no sequence to draw")
    bottom = timeline_depth(t, wrap)
    apart = (
        f"{facts['n_events_unplaced']} not placed ({english.and_list(unplaced)}), listed apart below"
        if unplaced
        else "none unplaced"
    )
    description = (
        f"Timeline of {facts['n_events']} events in the order the article gives them: {facts['n_events_placed']} "
        f"placed in {facts['n_steps']} steps, {facts['n_events_stated_order']} of them placed by the article's own "
        f"words (solid dots and lines) and {facts['n_events_inferred_order']} by this report's inference (hollow "
        f"dots, dashed lines); {apart}. "
        f"First: {placed.iloc[0]['summary']} ({placed.iloc[0]['when']}). "
        f"Last: {placed.iloc[-1]['summary']}."
    )
    y_scale = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-0.5, bottom], reverse=True, nice=False))
    # The tooltip adds what the label does not say: the article's words and why the event sits where it does.
    tooltip = [
        alt.Tooltip("event_id:N", title="Event"),
        alt.Tooltip("evidence:N", title="Text"),
        alt.Tooltip("order_basis:N", title="Order"),
        alt.Tooltip("order_note:N", title="Why here"),
    ]
    stated = alt.datum.order_basis == "stated"
    base = alt.Chart().encode(y=y_scale)
    spine = (
        base.transform_filter("isValid(datum.y_before)")
        # Each segment stops at the rims of its two dots, so a hollow dot stays empty on a light or dark page.
        .mark_rule(strokeWidth=2, color=theme.MUTED_INK, yOffset=-DOT_RIM, y2Offset=DOT_RIM, aria=False)
        .encode(
            x=alt.value(TIMELINE_X["dot"]),
            y2="y_before:Q",
            strokeDash=alt.condition(stated, alt.value([1, 0]), alt.value([4, 3])),
        )
    )
    steps = base.mark_text(align="right", fontWeight=700, fontSize=13, dy=1, aria=False).encode(
        x=alt.value(TIMELINE_X["step"]), text="step_label:N"
    )
    dots = base.mark_point(
        size=130, strokeWidth=2, filled=True, stroke=theme.MUTED_INK, opacity=1, cursor="pointer", color=theme.MUTED_INK
    ).encode(
        x=alt.value(TIMELINE_X["dot"]),
        shape=alt.condition("datum.step == 'not placed'", alt.value("square"), alt.value("circle")),
        fillOpacity=alt.condition(stated, alt.value(1), alt.value(0)),
        detail="href:N",
        tooltip=tooltip,
        description="mark_label:N",
    )
    texts = base.mark_text(align="left", baseline="top", dy=-8, lineHeight=TIMELINE_LINE, fontSize=13, aria=False)
    texts = texts.encode(x=alt.value(TIMELINE_X["text"]), text="lines:N", tooltip=tooltip)
    annotations = timeline_notes(t, wrap)
    note_y = alt.Y("y:Q", scale=alt.Scale(domain=[-0.5, bottom], reverse=True, nice=False), axis=None)
    note_text = (
        alt.Chart(annotations)
        .mark_text(
            align="left", baseline="top", dy=-8, fontStyle="italic", fontSize=12, lineHeight=TIMELINE_LINE, aria=False
        )
        .encode(x=alt.value(TIMELINE_X["text"]), y=note_y, text="note:N")
    )
    now_rule = (
        alt.Chart(annotations)
        .transform_filter(alt.datum.rule)
        .mark_rule(color=theme.MUTED_INK, strokeDash=[2, 2], yOffset=-3, aria=False)
        .encode(x=alt.value(0), x2=alt.value(TIMELINE_X["text"] - 6), y=note_y)
    )
    chart = alt.layer(spine, now_rule, note_text, steps, dots, texts, data=data).properties(
        width=PHONE_SAFE_WIDTH, height=int((bottom + 0.5) * TIMELINE_LINE)
    )
    columns = {
        "event_id": "Event",
        "step": "Order",
        "summary": "Summary (this report)",
        "time_expression": "Time words",
        "timing": "Timing",
        "order_basis": "Order basis",
    }
    title = (
        f"The article itself orders {facts['n_events_stated_order']} of {facts['n_events']} events; "
        f"{facts['n_events_inferred_order']} {english.be(facts['n_events_inferred_order'])} ordered by inference, "
        f"{facts['n_events_unplaced']} not at all"
    )
    subtitle = (
        "Events in the order the article gives them. Solid dot and line: the article states the order; "
        "hollow dot, dashed line: inferred; squares: not placed"
    )
    return _figure(t, chart, "fig-timeline", title, subtitle, description, columns)
