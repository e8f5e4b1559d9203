"""A hostile corpus through every free-text field of the data and every descriptor and config
string that reaches a page: the book still builds, nothing in the corpus runs in Chromium,
every chart draws and every page keeps all its parts.

The book is built once, from a copy of the repository in a temporary folder (its own _build;
the real one is not touched). The copy's pages have their Content Security Policy removed
before they are opened, so that the policy cannot hide a string that escaping let through.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from browser_checks import DESKTOP, open_page, serve
from bs4 import BeautifulSoup

from callreport.book import csp
from callreport.book.metadata import chapters
from callreport.dataset import paths

pytestmark = pytest.mark.browser

# Markup, a comment that turns a <script> into one that swallows the page, a second end tag,
# the end tags of the elements whose text is not markup (title, textarea, style), script URLs,
# quotes of every kind, a right-to-left override, a spreadsheet formula and template syntax.
# It is appended to each value, so no cell starts with it.
HOSTILE = (
    ' <script>alert("s1")</script> <img src=x onerror=alert("i1")> <svg onload=alert("v1")></svg>'
    ' <!--<script> </script><script>alert("c1")</script> ]]> <a href="javascript:alert(1)">j1</a>'
    ' </title></textarea></style><script>alert("t1")</script>'
    " javascript:alert(2) \"double\" 'single' `back` “curly” ‘curly’ «guillemets» „low“"
    ' \u202eevil\u202c =HYPERLINK("http://example.invalid","x") &amp; &lt;b&gt; {{ x }} ${x} %s'
)
# Free text no span ties to the article, by file: the only cells a hostile string can go in
# without the loader (rightly) refusing the row. quotes.csv takes its notes from the judgments.
FREE_TEXT = {
    "demands.csv": ["summary"],
    "events.csv": ["summary", "order_note"],
    "external_context.csv": ["source"],
    "annotations/adjudication.csv": ["reason"],
    "annotations/quote_judgments.csv": ["note"],
    "annotations/sentence_voices.csv": ["note"],
    "annotations/first_pass/quote_judgments.csv": ["note"],
    "annotations/second_pass/quote_judgments.csv": ["note"],
    "annotations/first_pass/sentence_voices.csv": ["note"],
    "annotations/second_pass/sentence_voices.csv": ["note"],
}
COPIED = ["_config.yml", "_toc.yml", "references.bib", "requirements.lock", "_static", "chapters", "data", "callreport"]
PAGES = [f"{docname}.html" for docname in chapters()]
# Pages where poisoned text is shown, so it must be there, verbatim, as text.
SHOWN = ["chapters/demands.html", "chapters/timeline.html", "chapters/methodology.html", "chapters/changes.html"]
VISIBLE = '<img src=x onerror=alert("i1")>'
# Charts whose tooltips show poisoned text; the demands page shows its items in a table now (SHOWN checks it).
TOOLTIPS = ["chapters/timeline.html"]


def poison_csv(path: Path, columns: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        for column in columns:
            if row[column]:  # an empty note stays empty: emptiness can carry meaning
                row[column] += HOSTILE
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def poison_descriptor(path: Path) -> None:
    """Every title, description and definition a page shows; the package's own too."""
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for key in ("title", "description"):
        descriptor[key] += HOSTILE + "\u2028\u2029"
    for entry in descriptor["changelog"]:
        entry["changes"] += HOSTILE
    for item in descriptor["article"]["metadata"]:
        item["source"] += HOSTILE
    for resource in descriptor["resources"]:
        resource["title"] += HOSTILE
        resource["description"] += HOSTILE + "\u2028"
        for field in resource.get("schema", {}).get("fields", []):
            field["description"] += HOSTILE
            for value in field.get("enumDefinitions", {}):
                field["enumDefinitions"][value] += HOSTILE
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def poison_config(path: Path) -> None:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["title"] += HOSTILE
    config["author"] += HOSTILE
    config["metadata"]["subtitle"] += HOSTILE
    for change in config["metadata"]["changes"]:
        for key in ("summary", "data", "findings"):
            change[key] += HOSTILE
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def run(command: list[str], root: Path) -> None:
    """Run a build step in the copy, with the copy's own package first on the path."""
    environment = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command[:3])} failed on the hostile corpus:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "book"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "node_modules")
    for name in COPIED:
        source = paths.ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            root.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / name)
    for relative, columns in FREE_TEXT.items():
        poison_csv(root / "data" / relative, columns)
    poison_descriptor(root / "data" / "datapackage.json")
    poison_config(root / "_config.yml")
    python = sys.executable
    run([python, "-m", "callreport.dataset.generate"], root)  # quotes.csv takes the poisoned notes
    run([python, "-m", "callreport.book.outputs", "--all"], root)  # the one command that executes notebooks
    run([str(Path(python).with_name("jupyter-book")), "build", str(root), "-W", "-n", "--keep-going"], root)
    run([python, "-m", "callreport.book.cards"], root)  # the copy's paths: PYTHONPATH puts its package first
    html = root / "_build" / "html"
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(csp.META, ""), encoding="utf-8")
    return html


def test_the_corpus_reaches_the_copy_not_the_repository(hostile_html, built_html):
    shown = html.escape(VISIBLE)
    assert shown in (hostile_html / "chapters" / "timeline.html").read_text(encoding="utf-8")
    assert shown not in (built_html / "chapters" / "timeline.html").read_text(encoding="utf-8")
    assert HOSTILE not in (paths.DATA / "events.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_every_sharing_card_is_drawn_with_the_corpus_in_it(hostile_html, name):
    """The poisoned report name reaches every card, which is still drawn whole, and its description."""
    soup = BeautifulSoup((hostile_html / name).read_text(encoding="utf-8"), "html.parser")
    image = soup.find("meta", attrs={"property": "og:image"})["content"]
    picture = (hostile_html / "cards" / image.split("/cards/", 1)[1]).read_bytes()
    assert picture.startswith(b"\x89PNG") and picture[16:24] == (1200).to_bytes(4) + (630).to_bytes(4)
    assert HOSTILE in soup.find("meta", attrs={"property": "og:image:alt"})["content"]


def layout(page) -> dict:
    """What a page is made of: its sections, charts, tables, data list and cite box."""
    return page.evaluate(
        """() => ({
            sections: Array.from(document.querySelectorAll('main section[id]')).map(s => s.id),
            charts: document.querySelectorAll('.report-chart').length,
            tables: document.querySelectorAll('.report-table table').length,
            dataUsed: document.querySelectorAll('ul.data-used').length,
            cite: document.querySelectorAll('#cite-this-chapter').length,
            footer: document.querySelectorAll('.report-footer').length,
        })"""
    )


def layout_of_file(path: Path) -> dict:
    """The same, read from a page of the real build (whose markup needs no browser to be read)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {
        "sections": [s["id"] for s in soup.select("main section[id]")],
        "charts": len(soup.select(".report-chart")),
        "tables": len(soup.select(".report-table table")),
        "dataUsed": len(soup.select("ul.data-used")),
        "cite": len(soup.select("#cite-this-chapter")),
        "footer": len(soup.select(".report-footer")),
    }


def injected(page) -> list[str]:
    """Markup from the corpus that became elements: event handlers, script links, its own tags."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('*')).flatMap(e => [
            ...Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => `${e.tagName} ${a.name}`),
            ...(/^\\s*javascript:/i.test(e.getAttribute('href') || '') ? [`${e.tagName} href`] : []),
            ...(e.matches('img[src="x"], svg[onload], script:not([src]):not([type="application/json"])'
                          + ':not([type="application/ld+json"])')
                ? [e.outerHTML.slice(0, 80)] : []),
        ])"""
    )


@pytest.mark.parametrize("name", [*PAGES, "search.html?q=HYPERLINK"])
def test_no_string_of_the_corpus_runs_and_no_page_loses_a_part(hostile_html, built_html, browser, name):
    dialogs = []
    context = browser.new_context(viewport=DESKTOP)
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    expected = layout_of_file(built_html / name.split("?")[0])
    with serve(hostile_html) as site:
        page, visit = open_page(context, site, name)
        tooltips = []
        for mark in page.locator(".report-chart__live g.mark-symbol.role-mark path").all():
            mark.hover(force=True)  # the tooltips show the poisoned values too
            tooltips.append(page.inner_text("#vg-tooltip-element"))
        found, inserted, text = layout(page), injected(page), page.inner_text("body")
        page.close()
    context.close()
    assert dialogs == []
    assert inserted == []
    assert visit.problems() == []  # every chart drew, and no script failed
    assert found == expected
    if name in SHOWN:
        assert VISIBLE in text
    if name in TOOLTIPS:
        assert any(VISIBLE in tooltip for tooltip in tooltips)
