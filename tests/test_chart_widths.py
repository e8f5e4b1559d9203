"""Every chart whole at every width a reader uses, and in print.

The page-level check (test_browser.test_page_fits_a_phone) passes when a chart scrolls inside its
own box; a reader still sees only part of it. Here each drawn chart must lie inside its column and
the window, no box around it may hide any of it, and the last tick label of every quantitative
axis must lie inside the drawing. Screenshots of each chart land in _build/screenshots/charts/.
"""

from __future__ import annotations

import re

import pytest
from browser_checks import FONT_SETTINGS, open_page, serve, wait_until
from test_browser import CHART_PAGES

from callreport.book import csp
from callreport.dataset import paths
from callreport.report import theme, typeface

pytestmark = pytest.mark.browser
WIDTHS = (320, 375, 768, 1280, 1920)
PRINT_WIDTH = 673  # A4 less the margins, as callreport.book.pdf prints it
SHOTS = paths.BUILD / "screenshots" / "charts"
# Every chart drawn, none being redrawn, each drawn for the width its column has now.
SETTLED = (
    "Array.from(document.querySelectorAll('.report-chart__view')).every(e => e.dataset.drawn === 'true'"
    " && !e.dataset.redrawing && e.dataset.width === String(e.clientWidth))"
)

# One line per problem, naming the chart; run in the page after every chart has drawn.
WHOLE = """() => {
    const found = [];
    const slack = 1;  // sub-pixel rounding
    const inside = (r, box) => r.left >= box.left - slack && r.right <= box.right + slack;
    for (const figure of document.querySelectorAll('.report-chart')) {
        const id = figure.id;
        const column = figure.getBoundingClientRect();
        const svg = figure.querySelector('.report-chart__live svg');
        if (!svg) { found.push(`${id}: not drawn`); continue; }
        const drawing = svg.getBoundingClientRect();
        const page = {left: 0, right: document.documentElement.clientWidth};
        if (!inside(drawing, column)) {
            found.push(`${id}: drawing spans ${Math.round(drawing.left)}-${Math.round(drawing.right)}px, `
                + `its column ${Math.round(column.left)}-${Math.round(column.right)}px`);
        }
        if (!inside(drawing, page)) {
            found.push(`${id}: drawing ends at ${Math.round(drawing.right)}px in a ${page.right}px window`);
        }
        for (let box = svg.parentElement; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.overflowX !== 'visible' && box.scrollWidth > box.clientWidth + slack) {
                found.push(`${id}: ${box.className || box.tagName} hides ${box.scrollWidth - box.clientWidth}px`);
            }
        }
        for (const text of svg.querySelectorAll('text')) {
            const r = text.getBoundingClientRect();
            if (r.width > 0 && !inside(r, drawing)) {
                found.push(`${id}: text "${text.textContent}" spans ${Math.round(r.left)}-${Math.round(r.right)}px, `
                    + `outside the drawing ${Math.round(drawing.left)}-${Math.round(drawing.right)}px`);
            }
        }
        for (const axis of svg.querySelectorAll('g[aria-roledescription="axis"]')) {
            const label = axis.getAttribute('aria-label') || '';
            if (!label.includes('linear scale')) continue;
            const ticks = Array.from(axis.querySelectorAll('.role-axis-label text'));
            if (ticks.length === 0) { found.push(`${id}: ${label}: no tick labels`); continue; }
            const last = ticks.reduce((a, b) => (Number(b.textContent) > Number(a.textContent) ? b : a));
            const r = last.getBoundingClientRect();
            if (!inside(r, drawing) || !inside(r, column) || !inside(r, page)) {
                found.push(`${id}: ${label}: last tick ${last.textContent} at ${Math.round(r.right)}px is cut off`);
            }
        }
    }
    return found;
}"""


def chart_problems(page, name: str, setting: str) -> list[str]:
    page.wait_for_timeout(100)  # let a resize reach the charts' observers
    wait_until(page, SETTLED, timeout=30)
    return [f"{name} {setting}: {problem}" for problem in page.evaluate(WHOLE)]


def screenshots(page, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for figure in CHART_PAGES[name]:
        page.locator(f"#{figure}").screenshot(path=SHOTS / f"{figure}-{width}.png")


@pytest.mark.parametrize("fonts", FONT_SETTINGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_is_whole_at_every_width(site, browser, name, width, fonts):
    """In the book's type, and in others: a browser that refuses downloaded fonts, or a wider face."""
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=width < 768)
    page, visit = open_page(context, site, name, fonts)
    problems = visit.problems() + chart_problems(page, name, f"at {width}px with fonts {fonts}")
    if width in (375, 1280) and fonts == "book":
        screenshots(page, name, width)
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_is_whole_in_print(site, browser, name):
    """Laid out as callreport.book.pdf prints it: print media at the printed width, every chart drawn."""
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(site + name, wait_until="load")
    page.evaluate("window.reportDrawAllCharts()")
    problems = chart_problems(page, name, "in print")
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", CHART_PAGES)
def test_a_chart_redrawn_at_a_new_width_is_whole(site, browser, name):
    """A rotated phone: drawn at 1280px, then the window narrows to 375px and the charts redraw."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, visit = open_page(context, site, name)
    page.set_viewport_size({"width": 375, "height": 900})
    problems = visit.problems() + chart_problems(page, name, "narrowed to 375px")
    context.close()
    assert problems == [], "\n".join(problems)


def test_a_tap_shows_the_tooltip_and_offers_the_link(site, browser, tables):
    """On a phone, tapping a bar shows its tooltip and stays on the page; the link to the quote in
    the article appears below the chart, to be followed by a second, deliberate tap."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page, visit = open_page(context, site, "chapters/voices.html")
    before = page.url
    bar = page.locator("#fig-quotes-by-speaker .report-chart__live g.role-mark path").first
    bar.scroll_into_view_if_needed()
    bar.tap(force=True)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    shown = page.inner_text("#vg-tooltip-element")
    link = page.locator("#fig-quotes-by-speaker-follow a")
    text, href = link.inner_text(), link.get_attribute("href")
    after = page.url
    context.close()
    quote = re.search(r"^Quote\t?\n(.+)$", shown, re.M).group(1)
    assert after == before
    assert quote in set(tables.quotes["quote_id"])
    assert text == f"Read {quote} in the annotated article"
    assert href.endswith(f"#{quote}") or quote in href
    assert visit.problems() == []


def test_charts_follow_the_page_into_dark_mode(site, browser):
    """Switching the page to dark redraws each chart with light text on no background; back again."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, _ = open_page(context, site, "chapters/framing.html")
    label = "#fig-sentence-voices .report-chart__live .role-axis-label text"
    colours = [page.locator(label).first.get_attribute("fill")]
    for mode in ("dark", "light"):
        page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
        page.wait_for_timeout(100)
        wait_until(page, SETTLED, timeout=30)
        colours.append(page.locator(label).first.get_attribute("fill"))
    context.close()
    assert colours == [theme.INK, theme.DARK_INK, theme.INK]


# Each text of a static drawing, opened on its own, against the drawing's own width.
STATIC_WHOLE = """() => {
    const svg = document.documentElement;
    const width = svg.width.baseVal.value;
    return Array.from(svg.querySelectorAll('text'))
        .map(t => {
            const b = t.getBBox(), m = t.getCTM();
            return [t.textContent, b.width, m.a * b.x + m.e, m.a * (b.x + b.width) + m.e];
        })
        .filter(([, w, left, right]) => w > 0 && (left < -1 || right > width + 1))
        .map(([text, , left, right]) =>
            `"${text}" spans ${Math.round(left)}-${Math.round(right)}px of a ${width}px drawing`);
}"""


def test_every_static_drawing_keeps_its_text_inside_it(browser, built_html):
    """The SVG a chart falls back to (before Vega draws, without JavaScript, as a download) is laid out
    by vl-convert in the book's sans face and carries it: opened in a browser, it is set in that face,
    and no line runs past its edge. Opened as GitHub Pages serves it, with no header: a Content
    Security Policy sent with the file itself would refuse its own <style> (as an image in the page,
    under the page's policy, it is set in its face all the same: the next test)."""
    drawings = sorted((built_html / "charts").glob("*.svg"))
    assert len(drawings) == sum(len(figures) for figures in CHART_PAGES.values())
    context = browser.new_context()
    page = context.new_page()
    problems = []
    with serve(built_html) as plain:
        for drawing in drawings:
            page.goto(f"{plain}charts/{drawing.name}")
            wait_until(page, "document.fonts.status === 'loaded'")
            faces = page.evaluate("Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)")
            if not faces or set(faces) != {typeface.SANS}:
                problems.append(f"{drawing.name}: set in {faces}, not in the {typeface.SANS} it carries")
            problems += [f"{drawing.name}: {problem}" for problem in page.evaluate(STATIC_WHOLE)]
    context.close()
    assert problems == [], "\n".join(problems)


def test_a_static_drawing_shown_as_an_image_under_the_policy_is_set_in_the_face_it_carries(
    browser, built_html, tmp_path
):
    """The fallback <img> of a chart, in a page under the book's policy sent as a header: drawn exactly as
    without the policy, and not as the same drawing without its faces (so the faces it carries are used)."""
    drawing = (built_html / "charts" / "fig-positions-grid.svg").read_text(encoding="utf-8")
    bare = re.sub(r"<defs><style>@font-face.*?</style></defs>", "", drawing, count=1, flags=re.S)
    assert bare != drawing, "the drawing carries its faces"
    for name, svg in (("carried", drawing), ("bare", bare)):
        (tmp_path / f"{name}.svg").write_text(svg, encoding="utf-8")
        (tmp_path / f"{name}.html").write_text(
            f'<!DOCTYPE html><html lang="en"><head>{csp.META}<title>{name}</title></head>'
            f'<body><img id="drawing" src="{name}.svg" alt="a drawing"></body></html>',
            encoding="utf-8",
        )
    shots = {}
    for headers in ({}, {"Content-Security-Policy": csp.POLICY}):
        with serve(tmp_path, headers=headers) as base:
            context = browser.new_context(viewport={"width": 700, "height": 800})
            page = context.new_page()
            for name in ("carried", "bare"):
                page.goto(f"{base}{name}.html")
                wait_until(page, "document.getElementById('drawing').complete")
                shots[name, bool(headers)] = page.locator("#drawing").screenshot()
            context.close()
    assert shots["carried", True] == shots["carried", False]
    assert shots["carried", True] != shots["bare", True]
