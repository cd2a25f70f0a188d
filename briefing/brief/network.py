"""The actor network of a brief: who is named in the same sentence as whom.

An actor of the brief is as on the actors page (:attr:`briefing.model.Brief.actors`): every article's
actor of the same kind and name, and a lone surname joined to the one full name that has it. Two
actors are linked once for every sentence, in any article, that mentions both. The network keeps the
most mentioned actors so that the picture stays legible (:mod:`briefing.pages.network` draws it).
Everything is sorted: the same brief gives the same network.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from itertools import combinations

from ..model import Analysis, BriefActor, Link, Network, NetworkActor

#: How many of the most mentioned actors the picture shows.
DEFAULT_LIMIT = 16
#: With more nodes than this, actors named with none of the others are left out of the picture.
CLUTTERED = 10
# Characters that must not reach a label: controls, line and paragraph separators, bidi overrides.
_UNPRINTABLE = {"Cc", "Zl", "Zp", "Cs"}
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def brief_actors(actors: list[BriefActor]) -> list[NetworkActor]:
    """The actors of the brief that have a name to show, most mentioned first."""
    merged = [
        NetworkActor(key=_key(actor), name=clean_name(actor.name), kind=actor.kind, mentions=actor.mentions)
        for actor in actors if clean_name(actor.name)
    ]
    return sorted(merged, key=lambda a: (-a.mentions, a.name.casefold(), a.name, a.kind))


def _key(actor: BriefActor) -> str:
    return actor.name.casefold()


def co_mentions(analyses: list[Analysis], actors: list[BriefActor]) -> Counter[tuple[tuple[str, str], tuple[str, str]]]:
    """For each pair of actors ((kind, key), (kind, key)) in sorted order, the sentences naming both."""
    owner = {
        (appearance.article, appearance.actor): (actor.kind, _key(actor))
        for actor in actors for appearance in actor.appearances
    }
    pairs: Counter[tuple[tuple[str, str], tuple[str, str]]] = Counter()
    for analysis in analyses:
        for named in _actors_by_sentence(analysis, owner):
            pairs.update(combinations(sorted(named), 2))
    return pairs


def _actors_by_sentence(analysis: Analysis, owner: Mapping[tuple[str, str], tuple[str, str]]) -> list[set[tuple[str, str]]]:
    """The actors (kind, key) each sentence of the article mentions."""
    sentences = sorted(analysis.sentences, key=lambda s: (s.start, s.end))
    starts = [s.start for s in sentences]
    named: list[set[tuple[str, str]]] = [set() for _ in sentences]
    for actor in analysis.actors:
        key = owner.get((analysis.article.id, actor.id))
        if key is None:
            continue
        for mention in actor.mentions:
            index = bisect_right(starts, mention.start) - 1
            if index >= 0 and mention.start < sentences[index].end:
                named[index].add(key)
    return named


def actor_network(
    analyses: list[Analysis], actors: list[BriefActor], limit: int = DEFAULT_LIMIT, min_sentences: int = 1,
) -> Network:
    """The ``limit`` most mentioned actors and their links of at least ``min_sentences`` sentences.

    Actors linked to none of the others stay when the picture is small; with more than
    :data:`CLUTTERED` actors they are left out.
    """
    if limit < 2 or min_sentences < 1:
        raise ValueError("a network needs limit >= 2 and min_sentences >= 1")
    everyone = brief_actors(actors)
    kept = everyone[:limit]
    pairs = co_mentions(analyses, actors)
    index = {(a.kind, a.key): i for i, a in enumerate(kept)}

    def links_of(index: dict) -> list[Link]:
        found = []
        for (first, second), count in pairs.items():
            if count >= min_sentences and first in index and second in index:
                a, b = sorted((index[first], index[second]))
                found.append(Link(a, b, count))
        return sorted(found, key=lambda link: (link.a, link.b))

    links = links_of(index)
    alone = 0
    if len(kept) > CLUTTERED:
        linked = {i for link in links for i in (link.a, link.b)}
        alone = len(kept) - len(linked)
        kept = [actor for i, actor in enumerate(kept) if i in linked]
        index = {(a.kind, a.key): i for i, a in enumerate(kept)}
        links = links_of(index)
    return Network(tuple(kept), tuple(links), len(everyone), alone)


def clean_name(text: str) -> str:
    """``text`` without control characters, line breaks or bidi overrides, white space folded."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or (unicodedata.category(ch) not in _UNPRINTABLE and ch not in _BIDI_CONTROLS)
    )
    return " ".join(kept.split())
