"""A saved page's headline: the line (or the cell of a laid-out line) that a model judges to be it.

Saved pages show their headline among section names, breadcrumbs, site names and teasers, often in
a table cell beside others on one rendered line. The candidates are the cells of the lines around
where the article's body starts (text separated by two spaces or more is a cell), each described
by features that hold across sites:

- how much of it the page's ``<title>`` holds in a row, and how much of the ``<title>`` it is (a
  title is the headline with the site's name and section around it); whether it is the title the
  extractor declares;
- where it stands from the first line of the body, whether it is in the body, how many cells
  share its line, how often the page shows it;
- its words: how many, the share of capitalised words, of function words and of digits, whether it
  ends with a full stop;
- the HTML it stands in: headings, bold, links, table cells, list items, paragraphs, navigation.

A small gradient-boosted model (``headline_model.json``), fit by ``benchmarks/ingest.py --fit`` on the
tune half of the l3s-gn1 pages and checked by 5-fold cross-validation, gives each candidate its
chance; the best is the headline when its chance is at least :data:`MIN_CHANCE`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..words import FUNCTION_WORDS
from . import trees
from .blocks import share_inside, tag_coverage

MODEL = Path(__file__).with_name("headline_model.json")
#: The best candidate is the headline only with at least this chance (chosen on the tune half).
MIN_CHANCE = 0.2
#: Candidates stand this many lines before the body's first line, or after it.
LINES_BEFORE, LINES_AFTER = 40, 8
#: A candidate has at most this many words and characters.
MAX_WORDS, MAX_CHARS = 40, 300
TAGS = ("h1", "h2", "h3", "h4", "b", "a", "td", "li", "p", "nav", "form", "list")
#: A cell: words separated by single spaces. The rendering collapses white space in text, so two
#: spaces or more are layout: the gap between table cells.
_CELL = re.compile(r"\S++(?:[ ]\S++)*+")
_TOKEN = re.compile(r"\w+")
_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: A page's <title> longer than this many words is not a title; only this much of it is compared.
_TITLE_WORDS = 60


@dataclass(frozen=True)
class Candidate:
    """A cell of a line of the page: its offsets and text, and the index of its line."""

    start: int
    end: int
    text: str
    line: int


def candidates(lines: Sequence, first_body: int) -> list[Candidate]:
    """The cells of the lines near the body's first line (``lines`` have ``start``, ``end`` and ``text``)."""
    found = []
    for index in range(max(0, first_body - LINES_BEFORE), min(len(lines), first_body + LINES_AFTER + 1)):
        line = lines[index]
        for cell in _CELL.finditer(line.text):
            text = cell.group(0)
            if len(text) <= MAX_CHARS and 2 <= len(_TOKEN.findall(text)) <= MAX_WORDS:
                found.append(Candidate(line.start + cell.start(), line.start + cell.end(), text, index))
    return found


def features(
    cells: list[Candidate], lines: Sequence, first_body: int, body: Sequence[tuple[int, int]],
    annotations: Sequence[tuple[int, int, str]], text_length: int, page_title: str, declared_title: str,
) -> list[list[float]]:
    """The features of each candidate, in the order :data:`FEATURE_NAMES` gives."""
    marked = {tag: tag_coverage(annotations, tag, text_length) for tag in TAGS}
    title = _tokens(page_title)[:_TITLE_WORDS]
    title_words = set(title)
    declared = _tokens(declared_title)
    shown = Counter(_tokens_key(cell.group(0)) for line in lines for cell in _CELL.finditer(line.text))
    per_line = Counter(cell.line for cell in cells)
    rows = []
    for cell in cells:
        tokens = _tokens(cell.text)
        run = _longest_run(tokens, title) if title_words.intersection(tokens) else 0
        words = _LETTER_WORD.findall(cell.text)
        n = len(words)
        rows.append([
            math.log1p(len(tokens)),
            run / len(tokens),
            run / len(title) if title else 0.0,
            float(bool(declared) and tokens == declared),
            float(max(-LINES_BEFORE, min(LINES_AFTER, cell.line - first_body))),
            float(any(start < cell.end and cell.start < end for start, end in body)),
            float(min(per_line[cell.line], 5)),
            float(min(shown[_tokens_key(cell.text)], 5)),
            sum(w[0].isupper() for w in words) / n if n else 0.0,
            sum(w.lower() in FUNCTION_WORDS for w in words) / n if n else 0.0,
            sum(c.isdigit() for c in cell.text) / len(cell.text),
            float(cell.text.endswith(".")),
            *(share_inside(marked[tag], cell.start, cell.end) for tag in TAGS),
        ])
    return rows


FEATURE_NAMES = (
    "words", "in_title", "of_title", "declared_title", "lines_from_body", "in_body", "cells_on_line", "times_shown",
    "capitalised", "function_words", "digits", "ends_with_full_stop", *(f"in_{tag}" for tag in TAGS),
)


def described(
    lines: Sequence, first_body: int, body: Sequence[tuple[int, int]], annotations: Sequence[tuple[int, int, str]],
    text_length: int, page_title: str, declared_title: str, allowed: Callable[[Candidate], bool] = lambda cell: True,
) -> tuple[list[Candidate], list[list[float]]]:
    """The candidates ``allowed`` lets through, and their features."""
    cells = [cell for cell in candidates(lines, first_body) if allowed(cell)]
    return cells, features(cells, lines, first_body, body, annotations, text_length, page_title, declared_title)


def pick(cells: list[Candidate], rows: list[list[float]]) -> Candidate | None:
    """The headline among the candidates, or None when none is likely enough."""
    if not cells:
        return None
    chance, best = max(zip(trees.chances(trees.load(MODEL), rows), cells), key=lambda item: (item[0], -item[1].start))
    return best if chance >= MIN_CHANCE else None


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


def _tokens_key(text: str) -> str:
    return " ".join(_tokens(text))


def _longest_run(tokens: list[str], title: list[str]) -> int:
    """The most tokens of ``tokens`` that stand in a row in ``title`` too."""
    best = 0
    previous = [0] * (len(title) + 1)
    for token in tokens:
        current = [0] * (len(title) + 1)
        for j, other in enumerate(title, 1):
            if token == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best
