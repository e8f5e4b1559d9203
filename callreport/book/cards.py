"""Each chapter's sharing card: the picture a link to the chapter shows (OpenGraph, Twitter),
1200 × 630 pixels, drawn at build time.

A card carries the report's name, the chapter's title, the chapter's finding and its chart.
The finding is the chapter's own sentence, read from the built page: the paragraph under
"What this chapter found" (without its "Next:" pointer), or, on a page without one, its
opening paragraph. Its numbers are the glued values the page shows, so card and page cannot
differ. The chart is the static drawing the page's figure falls back to. A page without a chart
gets a typographic card.

The card is an SVG composed here and rasterised by vl-convert (resvg). Its text is set in the
book's sans face (callreport.report.typeface), which vl-convert is given, and the build measures
it with the same engine (a Vega text mark) to wrap lines by code. Every string is escaped for
SVG (callreport.report.escape.svg_text).

Drawing is a step of its own, after the HTML build and beside the PDF (``make cards``, part of
``make book``): the build describes each page's card in _build/cards/<docname>.json as it writes
the page, and ``python -m callreport.book.cards`` draws the PNGs into _build/html/cards/, only
those not yet drawn from their description as it is, with the faces and the renderer there are now
(typeface.fingerprint: the machine's own font files among them, for a character the book's faces
lack). Each picture's key sits beside it (<docname>.key): a new description, a new vl-convert or a
font installed or removed redraws it. Measuring and rasterising take seconds, which the HTML build
no longer spends on every clean build.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html.parser
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import vl_convert

from callreport.dataset import paths
from callreport.report import theme, typeface
from callreport.report.escape import svg_text, xml_chars

WIDTH, HEIGHT = 1200, 630
FONT = typeface.SANS
MARGIN = 60
PANEL = (590, 44, 566, 542)  # the chart's panel: x, y, width, height
TEXT_WIDTH_BESIDE_CHART = PANEL[0] - MARGIN - 40
ACCENT = theme.KIND_COLOURS["direct"]
BACKGROUND = "#f6f8fa"
RULE = "#d0d7de"
LINE_HEIGHT = 1.25
# The sizes tried, largest first, until the text fits its space; past the last, lines are cut with "…".
TITLE_SIZES = (48, 42, 36, 30)
FINDING_SIZES = (34, 31, 28, 26, 24, 22, 20, 18)
FINDING_SIZES_ALONE = (44, 40, 36, *FINDING_SIZES)  # on a card without a chart, the finding takes its room
NEXT_POINTER = re.compile(r"\s*Next:.*$", re.S)


@dataclass(frozen=True)
class Card:
    report: str
    chapter: str
    finding: str
    chart_svg: str | None = None  # the chart's static drawing (vl-convert's SVG), if the page has one
    chart_title: str = ""
    address: str = ""


class _Text(html.parser.HTMLParser):
    """The text of an HTML fragment, as a reader sees it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


_FOUND = re.compile(r'<section id="what-this-chapter-found">.*?<p>(.*?)</p>', re.S)
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def finding(body: str) -> str:
    """The chapter's finding in its own words: the first paragraph of "What this chapter found",
    without the pointer to the next chapter; on a page without that section, its first paragraph."""
    found = _FOUND.search(body) or _FIRST_PARAGRAPH.search(body)
    if found is None:
        raise ValueError("the page has neither a 'What this chapter found' section nor a paragraph for its card")
    return NEXT_POINTER.sub("", plain_text(found.group(1)))


def alt_text(card: Card) -> str:
    """What the card shows, for og:image:alt."""
    chart = f"; and the chart “{card.chart_title}”" if card.chart_svg else ""
    text = f"the chapter's title, “{card.chapter}”; its text, “{card.finding}”"
    return f"A card: the report's name, “{card.report}”; {text}{chart}."


@functools.cache
def _advance(char: str, bold: bool) -> int:
    """The width of one character in thousandths of an em, as vl-convert lays it out. Measured
    between two x's, so that a space, which a text's edges drop, has its width too."""

    typeface.use_in_vl_convert()

    def width(text: str) -> int:
        mark = {"text": {"value": text}, "font": {"value": FONT}, "fontSize": {"value": 1000}}
        mark["fontWeight"] = {"value": "bold" if bold else "normal"}
        spec = {"autosize": "pad", "padding": 0, "width": 0, "height": 0}
        spec["marks"] = [{"type": "text", "encode": {"enter": mark}}]
        return int(re.search(r'width="(\d+)"', vl_convert.vega_to_svg(spec)).group(1))

    return max(width(f"x{char}x") - width("xx"), 0)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of a line of text at a font size, in pixels. A character XML cannot hold is
    measured as the U+FFFD that the card draws in its place."""
    return sum(_advance(char, bold) for char in xml_chars(text)) * size / 1000


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy line breaking at spaces; a word longer than the line is broken where it overflows."""
    lines: list[str] = []
    line = ""
    for word in xml_chars(text).split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, size, bold) > width:
            cut = max(next(i for i in range(len(line), 0, -1) if text_width(line[:i], size, bold) <= width), 1)
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines


def fit(text: str, sizes: tuple[int, ...], width: float, height: float, bold: bool = False) -> tuple[int, list[str]]:
    """The largest size at which the text fits the box; at the smallest, the lines that fit, the last cut with "…"."""
    for size in sizes:
        lines = wrap(text, size, width, bold)
        if len(lines) * size * LINE_HEIGHT <= height:
            return size, lines
    size = sizes[-1]
    lines = wrap(text, size, width, bold)[: max(int(height // (size * LINE_HEIGHT)), 1)]
    while lines[-1] and text_width(lines[-1] + "…", size, bold) > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] += "…"
    return size, lines


def _text(lines: list[str], x: float, top: float, size: int, fill: str, bold: bool = False) -> tuple[str, float]:
    """A block of lines whose capitals start near top; returns the SVG and the y below the block."""
    weight = ' font-weight="bold"' if bold else ""
    out = []
    for i, line in enumerate(lines):
        baseline = top + size * (0.8 + i * LINE_HEIGHT)
        out.append(f'<text x="{x}" y="{baseline:.1f}" font-size="{size}"{weight} fill="{fill}">{svg_text(line)}</text>')
    return "\n".join(out), top + len(lines) * size * LINE_HEIGHT


_ROOT = re.compile(
    r'^\s*(?:<\?xml[^>]*>\s*)?<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"[^>]*>(.*)</svg>\s*$', re.S
)


def _chart(chart_svg: str) -> str:
    """The chart drawing scaled into the card's panel, centred."""
    root = _ROOT.match(chart_svg)
    if root is None:
        raise ValueError("a chart's drawing is not an SVG with a width and a height")
    width, height, inside = float(root.group(1)), float(root.group(2)), root.group(3)
    x, y, panel_width, panel_height = PANEL
    pad = 18
    scale = min((panel_width - 2 * pad) / width, (panel_height - 2 * pad) / height)
    left = x + (panel_width - width * scale) / 2
    top = y + (panel_height - height * scale) / 2
    return (
        f'<rect x="{x}" y="{y}" width="{panel_width}" height="{panel_height}" rx="14" fill="#ffffff" '
        f'stroke="{RULE}" stroke-width="2"/>\n'
        f'<g transform="translate({left:.2f},{top:.2f}) scale({scale:.5f})">{inside}</g>'
    )


def svg(card: Card) -> str:
    """The card as an SVG: the report's name, the chapter's title and finding, the chart beside them."""
    column = TEXT_WIDTH_BESIDE_CHART if card.chart_svg else WIDTH - 2 * MARGIN
    bottom = HEIGHT - 92  # the address sits below the finding
    report_size = 24
    # The report's name above the chapter's title; the landing page's title is the report's name.
    report_lines = [] if card.report == card.chapter else fit(card.report, (report_size,), column, 60, bold=True)[1]
    report, y = _text(report_lines, MARGIN, 52, report_size, ACCENT, bold=True)
    title_size, title_lines = fit(card.chapter, TITLE_SIZES, column, 3 * TITLE_SIZES[-1] * LINE_HEIGHT, bold=True)
    title, y = _text(title_lines, MARGIN, y + 14, title_size, theme.INK, bold=True)
    rule = f'<rect x="{MARGIN}" y="{y + 20:.1f}" width="72" height="5" fill="{ACCENT}"/>'
    sizes = FINDING_SIZES if card.chart_svg else FINDING_SIZES_ALONE
    finding_size, finding_lines = fit(card.finding, sizes, column, bottom - (y + 44))
    found, _ = _text(finding_lines, MARGIN, y + 44, finding_size, theme.INK)
    address_lines = fit(card.address, (20,), column, 20 * LINE_HEIGHT)[1] if card.address else []
    address, _ = _text(address_lines, MARGIN, HEIGHT - 72, 20, theme.MUTED_INK)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
        f'<rect width="{WIDTH}" height="10" fill="{ACCENT}"/>',
        report,
        title,
        rule,
        found,
        address,
        _chart(card.chart_svg) if card.chart_svg else "",
        "</svg>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def png(card_svg: str) -> bytes:
    """The card as the 1200 × 630 picture a link preview shows."""
    typeface.use_in_vl_convert()
    return vl_convert.svg_to_png(card_svg, scale=1.0)


DESCRIPTIONS = "cards"  # _build/cards/<docname>.json: what each page's card shows, written by the HTML build
PICTURES = "cards"  # _build/html/cards/<docname>.png: the cards drawn, the address og:image names


def describe(card: Card) -> bytes:
    """The card as the HTML build records it for drawing: JSON, the same bytes for the same card."""
    return (json.dumps(dataclasses.asdict(card), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def key(description: bytes, faces: str) -> str:
    """What a card's picture depends on: its description, and the faces and renderer (typeface.fingerprint)."""
    return f"{hashlib.sha256(description).hexdigest()} {faces}\n"


def draw_all(build: Path = paths.BUILD) -> list[Path]:
    """Draw the card of every page the HTML build described into build/html/cards/, but not one
    already drawn from the same key; return the pictures drawn."""
    drawn = []
    faces = typeface.fingerprint()
    for description in sorted((build / DESCRIPTIONS).rglob("*.json")):
        target = build / "html" / PICTURES / description.relative_to(build / DESCRIPTIONS).with_suffix(".png")
        text = description.read_bytes()
        wanted = key(text, faces)
        stamp = build / DESCRIPTIONS / description.relative_to(build / DESCRIPTIONS).with_suffix(".key")
        if target.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
            continue
        card = Card(**json.loads(text.decode("utf-8")))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png(svg(card)))
        stamp.write_text(wanted, encoding="utf-8")
        drawn.append(target)
    return drawn


if __name__ == "__main__":
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else paths.BUILD
    if not (where / DESCRIPTIONS).is_dir():
        raise SystemExit(f"{where / DESCRIPTIONS} is missing: build the HTML first (make html)")
    print(f"drew {len(draw_all(where))} sharing cards into {where / 'html' / PICTURES}")
