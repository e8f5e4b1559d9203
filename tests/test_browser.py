"""The built book in a real browser (Debian's Chromium through Playwright), page by page.

Every request to a host other than 127.0.0.1 is recorded and refused, so each page is
also proved to work without them. The book is served with its Content Security Policy as an
HTTP header too (as a host that sends one would), and any violation of it fails the page.
Screenshots land in _build/screenshots/.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import chart_layers
import nbformat
import pytest
from browser_checks import (
    DESKTOP,
    LOCAL,
    PHONE,
    axe_problems,
    links_and_anchors,
    mark_counts,
    open_page,
    overflow_problems,
    serve,
    wait_until,
)

from callreport.book import csp, downloads
from callreport.book.metadata import chapters
from callreport.book.sphinx_ext import INTERPRETER, VEGA_BUNDLE
from callreport.dataset import codebook, paths
from callreport.report import charts, theme

pytestmark = pytest.mark.browser
SCREENSHOTS = paths.BUILD / "screenshots"
TOC_PAGES = [f"{docname}.html" for docname in chapters()]
PAGES = [*TOC_PAGES, "search.html", "genindex.html"]
FIXTURES = paths.ROOT / "tests" / "fixtures" / "broken"
POLICY_HEADER = {"Content-Security-Policy": csp.POLICY}


@pytest.fixture(scope="session")
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture(scope="session")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context
    context.close()


def shot(page, name: str, device: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name.replace('/', '-').removesuffix('.html')}-{device}.png", full_page=True)


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_with_other_hosts_cut_off(site, desktop, name):
    page, visit = open_page(desktop, site, name)
    shot(page, name, "desktop")
    page.close()
    assert visit.problems() == []


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_problem(site, request, device, name):
    """axe-core 4.14 (pinned, from npm) at 1280 and 375 px: no serious or critical violation."""
    page, _ = open_page(request.getfixturevalue(device), site, name)
    problems = axe_problems(page, name)
    page.close()
    assert problems == []


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone(site, phone, name):
    page, visit = open_page(phone, site, name)
    shot(page, name, "phone")
    problems = visit.problems() + overflow_problems(page, name)
    page.close()
    assert problems == []


def test_root_leads_to_the_landing_page(site, desktop):
    page = desktop.new_page()
    page.goto(site, wait_until="load")
    page.wait_for_url("**/chapters/index.html")
    assert "Reading the call" in page.title()
    page.close()


def test_every_internal_link_and_anchor_resolves(site):
    assert links_and_anchors(site, PAGES) == []


def expected_marks(tables) -> dict[str, dict[str, int]]:
    """Items per Vega mark type in each figure: its chart's LAYERS, each layer counted in the tables."""
    counts = chart_layers.counted(tables)
    return {
        f"fig-{name.replace('_', '-')}": chart_layers.by_type(chart_layers.expected(name, counts))
        for name in charts.LAYERS
    }


CHART_PAGES = {
    "chapters/voices.html": ["fig-quotes-by-speaker", "fig-quotes-through-article"],
    "chapters/demands.html": ["fig-positions-grid"],
    "chapters/framing.html": ["fig-certainty-markers", "fig-sentence-voices"],
    "chapters/timeline.html": ["fig-timeline"],
}


@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_draws_one_mark_per_row(site, desktop, tables, name):
    page, visit = open_page(desktop, site, name)
    counts = {fig: mark_counts(page, fig) for fig in CHART_PAGES[name]}
    page.close()
    assert sorted(visit.charts) == sorted(CHART_PAGES[name])
    assert counts == {fig: expected_marks(tables)[fig] for fig in CHART_PAGES[name]}


@pytest.mark.parametrize("name", CHART_PAGES)
def test_charts_survive_a_change_of_window_size(site, browser, name):
    """Rotating a phone or resizing a window redraws responsive charts; nothing may break."""
    context = browser.new_context(viewport=DESKTOP)
    page, visit = open_page(context, site, name)
    for width in (900, 375, 1280, 700):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(250)
    context.close()
    assert visit.problems() == []


def test_a_phone_fetches_vega_only_when_a_chart_comes_near(site, phone):
    """The 0.9 MB Vega bundle and its interpreter are not fetched for a reader who has not reached a chart."""
    page = phone.new_page()
    bundles = []
    page.on("request", lambda request: bundles.append(request.url) if "/vendor/vega-" in request.url else None)
    page.goto(site + "chapters/voices.html", wait_until="networkidle")
    before = list(bundles)
    drawn_before = page.evaluate("document.querySelectorAll('.report-chart__view[data-drawn]').length")
    page.locator("#fig-quotes-by-speaker").scroll_into_view_if_needed()
    wait_until(page, "document.querySelector('#fig-quotes-by-speaker .report-chart__view').dataset.drawn")
    drawn = page.evaluate("document.querySelector('#fig-quotes-by-speaker .report-chart__view').dataset.drawn")
    page.close()
    assert (before, drawn_before) == ([], 0)
    assert sorted(url.split("/_static/")[1] for url in bundles) == sorted([INTERPRETER, VEGA_BUNDLE])
    assert drawn == "true"


def stated(tables):
    """The quoted spans with a stated speaker: those the voices bar chart draws (a "not stated" is a note)."""
    return tables.quotes[tables.quotes["speaker"].astype(str) != codebook.NOT_STATED]


def tooltip_after_hover(page, element) -> str:
    page.mouse.move(0, 0)
    page.wait_for_selector("#vg-tooltip-element.visible", state="hidden", timeout=5000)
    element.scroll_into_view_if_needed()
    element.hover(force=True)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    return page.inner_text("#vg-tooltip-element")


def test_hovering_a_mark_shows_its_verbatim_quote(site, desktop, tables):
    page, _ = open_page(desktop, site, "chapters/voices.html")
    bars = page.locator("#fig-quotes-by-speaker .report-chart__live g.role-mark path")
    shown = [tooltip_after_hover(page, bars.nth(i)) for i in range(bars.count())]
    page.close()
    fields = [dict(re.findall(r"^(Quote|Text|Paragraph)\t?\n(.+)$", text, re.M)) for text in shown]
    result = sorted((f["Quote"], f["Text"], f["Paragraph"]) for f in fields)
    expected = sorted((q.quote_id, q.text, str(q.paragraph)) for q in stated(tables).itertuples())
    assert result == expected


def opaque(page, selector: str) -> int:
    return page.evaluate(
        f"Array.from(document.querySelectorAll('{selector}'))"
        ".filter(p => (p.getAttribute('fill-opacity') || p.getAttribute('opacity') || '1') === '1').length"
    )


def test_clicking_a_legend_entry_filters_the_bars(site, desktop, tables):
    page, _ = open_page(desktop, site, "chapters/voices.html")
    bars = "#fig-quotes-by-speaker .report-chart__live g.role-mark path"
    before = opaque(page, bars)
    page.locator("#fig-quotes-by-speaker .report-chart__live g.role-legend-symbol path").nth(2).click(force=True)
    page.wait_for_timeout(300)
    after = opaque(page, bars)
    page.close()
    kinds = sorted(stated(tables)["kind"].astype(str).unique())
    assert before == len(stated(tables))
    assert after == int((stated(tables)["kind"] == kinds[2]).sum())


def test_brushing_the_sentence_strip_filters_the_quotes(site, desktop, tables):
    page, _ = open_page(desktop, site, "chapters/voices.html")
    dots = "#fig-quotes-through-article .report-chart__live g.role-mark.concat_1_marks path"
    unselected = f"p => p.getAttribute('fill') === '{theme.MID_GREY}'"
    grey = f"Array.from(document.querySelectorAll('{dots}')).filter({unselected}).length"
    assert page.evaluate(grey) == 0
    strip_marks = page.locator("#fig-quotes-through-article .report-chart__live g.role-mark:not([class*='brush'])")
    strip_marks.first.scroll_into_view_if_needed()
    strip = strip_marks.first.bounding_box()
    y = strip["y"] + strip["height"] / 2
    page.mouse.move(strip["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.3, y, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    greyed = page.evaluate(grey)
    page.close()
    assert 0 < greyed < len(tables.quotes)


def test_clicking_a_voice_highlights_its_sentences(site, desktop, tables):
    page, _ = open_page(desktop, site, "chapters/framing.html")
    strip = "#fig-sentence-voices .report-chart__live g.role-mark.concat_1_marks path"
    page.locator("#fig-sentence-voices .report-chart__live g.role-mark").first.locator("path").first.click(force=True)
    page.wait_for_timeout(300)
    highlighted = opaque(page, strip)
    page.close()
    counts = tables.sentences["voice"].astype(str).value_counts()
    assert highlighted == counts.iloc[0]


def test_the_header_buttons_work_under_the_policy(site, desktop):
    """The light/dark switch and the download menu (the chapter's notebook, the data, the whole
    report's PDF), with no inline script: no onclick attribute, no policy violation."""
    page, _ = open_page(desktop, site, "chapters/voices.html")
    modes = [page.evaluate("document.documentElement.dataset.mode")]
    page.locator(".theme-switch-button").first.click()
    modes.append(page.evaluate("document.documentElement.dataset.mode"))
    page.locator(".dropdown-download-buttons > button").click()
    offered = page.evaluate(
        "Array.from(document.querySelectorAll('.dropdown-download-buttons .dropdown-menu a'))"
        ".filter(a => a.checkVisibility()).map(a => a.href)"
    )
    page.keyboard.press("Escape")
    inline = page.locator("[onclick]").count()
    violations = page.evaluate("window.__policyViolations")
    page.close()
    assert modes[0] == "auto" and modes[1] in ("light", "dark")  # the theme's cycle, from the configured auto
    zip_name = downloads.zip_name(codebook.read_descriptor(paths.DATA / "datapackage.json"))
    assert offered == [site + "_sources/chapters/voices.ipynb", site + f"data/{zip_name}", site + "report.pdf"]
    assert inline == 0
    assert violations == []


def test_search_works_under_the_policy(site, desktop):
    page, visit = open_page(desktop, site, "search.html?q=Witkoff")
    wait_until(page, "document.querySelectorAll('#search-results ul.search li').length > 0")
    found = page.locator("#search-results ul.search li a").first.get_attribute("href")
    focused = page.evaluate("document.activeElement.matches('form.bd-search input')")
    violations = page.evaluate("window.__policyViolations")
    page.close()
    assert visit.problems() == [] and violations == []
    assert found.startswith("chapters/") and focused


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory, built_html):
    """Small pages that are broken on purpose, with the book's own chart scripts."""
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(FIXTURES, root, dirs_exist_ok=True)
    (root / "_static").mkdir()
    shutil.copy(built_html / "_static" / VEGA_BUNDLE, root / "_static" / "vega.js")
    shutil.copy(built_html / "_static" / INTERPRETER, root / "_static" / "interpreter.js")
    shutil.copy(built_html / "_static" / "charts.js", root / "_static" / "charts.js")
    with serve(root) as base_url:
        yield base_url


def test_a_failing_chart_is_reported(broken_site, desktop):
    page, visit = open_page(desktop, broken_site, "chart-fails.html")
    page.close()
    problems = visit.problems()
    assert "chart-fails.html: chart fig-broken did not draw (failed)" in problems
    assert any(p.startswith("chart-fails.html: console error: Chart fig-broken could not be drawn") for p in problems)
    assert not any("could not load" in p for p in problems)  # the spec failed, not the loading of Vega


def test_a_policy_violation_is_reported(desktop):
    """Served under the policy, a page with an inline script, an inline style, a style attribute, an
    onclick attribute and a script that compiles code from text: none of it runs, and each is reported."""
    with serve(FIXTURES, headers=POLICY_HEADER) as base_url:
        page, visit = open_page(desktop, base_url, "policy-violations.html")
        page.click("#handler")
        ran = page.evaluate("[window.inlineScriptRan, window.evalRan, window.handlerRan]")
        page.close()
    assert ran == [None, False, None]
    reported = sorted(p.split(": ")[2].split(" ")[0] for p in visit.problems() if "Policy violation" in p)
    assert reported == ["script-src", "script-src-attr", "script-src-elem", "style-src-attr", "style-src-elem"]
    assert any("console error" in p and "Content Security Policy" in p for p in visit.problems())


def test_a_missing_anchor_and_page_are_reported(broken_site):
    assert links_and_anchors(broken_site, ["missing-anchor.html"]) == [
        "missing-anchor.html: link #nowhere points to a missing anchor",
        "missing-anchor.html: link missing-page.html leads to status 404",
    ]


def test_a_script_from_another_host_is_reported(broken_site, desktop):
    page, visit = open_page(desktop, broken_site, "foreign-script.html")
    page.close()
    assert "foreign-script.html: request to another host: https://cdn.example.com/library.js" in visit.problems()


@dataclass(frozen=True)
class Lab:
    url: str
    token: str


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab on 127.0.0.1, serving a copy of the chapters so nothing it saves reaches the repository.
    It asks for a token drawn for this run, so no other local user or page can use it meanwhile."""
    token = secrets.token_urlsafe(32)
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(paths.CHAPTERS, root / "chapters")
    environment = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / "config"), "JUPYTER_RUNTIME_DIR": str(root / "run")}
    environment["JUPYTER_DATA_DIR"] = str(root / "data")  # where the notebooks' signatures go
    trust = paths.ROOT / ".venv-lab" / "bin" / "jupyter-trust"
    with socket.socket() as probe:
        probe.bind((LOCAL, 0))
        port = probe.getsockname()[1]
    lab = paths.ROOT / ".venv-lab" / "bin" / "jupyter-lab"
    if not lab.exists() or not trust.exists():
        pytest.fail(f"{lab} is missing: `make test` creates it (JupyterLab lives in its own venv, .venv-lab)")
    # As make lab does: the chapters are trusted, so JupyterLab shows their drawings.
    subprocess.run(
        [str(trust), *sorted(str(p) for p in (root / "chapters").glob("*.ipynb"))],
        env=environment,
        check=True,
        capture_output=True,
    )
    command = [str(lab), "--no-browser", "--allow-root", f"--ServerApp.port={port}"]
    command += [f"--ServerApp.ip={LOCAL}", f"--ServerApp.root_dir={root / 'chapters'}"]
    environment["JUPYTER_TOKEN"] = token  # not on the command line, where any local user could read it
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base_url = f"http://{LOCAL}:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "api", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                pytest.fail("JupyterLab did not start within 60 s")
            time.sleep(0.3)
    yield Lab(base_url, token)
    # Ask the server to stop, with the kernel it started; if it lingers, end its process group.
    try:
        shutdown = urllib.request.Request(
            base_url + "api/shutdown", method="POST", headers={"Authorization": f"token {token}"}
        )
        urllib.request.urlopen(shutdown, timeout=5)
        server.wait(timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)


def test_charts_show_when_a_notebook_is_opened_in_jupyterlab(jupyterlab, desktop):
    """A reader rerunning the notebooks (make lab, which trusts them) sees each chart as its drawing in JupyterLab."""
    page = desktop.new_page()
    foreign = []
    page.route(
        "**/*", lambda r: r.continue_() if LOCAL in r.request.url else (foreign.append(r.request.url), r.abort())
    )
    page.goto(f"{jupyterlab.url}lab/tree/voices.ipynb?token={jupyterlab.token}", wait_until="load")
    page.wait_for_function("document.querySelectorAll('.jp-RenderedSVG img').length >= 2", timeout=60000)
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('.jp-RenderedSVG img')).map(i => [i.naturalWidth, i.naturalHeight])"
    )
    page.close()
    assert len(sizes) == 2 and all(w > 300 and h > 100 for w, h in sizes)
    assert foreign == []


def test_the_numbers_show_when_a_notebook_is_opened_in_jupyterlab(jupyterlab, desktop):
    """Opened in JupyterLab (make lab), before anything runs, the prose shows its numbers, never its
    roles (jupyterlab-myst, from the results make outputs stored); and the "How we counted" cell after
    each section shows, open, every value the section cites and what it counts."""
    cells = nbformat.read(paths.CHAPTERS / "voices.ipynb", as_version=4).cells
    boxes = sum("chapter.how_we_counted(" in c.source for c in cells if c.cell_type == "code")
    page = desktop.new_page()
    page.goto(f"{jupyterlab.url}lab/tree/voices.ipynb?token={jupyterlab.token}", wait_until="load")
    # Every box, not the first few: JupyterLab renders cells one after another.
    page.wait_for_function(f"document.querySelectorAll('details.how-we-counted').length >= {boxes}", timeout=60000)
    page.wait_for_function("document.querySelector('.jp-MarkdownCell .myst p') !== null", timeout=60000)
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('details.how-we-counted')).map(d => [
            d.open, d.querySelector('table').checkVisibility(),
            Array.from(d.querySelectorAll('tbody tr')).map(r => r.cells[0].textContent)])"""
    )
    opening = page.evaluate("document.querySelector('.jp-MarkdownCell .myst p').innerText")
    prose = page.evaluate("Array.from(document.querySelectorAll('.jp-MarkdownCell')).map(c => c.innerText).join(' ')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "jupyterlab-voices.png")
    page.close()
    assert len(shown) == boxes == 7 and all(is_open and visible for is_open, visible, _ in shown)
    assert shown[0][2] == ["n_russian_outlets", "n_quotes"]  # the title's section cites these two, in this order
    # The opening's two numbers, counted by hand from data/quotes.csv: Izvestia and Komsomolskaya
    # Pravda are the newspapers; the article sets 12 passages in quotation marks (quotes.csv's rows).
    assert "through 2 newspapers" in opening and "the 12 passages" in prose, prose
    assert "{eval}" not in prose and "n_russian_outlets" not in opening


def test_jupyterlab_refuses_a_request_without_its_token(jupyterlab):
    def status(headers: dict) -> int:
        try:
            return urllib.request.urlopen(
                urllib.request.Request(jupyterlab.url + "api/contents", headers=headers), timeout=5
            ).status
        except urllib.error.HTTPError as error:
            return error.code

    assert status({"Authorization": f"token {jupyterlab.token}"}) == 200
    assert status({}) == 403
    assert status({"Authorization": "token "}) == 403
