"""Derived tables shared by charts, tables and findings: joins, display names and links.

Each function takes the validated Tables and returns a new DataFrame; nothing is
written back to the data.
"""

from __future__ import annotations

import urllib.parse

import pandas as pd

from callreport.dataset import agreement, codebook
from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import english, quote_accuracy

ARTICLE_PAGE = "article.html"


def actor_names(t: Tables) -> dict[str, str]:
    """actor_id -> the name the article uses, with 'not stated' kept as is."""
    return {**dict(zip(t.actors["actor_id"], t.actors["name"], strict=True)), NOT_STATED: NOT_STATED}


def _containing(offsets: pd.Series, table: pd.DataFrame, id_column: str) -> list[str | None]:
    """For each offset, the id of the row of `table` whose span contains it, or None."""
    spans = list(zip(table["start"], table["end"], table[id_column], strict=True))
    return [next((i for s, e, i in spans if s <= offset < e), None) for offset in offsets]


def anchor_of(t: Tables, offsets: pd.Series) -> list[str]:
    """The finest anchor in the annotated article for each offset: its sentence, else its block."""
    sentences = _containing(offsets, t.sentences, "sentence_id")
    blocks = _containing(offsets, t.blocks, "block_id")
    return [sentence or block for sentence, block in zip(sentences, blocks, strict=True)]


def sides(t: Tables) -> dict[str, str]:
    """The country each actor belongs to: the article's, else this report's external context."""
    side = dict(zip(t.actors["actor_id"], t.actors["country"].astype(str), strict=True))
    external = t.external_context.query("table == 'actors' and field == 'country'")
    for row in external.itertuples():
        side[row.row_id] = row.value
    side[NOT_STATED] = NOT_STATED
    return side


def quotes(t: Tables) -> pd.DataFrame:
    names = actor_names(t)
    frame = t.quotes.copy()
    frame["speaker_name"] = frame["speaker"].map(names)
    frame["words"] = frame["text"].str.split().str.len()
    frame["href"] = ARTICLE_PAGE + "#" + frame["quote_id"]
    return frame


def quotes_by_side(t: Tables) -> pd.DataFrame:
    """Quoted spans and words per side of the speaker (sides) and kind of quotation."""
    frame = quotes(t)
    return (
        frame.assign(side=frame["speaker"].map(sides(t)))
        .groupby(["side", "kind"], observed=True)
        .agg(spans=("quote_id", "count"), words=("words", "sum"))
        .reset_index()
    )


def quoted_or_told(t: Tables) -> pd.DataFrame:
    """For each actor who speaks in a quotation or is a party to a demand: its quoted spans (quoted)
    beside its demands, proposals, offers and responses the article tells in its own words (told),
    that is, whose evidence lies inside no quotation of that actor's own words. Actors in the
    order of actors.csv."""
    own = t.quotes[["speaker", "start", "end"]]

    def in_own_words(row) -> bool:
        spans = own[own["speaker"] == row.party]
        return bool(((spans["start"] <= row.start) & (row.end <= spans["end"])).any())

    told = t.demands[[not in_own_words(row) for row in t.demands.itertuples()]]
    frame = t.actors[["actor_id", "name"]].copy()
    frame["quoted"] = frame["actor_id"].map(t.quotes["speaker"].value_counts()).fillna(0).astype(int)
    frame["told"] = frame["actor_id"].map(told["party"].value_counts()).fillna(0).astype(int)
    return frame[(frame["quoted"] > 0) | (frame["told"] > 0)].reset_index(drop=True)


def echoes(t: Tables) -> pd.DataFrame:
    """Each quotation that echoes an earlier one, with the words it echoes (echoed_text)."""
    frame = quotes(t)
    echoed = frame[["quote_id", "text"]].rename(columns={"quote_id": "echoes", "text": "echoed_text"})
    return frame[frame["echoes"] != "none"].merge(echoed, on="echoes")


def demands(t: Tables) -> pd.DataFrame:
    names = actor_names(t)
    frame = t.demands.copy()
    frame["party_name"] = frame["party"].map(names)
    frame["addressee_name"] = frame["addressee"].map(names)
    frame["block_id"] = _containing(frame["start"], t.blocks, "block_id")
    frame["paragraph"] = frame["block_id"].map(dict(zip(t.blocks["block_id"], t.blocks["paragraph"], strict=True)))
    frame["href"] = ARTICLE_PAGE + "#src-" + frame["demand_id"]
    # Which way each kind points, asks or offers: the codebook's derived field, the one definition.
    frame["direction"] = frame["kind"].astype(str).map(codebook.derived(t.descriptor, "demands", "kind", "direction"))
    return frame


def positions(t: Tables) -> pd.DataFrame:
    names = actor_names(t)
    frame = t.positions.copy()
    frame["actor_name"] = frame["actor_id"].map(names)
    stated = frame["start"].notna()
    frame["anchor"] = ""
    frame.loc[stated, "anchor"] = anchor_of(t, frame.loc[stated, "start"])
    frame["href"] = [ARTICLE_PAGE + "#" + a if a else "" for a in frame["anchor"]]
    return frame


def events(t: Tables) -> pd.DataFrame:
    names = actor_names(t)
    frame = t.events.copy()
    frame["actor_names"] = frame["actor_ids"].map(lambda ids: " and ".join(names[i] for i in ids.split(" | ")))
    frame["anchor"] = anchor_of(t, frame["start"])
    frame["href"] = ARTICLE_PAGE + "#" + frame["anchor"]
    frame["time_in"] = [_time_source(t, start) for start in frame["time_start"]]
    return frame


def external_dates(t: Tables) -> pd.DataFrame:
    """The calendar dates this report adds from outside the article, each with its event's summary."""
    dates = t.external_context.query("field == 'date'")
    return dates.merge(t.events[["event_id", "summary"]], left_on="row_id", right_on="event_id")


def _time_source(t: Tables, start) -> str:
    """Whose words the time expression is: the narration's, a quotation's or a caption's."""
    if pd.isna(start):
        return NOT_STATED
    for quote in t.quotes.itertuples():
        if quote.start <= start < quote.end:
            return f"quotation {quote.quote_id}"
    kind = t.blocks.loc[(t.blocks["start"] <= start) & (start < t.blocks["end"]), "kind"].iloc[0]
    return "caption" if kind == "caption" else "narration"


def sentences(t: Tables) -> pd.DataFrame:
    frame = t.sentences.copy()
    frame["order"] = range(1, len(frame) + 1)
    frame["words"] = frame["text"].str.split().str.len()
    frame["href"] = ARTICLE_PAGE + "#" + frame["sentence_id"]
    return frame


def agreement_by_field(t: Tables) -> pd.DataFrame:
    """The two annotation passes' agreement per field, percent and kappa as text for display."""
    summary, _ = agreement.compare(t)
    return summary.assign(
        percent=summary["percent"].map("{:.1f}".format),
        kappa=["" if pd.isna(k) else f"{k:.2f}" for k in summary["kappa"]],
    )


def markers(t: Tables) -> pd.DataFrame:
    """The certainty markers with the voice of their sentence and the holder's name."""
    names = actor_names(t) | {"author": "the author"}
    voices = dict(zip(t.sentences["sentence_id"], t.sentences["voice"].astype(str), strict=True))
    frame = t.hedges.copy()
    frame["holder_name"] = frame["holder"].map(names)
    frame["voice"] = frame["sentence_id"].map(voices)
    frame["href"] = ARTICLE_PAGE + "#" + frame["sentence_id"]
    return frame


def asks_and_offers(t: Tables) -> pd.DataFrame:
    """The focus side's demands (the descriptor's article.focus_side): what it asks (proposals,
    preconditions, refusals) beside what it offers."""
    frame = demands(t)
    frame = frame[frame["party"].map(sides(t)) == codebook.article_info(t.descriptor).focus_side.name].copy()
    frame["side"] = frame["direction"]
    return frame.sort_values(["side", "demand_id"], kind="stable")


def readouts(t: Tables) -> pd.DataFrame:
    """The external readouts of the call, each with the sentence of the article it bears on, linked, or
    'none', unlinked."""
    frame = t.readouts.copy()
    frame["side"] = frame["side"].astype(str).str.replace("_", " ").str.title()  # white_house: White House
    linked = frame["bears_on"] != "none"
    frame["bears_on_href"] = (ARTICLE_PAGE + "#" + frame["bears_on"]).where(linked, "")
    frame["found_at_site"] = frame["found_at"].map(site_of)  # the link's text; found_at is its address
    return frame


def quote_checks(t: Tables) -> pd.DataFrame:
    """Each quote check with the article's words (text, linked to them in href), how they stand to the
    record (match: one of quote_accuracy.MATCHES), the day they were said as a reader reads it (when),
    who said them where and when in one phrase (said) and the site of the page the record is read on."""
    frame = t.quote_checks.merge(t.quotes[["quote_id", "text"]], on="quote_id", validate="many_to_one")
    pairs = zip(frame["text"], frame["record_words"], frame["record_kind"], strict=True)
    frame["match"] = [quote_accuracy.match(*pair) for pair in pairs]
    frame["site"] = frame["found_at"].map(site_of)
    frame["href"] = ARTICLE_PAGE + "#" + frame["quote_id"]
    frame["when"] = frame["said_on"].map(lambda day: day if day == NOT_STATED else english.long_date(day))
    frame["said"] = frame["said_by"] + ". " + frame["occasion"] + ", " + frame["when"]
    return frame


def site_of(address: str) -> str:
    """The site an address is on, as a reader names it: https://www.npr.org/2025/... is npr.org."""
    return urllib.parse.urlsplit(address).hostname.removeprefix("www.")
