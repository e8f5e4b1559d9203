"""The Vega libraries the book serves itself: vega, vega-lite and vega-embed in one file,
bundled by vl-convert-python at the Vega-Lite version altair writes.

The bundle is committed under callreport/book/static/vendor/ so that a build neither fetches nor
regenerates it; ``python -m callreport.book.vendor`` (``make vendor``) rewrites it after an upgrade,
and a test checks the committed file is exactly what the pinned packages produce.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import vl_convert

VENDOR = Path(__file__).parent / "static" / "vendor"


def vegalite_version() -> str:
    """The Vega-Lite minor version altair writes, e.g. 6.4."""
    import altair

    return ".".join(altair.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def bundle_name(vl_version: str) -> str:
    return f"vega-{vl_convert.get_vega_version()}-lite-{vl_version}-embed-{vl_convert.get_vega_embed_version()}.js"


def bundle_text(vl_version: str) -> str:
    """The bundle, run inside a function: it declares top-level constants (one is `_`, which
    Sphinx's own scripts declare too) and exports itself through window.vegaEmbed."""
    header = (
        f"/*! Vega {vl_convert.get_vega_version()}, Vega-Lite {vl_version}, "
        f"Vega-Embed {vl_convert.get_vega_embed_version()} (BSD-3-Clause, University of Washington "
        f"Interactive Data Lab), bundled by vl-convert-python {version('vl-convert-python')}. */\n"
    )
    return f"{header}(function () {{\n{vl_convert.javascript_bundle(vl_version=vl_version)}\n}})();\n"


def vendored() -> Path:
    """The one committed bundle."""
    found = sorted(VENDOR.glob("vega-*.js"))
    if len(found) != 1:
        raise RuntimeError(f"expected one Vega bundle in {VENDOR}, found {len(found)}: run make vendor")
    return found[0]


def main() -> None:
    vl_version = vegalite_version()
    VENDOR.mkdir(parents=True, exist_ok=True)
    for stale in VENDOR.glob("vega-*.js"):
        stale.unlink()
    target = VENDOR / bundle_name(vl_version)
    target.write_text(bundle_text(vl_version), encoding="utf-8")
    print(f"wrote {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")


if __name__ == "__main__":
    main()
