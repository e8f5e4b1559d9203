"""How the book is built: what `make book` may do to the machine, and that building twice gives
the same bytes (a rebuild with nothing changed, and two prints of the PDF)."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from callreport.book import browser, metadata
from callreport.dataset import paths

ABSENT = "/nonexistent/chromium"
SETUP = paths.ROOT / "scripts" / "install-system-packages"


def make_dry_run(target: str) -> list[str]:
    """The commands make would run for a target, running none of them."""
    result = subprocess.run(["make", "-n", "-B", target], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def test_make_book_and_make_test_set_up_the_machine_first():
    """The README's two commands do the set-up: each runs the package script before it builds anything."""
    for target in ("book", "test"):
        commands = make_dry_run(target)
        first_build = next(i for i, c in enumerate(commands) if "jupyter-book build" in c)
        assert commands.index("scripts/install-system-packages") < first_build, target


def sandbox(tmp_path: Path, uid: int, update_fails: int = 0) -> tuple[dict, Path]:
    """A PATH holding only the commands the script needs, a stand-in `id` that answers uid, and a
    stand-in apt-get that logs its calls and says another run holds the lock for its first
    `update_fails` updates. strace and npm are absent from it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "seq", "grep", "sleep", "cat"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    log = tmp_path / "apt.log"
    (bin_dir / "id").write_text(f"#!/bin/bash\necho {uid}\n")
    (bin_dir / "apt-get").write_text(
        "#!/bin/bash\n"
        f'echo "$*" >> {log}\n'
        f'if [[ "$*" == *update* ]] && [ "$(grep -c update {log})" -le {update_fails} ]; then\n'
        '  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 1 (apt-get)" >&2; exit 100\n'
        "fi\n"
    )
    for tool in ("id", "apt-get"):
        (bin_dir / tool).chmod(0o755)
    env = {"PATH": str(bin_dir), "SETUP_RETRY_SECONDS": "0"}
    if browser.CHROMIUM.exists():
        env["CHROMIUM"] = str(browser.CHROMIUM)
    return env, log


def run_setup(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), str(SETUP)], env=env, capture_output=True, text=True, timeout=60)


def test_set_up_not_as_root_stops_at_once_naming_what_is_missing_and_the_command(tmp_path):
    env, log = sandbox(tmp_path, uid=1000)
    result = run_setup(env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "strace" in result.stderr and "npm" in result.stderr and "sudo make setup" in result.stderr
    assert not log.exists(), "nothing was asked of apt"


def test_set_up_as_root_waits_for_another_apt_run_then_installs_only_what_is_missing(tmp_path):
    env, log = sandbox(tmp_path, uid=0, update_fails=2)
    result = run_setup(env)
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert [c for c in calls if c.endswith("update")] == ["-o DPkg::Lock::Timeout=900 -qq update"] * 3
    installs = [c for c in calls if " install " in c]
    expected = [] if browser.CHROMIUM.exists() else ["chromium"]
    assert installs == [
        f"-o DPkg::Lock::Timeout=900 -qq install -y --no-install-recommends {' '.join([*expected, 'strace', 'npm'])}"
    ]
    assert "waiting for another apt run" in result.stderr


def test_set_up_with_nothing_missing_asks_nothing_of_apt(tmp_path):
    env, log = sandbox(tmp_path, uid=1000)
    for tool in ("strace", "npm"):
        (tmp_path / "bin" / tool).write_text("#!/bin/bash\n")
        (tmp_path / "bin" / tool).chmod(0o755)
    result = run_setup(env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not log.exists()


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
    cards = [sys.executable, "-m", "callreport.book.cards", str(output / "_build")]  # make book's next step
    subprocess.run(cards, check=True, capture_output=True)
    return output / "_build" / "html"


@pytest.mark.book  # it builds the book itself, which takes the fast tier's whole budget
def test_a_rebuild_writes_what_a_clean_build_does(tmp_path):
    """A clean build, then a rebuild with nothing changed, then one after two chapters were touched:
    the same bytes every time, the sitemap and every page's stylesheet links included."""
    html = build(tmp_path)
    clean = tree(html)
    assert (
        "sitemap.xml" in clean
        and "cards/chapters/voices.png" in clean
        and any(re.match(r"_static/mystnb\.\w+\.css$", name) for name in clean)
    )
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


@pytest.fixture(scope="module")
def second_print(built_html, tmp_path_factory) -> tuple[Path, Path]:
    """The book printed again, by a Chromium whose every network call strace records."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is missing: `make setup` (or `make test`) installs it")
    folder = tmp_path_factory.mktemp("print")
    trace = folder / "chromium.trace"
    wrapper = folder / "chromium"
    wrapper.write_text(
        f"#!/bin/sh\nexec {strace} -f -qq -s 512 -e trace=connect,sendto,sendmsg,sendmmsg -o {trace} "
        f'{browser.CHROMIUM} "$@"\n'
    )
    wrapper.chmod(0o755)
    # In a process of its own: the browser tests may hold a Playwright session open in this one.
    script = "import sys, pathlib; from callreport.book import pdf; "
    script += "pdf.print_pdf(pdf.SINGLE / 'report.html', pathlib.Path(sys.argv[1]))"
    subprocess.run(
        [sys.executable, "-c", script, str(folder / "again.pdf")],
        env={**os.environ, "CHROMIUM": str(wrapper)},
        check=True,
        timeout=300,
    )
    return folder / "again.pdf", trace


def test_two_prints_of_the_pdf_are_byte_identical(printed, second_print):
    assert second_print[0].read_bytes() == printed.read_bytes()


def dns_questions(trace: Path) -> list[str]:
    """The host names in every DNS query Chromium sent, read from the buffers strace recorded."""
    names = []
    for buffer in re.findall(r'(?:iov_base=|sendto\(\d+, )"((?:[^"\\]|\\.)*)"', trace.read_text()):
        data = buffer.encode("latin-1").decode("unicode_escape").encode("latin-1")
        labels, i = [], 12  # a DNS message: a 12-byte header, then the question's labels
        while i < len(data) and 0 < data[i] < 64 and i + data[i] < len(data):
            labels.append(data[i + 1 : i + 1 + data[i]])
            i += 1 + data[i]
        if labels and i < len(data) and data[i] == 0 and all(re.fullmatch(rb"[A-Za-z0-9-]+", x) for x in labels):
            names.append(b".".join(labels).decode())
    return names


def test_the_trace_reader_finds_a_dns_question(tmp_path):
    trace = tmp_path / "trace"
    trace.write_text(
        '7 sendto(24, "\\220~\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\6update\\ngoogleapis\\3com\\0\\0A\\0\\1", 39) = 39\n'
    )
    assert dns_questions(trace) == ["update.googleapis.com"]


def test_the_printing_chromium_makes_no_dns_lookup(second_print):
    trace = second_print[1]
    text = trace.read_text()
    assert "connect(" in text, "strace recorded the browser's connections"
    assert dns_questions(trace) == []
    assert re.findall(r"connect\(.*(?:htons\(53\)|systemd/resolve).*", text) == []


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
    # Every link is to the book or a secure address, except a source the data record at a plain http
    # address (readouts' found_at, the other reports' address), where the page was read.
    recorded = {
        row[column]
        for name, column in (("readouts.csv", "found_at"), ("coverage/reports.csv", "address"))
        for row in csv.DictReader((paths.DATA / name).open(encoding="utf-8"))
        if row[column].startswith("http://")
    }
    insecure = {link for link in links if not link.startswith("https://")}
    assert "http://3.127.128.221/2025/03/18/putin-agrees-to-trump" in recorded  # the Reuters copy, on a bare IP
    assert insecure == recorded
