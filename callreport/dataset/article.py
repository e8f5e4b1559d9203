"""Read the verbatim article and split it into typed blocks and sentences, with offsets.

All offsets are Python ``str`` indices into the text of ``data/article.txt``;
``end`` is exclusive, so ``text[start:end]`` is the span itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from callreport.dataset import paths
from callreport.dataset.errors import DataError
from callreport.dataset.files import read_text

_CREDIT = re.compile(r"Image source, [^\n]+$")
_CAPTION_LABELS = ("Image caption,", "Media caption,")
_PUBLISHED = "• Published"
# A sentence ends at . ? or ! followed by white space and a capital letter or an
# opening quotation mark; boundaries inside quotation marks are not used.
_SENTENCE_END = re.compile(r'(?<=[.?!])\s+(?=[A-Z"])')


@dataclass(frozen=True)
class Block:
    """One line-level unit of the article: its kind, span and body paragraph number."""

    block_id: str
    kind: str
    start: int
    end: int
    text: str
    paragraph: int | None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body paragraph."""

    sentence_id: str
    start: int
    end: int
    text: str
    paragraph: int


def read_article(path: Path = paths.ARTICLE, sha256: str | None = None, name: str = "data/article.txt") -> str:
    """Return the article text, refusing a BOM, CRLF line endings, bad UTF-8 or a wrong sha256."""
    text = read_text(path, name)
    if sha256 is not None:
        found = hashlib.sha256(text.encode("utf-8")).hexdigest()  # strict UTF-8 round-trips byte for byte
        if found != sha256:
            raise DataError(name, None, None, f"sha256 {sha256}", f"sha256 {found}")
    return text


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def split_blocks(text: str) -> list[Block]:
    """Split the article into its title, image texts, captions, published marker and paragraphs."""
    found: list[tuple[str, int, int]] = []
    caption_next = False
    for start, line in _lines(text):
        if not line.strip():
            continue
        end = start + len(line)
        if not found:
            found.append(("title", start, end))
        elif line in _CAPTION_LABELS:
            found.append(("caption label", start, end))
            caption_next = True
        elif caption_next:
            found.append(("caption", start, end))
            caption_next = False
        elif line.strip() == _PUBLISHED:
            offset = start + line.index(_PUBLISHED)
            found.append(("published marker", offset, offset + len(_PUBLISHED)))
        elif credit := _CREDIT.search(line):
            found.append(("image description", start, start + credit.start()))
            found.append(("image credit", start + credit.start(), end))
        else:
            found.append(("paragraph", start, end))
    blocks, paragraph = [], 0
    for number, (kind, start, end) in enumerate(found, start=1):
        if kind == "paragraph":
            paragraph += 1
        blocks.append(
            Block(f"b-{number:02d}", kind, start, end, text[start:end], paragraph if kind == "paragraph" else None)
        )
    return blocks


def quote_marks(text: str) -> list[int]:
    """Offsets of every straight double quotation mark in the text."""
    return [index for index, char in enumerate(text) if char == '"']


def split_sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    """Split each body paragraph into sentences, never inside quotation marks."""
    marks = quote_marks(text)
    inside = [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]
    sentences: list[Sentence] = []
    for block in blocks:
        if block.kind != "paragraph":
            continue
        cuts = [block.start]
        for match in _SENTENCE_END.finditer(block.text):
            at = block.start + match.start()
            if not any(open_ < at < close for open_, close in inside):
                cuts.append(at)
        cuts.append(block.end)
        for start, end in pairwise(cuts):
            while text[start].isspace():
                start += 1
            sentences.append(Sentence(f"s-{len(sentences) + 1:02d}", start, end, text[start:end], block.paragraph))
    return sentences
