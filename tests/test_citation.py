"""Each page as a reference manager and a citation processor read it (callreport/book/citation.py):
its tags, its JSON-LD, its three downloads and its cite box, against the one metadata source and the
page's own text. What each tag must say is what Zotero's Embedded Metadata translator needs to read
it right (see citation.py's docstring); scripts/zotero-check runs the translator itself."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata

import extruct
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from callreport.book import addresses, metadata
from callreport.dataset import paths
from callreport.dataset.codebook import article_info, read_descriptor

META = metadata.read()
PAGES = addresses.chapters()
FRONT = PAGES[0]
ARTICLE = article_info(read_descriptor())


def name(docname: str) -> str:
    return docname.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def html(built_html) -> dict[str, str]:
    return {d: (built_html / f"{d}.html").read_text(encoding="utf-8") for d in PAGES}


def head_tags(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in BeautifulSoup(page, "html.parser").head.find_all("meta"):
        key = tag.get("name") or tag.get("property")
        if key:
            found.setdefault(key, []).append(tag.get("content", ""))
    return found


def first_paragraph(page: str) -> str:
    """The page's opening paragraph as a reader sees it: the first <p> of the article that is not
    the masthead's kicker or byline, the front page's byline, a note, a figure's or a table's."""
    article = BeautifulSoup(page, "html.parser").select_one("article.bd-article")
    for p in article.find_all("p"):
        if (
            not p.find_parent(["figure", "table", "details", "aside"])
            and not p.find_parent(class_=re.compile(r"front-header|admonition|cell_output|record-list|cite-box"))
            and not set(p.get("class", [])) & {"report-kicker", "report-byline"}
            and not p.find_parent(class_=re.compile(r"report-kicker|report-byline"))
        ):
            return " ".join(p.get_text().split())
    raise AssertionError("no opening paragraph")


@pytest.mark.parametrize("docname", PAGES)
def test_the_author_is_one_organisation_written_as_zotero_keeps_it_whole(html, docname):
    tags = head_tags(html[docname])
    # One citation_author; a trailing comma with nothing after it is Zotero's one-field name.
    assert tags["citation_author"] == [f"{META.author},"]
    assert tags["citation_publisher"] == [META.author]


def test_the_front_page_is_the_report_and_every_other_page_a_chapter_in_it(html):
    front = head_tags(html[FRONT])
    assert "citation_inbook_title" not in front and front["DC.type"] == ["Book"]
    assert front["citation_title"] == [META.full_title]
    assert front["citation_pdf_url"] == [META.url + "report.pdf"]
    for docname in PAGES[1:]:
        tags = head_tags(html[docname])
        assert tags["citation_inbook_title"] == [META.full_title], docname
        assert "DC.type" not in tags, docname
        assert tags["citation_pdf_url"] == [f"{META.url}pdf/{name(docname)}.pdf"], docname


@pytest.mark.parametrize("docname", PAGES)
def test_the_abstract_is_the_whole_opening_paragraph_with_its_numbers(html, docname):
    tags = head_tags(html[docname])
    opening = first_paragraph(html[docname])
    assert tags["citation_abstract"] == [opening]
    assert tags["description"] == [opening] and tags["og:description"] == [opening]
    assert "{eval}" not in opening and not opening.endswith("...")
    assert not re.search(r"\s[,.;:]", opening), "a value left out leaves a space before the punctuation"


def test_the_front_page_abstract_names_the_call_s_date(html):
    assert "Tuesday 18 March 2025" in head_tags(html[FRONT])["citation_abstract"][0]


@pytest.mark.parametrize("docname", PAGES)
def test_the_version_and_the_versioned_address(html, docname):
    tags = head_tags(html[docname])
    assert tags["prism.edition"] == [META.version]
    assert tags["citation_public_url"] == [f"{META.url}v/{META.version}/{docname}.html"]


@pytest.mark.parametrize("docname", PAGES)
def test_json_ld_says_what_the_tags_say(html, docname):
    items = extruct.extract(html[docname], syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(items) == 1
    item = items[0]
    tags = head_tags(html[docname])
    assert item["@context"] in ("https://schema.org", "http://schema.org")
    book = item if docname == FRONT else item["isPartOf"]
    assert item["@type"] == ("Book" if docname == FRONT else "Chapter")
    assert book["@type"] == "Book" and book["name"] == META.full_title and book["bookEdition"] == META.version
    assert item["name"] == tags["citation_title"][0]
    assert item["version"] == tags["prism.edition"][0]
    assert item["datePublished"] == META.date.isoformat() == tags["citation_publication_date"][0].replace("/", "-")
    assert item["author"] == {"@type": "Organization", "name": META.author}
    assert item["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert item["abstract"] == tags["citation_abstract"][0]
    assert item["url"] == tags["citation_public_url"][0]
    assert item["encoding"]["contentUrl"] == tags["citation_pdf_url"][0]
    assert item["isBasedOn"]["url"] == ARTICLE.url and item["isBasedOn"]["headline"] == ARTICLE.title


@pytest.mark.parametrize("docname", PAGES)
def test_the_downloads_say_what_the_tags_say(built_html, html, docname):
    tags = head_tags(html[docname])
    csl = json.loads((built_html / "cite" / f"{name(docname)}.json").read_text(encoding="utf-8"))
    assert len(csl) == 1
    item = csl[0]
    assert item["type"] == ("book" if docname == FRONT else "chapter")
    assert item["author"] == [{"literal": META.author}]
    assert item["title"] == tags["citation_title"][0] and item["edition"] == META.version
    assert item["abstract"] == tags["citation_abstract"][0] and item["URL"] == tags["citation_public_url"][0]
    assert item["issued"] == {"date-parts": [[META.date.year, META.date.month, META.date.day]]}
    bib = (built_html / "cite" / f"{name(docname)}.bib").read_text(encoding="utf-8")
    assert bib.startswith("@book{" if docname == FRONT else "@incollection{")
    assert re.search(r"\n  author\s+= \{\{Reading the Call data desk\}\},\n", bib)
    assert f"edition   = {{{META.version}}}," in bib
    ris = (built_html / "cite" / f"{name(docname)}.ris").read_bytes().decode("utf-8")
    assert ris.startswith("TY  - BOOK\r\n" if docname == FRONT else "TY  - CHAP\r\n") and ris.endswith("ER  - \r\n")
    assert f"AU  - {META.author},\r\n" in ris and f"ET  - {META.version}\r\n" in ris


def test_the_cite_box_gives_apa_and_chicago_as_a_citation_processor_formats_them(html):
    box = BeautifulSoup(html["chapters/voices"], "html.parser").select_one(".cite-box")
    styles = [p.get_text() for p in box.select(".cite-box__style")]
    references = [p.get_text() for p in box.select(".cite-box__reference")]
    assert styles == ["APA", "Chicago"]
    versioned = f"{META.url}v/{META.version}/chapters/voices.html"
    # Written out by hand from the APA 7 and Chicago author-date rules for a chapter in an edited book.
    assert references[0] == (
        f"Reading the Call data desk. ({META.year}). Who is quoted. In {META.full_title} ({META.version}). "
        f"Reading the Call data desk. {versioned}"
    )
    assert references[1].startswith(f"Reading the Call data desk. {META.year}. “Who Is Quoted”. In Reading the Call")
    links = [a["href"] for a in box.select(".cite-box__downloads a")]
    assert links == ["../cite/voices.bib", "../cite/voices.ris", "../cite/voices.json", "../pdf/voices.pdf"]
    assert versioned in box.get_text() and f"{META.url}chapters/voices.html" in box.get_text()


@pytest.mark.parametrize("docname", PAGES[1:])
def test_each_chapter_s_pdf_opens_at_its_own_first_page(built_html, html, docname):
    reader = PdfReader(built_html / "pdf" / f"{name(docname)}.pdf")
    title = head_tags(html[docname])["citation_title"][0]
    first = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())  # "ﬁ" is "fi"
    assert first.startswith(title), (docname, first[:80])
    assert f"{title}: {META.title}, version {META.version}" in first  # the foot of every page


def test_the_report_s_contents_give_each_chapter_s_page(built_html, html):
    """The printed contents number each chapter; that page of the PDF begins the chapter."""
    reader = PdfReader(built_html / metadata.PDF_NAME)
    contents = " ".join(unicodedata.normalize("NFKC", reader.pages[1].extract_text()).split())
    for docname in PAGES[1:]:
        title = head_tags(html[docname])["citation_title"][0]
        found = re.search(re.escape(title) + r" (\d+)", contents)
        assert found, (title, contents[:300])
        page = " ".join(unicodedata.normalize("NFKC", reader.pages[int(found.group(1)) - 1].extract_text()).split())
        assert title in page, (title, int(found.group(1)))


def test_the_report_prints_tables_as_tables(built_html):
    text = " ".join(page.extract_text() for page in PdfReader(built_html / metadata.PDF_NAME).pages)
    assert "Sort by:" not in text  # a table's header as a phone's card layout writes it
    assert not re.search(r"\bQuote: q-\d\d", text)  # a card's "label: value" line


def test_a_pdf_is_byte_identical_when_printed_again(built_html, tmp_path):
    """Printing a chapter again gives the same bytes (callreport.book.pdf.settle)."""
    first = (built_html / "pdf" / "article.pdf").read_bytes()
    # In a process of its own: Playwright's sync API will not run inside another test's event loop.
    again = tmp_path / "article.pdf"
    script = (
        "import sys; from pathlib import Path; from callreport.book import pdf; "
        "Path(sys.argv[2]).write_bytes(pdf.print_chapters(Path(sys.argv[1]), only=['chapters/article'], "
        "write=False)['chapters/article'])"
    )
    subprocess.run([sys.executable, "-c", script, str(built_html), str(again)], check=True, cwd=paths.ROOT)
    assert again.read_bytes() == first
