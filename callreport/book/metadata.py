"""The report's one metadata source, _config.yml, and everything derived from it:
the citation of the whole report and of each chapter, CITATION.cff, the meta tags,
the footer and the published addresses. Nothing here is typed twice.

Run ``python -m callreport.book.metadata`` (``make citation``) to rewrite CITATION.cff.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from callreport.dataset import paths
from callreport.dataset.codebook import Article, article_info, read_descriptor
from callreport.report.escape import html_text, url

LICENCES = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "MIT": ("MIT", "https://opensource.org/license/mit"),
}
KEYWORDS = ("data journalism", "content analysis", "Jupyter Book")  # the report's own; the article's follow
PDF_NAME = "report.pdf"
CHANGES_PAGE = "chapters/changes.html"


@dataclass(frozen=True)
class Metadata:
    title: str
    subtitle: str
    author: str
    version: str
    date: dt.date
    license: str
    code_license: str
    repository: str
    url: str
    changes: tuple[dict, ...]

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}"

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def base_path(self) -> str:
        """The path the book is served under, e.g. /report/ for https://example.org/report/."""
        return urlsplit(self.url).path

    @property
    def pdf_url(self) -> str:
        return self.url + PDF_NAME

    def page_url(self, docname: str) -> str:
        return f"{self.url}{docname}.html"


@cache
def _config(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read(path: Path = paths.CONFIG) -> Metadata:
    config = _config(path)
    meta = config["metadata"]
    return Metadata(
        title=config["title"],
        subtitle=meta["subtitle"],
        author=config["author"],
        version=str(meta["version"]),
        date=meta["date"],
        license=meta["license"],
        code_license=meta["code_license"],
        repository=config["repository"]["url"],
        url=meta["url"],
        changes=tuple(meta["changes"]),
    )


def chapters(path: Path = paths.TOC) -> list[str]:
    """Every page of the book in reading order, as docnames (chapters/voices), from _toc.yml."""
    toc = _config(path)

    def files(entries: list[dict]) -> list[str]:
        return [name for entry in entries for name in [entry["file"], *files(entry.get("sections", []))]]

    parts = toc.get("parts", [{"chapters": toc.get("chapters", [])}])
    return [toc["root"], *(name for part in parts for name in files(part["chapters"]))]


def parts(path: Path = paths.TOC) -> dict[str, list[str]]:
    """The book's parts by caption ("The report": its chapters as docnames, in reading order), from _toc.yml."""
    return {part["caption"]: [entry["file"] for entry in part["chapters"]] for part in _config(path).get("parts", [])}


def chapter_reference(meta: Metadata, chapter_title: str, docname: str) -> str:
    """A formatted reference to one chapter, as plain text."""
    return (
        f"{meta.author} ({meta.year}). {chapter_title}. In {meta.full_title} "
        f"(version {meta.version}). {meta.page_url(docname)}"
    )


def bibtex_key(meta: Metadata, docname: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "", meta.title.lower())
    return f"{slug}{meta.year}{Path(docname).name}"


def chapter_bibtex(meta: Metadata, chapter_title: str, docname: str) -> str:
    return "\n".join(
        [
            f"@incollection{{{bibtex_key(meta, docname)},",
            f"  author    = {{{{{meta.author}}}}},",
            f"  title     = {{{chapter_title}}},",
            f"  booktitle = {{{meta.full_title}}},",
            f"  publisher = {{{meta.author}}},",
            f"  year      = {{{meta.year}}},",
            f"  edition   = {{Version {meta.version}}},",
            f"  url       = {{{meta.page_url(docname)}}},",
            "}",
        ]
    )


def highwire_tags(meta: Metadata, chapter_title: str, docname: str) -> dict[str, str]:
    """The citation_* tags Google Scholar and Zotero read."""
    return {
        "citation_title": chapter_title,
        "citation_author": meta.author,
        "citation_publication_date": meta.date.strftime("%Y/%m/%d"),
        "citation_inbook_title": meta.full_title,
        "citation_publisher": meta.author,
        "citation_public_url": meta.page_url(docname),
        "citation_pdf_url": meta.pdf_url,
        "citation_language": "en",
    }


def article(data_dir: Path = paths.DATA) -> Article:
    """What the book names about the article it reads (its rights holder, outlet, keywords):
    the article's descriptor, data_dir/datapackage.json, not _config.yml."""
    return article_info(read_descriptor(data_dir / "datapackage.json"))


def _rights_html(data_dir: Path) -> str:
    """The footer's and the cover's rights sentence, its one value from the descriptor escaped."""
    return (
        f"The article's text is © {html_text(article(data_dir).rights_holder)}, reproduced for criticism and "
        "review, and is not covered by these licences."
    )


def footer_html(meta: Metadata, data_dir: Path = paths.DATA) -> str:
    prose, prose_url = LICENCES[meta.license]
    code, code_url = LICENCES[meta.code_license]
    return (
        f'<p class="report-footer">Version {html_text(meta.version)}, {meta.date.isoformat()}. '
        f'Prose and data: <a href="{url(prose_url)}">{html_text(prose)}</a>. '
        f'Code: <a href="{url(code_url)}">{html_text(code)}</a>. '
        f'{_rights_html(data_dir)} <a href="{url(meta.repository)}">Source</a>.</p>'
    )


def cite_box_html(meta: Metadata, chapter_title: str, docname: str) -> str:
    """The "Cite this chapter" box: a formatted reference and a BibTeX entry with a copy button."""
    reference = chapter_reference(meta, chapter_title, docname)
    bibtex = chapter_bibtex(meta, chapter_title, docname)

    def here(target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(docname))

    return (
        '<section class="cite-box" id="cite-this-chapter" aria-labelledby="cite-this-chapter-heading">'
        '<h2 id="cite-this-chapter-heading">Cite this chapter</h2>'
        f'<p class="cite-box__reference">{html_text(reference)}</p>'
        '<p class="cite-box__label">BibTeX</p>'
        f'<div class="highlight-bibtex notranslate"><div class="highlight"><pre>{html_text(bibtex)}</pre></div></div>'
        f'<p class="cite-box__more">Cite the whole report with <code>CITATION.cff</code> in '
        f'<a href="{url(meta.repository)}">its repository</a>, or the '
        f'<a href="{url(here(PDF_NAME))}">PDF</a>. This is version {html_text(meta.version)}; '
        f'<a href="{url(here(CHANGES_PAGE))}">corrections and changes</a> '
        "lists every version.</p>"
        "</section>"
    )


def cover_html(meta: Metadata, data_dir: Path = paths.DATA) -> str:
    """The PDF's first page: what the report is, who made it, which version, where it lives."""
    prose, _ = LICENCES[meta.license]
    code, _ = LICENCES[meta.code_license]
    return (
        '<section class="report-cover">'
        f'<p class="report-cover__title">{html_text(meta.title)}</p>'
        f'<p class="report-cover__subtitle">{html_text(meta.subtitle)}</p>'
        f"<p>{html_text(meta.author)}. Version {html_text(meta.version)}, {meta.date.isoformat()}.</p>"
        f"<p>Online: {html_text(meta.url)}<br>Source and data: {html_text(meta.repository)}</p>"
        f"<p>Prose and data: {html_text(prose)}. Code: {html_text(code)}. {_rights_html(data_dir)}</p>"
        "</section>"
    )


def _person(name: str) -> dict[str, str]:
    given, _, family = name.rpartition(" ")
    return {"family-names": family, "given-names": given}


def citation_cff(meta: Metadata, data_dir: Path = paths.DATA) -> dict:
    """CITATION.cff for the whole report, with the source article among its references."""
    source = article(data_dir)
    authors = [{"name": meta.author}]
    return {
        "cff-version": "1.2.0",
        "message": "If you use or cite this report, please cite it as below.",
        "type": "dataset",
        "title": meta.full_title,
        "authors": authors,
        "version": meta.version,
        "date-released": meta.date.isoformat(),
        "license": meta.license,
        "repository-code": meta.repository,
        "url": meta.url,
        "abstract": (
            f"A reproducible report on one {source.outlet} article: its quotations, demands, positions and "
            "events as a validated dataset tied to the text by character offsets, with the chapters "
            "that analyse them."
        ),
        "keywords": [*KEYWORDS, *source.keywords],
        "references": [
            {
                "type": "article",
                "title": source.title,
                "authors": [_person(source.author)],
                "publisher": {"name": source.outlet},
                "url": source.url,
                "notes": source.citation_note,
            }
        ],
        "preferred-citation": {
            "type": "report",
            "title": meta.full_title,
            "authors": authors,
            "version": meta.version,
            "year": meta.year,
            "url": meta.url,
            "publisher": {"name": meta.author},
        },
    }


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full rather than as YAML anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def cff_text(meta: Metadata, data_dir: Path = paths.DATA) -> str:
    header = "# Generated from _config.yml by `make citation` (python -m callreport.book.metadata); do not edit.\n"
    body = yaml.dump(citation_cff(meta, data_dir), Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def main() -> None:
    (paths.ROOT / "CITATION.cff").write_text(cff_text(read()), encoding="utf-8")
    print("wrote CITATION.cff")


if __name__ == "__main__":
    main()
