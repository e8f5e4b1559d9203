"""Other reports of the same event, asked the same questions as the article: a yardstick.

A report is known here only by the text this desk read of it (often a page's opening, as a search
service returned it), never whole, so every claim about a report is about that text: a fact is "in
the text read" or "not in the text read", never "in the report". The texts stay out of the
repository. The data keep, for each report, its address, the length and sha256 of the text read,
and only the snippets that verify each item: the words inside each pair of quotation marks, found
by code (quoted_spans), and the evidence of each fact, each with a little verbatim context and
offsets into that context (the codebook's ``contextSpans``).

``check`` validates the committed rows alone, and load.validate runs it with everything else.
``python -m callreport.dataset.coverage TEXTS [DATA]`` (scripts/coverage-snippets) writes the code's
part of the quote and fact rows again from the texts (TEXTS/<report_id>.txt, each the exact text
read), keeping every judgment: run it after adding a text, a fact's evidence or a report; with
``--check`` it changes nothing and says whether the committed rows are what the texts give.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from callreport.dataset import paths
from callreport.dataset.article import quote_marks
from callreport.dataset.codebook import allowed_values, fields, read_descriptor, resource
from callreport.dataset.errors import DataError
from callreport.dataset.files import FORMULA_STARTS, read_rows, read_text

REPORTS, FACTS, QUOTES, SPEAKERS, ARTICLE_FACTS = (
    "coverage_reports",
    "coverage_facts",
    "coverage_quotes",
    "coverage_speakers",
    "coverage_article_facts",
)
PATHS = {
    REPORTS: "coverage/reports.csv",
    FACTS: "coverage/facts.csv",
    QUOTES: "coverage/quotes.csv",
    SPEAKERS: "coverage/speakers.csv",
    ARTICLE_FACTS: "coverage/article_facts.csv",
}
IN_TEXT, NOT_IN_TEXT = "in the text read", "not in the text read"  # coverage_facts.value, as the codebook has it
QUOTE_CONTEXT = 120  # characters of context kept either side of a quotation (fewer at the text's ends)
FACT_CONTEXT = 60  # and either side of a fact's evidence
STRAIGHT = "straight double"
PAIRED = {"“": ("”", "curly double"), "«": ("»", "guillemets")}  # opening mark: (closing mark, name)


@dataclass(frozen=True)
class Span:
    """The words inside one pair of quotation marks: text[start:end], and which marks enclose them."""

    start: int
    end: int
    marks: str


def quoted_spans(text: str) -> tuple[list[Span], list[int]]:
    """Every non-empty span inside a pair of quotation marks, in reading order, and the offsets of the
    marks left open.

    Straight double marks pair in turn, as the article's own quotes do (article.quote_marks); curly
    double marks and guillemets pair each closing mark with the last opening one still open, so a
    quotation inside another is a span of its own. A text read is often cut short, so a mark may be
    left open at its end (it is listed, not paired), or a closing mark may have lost its opening one
    before the text's start (it is passed over). Single marks are not read: they are apostrophes too.
    """
    spans, unclosed = [], []
    straight = quote_marks(text)
    spans += [Span(straight[i] + 1, straight[i + 1], STRAIGHT) for i in range(0, len(straight) - 1, 2)]
    unclosed += straight[len(straight) - len(straight) % 2 :]
    for opening, (closing, name) in PAIRED.items():
        open_marks: list[int] = []
        for at, char in enumerate(text):
            if char == opening:
                open_marks.append(at)
            elif char == closing and open_marks:
                spans.append(Span(open_marks.pop() + 1, at, name))
        unclosed += open_marks
    spans = [s for s in spans if s.end > s.start]
    return sorted(spans, key=lambda s: (s.start, -s.end)), sorted(unclosed)


def snippet(text: str, start: int, end: int, width: int) -> tuple[str, int]:
    """The context of text[start:end]: up to `width` characters either side, without white space at its
    ends and never beginning with a character a spreadsheet reads as a formula; and where it starts."""
    begin, stop = max(0, start - width), min(len(text), end + width)
    while begin < start and (text[begin].isspace() or text[begin] in FORMULA_STARTS):
        begin += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    return text[begin:stop], begin


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- validation of the committed rows ---------------------------------------------------------------


def check(descriptor: dict, raw: dict[str, list[dict[str, str]]]) -> int:
    """What Frictionless cannot check in the coverage tables, from the committed rows alone; returns how
    many snippets it checked (each verbatim in its context at its offsets, and inside the text read)."""
    where = {name: f"data/{resource(descriptor, name)['path']}" for name in PATHS}
    reports = {row["report_id"]: row for row in raw[REPORTS]}
    for number, row in enumerate(raw[REPORTS], start=1):
        _together(where[REPORTS], number, row, "page_date", "date_shown", "not shown", "not shown")
        _together(where[REPORTS], number, row, "syndicated_from", "syndication_evidence", "not stated", "")
    checked = 0
    for name in (FACTS, QUOTES):
        for span in resource(descriptor, name)["schema"].get("contextSpans", []):
            for number, row in enumerate(raw[name], start=1):
                checked += _check_context_span(where[name], number, row, span, reports)
    facts = allowed_values(next(f for f in fields(descriptor, FACTS) if f["name"] == "fact"))
    present = {(row["report_id"], row["fact"]) for row in raw[FACTS]}
    for report_id in reports:
        for fact in facts:
            if (report_id, fact) not in present:
                raise DataError(where[FACTS], None, "fact", f"a row for report {report_id!r} and fact {fact!r}", "none")
    for number, row in enumerate(raw[FACTS], start=1):
        _check_value(where[FACTS], number, row)
    _check_quote_ids(where[QUOTES], raw[QUOTES])
    for number, row in enumerate(raw[QUOTES], start=1):
        _check_cue(where[QUOTES], number, row)
    article_facts = allowed_values(next(f for f in fields(descriptor, ARTICLE_FACTS) if f["name"] == "fact"))
    if article_facts != facts:
        raise DataError(
            "data/datapackage.json",
            None,
            None,
            f"{ARTICLE_FACTS}.fact to allow the facts of {FACTS}.fact",
            repr(article_facts),
        )
    judged = [row["fact"] for row in raw[ARTICLE_FACTS]]
    for fact in facts:
        if fact not in judged:
            raise DataError(where[ARTICLE_FACTS], None, "fact", f"a row for fact {fact!r}", "none")
    for number, row in enumerate(raw[ARTICLE_FACTS], start=1):
        _check_value(where[ARTICLE_FACTS], number, row)
    return checked


def _together(name: str, number: int, row: dict, field: str, words: str, absent: str, no_words: str) -> None:
    """A value the text read shows comes with the words that show it; one it does not show, with none."""
    if (row[field] == absent) != (row[words] == no_words):
        expected = f"{no_words!r}, since {field} is {absent!r}" if row[field] == absent else "the words that show it"
        raise DataError(name, number, words, expected, repr(row[words]))


def _check_context_span(name: str, number: int, row: dict, span: dict, reports: dict) -> int:
    """row[text] is row[context][start:end], and the context lies inside its report's text read; all
    empty when the text is. Returns 1 for a span checked, 0 for an empty one."""
    keys = [span[k] for k in ("context", "offset", "start", "end")]
    if row[span["text"]] == "":
        for key in keys:
            if row[key] != "":
                raise DataError(name, number, key, f"an empty cell, since {span['text']} is empty", repr(row[key]))
        return 0
    for key in keys:
        if row[key] == "":
            raise DataError(name, number, key, f"a value, since {span['text']} is given", "an empty cell")
    context = row[span["context"]]
    offset, start, end = (int(row[span[k]]) for k in ("offset", "start", "end"))
    if not 0 <= start < end <= len(context):
        raise DataError(
            name, number, span["end"], f"offsets inside the context (0 to {len(context)}, after {start})", str(end)
        )
    if context[start:end] != row[span["text"]]:
        raise DataError(
            name,
            number,
            span["text"],
            f"the context's text at {start}-{end}, {context[start:end]!r}",
            repr(row[span["text"]]),
        )
    read = int(reports[row["report_id"]]["chars_read"])
    if offset + len(context) > read:
        raise DataError(
            name,
            number,
            span["offset"],
            f"a context inside the {read} characters read of {row['report_id']} (so at most {read - len(context)})",
            str(offset),
        )
    return 1


def _check_value(name: str, number: int, row: dict) -> None:
    if (row["value"] == IN_TEXT) != (row["evidence"] != ""):
        expected = (
            "the words that show it" if row["value"] == IN_TEXT else f"no evidence, since value is {row['value']!r}"
        )
        raise DataError(name, number, "evidence", expected, repr(row["evidence"]))


def _check_quote_ids(name: str, rows: list[dict]) -> None:
    """Each report's quotes are <report_id>-q01, -q02, ... in the order they stand in its text read."""
    previous: dict[str, tuple[int, int]] = {}
    for number, row in enumerate(rows, start=1):
        count, at = previous.get(row["report_id"], (0, -1))
        expected = f"{row['report_id']}-q{count + 1:02d}"
        if row["report_quote_id"] != expected:
            raise DataError(
                name,
                number,
                "report_quote_id",
                f"{expected!r}, the next quote of {row['report_id']}",
                repr(row["report_quote_id"]),
            )
        here = int(row["context_offset"]) + int(row["quote_from"])
        if here < at:
            raise DataError(
                name,
                number,
                "context_offset",
                f"a quote after the previous one of {row['report_id']}",
                row["context_offset"],
            )
        previous[row["report_id"]] = (count + 1, here)


def _check_cue(name: str, number: int, row: dict) -> None:
    """A cue stands in the quote's context, outside the quotation marks."""
    cue = row["cue"]
    if cue == "none":
        return
    context, start, end = row["context"], int(row["quote_from"]), int(row["quote_to"])
    outside = [m.start() for m in re.finditer(re.escape(cue), context) if m.end() <= start - 1 or m.start() >= end + 1]
    if not outside:
        raise DataError(name, number, "cue", "words that stand in the context, outside the quotation marks", repr(cue))


# -- the rows the code writes from the texts ---------------------------------------------------------


def quote_rows(report_id: str, text: str, judged: dict[tuple[int, str], dict]) -> tuple[list[dict], list[int]]:
    """The quote rows of one text read: the spans and their contexts from code, each span's judgment
    (kind, speaker, cue, note) from `judged`, keyed by (offset in the text read, quoted text); a span
    not yet judged has empty judgment cells. Also returns the offsets of marks left open."""
    spans, unclosed = quoted_spans(text)
    rows = []
    for number, span in enumerate(spans, start=1):
        context, begin = snippet(text, span.start, span.end, QUOTE_CONTEXT)
        words = text[span.start : span.end]
        judgment = judged.get((span.start, words), {})
        rows.append(
            {
                "report_id": report_id,
                "report_quote_id": f"{report_id}-q{number:02d}",
                "marks": span.marks,
                "text": words,
                "context": context,
                "context_offset": begin,
                "quote_from": span.start - begin,
                "quote_to": span.end - begin,
                **{key: judgment.get(key, "") for key in ("kind", "speaker", "cue", "note")},
            }
        )
    return rows, unclosed


def fact_row(row: dict, text: str, name: str, number: int | None) -> dict:
    """A fact row with the context and offsets of its evidence, which must occur once in the text read."""
    evidence = row["evidence"]
    if evidence == "":
        return {**row, "context": "", "context_offset": "", "evidence_from": "", "evidence_to": ""}
    found = [m.start() for m in re.finditer(re.escape(evidence), text)]
    if len(found) != 1:
        raise DataError(
            name,
            number,
            "evidence",
            f"words that occur once in the text read of {row['report_id']}",
            f"{len(found)} times",
        )
    context, begin = snippet(text, found[0], found[0] + len(evidence), FACT_CONTEXT)
    start = found[0] - begin
    return {
        **row,
        "context": context,
        "context_offset": begin,
        "evidence_from": start,
        "evidence_to": start + len(evidence),
    }


def rebuild(texts: Path, data_dir: Path = paths.DATA) -> tuple[dict[str, list[dict]], list[str]]:
    """What coverage/quotes.csv and coverage/facts.csv should hold, from the texts read and the committed
    judgments, and what a person still has to do (spans to judge, judgments whose span is gone)."""
    descriptor = read_descriptor(data_dir / "datapackage.json")
    columns = {name: [f["name"] for f in fields(descriptor, name)] for name in PATHS}
    rows = {name: read_rows(data_dir, PATHS[name], columns[name]) for name in (REPORTS, FACTS, QUOTES)}
    todo = []
    judged = {(q["report_id"], int(q["context_offset"]) + int(q["quote_from"]), q["text"]): q for q in rows[QUOTES]}
    quotes, facts, used = [], [], set()
    for number, report in enumerate(rows[REPORTS], start=1):
        report_id = report["report_id"]
        text = read_text(texts / f"{report_id}.txt", f"{texts.name}/{report_id}.txt")
        for column, found in (("chars_read", str(len(text))), ("sha256", sha256(text))):
            if report[column] != found:
                raise DataError(
                    f"data/{PATHS[REPORTS]}", number, column, f"{found!r}, as the text read gives", repr(report[column])
                )
        for column, absent in (("headline", "not shown"), ("date_shown", "not shown"), ("syndication_evidence", "")):
            if report[column] != absent and report[column] not in text:
                raise DataError(
                    f"data/{PATHS[REPORTS]}",
                    number,
                    column,
                    f"words of the text read of {report_id}",
                    repr(report[column]),
                )
        mine = {(start, words): q for (rid, start, words), q in judged.items() if rid == report_id}
        made, unclosed = quote_rows(report_id, text, mine)
        used |= {(report_id, int(q["context_offset"]) + int(q["quote_from"]), q["text"]) for q in made}
        todo += [f"judge {q['report_quote_id']}: {q['text'][:50]!r}" for q in made if not q["kind"]]
        todo += [
            f"{report_id}: a quotation mark left open at {at} (the text read ends inside a quotation?)"
            for at in unclosed
        ]
        quotes += made
        given = {row["fact"]: (n, row) for n, row in enumerate(rows[FACTS], start=1) if row["report_id"] == report_id}
        for fact in allowed_values(next(f for f in fields(descriptor, FACTS) if f["name"] == "fact")):
            if fact not in given:
                todo.append(f"judge fact {fact} for {report_id}")
            at, row = given.get(fact, (None, {"report_id": report_id, "fact": fact, "value": "", "evidence": ""}))
            made_row = fact_row(row, text, f"data/{PATHS[FACTS]}", at)
            facts.append({column: made_row.get(column, "") for column in columns[FACTS]})
    todo += [
        f"judgment of {q['report_quote_id']} ({q['text'][:40]!r}) matches no span"
        for key, q in judged.items()
        if key not in used
    ]
    return {QUOTES: quotes, FACTS: facts}, todo


def table_text(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m callreport.dataset.coverage", description=__doc__.split("\n")[0])
    parser.add_argument("texts", type=Path, help="the folder of texts read, one <report_id>.txt each")
    parser.add_argument("data_dir", nargs="?", type=Path, default=paths.DATA)
    parser.add_argument("--check", action="store_true", help="write nothing; fail if the committed rows differ")
    args = parser.parse_args(argv)
    try:
        tables, todo = rebuild(args.texts, args.data_dir)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    descriptor = read_descriptor(args.data_dir / "datapackage.json")
    stale = []
    for name, rows in tables.items():
        path = args.data_dir / PATHS[name]
        text = table_text([f["name"] for f in fields(descriptor, name)], rows)
        if path.read_text(encoding="utf-8") != text:
            stale.append(f"data/{PATHS[name]}")
            if not args.check:
                path.write_text(text, encoding="utf-8")
        print(f"{'checked' if args.check else 'wrote'} data/{PATHS[name]}: {len(rows)} rows")
    for line in todo:
        print(f"to do: {line}")
    if args.check and stale:
        print(f"error: not what the texts give: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
