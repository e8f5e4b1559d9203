"""Every chart mark that stands for a passage of the article is reachable by keyboard and announced.

Tab from a chart reaches its first mark (one stop a chart); the arrow keys, Home and End move between
its marks. Each focused mark is a link with the label a screen reader announces, shows its tooltip and
offers its link below the chart; Enter follows that link to the passage in the annotated article.
"""

from __future__ import annotations

import pytest
from browser_checks import open_page, wait_until
from test_browser import CHART_PAGES

from callreport.dataset.codebook import NOT_STATED

pytestmark = pytest.mark.browser

FOCUSED = """(id) => {
    const el = document.activeElement;
    const inside = !!el && !!el.closest(`#${id} .report-chart__live svg`);
    return {inside, role: el && el.getAttribute('role'), label: el && el.getAttribute('aria-label')};
}"""


def linked_marks(tables) -> dict[str, int]:
    """How many marks of each chart link to a passage: one per row that has one (the bars, one per quoted
    span with a stated speaker: "not stated" is a note, not a bar)."""
    stated = int((tables.positions["stance"].astype(str) != NOT_STATED).sum())
    spoken = int((tables.quotes["speaker"].astype(str) != NOT_STATED).sum())
    return {
        "fig-quotes-by-speaker": spoken,
        "fig-quotes-through-article": len(tables.quotes),
        "fig-positions-grid": stated,
        "fig-timeline": len(tables.events),
        "fig-sentence-voices": len(tables.sentences),
        "fig-certainty-markers": len(tables.hedges),
    }


def walk(page, fig_id: str) -> list[dict]:
    """Tab into the chart, then ArrowDown until focus stops moving: what was focused, in order."""
    page.focus(f"#{fig_id} .report-chart__view")
    page.keyboard.press("Tab")
    seen = [page.evaluate(FOCUSED, fig_id)]
    while True:
        page.keyboard.press("ArrowDown")
        now = page.evaluate(FOCUSED, fig_id)
        if now == seen[-1]:
            return seen
        seen.append(now)


@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_linked_mark_is_reached_by_keyboard_and_named(site, browser, tables, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, visit = open_page(context, site, name)
    found = {}
    for fig_id in CHART_PAGES[name]:
        seen = walk(page, fig_id)
        assert all(s["inside"] and s["role"] == "link" and s["label"] for s in seen), (fig_id, seen)
        # The focused mark shows its tooltip and offers its link, as a tap does.
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
        follow = page.locator(f"#{fig_id}-follow a").inner_text()
        page.keyboard.press("Home")
        first = page.evaluate(FOCUSED, fig_id)
        found[fig_id] = (len({s["label"] for s in seen}), follow.startswith("Read "), first == seen[0])
    context.close()
    assert found == {fig: (linked_marks(tables)[fig], True, True) for fig in CHART_PAGES[name]}
    assert visit.problems() == []


def test_enter_on_a_mark_reaches_its_highlight_in_the_article(site, browser, tables):
    """The timeline's first event, by keyboard: Enter opens the annotated article at its sentence."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, _ = open_page(context, site, "chapters/timeline.html")
    page.focus("#fig-timeline .report-chart__view")
    page.keyboard.press("Tab")
    label = page.evaluate(FOCUSED, "fig-timeline")["label"]
    href = page.locator("#fig-timeline-follow a").get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url("**/article.html#*", timeout=10000)
    wait_until(page, "document.readyState === 'complete'")
    anchor = page.url.split("#", 1)[1]
    target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
    context.close()
    first = tables.events.sort_values(["order", "event_id"]).iloc[0]
    assert label.startswith(f"{first.event_id}, step ")
    assert href.endswith(f"#{anchor}")
    assert target == anchor
