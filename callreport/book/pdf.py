"""The whole report as one PDF: a single-page HTML build printed by Debian's Chromium.

Run ``python -m callreport.book.pdf`` (part of ``make book``). It builds _build/singlehtml,
waits for every chart to draw, and prints to _build/html/report.pdf. It installs nothing: without
Chromium it stops with one line saying how to get it (``make setup``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from callreport.book import metadata
from callreport.book.browser import launch, missing, serve, wait_until
from callreport.dataset import paths
from callreport.report.escape import html_text

SINGLE = paths.BUILD / "singlehtml"


def build_single_page() -> Path:
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(paths.ROOT)]
    command += ["--builder", "singlehtml", "-W", "-n", "--keep-going"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    # The builder writes the page as chapters/index.html with paths relative to the site root,
    # so it is printed from a copy at the root.
    # The theme asks every page for the search index, which a single-page build does not make.
    (SINGLE / "searchindex.js").write_text("/* No search in the printed book. */ Search.setIndex({});\n")
    page = SINGLE / "report.html"
    page.write_text((SINGLE / "chapters" / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    return page


# The codebook is half the printed pages: print moves it out of the methodology chapter to an appendix
# after the last chapter, and leaves a pointer where it stood. The web page keeps it in place.
CODEBOOK_SECTION = "the-codebook"
APPENDIX_HEADING = "Appendix: the codebook"
APPENDIX_SCRIPT = """({section, heading}) => {
  const codebook = document.getElementById(section);
  const chapters = document.querySelectorAll('.toctree-wrapper > section');
  if (!codebook || !chapters.length) throw new Error(`no section #${section} or no chapters to print it after`);
  const title = codebook.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
  const pointer = document.createElement('p');
  pointer.className = 'report-appendix-pointer';
  const link = document.createElement('a');
  link.href = `#${section}`;
  link.textContent = heading;
  pointer.append(`The codebook, rendered from the data package, is printed at the end of this report: `, link, '.');
  codebook.before(pointer);
  const appendix = document.createElement('h2');
  appendix.textContent = heading;
  title.replaceWith(appendix);
  codebook.classList.add('report-appendix');
  chapters[chapters.length - 1].after(codebook);
}"""


def print_pdf(page_path: Path, target: Path) -> None:
    """Open the page from a local server, wait for its charts, print it."""
    from playwright.sync_api import sync_playwright

    with serve(page_path.parent) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        # A4 less the margins is 178 mm, about 673 CSS pixels: charts size themselves to the printed width.
        page = browser.new_page(viewport={"width": 673, "height": 1000})
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.emulate_media(media="print")  # before loading, so the charts measure the printed layout
        page.goto(base_url + page_path.name, wait_until="load")
        page.evaluate("window.reportDrawAllCharts()")  # charts otherwise draw only as a reader scrolls to them
        wait_until(page, "Array.from(document.querySelectorAll('.report-chart__view')).every(e => e.dataset.drawn)", 30)
        failed = page.evaluate(
            "Array.from(document.querySelectorAll('.report-chart__view')).filter(e => e.dataset.drawn !== 'true')"
            ".map(e => e.dataset.figure)"
        )
        if failed or errors:
            raise RuntimeError(f"the single-page book did not draw cleanly: charts {failed}, errors {errors}")
        # The theme prints a contents list before the article; the cover goes before both.
        page.evaluate(
            "() => { const cover = document.querySelector('.report-cover');"
            " document.querySelector('.bd-article-container').prepend(cover); }"
        )
        page.evaluate(APPENDIX_SCRIPT, {"section": CODEBOOK_SECTION, "heading": APPENDIX_HEADING})
        meta = metadata.read()
        # Links resolve against the local server; in the PDF they must lead to the published book.
        page.evaluate(
            """(published) => { for (const a of document.querySelectorAll('a[href]')) {
                 const url = new URL(a.getAttribute('href'), location.href);
                 if (url.origin === location.origin && !a.getAttribute('href').startsWith('#'))
                   a.href = published + url.pathname.slice(1) + url.search + url.hash; } }""",
            meta.url,
        )
        pdf = page.pdf(
            format="A4",
            print_background=True,
            margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=(
                '<div style="font-size:8px;width:100%;text-align:center;color:#57606a">'
                f"{html_text(meta.title)}, version {html_text(meta.version)} · "
                "page <span class='pageNumber'></span> of <span class='totalPages'></span></div>"
            ),
            outline=True,
            tagged=True,
        )
        browser.close()
    target.write_bytes(settle(pdf, meta.date))


def settle(pdf: bytes, date: dt.date) -> bytes:
    """Make one print byte-identical to the next. Chromium stamps the time of printing, and names the
    tagged PDF's table headers after the page's DOM node numbers, which vary from load to load. The
    dates become the release date in _config.yml; the names are renumbered in order of appearance.
    Every replacement keeps its length, so the cross-reference offsets stay valid."""
    stamp = date.strftime("D:%Y%m%d000000+00'00'").encode()
    pdf, dates = re.subn(
        rb"(?<=/CreationDate \()D:\d{14}[+-]\d\d'\d\d'|(?<=/ModDate \()D:\d{14}[+-]\d\d'\d\d'", stamp, pdf
    )
    if dates != 2:
        raise RuntimeError(f"expected Chromium's PDF to carry a creation and a modification date; found {dates}")
    names: dict[bytes, bytes] = {}
    return re.sub(rb"node\d{8}", lambda m: names.setdefault(m[0], b"node%08d" % (len(names) + 1)), pdf)


def main() -> None:
    if reason := missing():  # before the single-page build, so the one line comes at once
        raise SystemExit(reason)
    target = paths.HTML / metadata.PDF_NAME
    print_pdf(build_single_page(), target)
    print(f"wrote {target.relative_to(paths.ROOT)}")


if __name__ == "__main__":
    main()
