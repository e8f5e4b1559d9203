"""The report's one metadata source, _config.yml, and everything derived from it:
the citation of the whole report and of each chapter, CITATION.cff, the meta tags,
the footer and the published addresses. Nothing here is typed twice.

Run ``python -m callreport.book.metadata`` (``make citation``) to rewrite CITATION.cff and
.zenodo.json.
"""

from __future__ import annotations

import datetime as dt
import json
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


# The caption of the book's part that is the report proper (_toc.yml); its pages are its chapters.
REPORT_PART = "The report"


def parts(path: Path = paths.TOC) -> dict[str, list[str]]:
    """The book's parts by caption ("The report": its chapters as docnames, in reading order), from _toc.yml."""
    return {part["caption"]: [entry["file"] for entry in part["chapters"]] for part in _config(path).get("parts", [])}


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


ZENODO = ".zenodo.json"  # what Zenodo reads when a GitHub release is archived (it overrides CITATION.cff)
ZENODO_LICENCES = {"CC-BY-4.0": "cc-by-4.0"}  # SPDX id -> Zenodo's licence id


def zenodo(meta: Metadata, data_dir: Path = paths.DATA) -> dict:
    """.zenodo.json: the release as Zenodo archives it, with a DOI, from the same metadata."""
    source = article(data_dir)
    return {
        "title": meta.full_title,
        "upload_type": "publication",
        "publication_type": "report",
        "description": citation_cff(meta, data_dir)["abstract"],
        "creators": [{"name": meta.author}],
        "version": meta.version,
        "publication_date": meta.date.isoformat(),
        "license": ZENODO_LICENCES[meta.license],
        "access_right": "open",
        "language": "eng",
        "keywords": [*KEYWORDS, *source.keywords],
        "related_identifiers": [
            {"identifier": meta.url, "relation": "isIdenticalTo", "resource_type": "publication-report"},
            {"identifier": meta.repository, "relation": "isSupplementedBy", "resource_type": "software"},
            {"identifier": source.url, "relation": "references", "resource_type": "publication-article"},
        ],
    }


def zenodo_text(meta: Metadata, data_dir: Path = paths.DATA) -> str:
    return json.dumps(zenodo(meta, data_dir), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    meta = read()
    (paths.ROOT / "CITATION.cff").write_text(cff_text(meta), encoding="utf-8")
    (paths.ROOT / ZENODO).write_text(zenodo_text(meta), encoding="utf-8")
    print(f"wrote CITATION.cff and {ZENODO}")


if __name__ == "__main__":
    main()
