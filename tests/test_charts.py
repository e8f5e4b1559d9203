"""Every chart, tested the way Altair tests its gallery, and further: what it encodes,
how many marks it draws (from Vega's own scenegraph), its tooltips, links and text."""

from __future__ import annotations

import csv
import dataclasses
import json
import re

import altair as alt
import chart_layers
import pytest

from callreport.dataset import paths
from callreport.dataset.codebook import NOT_STATED
from callreport.report import charts, derive, figures, theme

CHARTS = {fn.__name__: fn for fn in charts.ALL}


@pytest.fixture(scope="module")
def specs(tables) -> dict[str, dict]:
    return {name: fn(tables).to_dict() for name, fn in CHARTS.items()}


def encodings(spec: dict) -> list[dict]:
    """The encoding blocks of a chart and all its sub-views."""
    return [node["encoding"] for node in figures.nodes(spec) if "encoding" in node]


def tooltip_fields(spec: dict) -> set[str]:
    return {t["field"] for e in encodings(spec) for t in e.get("tooltip", []) if "field" in t}


@pytest.mark.parametrize("name", CHARTS)
def test_spec_round_trips(specs, name):
    spec = specs[name]
    assert json.loads(json.dumps(spec)) == spec
    kind = next((key for key in ("layer", "vconcat") if key in spec), None)
    chart_class = {"layer": alt.LayerChart, "vconcat": alt.VConcatChart, None: alt.Chart}[kind]
    assert chart_class.from_dict(spec).to_dict() == spec  # validates against the schema and loses nothing
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


@pytest.mark.parametrize("name", CHARTS)
def test_figure_metadata(specs, name):
    spec = specs[name]
    meta = figures.figure_meta(spec)
    assert re.fullmatch(r"fig-[a-z-]+", meta["id"])
    assert spec["title"]["text"] and len(spec["description"]) > 60
    rows = figures.table_rows(spec)
    assert rows and list(rows[0]) == list(meta["columns"].values())


@pytest.mark.parametrize("name", CHARTS)
def test_each_chart_draws_the_layers_its_module_declares(tables, specs, name):
    """The spec's views are the marks and fields LAYERS declares beside the chart, and Vega draws one
    item per thing each layer stands for, counted in the tables (tests/chart_layers.py)."""
    assert chart_layers.declared(specs[name]) == chart_layers.layers(name)
    assert chart_layers.drawn(specs[name]) == chart_layers.expected(name, chart_layers.counted(tables))


def test_the_layer_check_can_fail(tables, specs, monkeypatch):
    """LAYERS is written out beside each chart, not read from it: a declaration a field short, or
    counts that miss the article's present, no longer match the timeline."""
    spine, *rest = charts.LAYERS["timeline"]
    monkeypatch.setitem(charts.LAYERS, "timeline", (dataclasses.replace(spine, encodes={"y": "y"}), *rest))
    assert chart_layers.declared(specs["timeline"]) != chart_layers.layers("timeline")
    counts = chart_layers.counted(tables) | {"turn from past to future": 0}
    assert chart_layers.drawn(specs["timeline"]) != chart_layers.expected("timeline", counts)


def test_figure_ids_are_unique(specs):
    ids = [figures.figure_meta(spec)["id"] for spec in specs.values()]
    assert len(ids) == len(set(ids)) == len(CHARTS) >= 6


def detail_fields(encoding: dict) -> list[str]:
    detail = encoding.get("detail", [])
    return [d["field"] for d in (detail if isinstance(detail, list) else [detail])]


@pytest.mark.parametrize("name", CHARTS)
def test_every_mark_has_a_tooltip_with_text_and_carries_its_link(specs, name):
    """Marks carry their link as data (the book shows it below the chart after a tap), not as an href
    that would leave the page on the first tap, before the tooltip could be read."""
    fields = tooltip_fields(specs[name])
    assert fields & {"text", "evidence"}, fields
    assert any("href" in detail_fields(e) for e in encodings(specs[name]))
    assert not any("href" in e for e in encodings(specs[name]))


@pytest.mark.parametrize("name", ["quotes_by_speaker", "quotes_through_article", "sentence_voices"])
def test_tooltips_give_the_paragraph(specs, name):
    assert "paragraph" in tooltip_fields(specs[name])


def test_at_least_two_charts_filter_by_selection(specs):
    with_params = [name for name, spec in specs.items() if "params" in json.dumps(spec)]
    assert len(with_params) >= 2
    assert '"paragraph_brush"' in json.dumps(specs["quotes_through_article"])
    assert '"kind_pick"' in json.dumps(specs["quotes_by_speaker"])


def test_quotes_by_speaker(tables, specs):
    spec = specs["quotes_by_speaker"]
    assert detail_fields(spec["layer"][0]["encoding"]) == ["quote_id", "href"]  # one segment per quoted span
    # The placeholder is no speaker: its spans are not drawn, and the description says so (q-09, q-12).
    assert "the quoted spans whose speaker the article states" in spec["description"]
    assert spec["description"].endswith("Not drawn: 2 scare quotes have no stated speaker.")


def test_titles_state_a_finding_computed_from_the_data(tables, specs):
    top = tables.quotes["speaker"].value_counts()
    names = derive.actor_names(tables)
    assert specs["quotes_by_speaker"]["title"]["text"].startswith(names[top.index[0]])
    # The title states what the bars show, nothing they cannot (no country absent from them); the spans
    # with no stated speaker are counted under it (data/quotes.csv: q-09 and q-12, both scare quotes).
    assert specs["quotes_by_speaker"]["title"]["text"] == "Donald Trump has the most quoted passages"
    assert specs["quotes_by_speaker"]["title"]["subtitle"].endswith("; 2 scare quotes have no stated speaker")
    voices = tables.sentences["voice"].astype(str).value_counts()
    assert f"{voices.iloc[0]} of {len(tables.sentences)} sentences" in specs["sentence_voices"]["title"]["text"]
    stated = (tables.positions["stance"] != NOT_STATED).sum()
    assert f"{stated} of the {len(tables.positions)} actor–issue pairs" in specs["positions_grid"]["title"]["text"]
    assert all(spec["title"]["subtitle"] for spec in specs.values())


def test_demands_table_groups_each_partys_asks_and_offers(tables):
    """The demands are a table, not a chart: a row per item, grouped by party (each party's rows
    together), its side (asks or offers) as the codebook's kinds define it, each row linked to its
    words in the article; the caption sums the focus side's, and the chart's address stays."""
    from bs4 import BeautifulSoup

    from callreport.report import chapter_tables

    html = chapter_tables.demands_by_party(tables).data
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#fig-demands-by-party table")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    links = [tr.find("a")["href"] for tr in soup.select("tbody tr")]
    side = {"proposal": "asks", "precondition": "asks", "refusal": "asks", "offer": "offers", "acceptance": "offers"}
    with (paths.DATA / "demands.csv").open(encoding="utf-8") as handle:
        demands = list(csv.DictReader(handle))
    assert sorted((r[2], r[1]) for r in rows) == sorted(
        (d["demand_id"], side[d["kind"]] + (" or refuses" if side[d["kind"]] == "asks" else " or accepts"))
        for d in demands
    )
    assert links == [f"article.html#src-{r[2]}" for r in rows]
    parties = [r[0] for r in rows]
    assert all(parties.index(p) + parties.count(p) - 1 == len(parties) - 1 - parties[::-1].index(p) for p in parties)
    # Hand-counted in data/demands.csv: Putin (d-03 to d-06 ask, d-08 offers) and Russian officials (d-07, d-09).
    assert soup.caption.get_text().startswith("Russia asks or refuses 4 things and offers 3")


def test_marks_linked_to_the_article_carry_a_label_for_screen_readers(specs):
    """Each mark that links to the article names itself (Vega's description channel becomes its
    aria-label, which the book's keyboard path announces), from a column of the chart's own data."""
    for name, spec in specs.items():
        linked = [e for e in encodings(spec) if "href" in detail_fields(e)]
        assert linked and all(e.get("description", {}).get("field") == "mark_label" for e in linked), name
        rows = spec["datasets"][spec["data"]["name"]]
        assert all(r["mark_label"] for r in rows), name


def test_positions_grid_shows_every_cell(tables, specs):
    spec = specs["positions_grid"]
    not_stated = (tables.positions["stance"] == NOT_STATED).sum()
    assert f"{not_stated} are not stated" in spec["description"]


def test_timeline_draws_a_sequence(tables, specs):
    """A spine joins the placed events, solid into an event the article orders, dashed into one ordered
    by inference; the unplaced events stand apart with no spine; the tooltip adds what the label lacks."""
    spec = specs["timeline"]
    events = tables.events
    rows = spec["datasets"][spec["data"]["name"]]
    unplaced = [r for r in rows if r["step"] == "not placed"]
    assert sorted(r["event_id"] for r in unplaced) == sorted(events.loc[events["order"].isna(), "event_id"])
    assert all(r["y_before"] is None for r in unplaced)
    assert min(r["y"] for r in unplaced) > max(r["y"] for r in rows if r["step"] != "not placed")
    assert "e-07" in {r["event_id"] for r in unplaced}
    assert tooltip_fields(spec) == {"event_id", "evidence", "order_basis", "order_note"}
    dash = next(e["strokeDash"] for e in encodings(spec) if "strokeDash" in e)
    assert dash["condition"]["test"] == "(datum.order_basis === 'stated')"
    assert dash["condition"]["value"] != dash["value"]


def test_each_colour_scale_is_one_meaning_of_the_theme(specs):
    """Every colour scale in every chart is exactly one of the theme's meanings, so no hue is drawn
    for a second meaning, and every scale has a legend (or, for the voice bars, names on the axis)."""
    meanings = {tuple(colours.values()): name for name, colours in theme.MEANINGS.items()}
    found = set()
    for spec in specs.values():
        for node in figures.nodes(spec):
            scale = node.get("scale") if isinstance(node.get("scale"), dict) else None
            if (
                scale
                and "range" in scale
                and isinstance(scale["range"], list)
                and str(scale["range"][0]).startswith("#")
            ):
                assert tuple(scale["range"]) in meanings, scale
                found.add(meanings[tuple(scale["range"])])
    assert found == set(theme.MEANINGS)
    hues = [colour for colours in theme.MEANINGS.values() for colour in colours.values() if colour != theme.EMPTY]
    assert len(hues) == len(set(hues))


@pytest.mark.parametrize("name", CHARTS)
def test_output_is_identical_on_every_run(tables, name):
    first = figures.mimebundle(CHARTS[name](tables).to_dict())
    second = figures.mimebundle(CHARTS[name](tables).to_dict())
    assert first == second
    assert set(first) == {figures.VEGALITE_MIME, "image/svg+xml", "text/plain"}, "no picture is committed"


def test_the_picture_is_the_drawing_at_twice_its_size(tables):
    bundle = figures.render(charts.sentence_voices(tables).to_dict())
    svg_width = float(re.search(r'<svg[^>]* width="([\d.]+)"', bundle["image/svg+xml"]).group(1))
    png = figures.to_png(bundle["image/svg+xml"], scale=figures.PNG_SCALE)
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == round(svg_width * figures.PNG_SCALE)


def test_static_drawing_has_no_responsive_width(specs):
    assert '"container"' not in json.dumps(figures.static_spec(specs["sentence_voices"]))
    assert '"container"' in json.dumps(specs["sentence_voices"])


def test_svg_ids_are_renumbered_per_drawing(tables):
    spec = charts.quotes_through_article(tables).to_dict()
    figures.to_svg(charts.sentence_voices(tables).to_dict())  # advance vl-convert's counter
    svg = figures.to_svg(spec)
    assert 'id="fig-quotes-through-article-clip1"' in svg
    assert "url(#fig-quotes-through-article-clip1)" in svg
    assert not re.search(r'id="clip\d+"', svg)


def test_certainty_markers_draw_one_dot_per_marker_hollow_where_a_source_holds_it(tables, specs):
    with (paths.DATA / "hedges.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert chart_layers.counted(tables)["marker"] == len(rows)
    sources = sum(r["holder"] != "author" for r in rows)
    assert (
        f"{len(rows) - sources} are the author's own, {sources} sit inside" in specs["certainty_markers"]["description"]
    )


@pytest.mark.parametrize(("name", "wide"), [("timeline", charts.TIMELINE_WIDE)])
def test_a_wide_variant_wraps_the_same_marks_in_longer_lines(specs, name, wide):
    """The variant the book draws in a wide column (charts.js) shows the same items, with the same
    links, in the same order; only its lines are longer, and never longer than its wrap."""
    narrow = specs[name]
    variant = narrow["usermeta"]["figure"]["wide"]
    assert variant["min_width"] == wide[0] and "wide" not in variant["spec"]["usermeta"]["figure"]
    assert chart_layers.declared(variant["spec"]) == chart_layers.layers(name)

    def rows(spec):
        return next(r for r in spec["datasets"].values() if r and "lines" in r[0])

    assert [r["href"] for r in rows(variant["spec"])] == [r["href"] for r in rows(narrow)]
    longest = {
        key: max(len(line) for r in rows(s) for line in r["lines"])
        for key, s in (("narrow", narrow), ("wide", variant["spec"]))
    }
    assert longest["narrow"] < longest["wide"] <= wide[1]
    assert variant["spec"]["height"] < narrow["height"]


@pytest.mark.parametrize("kind", ["proposal", "refusal", "offer"])
def test_a_demand_changed_to_another_allowed_kind_changes_prose_chart_and_table_together(data_copy, kind):
    """d-04, one of Putin's preconditions, set to another kind the codebook allows: the count the prose
    glues, the chart's title and note, and the asks-and-offers table still say the same numbers."""
    import csv

    from callreport.dataset.load import load
    from callreport.report import findings

    demands = data_copy / "demands.csv"
    rows = list(csv.DictReader(demands.open(encoding="utf-8", newline="")))
    assert [r["kind"] for r in rows if r["demand_id"] == "d-04"] == ["precondition"]
    for r in rows:
        if r["demand_id"] == "d-04":
            r["kind"] = kind
    with demands.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    t = load(data_copy)
    values = findings.demands(t)
    from callreport.report import chapter_tables

    caption = chapter_tables.demands_by_party(t).data
    asks, offers = values["n_russian_asks"], values["n_russian_offers"]
    before = findings.demands(load())
    moved = 0 if kind in ("proposal", "refusal") else 1
    assert (asks, offers) == (before["n_russian_asks"] - moved, before["n_russian_offers"] + moved)
    assert f"<caption>Russia asks or refuses {asks} things and offers {offers}:" in caption
    table = derive.asks_and_offers(t)
    assert (table["side"] == "asks").sum() == asks and (table["side"] == "offers").sum() == offers
