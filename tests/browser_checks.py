"""What the browser suite checks on a page, as functions, so that the real book and the
deliberately broken fixture pages go through exactly the same code.

Every problem is reported as one line naming the page and what is wrong.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

from callreport.book.browser import LOCAL, launch, serve, wait_until  # noqa: F401  (re-exported for the tests)
from callreport.dataset import paths

# What the book's faces are replaced by, to prove a layout holds in other type: "blocked", a browser
# that refuses downloaded fonts and falls back to the rest of each stack; "wide", every face served
# as DejaVu Sans, wider than the book's faces and than the usual fallbacks (Arial, Roboto, Segoe UI).
FONT_SETTINGS = ("book", "blocked", "wide")
WIDE_FACE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu-core, installed by make setup
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SERIOUS = ("serious", "critical")
# axe-core from npm, pinned in tests/package.json and its lock (make test runs npm ci there).
AXE = paths.ROOT / "tests" / "node_modules" / "axe-core"
AXE_VERSION = "4.14.1"


@dataclass
class Visit:
    """What happened when a page was opened."""

    name: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    policy_violations: list[str] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)

    def problems(self) -> list[str]:
        found = [] if self.status == 200 else [f"{self.name}: status {self.status}"]
        found += [f"{self.name}: console error: {e}" for e in self.console_errors]
        found += [f"{self.name}: script error: {e}" for e in self.page_errors]
        found += [f"{self.name}: request to another host: {u}" for u in self.foreign_requests]
        found += [f"{self.name}: Content Security Policy violation: {v}" for v in self.policy_violations]
        found += [
            f"{self.name}: chart {fig} did not draw ({state})" for fig, state in self.charts.items() if state != "true"
        ]
        return found


# Runs before the page's own scripts (through the DevTools protocol, which the policy does not govern):
# every securitypolicyviolation event the page raises is kept, to be read after it has loaded.
RECORD_VIOLATIONS = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__policyViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile || "?"}:${e.lineNumber} ${e.sample}`
));
"""


# Every table on the page, the closed ones (a chart's data) opened first: a table may not be wider
# than its box, nor any of its cells reach past the table's right edge or be clipped by a scroll box.
HIDDEN_COLUMNS = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const found = [];
    document.querySelectorAll('.bd-article table').forEach((table, index) => {
        const name = (table.caption ? table.caption.textContent : table.className || 'table ' + index).slice(0, 60);
        const box = table.parentElement.getBoundingClientRect();
        const own = table.getBoundingClientRect();
        if (own.width === 0) { found.push(name + ': not shown'); return; }
        if (own.right > box.right + 1) {
            found.push(`${name}: ${Math.round(own.width)}px wide in a ${Math.round(box.width)}px box`);
        }
        for (let a = table.parentElement; a && a !== document.body; a = a.parentElement) {
            const scrolls = ['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX);
            if (scrolls && a.scrollWidth > a.clientWidth + 1) {
                found.push(`${name}: scrolls sideways inside ${a.className || a.tagName}`);
                break;
            }
        }
        table.querySelectorAll('td, th').forEach(cell => {
            const r = cell.getBoundingClientRect();
            const style = getComputedStyle(cell);
            if (style.display === 'none' || style.visibility === 'hidden') {
                found.push(`${name}: a ${cell.tagName} is hidden`);
            } else if (r.right > own.right + 1 || r.left < own.left - 1) {
                found.push(`${name}: a cell sits outside the table`);
            }
        });
    });
    return Array.from(new Set(found));
}"""


def open_page(context, base_url: str, name: str, fonts: str = "book"):
    """Open a page with every request to another host recorded and refused and every Content
    Security Policy violation recorded; wait for its charts. fonts: one of FONT_SETTINGS."""
    visit = Visit(name)
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    if fonts not in FONT_SETTINGS:
        raise ValueError(f"fonts must be one of {FONT_SETTINGS}, not {fonts!r}")
    if fonts == "wide" and not WIDE_FACE.exists():
        raise FileNotFoundError(f"{WIDE_FACE} is missing: run `make setup` (it installs fonts-dejavu-core)")

    def route(request_route):
        url = request_route.request.url
        host = urllib.parse.urlsplit(url).hostname
        if host == LOCAL and fonts != "book" and urllib.parse.urlsplit(url).path.endswith(".woff2"):
            if fonts == "blocked":
                request_route.abort()
            else:
                request_route.fulfill(body=WIDE_FACE.read_bytes(), content_type="font/ttf")
        elif host == LOCAL or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            visit.foreign_requests.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)

    def console(message):
        refused = fonts == "blocked" and message.location.get("url", "").endswith(".woff2")  # the refusal itself
        if message.type == "error" and not refused:
            visit.console_errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    response = page.goto(base_url + name, wait_until="load")
    visit.status = response.status if response else None
    scroll_to_every_chart(page)
    wait_until(page, "Array.from(document.querySelectorAll('.report-chart__view')).every(e => e.dataset.drawn)")
    visit.charts = page.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('.report-chart__view'))"
        ".map(e => [e.dataset.figure, e.dataset.drawn]))"
    )
    visit.policy_violations = page.evaluate("window.__policyViolations")
    return page, visit


def scroll_to_every_chart(page) -> None:
    """Bring each chart into view in turn, as a reader scrolling down would; charts draw on approach."""
    for index in range(page.locator(".report-chart__view").count()):
        page.locator(".report-chart__view").nth(index).scroll_into_view_if_needed()
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")


def mark_counts(page, fig_id: str) -> dict[str, int]:
    """Items per data mark in a drawn chart, keyed by Vega's mark type; brushes left out."""
    return page.evaluate(
        """(id) => {
            const counts = {};
            document.querySelectorAll(`#${id} .report-chart__live g.role-mark`).forEach(g => {
                if (g.getAttribute('class').includes('brush')) return;
                const type = g.getAttribute('class').split(' ')[0].replace('mark-', '');
                counts[type] = (counts[type] || 0) + g.children.length;
            });
            return counts;
        }""",
        fig_id,
    )


def axe_source() -> str:
    """The pinned axe-core's script; fails with the command that installs it when it is missing."""
    script = AXE / "axe.min.js"
    if not script.exists():
        raise FileNotFoundError(f"{script} is missing: run `cd tests && npm ci` (make test does this)")
    return script.read_text(encoding="utf-8")


def axe_problems(page, name: str) -> list[str]:
    """Serious and critical axe-core violations, one line per rule. axe is evaluated through the
    DevTools protocol, which the page's Content Security Policy does not govern (an injected
    <script> would be refused by it)."""
    page.evaluate(axe_source())
    version = page.evaluate("axe.version")
    if version != AXE_VERSION:
        return [f"{name}: axe-core {version} ran, not the pinned {AXE_VERSION}"]
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{name}: accessibility: {v['id']} ({v['impact']}) on {len(v['nodes'])} element(s): {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


def overflow_problems(page, name: str) -> list[str]:
    """On a phone: the page must not scroll sideways; charts and tables must fit or scroll in their own box."""
    found = []
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if widths[0] > widths[1]:
        found.append(f"{name}: the page scrolls sideways ({widths[0]}px wide in a {widths[1]}px viewport)")
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.report-chart, .report-table, table, pre'))
            .filter(e => e.offsetParent !== null)
            .map(e => {
                let box = e;  // the element, or the nearest ancestor that scrolls it sideways
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) { box = a; break; }
                }
                return [e.id || e.className || e.tagName, Math.round(box.getBoundingClientRect().right)];
            })"""
    )
    found += [
        f"{name}: {what} ends at {right}px, past the {widths[1]}px viewport"
        for what, right in boxes
        if right > widths[1]
    ]
    return found


def links_and_anchors(base_url: str, names: list[str]) -> list[str]:
    """Follow every internal link of every page: the target must load and its anchor must exist."""
    found, ids, cache = [], {}, {}

    def fetch(url: str) -> tuple[int, str]:
        if url not in cache:
            try:
                with urllib.request.urlopen(url) as response:
                    cache[url] = (response.status, response.read().decode("utf-8", errors="replace"))
            except urllib.error.HTTPError as error:
                cache[url] = (error.code, "")
        return cache[url]

    for name in names:
        page_url = base_url + name
        status, text = fetch(page_url)
        if status != 200:
            found.append(f"{name}: status {status}")
            continue
        soup = BeautifulSoup(text, "html.parser")
        for link in soup.find_all("a", href=True):
            href = link["href"]
            target = urllib.parse.urljoin(page_url, href)
            parts = urllib.parse.urlsplit(target)
            if parts.hostname != LOCAL or href.startswith(("mailto:", "javascript:")):
                continue
            document = urllib.parse.urlunsplit(parts._replace(fragment=""))
            code, body = fetch(document)
            if code != 200:
                found.append(f"{name}: link {href} leads to status {code}")
                continue
            if parts.fragment and document.endswith(".html"):
                if document not in ids:
                    ids[document] = {tag["id"] for tag in BeautifulSoup(body, "html.parser").find_all(id=True)}
                if urllib.parse.unquote(parts.fragment) not in ids[document]:
                    found.append(f"{name}: link {href} points to a missing anchor")
    return found
