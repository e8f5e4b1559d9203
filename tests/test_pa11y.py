"""HTML_CodeSniffer over every HTML page of the built book, at a phone's width and a desktop's.

pa11y 10 (pinned in tests/package.json; make test installs it with npm ci) runs its `htmlcs` runner
to WCAG 2 AA in Debian's Chromium (CHROMIUM, as the other browser tests). tests/pa11y-pages.js
drives pa11y's JS API over all the pages in one Chromium per width, the two widths side by side,
each page with its charts drawn first. Errors fail the test, each named by page, width, code,
selector and message; warnings and notices are counted in the test's output only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from browser_checks import DESKTOP, PHONE, serve

from callreport.book import browser
from callreport.dataset import paths

pytestmark = pytest.mark.browser
TESTS = paths.ROOT / "tests"
SCRIPT = TESTS / "pa11y-pages.js"
PA11Y = TESTS / "node_modules" / "pa11y" / "package.json"
PA11Y_VERSION = "10.0.0"  # the exact pin in tests/package.json
INSTALL = "run `make test` (it installs them), or `cd tests && PUPPETEER_SKIP_DOWNLOAD=1 npm ci`"
# The viewports of the other browser tests (browser_checks): the phone's as its Playwright context.
VIEWPORTS = {
    PHONE["width"]: {**PHONE, "deviceScaleFactor": 2, "isMobile": True, "hasTouch": True},
    DESKTOP["width"]: dict(DESKTOP),
}
# The theme's Jinja macro files, which Sphinx copies into _static beside the pages; the page sources.
NOT_PAGES = ("_static", "_sources")
# Chapters that hold charts (each draws at least one).
CHARTED = {"chapters/voices.html", "chapters/demands.html", "chapters/framing.html", "chapters/timeline.html"}
TIMEOUT = 600  # seconds for one width's run; it takes about 20


def book_pages(root: Path) -> list[str]:
    """Every HTML page of the build, as a path from its root."""
    found = (p.relative_to(root) for p in root.rglob("*.html"))
    return sorted(p.as_posix() for p in found if p.parts[0] not in NOT_PAGES)


def run_pa11y(base_url: str, names: list[str]) -> dict[int, dict]:
    """pa11y over base_url + each name, at each width of VIEWPORTS at once: each width's report."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not on the PATH: the pa11y test needs Node.js (make setup installs it), then {INSTALL}")
    if not PA11Y.exists():
        pytest.fail(f"{PA11Y} is missing: pa11y is not installed; {INSTALL}")
    if reason := browser.missing():
        pytest.fail(reason)
    urls = [base_url + name for name in names]
    environment = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    runs = {}
    for width, viewport in VIEWPORTS.items():
        config = {"executablePath": str(browser.CHROMIUM), "args": browser.FLAGS, "viewport": viewport, "urls": urls}
        process = subprocess.Popen(
            [node, str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=TESTS,
            env=environment,
        )
        process.stdin.write(json.dumps(config))
        process.stdin.close()
        runs[width] = process
    reports = {}
    for width, process in runs.items():
        try:
            out = process.stdout.read()
            err = process.stderr.read()
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"pa11y at {width}px took more than {TIMEOUT} s")
        if process.returncode != 0:
            pytest.fail(f"pa11y at {width}px failed (exit {process.returncode}):\n{err}")
        reports[width] = json.loads(out)
    return reports


def errors(report: dict, width: int, base_url: str) -> list[str]:
    return [
        f"{page['url'].removeprefix(base_url)} at {width}px: {issue['code']} at {issue['selector']}: {issue['message']}"
        for page in report["pages"]
        for issue in page["issues"]
        if issue["type"] == "error"
    ]


@pytest.fixture(scope="module")
def pages(built_html) -> list[str]:
    return book_pages(built_html)


@pytest.fixture(scope="module")
def reports(site, pages) -> dict[int, dict]:
    started = time.monotonic()
    found = run_pa11y(site, pages)
    took = time.monotonic() - started
    for width, report in found.items():
        counts = Counter(issue["type"] for page in report["pages"] for issue in page["issues"])
        print(
            f"pa11y {report['pa11y']} htmlcs WCAG2AA at {width}px: {len(report['pages'])} pages in "
            f"{report['seconds']:.1f} s; {counts['error']} errors, {counts['warning']} warnings, "
            f"{counts['notice']} notices"
        )
    print(f"pa11y, both widths: {took:.1f} s")
    return found


def test_pa11y_is_the_pinned_version(reports):
    assert {width: report["pa11y"] for width, report in reports.items()} == dict.fromkeys(VIEWPORTS, PA11Y_VERSION)


def test_every_page_was_opened_and_its_charts_drawn(reports, pages, site):
    """Each page answered, every chart on it drew (so its drawn state was checked), and a page that
    sends the reader on (the root's index.html) sends them to a page that is itself checked."""
    problems = []
    for width, report in reports.items():
        assert [page["url"] for page in report["pages"]] == [site + name for name in pages]
        for page in report["pages"]:
            name = page["url"].removeprefix(site)
            if page["status"] != 200:
                problems.append(f"{name} at {width}px: status {page['status']}")
            if page.get("redirect"):
                if page["finalUrl"].removeprefix(site) not in pages:
                    problems.append(f"{name} at {width}px: sends the reader to {page['finalUrl']}, not a book page")
                continue
            undrawn = {fig: state for fig, state in page["charts"].items() if state != "true"}
            problems += [f"{name} at {width}px: chart {fig} {state}" for fig, state in undrawn.items()]
    assert problems == []
    # The chapters that draw charts do have them (a page whose charts were never found is no proof).
    charted = {page["url"].removeprefix(site) for page in reports[DESKTOP["width"]]["pages"] if page.get("charts")}
    assert charted >= CHARTED


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_html_codesniffer_finds_no_error(reports, site, width):
    assert errors(reports[width], width, site) == []


def test_the_check_reports_what_it_should(tmp_path):
    """A page with a form that has no submit button and an empty heading: both are errors, each named
    by its page, width, code (the WCAG technique it fails) and selector."""
    (tmp_path / "broken.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Broken</title></head><body>'
        '<main><h1></h1><form id="lonely" action="."><input type="search" name="q" aria-label="Search">'
        "</form></main></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as base_url:
        reports = run_pa11y(base_url, ["broken.html"])
    for width, report in reports.items():
        found = errors(report, width, base_url)
        page = f"broken.html at {width}px: "
        assert any(e.startswith(page + "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2 at #lonely") for e in found), found
        assert any(e.startswith(page + "WCAG2AA.Principle1.Guideline1_3.1_3_1.H42.2 at ") for e in found), found
