"""Every venv installs a lock: each package at one version, each file checked against its hash.

requirements*.txt hold the direct pins a person edits; `make lock` writes requirements*.lock
from them. These tests fail when a pin changed without `make lock`, and when the Makefile
installs anything the hashes do not cover.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from callreport.dataset import paths

SOURCES = sorted(paths.ROOT.glob("requirements*.txt"))
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ;[^\\]*)? \\$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(source) -> dict[str, str]:
    pins = {}
    for line in source.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonical(name)] = version
    return pins


def locked(lock) -> dict[str, dict]:
    """Each package of a lock: its version, its hashes and what asked for it."""
    entries: dict[str, dict] = {}
    current = None
    for line in lock.read_text().splitlines():
        if match := ENTRY.match(line):
            current = entries[canonical(match[1])] = {"version": match[2], "hashes": [], "via": []}
        elif current is not None and (found := re.match(r"\s+--hash=(sha256:[0-9a-f]{64})", line)):
            current["hashes"].append(found[1])
        elif current is not None and (found := re.match(r"\s+#\s+(?:via\s+)?(\S.*)$", line)):
            current["via"].append(found[1])
        elif line and not line.startswith("#"):
            pytest.fail(f"{lock.name}: cannot read the line {line!r}")
    return entries


def test_every_venv_has_a_source_and_a_lock():
    assert {s.name for s in SOURCES} >= {
        "requirements.txt",
        "requirements-cff.txt",
        "requirements-lab.txt",
        "requirements-pip.txt",
    }
    for source in SOURCES:
        assert source.with_suffix(".lock").exists(), f"{source.name} has no lock: run `make lock`"


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_lock_is_current_and_hashed(source):
    lock = source.with_suffix(".lock")
    entries = locked(lock)
    pins = direct_pins(source)
    stale = {
        n: (v, entries.get(n, {}).get("version")) for n, v in pins.items() if entries.get(n, {}).get("version") != v
    }
    assert stale == {}, f"{lock.name} is stale (pin, locked): run `make lock`"
    asked = {n for n, e in entries.items() if f"-r {source.name}" in e["via"]}
    assert asked == set(pins), f"{lock.name} names direct pins that {source.name} no longer has: run `make lock`"
    assert all(e["hashes"] for e in entries.values()), [n for n, e in entries.items() if not e["hashes"]]


def test_the_reader_of_locks_can_fail(tmp_path):
    source = tmp_path / "requirements-x.txt"
    source.write_text("pandas==3.1.1\n")
    (tmp_path / "requirements-x.lock").write_text("pandas==3.1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(AssertionError, match="stale"):
        test_lock_is_current_and_hashed(source)


def test_every_install_checks_hashes_and_pip_is_pinned():
    """Nothing is installed from an index without a hash, and pip is never upgraded to whatever is newest.
    Read from what make would run to make every venv anew (make -n -B test prints it and runs nothing)."""
    commands = subprocess.run(
        ["make", "-n", "-B", "test"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    installs = [c for c in commands if "pip install" in c]
    venvs = {c.split("/bin/python")[0] for c in installs}
    assert venvs == {".venv", ".venv-cff", ".venv-lab"}
    for venv in venvs:
        mine = [c.split("pip install ", 1)[1] for c in installs if c.startswith(f"{venv}/")]
        assert mine[0] == "--quiet --require-hashes -r requirements-pip.lock", f"{venv}: pinned pip first"
        for arguments in mine:
            local = arguments.endswith("--no-deps --no-build-isolation -e .")  # the package itself, from this folder
            assert local or re.fullmatch(r"--quiet --require-hashes -r requirements[\w-]*\.lock", arguments), arguments
    assert not any("--upgrade" in c or " -U " in c for c in commands)
    assert direct_pins(paths.ROOT / "requirements-pip.txt").keys() == {"pip"}
