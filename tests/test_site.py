"""The built book, read as files: nothing loads from another host, Vega only where charts are,
every chart's assets and every data download present."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from callreport.book import downloads, vendor
from callreport.book.sphinx_ext import VEGA_BUNDLE
from callreport.dataset import paths
from callreport.dataset.codebook import read_descriptor

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
            bundle = (page.parent / chart_script["data-vega"]).resolve()
            assert bundle == (built_html / "_static" / VEGA_BUNDLE).resolve() and bundle.exists()


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
