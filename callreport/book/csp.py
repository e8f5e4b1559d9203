"""The book's Content Security Policy, the one place it is written.

GitHub Pages sends no headers, so every page declares the policy itself, in a
``<meta http-equiv="Content-Security-Policy">`` that comes before any script or stylesheet.
The policy allows nothing inline and nothing from another host:

- ``default-src 'self'``: scripts, styles, fonts, fetches (the search page's summaries) and
  everything not named below come from the book's own address only.
- ``script-src 'self'``: no inline script, no ``onclick=``, no ``eval``. Vega draws through its
  expression interpreter (vendored, see callreport.book.vendor) rather than ``Function()``; the
  theme's and extensions' inline scripts are moved into files by ``externalise_scripts``.
- ``style-src 'self'``: no ``<style>`` element and no ``style=`` attribute. vega-embed's and
  vega-tooltip's injected stylesheets are turned off and report.css stands in for them.
- ``img-src 'self' data:``: ``data:`` because icons.css draws the theme's icons as ``data:`` SVG
  masks, and the theme's Bootstrap stylesheet draws form controls with ``data:`` SVG images.
- ``object-src 'none'`` and ``base-uri 'self'``: no plugins, and no ``<base>`` that would move
  every relative link elsewhere.

No ``'unsafe-inline'``, no ``'unsafe-eval'`` and no hashes: no theme leaves inline code that
cannot move into a file. (``frame-ancestors`` would need a real header; a meta tag cannot carry it.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
    ]
)
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}" />'
INLINE_DIR = "_static/inline"  # where the scripts a theme or extension would write inline go


def externalise_scripts(scripts: list, outdir: Path) -> list:
    """The page's scripts with every inline one moved into a file under _static/inline/.

    Sphinx's add_js_file(None, body=...) writes a <script> with its code in the page. Here each
    run of consecutive inline scripts becomes one file named by the hash of its code, in the same
    place among the page's scripts, so everything runs in the same order as before."""
    result, run = [], []

    def flush() -> None:
        if not run:
            return
        code = "".join(f"{js.attributes['body'].strip()}\n" for js in run)
        name = f"{INLINE_DIR}/{hashlib.sha256(code.encode()).hexdigest()[:16]}.js"
        target = outdir / name
        if not target.exists() or target.read_text(encoding="utf-8") != code:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code, encoding="utf-8")
        attributes = {key: value for key, value in run[0].attributes.items() if key != "body"}
        result.append(type(run[0])(name, priority=run[0].priority, **attributes))
        run.clear()

    for js in sorted(scripts, key=lambda js: js.priority):  # the order Sphinx writes them in
        if js.filename or not js.attributes.get("body"):
            flush()
            result.append(js)
            continue
        if run and {**run[0].attributes, "body": ""} != {**js.attributes, "body": ""}:
            flush()  # only scripts with the same attributes (a type, say) share a file
        run.append(js)
    flush()
    return result
