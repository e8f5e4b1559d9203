"""One function per chart: each takes the validated Tables and returns an altair chart.

Every chart carries, in its spec, a figure id (its permanent #fig- anchor), a
description written from the data (its alt text) and the columns of the data
table shown beside it. Every mark has a tooltip with the verbatim text and its
paragraph, and links to the span in the annotated article.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from callreport.dataset import codebook
from callreport.dataset.codebook import NOT_STATED, article_info
from callreport.dataset.load import Tables
from callreport.report import derive, english, findings, theme
from callreport.report.findings import key

# Every view takes its column's width. Vega sizes a single view to its container itself; the book's
# charts.js draws the views of a concatenation at the width that makes the whole drawing fit.
PHONE_SAFE_WIDTH = "container"


def source(t: Tables) -> str:
    """The credit under every chart: the article's author and outlet (its descriptor), and this report."""
    article = article_info(t.descriptor)
    return f"Source: {article.author}, {article.outlet}; annotation by this report"


# Below this many pixels of plot width a chart switches to its narrow variant: words on the band
# axes stand upright, and cells say "+" and "−" rather than whole words (their legends explain).
NARROW = 420
UPRIGHT_WHEN_NARROW = {
    "labelAngle": alt.ExprRef(f"width < {NARROW} ? -90 : 0"),
    "labelAlign": alt.ExprRef(f"width < {NARROW} ? 'right' : 'center'"),
    "labelBaseline": alt.ExprRef(f"width < {NARROW} ? 'middle' : 'top'"),
}
STANCE_SIGNS = "datum.label == 'supports' ? '+ supports' : datum.label == 'opposes' ? '− opposes' : datum.label"
WORDS_WHEN_WIDE = f"width < {NARROW} ? datum.label : split(datum.label, ' ')"


def _plain(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Only the named columns, as plain strings and integers, so the spec serialises stably."""
    out = pd.DataFrame(index=range(len(frame)))
    for column in columns:
        values = frame[column].reset_index(drop=True)
        if pd.api.types.is_integer_dtype(values.dtype):
            out[column] = values.astype("Int64").astype(object).where(values.notna(), None)
        else:
            out[column] = values.astype(str)
    return out


def _figure(
    t: Tables,
    chart: alt.TopLevelMixin,
    fig_id: str,
    title: str,
    subtitle: str,
    description: str,
    columns: dict[str, str],
    how: str = "",
):
    """The chart as a figure: its takeaway title (computed from the data by the caller), a subtitle
    saying what is drawn, its description, its table's columns and its colours for a dark page.
    Title, subtitle and description say what the chart shows, in print as on screen; `how` says what
    a reader can do with it on screen (the book shows it beside the live chart, never in print)."""
    if not isinstance(chart, alt.VConcatChart):
        # A responsive width with a stepped height: fit the width only (concatenated views size themselves).
        chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return chart.properties(
        title=alt.TitleParams(title, subtitle=subtitle),
        description=description,
        config=theme.report_theme()["config"],  # the house style in the chart itself: no global theme needed
        usermeta={
            "figure": {
                "id": fig_id,
                "columns": columns,
                "source": source(t),
                "dark": theme.dark_config(),
                **({"how": how} if how else {}),
            }
        },
    )


def _named(frame: pd.DataFrame, id_column: str, parts: list[str], text: str) -> pd.Series:
    """What a screen reader announces for each mark (its aria-label): its id, the words of `parts`,
    then `text` after a colon, e.g. "q-01, the minister, direct, paragraph 7: We had a good meeting"."""
    label = frame[id_column].astype(str)
    for part in parts:
        values = frame[part].astype(str)
        label = label + ", " + (("paragraph " + values) if part == "paragraph" else values)
    return label + ": " + frame[text].astype(str)


def _rows(n: int, step: int) -> int:
    """A fixed height for n rows: a responsive width cannot be combined with a stepped height."""
    return n * step


def _unheard(t: Tables, frame: pd.DataFrame) -> list[str]:
    """Countries the article names for its actors from which no speaker is quoted."""
    countries = t.actors.set_index("actor_id")["country"].astype(str)
    heard = set(countries.reindex(frame["speaker"].astype(str)).dropna())
    return sorted(set(countries) - heard - {NOT_STATED})


def quotes_by_speaker(t: Tables) -> alt.LayerChart:
    """Who is quoted, and how? One bar segment per quoted span, by speaker and kind."""
    frame = derive.quotes(t)
    frame["mark_label"] = _named(frame, "quote_id", ["speaker_name", "kind", "paragraph"], "text")
    data = _plain(frame, ["quote_id", "speaker_name", "kind", "text", "paragraph", "cue", "mark_label", "href"])
    if frame.empty:
        raise ValueError("quotes_by_speaker: the article has no quotation, so there is no speaker to chart")
    facts = findings.voices(t)
    names = dict(zip(frame["speaker"].astype(str), frame["speaker_name"], strict=False))
    by_speaker = english.in_order({names[s]: facts[key("n_quotes_by", s)] for s in names})
    (top, top_n), rest = by_speaker[0], by_speaker[1:]
    leaders = [name for name, n in by_speaker if n == top_n]
    unheard = _unheard(t, frame)
    title = f"{english.and_list(leaders)} {'is' if len(leaders) == 1 else 'are'} quoted most"
    if unheard:
        title += f"; no voice from {english.and_list(unheard)} is quoted at all"
    kinds = {kind: facts[key("n", kind)] for kind in codebook.values(t.descriptor, "quotes", "kind")}
    description = (
        f"Bar chart: {facts['n_quotes']} quoted spans from {facts['n_speakers']} speakers, counting "
        f"'{NOT_STATED}' as one. {top} is quoted {english.times(top_n)}; "
        + "; ".join(f"{name} {english.times(n)}" for name, n in rest)
        + f". By kind: {english.tallied(kinds)}."
        + (f" No speaker from {english.and_list(unheard)} is quoted." if unheard else "")
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
    chart = alt.layer(bars, totals, data=data).properties(width=PHONE_SAFE_WIDTH, height=_rows(facts["n_speakers"], 40))
    columns = {"quote_id": "Quote", "speaker_name": "Speaker", "kind": "Kind", "text": "Text", "paragraph": "Paragraph"}
    subtitle = "Quoted spans per speaker, coloured by kind of quotation"
    how = "Tap a kind of quotation in the legend to pick out its bars."
    return _figure(t, chart, "fig-quotes-by-speaker", title, subtitle, description, columns, how)


def quotes_through_article(t: Tables) -> alt.VConcatChart:
    """Where in the article does each voice speak? Brush the sentence strip to filter the quotes."""
    frame = derive.quotes(t)
    frame["mark_label"] = _named(frame, "quote_id", ["speaker_name", "kind", "paragraph"], "text")
    data = _plain(frame, ["quote_id", "speaker", "speaker_name", "kind", "text", "paragraph", "mark_label", "href"])
    sentences = _plain(derive.sentences(t), ["sentence_id", "paragraph", "voice", "text", "order"])
    facts = findings.voices(t)
    paragraphs = facts["n_paragraphs"]
    names = dict(zip(frame["speaker"].astype(str), frame["speaker_name"], strict=False))
    first = pd.Series({names[s]: facts[key("first_paragraph", s)] for s in names}, dtype=int).sort_values(kind="stable")
    description = (
        f"Dot plot: the {facts['n_quotes']} quoted spans placed by paragraph, 1 to {paragraphs}, one row per speaker. "
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
        .mark_circle(size=140, opacity=0.9, cursor="pointer")
        .encode(
            x=x,
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
                alt.value("#eaeef2"),
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
        .properties(width=PHONE_SAFE_WIDTH, height=alt.Step(38))
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
    subtitle = "Top: every sentence, by voice. Below: each quoted span, by paragraph and speaker"
    how = "Drag across the strip of sentences to keep only the quotations in those paragraphs."
    return _figure(t, chart, "fig-quotes-through-article", title, subtitle, description, columns, how)


def _wide(figure: alt.TopLevelMixin, min_width: int, wide: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A figure whose words are wrapped for a phone, with a variant wrapped for a column at least
    min_width pixels wide, which the book draws there instead (callreport/book/static/charts.js).
    The static drawing, the data and the description are the narrow figure's."""
    figure.usermeta["figure"]["wide"] = {"min_width": min_width, "spec": wide.to_dict()}
    return figure


DEMAND_WRAP = 19  # characters a line: two columns of 12px text side by side fit a 320px phone
DEMAND_WIDE = (600, 40)  # from this column width (pixels), lines of this many characters
DEMAND_LINE = 16  # pixels a line
DIRECTIONS = {"asks": "Asks, refuses", "offers": "Offers, accepts"}  # the column headings


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


def demands_by_party(t: Tables, wrap: int = DEMAND_WRAP) -> alt.LayerChart:
    """What does each party ask for, and what does it offer? One labelled dot per item, in two columns;
    its words wrapped at `wrap` characters, and for a wide column (DEMAND_WIDE) at more."""
    frame = derive.demands(t)
    focus = article_info(t.descriptor).focus_side.name  # the side whose asks and offers are summed
    side = frame["party"].map(derive.sides(t))
    focal = set(frame.loc[side == focus, "party"])
    by_party = frame["party"].value_counts()
    # The focus side's parties first, then the others; most items first, ties in order of the first item.
    first = frame.groupby("party", observed=True)["demand_id"].min()
    parties = sorted(by_party.index, key=lambda p: (p not in focal, -by_party[p], first[p]))
    names = derive.actor_names(t)
    facts = findings.demands(t)
    # The focus side's asks and offers: the sum of its parties' (findings' n_<party>_asks, n_<party>_offers).
    asks = sum(facts[key("n", p, "asks")] for p in focal)
    offers = sum(facts[key("n", p, "offers")] for p in focal)
    summary = f"{focus} in all: {english.plural(asks, 'asks')}, {english.plural(offers, 'offers')}"
    items, notes = _demand_layout(frame, parties, focal, summary, wrap)
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
    for note in notes:
        note["note"] = names.get(note["note"], note["note"])
    headings = [
        {"note": f"{label} ({int((frame['direction'] == key).sum())})", "x": column, "y": 0, "style": "column"}
        for column, (key, label) in enumerate(DIRECTIONS.items())
    ]
    annotations = pd.DataFrame(headings + notes)
    bottom = max(max(d["y"] + len(d["lines"]) + 1 for d in items), max(n["y"] for n in notes) + 1)

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
        f"one labelled dot each, grouped by party: {'; '.join(tally(p) for p in parties)}. {summary}. "
        f"By kind: {english.tallied(kinds)}. Status: {english.tallied(statuses)}."
    )
    title = f"{focus} asks {asks} {'thing' if asks == 1 else 'things'} and offers {offers} in return"
    subtitle = (
        "Each item the article reports, by party: what it asks or refuses (left), what it offers or accepts (right)"
    )
    figure = _figure(t, chart, "fig-demands-by-party", title, subtitle, description, columns)
    if wrap != DEMAND_WRAP:
        return figure
    return _wide(figure, DEMAND_WIDE[0], demands_by_party(t, DEMAND_WIDE[1]))


def theme_categories(t: Tables) -> list[str]:
    return list(t.demands["category"].cat.categories.drop(NOT_STATED, errors="ignore"))


def positions_grid(t: Tables) -> alt.LayerChart:
    """Where does each actor stand on each issue? Every cell shown, 'not stated' included."""
    frame = derive.positions(t)
    frame["label"] = frame["stance"].astype(str).map({"supports": "supports", "opposes": "opposes", NOT_STATED: "–"})
    frame["sign"] = frame["stance"].astype(str).map({"supports": "+", "opposes": "−", NOT_STATED: "–"})
    frame["mark_label"] = frame["actor_name"] + " on " + frame["issue"].astype(str) + ": " + frame["stance"].astype(str)
    frame["mark_label"] += [
        f" ({b}): {e}" if h else ""
        for b, e, h in zip(frame["basis"].astype(str), frame["evidence"].astype(str), frame["href"], strict=True)
    ]
    data = _plain(
        frame, ["issue", "actor_id", "actor_name", "stance", "basis", "evidence", "label", "sign", "mark_label", "href"]
    )
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
    actors = list(dict.fromkeys(frame["actor_name"]))
    issues = list(dict.fromkeys(frame["issue"].astype(str)))
    base = alt.Chart(data).encode(
        x=alt.X("issue:N", title=None, sort=issues, axis=alt.Axis(labelExpr=WORDS_WHEN_WIDE, **UPRIGHT_WHEN_NARROW)),
        y=alt.Y("actor_name:N", title=None, sort=actors),
        tooltip=[
            alt.Tooltip("actor_name:N", title="Actor"),
            alt.Tooltip("issue:N", title="Issue"),
            alt.Tooltip("stance:N", title="Stance"),
            alt.Tooltip("basis:N", title="Basis"),
            alt.Tooltip("evidence:N", title="Text"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2, cursor="pointer").encode(
        color=alt.Color(
            "stance:N",
            scale=theme.scale(theme.STANCE_COLOURS),
            title="Stance",
            legend=alt.Legend(labelExpr=STANCE_SIGNS),
        ),
        detail="href:N",
        description="mark_label:N",
    )
    # Each cell says its stance in words too (the direct label); dark text except on the dark red.
    labels = base.mark_text(fontSize=11, text=alt.ExprRef(f"width < {NARROW} ? datum.sign : datum.label")).encode(
        color=alt.condition(alt.datum.stance == "opposes", alt.value("white"), alt.value(theme.INK)),
    )
    chart = alt.layer(cells, labels).properties(width=PHONE_SAFE_WIDTH, height=_rows(len(actors), 30))
    columns = {"actor_name": "Actor", "issue": "Issue", "stance": "Stance", "basis": "Basis", "evidence": "Text"}
    title = f"Only {facts['n_cells_stated']} of {facts['n_cells']} positions are stated in the article"
    subtitle = "Each actor's stance on each issue; a dash where the article says nothing"
    return _figure(t, chart, "fig-positions-grid", title, subtitle, description, columns)


TIMELINE_WRAP = 30  # characters a line: 13px text beside the steps fits a 320px phone
TIMELINE_WIDE = (560, 60)  # from this column width (pixels), lines of this many characters
TIMELINE_LINE = 17  # pixels a line
DOT_RIM = 8  # pixels from a timeline dot's centre to just beyond its rim (size 130, stroke 2)
TIMELINE_X = {"step": 16, "dot": 30, "text": 44}  # pixels from the left: step number, the spine, the words


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


def timeline(t: Tables, wrap: int = TIMELINE_WRAP) -> alt.LayerChart:
    """In what order does the article place events? Its own time words, no calendar: a spine through
    the placed events, solid where the article states the order, dashed where this report infers it.
    Its words wrapped at `wrap` characters, and for a wide column (TIMELINE_WIDE) at more."""
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
    ys, lines, notes, bottom = _timeline_layout(frame, wrap)
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
    placed = frame[frame["placed"]]
    facts = findings.timeline(t)
    unplaced = frame.loc[~frame["placed"], "event_id"].tolist()
    if placed.empty:
        raise ValueError("timeline: no event has a place in the order, so there is no sequence to draw")
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
    annotations = pd.DataFrame(notes)
    annotations["rule"] = annotations.get("rule", pd.Series(dtype=object)).fillna(False).astype(bool)
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
    figure = _figure(t, chart, "fig-timeline", title, subtitle, description, columns)
    if wrap != TIMELINE_WRAP:
        return figure
    return _wide(figure, TIMELINE_WIDE[0], timeline(t, TIMELINE_WIDE[1]))


def sentence_voices(t: Tables) -> alt.VConcatChart:
    """How much of the article is the author's analysis? Pick a voice to find its sentences."""
    frame = derive.sentences(t)
    frame["mark_label"] = _named(frame, "sentence_id", ["voice", "paragraph"], "text")
    data = _plain(frame, ["sentence_id", "order", "paragraph", "voice", "text", "words", "mark_label", "href"])
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


ALL = (quotes_by_speaker, quotes_through_article, demands_by_party, positions_grid, timeline, sentence_voices)


def certainty_markers(t: Tables) -> alt.Chart:
    """Where is the article sure, and where does it guess? One dot per certainty marker, by paragraph and kind."""
    frame = derive.markers(t)
    frame["mark_label"] = _named(frame, "marker_id", ["kind", "holder_name", "paragraph"], "text")
    columns = ["marker_id", "text", "kind", "holder_name", "claim", "voice", "paragraph", "mark_label", "href"]
    data = _plain(frame, columns)
    facts = findings.framing(t)
    authors, hedges, total = facts["n_markers_author"], facts["n_marker_hedge"], facts["n_markers"]
    kinds = {kind: facts[key("n_marker", kind)] for kind in codebook.values(t.descriptor, "hedges", "kind")}
    title = f"{hedges} of the article's {total} certainty markers are hedges; {authors} are the author's own"
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


ALL += (certainty_markers,)
