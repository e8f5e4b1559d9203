"""What a reader meets on a phone and a laptop, in a real browser: tables that hide nothing, pages
free of machinery, the article and the tables linked both ways, and a front page that leads.
Screenshots land in _build/screenshots/.
"""

from __future__ import annotations

import pytest
from browser_checks import DESKTOP, FONT_SETTINGS, HIDDEN_COLUMNS, PHONE, axe_source, open_page, wait_until

from callreport.book.metadata import chapters
from callreport.dataset import paths

pytestmark = pytest.mark.browser
SCREENSHOTS = paths.BUILD / "screenshots"
PAGES = [f"{docname}.html" for docname in chapters()]
READER_PAGES = [p for p in PAGES if p != "chapters/rerun.html"]
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module", params=list(WIDTHS))
def device(request, browser):
    options = {"is_mobile": True, "has_touch": True} if request.param == "phone" else {}
    context = browser.new_context(viewport=WIDTHS[request.param], **options)
    yield context
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_table_hides_a_column(site, device, name):
    page, _ = open_page(device, site, name)
    problems = page.evaluate(HIDDEN_COLUMNS)
    page.close()
    assert problems == []


@pytest.mark.parametrize("fonts", FONT_SETTINGS)
@pytest.mark.parametrize("name", ["chapters/demands.html", "chapters/timeline.html", "chapters/methodology.html"])
def test_the_widest_tables_hide_nothing_at_any_width(site, browser, name, fonts):
    """Between the phone and the laptop too: the widths where the sidebars come and go; in the book's
    type, and in others (fonts refused, or a wider face)."""
    problems = []
    for width in (320, 480, 768, 960, 1024, 1200, 1366, 1600):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page, _ = open_page(context, site, name, fonts)
        problems += [f"{width}px: {p}" for p in page.evaluate(HIDDEN_COLUMNS)]
        context.close()
    assert problems == []


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_the_narrowest_phone(site, browser, name):
    """At 320 px nothing in a page's article (a long file name in code, a link, a table) is wider than the
    screen; the closed contents sidebar, off screen by design, is left out, and a code block may scroll
    inside its own box."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page, _ = open_page(context, site, name)
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('.bd-article *'))
            .filter(e => !e.closest('pre') || e.matches('pre'))  // a code block scrolls in its own box
            .filter(e => e.checkVisibility())
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => `${e.tagName}.${e.className}: ${(e.innerText || '').slice(0, 40)}`)"""
    )
    context.close()
    assert wide == []


def test_tables_become_cards_on_a_phone_that_still_sort_and_filter(site, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page, _ = open_page(context, site, "chapters/demands.html")
    table = page.locator("#demands-table-table")
    table.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    table.screenshot(path=SCREENSHOTS / "demands-table-phone.png")
    first = table.locator("tbody tr").first
    label = page.evaluate(
        "getComputedStyle(document.querySelector('#demands-table-table tbody td'), '::before').content"
    )
    assert first.evaluate("r => getComputedStyle(r).display") == "block", "rows are not cards on a phone"
    assert label == '"Demand: "'
    ids = "Array.from(document.querySelectorAll('#demands-table-table tbody tr')).map(r => r.id)"
    before = page.evaluate(ids)
    page.locator("#demands-table-table th").first.locator("button").tap()
    page.locator("#demands-table-table th").first.locator("button").tap()
    assert page.evaluate(ids) == sorted(before, reverse=True)
    page.locator("#demands-table input[type=search]").fill(before[0])
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('#demands-table-table tbody tr')).filter(r => !r.hidden).map(r => r.id)"
    )
    context.close()
    assert shown == [before[0]]


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_pages_show_no_code_nor_code_toggles(site, device, name):
    page, _ = open_page(device, site, name)
    found = page.evaluate(
        """() => ({
            toggles: document.querySelectorAll('.bd-article .toggle-details, .bd-article details.hide, .cell_input')
                .length,
            text: document.body.innerText.includes('Show code cell'),
            searchBoxes: Array.from(document.querySelectorAll('.search-button, .search-button-field'))
                .filter(e => e.checkVisibility()).length,
        })"""
    )
    page.close()
    assert found["toggles"] == 0 and not found["text"]
    assert found["searchBoxes"] == 1, f"{found['searchBoxes']} search boxes are visible"


@pytest.mark.parametrize("name", [p for p in PAGES if p != "chapters/index.html"])
def test_the_chapter_footer_is_one_collapsed_about_box_whose_bibtex_wraps(site, device, name):
    page, _ = open_page(device, site, name)
    about = page.locator("details.about-chapter")
    closed = about.evaluate("d => !d.open")
    page.locator("details.about-chapter > summary").click()
    bibtex = page.locator("details.about-chapter .cite-box pre")
    fits = bibtex.evaluate("pre => pre.scrollWidth <= pre.clientWidth")
    outside = page.evaluate(
        "Array.from(document.querySelectorAll('.cite-box, .data-used'))"
        ".filter(e => !e.closest('details.about-chapter')).length"
    )
    count = about.count()
    page.close()
    assert count == 1 and closed, "no single collapsed 'About this chapter' footer"
    assert fits, "the BibTeX runs past its box"
    assert outside == 0, "a cite box or data list outside the footer"


# What stays on screen over the text as it scrolls: the theme's top bar (on a phone), the article's
# row of controls (from 960 px, where the top bar is hidden) and the annotated article's lenses; the
# lowest edge of those drawn.
STICKY_BOTTOM = """Math.max(0, ...Array.from(document.querySelectorAll('.bd-header, .bd-header-article, .article-lens'))
    .filter(e => e.checkVisibility() && ['sticky', 'fixed'].includes(getComputedStyle(e).position))
    .map(e => e.getBoundingClientRect().bottom))"""


def header_bottom(page) -> float:
    return page.evaluate(STICKY_BOTTOM)


def arrive(page, selector: str) -> dict:
    """Where the target of the current address sits, against the sticky header, and the back link."""
    page.wait_for_timeout(300)
    return page.evaluate(
        """(selector) => {
            const STICKY = """
        + STICKY_BOTTOM
        + """;
            const target = document.querySelector(selector);
            const back = document.querySelector('a.report-backlink');
            return {
                top: target.getBoundingClientRect().top,
                header: STICKY,
                back: back && !back.hidden && back.checkVisibility() ? back.getAttribute('href') : null,
            };
        }""",
        selector,
    )


def test_a_reader_walks_quote_to_row_to_quote_without_the_back_button(site, device):
    page, _ = open_page(device, site, "chapters/article.html")
    tag = page.locator('a.quote__tag[href="voices.html#q-05"]')
    tag.scroll_into_view_if_needed()
    assert tag.inner_text().startswith("q-05 · ")  # its ID and kind, in the text, not a hover
    tag.click()
    page.wait_for_url("**/voices.html#q-05")
    row = arrive(page, "tr#q-05")
    assert row["top"] >= row["header"] - 1, "the row lands under the sticky header"
    assert row["back"] is not None and row["back"].endswith("article.html#tag-q-05")
    page.locator("tr#q-05 a").first.click()
    page.wait_for_url("**/article.html#q-05")
    quote = arrive(page, "mark#q-05")
    assert quote["top"] >= quote["header"] - 1, "the quote lands under the sticky header"
    assert quote["back"] is not None and quote["back"].endswith("voices.html#q-05")
    page.locator("a.report-backlink").click()
    page.wait_for_url("**/voices.html#q-05")
    page.close()


@pytest.mark.parametrize(
    ("lens", "href", "row"),
    [("What is asked", "demands.html#d-01", "tr#d-01"), ("When", "timeline.html#e-01", "tr#e-01")],
    ids=["demand", "event"],
)
def test_demand_and_event_highlights_link_to_their_rows_and_back(site, device, lens, href, row):
    """A reader picks the lens that shows demands (or events), then follows a tag to its row."""
    page, _ = open_page(device, site, "chapters/article.html")
    page.locator(".article-lens__choice", has_text=lens).click()
    page.locator(f'a.quote__tag[href="{href}"]').click()
    page.wait_for_url(f"**/{href}")
    arrived = arrive(page, row)
    back_href = page.locator(f"{row} a").first.get_attribute("href")
    page.close()
    assert arrived["top"] >= arrived["header"] - 1 and arrived["back"] is not None
    assert back_href.startswith("article.html#")


@pytest.mark.parametrize("fonts", FONT_SETTINGS)
def test_the_news_and_its_date_are_on_the_first_screen(site, browser, fonts):
    """At 1280x800 and 375x812 the first screen holds the headline, the dek with the call's date and
    the lead list's title with its first point; the byline, with the article's probable date, follows
    the list, and the key findings follow within two screens on a laptop and three on a phone."""
    for viewport, screens in (({"width": 1280, "height": 800}, 2), ({"width": 375, "height": 812}, 3)):
        context = browser.new_context(viewport=viewport)
        page, _ = open_page(context, site, "chapters/index.html", fonts)
        wait_until(page, "document.readyState === 'complete' && document.fonts.status === 'loaded'")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"front-{viewport['width']}x{viewport['height']}-{fonts}.png")
        found = page.evaluate(
            """() => {
                const bottom = e => e.getBoundingClientRect().bottom;
                const dek = document.querySelector('main h1 + p');
                return {
                    dek: dek.innerText, dekBottom: bottom(dek),
                    byline: document.querySelector('.front-header__article').innerText,
                    bylineBottom: bottom(document.querySelector('.front-header__article')),
                    title: bottom(document.getElementById('record-list-title')),
                    first: bottom(document.querySelector('#record-list a.record-list__point')),
                    findings: document.getElementById('key-findings').getBoundingClientRect().top,
                };
            }"""
        )
        context.close()
        height, where = viewport["height"], f"at {viewport['width']}px: {found}"
        assert "18 March 2025" in found["dek"] and "probably published Wednesday 19 March 2025" in found["byline"]
        assert max(found["dekBottom"], found["title"], found["first"]) <= height, where
        assert found["bylineBottom"] < found["findings"] < screens * height, where


def test_print_shows_tables_as_tables_and_leaves_out_screen_furniture(site, browser):
    """In print a table is a table, its header row repeated on each page, at any page width (the
    printed column, about 673 px, is narrower than the card layout's breakpoint)."""
    for width in (673, DESKTOP["width"]):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page, _ = open_page(context, site, "chapters/voices.html")
        page.emulate_media(media="print")
        shown = page.evaluate(
            """() => ({
                furniture: Array.from(document.querySelectorAll(
                    '.report-table__filter, .report-chart__data, .report-backlink, .bd-header'
                )).filter(e => e.checkVisibility()).map(e => e.className || e.tagName),
                head: getComputedStyle(document.querySelector('#all-quotes-table thead')).display,
                heading: document.querySelector('#all-quotes-table thead th').innerText.trim(),
                rows: getComputedStyle(document.querySelector('#all-quotes-table tbody tr')).display,
                label: getComputedStyle(document.querySelector('#all-quotes-table tbody td'), '::before').content,
            })"""
        )
        context.close()
        assert shown["furniture"] == [], width
        assert (shown["head"], shown["heading"]) == ("table-header-group", "Quote"), width
        assert shown["rows"] == "table-row" and shown["label"] in ("none", "normal"), width


def test_references_keep_their_titles_capitalisation(site, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site + "chapters/references.html")
    text = page.locator(".bd-article").inner_text()
    context.close()
    for title in ("Rosenberg: Trump-Putin call seen as victory in Russia", "Interview with Fox News"):
        assert title in text


# The front page's lead graphic: the statements' points, each a link to its row (frontpage.record_list).
RECORD_POINTS = "#record-list a.record-list__point"


def test_the_lead_list_links_each_point_to_its_row_in_the_timeline(site, browser, tables):
    context = browser.new_context(viewport=DESKTOP)
    page, visit = open_page(context, site, "chapters/index.html")
    hrefs = page.eval_on_selector_all(RECORD_POINTS, "links => links.map(a => a.getAttribute('href'))")
    timeline, _ = open_page(context, site, "chapters/timeline.html")
    rows = {h: timeline.evaluate("id => document.getElementById(id)?.tagName", h.split("#")[1]) for h in hrefs}
    context.close()
    assert sorted(hrefs) == sorted(f"timeline.html#{r}" for r in tables.readouts["readout_id"])
    assert set(rows.values()) == {"TR"}, rows
    assert visit.problems() == []


def test_the_lead_list_is_reached_by_keyboard_with_a_visible_focus(site, browser):
    context = browser.new_context(viewport=DESKTOP)
    page, _ = open_page(context, site, "chapters/index.html")
    for _ in range(80):  # Tab through the header and the byline's links until the list's first point
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.record-list__point')"):
            break
    focus = page.evaluate(
        """() => {
            const a = document.activeElement, style = getComputedStyle(a);
            return {href: a.getAttribute('href'), outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                    visible: a.matches(':focus-visible')};
        }"""
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/timeline.html#r-01")
    arrived = arrive(page, "#r-01")
    context.close()
    assert focus["href"] == "timeline.html#r-01", "Tab never reached the list"
    assert focus["visible"] and focus["outline"] != "none" and focus["width"] >= 2
    assert arrived["top"] >= arrived["header"] - 1


@pytest.mark.parametrize("width", [320, 375, 768, 1280, 1920])
def test_the_lead_list_fits_the_column_with_tap_sized_points(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page, _ = open_page(context, site, "chapters/index.html")
    found = page.evaluate(
        """() => {
            const list = document.getElementById('record-list');
            const column = list.parentElement.getBoundingClientRect();
            const points = Array.from(list.querySelectorAll('a.record-list__point'))
                .map(a => a.getBoundingClientRect());
            return {
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                list: list.getBoundingClientRect().right - column.right,
                outside: points.filter(r => r.right > column.right + 1 || r.left < column.left - 1).length,
                small: points.filter(r => r.height < 24).length,
                hidden: points.filter(r => r.width === 0).length,
            };
        }"""
    )
    context.close()
    assert found["page"] <= 0 and found["list"] <= 1 and found["outside"] == 0, found
    assert found["small"] == 0 and found["hidden"] == 0, found


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_lead_list_reads_in_light_and_dark_mode_and_prints(site, browser, mode):
    """axe-core (every impact, not only serious) on the list, the header and the dek in both modes;
    printed, every point is still shown."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}')")
    page, _ = open_page(context, site, "chapters/index.html")
    theme = page.evaluate("document.documentElement.dataset.theme")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#record-list").screenshot(path=SCREENSHOTS / f"front-list-{mode}.png")
    page.evaluate(axe_source())
    results = page.evaluate(
        "axe.run({include: [['#record-list'], ['.front-header'], ['main h1 + p']]}, {resultTypes: ['violations']})"
    )
    page.emulate_media(media="print")
    printed = page.evaluate(
        "() => Array.from(document.querySelectorAll('#record-list a.record-list__point')).map(e => e.checkVisibility())"
    )
    context.close()
    assert theme == mode
    assert [(v["id"], v["impact"]) for v in results["violations"]] == []
    assert printed and all(printed)
