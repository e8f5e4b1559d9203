"""One function per chart, each in its own module: each takes the validated Tables and returns an altair chart.

Every chart carries, in its spec, a figure id (its permanent #fig- anchor), a
description written from the data (its alt text) and the columns of the data
table shown beside it. Every mark has a tooltip with the verbatim text and its
paragraph, and links to the span in the annotated article.

Each chart's module feeds its mark layers from data functions that only shape
tables (no altair), and declares the layers it draws, once, in LAYERS.
"""

from __future__ import annotations

import sys

from callreport.report.charts.certainty_markers import certainty_markers
from callreport.report.charts.common import NARROW, PHONE_SAFE_WIDTH, Layer, source, theme_categories
from callreport.report.charts.positions_grid import positions_grid
from callreport.report.charts.quotes_by_speaker import quotes_by_speaker
from callreport.report.charts.quotes_through_article import quotes_through_article
from callreport.report.charts.sentence_voices import sentence_voices
from callreport.report.charts.timeline import TIMELINE_WIDE, TIMELINE_WRAP, timeline

ALL = (
    quotes_by_speaker,
    quotes_through_article,
    positions_grid,
    timeline,
    sentence_voices,
    certainty_markers,
)

# Each chart's layers as its own module declares them, by the chart's name (the function shadows its module).
LAYERS = {chart.__name__: sys.modules[chart.__module__].LAYERS for chart in ALL}

__all__ = [
    "ALL",
    "LAYERS",
    "NARROW",
    "PHONE_SAFE_WIDTH",
    "TIMELINE_WIDE",
    "TIMELINE_WRAP",
    "Layer",
    "certainty_markers",
    "positions_grid",
    "quotes_by_speaker",
    "quotes_through_article",
    "sentence_voices",
    "source",
    "theme_categories",
    "timeline",
]
