"""Every control a reader sees in the header and the sidebars does something, by touch and by keyboard,
at a phone's width and a laptop's: each visible button is tapped (or focused and given Enter) on a
fresh page, and what it should open, toggle or change is then looked for. A visible button this file
does not know fails the test: a new control comes with its check. (Every link of every page is
followed by tests/test_browser.py's link check.)"""

from __future__ import annotations

import pytest
from browser_checks import DESKTOP, PHONE, open_page, wait_until

pytestmark = pytest.mark.browser

PAGES = ["chapters/index.html", "chapters/voices.html"]
CHROME = ".bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary"
# The visible buttons of the page's chrome, each named by the one class that says what it is.
KINDS = ("primary-toggle", "secondary-toggle", "dropdown-toggle", "theme-switch-button", "search-button")
VISIBLE_BUTTONS = f"""() => Array.from(document.querySelectorAll(
        {CHROME!r}.split(', ').map(s => s + ' button, ' + s + ' [role=button]').join(', ')))
    .filter(e => e.checkVisibility({{visibilityProperty: true}}) && e.getBoundingClientRect().width > 0)
    .map(e => ({{kinds: {list(KINDS)!r}.filter(k => e.classList.contains(k)), html: e.outerHTML.slice(0, 160)}}))"""
SIDEBAR_SHOWN = "document.getElementById('pst-primary-sidebar').checkVisibility({visibilityProperty: true})"


def visible_buttons(page) -> list[dict]:
    return page.evaluate(VISIBLE_BUTTONS)


def press(page, selector: str, how: str) -> None:
    button = page.locator(selector).locator("visible=true").first
    if how == "touch":
        button.tap()
    else:
        button.focus()
        page.keyboard.press("Enter")


def effect(page, kind: str, selector: str, how: str, width: int) -> str | None:
    """Press the button; None if it did what a reader expects of its kind, else what went wrong."""
    if kind == "primary-toggle":
        if width < 960:
            press(page, selector, how)
            dialog = page.locator("#pst-primary-sidebar-modal")
            dialog.wait_for(state="visible", timeout=3000)
            return None if dialog.locator("nav a.reference.internal").count() > 5 else "the menu lists no chapters"
        press(page, selector, how)
        wait_until(page, f"!{SIDEBAR_SHOWN}", 3)
        return None
    if kind == "secondary-toggle":
        press(page, selector, how)
        dialog = page.locator("#pst-secondary-sidebar-modal")
        dialog.wait_for(state="visible", timeout=3000)
        links = dialog.locator("nav a.nav-link").count()
        return None if links >= 2 else f"the contents dialog shows {links} links"
    if kind == "dropdown-toggle":
        press(page, selector, how)
        menu = page.locator(selector).locator("visible=true").first.locator("xpath=following-sibling::ul")
        menu.wait_for(state="visible", timeout=3000)
        return None if menu.locator("a[href]").count() >= 1 else "the menu opened empty"
    if kind == "theme-switch-button":
        before = page.evaluate("document.documentElement.dataset.mode")
        press(page, selector, how)
        after = page.evaluate("document.documentElement.dataset.mode")
        stored = page.evaluate("localStorage.getItem('mode')")
        if after == before or stored != after:
            return f"the mode went from {before} to {after}, {stored} stored"
        page.reload()
        remembered = page.evaluate("document.documentElement.dataset.mode")
        return None if remembered == after else f"after a reload the mode is {remembered}, not {after}"
    if kind == "search-button":
        press(page, selector, how)
        dialog = page.locator("#pst-search-dialog")
        dialog.wait_for(state="visible", timeout=3000)
        focused = page.evaluate("document.activeElement && document.activeElement.type === 'search'")
        return None if focused else "the search dialog opened without its field focused"
    raise AssertionError(f"no check for a {kind}")


@pytest.mark.parametrize("how", ["touch", "keyboard"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_every_visible_control_does_something(browser, site, name, viewport, how):
    touch = how == "touch"
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch and viewport is PHONE)
    page, _ = open_page(context, site, name)
    found = visible_buttons(page)
    unknown = [b["html"] for b in found if len(b["kinds"]) != 1]
    kinds = [b["kinds"][0] for b in found if len(b["kinds"]) == 1]
    page.close()
    assert not unknown, f"{name} at {viewport['width']} px shows buttons this test cannot check: {unknown}"
    assert "search-button" in kinds and "theme-switch-button" in kinds and "primary-toggle" in kinds, kinds
    problems = []
    for kind in kinds:
        page, _ = open_page(context, site, name)
        problem = effect(page, kind, f".{kind}", how, viewport["width"])
        if problem:
            problems.append(f"{kind}: {problem}")
        page.close()
    context.close()
    assert problems == [], f"{name} at {viewport['width']} px by {how}: {problems}"


def test_the_header_is_one_quiet_row_without_full_screen_or_repository_buttons(browser, site):
    """The controls a reader uses, and no others: no full-screen button, no repository menu (the
    footer links the source); at 1280 px the theme's top bar, which held only a second search, is gone."""
    context = browser.new_context(viewport=DESKTOP)
    page, _ = open_page(context, site, "chapters/voices.html")
    found = page.evaluate(
        """() => ({
            gone: document.querySelectorAll('.btn-fullscreen-button, .dropdown-source-buttons').length,
            topBar: document.querySelector('.bd-header').checkVisibility(),
            source: Array.from(document.querySelectorAll('footer a')).some(a => a.textContent.trim() === 'Source'),
        })"""
    )
    context.close()
    assert found == {"gone": 0, "topBar": False, "source": True}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_follows_the_systems_colour_scheme_until_the_reader_chooses(browser, site, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page, _ = open_page(context, site, "chapters/voices.html")
    first = page.evaluate("[document.documentElement.dataset.mode, document.documentElement.dataset.theme]")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert first == ["auto", scheme]
    dark = background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert dark == (scheme == "dark"), f"the {scheme} system setting drew a {background} page"
