"""Summaries: the few sentences that carry an article or a story, and the one that says what it reports.

An article's sentence scores by

- its position (news puts the gist first: the lead matters most, then the next few sentences),
- its centrality: continuous LexRank, the stationary weight of the sentence in the graph of TF-IDF
  cosine similarities between the article's sentences (content-word lemmas the parse already has),
  so a sentence that says what much of the article goes on to say beats a colourful aside,
- the salience of the actors it names (how often the article mentions them),
- how much of the headline it repeats,

less penalties for sentences that are mostly quotation and for ones that open on a pronoun or a
connective ("He also ...", "But ..."), which lean on the sentence before. Sentences under
``MIN_WORDS`` words, photo captions, credit lines and calls to action are never chosen. Sentences are
taken greedily by score less their similarity to those already taken (maximal marginal relevance),
never one that repeats a sentence already taken, and shown in article order.

The bottom line is the single sentence that best says what the article reports: the same features
with more weight on the lead and the headline.

A story told by several articles is summarised by :mod:`briefing.brief.summary`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import words
from ..ingest.clean import CALL_TO_ACTION, CREDIT_LINE, PHOTO_MARK
from .nlp import lemma as lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
# Words that open a sentence which leans on the one before: a pronoun subject or a connective.
LEANING_OPENERS = {
    "he", "she", "it", "they", "we", "this", "that", "these", "those", "his", "her", "its", "their",
    "but", "and", "or", "so", "yet", "also", "however", "meanwhile", "still", "instead", "moreover",
    "furthermore", "additionally", "besides", "nevertheless", "nonetheless", "then", "thus",
}
MIN_WORDS = 8
# A summary is chosen among an article's first 400 sentences (news puts the gist first), so that its
# similarity graph stays small (400 x 400) however long the article: the longest news articles in the
# evaluation sets have about 300.
MAX_SENTENCES = 400
REDUNDANCY = 0.5  # TF-IDF cosine similarity above which a sentence repeats one already taken
DIVERSITY = 0.2  # how much similarity to a sentence already taken lowers a sentence's score
DAMPING = 0.85  # share of a step that follows the similarity graph (the rest jumps anywhere), as in PageRank
# Centrality leads; position, actors and headline words lift a sentence among central ones. Set on the
# tune half of a news summary set (benchmarks/summary.py), with position kept above what that set alone
# rewards: its reference summaries favour central sentences more than a brief's reader would.
WEIGHTS = {
    "centrality": 1.0,
    "position": 0.15,
    "lead": 0.2,
    "salience": 0.2,
    "headline": 0.2,
    "quoted": -0.3,  # the brief shows quotations on their own: the summary says what happened
    "leaning": -0.2,
}
# The bottom line is most often the lead: what the article reports, in the reporter's words.
BOTTOM_LINE_WEIGHTS = WEIGHTS | {"lead": 0.6, "headline": 0.3, "quoted": -0.5, "leaning": -0.3}


@dataclass(frozen=True)
class Summary:
    """What :func:`summarise` chose: sentence indexes in article order, and the bottom line's index."""

    sentences: list[int]
    bottom_line: int | None


def summarise(
    doc: Doc,
    sentences: list[tuple[int, int]],
    actor_mentions: list[tuple[int, int, int]],
    length: int = 3,
    headline: str | None = None,
    quoted: Sequence[tuple[int, int]] = (),
) -> Summary:
    """The summary and bottom line of one parsed article.

    ``sentences`` are ``(start, end)`` offsets into ``doc.text`` (only the first ``MAX_SENTENCES`` are candidates); ``actor_mentions`` holds
    ``(start, end, weight)`` for every actor mention, the weight being how often the article mentions
    that actor; ``quoted`` are the spans of direct quotations (with their marks).
    """
    sentences = sentences[:MAX_SENTENCES]
    if not sentences:
        return Summary([], None)
    features = sentence_features(doc, sentences, actor_mentions, headline, quoted)
    text = doc.text  # spaCy joins the tokens again on every access
    eligible = [_eligible(text[start:end]) for start, end in sentences]
    scores = _scores(features, WEIGHTS)
    chosen = _select(scores, eligible, features.similarity, length)
    line_scores = _scores(features, BOTTOM_LINE_WEIGHTS)
    candidates = [i for i in range(len(sentences)) if eligible[i]]
    bottom_line = max(candidates, key=lambda i: (line_scores[i], -i)) if candidates else None
    return Summary(sorted(chosen), bottom_line)


@dataclass
class Features:
    """Per-sentence features, each scaled to 0..1, and the sentences' TF-IDF cosine similarities."""

    similarity: list[list[float]]
    columns: dict[str, list[float]]


def sentence_features(
    doc: Doc,
    sentences: list[tuple[int, int]],
    actor_mentions: list[tuple[int, int, int]],
    headline: str | None = None,
    quoted: Sequence[tuple[int, int]] = (),
) -> Features:
    """The features of every sentence, from one pass over the parse's tokens (no new parse)."""
    count = len(sentences)
    starts = [start for start, _ in sentences]
    bags: list[Counter] = [Counter() for _ in sentences]
    forms: list[set[str]] = [set() for _ in sentences]
    leaning = [0.0] * count
    first_seen = [False] * count
    for token in doc:
        index = bisect_right(starts, token.idx) - 1
        if index < 0 or token.idx >= sentences[index][1]:
            continue
        if not first_seen[index] and not token.is_punct and not token.is_space:
            first_seen[index] = True
            leaning[index] = float(token.lower_ in LEANING_OPENERS)
        if token.is_stop or token.is_punct or token.is_space:
            continue
        forms[index].add(token.lower_)
        if token.pos_ in CONTENT_POS and (token.is_alpha or token.like_num):
            lemma = lemma_of(token).lower()
            bags[index][lemma] += 1
            forms[index].add(lemma)
    salience = [0.0] * count
    for start, _, weight in actor_mentions:
        index = bisect_right(starts, start) - 1
        if index >= 0 and start < sentences[index][1]:
            salience[index] += weight
    headline_words = set(words.words(headline or "")) - words.SUMMARY_STOP_WORDS
    overlap = [len(headline_words & f) / len(headline_words) if headline_words else 0.0 for f in forms]
    quoted_share = [_covered(start, end, quoted) / max(end - start, 1) for start, end in sentences]
    similarity = similarities(bags)
    return Features(similarity, {
        "position": [1 - index / count for index in range(count)],
        "lead": [1.0 / (1 + index) for index in range(count)],
        "centrality": _scaled(lexrank(similarity)),
        "salience": _scaled(salience),
        "headline": overlap,
        "quoted": quoted_share,
        "leaning": leaning,
    })


def similarities(bags: Sequence[Counter]) -> list[list[float]]:
    """TF-IDF cosine similarity of every two sentences (IDF over the article's sentences)."""
    import numpy as np

    count = len(bags)
    vocabulary = {word: column for column, word in enumerate({w for bag in bags for w in bag})}
    if not vocabulary:
        return [[0.0] * count for _ in range(count)]
    matrix = np.zeros((count, len(vocabulary)))
    for row, bag in enumerate(bags):
        for word, times in bag.items():
            matrix[row, vocabulary[word]] = times
    frequency = (matrix > 0).sum(axis=0)
    matrix *= np.log(count / frequency) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1.0)
    return (matrix @ matrix.T).tolist()


def lexrank(similarity: list[list[float]]) -> list[float]:
    """Continuous LexRank: each sentence's stationary weight in the graph of similarities."""
    import numpy as np

    count = len(similarity)
    if count < 2:
        return [1.0] * count
    graph = np.array(similarity)
    np.fill_diagonal(graph, 0.0)
    totals = graph.sum(axis=1, keepdims=True)
    # A sentence sharing no word with any other jumps anywhere, as PageRank does at a dead end.
    transition = np.where(totals > 0, graph / np.where(totals > 0, totals, 1.0), 1.0 / count)
    rank = np.full(count, 1.0 / count)
    for _ in range(100):
        updated = (1 - DAMPING) / count + DAMPING * transition.T @ rank
        converged = np.abs(updated - rank).sum() < 1e-9
        rank = updated
        if converged:
            break
    return rank.tolist()


def _select(scores: list[float], eligible: list[bool], similarity: list[list[float]], length: int) -> list[int]:
    """Indexes of up to ``length`` eligible sentences, best first, none repeating another."""
    chosen: list[int] = []
    candidates = [i for i in range(len(scores)) if eligible[i]]
    while len(chosen) < length and candidates:
        # Maximal marginal relevance: a sentence close to one already taken is worth less.
        def marginal(i: int) -> tuple[float, int]:
            return scores[i] - DIVERSITY * max((similarity[i][o] for o in chosen), default=0.0), -i

        best = max(candidates, key=marginal)
        candidates.remove(best)
        if all(similarity[best][other] <= REDUNDANCY for other in chosen):
            chosen.append(best)
    return chosen


def _scores(features: Features, weights: dict[str, float]) -> list[float]:
    columns = features.columns
    return [sum(weight * columns[name][i] for name, weight in weights.items()) for i in range(len(features.similarity))]


def _eligible(text: str) -> bool:
    """Whether a sentence can stand in a summary: long enough, and not a caption, credit or prompt."""
    if len(text.split()) < MIN_WORDS:
        return False
    return not (PHOTO_MARK.search(text) or CREDIT_LINE.search(text) or CALL_TO_ACTION.search(text))


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(end, s_end) - max(start, s_start)) for s_start, s_end in spans)


def _scaled(values: list[float]) -> list[float]:
    top = max(values, default=0.0)
    return [value / top for value in values] if top > 0 else [0.0] * len(values)
