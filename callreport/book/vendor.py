"""The Vega libraries the book serves itself, committed under callreport/book/static/vendor/ so
that a build neither fetches nor regenerates them:

- vega, vega-lite and vega-embed in one file, bundled by vl-convert-python at the Vega-Lite
  version altair writes;
- Vega's expression interpreter (npm's vega-interpreter, with the few vega-util functions it
  imports), bundled by esbuild as ``window.vegaInterpreter``, so that charts draw without
  ``Function()`` under the book's Content Security Policy. The versions are pinned in
  callreport/book/npm/package-lock.json; the interpreter is the release that accompanies the
  Vega inside vl-convert's bundle (INTERPRETER_FOR_VEGA).

``python -m callreport.book.vendor`` (``make vendor``) rewrites both after an upgrade (it needs
npm), and tests check each committed file is exactly what the pinned packages produce. It also copies
the book's type (callreport.report.typeface) from the Fontsource packages pinned beside them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

import vl_convert

from callreport.report import typeface

VENDOR = Path(__file__).parent / "static" / "vendor"
NPM = Path(__file__).parent / "npm"  # package.json and package-lock.json for what comes from npm
# The vega-interpreter released with each Vega version: 2.2.1 is the vega 6.2 line's (vega/vega
# commits 310bc54 and fd8867d; 2.2.0 was published without its build), with the fix of
# vega/vega 3d9691a for object properties that could reach Function.
INTERPRETER_FOR_VEGA = {"6.2.0": "2.2.1"}


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
    found = sorted(VENDOR.glob("vega-[0-9]*.js"))  # vega-6.2.0-lite-..., not vega-interpreter-...
    if len(found) != 1:
        raise RuntimeError(f"expected one Vega bundle in {VENDOR}, found {len(found)}: run make vendor")
    return found[0]


def locked(package: str) -> str:
    """The version of an npm package pinned in callreport/book/npm/package-lock.json."""
    lock = json.loads((NPM / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{package}"]["version"]


def interpreter_name() -> str:
    return f"vega-interpreter-{locked('vega-interpreter')}.js"


def npm_install(scratch: Path) -> Path:
    """Install the locked packages in a scratch folder; return its node_modules."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to vendor from npm: install Node.js (Debian: apt-get install npm)")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(NPM / name, scratch)
    quiet = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"]
    subprocess.run([npm, "ci", *quiet], cwd=scratch, check=True, stdout=subprocess.DEVNULL)
    return scratch / "node_modules"


def interpreter_text(modules: Path) -> str:
    """The interpreter bundled from the installed packages as a plain script."""
    esbuild = [str(modules / ".bin" / "esbuild"), "--bundle", "--format=iife"]
    esbuild += ["--global-name=vegaInterpreter", "--target=es2020", "--legal-comments=inline", "--charset=utf8"]
    entry = 'export { expressionInterpreter } from "vega-interpreter";\n'
    bundled = subprocess.run(
        esbuild, cwd=modules.parent, input=entry, text=True, check=True, capture_output=True
    ).stdout
    header = (
        f"/*! vega-interpreter {locked('vega-interpreter')} with vega-util {locked('vega-util')} (BSD-3-Clause, "
        f"University of Washington Interactive Data Lab), bundled by esbuild {locked('esbuild')} as "
        "window.vegaInterpreter: Vega's expression interpreter, so charts draw without eval. */\n"
    )
    return header + bundled


def vendored_interpreter() -> Path:
    """The one committed interpreter."""
    found = sorted(VENDOR.glob("vega-interpreter-*.js"))
    if len(found) != 1:
        raise RuntimeError(f"expected one vega-interpreter in {VENDOR}, found {len(found)}: run make vendor")
    return found[0]


def _write(target: Path, text: str) -> None:
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")


def copy_fonts(modules: Path) -> None:
    """The book's faces, and each package's licence, from the installed Fontsource packages."""
    typeface.FONTS.mkdir(exist_ok=True)
    for stale in typeface.FONTS.iterdir():
        stale.unlink()
    for face in typeface.FACES:
        shutil.copy(modules / face.package / "files" / face.file, typeface.FONTS / face.file)
    for package in {face.package for face in typeface.FACES}:
        shutil.copy(modules / package / "LICENSE", typeface.FONTS / f"OFL-{package.removeprefix('@fontsource/')}.txt")
    print(f"copied {len(typeface.FACES)} faces into {typeface.FONTS}")


def main() -> None:
    vl_version = vegalite_version()
    vega_version = vl_convert.get_vega_version()
    if INTERPRETER_FOR_VEGA.get(vega_version) != locked("vega-interpreter"):
        raise SystemExit(
            f"vl-convert bundles Vega {vega_version}; pin the vega-interpreter released with it in "
            f"{NPM / 'package.json'} and INTERPRETER_FOR_VEGA, then run npm install --package-lock-only there"
        )
    VENDOR.mkdir(parents=True, exist_ok=True)
    for stale in VENDOR.glob("vega-*.js"):
        stale.unlink()
    _write(VENDOR / bundle_name(vl_version), bundle_text(vl_version))
    with tempfile.TemporaryDirectory() as scratch:
        modules = npm_install(Path(scratch))
        _write(VENDOR / interpreter_name(), interpreter_text(modules))
        copy_fonts(modules)


if __name__ == "__main__":
    main()
