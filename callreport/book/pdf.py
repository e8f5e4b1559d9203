"""The whole report as one PDF, and each chapter as its own, printed by Debian's Chromium.

Run ``python -m callreport.book.pdf`` (part of ``make book``). It builds _build/singlehtml,
waits for every chart to draw, and prints to _build/html/report.pdf; then it prints each chapter's
page of the built site to _build/html/pdf/<chapter>.pdf. It installs nothing: without
Chromium it stops with one line saying how to get it (``make setup``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from callreport.book import citation, metadata
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


def _open_for_print(browser, address: str, meta: metadata.Metadata):
    """A page opened as print lays it out, every chart drawn, links leading to the published book."""
    # A4 less the margins is 178 mm, about 673 CSS pixels: charts size themselves to the printed width.
    page = browser.new_page(viewport={"width": 673, "height": 1000})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.emulate_media(media="print")  # before loading, so the charts measure the printed layout
    page.goto(address, wait_until="load")
    # Charts otherwise draw only as a reader scrolls to them; a page without charts has no charts.js.
    page.evaluate("window.reportDrawAllCharts && window.reportDrawAllCharts()")
    wait_until(page, "Array.from(document.querySelectorAll('.report-chart__view')).every(e => e.dataset.drawn)", 30)
    failed = page.evaluate(
        "Array.from(document.querySelectorAll('.report-chart__view')).filter(e => e.dataset.drawn !== 'true')"
        ".map(e => e.dataset.figure)"
    )
    if failed or errors:
        raise RuntimeError(f"{address} did not draw cleanly for print: charts {failed}, errors {errors}")
    # Links resolve against the local server; in the PDF they must lead to the published book.
    page.evaluate(
        """(published) => { for (const a of document.querySelectorAll('a[href]')) {
             const url = new URL(a.getAttribute('href'), location.href);
             if (url.origin === location.origin && !a.getAttribute('href').startsWith('#'))
               a.href = published + url.pathname.slice(1) + url.search + url.hash; } }""",
        meta.url,
    )
    return page


def _print(page, meta: metadata.Metadata, running_title: str) -> bytes:
    """The open page printed on A4, each page's foot naming the document, its version and the page."""
    return page.pdf(
        format="A4",
        print_background=True,
        margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=(
            '<div style="font-size:8px;width:100%;text-align:center;color:#57606a">'
            f"{html_text(running_title)}, version {html_text(meta.version)} · "
            "page <span class='pageNumber'></span> of <span class='totalPages'></span></div>"
        ),
        outline=True,
        tagged=True,
    )


def print_pdf(page_path: Path, target: Path) -> None:
    """Open the single-page book from a local server, wait for its charts, print it."""
    from playwright.sync_api import sync_playwright

    meta = metadata.read()
    with serve(page_path.parent) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = _open_for_print(browser, base_url + page_path.name, meta)
        # The theme prints a contents list before the article; the cover goes before both.
        page.evaluate(
            "() => { const cover = document.querySelector('.report-cover');"
            " document.querySelector('.bd-article-container').prepend(cover); }"
        )
        page.evaluate(APPENDIX_SCRIPT, {"section": CODEBOOK_SECTION, "heading": APPENDIX_HEADING})
        # The contents give each chapter's page: a first print with room for the numbers finds them
        # in the PDF's outline, a second prints them; the numbers' boxes are the same width in both.
        titles = page.evaluate(CONTENTS_SCRIPT, {"numbers": {}, "appendix": APPENDIX_HEADING})
        numbers = chapter_pages(_print(page, meta, meta.title), titles)
        page.evaluate(CONTENTS_SCRIPT, {"numbers": numbers, "appendix": APPENDIX_HEADING})
        pdf = _print(page, meta, meta.title)
        if chapter_pages(pdf, titles) != numbers:
            raise RuntimeError("the contents' page numbers moved the chapters they number")
        browser.close()
    target.write_bytes(settle(pdf, meta.date))


# Each entry of the printed contents (Jupyter Book's #jb-print-toc, and the appendix) gets a box for its page.
CONTENTS_SCRIPT = """({numbers, appendix}) => {
  const contents = document.querySelector('#jb-print-toc nav');
  if (!contents) throw new Error('no printed contents (#jb-print-toc nav) to number');
  const lists = Array.from(contents.children).filter(e => e.tagName === 'UL');
  const links = lists.flatMap(ul => Array.from(ul.querySelectorAll(':scope > li > a')));
  const entries = links.map(a => [a, a.querySelector('.report-contents__title')?.textContent ?? a.textContent.trim()]);
  const list = lists[lists.length - 1];
  if (!document.querySelector('.report-contents__appendix') && list) {
    const li = document.createElement('li');
    li.className = 'report-contents__appendix toctree-l1';
    const a = document.createElement('a');
    a.href = '#the-codebook';
    a.textContent = appendix;
    li.append(a);
    list.append(li);
    entries.push([a, appendix]);
  }
  for (const [a, title] of entries) {
    if (!a.querySelector('.report-contents__page')) {
      const name = document.createElement('span');
      name.className = 'report-contents__title';
      name.textContent = title;
      const number = document.createElement('span');
      number.className = 'report-contents__page';
      a.replaceChildren(name, number);
    }
    a.querySelector('.report-contents__page').textContent = numbers[title] ?? '';
  }
  return entries.map(([, title]) => title);
}"""


def chapter_pages(pdf: bytes, titles: list[str]) -> dict[str, int]:
    """The page each of `titles` starts on, from the PDF's outline (Chromium writes one entry a
    heading, in order); the first entry that starts with the title, spaces and line breaks set aside."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []  # each heading's text (its spaces set aside) and page, in order

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.append(("".join(entry.title.split()), reader.get_destination_page_number(entry) + 1))

    walk(reader.outline)
    # A heading's entry may repeat its text (the changes page's does), so an entry that starts with
    # the title is the title's.
    pages = {
        title: next((page for text, page in found if text.startswith("".join(title.split()))), None) for title in titles
    }
    missing = [title for title, number in pages.items() if number is None]
    if missing:
        raise RuntimeError(f"the printed outline has no heading for the contents' entries {missing}")
    return pages


def print_chapters(site: Path = paths.HTML, only: list[str] | None = None, write: bool = True) -> dict[str, bytes]:
    """Each chapter's own PDF (citation.pdf_path), printed from its page in the built site; the front
    page's is the whole report's. `only` names the chapters to print (every one by default); with
    write, each is written into the site. Returns the PDFs by docname."""
    from playwright.sync_api import sync_playwright

    meta = metadata.read()
    docnames = [d for d in (only or metadata.chapters()) if not citation.is_report(d)]
    printed = {}
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        for docname in docnames:
            page = _open_for_print(browser, f"{base_url}{docname}.html", meta)
            title = page.evaluate("document.querySelector('article h1').firstChild.textContent.trim()")
            printed[docname] = settle(_print(page, meta, f"{title}: {meta.title}"), meta.date)
            page.close()
        browser.close()
    for docname, pdf in printed.items() if write else ():
        target = site / citation.pdf_path(docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
    return printed


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
    chapters = print_chapters()
    print(f"wrote {len(chapters)} chapter PDFs into {(paths.HTML / citation.PDFS).relative_to(paths.ROOT)}")


if __name__ == "__main__":
    main()
