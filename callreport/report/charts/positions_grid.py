"""Where does each actor stand on each issue? One cell per actor and issue, 'not stated' included,
each saying its stance in words (in signs when narrow): every stance its own sign, "+" supports, "−"
opposes, and a "·" in an empty, outlined cell where the article states none."""

from __future__ import annotations

import altair as alt
import pandas as pd

from callreport.dataset import codebook
from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.charts.common import NARROW, PHONE_SAFE_WIDTH, Layer, _figure, _plain, _rows
from callreport.report.findings import key

# When narrow (common.NARROW), the issues on the axis stand upright and the legend gives the signs' words.
UPRIGHT_WHEN_NARROW = {
    "labelAngle": alt.ExprRef(f"width < {NARROW} ? -90 : 0"),
    "labelAlign": alt.ExprRef(f"width < {NARROW} ? 'right' : 'center'"),
    "labelBaseline": alt.ExprRef(f"width < {NARROW} ? 'middle' : 'top'"),
}
# Each stance's sign, in the cell when narrow and in the legend always; its words in the cell when wide.
SIGNS = {"supports": "+", "opposes": "−", NOT_STATED: "·"}
WORDS = {"supports": "supports", "opposes": "opposes", NOT_STATED: "·"}
STANCE_SIGNS = " : ".join(f"datum.label == '{s}' ? '{sign} {s}'" for s, sign in SIGNS.items()) + " : datum.label"
WORDS_WHEN_WIDE = f"width < {NARROW} ? datum.label : split(datum.label, ' ')"

# The layers the chart draws, in drawing order (common.Layer); the tests read them here.
LAYERS = (
    Layer("rect", per="position", encodes={"x": "issue", "y": "actor_name", "color": "stance"}),
    Layer("text", per="position", encodes={"x": "issue", "y": "actor_name"}),  # its stance, in words or a sign
)


def position_cells(t: Tables) -> pd.DataFrame:
    """One row per actor and issue, in the table's order: the stance, its basis and evidence, the words
    (label) and sign its cell shows, what a screen reader announces for it and its link, if stated."""
    frame = derive.positions(t)
    frame["label"] = frame["stance"].astype(str).map(WORDS)
    frame["sign"] = frame["stance"].astype(str).map(SIGNS)
    frame["mark_label"] = frame["actor_name"] + " on " + frame["issue"].astype(str) + ": " + frame["stance"].astype(str)
    frame["mark_label"] += [
        f" ({b}): {e}" if h else ""
        for b, e, h in zip(frame["basis"].astype(str), frame["evidence"].astype(str), frame["href"], strict=True)
    ]
    return _plain(
        frame, ["issue", "actor_id", "actor_name", "stance", "basis", "evidence", "label", "sign", "mark_label", "href"]
    )


def positions_grid(t: Tables) -> alt.LayerChart:
    """Where does each actor stand on each issue? Every cell shown, 'not stated' included."""
    data = position_cells(t)
    facts = findings.demands(t)
    names = derive.actor_names(t)
    stances = {
        s: facts[key("n_stance", s)] for s in codebook.values(t.descriptor, "positions", "stance") if s != NOT_STATED
    }
    by_actor = {names[a]: facts[key("n", a, "stated")] for a in t.positions["actor_id"].unique()}
    description = (
        f"Grid of {facts['n_issues']} issues by {facts['n_grid_actors']} actors: {facts['n_cells']} cells, "
        f"of which {facts['n_cells_stated']} state a stance ({english.tallied(stances)}) and "
        f"{facts['n_cells_not_stated']} are not stated. "
        + "; ".join(f"{name} takes a stance on {n}" for name, n in english.in_order(by_actor))
        + "."
    )
    actors = list(dict.fromkeys(data["actor_name"]))
    issues = list(dict.fromkeys(data["issue"]))
    base = alt.Chart(data).encode(
        x=alt.X(
            "issue:N",
            title=None,
            sort=issues,
            scale=alt.Scale(paddingInner=0.08),
            axis=alt.Axis(labelExpr=WORDS_WHEN_WIDE, labelLimit=0, **UPRIGHT_WHEN_NARROW),
        ),
        y=alt.Y(
            "actor_name:N", title=None, sort=actors, scale=alt.Scale(paddingInner=0.08), axis=alt.Axis(labelLimit=0)
        ),
        tooltip=[
            alt.Tooltip("actor_name:N", title="Actor"),
            alt.Tooltip("issue:N", title="Issue"),
            alt.Tooltip("stance:N", title="Stance"),
            alt.Tooltip("basis:N", title="Basis"),
            alt.Tooltip("evidence:N", title="Text"),
        ],
    )
    # Every cell outlined, so that an empty one (no stance stated) still reads as a cell on either page.
    cells = base.mark_rect(stroke=theme.MID_GREY, strokeWidth=1, cursor="pointer").encode(
        color=alt.Color(
            "stance:N",
            scale=theme.scale(theme.STANCE_COLOURS),
            title="Stance",
            legend=alt.Legend(labelExpr=STANCE_SIGNS, symbolStrokeColor=theme.MID_GREY, symbolStrokeWidth=1),
        ),
        detail="href:N",
        description="mark_label:N",
    )
    # Each cell says its stance in words too (the direct label): dark on the blue, white on the red, and
    # an empty cell's dot in the grey of its outline.
    glyph = {"opposes": "white", NOT_STATED: theme.MID_GREY}  # and theme.INK on the blue
    labels = base.mark_text(
        fontSize=11, fontWeight=600, text=alt.ExprRef(f"width < {NARROW} ? datum.sign : datum.label")
    ).encode(
        color={
            "condition": [{"test": f"datum.stance === '{s}'", "value": c} for s, c in glyph.items()],
            "value": theme.INK,
        },
    )
    chart = alt.layer(cells, labels).properties(width=PHONE_SAFE_WIDTH, height=_rows(len(actors), 30))
    columns = {"actor_name": "Actor", "issue": "Issue", "stance": "Stance", "basis": "Basis", "evidence": "Text"}
    title = (
        f"The article states a stance in {facts['n_cells_stated']} of the {facts['n_cells']} "
        "actor–issue pairs this report tracks"
    )
    subtitle = "Each actor's stance on each issue; an empty cell with a dot where the article says nothing"
    return _figure(t, chart, "fig-positions-grid", title, subtitle, description, columns)
