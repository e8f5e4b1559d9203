"""The house style for every chart: fonts, colours and the altair theme, registered once.

Colours come from Paul Tol's colour-blind-safe "muted" and "light" schemes
(https://personal.sron.nl/~pault/) and the Okabe–Ito palette. Every chart also
labels what its colours mean in text, so no reading depends on colour alone.
"""

from __future__ import annotations

import altair as alt

# System fonts only: nothing is fetched, and the static SVGs name the same stack.
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1f2328"
MUTED_INK = "#57606a"
NOT_STATED_GREY = "#d0d7de"

# One fixed colour per actor, the same in every chart. Russian actors are warm,
# American ones cool, Ukraine green; 'not stated' is grey.
ACTOR_COLOURS = {
    "putin": "#882255",
    "russia": "#CC6677",
    "russian_officials": "#AA4499",
    "izvestia": "#999933",
    "komsomolskaya_pravda": "#DDCC77",
    "russian_media": "#EE8866",
    "some_in_russia": "#FFAABB",
    "trump": "#332288",
    "witkoff": "#88CCEE",
    "us_administration": "#44AA99",
    "ukraine": "#117733",
    "not stated": NOT_STATED_GREY,
}

# Okabe–Ito colours for the categorical fields that are not actors.
KIND_COLOURS = {"direct": "#0072B2", "publication": "#CC79A7", "scare": "#E69F00"}
VOICE_COLOURS = {"reported speech": "#0072B2", "reporting": "#009E73", "analysis": "#E69F00"}
STANCE_COLOURS = {"supports": "#0072B2", "opposes": "#D55E00", "not stated": NOT_STATED_GREY}
TIMING_COLOURS = {"past": "#0072B2", "ongoing": "#009E73", "future": "#E69F00"}


def scale(colours: dict[str, str], labels: dict[str, str] | None = None) -> alt.Scale:
    """A colour scale fixed to a mapping, optionally keyed by display labels instead of ids."""
    labels = labels or {key: key for key in colours}
    pairs = [(labels[key], colour) for key, colour in colours.items() if key in labels]
    return alt.Scale(domain=[label for label, _ in pairs], range=[colour for _, colour in pairs])


@alt.theme.register("report", enable=True)
def report_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": 4,
            "view": {"stroke": None},
            "title": {"font": FONT, "fontSize": 15, "fontWeight": 600, "anchor": "start", "color": INK},
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
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 2,
                "labelLimit": 220,
                "symbolStrokeWidth": 0,
            },
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "text": {"font": FONT, "fontSize": 12, "color": INK},
            "range": {"category": list(VOICE_COLOURS.values())},
        }
    }
