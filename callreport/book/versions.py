"""Every released version kept readable at its own address, beside the current one.

The published site is the current build at its root and, under v/<version>/, a whole copy of each
release, this one included: a citation names the version's address (callreport.book.citation), and
that address keeps showing what was cited after the next release. v/versions.json lists the
releases, newest first; each release's folder has files.txt, the list of its files, so the next
deploy can bring it back from the published site. Each page of an older release says at its top
that a newer version exists, and links to the same page of the current one (or to the front page,
where the page is gone).

    python -m callreport.book.versions fetch URL DIR      # the published releases, from URL, into DIR
    python -m callreport.book.versions assemble BUILD DIR SITE   # this build and those releases

The workflow (.github/workflows/publish.yml) runs both before it deploys SITE. ``fetch`` reads only
files the site itself lists; a site that has no v/versions.json yet (the first deploy) has nothing
to fetch.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

from callreport.book import citation, metadata
from callreport.report.escape import html_text, url

INDEX = f"{citation.VERSIONS}/versions.json"  # the releases, newest first
MANIFEST = "files.txt"  # in each release's folder: its files, one path a line
BANNER_CLASS = "version-banner"
_BODY_START = re.compile(r'<article class="bd-article"[^>]*>')


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def banner_html(old: str, new: str, page: str, current_pages: set[str]) -> str:
    """The note at the top of an older release's page: which version it is, and where the newest is.
    `page` is the page's path inside its release (chapters/voices.html)."""
    target = page if page in current_pages else f"{metadata.chapters()[0]}.html"
    link = posixpath.relpath(target, posixpath.dirname(f"{citation.VERSIONS}/{old}/{page}"))
    return (
        f'<p class="{BANNER_CLASS}" role="note">This is version {html_text(old)} of this page, kept as it '
        f'was cited. A newer version, {html_text(new)}, is at <a href="{url(link)}">{html_text(target)}</a>.</p>'
    )


def mark_older(html: str, banner: str) -> str:
    """The page with the banner first in its article (once: a page already marked is re-marked)."""
    html = re.sub(rf'<p class="{BANNER_CLASS}" role="note">.*?</p>', "", html, flags=re.S)
    found = _BODY_START.search(html)
    if found is None:
        raise ValueError('the page has no <article class="bd-article"> to put the version banner in')
    return html[: found.end()] + banner + html[found.end() :]


def assemble(build: Path, published: Path, site: Path, version: str, date: str) -> list[str]:
    """SITE: this build at its root and at v/<version>/, and each release found in `published`
    (a folder of v/<release>/ copies, as fetch writes it) kept under v/<release>/, its pages marked
    as older. Returns the releases, newest first. A release numbered like this one is replaced."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(build, site)
    here = site / citation.VERSIONS / version
    shutil.copytree(build, here)
    (here / MANIFEST).write_text("".join(f"{f}\n" for f in _files(build)), encoding="utf-8")
    releases = [{"version": version, "date": date}]
    index = published / INDEX
    older = json.loads(index.read_text(encoding="utf-8")) if index.exists() else []
    current_pages = {f for f in _files(build) if f.endswith(".html")}
    for release in older:
        old = release["version"]
        if old == version:
            continue
        if _version_key(old) > _version_key(version):
            raise ValueError(f"the published site has version {old}, newer than this build's {version}")
        source = published / citation.VERSIONS / old
        target = site / citation.VERSIONS / old
        shutil.copytree(source, target)
        for page in target.rglob("*.html"):
            inside = page.relative_to(target).as_posix()
            text = page.read_text(encoding="utf-8")
            if _BODY_START.search(text):
                page.write_text(mark_older(text, banner_html(old, version, inside, current_pages)), encoding="utf-8")
        releases.append({"version": old, "date": release["date"]})
    releases.sort(key=lambda r: _version_key(r["version"]), reverse=True)
    (site / INDEX).write_text(json.dumps(releases, indent=2) + "\n", encoding="utf-8")
    return [r["version"] for r in releases]


def fetch(base_url: str, into: Path, timeout: float = 30.0) -> list[str]:
    """Bring the published releases back from the site at base_url into `into`: its v/versions.json
    and, for each release, every file its files.txt lists. Returns the releases found."""

    def get(path: str) -> bytes | None:
        try:
            with urllib.request.urlopen(base_url + path, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise

    if not base_url.startswith(("https://", "http://127.0.0.1:")):  # the published site, or a test's
        raise ValueError(f"expected the published site's https:// address; found {base_url!r}")
    index = get(INDEX)
    if index is None:
        return []
    releases = json.loads(index)
    (into / INDEX).parent.mkdir(parents=True, exist_ok=True)
    (into / INDEX).write_bytes(index)
    for release in releases:
        folder = f"{citation.VERSIONS}/{release['version']}/"
        listed = get(folder + MANIFEST)
        if listed is None:
            raise RuntimeError(f"{base_url}{folder}{MANIFEST} is missing: the release cannot be kept whole")
        for name in [*listed.decode("utf-8").split(), MANIFEST]:
            body = listed if name == MANIFEST else get(folder + name)
            if body is None:
                raise RuntimeError(f"{base_url}{folder}{name} is listed in its {MANIFEST} but missing")
            target = into / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    return [r["version"] for r in releases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    fetching = commands.add_parser("fetch", help="bring the published releases back")
    fetching.add_argument("url")
    fetching.add_argument("into", type=Path)
    assembling = commands.add_parser("assemble", help="this build beside the published releases")
    assembling.add_argument("build", type=Path)
    assembling.add_argument("published", type=Path)
    assembling.add_argument("site", type=Path)
    arguments = parser.parse_args()
    meta = metadata.read()
    if arguments.command == "fetch":
        found = fetch(arguments.url, arguments.into)
        print(f"fetched {len(found)} published releases: {', '.join(found) or 'none'}")
    else:
        kept = assemble(arguments.build, arguments.published, arguments.site, meta.version, meta.date.isoformat())
        print(f"assembled {arguments.site} with releases {', '.join(kept)}")


if __name__ == "__main__":
    main()
