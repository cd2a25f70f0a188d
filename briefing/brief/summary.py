"""A story's summary: what the articles that tell it say together, merged without spaCy.

:func:`summarise_story` takes each article's summary candidates (its bottom line and summary) and
keeps the sentences the outlets agree on, none repeating another: the content words of the span
texts (:func:`content_words`) decide what the outlets share and which sentences repeat each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from .. import words
from ..model import Cited, Span

STORY_REDUNDANCY = 0.5  # share of the shorter sentence's content words that makes it a repeat
#: Words that say nothing about what a sentence reports.
STOP_WORDS = words.SUMMARY_STOP_WORDS


def content_words(text: str) -> set[str]:
    """The words of a text that say what it is about: lower case, no stop words, a plural 's' off."""
    return {words.common_form(word) for word in words.words(text) if word not in STOP_WORDS}


def summarise_story(
    items: Sequence[tuple[str, Sequence[Span | None], Sequence[Span]]],
    length: int = 5,
    repeats: Callable[[Cited, Cited], bool] | None = None,
) -> tuple[Cited | None, list[Cited]]:
    """A story's bottom line and merged summary, from the articles that tell it.

    ``items`` holds one ``(article_id, candidates, sentences)`` per article, most trusted or earliest
    article first:

    - ``candidates``: the spans that may enter the story's summary, in the article's order of
      preference, best first (for example ``[analysis.bottom_line, *analysis.summary]``; None entries
      and a span given twice count once);
    - ``sentences``: all the article's sentences (``analysis.sentences``), which say what the story is
      about; may be empty, then the candidates stand for the article.

    Returns ``(bottom_line, summary)``: the candidate that best says what the outlets together report
    (or None when no article has a candidate), and up to ``length`` candidates in which no sentence
    repeats another: when two outlets say the same thing (most of the content words of the shorter
    sentence are in the other one, or ``repeats(a, b)`` says so) only the better-ranked version stays. The summary is ordered by
    article (as given), then by position in the article. Every entry is a :class:`Cited` span, so it
    keeps its article and offsets. Pure: no spaCy, only the words of the span texts.
    """
    story_words: Counter = Counter()
    for _, candidates, sentences in items:
        article_words: set[str] = set()
        for span in sentences or candidates:
            # Without sentences a None candidate (no bottom line) would raise here; every analysed article has sentences.
            article_words |= content_words(span.text)  # type: ignore[union-attr]
        story_words.update(article_words)  # how many articles use each word
    others = max(len(items) - 1, 1)
    scored: list[tuple[float, int, int, Cited, set[str]]] = []
    for order, (article, candidates, _) in enumerate(items):
        seen: set[tuple[int, int]] = set()
        for rank, span in enumerate(candidates):
            if span is None or (span.start, span.end) in seen:
                continue
            seen.add((span.start, span.end))
            content = content_words(span.text)
            if not content:
                continue
            # Agreement: how many other articles use each of the sentence's words, on average.
            agreement = sum(story_words[w] - 1 for w in content) / len(content) / others if len(items) > 1 else 0.0
            score = agreement + 1.0 / (1 + rank) + 0.1 * min(len(content), 20) / 20
            scored.append((score, order, rank, Cited(article, span), content))
    scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    bottom_line = scored[0][3] if scored else None
    kept: list[tuple[float, int, int, Cited, set[str]]] = []
    for entry in scored:
        if len(kept) >= length:
            break
        if not any(_repeats(entry[4], other[4]) or (repeats is not None and repeats(entry[3], other[3])) for other in kept):
            kept.append(entry)
    kept.sort(key=lambda entry: (entry[1], entry[3].span.start))
    return bottom_line, [entry[3] for entry in kept]


def _repeats(a: set[str], b: set[str]) -> bool:
    smaller = min(len(a), len(b))
    return smaller > 0 and len(a & b) / smaller >= STORY_REDUNDANCY
