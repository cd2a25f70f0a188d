"""Which blocks of a saved page are the article: the extractor's paragraphs, judged again with the rest.

A saved page is read as the text a browser shows (:mod:`briefing.ingest.webpage`). Its candidate
blocks are the paragraphs trafilatura extracts, found back in that text (a paragraph may span
several of its lines, or be part of one), and every other line of it. Each block is described by
features that hold across sites and years, not by strings of particular outlets:

- whether the extractor took it, and how far it lies from what the extractor took;
- its words: how many, the share of function words (prose has many, menus few), of capitalised
  words and of digits, whether and how often it ends sentences;
- the HTML it stands in (the share of its text inside links, paragraphs, list items, table cells,
  headings, forms, navigation), as the page rendering annotates it;
- the same few of its neighbours.

A small gradient-boosted model (``blocks_model.json``: 60 trees of 8 leaves) gives each block the
chance that it is article text; blocks at or above :data:`THRESHOLD` are the body. The model was fit
by ``benchmarks/ingest.py --fit`` on the tune half of the l3s-gn1 pages (saved news pages of 408 sites)
and checked by 5-fold cross-validation over all of them; see README for the figures. The features are
computed here, by the same code, at fitting time and when briefing reads a page.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..words import FUNCTION_WORDS
from . import trees

#: A block is article text when the model gives it at least this chance (chosen by cross-validation).
THRESHOLD = 0.5
MODEL = Path(__file__).with_name("blocks_model.json")
#: The HTML a block's text may stand in, as the page rendering annotates it (see ANNOTATIONS).
TAGS = ("p", "li", "td", "h1", "h2", "h3", "h4", "form", "list", "nav", "quote", "b", "a")
#: inscriptis annotation rules: HTML tag -> the tag names above.
ANNOTATIONS = {
    "a": ["a"], "p": ["p"], "li": ["li"], "td": ["td"], "th": ["td"], "h1": ["h1"], "h2": ["h2"], "h3": ["h3"],
    "h4": ["h4"], "h5": ["h4"], "h6": ["h4"], "blockquote": ["quote"], "strong": ["b"], "b": ["b"],
    "form": ["form"], "select": ["form"], "option": ["form"], "ul": ["list"], "ol": ["list"], "dl": ["list"],
    "nav": ["nav"], "footer": ["nav"], "header": ["nav"], "aside": ["nav"],
}
_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_ENDS = re.compile(r"[.!?][\"”’')\]]*+(?:\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?][\"”’')\]]*+$")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_CUT = re.compile(r"(?<=[.!?;:])\s+")
#: Features of a block's neighbours: extractor, words, function words, links.
_NEIGHBOUR_FEATURES = (0, 1, 2, 12 + TAGS.index("a"))


def page_blocks(source) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The article blocks of a saved page (``Source`` with its extractor's paragraphs and its HTML
    annotations), and the blocks its extractor took that the model leaves out; both ``(start, end)``
    offsets into ``source.text``, in order. Nothing when the extractor's paragraphs are not in the
    page's text: the page is then read as pasted text is."""
    candidates = blocks(source.text, source.main_text)
    if not any(block.extracted for block in candidates):
        return [], []
    rows = features(source.text, source.annotations, candidates)
    keep = [c >= THRESHOLD or _prose(row) for c, row in zip(chances(rows), rows)]
    kept = [i for i, k in enumerate(keep) if k]
    for index, (block, row) in enumerate(zip(candidates, rows)):
        if not keep[index] and kept and kept[0] < index < kept[-1] and _sentence(block, row):
            keep[index] = True  # the extractor's sentence inside the article is the article's
    body = [(b.start, b.end) for b, k in zip(candidates, keep) if k]
    left_out = [(b.start, b.end) for b, k in zip(candidates, keep) if not k and b.extracted]
    return body, left_out


def _prose(row: list[float]) -> bool:
    """A block the extractor took that is plainly prose: two sentences or more, of fifteen words or more,
    a third of them function words, few in links. Kept whatever else it looks like (a list item of an
    article written as a list); menus and related links are never this."""
    words = math.expm1(row[1])
    return row[0] == 1.0 and words >= 15 and row[2] >= 0.3 and row[4] >= 0.2 and row[12 + TAGS.index("a")] < 0.2


def _sentence(block: Block, row: list[float]) -> bool:
    """A block the extractor took that ends a sentence and has ten words or more. Between two blocks of
    the article it is kept (an item of an article written as a list, a short paragraph). On l3s-gn1
    this changes body F1 by less than 0.001 (recall +0.001, precision -0.003)."""
    return block.extracted and row[7] == 1.0 and math.expm1(row[1]) >= 10


@dataclass(frozen=True)
class Block:
    """A candidate block: its offsets in the page's text, and whether the extractor took it."""

    start: int
    end: int
    extracted: bool


def blocks(text: str, paragraphs: Sequence[str]) -> list[Block]:
    """The page's candidate blocks in text order: the extractor's ``paragraphs`` where they are found in
    ``text``, and the rest of every line around them."""
    located: list[tuple[int, int]] = []
    for span in locate(paragraphs, text):
        if not located or span[0] >= located[-1][1]:
            located.append(span)
    found = [Block(start, end, True) for start, end in located]
    starts = [start for start, _ in located]
    for line in _LINE.finditer(text):
        start, end = line.span()
        index = max(bisect_right(starts, start) - 1, 0)
        position = start
        for taken_start, taken_end in located[index:]:
            if taken_start >= end:
                break
            if taken_end <= position:
                continue
            found += _trimmed(text, position, min(taken_start, end))
            position = max(position, taken_end)
        found += _trimmed(text, position, end)
    return sorted(found, key=lambda block: block.start)


def _trimmed(text: str, start: int, end: int) -> list[Block]:
    piece = text[start:end]
    if not piece.strip():
        return []
    return [Block(start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip())), False)]


def locate(paragraphs: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Where each paragraph stands in ``text``, white space aside, in order: ``(start, end)`` of each found.

    A paragraph not found whole (the extractor joined pieces of the page) is looked for sentence by
    sentence; a list item's ``- `` (the extractor's) is not part of the page's text.
    """
    folded, origin = _folded(text)
    found: list[tuple[int, int]] = []
    cursor = 0
    for paragraph in paragraphs:
        wanted = " ".join(paragraph.split())
        wanted = wanted.removeprefix("- ")
        if not wanted:
            continue
        position = folded.find(wanted, cursor)
        if position < 0:
            position = folded.find(wanted)
        pieces = [wanted] if position >= 0 else [p for p in _SENTENCE_CUT.split(wanted) if len(p) >= 15]
        for piece in pieces:
            at = folded.find(piece, cursor)
            if at < 0:
                at = folded.find(piece)
            if at >= 0:
                found.append((origin[at], origin[at + len(piece) - 1] + 1))
                cursor = at + len(piece)
    return sorted(found)


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` with every run of white space one space, and the offset in ``text`` of each character."""
    characters: list[str] = []
    origin: list[int] = []
    space = False
    for index, character in enumerate(text):
        if character.isspace():
            if not space and characters:
                characters.append(" ")
                origin.append(index)
            space = True
        else:
            characters.append(character)
            origin.append(index)
            space = False
    return "".join(characters), origin


def features(text: str, annotations: Sequence[tuple[int, int, str]], candidates: list[Block]) -> list[list[float]]:
    """The features of each block (see the module's docstring), in the order :data:`FEATURE_NAMES` gives."""
    marked = {tag: tag_coverage(annotations, tag, len(text)) for tag in TAGS}
    extracted = [i for i, block in enumerate(candidates) if block.extracted]
    first, last = (extracted[0], extracted[-1]) if extracted else (-1, -1)
    count = len(candidates)
    own: list[list[float]] = []
    for index, block in enumerate(candidates):
        piece = text[block.start:block.end]
        words = _LETTER_WORD.findall(piece)
        n = len(words)
        ends = len(_SENTENCE_ENDS.findall(piece))
        distance = _distance(index, extracted)
        own.append([
            float(block.extracted),
            math.log1p(n),
            sum(w.lower() in FUNCTION_WORDS for w in words) / n if n else 0.0,
            sum(w[0].isupper() for w in words) / n if n else 0.0,
            min(ends, 10) / 10,
            ends / max(n, 1),
            sum(c.isdigit() for c in piece) / max(len(piece), 1),
            float(bool(_ENDS_SENTENCE.search(piece))),
            index / max(count - 1, 1),
            min(distance, 10) / 10,
            1.0 if first <= index <= last and first >= 0 else 0.0,
            math.log1p(len(piece)),
            *(share_inside(marked[tag], block.start, block.end) for tag in TAGS),
        ])
    rows = []
    for index, values in enumerate(own):
        before = own[index - 1] if index else [0.0] * len(values)
        after = own[index + 1] if index + 1 < count else [0.0] * len(values)
        rows.append(values + [before[k] for k in _NEIGHBOUR_FEATURES] + [after[k] for k in _NEIGHBOUR_FEATURES])
    return rows


FEATURE_NAMES = (
    "extracted", "words", "function_words", "capitalised", "sentence_ends", "sentence_ends_per_word", "digits",
    "ends_a_sentence", "position", "distance_to_extracted", "within_extracted", "characters",
    *(f"in_{tag}" for tag in TAGS),
    *(f"before_{name}" for name in ("extracted", "words", "function_words", "in_a")),
    *(f"after_{name}" for name in ("extracted", "words", "function_words", "in_a")),
)


def _distance(index: int, extracted: list[int]) -> int:
    if not extracted:
        return 99
    at = bisect_right(extracted, index)
    near = [extracted[i] for i in (at - 1, at) if 0 <= i < len(extracted)]
    return min(abs(index - e) for e in near)


def tag_coverage(annotations: Sequence[tuple[int, int, str]], tag: str, length: int) -> tuple[list[int], list[int], list[int]]:
    """Where the text stands inside ``tag``: merged intervals (starts, ends) and the characters before each."""
    merged: list[list[int]] = []
    for start, end, _ in sorted(a for a in annotations if a[2] == tag):
        start, end = max(start, 0), min(end, length)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    before, total = [], 0
    for start, end in merged:
        before.append(total)
        total += end - start
    return [m[0] for m in merged], [m[1] for m in merged], before


def share_inside(coverage: tuple[list[int], list[int], list[int]], start: int, end: int) -> float:
    """The share of ``[start, end)`` inside the intervals of ``coverage``."""
    if end <= start:
        return 0.0
    starts, ends, _ = coverage
    inside = 0
    index = max(bisect_right(starts, start) - 1, 0)
    while index < len(starts) and starts[index] < end:
        inside += max(0, min(ends[index], end) - max(starts[index], start))
        index += 1
    return inside / (end - start)


def chances(rows: list[list[float]]) -> list[float]:
    """The model's chance that each block is article text."""
    return trees.chances(trees.load(MODEL), rows)
