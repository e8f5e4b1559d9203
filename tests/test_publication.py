"""The book as a citable, reusable publication: every citation, tag, address and download
checked against the one metadata source, _config.yml."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from callreport.book import addresses, metadata, pdf
from callreport.dataset import paths
from callreport.dataset.codebook import read_descriptor, table_resources
from callreport.dataset.load import TABLES

META = metadata.read()
CHAPTERS = addresses.chapters()
CFF = paths.ROOT / ".venv-cff" / "bin" / "cffconvert"
WORKFLOW = paths.ROOT / ".github" / "workflows" / "publish.yml"


def chapter_title(docname: str) -> str:
    source = next(paths.ROOT.glob(f"{docname}.*"))
    if source.suffix == ".ipynb":
        first = nbformat.read(source, as_version=4).cells[0].source
    else:
        first = source.read_text(encoding="utf-8")
    return first.splitlines()[0].removeprefix("# ")


@pytest.fixture(scope="module")
def pages(built_html) -> dict[str, BeautifulSoup]:
    return {d: BeautifulSoup((built_html / f"{d}.html").read_text(), "html.parser") for d in CHAPTERS}


def meta_content(soup, attribute: str, name: str) -> str:
    tag = soup.find("meta", attrs={attribute: name})
    assert tag is not None, name
    return tag["content"]


def test_citation_cff_is_generated_from_the_metadata():
    assert (paths.ROOT / "CITATION.cff").read_text(encoding="utf-8") == metadata.cff_text(META)
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text())
    assert (cff["title"], cff["version"], cff["date-released"]) == (
        META.full_title,
        META.version,
        META.date.isoformat(),
    )
    assert (cff["license"], cff["repository-code"], cff["url"]) == (META.license, META.repository, META.url)


def test_the_references_give_the_article_s_address_as_the_descriptor_records_it():
    """The one copy of the address outside the descriptor, in references.bib, is the descriptor's."""
    bib = (paths.ROOT / "references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@misc\{rosenberg-bbc-call,(.*?)\n\}", bib, re.S).group(1)
    address = re.search(r"url\s*=\s*\{(.*?)\}", entry).group(1)
    assert address == metadata.article().url


def test_zenodo_json_is_generated_from_the_metadata():
    """A release archived on Zenodo gets the report's title, organisation, version, date and licence."""
    assert (paths.ROOT / ".zenodo.json").read_text(encoding="utf-8") == metadata.zenodo_text(META)
    record = json.loads((paths.ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert (record["title"], record["version"], record["publication_date"]) == (
        META.full_title,
        META.version,
        META.date.isoformat(),
    )
    assert record["creators"] == [{"name": "Reading the Call data desk"}] and record["license"] == "cc-by-4.0"
    assert {r["identifier"] for r in record["related_identifiers"]} >= {META.url, META.repository}


def test_citation_cff_is_valid():
    if not CFF.exists():
        pytest.fail(f"{CFF} is missing: `make test` creates it (cffconvert lives in its own venv, .venv-cff)")
    result = subprocess.run(
        [str(CFF), "--validate", "-i", "CITATION.cff"], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("docname", CHAPTERS)
def test_opengraph_tags_match_the_metadata(pages, docname):
    soup = pages[docname]
    assert meta_content(soup, "property", "og:title") == chapter_title(docname)
    assert meta_content(soup, "property", "og:url") == META.page_url(docname)
    assert meta_content(soup, "property", "og:site_name") == META.title
    image = meta_content(soup, "property", "og:image")
    assert image == f"{META.url}cards/{docname}.png"  # the chapter's sharing card (tests/test_cards.py)
    assert meta_content(soup, "name", "twitter:image") == image
    assert meta_content(soup, "name", "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_footer_states_version_and_licences(pages, docname):
    footer = pages[docname].find(class_="report-footer").get_text()
    assert f"Version {META.version}" in footer
    assert "CC BY 4.0" in footer and "MIT" in footer and "© BBC" in footer


def test_preview_images_exist(built_html, pages):
    for soup in pages.values():
        image = meta_content(soup, "property", "og:image").removeprefix(META.url)
        assert (built_html / image).read_bytes().startswith(b"\x89PNG")


def test_sitemap_lists_every_chapter_at_its_published_address_and_nothing_else(built_html):
    tree = ElementTree.parse(built_html / "sitemap.xml")
    locations = {node.text for node in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert locations == {META.page_url(d) for d in CHAPTERS}


def test_not_found_page_links_under_the_base_path(built_html):
    page = (built_html / "404.html").read_text()
    assert "Page not found" in page
    assert f'href="{META.base_path}chapters/index.html"' in page
    assert f'href="{META.base_path}_static/' in page


def test_every_stable_address_resolves(built_html):
    missing = []
    for address in addresses.listed():
        page, _, anchor = address.partition("#")
        path = built_html / page
        if not path.exists() or (anchor and f'id="{anchor}"' not in path.read_text()):
            missing.append(address)
    assert missing == []
    assert sum(a.count("#fig-") for a in addresses.listed()) >= 6


def test_stable_addresses_cover_every_quote_and_demand(tables):
    listed = set(addresses.listed())
    assert {f"chapters/article.html#{q}" for q in tables.quotes["quote_id"]} <= listed
    assert {f"chapters/demands.html#{d}" for d in tables.demands["demand_id"]} <= listed
    assert {f"{c}.html" for c in CHAPTERS} <= listed


TARGETED = re.compile(r"#(?:src-d|q|d|e)-\d\d$")  # the addresses of quotes, demands and events


def test_every_listed_quote_demand_and_event_records_the_text_it_names():
    recorded = addresses.recorded()
    unrecorded = [a for a, text in recorded.items() if TARGETED.search(a) and text is None]
    assert unrecorded == []
    assert sum("#q-" in a and text is not None for a, text in recorded.items()) >= 12


def test_each_listed_id_still_names_the_text_recorded_for_it(tables):
    """Read from the data: a quote's id names its text; a demand's (and its evidence's) and an event's, the
    evidence. An id re-pointed at another quotation would still resolve in the book, so only this catches it."""
    now = {
        **dict(zip(tables.quotes["quote_id"], tables.quotes["text"], strict=True)),
        **dict(zip(tables.demands["demand_id"], tables.demands["evidence"], strict=True)),
        **{f"src-{d}": e for d, e in zip(tables.demands["demand_id"], tables.demands["evidence"], strict=True)},
        **dict(zip(tables.events["event_id"], tables.events["evidence"], strict=True)),
    }
    changed = {
        address: (text, now.get(address.partition("#")[2]))
        for address, text in addresses.recorded().items()
        if text is not None and now.get(address.partition("#")[2]) != text
    }
    assert changed == {}
    assert addresses.moved(tables) == []


def renumbered_by_position(tables):
    """The quotes as ids by position would give them after a quotation inserted before all of them."""
    quotes = pd.concat([pd.DataFrame({"text": ["triumph"]}), tables.quotes[["text"]]], ignore_index=True)
    quotes.insert(0, "quote_id", [f"q-{n:02d}" for n in range(1, len(quotes) + 1)])
    return dataclasses.replace(tables, quotes=quotes)


def test_moved_names_each_quote_address_that_ids_by_position_would_re_point(tables):
    texts = list(tables.quotes["text"])
    result = addresses.moved(renumbered_by_position(tables))
    expected = [
        (f"chapters/article.html#q-{n:02d}", was, now)
        for n, (was, now) in enumerate(zip(texts, ["triumph", *texts[:-1]], strict=True), start=1)
    ]
    assert result == expected
    assert result[0] == (
        "chapters/article.html#q-01",
        "Putin and Trump agreed to work together on Ukraine resolution,",
        "triumph",
    )


@pytest.fixture
def address_list(tmp_path, monkeypatch, tables):
    """make addresses on a copy of the list, with the committed data and a build holding two new addresses."""
    copy = tmp_path / "stable-addresses.txt"
    copy.write_text(addresses.LIST.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(addresses, "LIST", copy)
    monkeypatch.setattr(addresses, "load", lambda: tables)
    new = ["chapters/voices.html#q-05", "chapters/voices.html#fig-another"]
    monkeypatch.setattr(addresses, "found", lambda: [*addresses.listed(paths.ROOT / "stable-addresses.txt"), *new])
    return copy


def test_make_addresses_keeps_every_line_and_adds_new_ones_with_their_text(address_list):
    before = address_list.read_text(encoding="utf-8")
    addresses.main()
    after = address_list.read_text(encoding="utf-8")
    assert after == before + 'chapters/voices.html#q-05 "We had a great call,"\nchapters/voices.html#fig-another\n'


def test_make_addresses_refuses_while_a_listed_id_names_another_text(address_list, monkeypatch, tables):
    before = address_list.read_text(encoding="utf-8")
    monkeypatch.setattr(addresses, "load", lambda: renumbered_by_position(tables))
    with pytest.raises(SystemExit) as stopped:
        addresses.main()
    assert str(stopped.value) == (
        "stable-addresses.txt: chapters/article.html#q-01 was listed for "
        "'Putin and Trump agreed to work together on Ukraine resolution,' but now names 'triumph'"
    )
    assert address_list.read_text(encoding="utf-8") == before


def test_pdf_holds_every_chapter(built_html):
    reader = PdfReader(built_html / metadata.PDF_NAME)
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    for docname in CHAPTERS:
        assert chapter_title(docname) in text, docname
    assert f"Version {META.version}" in text and META.url in text


def outline_entries(reader: PdfReader, items=None, depth: int = 0) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks in order: (depth, title, page index). Chromium runs a title's words together
    where its heading wraps, and sometimes writes a title twice, so titles are kept without spaces
    and compared by their start."""
    entries = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            entries += outline_entries(reader, item, depth + 1)
        else:
            entries.append((depth, re.sub(r"\s+", "", item.title), reader.get_destination_page_number(item)))
    return entries


def test_pdf_prints_the_codebook_as_an_appendix_after_the_last_chapter(built_html):
    """Print moves the codebook out of the methodology chapter to an appendix after the last chapter
    (callreport.book.pdf), every table of the descriptor under it; the web page keeps it in place."""
    reader = PdfReader(built_html / metadata.PDF_NAME)
    entries = outline_entries(reader)
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    chapters = [squeeze(chapter_title(d)) for d in CHAPTERS[1:]]  # the landing page is the outline's root
    depth = next(depth for depth, title, _ in entries if title.startswith(chapters[0]))
    top = [(title, page) for d, title, page in entries if d == depth]
    order = [next(i for i, (title, _) in enumerate(top) if title.startswith(c)) for c in chapters]
    appendix = [i for i, (title, _) in enumerate(top) if title == squeeze(pdf.APPENDIX_HEADING)]
    assert order == sorted(order) and appendix == [len(top) - 1] and order[-1] < appendix[0]
    first_page = top[appendix[0]][1]
    assert first_page > top[order[-1]][1], "the appendix starts on a page of its own, after the last chapter"
    resources = [r for r in table_resources(read_descriptor()) if r["name"] in TABLES]  # those the codebook shows
    tables = [squeeze(f"{r['title']}: data/{r['path']}") for r in resources]
    where = {title: (i, page) for i, (d, title, page) in enumerate(entries) if title in tables}
    start = next(i for i, (d, title, _) in enumerate(entries) if title == squeeze(pdf.APPENDIX_HEADING))
    assert sorted(where) == sorted(tables), "every table of the codebook has its heading in the PDF"
    assert all(i > start and page >= first_page for i, page in where.values())
    before = " ".join(reader.pages[i].extract_text() for i in range(first_page))
    after = " ".join(reader.pages[i].extract_text() for i in range(first_page, len(reader.pages)))
    assert "Fields of blocks.csv" not in before and "Fields of blocks.csv" in after
    assert "printed at the end of this report" in re.sub(r"\s+", " ", before)  # the methodology points to it
    web = BeautifulSoup((built_html / "chapters" / "methodology.html").read_text(), "html.parser")
    codebook = web.find("section", id=pdf.CODEBOOK_SECTION)
    assert [h["id"] for h in codebook.find_all("h3")] == [f"codebook-{r['name']}" for r in resources]


SCREEN_ONLY = ("div.screen-only", "p.report-chart__how")  # a prose block, a chart's how-to line


def test_pdf_leaves_out_how_to_work_the_screen(built_html, pages):
    """The instructions for pointer, touch and keyboard are on the web pages and not in the printed
    report: the prose's screen-only blocks and each chart's line on how to work it."""
    kinds = {kind: [b.get_text() for soup in pages.values() for b in soup.select(kind)] for kind in SCREEN_ONLY}
    assert all(kinds.values()), f"each kind of screen-only text is on some page: {kinds}"
    blocks = [block for found in kinds.values() for block in found]
    assert all(re.search(r"(?i)\b(click|tap|hover|drag|type|tab)\b", block) for block in blocks)
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731  (the PDF's text breaks lines anywhere)
    printed = squeeze(" ".join(page.extract_text() for page in PdfReader(built_html / metadata.PDF_NAME).pages))
    assert [block for block in blocks if squeeze(block) in printed] == []


@pytest.mark.parametrize("docname", [d for d in CHAPTERS if (paths.ROOT / f"{d}.ipynb").exists()])
def test_each_notebook_can_be_downloaded(built_html, pages, docname):
    source = built_html / "_sources" / f"{docname}.ipynb"
    assert source.read_bytes() == (paths.ROOT / f"{docname}.ipynb").read_bytes()
    links = [a.get("href", "") for a in pages[docname].find_all("a")]
    assert any(href.endswith(f"_sources/{docname}.ipynb") for href in links)


def test_workflow_builds_with_the_readme_commands():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    readme = (paths.ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert commands == ["make book", "make test"]
    # After the README's two commands, the releases already published are kept beside this one.
    assert runs == [*commands, "make site"]
    upload = next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "_build/site"
    assert any("deploy-pages" in step.get("uses", "") for step in workflow["jobs"]["deploy"]["steps"])


def test_workflow_pins_every_action_by_commit():
    """A tag can be moved to other code; a commit cannot. The release stays readable in a comment."""
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", WORKFLOW.read_text(), re.M)
    assert len(uses) == 4
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action}: no release named in a comment"


def test_workflow_grants_least_privilege():
    """The token reads the repository; only the deploy job, which runs no project code, may write to Pages."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
            assert all("run" not in step for step in job["steps"]), "the deploy job runs no project code"
        else:
            assert "permissions" not in job, name
    checkouts = [s for job in workflow["jobs"].values() for s in job["steps"] if "checkout" in s.get("uses", "")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_base_url_is_set_in_one_place():
    host = re.escape(META.url.split("://")[1].split("/")[0])
    generated = {paths.ROOT / "CITATION.cff"}
    suffixes = {".py", ".md", ".yml", ".yaml", ".ipynb", ".txt", ".cfg", ".toml", ".bib"}
    offenders = []
    for folder, folders, names in os.walk(paths.ROOT):
        # Hidden folders (.git, the venvs) and _build are pruned, not walked and then skipped file by file.
        folders[:] = [name for name in folders if not name.startswith((".", "_build"))]
        for name in names:
            path = Path(folder) / name
            hidden = name.startswith((".", "_build"))
            if hidden or path in generated or path == paths.CONFIG or not path.is_file() or path.suffix not in suffixes:
                continue
            if re.search(host, path.read_text(errors="ignore")):
                offenders.append(str(path.relative_to(paths.ROOT)))
    assert offenders == []


def test_changes_page_is_tied_to_the_cited_version():
    newest = META.changes[0]
    assert (str(newest["version"]), newest["date"]) == (META.version, META.date)


def test_licences_are_stated_in_the_repository():
    assert "MIT License" in (paths.ROOT / "LICENSE").read_text()
    cc = (paths.ROOT / "LICENSE-CC-BY-4.0.md").read_text()
    assert "Creative Commons Attribution 4.0" in cc and "BBC" in cc
