"""Shared fixtures. Paths come from callreport.dataset.paths, so tests run from any folder."""

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
def browser():
    """One Chromium for the whole session: Playwright's sync API allows one instance at a time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
