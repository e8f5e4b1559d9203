"""Each chart on the valid data it has not yet met: no unplaced event, one voice, a tie, no named
speaker, no quotation. It draws, with a title that says what it shows, or refuses in one clear line.

Each case is the committed dataset changed as the codebook allows (dataclasses.replace on Tables)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from callreport.dataset.codebook import NOT_STATED
from callreport.report import charts, figures


def title_of(chart) -> str:
    return figures.title_text(chart.to_dict())


def test_the_timeline_draws_when_every_event_has_a_place(tables):
    events = tables.events.copy()
    unplaced = events["order"].isna()
    events.loc[unplaced, "order"] = events["order"].max() + 1
    events.loc[unplaced, "order_basis"] = "inferred"
    spec = charts.timeline(dataclasses.replace(tables, events=events)).to_dict()
    assert "none unplaced" in spec["description"]
    assert "Not placed" not in str(spec)


def test_the_timeline_refuses_when_no_event_has_a_place(tables):
    events = tables.events.copy()
    events["order"] = None
    events["order_basis"] = "not stated"
    with pytest.raises(ValueError, match="no event has a place"):
        charts.timeline(dataclasses.replace(tables, events=events))


def test_sentence_voices_with_one_voice_and_with_a_tie(tables):
    one = tables.sentences.copy()
    one["voice"] = "analysis"
    assert title_of(charts.sentence_voices(dataclasses.replace(tables, sentences=one))) == (
        f"Every sentence is analysis: {len(one)} sentences"
    )
    tie = tables.sentences.copy()
    tie["voice"] = ["analysis", "reporting"] * (len(tie) // 2) + ["reported speech"] * (len(tie) % 2)
    half = len(tie) // 2
    assert title_of(charts.sentence_voices(dataclasses.replace(tables, sentences=tie))) == (
        f"No voice dominates: {half} sentences each for analysis and reporting"
    )


def test_quotes_through_the_article_with_no_named_speaker(tables):
    quotes = tables.quotes.copy()
    quotes["speaker"] = NOT_STATED
    title = title_of(charts.quotes_through_article(dataclasses.replace(tables, quotes=quotes)))
    assert title.startswith(f"No quoted span names its speaker ({len(quotes)} spans in ")


def test_quotes_by_speaker_with_a_tie_at_the_top_and_with_no_quotation(tables):
    quotes = tables.quotes.iloc[: 2 * (len(tables.quotes) // 2)].copy()  # an even number of them
    quotes["speaker"] = ["trump", "putin"] * (len(quotes) // 2)
    names = dict(zip(tables.actors["actor_id"], tables.actors["name"], strict=True))
    title = title_of(charts.quotes_by_speaker(dataclasses.replace(tables, quotes=quotes)))
    assert title.startswith(f"{' and '.join(sorted([names['putin'], names['trump']]))} have the most quoted passages")
    with pytest.raises(ValueError, match="no quotation"):
        charts.quotes_by_speaker(dataclasses.replace(tables, quotes=quotes.iloc[0:0]))


def test_importing_the_package_leaves_altair_as_it_was():
    """A reader's own chart still displays after importing the report's modules; the book's notebooks
    opt in to the report's renderer through chapter.setup."""
    code = (
        "import altair as alt, pandas as pd\n"
        "from callreport.report import chapter, charts, figures, theme\n"
        "state = (alt.renderers.active, alt.theme.active)\n"
        "assert state == ('default', 'default'), state\n"
        "bundle = alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_bar().encode(x='a')._repr_mimebundle_()\n"
        "assert bundle, 'a plain chart displays'\n"
        "figures.enable()\n"
        "assert alt.renderers.active == figures.RENDERER\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
