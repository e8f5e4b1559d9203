"""Execute the chapter notebooks before the book is built: in parallel, and never stale.

- jupyter-cache keys a notebook on its own code, not on the data or the package it calls,
  so a change to data/ or callreport/ would leave old outputs in the book. The inputs are
  fingerprinted; when they change, the execution cache and the parsed pages are dropped.
- Notebooks missing from the cache run two at a time (this machine has two cores), exactly
  as myst-nb runs them, and go into the same cache, where the build then finds them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor

from callreport.dataset import paths

CACHE = paths.BUILD / ".jupyter_cache"
FINGERPRINT = paths.BUILD / ".inputs.sha256"
EXECUTED = paths.BUILD / ".executed.json"  # each notebook's sha256 when it was last found in the cache
INPUTS = ("callreport", "data", "requirements.txt", "_config.yml")
SUFFIXES = {".py", ".csv", ".json", ".txt", ".yml"}  # what outputs can depend on; not styles or scripts
TIMEOUT = 120  # as execute.timeout in _config.yml


def fingerprint() -> str:
    """A hash of every file a notebook's outputs can depend on, other than the notebook itself."""
    digest = hashlib.sha256()
    for name in INPUTS:
        root = paths.ROOT / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix not in SUFFIXES:
                continue
            digest.update(str(path.relative_to(paths.ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def drop_stale_outputs() -> bool:
    """Forget executed outputs and parsed pages if the inputs changed since the last build."""
    current = fingerprint()
    if FINGERPRINT.exists() and FINGERPRINT.read_text() == current:
        return False
    for stale in (CACHE, paths.BUILD / ".doctrees", paths.BUILD / "jupyter_execute"):
        shutil.rmtree(stale, ignore_errors=True)
    EXECUTED.unlink(missing_ok=True)
    paths.BUILD.mkdir(exist_ok=True)
    FINGERPRINT.write_text(current)
    return True


def _notebook_hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths.CHAPTERS.glob("*.ipynb"))}


def _run(path: str):
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.read(path, as_version=4)
    result = single_nb_execution(
        notebook, cwd=os.path.dirname(path), allow_errors=False, timeout=TIMEOUT, meta_override=True
    )
    return path, notebook, result.time, result.exc_string if result.err else None


def main() -> None:
    if drop_stale_outputs():
        print("inputs changed: executed outputs and parsed pages dropped")
    hashes = _notebook_hashes()
    if EXECUTED.exists() and CACHE.exists() and json.loads(EXECUTED.read_text()) == hashes:
        return  # nothing changed since every notebook was last found in the cache
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(CACHE))
    pending = []
    for path in sorted(paths.CHAPTERS.glob("*.ipynb")):
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            pending.append(str(path))
    with ProcessPoolExecutor(max_workers=2) as pool:
        for path, notebook, seconds, error in pool.map(_run, pending):
            if error:
                raise SystemExit(f"{path} failed to execute:\n{error}")
            record = cache.add_nb_to_project(path)
            cache.cache_notebook_bundle(
                CacheBundleIn(notebook, record.uri, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            print(f"executed {os.path.relpath(path, paths.ROOT)} in {seconds:.1f} s")
    EXECUTED.write_text(json.dumps(hashes, indent=1))


if __name__ == "__main__":
    main()
