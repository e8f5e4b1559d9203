"""Every value a notebook glues into the prose equals what the data give, recomputed here
independently from the raw CSV files (not through callreport.report.findings); each chapter
glues exactly what its prose cites; and findings come from the loaded tables, never from disk."""

from __future__ import annotations

import ast
import calendar
import csv
import hashlib
import json
import re
import sys
from collections import Counter

import nbformat
import pytest

from callreport.dataset import paths
from callreport.dataset.article import read_article
from callreport.report import chapter, findings

ARTICLE = read_article()


def table(name: str) -> list[dict[str, str]]:
    with (paths.DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


BLOCKS, SENTENCES, QUOTES = table("blocks.csv"), table("sentences.csv"), table("quotes.csv")
ACTORS, DEMANDS, POSITIONS = table("actors.csv"), table("demands.csv"), table("positions.csv")
EVENTS, EXTERNAL = table("events.csv"), table("external_context.csv")
HEDGES, READOUTS = table("hedges.csv"), table("readouts.csv")
DESCRIPTOR = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
ADJUDICATION = table("annotations/adjudication.csv")
PASS_DEMANDS = table("annotations/first_pass/demands.csv")  # the passes compared; later rows were never annotated


def long_date(iso: str) -> str:
    """2025-03-18 as "Tuesday 18 March 2025", from the calendar."""
    year, month, day = map(int, iso.split("-"))
    weekday = calendar.day_name[calendar.weekday(year, month, day)]
    return f"{weekday} {day} {calendar.month_name[month]} {year}"


def expected_numbers() -> dict[str, object]:
    country = {a["actor_id"]: a["country"] for a in ACTORS}
    country.update({x["row_id"]: x["value"] for x in EXTERNAL if x["field"] == "country"})
    russian = [q for q in QUOTES if country.get(q["speaker"]) == "Russia"]
    american = [q for q in QUOTES if country.get(q["speaker"]) == "United States"]
    kinds = Counter(q["kind"] for q in QUOTES)
    voices = Counter(s["voice"] for s in SENTENCES)
    words = Counter()
    for s in SENTENCES:
        words[s["voice"]] += len(s["text"].split())
    stated = [p for p in POSITIONS if p["stance"] != "not stated"]
    actor_type = {a["actor_id"]: a["type"] for a in ACTORS}
    marker_kinds = Counter(h["kind"] for h in HEDGES)
    numbers = {
        "n_paragraphs": max(int(b["paragraph"]) for b in BLOCKS if b["paragraph"]),
        "n_sentences": len(SENTENCES),
        "n_quotes": len(QUOTES),
        "n_quote_marks": ARTICLE.count('"'),
        "n_direct": kinds["direct"],
        "n_publication": kinds["publication"],
        "n_scare": kinds["scare"],
        **{
            f"n_quotes_by_{speaker}": sum(q["speaker"] == speaker for q in QUOTES)
            for speaker in ("trump", "izvestia", "komsomolskaya_pravda", "witkoff", "us_administration")
        },
        "n_russian_quotes": len(russian),
        "n_russian_publication": sum(q["kind"] == "publication" for q in russian),
        "n_russian_scare": sum(q["kind"] == "scare" for q in russian),
        "n_russian_outlets": len({q["speaker"] for q in russian if actor_type[q["speaker"]] == "media outlet"}),
        "n_markers": len(HEDGES),
        "n_marker_hedge": marker_kinds["hedge"],
        "n_marker_booster": marker_kinds["booster"],
        "n_marker_unnamed_consensus": marker_kinds["unnamed consensus"],
        "n_marker_evidential": marker_kinds["evidential"],
        "n_american_quotes": len(american),
        "n_russian_words": sum(len(q["text"].split()) for q in russian),
        "n_american_words": sum(len(q["text"].split()) for q in american),
        "n_multipart": sum(n for n in Counter(q["group_id"] for q in QUOTES).values() if n > 1),
        "n_demands": len(DEMANDS),
        "n_offers": sum(d["kind"] == "offer" for d in DEMANDS),
        "n_issues": len({p["issue"] for p in POSITIONS}),
        "n_grid_actors": len({p["actor_id"] for p in POSITIONS}),
        "n_cells": len(POSITIONS),
        "n_cells_stated": len(stated),
        "n_ukraine_stated": sum(p["actor_id"] == "ukraine" for p in stated),
        "n_putin_stated": sum(p["actor_id"] == "putin" for p in stated),
        "ukraine_stated_issues": " and ".join(p["issue"] for p in stated if p["actor_id"] == "ukraine"),
        "n_analysis": voices["analysis"],
        "n_reported_speech": voices["reported speech"],
        "n_reporting": voices["reporting"],
        "n_events": len(EVENTS),
        "n_events_placed": sum(e["order"] != "" for e in EVENTS),
        "n_events_unplaced": sum(e["order"] == "" for e in EVENTS),
        "n_events_stated_order": sum(e["order_basis"] == "stated" for e in EVENTS),
        "n_events_inferred_order": sum(e["order_basis"] == "inferred" for e in EVENTS),
        "n_external_dates": sum(x["field"] == "date" for x in EXTERNAL),
        "n_readouts": len(READOUTS),
        **{
            f"n_readouts_{answer.replace(' ', '_')}": sum(r["in_article"] == answer for r in READOUTS)
            for answer in ("reported", "reported in part", "not in the article")
        },
        "call_date": long_date(next(x["value"] for x in EXTERNAL if (x["row_id"], x["field"]) == ("e-04", "date"))),
        "n_blocks": len(BLOCKS),
        "n_image_descriptions": sum(b["kind"] == "image description" for b in BLOCKS),
        "n_captions": sum(b["kind"] == "caption" for b in BLOCKS),
        "article_chars": len(ARTICLE),
        "n_disagreements": len(ADJUDICATION),
    }
    return numbers


def expected_per_item() -> dict[str, object]:
    """The families of numbers with one key per speaker or quotation, of which the prose cites a few."""
    first_paragraph = {}
    for q in QUOTES:
        if q["speaker"] != "not stated":
            first_paragraph.setdefault(q["speaker"], int(q["paragraph"]))
    numbers = {f"first_paragraph_{speaker}": p for speaker, p in first_paragraph.items()}
    numbers.update({f"paragraph_{q['quote_id'].replace('-', '_')}": int(q["paragraph"]) for q in QUOTES})
    numbers.update({f"readout_{r['readout_id'].replace('-', '_')}": r["point"].rstrip(".") for r in READOUTS})
    return numbers


COVERAGE = {name: table(f"coverage/{name}.csv") for name in ("reports", "facts", "quotes", "speakers")}


def expected_coverage() -> dict[str, object]:
    """The yardstick's numbers from its raw files: reports read, facts in their texts read, and the
    reports that quote a Russian person (a speaker of type person, side Russia) directly."""
    reports, facts, quotes, speakers = (COVERAGE[n] for n in ("reports", "facts", "quotes", "speakers"))
    speaker = {s["speaker_id"]: s for s in speakers}
    direct = [q for q in quotes if q["kind"] == "direct" and q["speaker"] in speaker]
    russian = [q for q in direct if speaker[q["speaker"]]["side"] == "Russia"]
    by_person = [q for q in russian if speaker[q["speaker"]]["type"] == "person"]
    quoting = [r for r in reports if any(q["report_id"] == r["report_id"] for q in by_person)]
    chars = [int(r["chars_read"]) for r in reports]
    numbers = {
        "n_coverage_reports": len(reports),
        "n_coverage_outlets": len({r["outlet"] for r in reports}),
        "coverage_chars_read": f"{min(chars):,} to {max(chars):,} characters",
        "n_reports_quoting_a_russian_person": len(quoting),
        "russian_persons_quoted": "Semafor (Kirill Dmitriev)",  # read by hand in data/coverage/quotes.csv
        "russian_coverage_outlets": "Pravda.ru (English edition) and RT",  # read by hand in reports.csv
        "n_reports_quoting_the_kremlin": len(
            {q["report_id"] for q in russian if speaker[q["speaker"]]["type"] == "government"}
        ),
    }
    for fact in ("energy_pause", "prisoner_exchange", "black_sea_talks", "zelensky_response", "russian_media_reaction"):
        have = {f["report_id"] for f in facts if f["fact"] == fact and f["value"] == "in the text read"}
        numbers[f"n_reports_with_{fact}"] = len(have)
    return numbers


def expected_quote_checks() -> dict[str, object]:
    """The quotations set beside the record (quote_checks.csv), read by hand from its rows: five
    quotations, the US administration's "ball" line with two records, Rubio's and Bruce's."""
    checks = {r["check_id"]: r for r in table("quote_checks.csv")}
    return {
        "n_quotes_checked": 5,
        "record_qc_03": "\u201cWith Russia we don't have that much trade, and they'd like to, and we'd like to also"
        + "\u201d",
        "record_qc_05": "\u201cThe ball is now in their court\u201d",
        "record_qc_06": "\u201cThe ball is now in Russia's court\u201d",
        "said_by_qc_05": checks["qc-05"]["said_by"],
        "said_by_qc_06": checks["qc-06"]["said_by"],
        "said_on_qc_05": "Tuesday 11 March 2025",
        "said_on_qc_06": "Monday 17 March 2025",
        # Putin's refusal, three preconditions and offer (d-03 to d-06, d-08): none in a quotation.
        "n_told_putin": 5,
    }


NUMBERS = expected_numbers() | expected_coverage() | expected_quote_checks()
EXPECTED = NUMBERS | expected_per_item()


def glued(path) -> dict[str, str]:
    values = {}
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook", {})
            if "name" in scrapbook:
                values[scrapbook["name"]] = output["data"][scrapbook["mime_prefix"] + "text/plain"]
    return values


def referenced(path) -> set[str]:
    cells = nbformat.read(path, as_version=4).cells
    return {
        key.split(":")[0]
        for cell in cells
        if cell.cell_type == "markdown"
        for key in re.findall(r"\{eval\}`(?:format\()?(\w+)", cell.source)
    }


NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))


def kappa(table_name: str, field: str) -> float:
    """Cohen's kappa from the two frozen passes, written out here from its definition."""
    name = {"quotes": "quote_judgments", "sentences": "sentence_voices", "demands": "demands"}[table_name]
    first, second = (table(f"annotations/{p}/{name}.csv") for p in ("first_pass", "second_pass"))
    a, b = [r[field] for r in first], [r[field] for r in second]
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    chance = sum(a.count(c) * b.count(c) for c in set(a) | set(b)) / n**2
    return (observed - chance) / (1 - chance)


def passed(table_name: str) -> list[dict[str, str]]:
    """The rows of a table the first annotation pass holds (the passes hold the same items)."""
    name = {"quotes": "quote_judgments", "sentences": "sentence_voices"}.get(table_name, table_name)
    return table(f"annotations/first_pass/{name}.csv")


def check(key: str, shown: str) -> None:
    """Compare one glued value with the data."""
    excerpt = re.fullmatch(r"“(.*)” \(([a-z-]+-\d\d)\)", shown, re.S)
    if excerpt:  # a verbatim span: its text must be the article's and its anchor must exist
        text, anchor = excerpt.groups()
        anchors = (
            {r["quote_id"] for r in QUOTES} | {r["sentence_id"] for r in SENTENCES} | {b["block_id"] for b in BLOCKS}
        )
        anchors |= {f"src-{d['demand_id']}" for d in DEMANDS}
        assert text in ARTICLE and anchor in anchors, key
        kind, identifier = key.split("_", 1)
        identifier = identifier.replace("_", "-")
        source = {
            "quote": {r["quote_id"]: r["text"] for r in QUOTES},
            "sentence": {r["sentence_id"]: r["text"] for r in SENTENCES},
            "evidence": {r["demand_id"]: r["evidence"] for r in DEMANDS},
            "cue": {r["quote_id"]: r["cue"] for r in QUOTES},
            "time": {r["event_id"]: r["time_expression"] for r in EVENTS},
            "marker": {r["marker_id"]: r["text"] for r in HEDGES},
        }[kind]
        assert text == source[identifier], key
    elif key.startswith("agree_"):
        _, table_name, field = key.split("_", 2)
        compared = {"quotes": len(QUOTES), "demands": len(PASS_DEMANDS), "sentences": len(SENTENCES)}[table_name]
        disagreed = sum(r["table"] == table_name and r["field"] == field for r in ADJUDICATION)
        assert float(shown) == pytest.approx(1 - disagreed / compared), key
    elif key.startswith("agreed_"):
        _, table_name, field = key.split("_", 2)
        disagreed = sum(r["table"] == table_name and r["field"] == field for r in ADJUDICATION)
        assert int(shown) == len(passed(table_name)) - disagreed, key
    elif key.startswith("compared_"):
        assert int(shown) == len(passed(key.split("_", 1)[1])), key
    elif key.startswith("kappa_"):
        _, table_name, field = key.split("_", 2)
        assert float(shown) == pytest.approx(kappa(table_name, field)), key
    elif key == "article_sha256":
        assert shown == hashlib.sha256(paths.ARTICLE.read_bytes()).hexdigest()
    else:
        expected = EXPECTED[key]
        assert shown == (repr(expected) if not isinstance(expected, str) else expected), key


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_a_chapter_glues_exactly_what_its_prose_cites(path):
    values = glued(path)
    assert referenced(path) - set(values) == set(), "cited but not glued (run make outputs)"
    assert set(values) - referenced(path) == set(), "glued but not cited"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_glued_value_equals_the_data(path):
    values = glued(path)
    for key in referenced(path) & set(values):
        check(key, values[key])


def test_every_number_recomputed_here_is_cited():
    """NUMBERS holds no dead entry: each is cited, so each is compared with a glued value."""
    cited = set().union(*(referenced(path) for path in NOTEBOOKS))
    assert set(NUMBERS) - cited == set()


def test_findings_read_no_file(tables):
    """Given loaded tables, every chapter's findings come from memory: no file is opened
    (other than Python modules a library imports lazily)."""
    opened = []
    watching = False

    def watch(event, args):
        if watching and event == "open" and not str(args[0]).endswith((".py", ".pyc", ".so")):
            opened.append(str(args[0]))

    sys.addaudithook(watch)  # hooks cannot be removed; `watching` turns this one off
    watching = True
    data_file = paths.DATA / "annotations" / "adjudication.csv"
    data_file.read_bytes()  # the watch sees a data file being read
    seen = opened.copy()
    opened.clear()
    for function in findings.CHAPTERS.values():
        function(tables)
    watching = False
    assert seen == [str(data_file)]
    assert opened == []


def test_a_citation_without_a_finding_stops_the_chapter(monkeypatch):
    monkeypatch.setattr(chapter, "cited", lambda name: ["n_quotes", "n_unicorns"])
    with pytest.raises(LookupError) as caught:
        chapter.setup("voices")
    assert str(caught.value) == "chapters/voices.ipynb cites n_unicorns, which findings.voices does not give"


EVAL = re.compile(r"\{eval\}`([^`]*)`")
CITATION_FORMS = re.compile(r"(\w+)|format\((\w+), '([^'`]*)'\)")  # what the prose may ask the kernel for


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_markdown_cell_stores_what_its_eval_roles_show_in_jupyterlab(path):
    """jupyterlab-myst shows an {eval} role as the result stored in its cell (user_expressions): each
    cell stores its own roles' expressions, in order, each once, and each result is the glued value
    the book shows (formatted as the role asks). Only a finding's name, or format(name, 'spec')."""
    values = glued(path)
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "markdown":
            assert "user_expressions" not in cell.metadata
            continue
        asked = list(dict.fromkeys(EVAL.findall(cell.source)))
        stored = cell.metadata.get("user_expressions", [])
        assert [e["expression"] for e in stored] == asked, f"cell {number}: run make outputs"
        for entry in stored:
            form = CITATION_FORMS.fullmatch(entry["expression"])
            assert form, f"cell {number}: {{eval}}`{entry['expression']}` is not a finding's name or format()"
            plain, key, spec = form.groups()
            shown = entry["result"]["data"]["text/plain"]
            if plain:
                assert entry["result"]["status"] == "ok" and shown == values[plain], entry["expression"]
            else:
                assert shown == repr(format(ast.literal_eval(values[key]), spec)), entry["expression"]
