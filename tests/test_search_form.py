"""The search forms' submit button (templates/search-field.html), in a real browser at a phone's width
and a desktop's: out of sight until the keyboard reaches it, then shown, and it sends the search.
"""

from __future__ import annotations

import urllib.parse

import pytest
from browser_checks import DESKTOP, PHONE, open_page, wait_until

pytestmark = pytest.mark.browser
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
# The focused element's tag, type, text, drawn size, and whose form it sends: the dialog's or the page's.
FOCUSED = """() => {
    const e = document.activeElement;
    const box = e.getBoundingClientRect();
    return {tag: e.tagName, type: e.type, text: e.textContent.trim(), width: box.width, height: box.height,
            visible: e.checkVisibility(), form: !e.form ? null : e.form.closest('dialog') ? 'dialog' : 'page'};
}"""


@pytest.fixture(scope="module", params=list(WIDTHS))
def device(request, browser):
    options = {"is_mobile": True, "has_touch": True} if request.param == "phone" else {}
    context = browser.new_context(viewport=WIDTHS[request.param], **options)
    yield context
    context.close()


def submit_with_the_button(page, where: str, words: str) -> dict[str, dict]:
    """Type words in the search field, Tab to the next control and press Enter on it; what was
    focused before and after the Tab."""
    field = page.locator(f"{where} form.bd-search input[type=search]")
    field.fill(words)
    field.focus()
    before = page.evaluate(FOCUSED)
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    page.keyboard.press("Enter")
    return {"field": before, "button": after}


def assert_searched(page, words: str) -> None:
    def asked(url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        return parts.path.endswith("/search.html") and urllib.parse.parse_qs(parts.query).get("q") == [words]

    page.wait_for_url(asked)
    wait_until(page, "document.querySelectorAll('#search-results ul.search li').length > 0")


def test_the_search_dialogs_button_shows_when_reached_and_sends_the_search(site, device):
    page, visit = open_page(device, site, "chapters/voices.html")
    page.locator(".search-button-field, .search-button").filter(visible=True).first.click()
    wait_until(page, "document.getElementById('pst-search-dialog').open")
    # Hidden, the button is a 1 px box: it does not change the dialog's look.
    hidden = page.evaluate(
        "(() => { const b = document.querySelector('#pst-search-dialog button[type=submit]').getBoundingClientRect();"
        " return [b.width, b.height]; })()"
    )
    focus = submit_with_the_button(page, "#pst-search-dialog", "Witkoff")
    assert hidden == [1, 1]
    assert focus["field"]["tag"] == "INPUT"
    button = focus["button"]
    assert (button["tag"], button["type"], button["text"], button["form"]) == ("BUTTON", "submit", "Search", "dialog")
    assert button["visible"] and button["width"] > 20 and button["height"] > 10, button
    assert_searched(page, "Witkoff")
    page.close()
    assert visit.problems() == []


def test_the_search_pages_button_sends_a_new_search(site, device):
    page, visit = open_page(device, site, "search.html?q=Witkoff")
    wait_until(page, "document.querySelectorAll('#search-results ul.search li').length > 0")
    focus = submit_with_the_button(page, ".bd-search-container", "Rubio")
    button = focus["button"]
    assert (button["tag"], button["type"], button["text"], button["form"]) == ("BUTTON", "submit", "Search", "page")
    assert button["visible"] and button["width"] > 20 and button["height"] > 10, button
    assert_searched(page, "Rubio")
    page.close()
    assert visit.problems() == []
