"""How the book is built: what `make book` may do to the machine."""

from __future__ import annotations

import os
import subprocess
import sys

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
