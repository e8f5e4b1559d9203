"""What each chart draws, read from Vega's own scenegraph and from the spec's colours: every mark at least
3:1 from the page in light and dark mode (WCAG 1.4.11), every quotation and marker its own visible mark,
no codebook placeholder drawn as if it were a speaker, and every stance its own sign.

The contrast ratio is WCAG 2's, written here from its definition, not taken from the code under test."""

from __future__ import annotations

import csv
import itertools
import math

import pytest
import vl_convert

from callreport.dataset import paths
from callreport.report import charts, figures, theme

CHARTS = {fn.__name__: fn for fn in charts.ALL}
TOUCHED = ["quotes_by_speaker", "quotes_through_article", "positions_grid", "sentence_voices", "certainty_markers"]
NOT_DRAWN = {"transparent", "none"}  # no paint: a hollow mark's fill, an empty cell's


def rows(name: str) -> list[dict]:
    with (paths.DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour (#rrggbb or 'white')."""
    colour = {"white": "#ffffff", "black": "#000000"}.get(colour, colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def scenegraph(spec: dict) -> dict:
    return vl_convert.vegalite_to_scenegraph(figures.static_spec(spec), vl_version=figures.vl_version(spec))


def data_marks(spec: dict) -> list[dict]:
    """The mark groups Vega draws for the data (not axes, legends or brushes)."""
    return [
        node
        for node in figures.nodes(scenegraph(spec))
        if node.get("role") == "mark" and "brush" not in (node.get("name") or "") and node.get("marktype") != "text"
    ]


def mark_colours(spec: dict) -> set[str]:
    """Every colour a data mark is painted with: its fill, and its stroke where it has no fill (a hollow
    dot, a tick); a stroke around a filled shape is its outline and is counted too when it is not the
    page's own colour in light mode (a white gap between segments is a gap, not a mark)."""
    found = set()
    for node in data_marks(spec):
        for item in node.get("items", []):
            fill, stroke = item.get("fill"), item.get("stroke")
            if fill and fill not in NOT_DRAWN:
                found.add(fill)
            if stroke and stroke not in NOT_DRAWN and (not fill or fill in NOT_DRAWN or stroke != "white"):
                found.add(stroke)
    return {c for c in found if c.startswith("#") or c == "white"}


def test_the_contrast_formula_gives_the_known_ratios():
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#eaeef2", theme.BACKGROUND) < 3  # the old brushed-out grey: the check can fail


@pytest.mark.parametrize("name", TOUCHED)
@pytest.mark.parametrize("page", ["BACKGROUND", "DARK_BACKGROUND"])
def test_every_mark_stands_out_from_the_page_in_either_mode(name, page):
    """Charts keep their data hues in dark mode (charts.js changes only text and rules), so each hue
    must stand 3:1 from both pages; the old indigo (#332288) and maroon (#882255) fail the dark one."""
    background = getattr(theme, page)
    colours = mark_colours(CHARTS[name](pytest.tables).to_dict())
    assert colours
    weak = {c: round(contrast(c, background), 2) for c in colours if contrast(c, background) < 3}
    assert not weak, f"{name} on {page}: {weak}"
    assert contrast("#332288", theme.DARK_BACKGROUND) < 3 and contrast("#882255", theme.DARK_BACKGROUND) < 3


@pytest.fixture(autouse=True)
def _tables(tables):
    pytest.tables = tables


def symbol_centres(spec: dict) -> list[tuple[float, float]]:
    """The centre of every dot Vega draws, in the plot's pixels (its group's offset added)."""
    centres = []

    def walk(node, dx=0.0, dy=0.0):
        if node.get("marktype") == "group":
            for item in node.get("items", []):
                for child in item.get("items", []):
                    walk(child, dx + item.get("x", 0), dy + item.get("y", 0))
        elif node.get("marktype") == "symbol" and node.get("role") == "mark":
            centres.extend((dx + i["x"], dy + i["y"]) for i in node.get("items", []))

    walk(scenegraph(spec)["scenegraph"] if "scenegraph" in scenegraph(spec) else scenegraph(spec))
    return centres


@pytest.mark.parametrize(
    ("name", "csv_name"), [("quotes_through_article", "quotes.csv"), ("certainty_markers", "hedges.csv")]
)
def test_every_row_is_its_own_visible_dot(name, csv_name):
    """As many dots as rows in the CSV, no two at one place, and none closer than most of a dot's width
    to another, so none hides another (the two Komsomolskaya Pravda quotations of paragraph 3, q-02 and
    q-03, once drew as one dot; 13 hedges as about 9)."""
    centres = symbol_centres(CHARTS[name](pytest.tables).to_dict())
    assert len(centres) == len(rows(csv_name))
    assert len(set(centres)) == len(centres)
    closest = min(math.dist(a, b) for a, b in itertools.combinations(centres, 2))
    assert closest >= 8, closest


def test_the_placeholder_is_never_drawn_as_a_speaker():
    """'not stated' is the codebook's placeholder for a quotation with no stated speaker: no bar, row or
    label of any chart is named with it (a legend may list it as a stance's value, '· not stated')."""
    for name, fn in CHARTS.items():
        texts = [
            item.get("text")
            for node in figures.nodes(scenegraph(fn(pytest.tables).to_dict()))
            if node.get("marktype") == "text"
            for item in node.get("items", [])
        ]
        assert "not stated" not in texts, name


def test_the_voices_chart_draws_only_the_stated_speakers_spans():
    quotes = rows("quotes.csv")
    stated = [q for q in quotes if q["speaker"] != "not stated"]
    spec = charts.quotes_by_speaker(pytest.tables).to_dict()
    bars = [n for n in data_marks(spec) if n["marktype"] == "rect"]
    assert sum(len(n["items"]) for n in bars) == len(stated) == 10


def test_every_stance_has_its_own_sign_and_cell():
    """supports, opposes and not stated each draw differently: their signs (narrow), words (wide) and
    cell fills are three distinct values, and the empty cell has no fill but an outline."""
    cells = charts.positions_grid(pytest.tables).to_dict()
    data = cells["datasets"][cells["data"]["name"]] if "data" in cells else next(iter(cells["datasets"].values()))
    by_stance = {}
    for r in data:
        by_stance.setdefault(r["stance"], set()).add((r["sign"], r["label"]))
    assert set(by_stance) == {"supports", "opposes", "not stated"}
    assert all(len(v) == 1 for v in by_stance.values())
    signs = [next(iter(v))[0] for v in by_stance.values()]
    words = [next(iter(v))[1] for v in by_stance.values()]
    assert len(set(signs)) == len(set(words)) == 3
    fills = {}
    for node in data_marks(cells):
        for item in node["items"]:
            fills.setdefault(item["fill"], item["stroke"])
    assert len(fills) == 3 and "transparent" in fills and fills["transparent"] not in NOT_DRAWN


def test_hollow_means_a_source_and_is_no_fill_at_all():
    """The markers a source holds (hedges.csv holder not 'author') are drawn with no fill, only their
    outline, which reads hollow on a dark page too (white fill read as filled there); each kind has its
    own shape as well as its colour."""
    hedges = rows("hedges.csv")
    spec = charts.certainty_markers(pytest.tables).to_dict()
    items = [i for n in data_marks(spec) for i in n["items"]]
    hollow = [i for i in items if i["fill"] in NOT_DRAWN]
    assert len(hollow) == sum(h["holder"] != "author" for h in hedges) == 2
    assert all(i["stroke"] not in NOT_DRAWN for i in items)
    shapes = {}
    ordered = zip(
        sorted(hedges, key=lambda h: h["marker_id"]), sorted(items, key=lambda i: i["description"]), strict=True
    )
    for h, i in ordered:
        shapes.setdefault(h["kind"], set()).add(i.get("shape", "circle"))
    assert all(len(s) == 1 for s in shapes.values()) and len({s.pop() for s in shapes.values()}) == 4
