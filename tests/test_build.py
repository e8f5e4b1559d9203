"""How the book is built: what `make book` may do to the machine, and that building twice gives
the same bytes (a rebuild with nothing changed, and two prints of the PDF)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from callreport.book import metadata, pdf
from callreport.dataset import paths

ABSENT = "/nonexistent/chromium"


def make_dry_run(target: str) -> str:
    """The commands make would run for a target on a machine without Chromium, running none of them."""
    env = {**os.environ, "CHROMIUM": ABSENT}
    return subprocess.run(["make", "-n", target], cwd=paths.ROOT, env=env, capture_output=True, text=True).stdout


def test_make_book_installs_nothing_system_wide():
    assert "apt-get" in make_dry_run("setup"), "the dry run shows what a target would install"
    assert "apt-get" not in make_dry_run("book")


def test_make_test_installs_chromium_when_absent():
    assert "apt-get install -y -qq chromium" in make_dry_run("test")


def test_the_pdf_step_without_chromium_says_how_to_get_it_in_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "callreport.book.pdf"],
        cwd=paths.ROOT,
        env={**os.environ, "CHROMIUM": ABSENT},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert ABSENT in result.stderr and "make setup" in result.stderr


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def build(output: Path) -> Path:
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(paths.ROOT), "-W", "-n"]
    subprocess.run([*command, "--keep-going", "--path-output", str(output)], check=True, capture_output=True)
    return output / "_build" / "html"


def test_a_rebuild_writes_what_a_clean_build_does(tmp_path):
    """A clean build, then a rebuild with nothing changed, then one after two chapters were touched:
    the same bytes every time, the sitemap and every page's stylesheet links included."""
    html = build(tmp_path)
    clean = tree(html)
    assert "sitemap.xml" in clean and any(re.match(r"_static/mystnb\.\w+\.css$", name) for name in clean)
    # The build executes nothing, so it keeps no execution cache that a damaged copy could break.
    cache = tmp_path / "_build" / ".jupyter_cache"
    assert not cache.exists()
    cache.mkdir()
    (cache / "global.db").write_bytes(b"half a database")
    assert tree(build(tmp_path)) == clean
    for chapter in ("chapters/voices.ipynb", "chapters/rerun.md"):
        os.utime(paths.ROOT / chapter)
    assert tree(build(tmp_path)) == clean


@pytest.fixture(scope="module")
def printed(built_html) -> Path:
    return built_html / metadata.PDF_NAME


def test_two_prints_of_the_pdf_are_byte_identical(printed, tmp_path):
    again = tmp_path / "again.pdf"
    pdf.print_pdf(pdf.SINGLE / "report.html", again)
    assert again.read_bytes() == printed.read_bytes()


def test_the_pdf_is_dated_by_the_release_not_the_print(printed):
    info = PdfReader(printed).metadata
    released = metadata.read().date
    assert info.creation_date.date() == info.modification_date.date() == released
    assert (info.creation_date.hour, info.creation_date.minute, info.creation_date.second) == (0, 0, 0)


def test_the_pdf_links_lead_to_the_published_book(printed):
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(printed).pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    published = metadata.read().url
    assert any(link.startswith(f"{published}data/") for link in links)
    assert [link for link in links if not link.startswith("https://")] == []
