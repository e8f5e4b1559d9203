"""Debian's Chromium and a local web server: what the PDF printer and the browser tests share."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

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
    # Chromium still looks up Google's hosts (accounts, update, autofill) at start; with every host
    # but this machine resolving to nothing, it makes no DNS lookup at all.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOCAL = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}  # sent with every response (serve's headers)

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


class _GzipHandler(_QuietHandler):
    """Compresses text files for clients that accept gzip, as GitHub Pages and most hosts do."""

    TEXT: ClassVar[frozenset[str]] = frozenset({".html", ".js", ".css", ".svg", ".json", ".csv", ".txt", ".xml"})
    compressed: ClassVar[dict[str, bytes]] = {}  # the files of a run do not change; compress each once

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.suffix not in self.TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = self.compressed.setdefault(str(path), gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve(root: Path, compress: bool = False, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 for as long as the block runs; yield its base URL.
    With compress, text files go out gzip-compressed, as a production host sends them;
    headers are added to every response (a Content-Security-Policy, say)."""
    base = _GzipHandler if compress else _QuietHandler
    handler = type("Handler", (base,), {"extra_headers": dict(headers or {})})
    server = http.server.ThreadingHTTPServer((LOCAL, 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll a JavaScript expression on the page until it is true. Playwright's wait_for_function
    compiles its predicate with eval inside the page, which the book's Content Security Policy
    refuses; page.evaluate goes through the DevTools protocol, which the policy does not govern."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {expression}")
        page.wait_for_timeout(50)


def missing() -> str | None:
    """Why Chromium cannot be launched, in one line with the way to get it; None when it can."""
    if CHROMIUM.exists():
        return None
    return (
        f"Chromium is not installed at {CHROMIUM}: run `make setup` as root (it installs Debian's chromium; "
        "`make test` does this too), or point CHROMIUM at an installed Chromium or Chrome."
    )


def launch(playwright):
    """Launch the installed Chromium, never a downloaded one; fail clearly if it is missing."""
    if reason := missing():
        raise RuntimeError(reason)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
