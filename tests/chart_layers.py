"""A chart's layers as its module declares them (LAYERS, in callreport/report/charts/<chart>.py), set
against a built spec: the marks and fields the spec's views declare, the marks Vega draws, and the
marks the declaration calls for on given tables. Each layer draws one item per `Layer.per`; `counted`
counts those in the tables themselves, never through the charts' own code."""

from __future__ import annotations

import itertools

import vl_convert

from callreport.dataset.codebook import article_info
from callreport.dataset.load import Tables
from callreport.report import charts, figures

# The type of mark Vega draws for each Vega-Lite mark: what a scenegraph and the page's SVG show.
VEGA_MARKS = {"bar": "rect", "rect": "rect", "tick": "rect", "point": "symbol", "circle": "symbol"}
VEGA_MARKS |= {"text": "text", "rule": "rule"}
# The channels a Layer's `encodes` names: where a mark stands, its colour and its words.
CHANNELS = ("x", "y", "y2", "color", "fill", "text")


def counted(t: Tables) -> dict[str, int]:
    """How many of each thing a layer draws one item per, counted in the tables."""
    events = t.events
    placed = events[events["order"].notna()].sort_values(["order", "event_id"])
    timings = placed["timing"].astype(str).tolist()
    turns = sum(a == "past" and b == "future" for a, b in itertools.pairwise(timings))
    country = dict(zip(t.actors["actor_id"], t.actors["country"].astype(str), strict=True))
    country |= {
        row.row_id: row.value
        for row in t.external_context.itertuples()
        if row.table == "actors" and row.field == "country"
    }
    focus = article_info(t.descriptor).focus_side.name
    return {
        "quote": len(t.quotes),
        "speaker": t.quotes["speaker"].nunique(),
        # "not stated" is the codebook's placeholder for a quotation with no speaker, not a speaker.
        "attributed quote": int((t.quotes["speaker"] != "not stated").sum()),
        "stated speaker": t.quotes.loc[t.quotes["speaker"] != "not stated", "speaker"].nunique(),
        "sentence": len(t.sentences),
        "voice": t.sentences["voice"].nunique(),
        "demand": len(t.demands),
        "party": t.demands["party"].nunique(),
        "direction": 2,  # asks and offers, a column each
        "focus side": int(any(country.get(party) == focus for party in t.demands["party"])),
        "position": len(t.positions),
        "event": len(events),
        "placed event after the first": max(len(placed) - 1, 0),
        "turn from past to future": turns,
        "timeline note": int(len(placed) < len(events)) + turns,  # the unplaced heading, and the present
        "marker": len(t.hedges),
    }


def layers(name: str) -> list[tuple[str, dict[str, str]]]:
    """The chart's declared layers, in drawing order: each one's mark and the field of each channel."""
    return [(layer.mark, layer.encodes) for layer in charts.LAYERS[name]]


def expected(name: str, counts: dict[str, int]) -> list[tuple[str, int]]:
    """(Vega mark type, number of items) for each declared layer, given how many of each thing there are."""
    return [(VEGA_MARKS[layer.mark], counts[layer.per]) for layer in charts.LAYERS[name]]


def _views(spec: dict):
    if "mark" in spec:
        yield spec
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for view in spec.get(key, []):
            yield from _views(view)


def _field(definition) -> str | None:
    if not isinstance(definition, dict):
        return None
    if definition.get("aggregate") == "count":
        return "count()"
    condition = definition.get("condition")
    return definition.get("field") or (condition.get("field") if isinstance(condition, dict) else None)


def declared(spec: dict) -> list[tuple[str, dict[str, str]]]:
    """The spec's own views, in drawing order: each one's mark and the field of each channel it encodes."""
    found = []
    for view in _views(spec):
        mark = view["mark"]["type"] if isinstance(view["mark"], dict) else view["mark"]
        encoding = view.get("encoding", {})
        fields = {channel: _field(encoding.get(channel)) for channel in CHANNELS}
        found.append((mark, {channel: field for channel, field in fields.items() if field}))
    return found


def drawn(spec: dict) -> list[tuple[str, int]]:
    """(Vega mark type, number of items) for every data mark Vega draws, brushes excluded."""
    scenegraph = vl_convert.vegalite_to_scenegraph(figures.static_spec(spec), vl_version=figures.vl_version(spec))
    return [
        (node["marktype"], len(node.get("items", [])))
        for node in figures.nodes(scenegraph)
        if node.get("role") == "mark" and "brush" not in (node.get("name") or "")
    ]


def by_type(marks: list[tuple[str, int]]) -> dict[str, int]:
    """Items per Vega mark type, as the book's page counts them (tests/browser_checks.mark_counts)."""
    totals: dict[str, int] = {}
    for marktype, n in marks:
        totals[marktype] = totals.get(marktype, 0) + n
    return totals
