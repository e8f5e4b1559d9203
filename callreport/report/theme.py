"""The house style for every chart: fonts, the one colour language and the altair theme, registered once
(not enabled: each of the report's charts carries the config itself, callreport.report.charts.common._figure).

Each categorical meaning owns its hues, and no hue stands for two meanings anywhere in the
book. Quotation kinds take the Okabe-Ito blue, pink and orange that the annotated article
also uses for its highlights; sentence voices, stances and certainty markers take hues of
their own (Paul Tol's schemes, https://personal.sron.nl/~pault/). Speakers and parties are
always named in words beside their marks, so they take no colour; nor does time, which the
timeline shows by position and a rule marking the article's present. The hues were chosen, and are
checked (tests/test_colours.py), so that colours drawn in the same chart stay apart under
simulated deuteranopia, protanopia and tritanopia, and so that every data hue stands out at least
3:1 from the light page (BACKGROUND) and from the dark one (DARK_BACKGROUND) alike: one palette
serves both modes, so a mark means the same in either. Every colour is explained by a legend or
a direct label.
"""

from __future__ import annotations

import re

import altair as alt

from callreport.report import typeface

# The book's sans face, which the pages serve and vl-convert lays the static drawings out in.
FONT = typeface.SANS_STACK
INK = "#1f2328"
MUTED_INK = "#57606a"
# A rule or glyph drawn the same on either page, at least 3:1 from both (an empty cell's outline, its dot).
MID_GREY = "#848D97"
# What a cell the article says nothing about is filled with: nothing (it is outlined in MID_GREY).
EMPTY = "transparent"
BACKGROUND = "#ffffff"
# The dark page (pydata-sphinx-theme's dark mode): text and rules, with the same data hues.
DARK_INK = "#e6edf3"
DARK_MUTED_INK = "#9198a1"
DARK_RULE = "#30363d"
DARK_BACKGROUND = "#121212"  # the page behind a chart in dark mode (the charts' own background is transparent)

# Mid-tone versions of those hues (relative luminance between about 0.13 and 0.27), found by a search
# near each original hue that keeps the colour-vision checks: light enough for the dark page, dark
# enough for the light one.
KIND_COLOURS = {"direct": "#1872A8", "publication": "#D26C96", "scare": "#A88A0C"}
VOICE_COLOURS = {"reported speech": "#723CFC", "reporting": "#0696CC", "analysis": "#B43672"}
STANCE_COLOURS = {"supports": "#7890AE", "opposes": "#CC3012", "not stated": EMPTY}
CERTAINTY_COLOURS = {"hedge": "#249C90", "booster": "#AE48A8", "unnamed consensus": "#DE6C3C", "evidential": "#4E6C72"}

# Every meaning and its colours, for the colour check and the methodology's colour table.
MEANINGS = {
    "kind of quotation": KIND_COLOURS,
    "sentence voice": VOICE_COLOURS,
    "stance": STANCE_COLOURS,
    "certainty marker": CERTAINTY_COLOURS,
}
# The meanings drawn together in one graphic ("Where each voice speaks": voices and kinds).
DRAWN_TOGETHER = (
    ("kind of quotation",),
    ("sentence voice", "kind of quotation"),
    ("stance",),
    ("certainty marker",),
)


def scale(colours: dict[str, str], labels: dict[str, str] | None = None) -> alt.Scale:
    """A colour scale fixed to a mapping, optionally keyed by display labels instead of ids."""
    labels = labels or {key: key for key in colours}
    pairs = [(labels[key], colour) for key, colour in colours.items() if key in labels]
    return alt.Scale(domain=[label for label, _ in pairs], range=[colour for _, colour in pairs])


@alt.theme.register("report", enable=False)  # a reader's own charts may opt in: alt.theme.enable("report")
def report_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": 4,
            "view": {"stroke": None},
            "title": {
                "font": FONT,
                "fontSize": 15,
                "fontWeight": 600,
                "anchor": "start",
                "color": INK,
                "subtitleFont": FONT,
                "subtitleFontSize": 12,
                "subtitleColor": MUTED_INK,
                "offset": 8,
            },
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": INK,
                "titleColor": MUTED_INK,
                "gridColor": "#eaeef2",
                "domainColor": MUTED_INK,
                "tickColor": MUTED_INK,
                "labelLimit": 200,
            },
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": INK,
                "titleColor": MUTED_INK,
                # On top of the chart, one entry a line: as wide as its longest label at any width.
                "orient": "top",
                "direction": "vertical",
                "columns": 1,
                "labelLimit": 220,
                "symbolStrokeWidth": 0,
            },
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "text": {"font": FONT, "fontSize": 12, "color": INK},
            # No default palette: a chart that colours a field must name its meaning's scale.
            "range": {"category": [MUTED_INK]},
        }
    }


def dark_config() -> dict:
    """What changes on a dark page: the background, text and rules; the data hues stay."""
    text = {"labelColor": DARK_INK, "titleColor": DARK_MUTED_INK}
    return {
        "background": "transparent",
        "title": {"color": DARK_INK, "subtitleColor": DARK_MUTED_INK},
        "axis": {**text, "gridColor": DARK_RULE, "domainColor": DARK_MUTED_INK, "tickColor": DARK_MUTED_INK},
        "legend": text,
        "text": {"color": DARK_INK},
    }


def mark_class(meaning: str, value: str) -> str:
    """The class that gives an HTML mark (a highlight, a legend swatch) its meaning's colour as the CSS
    variable --mark: palette_css() defines one rule for each, so HTML and charts share one definition."""
    name = f"colour--{meaning}--{value}".replace(" ", "-")
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise ValueError(f"theme: {meaning!r} / {value!r} cannot name a CSS class (letters, digits, spaces)")
    return name


def palette_css() -> str:
    """The book's palette.css: every meaning's colours (MEANINGS) as classes setting --mark."""
    rules = [f".{mark_class(m, v)} {{ --mark: {c}; }}" for m, colours in MEANINGS.items() for v, c in colours.items()]
    return (
        "/* Written by the build from callreport/report/theme.py (MEANINGS); do not edit. */\n"
        + "\n".join(rules)
        + "\n"
    )
