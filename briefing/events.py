"""Events: articles about the same story are grouped together.

Two articles belong to one story when their content words and named actors overlap enough:
cosine similarity of TF-IDF vectors (sublinear term frequency, smoothed inverse document frequency
over the batch, so words every article uses weigh little); stories are the connected groups.
"""

from __future__ import annotations

import math
from collections import Counter

from .clean import slug
from .model import Analysis, Event

SAME_STORY = 0.19  # between same-story and different-story pairs seen on BASIL dev (0.21+ vs 0.17-)
STOP = frozenset("the a an and or of to in on for with by at from as that this is was are be has have had will would it its he she they said".split())


def profile(analysis: Analysis) -> Counter:
    """The words and actors an article is about, weighted by how often it uses them."""
    words = Counter(
        w.lower() for s in analysis.sentences for w in s.text.split()
        if w.isalpha() and len(w) > 2 and w.lower() not in STOP
    )
    for actor in analysis.actors:
        words[f"actor:{actor.name.lower()}"] += 2 * len(actor.mentions)
    return words


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(a[k] * b[k] for k in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def tfidf(profiles: list[Counter]) -> list[dict[str, float]]:
    documents = Counter(term for p in profiles for term in p)
    n = len(profiles)
    return [
        {term: (1 + math.log(count)) * (math.log((1 + n) / (1 + documents[term])) + 1) for term, count in p.items()}
        for p in profiles
    ]


def group(analyses: list[Analysis], threshold: float = SAME_STORY) -> list[Event]:
    """Stories as connected groups of articles whose similarity reaches ``threshold``."""
    profiles = tfidf([profile(a) for a in analyses])
    parent = list(range(len(analyses)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(analyses)):
        for j in range(i + 1, len(analyses)):
            if cosine(profiles[i], profiles[j]) >= threshold:
                parent[root(j)] = root(i)
    members: dict[int, list[Analysis]] = {}
    for i, analysis in enumerate(analyses):
        members.setdefault(root(i), []).append(analysis)
    events = []
    for story in members.values():
        lead = story[0].article
        events.append(Event(id=f"story-{slug(lead.id)}", title=lead.title, articles=tuple(a.article.id for a in story)))
    return events
