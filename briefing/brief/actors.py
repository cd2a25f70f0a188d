"""The brief's actors: every actor across the articles, with where they are named and what they said.

The one rule by which actors of different articles are one actor, for the actors pages, the story
pages, the network and the export: they are of one kind and have the same name, or are people of
the same first and last name, with or without middle names and initials ("Susan E. Rice", "Susan
Rice"; "Hillary Rodham Clinton", "Hillary Clinton"), or one article knows them only by a single
word ("Yoon") that one fuller name of the brief goes by ("Yoon Suk Yeol", also called "Yoon"). Pure
functions of the analyses.
"""

from __future__ import annotations

from ..analyse.actors import name_words
from ..model import Analysis, Appearance, BriefActor, Event
from ..page_contract import ACTOR_PREFIX, unique_name
from ..words import slug

#: At most this many actors get a page of their own (the most mentioned, and everyone quoted) ...
ACTOR_PAGES_MAX = 300
#: ... and only those named at least this often, or quoted.
ACTOR_PAGE_MENTIONS = 2


def actor_index(analyses: list[Analysis], pages_max: int = ACTOR_PAGES_MAX) -> list[BriefActor]:
    """Every actor of the brief, most mentioned first.

    The first ``pages_max`` named at least ``ACTOR_PAGE_MENTIONS`` times, and everyone quoted, get a page
    name, which is also their id; the others get an id of the same shape, unique in the brief.
    """
    merged: dict[tuple[str, str], BriefActor] = {}
    order: list[BriefActor] = []
    for analysis in analyses:
        quoted: dict[str, list[str]] = {}
        for quote in analysis.quotes:
            if quote.speaker is not None and quote.speaker.actor is not None:
                quoted.setdefault(quote.speaker.actor, []).append(quote.id)
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
    actors = _join_single_words(_join_full_names(order))
    actors.sort(key=lambda a: (-a.mentions, -a.quoted, a.name.casefold()))
    used: set[str] = set()
    for rank, entry in enumerate(actors):
        if (rank < pages_max and entry.mentions >= ACTOR_PAGE_MENTIONS) or entry.quoted:
            entry.page = entry.id = unique_name(ACTOR_PREFIX + (slug(entry.name) or "unnamed"), used)
    for entry in actors:
        if not entry.id:
            entry.id = unique_name(ACTOR_PREFIX + (slug(entry.name) or "unnamed"), used)
    return actors


def story_actors(event: Event, actors: list[BriefActor]) -> list[BriefActor]:
    """The brief's actors named in the story's articles, each with those appearances only; most mentioned
    in the story first."""
    members = set(event.articles)
    found = []
    for actor in actors:
        own = [a for a in actor.appearances if a.article in members]
        if own:
            found.append(BriefActor(actor.name, actor.kind, own, actor.page, actor.id))
    return sorted(found, key=lambda a: (-a.mentions, a.name.casefold()))


def _join_full_names(actors: list[BriefActor]) -> list[BriefActor]:
    """People of one first and last name are one, under the name they were first given: "Susan E.
    Rice" and "Susan Rice" are one, "Bill Clinton" and "Hillary Clinton" two."""
    first_given: dict[tuple[str, str], BriefActor] = {}
    kept = []
    for actor in actors:
        words = name_words(actor.name) if actor.kind == "person" else []
        key = (words[0].casefold(), words[-1].casefold()) if len(words) > 1 else None
        owner = first_given.get(key) if key else None
        if owner is not None:
            owner.appearances += actor.appearances
            continue
        if key:
            first_given[key] = actor
        kept.append(actor)
    return kept


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
