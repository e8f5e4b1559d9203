"""Debian's Chromium and a local web server: what the PDF printer and the browser tests share."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Where Debian puts Chromium; CHROMIUM points elsewhere (Google Chrome on a GitHub runner, say).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 for as long as the block runs; yield its base URL."""
    server = http.server.ThreadingHTTPServer((LOCAL, 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    """Launch the installed Chromium, never a downloaded one; fail clearly if it is missing."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"Chromium is not installed at {CHROMIUM}. Install it with "
            "`apt-get update && apt-get install -y chromium` (make book, make test and .ci/run do this)."
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
