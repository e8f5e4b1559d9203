"""The built book, read as files: nothing loads from another host, every page under the strict
Content Security Policy with nothing inline, Vega only where charts are, every chart's assets and
every data download present."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import vl_convert
from bs4 import BeautifulSoup

from callreport.book import csp, downloads, metadata, vendor
from callreport.book.sphinx_ext import INTERPRETER, VEGA_BUNDLE
from callreport.dataset import paths
from callreport.dataset.codebook import read_descriptor
from callreport.report import figures, typeface

REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
FETCHING = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
}


def remote_references(html: str) -> list[str]:
    """Every resource a page would fetch from another host: tags, stylesheets, inline CSS and scripts."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        names = FETCHING.get(tag.name, [])
        if tag.name == "link" and set(tag.get("rel", [])) & {
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
            "prefetch",
            "manifest",
        }:
            names = ["href"]
        found += [f"<{tag.name} {n}={tag[n]}>" for n in names if tag.has_attr(n) and REMOTE.match(tag[n])]
        found += [
            f"<{tag.name} style> {u}"
            for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", tag.get("style", ""))
        ]
    for script in soup.find_all("script"):
        if script.get("type") not in ("application/json", "application/ld+json"):
            found += [f"<script> {u}" for u in re.findall(r"https?://[^\s'\"<>)]+", script.get_text())]
    for style in soup.find_all("style"):
        found += [f"<style> {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style.get_text())]
    return found


def pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "_static" not in p.parts)


def test_the_scanner_finds_what_it_should():
    page = (
        '<script src="https://cdn.example/vega.js"></script><link rel="stylesheet" href="//fonts.example/a.css">'
        '<img srcset="https://x.example/a.png 2x"><div style="background:url(https://x.example/b.png)"></div>'
        '<script>require.config({paths: {vega: "https://cdn.jsdelivr.net/npm/vega@5"}})</script>'
        '<a href="https://example.org/">a link is not a fetch</a><script src="_static/local.js"></script>'
    )
    assert len(remote_references(page)) == 5


def test_no_page_refers_to_another_host(built_html):
    offenders = {
        str(p.relative_to(built_html)): refs for p in pages(built_html) if (refs := remote_references(p.read_text()))
    }
    assert offenders == {}


def test_no_stylesheet_refers_to_another_host(built_html):
    offenders = {}
    for css in built_html.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(errors="replace"))
        if urls:
            offenders[str(css.relative_to(built_html))] = urls
    assert offenders == {}


def test_vega_loads_only_on_chart_pages(built_html):
    """Chart pages carry the chart script, which knows where the one vendored bundle is;
    other pages carry neither."""
    for page in pages(built_html):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        chart_script = soup.find("script", src=re.compile(r"charts\.js"))
        has_chart = soup.find(class_="report-chart__view") is not None
        assert (chart_script is not None) == has_chart, page.name
        assert not soup.find("script", src=re.compile("vendor/vega")), page.name
        if has_chart:
            assert chart_script.has_attr("defer")
            for attribute, vendored in (("data-vega", VEGA_BUNDLE), ("data-interpreter", INTERPRETER)):
                target = (page.parent / chart_script[attribute]).resolve()
                assert target == (built_html / "_static" / vendored).resolve() and target.exists()


def test_no_script_holds_back_the_first_paint(built_html):
    """Every script file in a page's head waits for the page to be parsed (defer or async), except
    mode.js, which sets the reader's light or dark mode before the first paint (deferred, a page
    would first be drawn in the wrong mode; the theme writes it inline, the CSP makes it a file).
    documentation_options.js is deferred too, ahead of every script that reads its globals."""
    blocking = {}
    for page in pages(built_html):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        head = soup.head or soup
        found = [
            s["src"].split("?")[0]
            for s in head.find_all("script", src=True)
            if not (s.has_attr("defer") or s.has_attr("async") or s["src"].split("?")[0].endswith("_static/mode.js"))
        ]
        if found and page.name != "search.html":  # the search page needs its index before it can search
            blocking[str(page.relative_to(built_html))] = found
        # Deferred scripts run in the page's order: whatever reads the options comes after them.
        sources = [s["src"].split("?")[0] for s in soup.find_all("script", src=True)]
        # 404.html names its files from the site's base path (/<repository>/_static/...), not its folder.
        base = metadata.read().base_path
        files = [
            built_html / src.removeprefix(base) if src.startswith(base) else (page.parent / src).resolve()
            for src in sources
        ]
        order = [f.name for f in files]
        readers = [i for i, f in enumerate(files) if "DOCUMENTATION_OPTIONS." in f.read_text(encoding="utf-8")]
        if readers:
            assert order.index("documentation_options.js") < min(readers), f"{page.name}: options read before set"
    assert blocking == {}


def test_no_thebe_mathjax_or_requirejs(built_html):
    for page in pages(built_html):
        text = page.read_text()
        for library in ("thebe", "mathjax", "require.min.js", "unpkg.com", "jsdelivr"):
            assert library not in text.lower(), (page.name, library)


def test_every_chart_has_its_files(built_html):
    ids = set()
    for page in pages(built_html):
        ids |= set(re.findall(r'<figure class="report-chart" id="(fig-[a-z-]+)"', page.read_text()))
    assert len(ids) >= 6
    for fig in ids:
        for suffix in (".svg", ".png", ".csv", ".vl.json"):
            assert (built_html / "charts" / f"{fig}{suffix}").stat().st_size > 0, fig + suffix


def test_chart_drawings_are_the_committed_outputs(built_html):
    """The build draws no chart: each SVG it serves is the one stored in its notebook, and each PNG
    that drawing rasterised."""
    served = 0
    for path in sorted(paths.CHAPTERS.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                bundle = output.get("data", {})
                if figures.VEGALITE_MIME in bundle:
                    fig = figures.figure_meta(bundle[figures.VEGALITE_MIME])["id"]
                    charts = built_html / "charts"
                    assert (charts / f"{fig}.svg").read_text(encoding="utf-8") == "".join(bundle["image/svg+xml"])
                    assert "image/png" not in bundle
                    png = figures.to_png("".join(bundle["image/svg+xml"]), scale=figures.PNG_SCALE)
                    assert (charts / f"{fig}.png").read_bytes() == png
                    served += 1
    assert served >= 6


@pytest.fixture(scope="module")
def descriptor():
    return read_descriptor()


def test_every_data_file_is_downloadable(built_html, descriptor):
    for relative in downloads.package_files():
        assert (built_html / "data" / relative).read_bytes() == (paths.DATA / relative).read_bytes(), relative


def test_zip_holds_what_the_package_describes(built_html, descriptor):
    with zipfile.ZipFile(built_html / "data" / downloads.zip_name(descriptor)) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(f"{descriptor['name']}/{r}" for r in downloads.package_files())
        for relative in downloads.package_files():
            assert archive.read(f"{descriptor['name']}/{relative}") == (paths.DATA / relative).read_bytes()


def test_zip_is_byte_identical_when_rebuilt(tmp_path, built_html, descriptor):
    downloads.write(tmp_path)
    name = downloads.zip_name(descriptor)
    assert (tmp_path / "data" / name).read_bytes() == (built_html / "data" / name).read_bytes()


def test_vendored_vega_bundle_is_what_the_pinned_packages_make():
    """The committed bundle is exactly vl-convert's, at the Vega-Lite version altair writes."""
    bundle = vendor.vendored()
    version = vendor.vegalite_version()
    assert bundle.name == vendor.bundle_name(version)
    assert bundle.read_text(encoding="utf-8") == vendor.bundle_text(version)
    assert re.search(r"https?://", bundle.read_text(encoding="utf-8")[:400]) is None


@pytest.fixture(scope="module")
def npm_modules(tmp_path_factory):
    """The npm packages of callreport/book/npm's lock, installed in a scratch folder."""
    return vendor.npm_install(tmp_path_factory.mktemp("npm"))


def test_vendored_interpreter_is_what_the_locked_packages_make(npm_modules):
    """The committed interpreter is exactly esbuild's bundle of the versions in the lock file, and it
    is the release that goes with the bundled Vega."""
    assert vendor.vendored_interpreter().name == vendor.interpreter_name()
    assert vendor.INTERPRETER_FOR_VEGA[vl_convert.get_vega_version()] == vendor.locked("vega-interpreter")
    assert vendor.vendored_interpreter().read_text(encoding="utf-8") == vendor.interpreter_text(npm_modules)


def test_the_book_type_is_exactly_the_locked_packages_faces_with_their_licences(npm_modules):
    committed = {p.name: p.read_bytes() for p in typeface.FONTS.iterdir()}
    expected = {face.file: (npm_modules / face.package / "files" / face.file).read_bytes() for face in typeface.FACES}
    for package in ("source-sans-3", "source-serif-4"):
        expected[f"OFL-{package}.txt"] = (npm_modules / "@fontsource" / package / "LICENSE").read_bytes()
    assert committed.keys() == expected.keys()
    assert [name for name in committed if committed[name] != expected[name]] == []
    assert all(
        b"SIL Open Font License" in committed[f"OFL-{package}.txt"] for package in ("source-sans-3", "source-serif-4")
    )


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere():
    directives = dict(d.split(" ", 1) for d in csp.POLICY.split("; "))
    assert directives["default-src"] == directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
    assert not re.search(r"unsafe|sha256-|nonce-|\*|https?:", csp.POLICY)


def inline_code(html: str) -> list[str]:
    """What a strict policy would block on a page: inline scripts (JSON and JSON-LD data aside), <style>
    elements, style attributes and event-handler attributes, and a policy that is not the book's
    or does not come before every script and stylesheet."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    policies = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    if [p.get("content") for p in policies] != [csp.POLICY]:
        found.append(f"policies: {[p.get('content') for p in policies]}")
    elif policies[0].find_previous(["script", "style", "link"]) is not None:
        found.append("the policy comes after a script or stylesheet")
    found += [
        f"<script> {s.get_text()[:60]!r}"
        for s in soup.find_all("script")
        if not s.get("src") and s.get("type") not in ("application/json", "application/ld+json")  # data, never run
    ]
    found += [f"<style> {s.get_text()[:60]!r}" for s in soup.find_all("style")]
    for tag in soup.find_all(True):
        found += [f"<{tag.name} {a}>" for a in tag.attrs if a == "style" or a.startswith("on")]
    return found


def test_the_checker_finds_inline_code():
    page = (
        f"<head>{csp.META}<script>x()</script><style>p{{}}</style></head>"
        '<body><p style="color:red" onclick="y()">a</p><script type="application/json">{}</script></body>'
    )
    assert len(inline_code(page)) == 4
    assert inline_code("<head><script src='a.js'></script></head>") == ["policies: []"]
    late = f"<head><link rel='stylesheet' href='a.css'>{csp.META}</head>"
    assert inline_code(late) == ["the policy comes after a script or stylesheet"]


def test_every_page_declares_the_policy_and_has_nothing_inline(built_html):
    """Every page of the site, the root redirect, the 404 page and the single page the PDF is
    printed from."""
    single = paths.BUILD / "singlehtml" / "report.html"
    if not single.exists():
        pytest.fail(f"{single} is missing: build the PDF first with `make book`")
    offenders = {
        str(page): found
        for page in [*pages(built_html), single]
        if (found := inline_code(page.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert {"index.html", "404.html", "search.html"} <= {p.name for p in pages(built_html)}
