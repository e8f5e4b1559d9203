"""Every release kept at its own address beside the current one (callreport/book/versions.py): a
build assembled beside a faked older release publishes both, and the older pages link to the newer."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from callreport.book import browser, metadata, versions
from callreport.book.addresses import listed

META = metadata.read()
OLD = "0.9.0"  # a release older than any this report has had


@pytest.fixture(scope="module")
def assembled(built_html, tmp_path_factory):
    """The built book beside a faked older release: a copy of this build, less one page, published
    as 0.9.0 the way the site publishes a release (its folder, its files.txt, versions.json)."""
    published = tmp_path_factory.mktemp("published")
    old = published / "v" / OLD
    shutil.copytree(built_html, old)
    (old / "chapters" / "gone.html").write_text(
        (built_html / "chapters" / "rerun.html").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (old / versions.MANIFEST).write_text(
        "".join(f"{p.relative_to(old).as_posix()}\n" for p in sorted(old.rglob("*")) if p.is_file()),
        encoding="utf-8",
    )
    (published / versions.INDEX).write_text(json.dumps([{"version": OLD, "date": "2026-01-01"}]), encoding="utf-8")
    site = tmp_path_factory.mktemp("site") / "site"
    kept = versions.assemble(built_html, published, site, META.version, META.date.isoformat())
    return site, kept


def test_both_releases_are_published_newest_first(assembled):
    site, kept = assembled
    assert kept == [META.version, OLD]
    index = json.loads((site / versions.INDEX).read_text(encoding="utf-8"))
    assert index == [{"version": META.version, "date": META.date.isoformat()}, {"version": OLD, "date": "2026-01-01"}]
    for release in kept:
        assert (site / "v" / release / "chapters" / "voices.html").is_file()
    assert (site / "chapters" / "voices.html").read_bytes() == (
        site / "v" / META.version / "chapters" / "voices.html"
    ).read_bytes()


def test_an_older_page_says_so_and_links_to_the_same_page_now(assembled):
    site, _ = assembled
    page = site / "v" / OLD / "chapters" / "voices.html"
    banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("p.version-banner")
    assert len(banner) == 1
    assert f"version {OLD}" in banner[0].get_text() and f"newer version, {META.version}" in banner[0].get_text()
    href = banner[0].find("a")["href"]
    assert href == "../../../chapters/voices.html"
    assert (page.parent / href).resolve() == (site / "chapters" / "voices.html").resolve()
    assert banner[0].find_parent("article", class_="bd-article") is not None  # at the top of the text


def test_a_page_the_newer_release_has_not_links_to_the_front_page(assembled):
    site, _ = assembled
    page = site / "v" / OLD / "chapters" / "gone.html"
    href = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("p.version-banner a")["href"]
    assert (page.parent / href).resolve() == (site / f"{metadata.chapters()[0]}.html").resolve()


def test_the_current_release_is_not_marked(assembled):
    site, _ = assembled
    for folder in (site, site / "v" / META.version):
        assert "version-banner" not in (folder / "chapters" / "voices.html").read_text(encoding="utf-8")


def test_every_stable_address_resolves_under_the_versioned_path(assembled):
    site, _ = assembled
    for address in listed():
        path, _, anchor = address.partition("#")
        page = site / "v" / META.version / path
        assert page.is_file(), address
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), address


def test_marking_again_keeps_one_banner():
    page = '<html><body><article class="bd-article" role="main"><h1>T</h1></article></body></html>'
    once = versions.mark_older(page, versions.banner_html("1.0.0", "1.1.0", "chapters/voices.html", set()))
    twice = versions.mark_older(once, versions.banner_html("1.0.0", "1.2.0", "chapters/voices.html", set()))
    assert twice.count("version-banner") == 1 and "1.2.0" in twice


def test_a_published_release_newer_than_the_build_is_refused(built_html, tmp_path):
    (tmp_path / "v").mkdir()
    (tmp_path / versions.INDEX).write_text(json.dumps([{"version": "99.0.0", "date": "2099-01-01"}]))
    with pytest.raises(ValueError, match="newer than this build"):
        versions.assemble(built_html, tmp_path, tmp_path / "site", META.version, META.date.isoformat())


def test_fetch_brings_back_what_the_site_lists(assembled, tmp_path):
    site, kept = assembled
    with browser.serve(site) as base_url:
        found = versions.fetch(base_url, tmp_path)
    assert found == kept
    for release in kept:
        listed = (site / "v" / release / versions.MANIFEST).read_text(encoding="utf-8").split()
        for name in listed[:50]:
            assert (tmp_path / "v" / release / name).read_bytes() == (site / "v" / release / name).read_bytes()
