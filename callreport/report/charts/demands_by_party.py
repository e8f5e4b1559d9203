"""What does each party ask for, and what does it offer? One labelled dot per item, in two columns,
grouped by party, the focus side's parties first and summed up."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from callreport.dataset import codebook
from callreport.dataset.codebook import article_info
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import PHONE_SAFE_WIDTH, Layer, _figure, _plain, _wide
from callreport.report.findings import key

DEMAND_WRAP = 19  # characters a line: two columns of 12px text side by side fit a 320px phone
DEMAND_WIDE = (600, 40)  # from this column width (pixels), lines of this many characters
DEMAND_LINE = 16  # pixels a line
DIRECTIONS = {"asks": "Asks, refuses", "offers": "Offers, accepts"}  # the column headings

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (
    Layer("text", per="direction", encodes={"x": "x", "y": "y", "text": "note"}),  # the column headings
    Layer("text", per="party", encodes={"x": "x", "y": "y", "text": "note"}),  # each party's name
    Layer("text", per="focus side", encodes={"x": "x", "y": "y", "text": "note"}),  # its asks and offers summed
    Layer("point", per="demand", encodes={"x": "x", "y": "y"}),
    Layer("text", per="demand", encodes={"x": "x", "y": "y", "text": "head"}),  # "d-01 · proposal"
    Layer("text", per="demand", encodes={"x": "x", "y": "y", "text": "lines"}),  # the summary, wrapped
)


def _demand_layout(
    frame: pd.DataFrame, parties: list[str], focal: set[str], summary: str, wrap: int
) -> tuple[list, list]:
    """Where each item and each label of the asks/offers chart goes: one band per party, its asks in the
    left column and its offers in the right; the focus side's parties first, then a line that sums them up.
    Positions are in lines from the top; columns are 0 (asks) and 1 (offers)."""
    items, notes = [], []
    y = 1.6  # below the column headings
    columns = {"asks": 0, "offers": 1}
    for n, party in enumerate(parties):
        notes.append({"note": party, "x": 0, "y": y, "style": "party"})
        y += 1.1
        depth = {0: y, 1: y}
        for row in frame[frame["party"] == party].itertuples():
            column = columns[row.direction]
            lines = textwrap.wrap(row.summary, wrap, break_on_hyphens=False)
            items.append({"demand_id": row.demand_id, "x": column, "y": depth[column], "lines": lines})
            depth[column] += len(lines) + 1.5
        y = max(depth.values()) + 0.2
        last_focal = party in focal and (n + 1 == len(parties) or parties[n + 1] not in focal)
        if last_focal:
            notes.append({"note": summary, "x": 0, "y": y - 0.2, "style": "sum"})
            y += 1.6
    return items, notes


def _parties(t: Tables, frame: pd.DataFrame) -> tuple[list[str], set[str]]:
    """The parties in the order the chart sets them out, and those of the focus side: the focus side's
    first, then the others; most items first, ties in order of the first item."""
    focus = article_info(t.descriptor).focus_side.name
    side = frame["party"].map(derive.sides(t))
    focal = set(frame.loc[side == focus, "party"])
    by_party = frame["party"].value_counts()
    first = frame.groupby("party", observed=True)["demand_id"].min()
    return sorted(by_party.index, key=lambda p: (p not in focal, -by_party[p], first[p])), focal


def demand_items(t: Tables, wrap: int = DEMAND_WRAP) -> pd.DataFrame:
    """One row per item, in the order the chart sets them out: its column (x: 0 asks, 1 offers) and line
    from the top (y), its head ("d-01 · proposal") and summary wrapped at `wrap` characters (lines), what a
    screen reader announces for it and its link into the annotated article."""
    frame = derive.demands(t)
    parties, focal = _parties(t, frame)
    items, _ = _demand_layout(frame, parties, focal, "", wrap)
    layout = pd.DataFrame(items).set_index("demand_id")
    frame = frame.set_index("demand_id", drop=False).loc[layout.index].reset_index(drop=True)
    frame["x"], frame["y"] = list(layout["x"]), list(layout["y"])
    frame["head"] = frame["demand_id"] + " · " + frame["kind"].astype(str)
    frame["mark_label"] = (
        frame["demand_id"]
        + ", "
        + frame["party_name"]
        + ", "
        + frame["kind"].astype(str)
        + ": "
        + frame["summary"]
        + ". Paragraph "
        + frame["paragraph"].astype(str)
    )
    data = _plain(
        frame,
        [
            "demand_id",
            "party_name",
            "kind",
            "direction",
            "category",
            "summary",
            "evidence",
            "status",
            "paragraph",
            "head",
            "mark_label",
            "href",
        ],
    )
    data["x"], data["y"], data["lines"] = list(frame["x"]), list(frame["y"]), list(layout["lines"])
    return data


def demand_labels(t: Tables, summary: str, wrap: int = DEMAND_WRAP) -> pd.DataFrame:
    """The chart's words that are no item: each column's heading with its count, each party's name above
    its band, and `summary` below the focus side's parties; each with its place (x, y) and style."""
    frame = derive.demands(t)
    parties, focal = _parties(t, frame)
    _, notes = _demand_layout(frame, parties, focal, summary, wrap)
    names = derive.actor_names(t)
    for note in notes:
        note["note"] = names.get(note["note"], note["note"])
    headings = [
        {"note": f"{label} ({int((frame['direction'] == key).sum())})", "x": column, "y": 0, "style": "column"}
        for column, (key, label) in enumerate(DIRECTIONS.items())
    ]
    return pd.DataFrame(headings + notes)


def demands_by_party(t: Tables, wrap: int = DEMAND_WRAP) -> alt.LayerChart:
    """What does each party ask for, and what does it offer? One labelled dot per item, in two columns;
    its words wrapped at `wrap` characters, and for a wide column (DEMAND_WIDE) at more."""
    facts = findings.demands(t)
    figure = _demands_figure(t, facts, wrap)
    if wrap != DEMAND_WRAP:
        return figure
    return _wide(figure, DEMAND_WIDE[0], _demands_figure(t, facts, DEMAND_WIDE[1]))


def _demands_figure(t: Tables, facts: dict, wrap: int) -> alt.LayerChart:
    """The figure with its words wrapped at `wrap` characters, its title and description from `facts`."""
    frame = derive.demands(t)
    parties, focal = _parties(t, frame)
    focus = article_info(t.descriptor).focus_side.name  # the side whose asks and offers are summed
    names = derive.actor_names(t)
    # The focus side's asks and offers: the sum of its parties' (findings' n_<party>_asks, n_<party>_offers).
    asks = sum(facts[key("n", p, "asks")] for p in focal)
    offers = sum(facts[key("n", p, "offers")] for p in focal)
    summary = f"{focus} in all: {english.plural(asks, 'asks')}, {english.plural(offers, 'offers')}"
    data = demand_items(t, wrap)
    annotations = demand_labels(t, summary, wrap)
    notes = annotations[annotations["style"] != "column"]
    bottom = float(
        max(max(y + len(lines) + 1 for y, lines in zip(data["y"], data["lines"], strict=True)), notes["y"].max() + 1)
    )
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, 2], nice=False))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, bottom], nice=False, reverse=True))
    tooltip = [
        alt.Tooltip("demand_id:N", title="Demand"),
        alt.Tooltip("party_name:N", title="Party"),
        alt.Tooltip("kind:N", title="Kind"),
        # This report's summary beside the article's own words, which the label does not show.
        alt.Tooltip("summary:N", title="Summary (this report)"),
        alt.Tooltip("evidence:N", title="Text"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("paragraph:O", title="Paragraph"),
    ]
    dots = (
        alt.Chart()
        .mark_point(filled=True, size=90, xOffset=6, yOffset=7, cursor="pointer", color=theme.MUTED_INK, opacity=1)
        .encode(x=x, y=y, detail="href:N", tooltip=tooltip, description="mark_label:N")
    )
    heads = (
        alt.Chart()
        .mark_text(align="left", baseline="top", dx=16, fontWeight=600, cursor="pointer", aria=False)
        .encode(x=x, y=y, text="head:N", tooltip=tooltip)
    )
    texts = (
        alt.Chart()
        .mark_text(
            align="left", baseline="top", dx=16, dy=DEMAND_LINE, lineHeight=DEMAND_LINE, cursor="pointer", aria=False
        )
        .encode(x=x, y=y, text="lines:N", tooltip=tooltip)
    )
    looks = {
        "column": {"fontWeight": 700},
        "party": {"fontWeight": 700, "fontSize": 13},
        "sum": {"fontStyle": "italic"},
    }
    labels = [
        alt.Chart(annotations)
        .transform_filter(alt.datum.style == style)
        .mark_text(align="left", baseline="top", aria=False, **look)
        .encode(x=x, y=y, text="note:N")
        for style, look in looks.items()
    ]
    chart = alt.layer(*labels, dots, heads, texts, data=data).properties(
        width=PHONE_SAFE_WIDTH, height=int(bottom * DEMAND_LINE)
    )
    columns = {
        "demand_id": "Demand",
        "party_name": "Party",
        "kind": "Kind",
        "direction": "Asks or offers",
        "category": "Category",
        "summary": "Summary (this report)",
        "status": "Status",
        "paragraph": "Paragraph",
    }

    directions = list(dict.fromkeys(codebook.derived(t.descriptor, "demands", "kind", "direction").values()))

    def tally(party: str) -> str:
        mine = [english.plural(facts[key("n", party, d)], d) for d in sorted(directions) if facts[key("n", party, d)]]
        return f"{names[party]} {english.and_list(mine)}"

    kinds = {kind: facts[key("n_kind", kind)] for kind in codebook.values(t.descriptor, "demands", "kind")}
    statuses = {status: facts[key("n_status", status)] for status in codebook.values(t.descriptor, "demands", "status")}
    description = (
        f"Two columns of the {facts['n_demands']} demands, proposals, offers and responses the article reports, "
        f"one labelled dot each, grouped by party and counted by side (an ask includes a proposal or a refusal, "
        f"an offer an acceptance): {'; '.join(tally(p) for p in parties)}. {summary}. "
        f"By kind: {english.tallied(kinds)}. Status: {english.tallied(statuses)}."
    )
    title = f"{focus} asks or refuses {asks} {'thing' if asks == 1 else 'things'} and offers {offers}"
    subtitle = (
        "Each item the article reports, by party: what it asks or refuses (left), what it offers or accepts (right)"
    )
    return _figure(t, chart, "fig-demands-by-party", title, subtitle, description, columns)
