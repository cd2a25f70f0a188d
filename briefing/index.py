"""The brief's indexes: every actor across the articles, with where they are named and what they said.

Pure functions of the analyses. An article's actors are merged with other articles' when they are
of one kind and have the same name, or when one article knows them only by a single word ("Yoon")
that one fuller name of the brief goes by ("Yoon Suk Yeol", also called "Yoon").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .words import slug
from .model import Analysis
from .page_contract import ACTOR_PREFIX, unique_name

#: At most this many actors get a page of their own (the most mentioned, and everyone quoted) ...
ACTOR_PAGES_MAX = 300
#: ... and only those named at least this often, or quoted.
ACTOR_PAGE_MENTIONS = 2


@dataclass
class Appearance:
    """One actor in one article: the article's actor id, how often and under which names it is named."""

    article: str
    actor: str
    mentions: int
    names: list[str]
    titles: list[str] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)  # indexes into the article's quotes


@dataclass
class BriefActor:
    """An actor of the whole brief, merged across its articles."""

    name: str
    kind: str
    appearances: list[Appearance] = field(default_factory=list)
    page: str | None = None  # the page name of its own page, if it has one

    @property
    def mentions(self) -> int:
        return sum(a.mentions for a in self.appearances)

    @property
    def aliases(self) -> list[str]:
        return list(dict.fromkeys(n for a in self.appearances for n in a.names if n != self.name))

    @property
    def titles(self) -> list[str]:
        return list(dict.fromkeys(t for a in self.appearances for t in a.titles))

    @property
    def quoted(self) -> int:
        return sum(len(a.quotes) for a in self.appearances)


def actor_index(analyses: list[Analysis], pages_max: int = ACTOR_PAGES_MAX) -> list[BriefActor]:
    """Every actor of the brief, most mentioned first.

    The first ``pages_max`` named at least ``ACTOR_PAGE_MENTIONS`` times, and everyone quoted, get a page name.
    """
    merged: dict[tuple[str, str], BriefActor] = {}
    order: list[BriefActor] = []
    for analysis in analyses:
        quoted: dict[str, list[int]] = {}
        for index, quote in enumerate(analysis.quotes):
            if quote.speaker is not None and quote.speaker.actor is not None:
                quoted.setdefault(quote.speaker.actor, []).append(index)
        for actor in analysis.actors:
            key = (actor.kind, actor.name.casefold())
            entry = merged.get(key)
            if entry is None:
                entry = merged[key] = BriefActor(actor.name, actor.kind)
                order.append(entry)
            entry.appearances.append(Appearance(
                analysis.article.id, actor.id, len(actor.mentions), [actor.name, *actor.aliases],
                [actor.title] if actor.title else [], quoted.get(actor.id, []),
            ))
    actors = _join_single_words(order)
    actors.sort(key=lambda a: (-a.mentions, -a.quoted, a.name.casefold()))
    used: set[str] = set()
    for rank, actor in enumerate(actors):
        if (rank < pages_max and actor.mentions >= ACTOR_PAGE_MENTIONS) or actor.quoted:
            actor.page = unique_name(ACTOR_PREFIX + (slug(actor.name) or "unnamed"), used)
    return actors


def _join_single_words(actors: list[BriefActor]) -> list[BriefActor]:
    """An actor named by one word joins the one fuller-named actor of its kind that goes by that word."""
    fuller: dict[tuple[str, str], list[BriefActor]] = {}
    for actor in actors:
        if " " in actor.name:
            words = set(actor.name.split()) if actor.kind == "person" else set()  # "Yoon" of "Yoon Suk Yeol"
            for name in {actor.name, *actor.aliases} | words:
                fuller.setdefault((actor.kind, name.casefold()), []).append(actor)
    kept = []
    for actor in actors:
        owners = fuller.get((actor.kind, actor.name.casefold()), []) if " " not in actor.name else []
        owners = list({id(o): o for o in owners}.values())
        if len(owners) == 1:
            owners[0].appearances += actor.appearances
        else:
            kept.append(actor)
    return kept
