"""make bench: what the book costs a contributor and a reader, against a plain Jupyter Book 1.

In one run, side by side with a baseline (the same pages as plain markdown, bench/baseline.py):
clean build, no-change rebuild and one-chapter prose edit; the full test suite; each page's
bytes and the time to the first chart in Chromium; Lighthouse on desktop and mobile. Prints a
table, writes bench/results/latest.json, and exits non-zero when a budget in bench/budgets.toml
is broken. It is a benchmark, not a test: the machines are shared and
noisy, so builds alternate between the two books and medians are quoted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.baseline import write as write_baseline
from callreport.book import addresses, metadata
from callreport.book.browser import FLAGS, launch, serve, wait_until
from callreport.dataset import paths

BENCH = paths.ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
BASELINE = WORK / "baseline"
BIN = Path(sys.executable).parent
RUNS = {"clean": 3, "nochange": 5, "edit": 3, "first_chart": 7}
BUDGETS = BENCH / "budgets.toml"


def budgets() -> dict[str, dict]:
    """The budgets, each with its label, limit and which way is better, from bench/budgets.toml."""
    found = tomllib.loads(BUDGETS.read_text(encoding="utf-8"))
    for key, budget in found.items():
        if set(budget) != {"label", "limit", "better"} or budget["better"] not in ("lower", "higher"):
            raise SystemExit(
                f"{BUDGETS.relative_to(paths.ROOT)}: [{key}] needs a label, a limit and better = lower or higher"
            )
    return found


def run(command: list[str], cwd: Path = paths.ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_ours() -> float:
    """What make html does: check that the committed outputs are current, then render them."""
    return run([str(BIN / "python"), "-m", "callreport.book.outputs", "--check"]) + run(
        [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    )


def build_baseline() -> float:
    return run([str(BIN / "jupyter-book"), "build", str(BASELINE)])


def clean(root: Path) -> None:
    shutil.rmtree(root / "_build", ignore_errors=True)


def side_by_side(label: str, n: int, ours, baseline) -> dict:
    """Alternate the two, n times each, and keep every timing."""
    times = {"ours": [], "baseline": []}
    for _ in range(n):
        times["ours"].append(ours())
        times["baseline"].append(baseline())
    medians = {k: statistics.median(v) for k, v in times.items()}
    print(f"  {label}: ours {medians['ours']:.1f} s, baseline {medians['baseline']:.1f} s")
    return {"runs": times, "median": medians, "ratio": medians["ours"] / medians["baseline"]}


def edit_and_build(source: Path, build) -> float:
    """Change one chapter's prose, rebuild and time it, then put the prose back (untimed)."""
    original = source.read_bytes()
    try:
        if source.suffix == ".ipynb":
            notebook = json.loads(original)
            cell = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
            cell["source"] = [*cell["source"], " "] if isinstance(cell["source"], list) else cell["source"] + " "
            source.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        else:
            source.write_text(original.decode() + "\nAn edited line.\n", encoding="utf-8")
        return build()
    finally:
        source.write_bytes(original)
        build()


def page_bytes(browser, base_url: str, page: str) -> int:
    """Bytes Chromium receives for a page and everything it loads, with an empty cache."""
    context = browser.new_context()
    tab = context.new_page()
    session = context.new_cdp_session(tab)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    received = []
    session.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    tab.goto(base_url + page, wait_until="networkidle")
    tab.wait_for_timeout(300)
    context.close()
    return int(sum(received))


def first_chart_ms(browser, base_url: str, page: str) -> float:
    """Milliseconds from following a link to the page's first chart (page.html#its-id, as a citation
    of the chart would) to the chart drawn by Vega. A chart is drawn only as it nears the viewport,
    so the link is what brings it there, wherever the prose above it ends."""
    html = (paths.HTML / page).read_text(encoding="utf-8")
    figure = re.search(r'class="report-chart__view"[^>]*data-figure="([^"]+)"', html)
    if not figure:
        raise SystemExit(f"{page} holds no chart to time")
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{base_url}{page}#{figure.group(1)}", wait_until="load")
    wait_until(tab, "performance.getEntriesByName('report-first-chart').length > 0")
    value = tab.evaluate("performance.getEntriesByName('report-first-chart')[0].startTime")
    context.close()
    return value


def lighthouse_pages() -> list[str]:
    """The report's pages, each held to the Lighthouse budgets: the front page and every chapter of the report."""
    return [f"{name}.html" for name in [metadata.chapters()[0], *metadata.parts()[metadata.REPORT_PART]]]


def lighthouse(url: str, preset: str) -> dict[str, float]:
    command = [str(BENCH / "node_modules" / ".bin" / "lighthouse"), url, "--quiet", "--output=json"]
    # Lighthouse parses its Chrome flags as a command line: a value with spaces in it is quoted.
    flags = " ".join(f'{f.partition("=")[0]}="{f.partition("=")[2]}"' if " " in f else f for f in FLAGS)
    command += ["--only-categories=performance,accessibility,best-practices,seo", f"--chrome-flags={flags}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    report = json.loads(result.stdout)
    scores = {name: round(100 * category["score"]) for name, category in report["categories"].items()}
    scores["largest_contentful_paint_ms"] = round(report["audits"]["largest-contentful-paint"]["numericValue"])
    scores["total_bytes"] = round(report["audits"]["total-byte-weight"]["numericValue"])
    return scores


def main() -> None:
    limits = {key: budget["limit"] for key, budget in budgets().items()}
    if not (BENCH / "node_modules" / ".bin" / "lighthouse").exists():
        raise SystemExit("bench/node_modules is missing: run `make bench`, which installs Lighthouse with npm ci")
    write_baseline(BASELINE)
    print("Builds (alternating ours and the baseline):")
    results: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "budgets": limits}

    def clean_ours():
        clean(paths.ROOT)
        return build_ours()

    def clean_baseline():
        clean(BASELINE)
        return build_baseline()

    results["clean_build"] = side_by_side("clean build", RUNS["clean"], clean_ours, clean_baseline)
    results["nochange_rebuild"] = side_by_side("no-change rebuild", RUNS["nochange"], build_ours, build_baseline)
    results["edit_rebuild"] = side_by_side(
        "rebuild after editing one chapter's prose",
        RUNS["edit"],
        lambda: edit_and_build(paths.CHAPTERS / "voices.ipynb", build_ours),
        lambda: edit_and_build(BASELINE / "chapters" / "voices.md", build_baseline),
    )
    # The sharing cards and the PDF are drawn from the built pages after the build, as make book
    # does; the clean builds removed them. Timed apart: the baseline has neither.
    results["cards_seconds"] = run([str(BIN / "python"), "-m", "callreport.book.cards"])
    results["pdf_seconds"] = run([str(BIN / "python"), "-m", "callreport.book.pdf"])
    print(f"  after the build: sharing cards {results['cards_seconds']:.1f} s, PDF {results['pdf_seconds']:.1f} s")
    print("Test suite:")
    suite = run([str(BIN / "python"), "-m", "pytest", "-q"]) + run(
        [str(BIN / "python"), "-m", "pytest", "-q", "--nbval", "chapters"]
    )
    results["test_suite_seconds"] = suite
    print(f"  pytest and strict nbval: {suite:.0f} s")

    print("Pages in Chromium:")
    pages = [f"{c}.html" for c in addresses.chapters()]
    weights = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for compress in (False, True):
            with serve(paths.HTML, compress) as ours_url, serve(BASELINE / "_build" / "html", compress) as base_url:
                for page in pages:
                    entry = weights.setdefault(page, {})
                    key = "gzip" if compress else "plain"
                    entry[key] = {
                        "ours": page_bytes(browser, ours_url, page),
                        "baseline": page_bytes(browser, base_url, page),
                    }
                    entry[key]["ratio"] = entry[key]["ours"] / entry[key]["baseline"]
                if compress:
                    first = [
                        first_chart_ms(browser, ours_url, "chapters/voices.html") for _ in range(RUNS["first_chart"])
                    ]
        browser.close()
    results["page_bytes"] = weights
    results["first_chart_ms"] = {"runs": first, "median": statistics.median(first)}

    print("Lighthouse (gzip, as served in production):")
    scores = {}
    with serve(paths.HTML, compress=True) as ours_url, serve(BASELINE / "_build" / "html", compress=True) as base_url:
        for page in lighthouse_pages():
            for preset in ("desktop", "mobile"):
                scores[f"ours {page} {preset}"] = lighthouse(ours_url + page, preset)
                print(f"  ours {page} {preset}: {scores[f'ours {page} {preset}']}")
        for preset in ("desktop", "mobile"):
            scores[f"baseline chapters/index.html {preset}"] = lighthouse(base_url + "chapters/index.html", preset)
    results["lighthouse"] = scores

    figures = {
        "clean_ratio": results["clean_build"]["ratio"],
        "nochange_seconds": results["nochange_rebuild"]["median"]["ours"],
        "page_bytes_ratio": max(w["plain"]["ratio"] for w in weights.values()),
        "first_chart_seconds": results["first_chart_ms"]["median"] / 1000,
        "lighthouse_accessibility": min(s["accessibility"] for k, s in scores.items() if k.startswith("ours")),
        "lighthouse_performance_desktop": min(
            s["performance"] for k, s in scores.items() if k.startswith("ours") and k.endswith("desktop")
        ),
        "lighthouse_performance_mobile": min(
            s["performance"] for k, s in scores.items() if k.startswith("ours") and k.endswith("mobile")
        ),
    }
    better = {key: budget["better"] for key, budget in budgets().items()}
    if set(figures) != set(better):
        raise SystemExit(
            f"{BUDGETS.relative_to(paths.ROOT)} and the measures differ: {sorted(set(figures) ^ set(better))}"
        )
    verdicts = {
        key: (value >= limits[key]) if better[key] == "higher" else (value <= limits[key])
        for key, value in figures.items()
    }
    results["figures"], results["within_budget"] = figures, verdicts

    print_table(results, pages)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nWrote {(RESULTS / 'latest.json').relative_to(paths.ROOT)}")
    broken = [key for key, ok in verdicts.items() if not ok]
    if broken:
        raise SystemExit(f"over budget: {', '.join(broken)}")


def print_table(results: dict, pages: list[str]) -> None:
    b = results
    print("\n| Measure | Ours | Baseline | Ratio |\n|---|---|---|---|")
    for label, key in (
        ("Clean build (s)", "clean_build"),
        ("No-change rebuild (s)", "nochange_rebuild"),
        ("Rebuild after a prose edit (s)", "edit_rebuild"),
    ):
        m = b[key]["median"]
        print(f"| {label} | {m['ours']:.1f} | {m['baseline']:.1f} | {b[key]['ratio']:.2f} |")
    print(f"| Full test suite (s) | {b['test_suite_seconds']:.0f} | | |")
    print(
        f"| Time to first chart, median of {RUNS['first_chart']} (s) | {b['first_chart_ms']['median'] / 1000:.2f} | | |"
    )
    for page in pages:
        w = b["page_bytes"][page]
        print(
            f"| {page} (KB, plain / gzip) | {w['plain']['ours'] / 1e3:.0f} / {w['gzip']['ours'] / 1e3:.0f} | "
            f"{w['plain']['baseline'] / 1e3:.0f} / {w['gzip']['baseline'] / 1e3:.0f} | "
            f"{w['plain']['ratio']:.2f} / {w['gzip']['ratio']:.2f} |"
        )
    print("\n| Lighthouse | Performance | Accessibility | Best practices | SEO | LCP (ms) |\n|---|---|---|---|---|---|")
    for name, s in b["lighthouse"].items():
        print(
            f"| {name} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | "
            f"{s['largest_contentful_paint_ms']} |"
        )
    print("\n| Budget | Limit | Measured | Within |\n|---|---|---|---|")
    labels = {key: budget["label"] for key, budget in budgets().items()}
    for key, value in b["figures"].items():
        print(f"| {labels[key]} | {b['budgets'][key]:g} | {value:.2f} | {'yes' if b['within_budget'][key] else 'NO'} |")


if __name__ == "__main__":
    main()
