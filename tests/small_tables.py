"""Small Tables made in a test: a few sentences of text and a handful of rows, typed as the loader
types the real ones, so a test can count its expected values by hand.

    t = small_tables(
        [["One sentence.", "Another."], ["A second paragraph."]],
        voices=["analysis", "reporting", "analysis"],
        quotes=[{"text": "sentence", "kind": "scare", "speaker": "not stated"}],
    )

The article is a title and the paragraphs, one sentence after another. A row's offsets are found
from its words, which must occur exactly once in the article: start and end from its text or
evidence, cue_start and cue_end from its cue, time_start and time_end from its time words. A quote's
or marker's paragraph is where it stands; ids are numbered in order (q-01, d-01, ...) unless a row
gives its own. A field a row leaves out is empty; a table left out has no rows. Nothing is
validated: a test builds exactly the case it means.
"""

from __future__ import annotations

from callreport.dataset.codebook import allowed_values, read_descriptor, table_resources
from callreport.dataset.load import TABLES, Tables, _typed

TITLE = "A small article made for a test"


def _span(article: str, text: str) -> tuple[int, int]:
    start = article.find(text)
    if start < 0 or article.find(text, start + 1) >= 0:
        raise ValueError(f"small_tables: {text!r} must occur exactly once in the article")
    return start, start + len(text)


def _whole(resource: dict, row: dict) -> dict[str, str | None]:
    """The row with every field of its table, as the loader reads a CSV row; a field it leaves out is
    empty, or missing (None) where the field is enumerated and "" is none of its values."""
    return {
        f["name"]: str(row[f["name"]]) if f["name"] in row else (None if allowed_values(f) else "")
        for f in resource["schema"]["fields"]
    }


def small_tables(paragraphs: list[list[str]], voices: list[str], **rows: list[dict]) -> Tables:
    descriptor = read_descriptor()
    article = TITLE + "\n\n" + "\n\n".join(" ".join(sentences) for sentences in paragraphs) + "\n"
    blocks = [{"block_id": "b-01", "kind": "title", "start": 0, "end": len(TITLE), "text": TITLE, "paragraph": ""}]
    sentences = []
    at = len(TITLE) + 2
    for number, paragraph in enumerate(paragraphs, start=1):
        text = " ".join(paragraph)
        blocks.append(
            {"block_id": f"b-{number + 1:02d}", "kind": "paragraph", "start": at, "end": at + len(text), "text": text}
        )
        blocks[-1]["paragraph"] = number
        for sentence in paragraph:
            start = article.index(sentence, at)
            sentences.append({"start": start, "end": start + len(sentence), "text": sentence, "paragraph": number})
        at += len(text) + 2
    if len(voices) != len(sentences):
        raise ValueError(f"small_tables: {len(sentences)} sentences but {len(voices)} voices")
    for number, (sentence, voice) in enumerate(zip(sentences, voices, strict=True), start=1):
        sentence.update(sentence_id=f"s-{number:02d}", voice=voice)

    def paragraph_of(offset: int) -> int:
        return next(s["paragraph"] for s in sentences if s["start"] <= offset < s["end"])

    prefixes = {"quotes": "q", "demands": "d", "events": "e", "hedges": "h", "external_context": "x", "readouts": "r"}
    ids = {"quotes": "quote_id", "demands": "demand_id", "events": "event_id", "hedges": "marker_id"}
    ids |= {"external_context": "context_id", "readouts": "readout_id"}
    made = {"blocks": blocks, "sentences": sentences}
    for name in TABLES:
        if name in made:
            continue
        table = []
        for number, given in enumerate(rows.get(name, []), start=1):
            row = dict(given)
            if name in ids:
                row.setdefault(ids[name], f"{prefixes[name]}-{number:02d}")
            for text_field, (start_field, end_field) in {
                "text": ("start", "end"),
                "evidence": ("start", "end"),
                "cue": ("cue_start", "cue_end"),
                "time_expression": ("time_start", "time_end"),
            }.items():
                if row.get(text_field) not in (None, "", "none", "not stated") and start_field not in row:
                    row[start_field], row[end_field] = _span(article, row[text_field])
            if name in ("quotes", "hedges") and "start" in row:
                row.setdefault("paragraph", paragraph_of(row["start"]))
            if name == "quotes":
                row.setdefault("group_id", row["quote_id"])
                row.setdefault("cue", "none")
                row.setdefault("echoes", "none")
            table.append({key: str(value) for key, value in row.items()})
        made[name] = table
    resources = {r["name"]: r for r in table_resources(descriptor)}
    frames = {name: _typed(resources[name], [_whole(resources[name], row) for row in made[name]]) for name in TABLES}
    return Tables(article=article, descriptor=descriptor, **frames, annotations={})
