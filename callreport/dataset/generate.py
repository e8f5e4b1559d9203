"""Generate the tables that code derives from the article: blocks, sentences, quotes and hedges.

The spans come from code, so none can be missed; the judgments about them come
from the curated files in data/annotations/. Run ``python -m callreport.dataset.generate``
(``make data``) after editing either; the loader refuses stale output. Another article's data
folder is a plain argument: ``python -m callreport.dataset.generate tests/fixtures/second_article/data``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from callreport.dataset import paths
from callreport.dataset.article import Block, quote_marks, read_article, split_blocks, split_sentences
from callreport.dataset.codebook import field_names, read_descriptor, table_resources
from callreport.dataset.errors import DataError
from callreport.dataset.files import read_rows

JUDGMENTS = "annotations/quote_judgments.csv"
VOICES = "annotations/sentence_voices.csv"
HEDGES = "annotations/hedge_judgments.csv"
_BRACKETS = re.compile(r"\[[^\]]*\]")
QUOTE_ID = re.compile(r"^q-\d{2}$", re.ASCII)  # as the codebook's pattern for quote_id


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The text inside each pair of quotation marks, as (start, end) offsets."""
    marks = quote_marks(text)
    if len(marks) % 2:
        raise DataError(
            "data/article.txt",
            None,
            None,
            "an even number of quotation marks",
            f"{len(marks)}, the last at {marks[-1]}",
        )
    return [(marks[i] + 1, marks[i + 1]) for i in range(0, len(marks), 2)]


def block_at(blocks: list[Block], offset: int) -> Block:
    return next(block for block in blocks if block.start <= offset < block.end)


def build_blocks(blocks: list[Block]) -> list[dict]:
    return [
        {
            "block_id": b.block_id,
            "kind": b.kind,
            "start": b.start,
            "end": b.end,
            "text": b.text,
            "paragraph": b.paragraph,
        }
        for b in blocks
    ]


def build_sentences(text: str, blocks: list[Block], voices: list[dict[str, str]]) -> list[dict]:
    """Join the code's sentences to the curated voices; each must match one to one."""
    sentences = split_sentences(text, blocks)
    by_span = {(s.start, s.end): s for s in sentences}
    judged = {}
    for row_number, row in enumerate(voices, start=1):
        key = (_int(row["start"], VOICES, row_number, "start"), _int(row["end"], VOICES, row_number, "end"))
        if key not in by_span:
            raise DataError(
                f"data/{VOICES}", row_number, "start", "the offsets of a sentence the code finds", f"{key[0]}-{key[1]}"
            )
        judged[key] = row
    for sentence in sentences:
        if (sentence.start, sentence.end) not in judged:
            raise DataError(
                f"data/{VOICES}",
                None,
                "start",
                f"a voice for sentence {sentence.start}-{sentence.end} ({sentence.text[:40]!r})",
                "none",
            )
    return [
        {
            "sentence_id": s.sentence_id,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "paragraph": s.paragraph,
            "voice": judged[(s.start, s.end)]["voice"],
        }
        for s in sentences
    ]


def build_quotes(text: str, blocks: list[Block], judgments: list[dict[str, str]]) -> list[dict]:
    """Join the code's quotation spans to the curated judgments; each must match one to one.

    A quote's id is its judgment's quote_id, given once and never changed, so a span judged later
    (with the next unused number) moves no other quote's id.
    """
    spans = quote_spans(text)
    found = set(spans)
    judged, rows_by_id = {}, {}
    for row_number, row in enumerate(judgments, start=1):
        key = (_int(row["start"], JUDGMENTS, row_number, "start"), _int(row["end"], JUDGMENTS, row_number, "end"))
        if key not in found:
            raise DataError(
                f"data/{JUDGMENTS}",
                row_number,
                "start",
                "the offsets of a quoted span the code finds",
                f"{key[0]}-{key[1]}",
            )
        if key in judged:  # the file's primary key, as the loader's Frictionless layer words it
            raise DataError(
                f"data/{JUDGMENTS}",
                row_number,
                None,
                "a value not used in any other row",
                f"{row['start']!r}, {row['end']!r}, as in row {judged[key][0]}",
            )
        if row["text"] != text[key[0] : key[1]]:
            raise DataError(f"data/{JUDGMENTS}", row_number, "text", repr(text[key[0] : key[1]]), repr(row["text"]))
        quote_id = row["quote_id"]
        if quote_id == "":  # as the loader's Frictionless layer words it
            raise DataError(f"data/{JUDGMENTS}", row_number, "quote_id", "a value", "an empty cell")
        if not QUOTE_ID.fullmatch(quote_id):
            raise DataError(
                f"data/{JUDGMENTS}", row_number, "quote_id", f"text matching {QUOTE_ID.pattern}", repr(quote_id)
            )
        if quote_id in rows_by_id:
            raise DataError(
                f"data/{JUDGMENTS}",
                row_number,
                "quote_id",
                "a value not used in any other row",
                f"{quote_id!r}, as in row {rows_by_id[quote_id]}",
            )
        rows_by_id[quote_id] = row_number
        judged[key] = (row_number, row)
    quotes = []
    for span in spans:
        if span not in judged:
            raise DataError(
                f"data/{JUDGMENTS}",
                None,
                "start",
                f"a judgment for the quoted span {span[0]}-{span[1]} ({text[span[0] : span[1]][:40]!r})",
                "none",
            )
        row_number, row = judged[span]
        block = block_at(blocks, span[0])
        cue_start, cue_end = _cue_offsets(text, spans, blocks, block, row["cue"], row_number)
        insertions = _BRACKETS.findall(row["text"])
        quotes.append(
            {
                "quote_id": row["quote_id"],
                "start": span[0],
                "end": span[1],
                "text": row["text"],
                "kind": row["kind"],
                "speaker": row["speaker"],
                "cue": row["cue"],
                "cue_start": cue_start,
                "cue_end": cue_end,
                "paragraph": block.paragraph,
                "group_id": row["group_id"],
                "echoes": row["echoes"],
                "editorial_insertion": " ".join(insertions) if insertions else "none",
                "note": row["note"],
            }
        )
    return quotes


def build_hedges(sentences: list[dict], judgments: list[dict[str, str]]) -> list[dict]:
    """Locate each judged certainty marker and its claim inside the sentence the judgment names.

    Both must occur exactly once in that sentence, so the offsets are the code's, never a person's;
    the markers are numbered h-01, h-02, ... in reading order.
    """
    by_id = {s["sentence_id"]: s for s in sentences}
    located = []
    for row_number, row in enumerate(judgments, start=1):
        sentence = by_id.get(row["sentence_id"])
        if sentence is None:
            raise DataError(
                f"data/{HEDGES}", row_number, "sentence_id", "a sentence_id of sentences.csv", repr(row["sentence_id"])
            )
        start, end = (_once_in(sentence, row[column], row_number, column) for column in ("marker", "claim"))
        located.append((start, end, sentence, row))
    located.sort(key=lambda item: item[0][0])
    return [
        {
            "marker_id": f"h-{number:02d}",
            "sentence_id": sentence["sentence_id"],
            "start": start[0],
            "end": start[1],
            "text": row["marker"],
            "kind": row["kind"],
            "claim_start": end[0],
            "claim_end": end[1],
            "claim": row["claim"],
            "holder": row["holder"],
            "paragraph": sentence["paragraph"],
            "note": row["note"],
        }
        for number, (start, end, sentence, row) in enumerate(located, start=1)
    ]


def _once_in(sentence: dict, words: str, row_number: int, column: str) -> tuple[int, int]:
    found = list(_occurrences(sentence["text"], words, 0, len(sentence["text"]))) if words else []
    if len(found) != 1:
        raise DataError(
            f"data/{HEDGES}",
            row_number,
            column,
            f"words that occur once in sentence {sentence['sentence_id']}",
            f"{words!r} {len(found)} times",
        )
    return sentence["start"] + found[0], sentence["start"] + found[0] + len(words)


def _cue_offsets(text, inside, blocks, block, cue, row_number):
    """Locate the cue once, outside quotation marks, in the quote's block or the one before it.

    A quotation can stand alone in a paragraph introduced by the previous one
    ("It's a point echoed today by ... newspaper:"), so that block is searched too.
    """
    if cue == "none":
        return None, None
    index = blocks.index(block)
    region = blocks[max(index - 1, 0) : index + 1]
    found = [
        at
        for searched in region
        for at in _occurrences(text, cue, searched.start, searched.end)
        if not any(s <= at < e for s, e in inside)
    ]
    if len(found) != 1:
        raise DataError(
            f"data/{JUDGMENTS}",
            row_number,
            "cue",
            f"words that occur once, outside quotation marks, in block {block.block_id} or the block before it",
            f"{cue!r} {len(found)} times",
        )
    return found[0], found[0] + len(cue)


def _occurrences(text, needle, start, end):
    at = text.find(needle, start, end)
    while at != -1:
        yield at
        at = text.find(needle, at + 1, end)


def _int(value, relative, row_number, column):
    if not value.isdigit():
        raise DataError(f"data/{relative}", row_number, column, "a whole number", repr(value))
    return int(value)


def generate(
    text: str, voices: list[dict[str, str]], judgments: list[dict[str, str]], hedges: list[dict[str, str]]
) -> dict[str, list[dict]]:
    """What blocks.csv, sentences.csv, quotes.csv and hedges.csv must hold, in one pass over the article."""
    blocks = split_blocks(text)
    sentences = build_sentences(text, blocks, voices)
    return {
        "blocks": build_blocks(blocks),
        "sentences": sentences,
        "quotes": build_quotes(text, blocks, judgments),
        "hedges": build_hedges(sentences, hedges),
    }


def generated_tables(data_dir: Path = paths.DATA) -> dict[str, list[dict]]:
    """generate() from the files in data_dir: the article and the three curated annotation files."""
    descriptor = read_descriptor(data_dir / "datapackage.json")
    columns = {r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in table_resources(descriptor)}
    voices, judgments, hedges = (
        read_rows(data_dir, relative, columns.get(relative)) for relative in (VOICES, JUDGMENTS, HEDGES)
    )
    return generate(read_article(data_dir / "article.txt"), voices, judgments, hedges)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})


def main(data_dir: Path = paths.DATA) -> None:
    descriptor = read_descriptor(data_dir / "datapackage.json")
    for name, rows in generated_tables(data_dir).items():
        write_csv(data_dir / f"{name}.csv", field_names(descriptor, name), rows)
        print(f"wrote data/{name}.csv: {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else paths.DATA)
