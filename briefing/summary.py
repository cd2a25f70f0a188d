"""Summaries: the few sentences that carry an article, chosen for importance, shown in order.

A sentence scores by its position (news puts the gist first), by how central its content words
are to the article (a SumBasic-style average of word frequencies over sentences) and by how much
it involves the article's main actors. Sentences are taken greedily by score, skipping any that
repeat one already taken, then put back in article order.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
MIN_WORDS = 8
REDUNDANCY = 0.5  # Jaccard overlap of content words above which a sentence repeats another
WEIGHTS = {"position": 0.45, "centrality": 0.35, "salience": 0.20}


def content_words(doc: Doc, start: int, end: int) -> set[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    return {t.lemma_.lower() for t in span if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha}


def summarise(doc: Doc, sentences: list[tuple[int, int]], actor_mentions: list[tuple[int, int, int]], length: int = 3) -> list[int]:
    """Indexes of the chosen sentences, in article order.

    ``actor_mentions`` holds ``(start, end, weight)`` for every actor mention, the weight being how
    often the article mentions that actor.
    """
    if not sentences:
        return []
    words = [content_words(doc, s, e) for s, e in sentences]
    frequency = Counter(w for ws in words for w in ws)
    total = max(sum(frequency.values()), 1)
    centrality = [sum(frequency[w] for w in ws) / total / len(ws) if ws else 0.0 for ws in words]
    salience = [sum(weight for m_start, _, weight in actor_mentions if s <= m_start < e) for s, e in sentences]
    scores = []
    text = doc.text  # spaCy joins the tokens again on every access
    for index, (start, end) in enumerate(sentences):
        if len(text[start:end].split()) < MIN_WORDS:
            scores.append(-1.0)
            continue
        scores.append(
            WEIGHTS["position"] * (1 - index / len(sentences))
            + WEIGHTS["centrality"] * _scaled(centrality, index)
            + WEIGHTS["salience"] * _scaled(salience, index)
        )
    chosen: list[int] = []
    for index in sorted(range(len(sentences)), key=lambda i: -scores[i]):
        if len(chosen) >= length or scores[index] < 0:
            break
        if any(_jaccard(words[index], words[other]) > REDUNDANCY for other in chosen):
            continue
        chosen.append(index)
    return sorted(chosen)


def _scaled(values: list[float], index: int) -> float:
    top = max(values)
    return values[index] / top if top > 0 else 0.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0
