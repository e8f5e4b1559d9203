"""The tables the chapters show, one function per table, as charts has one per chart: which
rows, which columns under which labels, the caption, and the anchors rows carry (#d-01, #e-01).

Each takes the validated Tables and returns HTML for a notebook to display. The joins come
from derive and the markup from html_tables; every string from the data is escaped there.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from callreport.dataset.codebook import NOT_STATED, article_info, fields_table, labels, table_resources, values_table
from callreport.dataset.load import TABLES, Tables
from callreport.report import derive, yardstick
from callreport.report.escape import html_attr, html_text
from callreport.report.html_tables import frame_table, show

# -- voices ---------------------------------------------------------------------------------


def quotes_by_side(t: Tables) -> HTML:
    return show(
        derive.quotes_by_side(t),
        {"side": "Side of the speaker", "kind": "Kind", "spans": "Spans", "words": "Words"},
        "Quoted spans and words by the speaker's side and the kind of quotation",
    )


def cues(t: Tables) -> HTML:
    return show(
        derive.quotes(t),
        {
            "quote_id": "Quote",
            "speaker_name": "Speaker",
            "cue": "Cue, as the article has it",
            "kind": "Kind",
            "paragraph": "Paragraph",
        },
        "The attribution cue of every quoted span",
        links={"Quote": "href"},
    )


def quoted_or_told(t: Tables) -> HTML:
    return show(
        derive.quoted_or_told(t),
        {
            "name": "Who",
            "quoted": "Passages quoted",
            "told": "Asks, refusals and offers told in the article's words",
        },
        "Each speaker and party: passages quoted, and what the article tells in its own words",
    )


def quote_checks(t: Tables) -> HTML:
    return show(
        derive.quote_checks(t),
        {
            "quote_id": "Quote",
            "text": "The article's words",
            "said": "Said by, where and when",
            "record_words": "The words as the page prints them",
            "match": "How they compare",
            "site": "Page",
            "note": "Note",
        },
        "External context: quotations in the article beside the speakers' words as other pages print them",
        # No row anchors: a quotation may have several checks, and its anchor (voices.html#q-05, the
        # annotated article's link) belongs to its one row in the table of every quoted passage.
        links={"Quote": "href"},
        table_id="quote-checks",
    )


def quotes(t: Tables) -> HTML:
    return show(
        derive.quotes(t),
        {"quote_id": "Quote", "text": "Text", "speaker_name": "Speaker", "kind": "Kind", "paragraph": "Paragraph"},
        "Every span in quotation marks, verbatim",
        row_id="quote_id",
        links={"Quote": "href"},
        table_id="all-quotes",
        filterable=True,
    )


# -- demands --------------------------------------------------------------------------------


def demands(t: Tables) -> HTML:
    return show(
        derive.demands(t),
        {
            "demand_id": "Demand",
            "party_name": "Party",
            "addressee_name": "Addressee",
            "kind": "Kind",
            "category": "Category",
            "summary": "The event, as the article gives it (this report's summary)",
            "evidence": "Evidence (the article)",
            "status": "Status",
        },
        "Demands, proposals, offers and responses the article reports",
        row_id="demand_id",
        links={"Evidence (the article)": "href"},
        table_id="demands-table",
        filterable=True,
    )


def stated_positions(t: Tables) -> HTML:
    positions = derive.positions(t)
    return show(
        positions[positions["stance"] != NOT_STATED],
        {
            "issue": "Issue",
            "actor_name": "Actor",
            "stance": "Stance",
            "basis": "Basis",
            "evidence": "Evidence (the article)",
        },
        "Every stated position, with its evidence",
        links={"Evidence (the article)": "href"},
    )


# -- framing --------------------------------------------------------------------------------


def analysis_sentences(t: Tables) -> HTML:
    sentences = derive.sentences(t)
    return show(
        sentences[sentences["voice"] == "analysis"],
        {"sentence_id": "Sentence", "paragraph": "Paragraph", "text": "Text"},
        "The sentences labelled as the author's analysis",
        links={"Sentence": "href"},
        table_id="analysis-sentences",
        filterable=True,
    )


def echoes(t: Tables) -> HTML:
    return show(
        derive.echoes(t),
        {"quote_id": "Scare quote", "text": "Its words", "echoes": "Echoes", "echoed_text": "The words it echoes"},
        "Each scare quote and the earlier quotation it echoes",
        links={"Scare quote": "href"},
    )


# -- timeline -------------------------------------------------------------------------------


def events(t: Tables) -> HTML:
    return show(
        derive.events(t),
        {
            "event_id": "Event",
            "order": "Order",
            "summary": "Summary (this report)",
            "time_expression": "Time words (the article)",
            "time_in": "Whose words",
            "order_basis": "Order basis",
            "order_note": "Why this order",
        },
        "Events in the order the article gives, with its own time words",
        row_id="event_id",
        links={"Summary (this report)": "href"},
        table_id="events-table",
        filterable=True,
    )


def external_dates(t: Tables) -> HTML:
    return show(
        derive.external_dates(t),
        {
            "context_id": "Id",
            "row_id": "Event",
            "summary": "Summary (this report)",
            "value": "Date (external)",
            "source": "Source",
        },
        "Calendar dates from outside the article",
    )


# -- methodology and changes ----------------------------------------------------------------


def article_metadata(t: Tables) -> HTML:
    return show(
        pd.DataFrame(t.descriptor["article"]["metadata"]),
        {"field": "Item", "value": "Value", "status": "Status", "source": "Source"},
        "What is known about the article from outside its text",
    )


def pass_agreement(t: Tables) -> HTML:
    return show(
        derive.agreement_by_field(t),
        {
            "table": "Table",
            "field": "Field",
            "compared": "Compared",
            "agreed": "Agreed",
            "percent": "Agreement (%)",
            "kappa": "Cohen's kappa",
        },
        "Agreement between the two annotation passes (the second made without seeing the first)",
    )


def adjudication(t: Tables) -> HTML:
    return show(
        t.annotations["adjudication"],
        {
            "item": "Item",
            "field": "Field",
            "first": "First pass",
            "second": "Second pass",
            "decision": "Final",
            "reason": "Why",
        },
        "How each disagreement was settled",
        table_id="adjudication",
        filterable=True,
    )


def codebook(t: Tables) -> HTML:
    """Each table's heading (anchored #codebook-<name>), description, fields and allowed values."""
    parts = []
    for res in table_resources(t.descriptor):
        if res["name"] not in TABLES:
            continue
        name, path = res["name"], res["path"]
        parts.append(
            f'<h3 id="codebook-{html_attr(name)}">{html_text(res["title"])}: <code>data/{html_text(path)}</code>'
            f"</h3><p>{html_text(res['description'])}</p>"
        )
        labels = {c: c.capitalize() for c in ["field", "type", "required", "constraints", "description"]}
        parts.append(frame_table(fields_table(t.descriptor, name), labels, f"Fields of {path}"))
        values = values_table(t.descriptor, name)
        if len(values):
            labels = {"field": "Field", "value": "Value", "definition": "Meaning"}
            parts.append(frame_table(values, labels, f"Allowed values in {path}"))
    return HTML("".join(parts))


def data_changes(t: Tables, caption: str) -> HTML:
    return show(
        pd.DataFrame(t.descriptor["changelog"]),
        {"version": "Version", "date": "Date", "changes": "Changes"},
        caption,
    )


# -- analysis (issue 13) --------------------------------------------------------------------


def asks_and_offers(t: Tables) -> HTML:
    side = article_info(t.descriptor).focus_side.name
    return show(
        derive.asks_and_offers(t),
        {
            "side": side,
            "demand_id": "Item",
            "party_name": "Party",
            "kind": "Kind",
            "evidence": "The article's words",
        },
        f"What {side} asks and what it offers, in the article's words",
        links={"The article's words": "href"},
    )


def demands_by_party(t: Tables) -> HTML:
    """What each party asks or refuses and what it offers or accepts, grouped by party: the focus side's
    parties first, most items first; the caption counts the focus side's (findings' n_<party>_asks and
    n_<party>_offers). Each row links to its words in the annotated article. It keeps the address of the
    chart it replaced (#fig-demands-by-party)."""
    from callreport.report import english, findings
    from callreport.report.findings import key

    frame = derive.demands(t)
    focus = article_info(t.descriptor).focus_side.name
    focal = set(frame.loc[frame["party"].map(derive.sides(t)) == focus, "party"])
    counts, first = frame["party"].value_counts(), frame.groupby("party", observed=True)["demand_id"].min()
    frame["_party"] = [(p not in focal, -counts[p], first[p]) for p in frame["party"]]
    frame = frame.sort_values(["_party", "direction", "demand_id"], kind="stable")
    frame["side"] = frame["direction"].map({"asks": "asks or refuses", "offers": "offers or accepts"})
    facts = findings.demands(t)
    asks = sum(facts[key("n", p, "asks")] for p in focal)
    offers = sum(facts[key("n", p, "offers")] for p in focal)
    caption = (
        f"{focus} asks or refuses {english.plural(asks, 'things')} and offers {offers}: "
        "each item the article reports, by party"
    )
    return show(
        frame,
        {
            "party_name": "Party",
            "side": "Asks or offers",
            "demand_id": "Item",
            "kind": "Kind",
            "summary": "What (this report's summary)",
        },
        caption,
        links={"What (this report's summary)": "href"},
        table_id="fig-demands-by-party",
    )


def markers(t: Tables) -> HTML:
    return show(
        derive.markers(t),
        {
            "marker_id": "Marker",
            "text": "Words",
            "kind": "Kind",
            "holder_name": "Whose view",
            "claim": "The claim it qualifies",
            "voice": "Sentence's voice",
        },
        "Every certainty marker in the article, the claim it qualifies and whose view it is",
        links={"Words": "href"},
        table_id="markers-table",
        filterable=True,
    )


def readouts(t: Tables) -> HTML:
    return show(
        derive.readouts(t),
        {
            "readout_id": "Id",
            "side": "Whose account",
            "point": "What it says (this report's paraphrase)",
            "readout_words": "Its words, as the page prints them",
            "bears_on": "Bears on",
            "in_article": "In the article?",
            "found_at_site": "Where it was found",
            "source_kind": "Kind of page",
            "differs": "Where pages differ",
        },
        "External context: what the statements on the call say, beside what the article reports",
        links={"Bears on": "bears_on_href", "Where it was found": "found_at"},
        row_id="readout_id",
        table_id="readouts",
    )


def coverage_facts(t: Tables) -> HTML:
    """Each question asked of every other report of the event: in how many of their texts read the fact
    stands, and whether the article has it; the facts most of them carry first."""
    frame = yardstick.facts_table(t)
    named = labels(t.descriptor, "coverage_facts", "fact")
    frame["label"] = frame["fact"].map(named)
    frame["share"] = [f"{n} of {of}" for n, of in zip(frame["in_text_read"], frame["reports"], strict=True)]
    frame["article"] = frame["in_article"].map({True: "yes", False: "no"})
    frame = frame.sort_values(["in_text_read", "fact"], ascending=[False, True], kind="stable")
    return show(
        frame,
        {"label": "Fact", "share": "Other reports whose text read has it", "article": "In the article?"},
        "Each fact asked of every other report, by how many of their texts read state it",
        table_id="coverage-facts",
    )


def coverage_reports(t: Tables) -> HTML:
    """The other reports read: outlet, kind, how much was read, and whom of the focus side each quotes
    directly, person or government."""
    side = article_info(t.descriptor).focus_side
    quoted = yardstick.quoted_side(t).set_index("report_id")
    frame = t.coverage_reports.copy()
    frame["persons"] = frame["report_id"].map(lambda r: ", ".join(quoted.loc[r, "persons"]) or "none")
    frame["government"] = frame["report_id"].map(lambda r: int(quoted.loc[r, "government_quotes"]))
    frame["site"] = frame["address"].map(derive.site_of)
    return show(
        frame,
        {
            "report_id": "Id",
            "outlet": "Outlet",
            "outlet_kind": "Kind",
            "syndicated_from": "Carries the report of",
            "chars_read": "Characters read",
            "persons": f"People of {side.name} quoted directly",
            "government": f"Direct quotations of {side.name}'s government",
            "site": "Where it was read",
        },
        f"The other reports read, and whom of {side.name}'s side each quotes directly in its text read",
        links={"Where it was read": "address"},
        row_id="report_id",
        table_id="coverage-reports",
        filterable=True,
    )
