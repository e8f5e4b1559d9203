"""The yardstick: what the other reports of the event have, beside the article, and whom they quote.

Every count here is about the texts read of the other reports (each report's opening, often, as
coverage_reports.chars_read says), never about the whole reports: a fact "in the text read" of so
many reports is what those reports lead with, and one missing from the text read may still stand
further down. The article is read whole. The side whose people are counted is the descriptor's focus
side unless another is given, so nothing here names an article.
"""

from __future__ import annotations

import pandas as pd

from callreport.dataset.codebook import NOT_STATED, article_info, values
from callreport.dataset.coverage import FACTS, IN_TEXT
from callreport.dataset.load import Tables


def fact_counts(facts: pd.DataFrame, article_facts: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """One row per fact, in `order`: in how many reports' texts read it stands (in_text_read), of how many
    reports (reports), and whether the article has it (in_article)."""
    reports = facts["report_id"].nunique()
    present = facts[facts["value"].astype(str) == IN_TEXT]
    have = present.groupby(present["fact"].astype(str))["report_id"].nunique()
    article = dict(zip(article_facts["fact"].astype(str), article_facts["value"].astype(str), strict=True))
    return pd.DataFrame(
        {
            "fact": order,
            "in_text_read": [int(have.get(fact, 0)) for fact in order],
            "reports": reports,
            "in_article": [article.get(fact) == IN_TEXT for fact in order],
        }
    )


def side_quotes(quotes: pd.DataFrame, speakers: pd.DataFrame, reports: pd.DataFrame, side: str) -> pd.DataFrame:
    """One row per report, in its order: how many direct quotations its text read gives to a person of
    `side` (person_quotes) and who they are (persons, in the order first quoted), whether there is any
    (person_quoted), and how many direct quotations it gives instead to that side's government, as its
    statement or readout (government_quotes)."""
    kinds = speakers.set_index(speakers["speaker_id"].astype(str))
    direct = quotes[(quotes["kind"].astype(str) == "direct") & (quotes["speaker"].astype(str) != NOT_STATED)]
    speaker = direct["speaker"].astype(str)
    of_side = direct[speaker.map(kinds["side"].astype(str)) == side]
    of_side_speaker = of_side["speaker"].astype(str)
    persons = of_side[of_side_speaker.map(kinds["type"].astype(str)) == "person"]
    governments = of_side[of_side_speaker.map(kinds["type"].astype(str)) == "government"]
    rows = []
    for report in reports.itertuples(index=False):
        mine = persons[persons["report_id"] == report.report_id]
        names = list(dict.fromkeys(mine["speaker"].astype(str).map(kinds["name"])))
        rows.append(
            {
                "report_id": report.report_id,
                "outlet": report.outlet,
                "person_quotes": len(mine),
                "persons": names,
                "person_quoted": len(mine) > 0,
                "government_quotes": int((governments["report_id"] == report.report_id).sum()),
            }
        )
    return pd.DataFrame(rows)


def article_side_quotes(quotes: pd.DataFrame, actors: pd.DataFrame, side: str) -> list[str]:
    """The ids of the article's direct quotations of a person of `side` (an actor of type person whose
    country is the side), by the same rule as side_quotes."""
    person = actors[(actors["type"].astype(str) == "person") & (actors["country"].astype(str) == side)]
    direct = quotes[(quotes["kind"].astype(str) == "direct") & quotes["speaker"].astype(str).isin(person["actor_id"])]
    return list(direct["quote_id"])


def facts_table(t: Tables) -> pd.DataFrame:
    """fact_counts for the data, in the codebook's order of the facts."""
    return fact_counts(t.coverage_facts, t.coverage_article_facts, values(t.descriptor, FACTS, "fact"))


def quoted_side(t: Tables, side: str | None = None) -> pd.DataFrame:
    """side_quotes for the data; the side is the descriptor's focus side unless given."""
    side = side or article_info(t.descriptor).focus_side.name
    return side_quotes(t.coverage_quotes, t.coverage_speakers, t.coverage_reports, side)


def article_quoted_side(t: Tables, side: str | None = None) -> list[str]:
    """article_side_quotes for the data; the side is the descriptor's focus side unless given."""
    side = side or article_info(t.descriptor).focus_side.name
    return article_side_quotes(t.quotes, t.actors, side)
