"""The annotated article's lenses (callreport.report.annotate.LENSES), as a reader uses them: each
chosen by touch or by keyboard draws its own marks, one for each row of its table, and hides the
other lenses' tags; its text stays readable (axe's colour contrast) in light and dark mode; and the
row of lenses, held under the header, fits a 320 px screen."""

from __future__ import annotations

import pytest
from browser_checks import DESKTOP, axe_source, open_page

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 720}
# What each lens draws, counted in the page: marks drawn (a visible tag, or a span given a background or
# a rule) — each must equal a table's row count, read from data/ by the `tables` fixture.
DRAWN = """() => {
    const shown = e => e.checkVisibility();
    const marked = e => {
        const s = getComputedStyle(e);
        return s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.boxShadow !== 'none'
            || s.textDecorationLine.includes('underline');
    };
    const count = (selector, test) => Array.from(document.querySelectorAll('.article ' + selector)).filter(test).length;
    return {
        quoteTags: count('.quote__tag--quote', shown), quotes: count('.quote', marked),
        sentences: count('.sentence', marked),
        markerKinds: count('.marker__kind', shown), markers: count('.marker', marked),
        demandTags: count('.quote__tag--demand', shown), evidence: count('.evidence', marked),
        eventTags: count('.quote__tag--event', shown),
        keys: count('.article-lens__key', shown),
    };
}"""


def expected(tables, lens: str) -> dict[str, int]:
    none = dict.fromkeys(
        ["quoteTags", "quotes", "sentences", "markerKinds", "markers", "demandTags", "evidence", "eventTags"], 0
    )
    drawn = {
        "speaks": {"quoteTags": len(tables.quotes), "quotes": len(tables.quotes)},
        "account": {"sentences": len(tables.sentences)},
        "sure": {"markerKinds": len(tables.hedges), "markers": len(tables.hedges)},
        "asked": {"demandTags": len(tables.demands), "evidence": len(tables.demands)},
        "when": {"eventTags": len(tables.events)},
    }[lens]
    return {**none, **drawn, "keys": 1}


LENSES = ["speaks", "account", "sure", "asked", "when"]


@pytest.mark.parametrize("how", ["touch", "keyboard"])
def test_each_lens_draws_one_mark_per_row_and_hides_the_others(browser, site, tables, how):
    touch = how == "touch"
    context = browser.new_context(viewport=NARROW if touch else DESKTOP, has_touch=touch, is_mobile=touch)
    page, _ = open_page(context, site, "chapters/article.html")
    found = {}
    for index, lens in enumerate(LENSES):
        if touch:
            page.locator(".article-lens__choice", has=page.locator(f'input[value="{lens}"]')).tap()
        elif index == 0:
            page.locator(f'input[value="{lens}"]').focus()
        else:
            page.keyboard.press("ArrowRight")  # a radio group moves its choice with the arrow keys
        assert page.evaluate("document.querySelector('input[name=article-lens]:checked').value") == lens
        found[lens] = page.evaluate(DRAWN)
    context.close()
    assert found == {lens: expected(tables, lens) for lens in LENSES}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_lens_keeps_the_text_readable(browser, site, mode):
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}')")
    page, _ = open_page(context, site, "chapters/article.html")
    page.evaluate(axe_source())
    problems = {}
    for lens in LENSES:
        page.locator(f'input[value="{lens}"]').check()
        result = page.evaluate(
            "axe.run({include: [['.article']]}, {runOnly: ['color-contrast', 'link-in-text-block'],"
            " resultTypes: ['violations']})"
        )
        problems[lens] = [(v["id"], len(v["nodes"])) for v in result["violations"]]
    context.close()
    assert problems == {lens: [] for lens in LENSES}


def test_the_lenses_fit_a_narrow_phone_and_stay_under_the_header(browser, site):
    context = browser.new_context(viewport=NARROW, has_touch=True, is_mobile=True)
    page, _ = open_page(context, site, "chapters/article.html")
    page.evaluate("document.getElementById('p-12').scrollIntoView()")
    page.wait_for_timeout(200)
    found = page.evaluate(
        """() => {
            const lens = document.querySelector('.article-lens').getBoundingClientRect();
            // The row of controls over the article: what stays on screen on a phone.
            const header = document.querySelector('.bd-header-article').getBoundingClientRect();
            const choices = Array.from(document.querySelectorAll('.article-lens__choice'))
                .map(c => c.getBoundingClientRect());
            return {
                page: document.documentElement.scrollWidth, top: lens.top, headerBottom: header.bottom,
                height: lens.height, outside: choices.filter(c => c.left < 0 || c.right > innerWidth).length,
                small: choices.filter(c => c.height < 24 || c.width < 24).length,
            };
        }"""
    )
    context.close()
    assert found["page"] <= NARROW["width"] and found["outside"] == 0 and found["small"] == 0, found
    assert abs(found["top"] - found["headerBottom"]) <= 2, f"the lenses scrolled away or under the header: {found}"
    assert found["height"] <= 0.25 * NARROW["height"], f"the lenses take more than a quarter of the screen: {found}"
