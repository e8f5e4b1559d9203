"""Shared fixtures. Paths come from callreport.dataset.paths, so tests run from any folder.

A test that reads the built book does so through the `built_html` fixture, which marks it
`book`; `make check` runs everything else (pytest -m "not book and not browser").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


def pytest_collection_modifyitems(items):
    for item in items:
        if "built_html" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.book)
