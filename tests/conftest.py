"""Shared fixtures. Paths come from callreport.dataset.paths, so tests run from any folder.

A test that reads the built book does so through the `built_html` fixture, which marks it
`book`; `make check` runs everything else (pytest -m "not book and not browser").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from callreport.book.browser import launch
from callreport.dataset import paths
from callreport.dataset.load import Tables, load


@pytest.fixture(scope="session")
def tables() -> Tables:
    """The committed dataset, loaded and validated once for the session."""
    return load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target)
    return target


@pytest.fixture(scope="session")
def built_html() -> Path:
    """The built book; the suite fails (never skips) when it is missing."""
    index = paths.HTML / "index.html"
    if not index.exists():
        pytest.fail(f"{index} is missing: build the book first with `make book` (make test does this itself)")
    return paths.HTML


@pytest.fixture(scope="session")
def site(built_html):
    """The built book, served on 127.0.0.1 for the whole session with its Content Security Policy
    also sent as an HTTP header, as a host that sends one would; yields its base URL."""
    from callreport.book import csp
    from callreport.book.browser import serve

    with serve(built_html, headers={"Content-Security-Policy": csp.POLICY}) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for every browser test (Playwright's sync API allows one per thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "built_html" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.book)
