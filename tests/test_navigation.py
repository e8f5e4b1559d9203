"""The chapter menu a reader sees opens on a phone (by touch) and collapses the sidebar on a desktop."""

from __future__ import annotations

import pytest
from browser_checks import DESKTOP, PHONE, wait_until

pytestmark = pytest.mark.browser
VISIBLE_TOGGLE = ".header-article-item .primary-toggle"
SIDEBAR_SHOWN = "document.getElementById('pst-primary-sidebar').checkVisibility({visibilityProperty: true})"


def test_tapping_the_menu_on_a_phone_lists_the_chapters(browser, site):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site + "chapters/voices.html")
    dialog = page.locator("#pst-primary-sidebar-modal")
    assert not dialog.is_visible()
    page.locator(VISIBLE_TOGGLE).tap()
    dialog.wait_for(state="visible", timeout=3000)
    link = dialog.locator("nav a.reference.internal", has_text="The order of events")
    assert link.first.is_visible(), "the opened menu shows no link to the timeline chapter"
    link.first.tap()
    page.wait_for_url("**/chapters/timeline.html")
    context.close()


def test_clicking_the_menu_on_a_desktop_hides_and_shows_the_sidebar(browser, site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site + "chapters/voices.html")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    page.locator(VISIBLE_TOGGLE).click()
    wait_until(page, f"!{SIDEBAR_SHOWN}", 3)
    assert not page.locator("#pst-primary-sidebar-modal").is_visible(), "a desktop click opened the phone dialog"
    page.locator(VISIBLE_TOGGLE).click()
    wait_until(page, SIDEBAR_SHOWN, 3)
    context.close()
