"""What every chart shares: the credit under it, the narrow breakpoint, how its data is made plain,
how it becomes a figure, and how its module declares the mark layers it draws (Layer)."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from callreport.dataset.codebook import NOT_STATED, article_info
from callreport.dataset.load import Tables
from callreport.report import theme

# Every view takes its column's width. Vega sizes a single view to its container itself; the book's
# charts.js draws the views of a concatenation at the width that makes the whole drawing fit.
PHONE_SAFE_WIDTH = "container"

# Below this many pixels of plot width a chart switches to its narrow variant: words on the band
# axes stand upright, and cells say "+" and "−" rather than whole words (their legends explain).
NARROW = 420


@dataclass(frozen=True)
class Layer:
    """One mark layer of a chart, as its module declares it in LAYERS (in drawing order): the
    Vega-Lite mark, what one drawn item stands for (`per`, a thing the tests count in the tables:
    "quote", "speaker", "event", ...), and the field each channel encodes ("count()" for a count)."""

    mark: str
    per: str
    encodes: dict[str, str]


def source(t: Tables) -> str:
    """The credit under every chart: the article's author and outlet (its descriptor), and this report."""
    article = article_info(t.descriptor)
    return f"Source: {article.author}, {article.outlet}; annotation by this report"


def theme_categories(t: Tables) -> list[str]:
    """The categories the demands fall under, in the codebook's order, 'not stated' left out."""
    return list(t.demands["category"].cat.categories.drop(NOT_STATED, errors="ignore"))


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


def _wide(figure: alt.TopLevelMixin, min_width: int, wide: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A figure whose words are wrapped for a phone, with a variant wrapped for a column at least
    min_width pixels wide, which the book draws there instead (callreport/book/static/charts.js).
    The static drawing, the data and the description are the narrow figure's."""
    figure.usermeta["figure"]["wide"] = {"min_width": min_width, "spec": wide.to_dict()}
    return figure
