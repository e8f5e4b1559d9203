"""How a chart leaves a notebook: a deterministic bundle of the Vega-Lite spec, a drawing and a text.

- ``application/vnd.vegalite.v6+json``: the spec. The book renders it interactively
  (callreport.book.sphinx_ext) from the Vega libraries it serves itself, with a static
  SVG drawn from the same spec where scripts do not run.
- ``image/svg+xml``: the static drawing of the spec by vl-convert, carrying its faces. JupyterLab 4
  renders Vega-Lite only up to v5, so the drawing is what a reader rerunning a notebook sees
  (``make lab`` trusts the chapters, and JupyterLab shows SVG only in trusted notebooks).
- ``text/plain``: the chart's description, written from the data.

The book serves the drawing (the chart's fallback and download) straight from the committed
output, and rasterises it once into the PNG download (``to_png``, cached by the build): no
picture is committed, so a notebook's outputs stay in proportion to its charts.

Nothing in the bundle is random: altair names datasets and params by content
hash, and the book derives element ids from the figure id, so strict nbval holds.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import textwrap
from collections.abc import Iterator

import altair as alt
import vl_convert

from callreport.report import typeface

VEGALITE_MIME = "application/vnd.vegalite.v6+json"
STATIC_WIDTH = 560  # width of the static drawings, where "container" has no meaning
# The static drawings are laid out by vl-convert in the book's sans face and carry it inside them
# (callreport.report.typeface), so every line is as wide where it is shown as where it was measured.
EM_PER_CHARACTER = 0.6  # a line of that face, bold or not, averages under this: lines wrap to fit


def vl_version(spec: dict) -> str:
    """The Vega-Lite minor version a spec is written in, from its $schema (e.g. 6.4)."""
    return re.search(r"/v(\d+\.\d+)\.\d+\.json$", spec["$schema"]).group(1)


def figure_meta(spec: dict) -> dict:
    """The figure's id, table columns and alt text, kept in the spec's usermeta."""
    return spec["usermeta"]["figure"]


def title_text(spec: dict) -> str:
    """The chart's takeaway title."""
    return spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]


def nodes(tree) -> Iterator[dict]:
    """Every dict in a nested JSON-like tree (a spec or a scenegraph), depth first."""
    if isinstance(tree, dict):
        yield tree
        tree = list(tree.values())
    if isinstance(tree, list):
        for value in tree:
            yield from nodes(value)


def static_spec(spec: dict) -> dict:
    """The spec with every responsive width fixed, for drawing without a page."""
    fixed = copy.deepcopy(spec)
    for node in nodes(fixed):
        if node.get("width") == "container":
            node["width"] = STATIC_WIDTH
    title = fixed.get("title")
    if isinstance(title, dict):  # Vega sets a title on one line; on the page the caption wraps it
        sizes = fixed["config"].get("title", {})
        for key, size in (("text", sizes.get("fontSize", 13)), ("subtitle", sizes.get("subtitleFontSize", 11))):
            if isinstance(title.get(key), str):
                title[key] = textwrap.wrap(title[key], int(STATIC_WIDTH / (size * EM_PER_CHARACTER)))
    return fixed


_SVG_ID = re.compile(r'id="([A-Za-z]+)(\d+)"')


def to_svg(spec: dict) -> str:
    """The static drawing. vl-convert numbers clip-path ids with a counter that runs across
    drawings, so the same chart would differ with what was drawn before it; the ids are
    renumbered from 1 within each drawing and prefixed with the figure id. The drawing carries the
    faces it is set in."""
    typeface.use_in_vl_convert()
    svg = vl_convert.vegalite_to_svg(static_spec(spec), vl_version=vl_version(spec))
    prefix = figure_meta(spec)["id"]
    renamed = {}
    for kind, number in _SVG_ID.findall(svg):
        renamed.setdefault(f"{kind}{number}", f"{prefix}-{kind}{len(renamed) + 1}")
    for old, new in renamed.items():
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
    return typeface.embed_in_svg(svg)


def to_png(svg: str, scale: float = 2.0) -> bytes:
    """The static drawing as a picture (what vl-convert's vegalite_to_png gives, without drawing again)."""
    typeface.use_in_vl_convert()
    return vl_convert.svg_to_png(svg, scale=scale)


def table_rows(spec: dict) -> list[dict]:
    """The rows of the chart's own data, restricted to the columns its figure shows."""
    columns = figure_meta(spec)["columns"]
    values = spec["datasets"][spec["data"]["name"]]
    return [{label: row.get(field, "") for field, label in columns.items()} for row in values]


def to_csv(spec: dict) -> str:
    rows = table_rows(spec)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(figure_meta(spec)["columns"].values()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


PNG_SCALE = 2.0  # the PNG download: the drawing at twice its size


def mimebundle(spec: dict) -> dict:
    return {
        VEGALITE_MIME: json.loads(json.dumps(spec, sort_keys=True)),
        "image/svg+xml": to_svg(spec),
        "text/plain": f"{title_text(spec)}\n{spec['description']}",
    }


def render(spec: dict, **metadata) -> dict:
    """An altair renderer (figures.enable): display a chart as the report's bundle."""
    return mimebundle(spec)


RENDERER = "report"


def enable() -> None:
    """Show altair charts as the report's bundle (spec, static drawing, picture, description): what the
    book's notebooks call (callreport.report.chapter.setup). Importing the package changes no altair state."""
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, render)
    alt.renderers.enable(RENDERER)
