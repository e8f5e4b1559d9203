"""Compare the two annotation passes field by field (the second made without seeing the first).

The first pass (data/annotations/first_pass/) and the second pass, made without seeing the first
(data/annotations/second_pass/) are frozen as made; both come validated from the
loader (Tables.annotations), so nothing here reads a file. Each disagreement found
here has a row in data/annotations/adjudication.csv saying how it was settled;
a test holds the two in step and checks the final data follows each decision.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from callreport.dataset.load import Tables

PASSES = ("first", "second")  # each pass's files are the resources <name>_first and <name>_second
QUOTE_FIELDS = ("kind", "speaker", "cue", "group_id", "echoes")
DEMAND_FIELDS = ("party", "addressee", "kind", "category", "status", "evidence")
HEDGE_FIELDS = ("marker", "claim", "kind", "holder")
KAPPA_FIELDS = {
    ("quotes", "kind"),
    ("quotes", "speaker"),
    ("demands", "kind"),
    ("sentences", "voice"),
    ("hedges", "kind"),
    ("hedges", "holder"),
}


def cohen_kappa(first: list[str], second: list[str]) -> float | None:
    """Cohen's kappa for two raters over the same items; None when chance agreement is total."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[c] * count_b[c] for c in set(first) | set(second)) / n**2
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _passes(t: Tables, name: str) -> tuple[list[dict], list[dict]]:
    return tuple(t.annotations[f"{name}_{p}"].to_dict("records") for p in PASSES)


def _keyed(rows: list[dict], prefix: str) -> dict[tuple[int, int], tuple[str, dict]]:
    return {(int(r["start"]), int(r["end"])): (f"{prefix}-{i:02d}", r) for i, r in enumerate(rows, start=1)}


def _pair_demands(first: list[dict], second: list[dict]) -> list[tuple[str, dict | None, dict | None]]:
    """Pair demand rows of the same category whose evidence spans overlap most; unpaired rows stand alone."""
    pairs, used = [], set()
    for number, a in enumerate(first, start=1):
        best, best_overlap = None, 0
        for index, b in enumerate(second):
            if index in used or a["category"] != b["category"]:
                continue
            overlap = min(int(a["end"]), int(b["end"])) - max(int(a["start"]), int(b["start"]))
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is not None:
            used.add(best)
        pairs.append((f"d-{number:02d}", a, second[best] if best is not None else None))
    extra = [b for index, b in enumerate(second) if index not in used]
    pairs += [(f"second-{number}", None, b) for number, b in enumerate(extra, start=1)]
    return pairs


def _pair_hedges(first: list[dict], second: list[dict]) -> list[tuple[str, dict | None, dict | None]]:
    """Pair markers in the same sentence whose words overlap (one contains the other), in order;
    unpaired markers stand alone. Items are named by sentence and the first pass's words."""
    pairs, used = [], set()
    for a in first:
        match = next(
            (
                index
                for index, b in enumerate(second)
                if index not in used
                and a["sentence_id"] == b["sentence_id"]
                and (a["marker"] in b["marker"] or b["marker"] in a["marker"])
            ),
            None,
        )
        if match is not None:
            used.add(match)
        pairs.append((f"{a['sentence_id']} {a['marker']}", a, second[match] if match is not None else None))
    pairs += [(f"{b['sentence_id']} {b['marker']}", None, b) for index, b in enumerate(second) if index not in used]
    return pairs


def compare(t: Tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (summary, disagreements): agreement per field, and every item the passes differ on."""
    summary, differences = [], []

    def record(table, field, items):
        agreed = sum(a == b for _, a, b in items)
        kappa = (
            cohen_kappa([a for _, a, _ in items], [b for _, _, b in items]) if (table, field) in KAPPA_FIELDS else None
        )
        summary.append({"table": table, "field": field, "compared": len(items), "agreed": agreed, "kappa": kappa})
        differences.extend(
            {"table": table, "item": item, "field": field, "first": a, "second": b} for item, a, b in items if a != b
        )

    # a quote is named by the id its judgment gives it (load holds both passes to the final ids)
    first, second = (
        {(int(r["start"]), int(r["end"])): (r["quote_id"], r) for r in rows} for rows in _passes(t, "quote_judgments")
    )
    record(
        "quotes", "span", [(first.get(k, (f"second {k}",))[0], k in first, k in second) for k in sorted(first | second)]
    )
    common = sorted(first.keys() & second.keys())
    for field in QUOTE_FIELDS:
        record("quotes", field, [(first[k][0], first[k][1][field], second[k][1][field]) for k in common])

    pairs = _pair_demands(*_passes(t, "demands"))
    record("demands", "row", [(item, a is not None, b is not None) for item, a, b in pairs])
    matched = [(item, a, b) for item, a, b in pairs if a is not None and b is not None]
    for field in DEMAND_FIELDS:
        record("demands", field, [(item, a[field], b[field]) for item, a, b in matched])

    first, second = (_keyed(rows, "s") for rows in _passes(t, "sentence_voices"))
    record("sentences", "voice", [(first[k][0], first[k][1]["voice"], second[k][1]["voice"]) for k in sorted(first)])

    pairs = _pair_hedges(*_passes(t, "hedges"))
    record("hedges", "row", [(item, a is not None, b is not None) for item, a, b in pairs])
    matched = [(item, a, b) for item, a, b in pairs if a is not None and b is not None]
    for field in HEDGE_FIELDS:
        record("hedges", field, [(item, a[field], b[field]) for item, a, b in matched])

    summary = pd.DataFrame(summary)
    summary["percent"] = (100 * summary["agreed"] / summary["compared"]).round(1)
    columns = ["table", "item", "field", "first", "second"]
    return summary, pd.DataFrame(differences, columns=columns).astype(str)
