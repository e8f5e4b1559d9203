"""Every number and quotation the report's prose uses, computed from the validated data,
one function per chapter (CHAPTERS maps each chapter to its function).

Notebooks glue these values by key (myst_nb.glue) and the prose refers to the keys
({glue:}`n_quotes`), so no number in the text is typed by hand. A chapter glues exactly
the keys its prose cites (callreport.report.chapter.setup); its function may offer more
(every quotation as an excerpt, say), never fewer. The test suite recomputes each glued
value independently from the raw CSV files.
"""

from __future__ import annotations

import re

import pandas as pd

from callreport.dataset import agreement, codebook
from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive, english
from callreport.report.escape import html_text, url


class Excerpt:
    """A verbatim span of the article for use in prose, linked to its anchor in the annotated article."""

    def __init__(self, anchor: str, text: str, page: str = derive.ARTICLE_PAGE):
        self.anchor, self.text, self.page = anchor, text, page

    def _repr_html_(self) -> str:
        return f'“<a class="excerpt" href="{url(f"{self.page}#{self.anchor}")}">{html_text(self.text)}</a>”'

    def __repr__(self) -> str:
        return f"“{self.text}” ({self.anchor})"


class Words:
    """Plain text derived from the data (a list of names, say), shown without quotation marks."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return html_text(self.text)

    def __repr__(self) -> str:
        return self.text


def article(t: Tables) -> dict[str, object]:
    """The annotated article: how much text there is to read."""
    return {
        "n_paragraphs": int(t.blocks["paragraph"].max()),
        "n_sentences": len(t.sentences),
        "n_quotes": len(t.quotes),
    }


def voices(t: Tables) -> dict[str, object]:
    """Who is quoted: quotations by kind, speaker and side, their cues and where each speaker first appears."""
    quotes = derive.quotes(t)
    by_side = derive.quotes_by_side(t)  # the table the chapter shows, so prose and table cannot drift
    speakers = quotes.merge(t.actors[["actor_id", "type"]], left_on="speaker", right_on="actor_id", how="left")
    attributed = speakers[speakers["speaker"] != NOT_STATED].astype({"type": str})
    russian_speaker = speakers["speaker"].map(derive.sides(t)) == "Russia"
    # The evidence the opening offers for Moscow's reading: the Russian press's spans before
    # the author first sets a word of theirs in scare quotes.
    first_scare = quotes.loc[quotes["kind"].astype(str) == "scare", "paragraph"].min()
    opening = speakers[russian_speaker & (speakers["kind"].astype(str) == "publication")]
    opening = opening[opening["paragraph"] < first_scare]
    russian, american = (by_side[by_side["side"] == side] for side in ("Russia", "United States"))
    values = {
        **article(t),
        "n_named_speakers": int(attributed.loc[attributed["type"] != "group", "speaker"].nunique()),
        "n_group_speakers": int(attributed.loc[attributed["type"] == "group", "speaker"].nunique()),
        "n_unattributed": int((quotes["speaker"] == NOT_STATED).sum()),
        "n_trump_quotes": int((quotes["speaker"] == "trump").sum()),
        "n_russian_quotes": int(russian["spans"].sum()),
        "n_russian_publication": _spans(russian, "publication"),
        "n_russian_scare": _spans(russian, "scare"),
        "n_russian_substantive": int(russian.loc[russian["kind"] != "scare", "spans"].sum()),
        "n_russian_direct": _spans(russian, "direct"),
        "n_russian_outlets": int(
            speakers.loc[russian_speaker & (speakers["type"] == "media outlet"), "speaker"].nunique()
        ),
        "n_ukrainian_quotes": int((quotes["speaker"].map(derive.sides(t)) == "Ukraine").sum()),
        "n_opening_spans": len(opening),
        "n_opening_outlets": int(opening["speaker"].nunique()),
        "n_victory_spans": int(quotes["text"].str.contains("victory", case=False).sum()),
        "n_russian_words": int(russian["words"].sum()),
        "n_russian_substantive_words": int(russian.loc[russian["kind"] != "scare", "words"].sum()),
        "n_american_quotes": int(american["spans"].sum()),
        "n_american_direct": _spans(american, "direct"),
        "n_american_words": int(american["words"].sum()),
        "n_external_sides": int(t.external_context.query("table == 'actors'")["row_id"].nunique()),
        "n_multipart": int(quotes["group_id"].duplicated(keep=False).sum()),
        "n_with_cue": int((quotes["cue"] != "none").sum()),
    }
    values |= _quotes_by_speaker(t)
    values |= _quote_kinds(t)
    anchors = derive.anchor_of(t, quotes["cue_start"].fillna(quotes["start"]))
    for quote, anchor in zip(quotes.itertuples(), anchors, strict=True):
        values[_key("paragraph", quote.quote_id)] = int(quote.paragraph)
        if quote.cue != "none":
            values[_key("cue", quote.quote_id)] = Excerpt(anchor, quote.cue)
    return values | _quotations(t)


def demands(t: Tables) -> dict[str, object]:
    """What each side demands and offers, and the grid of stated positions."""
    frame = derive.demands(t)
    frame["kind"] = frame["kind"].astype(str)
    russian = frame["party"].map(derive.sides(t)) == "Russia"
    positions = t.positions
    stated = positions[positions["stance"].astype(str) != NOT_STATED]
    values = {
        "n_demands": len(frame),
        "n_putin_demands": int((frame["party"] == "putin").sum()),
        "n_issues": int(positions["issue"].nunique()),
        "n_grid_actors": int(positions["actor_id"].nunique()),
        "n_cells": len(positions),
        "n_cells_stated": len(stated),
        "n_cells_not_stated": len(positions) - len(stated),
        "n_russian_asks": int((russian & (frame["direction"] == "asks")).sum()),
        "n_russian_offers": int((russian & (frame["direction"] == "offers")).sum()),
        "ukraine_stated_issues": Words(
            english.and_list(stated.loc[stated["actor_id"] == "ukraine", "issue"].astype(str).tolist())
        ),
    }
    for kind in codebook.values(t.descriptor, "demands", "kind"):
        values[f"n_putin_{kind}"] = int(((frame["party"] == "putin") & (frame["kind"] == kind)).sum())
    values |= _demand_tallies(t, frame) | _stance_tallies(t)
    values["n_offers"] = values["n_kind_offer"]  # items the codebook files as offers, by kind
    for demand in frame.itertuples():
        values[_key("evidence", demand.demand_id)] = Excerpt(f"src-{demand.demand_id}", demand.evidence)
    return values | _quotations(t) | _sentences(t) | _time_words(t)


def framing(t: Tables) -> dict[str, object]:
    """Whose voice each sentence is in: the author's analysis, reporting or reported speech."""
    sentences = t.sentences
    voices_of = sentences["voice"].astype(str).value_counts()
    words = (
        sentences.assign(words=sentences["text"].str.split().str.len())
        .groupby(sentences["voice"].astype(str))["words"]
        .sum()
    )
    values = {
        **article(t),
        "share_analysis": float(voices_of.get("analysis", 0) / len(sentences)),
        "share_analysis_words": float(words.get("analysis", 0) / words.sum()),
        "n_questions": int(sentences["text"].str.endswith("?").sum()),
    }
    for voice in codebook.values(t.descriptor, "sentences", "voice"):
        values[key("n", voice)] = int(voices_of.get(voice, 0))
        values[key("n_words", voice)] = int(words.get(voice, 0))
    return values | _quote_kinds(t) | _markers(t) | _quotations(t) | _sentences(t)


def _markers(t: Tables) -> dict[str, object]:
    """The certainty markers: how many of each kind, whose view each is, and which sentences carry one."""
    hedges = t.hedges
    kinds = hedges["kind"].astype(str).value_counts()
    analysis = t.sentences.loc[t.sentences["voice"].astype(str) == "analysis", "sentence_id"]
    marked = analysis.isin(hedges["sentence_id"])
    values = {
        "n_markers": len(hedges),
        "n_marked_sentences": int(hedges["sentence_id"].nunique()),
        "n_markers_author": int((hedges["holder"] == "author").sum()),
        "n_markers_sources": int((hedges["holder"] != "author").sum()),
        "n_analysis_marked": int(marked.sum()),
        "share_analysis_marked": float(marked.mean()),
        "n_readouts": len(t.readouts),
        "article_url": Words(_metadata(t, "url")),
    }
    for kind in codebook.values(t.descriptor, "hedges", "kind"):
        values[f"n_marker_{kind.replace(' ', '_')}"] = int(kinds.get(kind, 0))
    for marker in hedges.itertuples():
        values[_key("marker", marker.marker_id)] = Excerpt(marker.sentence_id, marker.text)
    return values


def timeline(t: Tables) -> dict[str, object]:
    """The order of events the article gives, in its own time words, and the dates added from outside."""
    events = t.events
    values = {
        "n_events": len(events),
        "n_events_placed": int(events["order"].notna().sum()),
        "n_events_unplaced": int(events["order"].isna().sum()),
        "n_steps": int(events["order"].nunique()),
        "n_events_stated_order": int((events["order_basis"].astype(str) == "stated").sum()),
        "n_events_inferred_order": int((events["order_basis"].astype(str) == "inferred").sum()),
        "n_time_not_stated": int((events["time_expression"] == NOT_STATED).sum()),
        "n_external_dates": int((t.external_context["field"] == "date").sum()),
    }
    return values | _time_words(t)


def methodology(t: Tables) -> dict[str, object]:
    """The article copy, how it was split, and how far the two annotation passes agreed."""
    block_kinds = t.blocks["kind"].astype(str).value_counts()
    values = {
        **article(t),
        "n_quote_marks": 2 * len(t.quotes),
        "n_blocks": len(t.blocks),
        "n_image_descriptions": int(block_kinds.get("image description", 0)),
        "n_captions": int(block_kinds.get("caption", 0)),
        "article_chars": len(t.article),
        "article_sha256": Words(t.descriptor["article"]["sha256"]),
    }
    summary, differences = agreement.compare(t)
    for row in summary.itertuples():
        values[f"agree_{row.table}_{row.field}"] = float(row.agreed / row.compared)
        if row.kappa is not None and not pd.isna(row.kappa):
            values[f"kappa_{row.table}_{row.field}"] = float(row.kappa)
        values[f"agreed_{row.table}_{row.field}"] = int(row.agreed)
        values[f"compared_{row.table}"] = int(row.compared)
    values["n_disagreements"] = len(differences)
    values["n_demands"] = len(t.demands)
    return values


def index(t: Tables) -> dict[str, object]:
    """The summary on the front page draws on every chapter of the report."""
    return voices(t) | demands(t) | framing(t) | timeline(t)


CHAPTERS = {
    "index": index,
    "article": article,
    "voices": voices,
    "demands": demands,
    "framing": framing,
    "timeline": timeline,
    "methodology": methodology,
}


def _metadata(t: Tables, field: str) -> str:
    """One item of what is known about the article from outside its text (external context)."""
    return next(item["value"] for item in t.descriptor["article"]["metadata"] if item["field"] == field)


def _time_words(t: Tables) -> dict[str, Excerpt]:
    """Each event's time expression, as the article words it, linked to where it stands."""
    timed = t.events[t.events["time_expression"] != NOT_STATED]
    anchors = derive.anchor_of(t, timed["time_start"])
    return {
        _key("time", e.event_id): Excerpt(a, e.time_expression)
        for e, a in zip(timed.itertuples(), anchors, strict=True)
    }


def _quotations(t: Tables) -> dict[str, Excerpt]:
    return {_key("quote", q.quote_id): Excerpt(q.quote_id, q.text) for q in t.quotes.itertuples()}


def _sentences(t: Tables) -> dict[str, Excerpt]:
    return {_key("sentence", s.sentence_id): Excerpt(s.sentence_id, s.text) for s in t.sentences.itertuples()}


def _quote_kinds(t: Tables) -> dict[str, int]:
    """n_<kind>: the quoted spans of each kind the codebook allows (n_direct, n_publication, n_scare), 0 included."""
    tally = t.quotes["kind"].astype(str).value_counts()
    return {key("n", kind): int(tally.get(kind, 0)) for kind in codebook.values(t.descriptor, "quotes", "kind")}


def _quotes_by_speaker(t: Tables) -> dict[str, int]:
    """n_speakers: the speakers quoted, counting 'not stated' as one; n_quotes_by_<speaker>: the quoted
    spans of each actor ('not stated' too), 0 for an actor never quoted; first_paragraph_<speaker> and
    last_paragraph_<speaker>: the paragraphs where each speaker ('not stated' too) is first and last quoted."""
    quotes = t.quotes
    tally = quotes["speaker"].value_counts()
    values = {"n_speakers": int(quotes["speaker"].nunique())}
    for speaker in [*t.actors["actor_id"], NOT_STATED]:
        values[key("n_quotes_by", speaker)] = int(tally.get(speaker, 0))
    for end, paragraphs in (
        ("first", quotes.groupby("speaker")["paragraph"].min()),
        ("last", quotes.groupby("speaker")["paragraph"].max()),
    ):
        for speaker, paragraph in paragraphs.items():
            values[key(end, "paragraph", speaker)] = int(paragraph)
    return values


def _demand_tallies(t: Tables, frame: pd.DataFrame) -> dict[str, int]:
    """n_kind_<kind> and n_status_<status>: the items of each kind and status the codebook allows (0
    included); n_<party>_asks and n_<party>_offers: each party's items by direction (the codebook's
    derived field). `frame` is derive.demands(t), which the caller has made already."""
    values = {}
    for field, prefix in (("kind", "n_kind"), ("status", "n_status")):
        tally = frame[field].astype(str).value_counts()
        for value in codebook.values(t.descriptor, "demands", field):
            values[key(prefix, value)] = int(tally.get(value, 0))
    directions = codebook.derived(t.descriptor, "demands", "kind", "direction").values()
    tally = frame.groupby(["party", "direction"], observed=True).size()
    for party in frame["party"].unique():
        for direction in dict.fromkeys(directions):
            values[key("n", party, direction)] = int(tally.get((party, direction), 0))
    return values


def _stance_tallies(t: Tables) -> dict[str, int]:
    """n_stance_<stance>: the cells of the positions grid with each stated stance the codebook allows;
    n_<actor>_stated: the issues on which each actor in the grid has a stated stance (0 included)."""
    positions = t.positions
    stated = positions[positions["stance"].astype(str) != NOT_STATED]
    values = {}
    tally = stated["stance"].astype(str).value_counts()
    for stance in codebook.values(t.descriptor, "positions", "stance"):
        if stance != NOT_STATED:
            values[key("n_stance", stance)] = int(tally.get(stance, 0))
    tally = stated["actor_id"].value_counts()
    for actor in positions["actor_id"].unique():
        values[key("n", actor, "stated")] = int(tally.get(actor, 0))
    return values


def key(*parts: str) -> str:
    """A glue key from its parts, each part's spaces and hyphens made underscores:
    key("n_status", "not stated") is "n_status_not_stated"."""
    return "_".join(re.sub(r"[\s-]+", "_", str(part)) for part in parts)


def _spans(by_side: pd.DataFrame, kind: str) -> int:
    return int(by_side.loc[by_side["kind"] == kind, "spans"].sum())


def _key(kind: str, identifier: str) -> str:
    """The glue key of a span: quote_q_05, sentence_s_07, evidence_d_01."""
    return f"{kind}_{identifier.replace('-', '_')}"
