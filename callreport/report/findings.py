"""Every number and quotation the report's prose uses, computed from the validated data: one small
function per finding, whose docstring says in plain words what it counts.

Each function is registered for the chapters that cite it:

- ``@finding("voices", "framing")`` on a function named for its key (``n_direct``) that returns its value;
- ``@family("voices", key="first_paragraph_<speaker>")`` on a function that yields ``(key, value)`` pairs,
  one per speaker, quotation, demand or marker: a family of keys defined, and documented, once. A
  placeholder that stands for a value the codebook allows says so (``allowed={"kind": ("quotes", "kind")}``),
  which tells n_direct (a kind of quotation) from n_analysis (a voice of sentence).

``CHAPTERS[name](tables)`` gives every finding of a chapter as a dict (the front page, ``index``, draws
on the voices, demands, framing and timeline chapters); ``definition(key)`` gives the docstring of the
function behind a key, which the chapters show in their "How we counted" boxes (callreport.report.chapter).

Notebooks glue these values by key (myst_nb.glue) and the prose refers to the keys
({eval}`n_quotes`), so no number in the text is typed by hand. A chapter glues exactly the keys
its prose cites (callreport.report.chapter.setup); its findings may offer more (every quotation as
an excerpt, say), never fewer. The test suite recomputes each glued value independently from the
raw CSV files.
"""

from __future__ import annotations

import contextvars
import difflib
import functools
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from callreport.dataset import agreement, codebook
from callreport.dataset.codebook import NOT_STATED
from callreport.dataset.load import Tables
from callreport.report import derive, english, yardstick
from callreport.report.escape import html_text, url

# The chapters the front page's summary draws on: its findings are theirs, together.
INDEX_DRAWS_ON = ("voices", "demands", "framing", "timeline", "coverage")
_PLACEHOLDER = re.compile(r"<(\w+)>")


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


class UnknownFinding(LookupError):
    """A key that no registered finding gives."""


@dataclass(frozen=True)
class Finding:
    """One registered definition: a single key (the function's name), or a family of keys of one
    form (first_paragraph_<speaker>), each placeholder standing for a word of letters, digits and _,
    or, if `allowed` names it, for one of the values the codebook allows it (spaces and hyphens as _)."""

    key: str
    chapters: tuple[str, ...]
    function: Callable[[Tables], object]
    family: bool
    allowed: tuple[tuple[str, Callable[[dict], Iterable[str]]], ...] = ()

    @property
    def specificity(self) -> tuple[int, int]:
        """How closely the form pins a key down, to choose between families a key fits: first the fewer
        placeholders the codebook does not check (n_status_<status> over n_<actor>_stated for
        n_status_not_stated), then the more characters that are not placeholders (n_quotes_by_<speaker>
        over n_<kind>)."""
        free = set(_PLACEHOLDER.findall(self.key)) - {name for name, _ in self.allowed}
        return (-len(free), len(_PLACEHOLDER.sub("", self.key)))

    @property
    def definition(self) -> str:
        """The function's docstring, its lines joined into one paragraph."""
        return " ".join((self.function.__doc__ or "").split())

    def matches(self, key: str, descriptor: dict | None = None) -> bool:
        """Whether `key` is of this finding's form; with a descriptor, each placeholder `allowed` names
        must also be one of the codebook's values."""
        return key == self.key if not self.family else self._form(descriptor).fullmatch(key) is not None

    def _form(self, descriptor: dict | None) -> re.Pattern:
        domains = {name: [_part(v) for v in values(descriptor)] for name, values in self.allowed} if descriptor else {}
        pieces = []
        for i, part in enumerate(_PLACEHOLDER.split(self.key)):
            if i % 2 == 0:
                pieces.append(re.escape(part))
            else:
                pieces.append("(?:" + "|".join(map(re.escape, domains[part])) + ")" if part in domains else r"\w+")
        return re.compile("".join(pieces))

    def values(self, t: Tables) -> dict[str, object]:
        """The key or keys this finding gives, with their values."""
        if not self.family:
            return {self.key: self.function(t)}
        values = {}
        form = self._form(t.descriptor)
        for key, value in self.function(t):
            if not form.fullmatch(key) or key in values:
                raise ValueError(f"findings.{self.function.__name__} gives {key!r}, not one new key of {self.key}")
            values[key] = value
        return values


class Registry:
    """The findings, in the order they are defined, by key (a family by its form)."""

    def __init__(self):
        self.findings: dict[str, Finding] = {}

    def finding(self, *chapters: str) -> Callable:
        """Register a function as the one definition of the finding its name gives, for `chapters`."""
        return lambda function: self._add(function.__name__, chapters, function, family=False)

    def family(self, *chapters: str, key: str, allowed: dict | None = None) -> Callable:
        """Register a function yielding (key, value) pairs, every key of the form `key`, for `chapters`.
        `allowed` maps a placeholder to the codebook's values it takes: a (resource, field) pair, or a
        function of the descriptor."""
        if not _PLACEHOLDER.search(key):
            raise ValueError(f"a family's key names its varying part in angle brackets (paragraph_<quote>): {key!r}")
        unknown = set(allowed or {}) - set(_PLACEHOLDER.findall(key))
        if unknown:
            raise ValueError(f"{key} has no placeholder {', '.join(sorted(unknown))}")
        domains = tuple((name, _domain(spec)) for name, spec in (allowed or {}).items())
        return lambda function: self._add(key, chapters, function, family=True, allowed=domains)

    def _add(self, key: str, chapters: tuple[str, ...], function: Callable, family: bool, allowed=()) -> Callable:
        if not chapters:
            raise ValueError(f"findings.{function.__name__} is registered for no chapter")
        if not inspect.cleandoc(function.__doc__ or ""):
            raise ValueError(f"findings.{function.__name__} has no docstring saying what it counts")
        if key in self.findings:
            raise ValueError(
                f"{key} is defined twice: by {self.findings[key].function.__name__} and {function.__name__}"
            )
        self.findings[key] = Finding(key, chapters, function, family, allowed)
        return function

    def of(self, chapter: str) -> list[Finding]:
        """The findings a chapter gives: those registered for it (for the front page, for the chapters it
        draws on)."""
        parts = set(INDEX_DRAWS_ON if chapter == "index" else (chapter,))
        return [f for f in self.findings.values() if parts & set(f.chapters)]

    def chapter(self, chapter: str, t: Tables) -> dict[str, object]:
        """Every finding of a chapter, computed from the tables; no two findings may give one key.
        The selections the findings share (@_shared) are made once for the chapter."""
        values: dict[str, object] = {}
        given_by: dict[str, str] = {}
        token = _SHARED.set({})
        try:
            for f in self.of(chapter):
                for key, value in f.values(t).items():
                    if key in values:
                        raise ValueError(f"{key} is given by both {given_by[key]} and {f.function.__name__}")
                    values[key], given_by[key] = value, f.function.__name__
        finally:
            _SHARED.reset(token)
        return values

    def giver(self, key: str, descriptor: dict | None = None) -> Finding:
        """The finding that gives `key`: the function of that name, else the family of its form whose
        placeholders take values the codebook allows (the data package's, if no descriptor is given),
        the most specific (Finding.specificity) if several fit."""
        single = self.findings.get(key)
        if single is not None and not single.family:
            return single
        families = [f for f in self.findings.values() if f.family and f.matches(key)]
        if any(f.allowed for f in families):
            descriptor = descriptor if descriptor is not None else _committed_descriptor()
            families = [f for f in families if f.matches(key, descriptor)]
        best = [f for f in families if f.specificity == max(g.specificity for g in families)]
        if len(best) == 1:
            return best[0]
        if best:
            raise UnknownFinding(f"{key} is of the form of several families: {', '.join(f.key for f in best)}")
        names = [k for k, f in self.findings.items() if not f.family]
        close = difflib.get_close_matches(key, names, n=3)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        forms = ", ".join(f.key for f in self.findings.values() if f.family)
        raise UnknownFinding(
            f"No finding is called {key!r}: no function of callreport.report.findings has that name, "
            f"and it is of no family's form ({forms}).{hint}"
        )

    def definition(self, key: str, descriptor: dict | None = None) -> str:
        """What the value of `key` counts, in plain words: the docstring of the function that gives it."""
        return self.giver(key, descriptor).definition


REGISTRY = Registry()
finding, family = REGISTRY.finding, REGISTRY.family


def definition(key: str, descriptor: dict | None = None) -> str:
    """What the value of `key` counts, in plain words: the docstring of the function that gives it.
    A family's placeholders are read against `descriptor`'s codebook (the data package's if None).
    Raises UnknownFinding (a LookupError) for a key no finding gives."""
    return REGISTRY.definition(key, descriptor)


def key(*parts: str) -> str:
    """A glue key from its parts, each part's spaces and hyphens made underscores:
    key("n_status", "not stated") is "n_status_not_stated"."""
    return "_".join(_part(part) for part in parts)


def _part(part: object) -> str:
    return re.sub(r"[\s-]+", "_", str(part))


def _domain(spec) -> Callable[[dict], Iterable[str]]:
    """The values a placeholder takes, as a function of the descriptor: a (resource, field) pair means
    the values the codebook allows that field."""
    if callable(spec):
        return spec
    resource_name, field_name = spec
    return lambda descriptor: codebook.values(descriptor, resource_name, field_name)


@functools.cache
def _committed_descriptor() -> dict:
    """The data package's descriptor, read once: the codebook definition() reads keys against by default."""
    return codebook.read_descriptor()


# -- Shared selections: small, named, so each finding below reads as what it counts --------------

_SHARED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("shared_selections", default=None)


def _shared(function: Callable) -> Callable:
    """A selection several findings make: while a chapter is computed (Registry.chapter), made once
    for each tables and arguments and handed to each finding as it is; the findings only read it."""

    @functools.wraps(function)
    def selection(t: Tables, *args):
        made = _SHARED.get()
        if made is None:
            return function(t, *args)
        key = (function.__name__, id(t), args)
        if key not in made:
            made[key] = function(t, *args)
        return made[key]

    return selection


@_shared
def _kinds(t: Tables) -> pd.Series:
    """Quoted spans per kind."""
    return t.quotes["kind"].astype(str).value_counts()


@_shared
def _side_of_speaker(t: Tables) -> pd.Series:
    """The side (country) of each quoted span's speaker."""
    return t.quotes["speaker"].map(derive.sides(t))


@_shared
def _side(t: Tables, side: str) -> pd.DataFrame:
    """One side's rows of the quotes-by-side table the voices chapter shows, so prose and table cannot drift."""
    by_side = derive.quotes_by_side(t)
    return by_side[by_side["side"] == side]


def _spans(t: Tables, side: str, kind: str) -> int:
    rows = _side(t, side)
    return int(rows.loc[rows["kind"] == kind, "spans"].sum())


@_shared
def _speakers(t: Tables) -> pd.DataFrame:
    """The quoted spans with their speaker's actor type and side."""
    speakers = derive.quotes(t).merge(
        t.actors[["actor_id", "type"]], left_on="speaker", right_on="actor_id", how="left"
    )
    return speakers.assign(side=speakers["speaker"].map(derive.sides(t)))


@_shared
def _attributed(t: Tables) -> pd.DataFrame:
    """The quoted spans whose speaker is stated."""
    speakers = _speakers(t)
    return speakers[speakers["speaker"] != NOT_STATED].astype({"type": str})


@_shared
def _opening(t: Tables) -> pd.DataFrame:
    """The Russian press's spans before the author first sets a word of theirs in scare quotes: the
    evidence the opening offers for Moscow's reading."""
    speakers = _speakers(t)
    first_scare = speakers.loc[speakers["kind"].astype(str) == "scare", "paragraph"].min()
    opening = speakers[(speakers["side"] == "Russia") & (speakers["kind"].astype(str) == "publication")]
    return opening[opening["paragraph"] < first_scare]


@_shared
def _demands(t: Tables) -> pd.DataFrame:
    """The demands, with their kind as text and the direction the codebook derives from it."""
    frame = derive.demands(t)
    return frame.assign(kind=frame["kind"].astype(str))


@_shared
def _stated(t: Tables) -> pd.DataFrame:
    """The cells of the positions grid where the article states a stance."""
    return t.positions[t.positions["stance"].astype(str) != NOT_STATED]


@_shared
def _voices(t: Tables) -> pd.Series:
    """Body sentences per voice."""
    return t.sentences["voice"].astype(str).value_counts()


@_shared
def _words_by_voice(t: Tables) -> pd.Series:
    """Words of the body sentences per voice, each sentence's text split at spaces."""
    sentences = t.sentences
    return (
        sentences.assign(words=sentences["text"].str.split().str.len())
        .groupby(sentences["voice"].astype(str))["words"]
        .sum()
    )


@_shared
def _analysis_marked(t: Tables) -> pd.Series:
    """For each analysis sentence, whether it carries a certainty marker."""
    analysis = t.sentences.loc[t.sentences["voice"].astype(str) == "analysis", "sentence_id"]
    return analysis.isin(t.hedges["sentence_id"])


def _key(kind: str, identifier: str) -> str:
    """The glue key of a span: quote_q_05, sentence_s_07, evidence_d_01."""
    return f"{kind}_{identifier.replace('-', '_')}"


# -- The article: how much text there is to read -------------------------------------------------


@finding("article", "voices", "framing", "methodology")
def n_paragraphs(t: Tables) -> int:
    """Body paragraphs: the highest paragraph number of the article's blocks (headline, captions and
    picture descriptions carry none)."""
    return int(t.blocks["paragraph"].max())


@finding("article", "voices", "framing", "methodology")
def n_sentences(t: Tables) -> int:
    """Body sentences: the rows of sentences.csv, the body split into sentences, never inside quotation marks."""
    return len(t.sentences)


@finding("article", "voices", "framing", "methodology")
def n_quotes(t: Tables) -> int:
    """Quoted spans: every pair of quotation marks in the article is one span (a row of quotes.csv)."""
    return len(t.quotes)


# -- Voices: who is quoted, by kind, speaker and side ---------------------------------------------


@family("voices", "framing", key="n_<kind>", allowed={"kind": ("quotes", "kind")})
def n_kind_of_quote(t: Tables) -> Iterator[tuple[str, int]]:
    """For each kind of quoted span the codebook allows (direct: a person's own words; publication: a
    newspaper's headline or text; scare: a word or phrase held up for attention), the spans of that kind,
    zero included."""
    kinds = _kinds(t)
    for kind in codebook.values(t.descriptor, "quotes", "kind"):
        yield key("n", kind), int(kinds.get(kind, 0))


@finding("voices")
def n_speakers(t: Tables) -> int:
    """Speakers quoted: the distinct speakers of quoted spans, "not stated" counting as one."""
    return int(t.quotes["speaker"].nunique())


@family("voices", key="n_quotes_by_<speaker>")
def n_quotes_by(t: Tables) -> Iterator[tuple[str, int]]:
    """For each actor, and for "not stated", the quoted spans whose speaker it is (zero for an actor never quoted)."""
    tally = t.quotes["speaker"].value_counts()
    for speaker in [*t.actors["actor_id"], NOT_STATED]:
        yield key("n_quotes_by", speaker), int(tally.get(speaker, 0))


@family("voices", key="n_told_<actor>")
def n_told(t: Tables) -> Iterator[tuple[str, int]]:
    """For each actor, its demands, proposals, offers and responses (demands.csv) that the article tells
    in its own words rather than in a quotation of that actor (derive.quoted_or_told); zero for none."""
    told = derive.quoted_or_told(t).set_index("actor_id")["told"]
    for actor in t.actors["actor_id"]:
        yield key("n_told", actor), int(told.get(actor, 0))


@finding("voices")
def n_quotes_checked(t: Tables) -> int:
    """The article's quotations this report set beside the speakers' words as other pages record them
    (quote_checks.csv, each quotation once however many records it has): external context."""
    return int(t.quote_checks["quote_id"].nunique())


@family("voices", key="record_<check>")
def record_words(t: Tables) -> Iterator[tuple[str, Words]]:
    """For each quote check, the speaker's words as the best page read prints them (quote_checks.csv
    record_words), in quotation marks, without a trailing comma."""
    for row in t.quote_checks.itertuples():
        yield _key("record", row.check_id), Words("\u201c" + row.record_words.rstrip(" ,") + "\u201d")


@family("voices", key="said_by_<check>")
def said_by(t: Tables) -> Iterator[tuple[str, Words]]:
    """For each quote check, who said the words, as the record names them (quote_checks.csv)."""
    for row in t.quote_checks.itertuples():
        yield _key("said_by", row.check_id), Words(row.said_by)


@family("voices", key="said_on_<check>")
def said_on(t: Tables) -> Iterator[tuple[str, Words]]:
    """For each quote check, the day its words were said, as the pages read give it (derive.quote_checks when)."""
    for row in derive.quote_checks(t).itertuples():
        yield _key("said_on", row.check_id), Words(row.when)


@finding("voices")
def n_named_speakers(t: Tables) -> int:
    """Distinct speakers of quoted spans that are named sources: every stated speaker whose actor type
    is not group."""
    attributed = _attributed(t)
    return int(attributed.loc[attributed["type"] != "group", "speaker"].nunique())


@finding("voices")
def n_group_speakers(t: Tables) -> int:
    """Distinct speakers of quoted spans that are groups the article does not name (actor type group)."""
    attributed = _attributed(t)
    return int(attributed.loc[attributed["type"] == "group", "speaker"].nunique())


@finding("voices")
def n_unattributed(t: Tables) -> int:
    """Quoted spans whose speaker is not stated."""
    return int((t.quotes["speaker"] == NOT_STATED).sum())


@finding("voices")
def n_russian_quotes(t: Tables) -> int:
    """Quoted spans whose speaker is on the Russian side (the speaker's country, as the article gives it
    or as external context records it), of every kind."""
    return int(_side(t, "Russia")["spans"].sum())


@finding("voices")
def n_russian_publication(t: Tables) -> int:
    """Quoted spans of kind publication (newspaper headlines or text) whose speaker is on the Russian side."""
    return _spans(t, "Russia", "publication")


@finding("voices")
def n_russian_scare(t: Tables) -> int:
    """Scare quotes attributed to a speaker on the Russian side."""
    return _spans(t, "Russia", "scare")


@finding("voices")
def n_russian_substantive(t: Tables) -> int:
    """Quoted spans whose speaker is on the Russian side, scare quotes left out."""
    russian = _side(t, "Russia")
    return int(russian.loc[russian["kind"] != "scare", "spans"].sum())


@finding("voices")
def n_russian_direct(t: Tables) -> int:
    """Direct quotations (a person's own words) whose speaker is on the Russian side."""
    return _spans(t, "Russia", "direct")


@finding("voices")
def n_russian_outlets(t: Tables) -> int:
    """Distinct media outlets on the Russian side that the article quotes."""
    speakers = _speakers(t)
    return int(speakers.loc[(speakers["side"] == "Russia") & (speakers["type"] == "media outlet"), "speaker"].nunique())


@finding("voices")
def n_ukrainian_quotes(t: Tables) -> int:
    """Quoted spans whose speaker is on the Ukrainian side."""
    return int((_side_of_speaker(t) == "Ukraine").sum())


@finding("voices")
def n_opening_spans(t: Tables) -> int:
    """Newspaper spans (kind publication) of the Russian side in the paragraphs before the first scare
    quote: the evidence the article's opening offers for Moscow's reading."""
    return len(_opening(t))


@finding("voices")
def n_opening_outlets(t: Tables) -> int:
    """Distinct newspapers behind the opening's Russian newspaper spans (those before the first scare quote)."""
    return int(_opening(t)["speaker"].nunique())


@finding("voices")
def n_victory_spans(t: Tables) -> int:
    """Quoted spans whose text contains the word "victory", in any case."""
    return int(t.quotes["text"].str.contains("victory", case=False).sum())


@finding("voices")
def n_russian_words(t: Tables) -> int:
    """Words in the quoted spans of the Russian side: each span's text split at spaces, summed."""
    return int(_side(t, "Russia")["words"].sum())


@finding("voices")
def n_russian_substantive_words(t: Tables) -> int:
    """Words in the quoted spans of the Russian side, scare quotes left out: each span's text split at
    spaces, summed over the direct and publication spans of Russian speakers."""
    russian = _side(t, "Russia")
    return int(russian.loc[russian["kind"] != "scare", "words"].sum())


@finding("voices")
def n_american_quotes(t: Tables) -> int:
    """Quoted spans whose speaker is on the American side (the United States), of every kind."""
    return int(_side(t, "United States")["spans"].sum())


@finding("voices")
def n_american_direct(t: Tables) -> int:
    """Direct quotations (a person's own words) whose speaker is on the American side."""
    return _spans(t, "United States", "direct")


@finding("voices")
def n_american_words(t: Tables) -> int:
    """Words in the quoted spans of the American side: each span's text split at spaces, summed."""
    return int(_side(t, "United States")["words"].sum())


@finding("voices")
def n_external_sides(t: Tables) -> int:
    """Actors whose side comes from outside the article: the distinct actors external_context.csv
    records something about."""
    return int(t.external_context.query("table == 'actors'")["row_id"].nunique())


@finding("voices")
def n_multipart(t: Tables) -> int:
    """Quoted spans that are parts of a quotation running over more than one span (sharing a group id)."""
    return int(t.quotes["group_id"].duplicated(keep=False).sum())


@finding("voices")
def n_with_cue(t: Tables) -> int:
    """Quoted spans with an attribution cue (a verb of saying and a name, as the article words it)."""
    return int((t.quotes["cue"] != "none").sum())


@family("voices", key="first_paragraph_<speaker>")
def first_paragraph(t: Tables) -> Iterator[tuple[str, int]]:
    """For each speaker quoted ("not stated" too), the number of the body paragraph in which the
    article first quotes them."""
    for speaker, paragraph in t.quotes.groupby("speaker")["paragraph"].min().items():
        yield key("first", "paragraph", speaker), int(paragraph)


@family("voices", key="last_paragraph_<speaker>")
def last_paragraph(t: Tables) -> Iterator[tuple[str, int]]:
    """For each speaker quoted ("not stated" too), the number of the body paragraph in which the
    article last quotes them."""
    for speaker, paragraph in t.quotes.groupby("speaker")["paragraph"].max().items():
        yield key("last", "paragraph", speaker), int(paragraph)


@family("voices", key="paragraph_<quote>")
def quote_paragraph(t: Tables) -> Iterator[tuple[str, int]]:
    """For each quoted span, the number of the body paragraph it stands in."""
    for quote in t.quotes.itertuples():
        yield _key("paragraph", quote.quote_id), int(quote.paragraph)


@family("voices", key="cue_<quote>")
def cue(t: Tables) -> Iterator[tuple[str, Excerpt]]:
    """For each quoted span with an attribution cue, the cue verbatim, linked to the sentence it stands
    in (the cue may sit in the paragraph that introduces the quotation)."""
    quotes = t.quotes
    anchors = derive.anchor_of(t, quotes["cue_start"].fillna(quotes["start"]))
    for quote, anchor in zip(quotes.itertuples(), anchors, strict=True):
        if quote.cue != "none":
            yield _key("cue", quote.quote_id), Excerpt(anchor, quote.cue)


@family("voices", "demands", "framing", key="quote_<quote>")
def quotation(t: Tables) -> Iterator[tuple[str, Excerpt]]:
    """For each quoted span, its text verbatim, linked to its place in the annotated article."""
    for q in t.quotes.itertuples():
        yield _key("quote", q.quote_id), Excerpt(q.quote_id, q.text)


# -- Demands: what each side asks and offers, and the grid of stated positions ---------------------


@finding("demands", "methodology")
def n_demands(t: Tables) -> int:
    """Items in demands.csv: every demand, proposal, offer and response the article reports."""
    return len(t.demands)


@finding("demands")
def n_offers(t: Tables) -> int:
    """Items of kind offer in demands.csv, whoever makes them (the same count as n_kind_offer)."""
    return int((_demands(t)["kind"] == "offer").sum())


@family("demands", key="n_kind_<kind>", allowed={"kind": ("demands", "kind")})
def n_kind_of_demand(t: Tables) -> Iterator[tuple[str, int]]:
    """For each kind of demand the codebook allows, the items in demands.csv of that kind, zero included."""
    tally = t.demands["kind"].astype(str).value_counts()
    for kind in codebook.values(t.descriptor, "demands", "kind"):
        yield key("n_kind", kind), int(tally.get(kind, 0))


@family("demands", key="n_status_<status>", allowed={"status": ("demands", "status")})
def n_status(t: Tables) -> Iterator[tuple[str, int]]:
    """For each status the codebook allows a demand (what became of it; "not stated" where the article
    does not say), the items in demands.csv with that status, zero included."""
    tally = t.demands["status"].astype(str).value_counts()
    for status in codebook.values(t.descriptor, "demands", "status"):
        yield key("n_status", status), int(tally.get(status, 0))


def _directions(descriptor: dict) -> list[str]:
    """The directions the codebook derives from the kinds of demand (asks, offers), each once."""
    return list(dict.fromkeys(codebook.derived(descriptor, "demands", "kind", "direction").values()))


@family("demands", key="n_<party>_<direction>", allowed={"direction": _directions})
def n_party_direction(t: Tables) -> Iterator[tuple[str, int]]:
    """For each party that makes an item in demands.csv, its items in each direction the codebook
    derives from their kind (what it asks for, what it offers), zero included."""
    frame = _demands(t)
    tally = frame.groupby(["party", "direction"], observed=True).size()
    for party in frame["party"].unique():
        for direction in _directions(t.descriptor):
            yield key("n", party, direction), int(tally.get((party, direction), 0))


@finding("demands")
def n_putin_demands(t: Tables) -> int:
    """Items in demands.csv whose party is Putin, of every kind."""
    return int((t.demands["party"] == "putin").sum())


@family("demands", key="n_putin_<kind>", allowed={"kind": ("demands", "kind")})
def n_putin_kind(t: Tables) -> Iterator[tuple[str, int]]:
    """For each kind of demand the codebook allows, the items of that kind whose party is Putin (zero
    included)."""
    frame = _demands(t)
    for kind in codebook.values(t.descriptor, "demands", "kind"):
        yield f"n_putin_{kind}", int(((frame["party"] == "putin") & (frame["kind"] == kind)).sum())


@finding("demands")
def n_russian_asks(t: Tables) -> int:
    """Items made by a party on the Russian side whose kind the codebook marks as an ask (the direction
    it derives from each kind of demand)."""
    frame = _demands(t)
    return int(((frame["party"].map(derive.sides(t)) == "Russia") & (frame["direction"] == "asks")).sum())


@finding("demands")
def n_russian_offers(t: Tables) -> int:
    """Items made by a party on the Russian side whose kind the codebook marks as an offer (the
    direction it derives from each kind of demand)."""
    frame = _demands(t)
    return int(((frame["party"].map(derive.sides(t)) == "Russia") & (frame["direction"] == "offers")).sum())


@family("demands", key="evidence_<demand>")
def evidence(t: Tables) -> Iterator[tuple[str, Excerpt]]:
    """For each item in demands.csv, the article's words that give it, verbatim, linked to them in the
    annotated article."""
    for demand in t.demands.itertuples():
        yield _key("evidence", demand.demand_id), Excerpt(f"src-{demand.demand_id}", demand.evidence)


@finding("demands")
def n_issues(t: Tables) -> int:
    """Issues in the positions grid (distinct issues in positions.csv)."""
    return int(t.positions["issue"].nunique())


@finding("demands")
def n_grid_actors(t: Tables) -> int:
    """Actors in the positions grid (distinct actors in positions.csv)."""
    return int(t.positions["actor_id"].nunique())


@finding("demands")
def n_cells(t: Tables) -> int:
    """Cells of the positions grid: one per actor and issue (the rows of positions.csv)."""
    return len(t.positions)


@finding("demands")
def n_cells_stated(t: Tables) -> int:
    """Cells of the positions grid where the article states a stance."""
    return len(_stated(t))


@finding("demands")
def n_cells_not_stated(t: Tables) -> int:
    """Cells of the positions grid where the article states no stance (not stated)."""
    return len(t.positions) - len(_stated(t))


def _stated_stances(descriptor: dict) -> list[str]:
    """The stances the codebook allows a cell of the positions grid, "not stated" left out."""
    return [s for s in codebook.values(descriptor, "positions", "stance") if s != NOT_STATED]


@family("demands", key="n_stance_<stance>", allowed={"stance": _stated_stances})
def n_stance(t: Tables) -> Iterator[tuple[str, int]]:
    """For each stance the codebook allows (not "not stated"), the cells of the positions grid that state it,
    zero included."""
    tally = _stated(t)["stance"].astype(str).value_counts()
    for stance in _stated_stances(t.descriptor):
        yield key("n_stance", stance), int(tally.get(stance, 0))


@family("demands", key="n_<actor>_stated")
def n_actor_stated(t: Tables) -> Iterator[tuple[str, int]]:
    """For each actor in the positions grid, the issues on which the article states its stance, zero included."""
    tally = _stated(t)["actor_id"].value_counts()
    for actor in t.positions["actor_id"].unique():
        yield key("n", actor, "stated"), int(tally.get(actor, 0))


@finding("demands")
def ukraine_stated_issues(t: Tables) -> Words:
    """The issues on which the article states Ukraine's stance, named in the grid's order and joined in English."""
    stated = _stated(t)
    return Words(english.and_list(stated.loc[stated["actor_id"] == "ukraine", "issue"].astype(str).tolist()))


@family("demands", "framing", key="sentence_<sentence>")
def sentence(t: Tables) -> Iterator[tuple[str, Excerpt]]:
    """For each body sentence, its text verbatim, linked to it in the annotated article."""
    for s in t.sentences.itertuples():
        yield _key("sentence", s.sentence_id), Excerpt(s.sentence_id, s.text)


@family("demands", "timeline", key="time_<event>")
def time_words(t: Tables) -> Iterator[tuple[str, Excerpt]]:
    """For each event whose time the article words (its time expression is not "not stated"), those
    words verbatim, linked to where they stand."""
    timed = t.events[t.events["time_expression"] != NOT_STATED]
    anchors = derive.anchor_of(t, timed["time_start"])
    for e, a in zip(timed.itertuples(), anchors, strict=True):
        yield _key("time", e.event_id), Excerpt(a, e.time_expression)


# -- Framing: whose voice each sentence is in, and the certainty markers ---------------------------


@family("framing", key="n_<voice>", allowed={"voice": ("sentences", "voice")})
def n_voice(t: Tables) -> Iterator[tuple[str, int]]:
    """For each voice the codebook allows a sentence (analysis: the author's interpretation, speculation,
    forecasts and questions; reported speech: what a source said, quoted or paraphrased; reporting: what
    happened, in the author's words, without evaluation), the body sentences in that voice, zero included."""
    voices = _voices(t)
    for voice in codebook.values(t.descriptor, "sentences", "voice"):
        yield key("n", voice), int(voices.get(voice, 0))


@family("framing", key="n_words_<voice>", allowed={"voice": ("sentences", "voice")})
def n_words_voice(t: Tables) -> Iterator[tuple[str, int]]:
    """For each voice the codebook allows a sentence, the words of the body sentences in that voice (each
    sentence's text split at spaces), zero included."""
    words = _words_by_voice(t)
    for voice in codebook.values(t.descriptor, "sentences", "voice"):
        yield key("n_words", voice), int(words.get(voice, 0))


@finding("framing")
def share_analysis(t: Tables) -> float:
    """The share of body sentences in the voice of analysis: analysis sentences divided by all body sentences."""
    return float(_voices(t).get("analysis", 0) / len(t.sentences))


@finding("framing")
def share_analysis_words(t: Tables) -> float:
    """The share of the body's words in sentences of analysis: their words (each sentence split at spaces)
    divided by the words of every body sentence."""
    words = _words_by_voice(t)
    return float(words.get("analysis", 0) / words.sum())


@finding("framing")
def n_questions(t: Tables) -> int:
    """Body sentences that end in a question mark."""
    return int(t.sentences["text"].str.endswith("?").sum())


@finding("framing")
def n_markers(t: Tables) -> int:
    """Certainty markers: every word or phrase that changes how sure a claim is (the rows of hedges.csv)."""
    return len(t.hedges)


@finding("framing")
def n_marked_sentences(t: Tables) -> int:
    """Body sentences that carry at least one certainty marker."""
    return int(t.hedges["sentence_id"].nunique())


@finding("framing")
def n_markers_author(t: Tables) -> int:
    """Certainty markers that are the author's own (their holder is the author)."""
    return int((t.hedges["holder"] == "author").sum())


@finding("framing")
def n_markers_sources(t: Tables) -> int:
    """Certainty markers inside what sources are reported as saying (their holder is not the author)."""
    return int((t.hedges["holder"] != "author").sum())


@finding("framing")
def n_analysis_marked(t: Tables) -> int:
    """Sentences in the voice of analysis that carry at least one certainty marker."""
    return int(_analysis_marked(t).sum())


@finding("framing")
def share_analysis_marked(t: Tables) -> float:
    """The share of analysis sentences that carry at least one certainty marker."""
    return float(_analysis_marked(t).mean())


@family("framing", key="n_marker_<kind>", allowed={"kind": ("hedges", "kind")})
def n_marker_kind(t: Tables) -> Iterator[tuple[str, int]]:
    """For each kind of certainty marker the codebook allows, the markers of that kind (zero included);
    a space in the kind becomes an underscore in the key."""
    kinds = t.hedges["kind"].astype(str).value_counts()
    for kind in codebook.values(t.descriptor, "hedges", "kind"):
        yield f"n_marker_{kind.replace(' ', '_')}", int(kinds.get(kind, 0))


@family("framing", key="marker_<marker>")
def marker(t: Tables) -> Iterator[tuple[str, Excerpt]]:
    """For each certainty marker, its words verbatim, linked to its sentence in the annotated article."""
    for m in t.hedges.itertuples():
        yield _key("marker", m.marker_id), Excerpt(m.sentence_id, m.text)


@finding("timeline")
def n_readouts(t: Tables) -> int:
    """Points this report records from the two governments' own accounts of the call (readouts.csv),
    external context that no other count uses."""
    return len(t.readouts)


@family("timeline", key="n_readouts_<in_article>", allowed={"in_article": ("readouts", "in_article")})
def n_readouts_by_presence(t: Tables) -> Iterator[tuple[str, int]]:
    """For each answer the codebook allows to "does the article itself report this point?" (reported;
    reported in part; not in the article), the points of readouts.csv given that answer, zero included.
    The points are those this report records from the statements on the call, not every word of them."""
    tally = t.readouts["in_article"].astype(str).value_counts()
    for answer in codebook.values(t.descriptor, "readouts", "in_article"):
        yield key("n_readouts", answer), int(tally.get(answer, 0))


def record_title(t: Tables) -> str:
    """The front page's list of the statements' points, in one sentence (frontpage.record_list): of
    the points this report records (n_readouts), how many the article reports, and how many in part
    (n_readouts_reported, n_readouts_reported_in_part)."""
    answers = dict(n_readouts_by_presence(t))
    full, part = answers["n_readouts_reported"], answers["n_readouts_reported_in_part"]
    title = (
        f"Of {n_readouts(t)} points this report takes from the Kremlin's, the White House's and Trump's statements, "
    )
    if full == 0:
        return title + (f"the article reports {part} in part and none in full" if part else "the article reports none")
    title += f"the article reports {full}" + (f", and {part} more in part" if part else "")
    return title


@family("timeline", key="readout_<readout>")
def readout(t: Tables) -> Iterator[tuple[str, Words]]:
    """Each point this report records from the governments' accounts of the call (readouts.csv), in
    this report's paraphrase: external context, as the news report it was found in quotes it."""
    for row in t.readouts.itertuples():
        yield _key("readout", row.readout_id), Words(row.point.rstrip("."))


@finding("framing")
def article_url(t: Tables) -> Words:
    """The article's address: external context, the url item of the article's metadata in the codebook."""
    return Words(next(item["value"] for item in t.descriptor["article"]["metadata"] if item["field"] == "url"))


# -- Timeline: the order of events the article gives ----------------------------------------------


@finding("timeline")
def n_events(t: Tables) -> int:
    """Events the article mentions (the rows of events.csv)."""
    return len(t.events)


@finding("timeline")
def n_events_placed(t: Tables) -> int:
    """Events given a place in the order (an order step), whether by the article's words or by inference."""
    return int(t.events["order"].notna().sum())


@finding("timeline")
def n_events_unplaced(t: Tables) -> int:
    """Events the article's words do not place in the order (no order step)."""
    return int(t.events["order"].isna().sum())


@finding("timeline")
def n_steps(t: Tables) -> int:
    """Steps of the order: distinct order numbers among placed events (events that share a step share a number)."""
    return int(t.events["order"].nunique())


@finding("timeline")
def n_events_stated_order(t: Tables) -> int:
    """Events whose place in the order the article's own words give (order basis stated)."""
    return int((t.events["order_basis"].astype(str) == "stated").sum())


@finding("timeline")
def n_events_inferred_order(t: Tables) -> int:
    """Events whose place in the order is this report's inference, with its reasoning (order basis inferred)."""
    return int((t.events["order_basis"].astype(str) == "inferred").sum())


@finding("timeline")
def n_time_not_stated(t: Tables) -> int:
    """Events for which the article gives no time words (time expression not stated)."""
    return int((t.events["time_expression"] == NOT_STATED).sum())


@finding("timeline")
def n_external_dates(t: Tables) -> int:
    """Calendar dates from outside the article: the date items of external_context.csv."""
    return int((t.external_context["field"] == "date").sum())


CALL_EVENT = "e-04"  # the phone call the article is about


def _long_date(iso: str) -> Words:
    return Words(english.long_date(iso))


@finding("timeline")
def call_date(t: Tables) -> Words:
    """The day of the call (event e-04), from outside the article: the date its external-context row
    gives, with that row's source; the article itself names no date. "not stated" without that row."""
    rows = t.external_context
    row = rows[(rows["table"] == "events") & (rows["row_id"] == CALL_EVENT) & (rows["field"] == "date")]
    return _long_date(row["value"].item()) if len(row) == 1 else Words(NOT_STATED)


# -- Coverage: the day's other reports of the call, asked the same questions ----------------------


@finding("coverage")
def n_coverage_reports(t: Tables) -> int:
    """Other reports of the call this report read (data/coverage/reports.csv), each only as far as the
    text read of it: most often its opening, about 2,000 characters."""
    return len(t.coverage_reports)


@finding("coverage")
def n_coverage_outlets(t: Tables) -> int:
    """The outlets those reports come from, each counted once."""
    return int(t.coverage_reports["outlet"].nunique())


@finding("coverage")
def coverage_chars_read(t: Tables) -> Words:
    """How much of each other report was read: the fewest and the most characters of any text read."""
    chars = t.coverage_reports["chars_read"].astype(int)
    return Words(f"{chars.min():,} to {chars.max():,} characters")


@family("coverage", key="n_reports_with_<fact>", allowed={"fact": ("coverage_facts", "fact")})
def n_reports_with_fact(t: Tables) -> Iterator[tuple[str, int]]:
    """For each of the questions asked of every report (facts.csv), the other reports whose text read
    states the fact (yardstick.facts_table). Not in the text read is not the same as not in the report."""
    for row in yardstick.facts_table(t).itertuples():
        yield key("n_reports_with", row.fact), int(row.in_text_read)


@finding("coverage")
def n_reports_quoting_a_russian_person(t: Tables) -> int:
    """Other reports whose text read quotes a Russian person directly, by the rule the article is
    counted by: a person's own words in quotation marks, the Kremlin's statement apart (yardstick.quoted_side)."""
    return int(yardstick.quoted_side(t, "Russia")["person_quoted"].sum())


@finding("coverage")
def russian_persons_quoted(t: Tables) -> Words:
    """Who those Russian persons are, and in which report's text read: outlet (names)."""
    quoted = yardstick.quoted_side(t, "Russia")
    quoted = quoted[quoted["person_quoted"]]
    return Words(english.and_list([f"{r.outlet} ({english.and_list(r.persons)})" for r in quoted.itertuples()]))


@finding("coverage")
def russian_coverage_outlets(t: Tables) -> Words:
    """The outlets among those reports that are based in Russia (reports.csv country), by name."""
    outlets = t.coverage_reports.loc[t.coverage_reports["country"].astype(str) == "Russia", "outlet"]
    return Words(english.and_list(sorted(outlets.astype(str).unique())))


@finding("coverage")
def n_reports_quoting_the_kremlin(t: Tables) -> int:
    """Other reports whose text read quotes the Kremlin's statement on the call directly at least once
    (the Russian government voice of speakers.csv)."""
    return int((yardstick.quoted_side(t, "Russia")["government_quotes"] > 0).sum())


# -- Methodology: the article copy, how it was split, and how far the annotation passes agreed -----


@finding("methodology")
def n_quote_marks(t: Tables) -> int:
    """Quotation marks in the article: two for each quoted span, since every mark belongs to exactly one span."""
    return 2 * len(t.quotes)


@finding("methodology")
def n_blocks(t: Tables) -> int:
    """Blocks the article is split into: headline, picture descriptions, credits, caption labels,
    captions, the published marker and body paragraphs (the rows of blocks.csv)."""
    return len(t.blocks)


@finding("methodology")
def n_image_descriptions(t: Tables) -> int:
    """Blocks of kind image description: the page's picture descriptions, each with its credit."""
    return int(t.blocks["kind"].astype(str).value_counts().get("image description", 0))


@finding("methodology")
def n_captions(t: Tables) -> int:
    """Blocks of kind caption: the captions under the page's pictures."""
    return int(t.blocks["kind"].astype(str).value_counts().get("caption", 0))


@finding("methodology")
def article_chars(t: Tables) -> int:
    """Characters in the verbatim copy of the article, data/article.txt."""
    return len(t.article)


@finding("methodology")
def article_sha256(t: Tables) -> Words:
    """The sha256 checksum of the article copy, as pinned in the data package and checked on every load."""
    return Words(t.descriptor["article"]["sha256"])


@_shared
def _compared(t: Tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two annotation passes compared: agreement per table and field, and every disagreement."""
    return agreement.compare(t)


def _agreement(t: Tables) -> Iterable:
    """The two annotation passes compared, one row per table and field (callreport.dataset.agreement)."""
    return _compared(t)[0].itertuples()


@family("methodology", key="agree_<table>_<field>")
def agree(t: Tables) -> Iterator[tuple[str, float]]:
    """For each field both annotation passes judged, the share of items on which they agreed: items
    agreed on divided by items compared."""
    for row in _agreement(t):
        yield f"agree_{row.table}_{row.field}", float(row.agreed / row.compared)


@family("methodology", key="kappa_<table>_<field>")
def kappa(t: Tables) -> Iterator[tuple[str, float]]:
    """For each field the comparison of the two annotation passes measures by Cohen's kappa (the
    categorical judgments): their agreement beyond what chance would give, from the two passes' values."""
    for row in _agreement(t):
        if row.kappa is not None and not pd.isna(row.kappa):
            yield f"kappa_{row.table}_{row.field}", float(row.kappa)


@family("methodology", key="agreed_<table>_<field>")
def agreed(t: Tables) -> Iterator[tuple[str, int]]:
    """For each field both annotation passes judged, the items on which they gave the same value."""
    for row in _agreement(t):
        yield f"agreed_{row.table}_{row.field}", int(row.agreed)


@family("methodology", key="compared_<table>")
def compared(t: Tables) -> Iterator[tuple[str, int]]:
    """For each table both annotation passes covered, the items whose fields were compared: those both
    passes hold (a quoted span, demand or marker only one pass found counts for the table's span or row
    check, not here)."""
    counts = {}
    for row in _agreement(t):
        counts[row.table] = int(row.compared)  # the table's last field: its items are those both passes hold
    for table, count in counts.items():
        yield f"compared_{table}", count


@finding("methodology")
def n_disagreements(t: Tables) -> int:
    """Judgments on which the two annotation passes differ, every one settled in adjudication.csv."""
    return len(_compared(t)[1])


# -- The chapters -----------------------------------------------------------------------------------


def article(t: Tables) -> dict[str, object]:
    """The annotated article: how much text there is to read."""
    return REGISTRY.chapter("article", t)


def voices(t: Tables) -> dict[str, object]:
    """Who is quoted: quotations by kind, speaker and side, their cues and where each speaker first appears."""
    return REGISTRY.chapter("voices", t)


def demands(t: Tables) -> dict[str, object]:
    """What each side demands and offers, and the grid of stated positions."""
    return REGISTRY.chapter("demands", t)


def framing(t: Tables) -> dict[str, object]:
    """Whose voice each sentence is in: the author's analysis, reporting or reported speech; and the
    certainty markers."""
    return REGISTRY.chapter("framing", t)


def timeline(t: Tables) -> dict[str, object]:
    """The order of events the article gives, in its own time words, and the dates added from outside."""
    return REGISTRY.chapter("timeline", t)


def methodology(t: Tables) -> dict[str, object]:
    """The article copy, how it was split, and how far the two annotation passes agreed."""
    return REGISTRY.chapter("methodology", t)


def coverage(t: Tables) -> dict[str, object]:
    """The day's other reports of the call: which facts their texts read hold, and whom they quote."""
    return REGISTRY.chapter("coverage", t)


def index(t: Tables) -> dict[str, object]:
    """The summary on the front page draws on every chapter of the report (INDEX_DRAWS_ON)."""
    return REGISTRY.chapter("index", t)


CHAPTERS = {
    "index": index,
    "article": article,
    "voices": voices,
    "demands": demands,
    "framing": framing,
    "timeline": timeline,
    "coverage": coverage,
    "methodology": methodology,
}
