"""How a quotation in the article compares with the speaker's words as another page records them.

A quotation's words are matched against the record word by word, case and punctuation aside. A
bracketed insertion ("[the minister's]") is the article's marked change and stands for one to three of
the record's words. The answer is one of MATCHES: the same words in one unbroken run from the start
of one of the record's sentences; the same run begun inside a sentence, the words before it left off;
the same words in the same order, with words of the record between them absent and no mark (an
ellipsis) where they are; or other words. Which text the article quoted from is not known: an answer says
how its words stand to this record, not that the article cut them. Where the
record holds only the nearest words of a page that does not print the quotation (record_kind
"nearest words" in quote_checks.csv), there is nothing to compare: the words are not found.
"""

from __future__ import annotations

import re

SAME = "word for word"
INSIDE = "word for word, the start of the record's sentence left off"
CUT = "some of the record's words absent, unmarked"
OTHER = "other words"
NOT_FOUND = "not found in the pages read"
MATCHES = (SAME, INSIDE, CUT, OTHER, NOT_FOUND)  # from closest to farthest; the last compares nothing
PASSAGE = "the passage"  # the record_kind whose words are compared
_WORD = re.compile(r"\[[^\]]*\]|[\w']+")
_WILD = "[]"
_WILD_SPAN = 3  # how many of the record's words one bracketed insertion may stand for
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]*\s+")


def words(text: str) -> list[str]:
    """The text's words, lower-cased, curly apostrophes made straight; a bracketed insertion is one wildcard."""
    found = _WORD.findall(text.replace("\u2019", "'").lower())
    return [_WILD if w.startswith("[") else w.strip("'") for w in found]


def _runs(quote: list[str], record: list[str], at: int, gaps: bool) -> bool:
    """Whether quote matches record from position `at` onwards: in one run, or (gaps) with words skipped."""
    if not quote:
        return True
    head, rest = quote[0], quote[1:]
    if head == _WILD:
        spans = range(1, _WILD_SPAN + 1)
        return any(at + n <= len(record) and _runs(rest, record, at + n, gaps) for n in spans)
    ends = range(at, len(record)) if gaps else range(at, min(at + 1, len(record)))
    return any(record[i] == head and _runs(rest, record, i + 1, gaps) for i in ends)


def _sentence_starts(record: str) -> set[int]:
    """The positions, among the record's words, at which one of its sentences begins."""
    starts, at = set(), 0
    for sentence in _SENTENCE_END.split(record):
        starts.add(at)
        at += len(words(sentence))
    return starts


def match(quoted: str, record: str, record_kind: str = PASSAGE) -> str:
    """SAME, INSIDE, CUT or OTHER: how the article's quoted words stand to the record's passage;
    NOT_FOUND when the record holds only the nearest words of a page that does not print them."""
    if record_kind != PASSAGE:
        return NOT_FOUND
    quote, rec = words(quoted), words(record)
    runs = {start for start in range(len(rec)) if _runs(quote, rec, start, gaps=False)}
    if runs & _sentence_starts(record):
        return SAME
    if runs:
        return INSIDE
    return CUT if _runs(quote, rec, 0, gaps=True) else OTHER
