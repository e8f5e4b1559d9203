"""Every number and quotation the report's prose uses, computed from the validated data.

Notebooks glue these values by key (myst_nb.glue) and the prose refers to the
keys ({glue:}`n_quotes`), so no number in the text is typed by hand. The test
suite recomputes each one independently and compares it with what the
notebooks glued.
"""

from __future__ import annotations

import pandas as pd

from callreport.dataset import agreement, paths
from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive
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


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def side_of(t: Tables) -> dict[str, str]:
    """The country each actor belongs to: the article's, else this report's external context."""
    side = dict(zip(t.actors["actor_id"], t.actors["country"].astype(str), strict=True))
    external = t.external_context.query("table == 'actors' and field == 'country'")
    for row in external.itertuples():
        side[row.row_id] = row.value
    side[NOT_STATED] = NOT_STATED
    return side


def compute(t: Tables, data_dir=paths.DATA) -> dict[str, object]:
    quotes = derive.quotes(t)
    kinds = quotes["kind"].astype(str).value_counts()
    side = quotes["speaker"].map(side_of(t))
    russian, american = quotes[side == "Russia"], quotes[side == "United States"]
    demands = derive.demands(t)
    dkinds = demands["kind"].astype(str).value_counts()
    sentences = t.sentences
    voices = sentences["voice"].astype(str).value_counts()
    words = (
        sentences.assign(words=sentences["text"].str.split().str.len())
        .groupby(sentences["voice"].astype(str))["words"]
        .sum()
    )
    positions = t.positions
    stated = positions[positions["stance"].astype(str) != NOT_STATED]
    events = t.events
    external_actor_sides = t.external_context.query("table == 'actors'")["row_id"]
    figures = {
        "n_paragraphs": int(t.blocks["paragraph"].max()),
        "n_sentences": len(sentences),
        "n_words": int(sum(len(text.split()) for text in sentences["text"])),
        "n_actors": len(t.actors),
        "n_quotes": len(quotes),
        "n_quote_marks": 2 * len(quotes),
        "n_direct": int(kinds.get("direct", 0)),
        "n_publication": int(kinds.get("publication", 0)),
        "n_scare": int(kinds.get("scare", 0)),
        "n_speakers": int(quotes.loc[quotes["speaker"] != NOT_STATED, "speaker"].nunique()),
        "n_unattributed": int((quotes["speaker"] == NOT_STATED).sum()),
        "n_trump_quotes": int((quotes["speaker"] == "trump").sum()),
        "n_russian_quotes": len(russian),
        "n_russian_publication": int((russian["kind"] == "publication").sum()),
        "n_american_quotes": len(american),
        "n_american_direct": int((american["kind"] == "direct").sum()),
        "n_russian_words": int(russian["words"].sum()),
        "n_american_words": int(american["words"].sum()),
        "n_external_sides": int(external_actor_sides.nunique()),
        "n_multipart": int(quotes["group_id"].duplicated(keep=False).sum()),
        "n_with_cue": int((quotes["cue"] != "none").sum()),
        "n_demands": len(demands),
        "n_preconditions": int(dkinds.get("precondition", 0)),
        "n_offers": int(dkinds.get("offer", 0)),
        "n_putin_demands": int((demands["party"] == "putin").sum()),
        "n_status_not_stated": int((demands["status"].astype(str) == NOT_STATED).sum()),
        "n_issues": int(positions["issue"].nunique()),
        "n_grid_actors": int(positions["actor_id"].nunique()),
        "n_cells": len(positions),
        "n_cells_stated": len(stated),
        "n_cells_not_stated": len(positions) - len(stated),
        "n_ukraine_stated": int((stated["actor_id"] == "ukraine").sum()),
        "n_putin_stated": int((stated["actor_id"] == "putin").sum()),
        "n_analysis": int(voices.get("analysis", 0)),
        "n_reported_speech": int(voices.get("reported speech", 0)),
        "n_reporting": int(voices.get("reporting", 0)),
        "share_analysis": float(voices.get("analysis", 0) / len(sentences)),
        "share_analysis_words": float(words.get("analysis", 0) / words.sum()),
        "n_questions": int(sentences["text"].str.endswith("?").sum()),
        "n_events": len(events),
        "n_events_placed": int(events["order"].notna().sum()),
        "n_events_unplaced": int(events["order"].isna().sum()),
        "n_steps": int(events["order"].nunique()),
        "n_events_stated_order": int((events["order_basis"].astype(str) == "stated").sum()),
        "n_events_inferred_order": int((events["order_basis"].astype(str) == "inferred").sum()),
        "n_time_not_stated": int((events["time_expression"] == NOT_STATED).sum()),
        "n_external": len(t.external_context),
        "n_external_dates": int((t.external_context["field"] == "date").sum()),
    }
    for kind in t.demands["kind"].cat.categories:
        for party in ("putin",):
            figures[f"n_{party}_{kind}"] = int(((demands["party"] == party) & (demands["kind"] == kind)).sum())
    figures["ukraine_stated_issues"] = Words(
        _and(stated.loc[stated["actor_id"] == "ukraine", "issue"].astype(str).tolist())
    )
    figures["n_russian_scare"] = int((russian["kind"] == "scare").sum())
    for speaker, paragraph in quotes.groupby("speaker")["paragraph"].min().items():
        if speaker != NOT_STATED:
            figures[f"first_paragraph_{speaker}"] = int(paragraph)
    anchors = derive.anchor_of(t, quotes["cue_start"].fillna(quotes["start"]))
    for quote, anchor in zip(quotes.itertuples(), anchors, strict=True):
        figures[_key("quote", quote.quote_id)] = Excerpt(quote.quote_id, quote.text)
        figures[_key("paragraph", quote.quote_id)] = int(quote.paragraph)
        if quote.cue != "none":
            figures[_key("cue", quote.quote_id)] = Excerpt(anchor, quote.cue)
    for sentence in sentences.itertuples():
        figures[_key("sentence", sentence.sentence_id)] = Excerpt(sentence.sentence_id, sentence.text)
    for demand in demands.itertuples():
        figures[_key("evidence", demand.demand_id)] = Excerpt(f"src-{demand.demand_id}", demand.evidence)
    kinds_of_block = t.blocks["kind"].astype(str).value_counts()
    figures["n_blocks"] = len(t.blocks)
    figures["n_image_descriptions"] = int(kinds_of_block.get("image description", 0))
    figures["n_captions"] = int(kinds_of_block.get("caption", 0))
    figures["article_chars"] = len(t.article)
    figures["article_sha256"] = Words(t.descriptor["article"]["sha256"])
    summary, differences = agreement.compare(data_dir)
    for row in summary.itertuples():
        figures[f"agree_{row.table}_{row.field}"] = float(row.agreed / row.compared)
        if row.kappa is not None and not pd.isna(row.kappa):
            figures[f"kappa_{row.table}_{row.field}"] = float(row.kappa)
    figures["n_disagreements"] = len(differences)
    figures["n_fields_compared"] = len(summary)
    timed = events[events["time_expression"] != NOT_STATED]
    for event, anchor in zip(timed.itertuples(), derive.anchor_of(t, timed["time_start"]), strict=True):
        figures[_key("time", event.event_id)] = Excerpt(anchor, event.time_expression)
    return figures


def _key(kind: str, identifier: str) -> str:
    """The glue key of a span: quote_q_05, sentence_s_07, evidence_d_01."""
    return f"{kind}_{identifier.replace('-', '_')}"
