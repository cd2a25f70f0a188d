"""Actors: spaCy entities become people, countries, places, organisations and groups.

Mentions of one actor are merged: a surname or part of a full name joins the fullest name used
("Yoon", "President Yoon" -> "Yoon Suk Yeol", even where the tagger took "Yoon" for a place); an
acronym joins the name it abbreviates ("NATO" -> "North Atlantic Treaty Organization"); dotted and
plain forms are one ("U.N.", "UN"). Possessive "'s" and a leading "the" are not part of a name.
Offsets here are offsets into the article's cleaned body; the analysis maps them to the source.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .clean import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan

KIND_BY_LABEL = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "to", "de"}
POSSESSIVE = {"'s", "’s", "'", "’"}


# Country names that no data package lists (countryinfo has names, capitals, demonyms and
# alternative spellings), each with its source.
CURATED_COUNTRY_ALIASES = {
    "ROK": "South Korea",  # Republic of Korea, its official name: https://www.britannica.com/place/South-Korea
    "DPRK": "North Korea",  # Democratic People's Republic of Korea: https://www.britannica.com/place/North-Korea
    "Kremlin": "Russia",  # seat of the Russian presidency, named for its government: https://www.britannica.com/topic/Kremlin-Moscow
}
MOTION_VERBS = frozenset("visit travel tour reach leave enter arrive return fly".split())
LOCATIVE = frozenset("in at to from near into inside outside around across toward towards via through within".split())


@dataclass
class FoundMention:
    start: int  # offsets into the cleaned body
    end: int
    text: str
    label: str
    title: str | None = None
    refers: str | None = None  # the country a capital, demonym or short form stands for


@dataclass
class FoundActor:
    name: str
    label: str
    mentions: list[FoundMention] = field(default_factory=list)
    title: str | None = None

    @property
    def words(self) -> list[str]:
        return self.name.split()

    @property
    def kind(self) -> str:
        if self.label == "GPE" and is_country(self.name):
            return "country"
        return KIND_BY_LABEL[self.label]


@dataclass
class ActorIndex:
    """The actors of one article and a look-up from body offsets to them."""

    actors: list[FoundActor]
    ids: dict[int, str]  # id(FoundActor) -> actor id
    _starts: list[int] = field(default_factory=list)
    _entries: list[tuple[FoundMention, FoundActor]] = field(default_factory=list)

    def __post_init__(self):
        pairs = sorted(((m, a) for a in self.actors for m in a.mentions), key=lambda p: p[0].start)
        self._entries = pairs
        self._starts = [m.start for m, _ in pairs]

    def at(self, offset: int) -> tuple[FoundMention, FoundActor] | None:
        """The mention covering a body offset, with its actor."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0:
            mention, actor = self._entries[index]
            if mention.start <= offset < mention.end:
                return mention, actor
        return None

    def latest_before(self, offset: int, kinds: set[str], skip: list[tuple[int, int]] = ()) -> tuple[FoundMention, FoundActor] | None:
        """The nearest mention before ``offset`` of an actor of one of ``kinds``, outside ``skip`` spans."""
        for mention, actor in reversed(self._entries[: bisect_right(self._starts, offset)]):
            if mention.end > offset or actor.kind not in kinds:
                continue
            if any(s <= mention.start < e for s, e in skip):
                continue
            return mention, actor
        return None

    def named(self, name: str) -> FoundActor | None:
        """The actor a name written elsewhere (a headline) refers to: same name, a mention, or part of a person's name."""
        key = plain_key(name)
        for actor in self.actors:
            if key == plain_key(actor.name) or key in {plain_key(m.text) for m in actor.mentions}:
                return actor
        return next((a for a in self.actors if a.label == "PERSON" and _contains(a.words, name.split())), None)

    def id_of(self, actor: FoundActor) -> str:
        return self.ids[id(actor)]


@lru_cache(maxsize=4096)
def is_country(name: str) -> bool:
    """Whether ``name`` names a country in ISO 3166 (pycountry): "Russia", "South Korea", "U.S."."""
    import pycountry

    plain = name.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.){2,3}", name) else name
    try:
        pycountry.countries.lookup(plain)
        return True
    except LookupError:
        pass
    if len(plain) < 4:
        return False
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and value.startswith(plain):  # "Russia" -> "Russian Federation"
                return True
    return False


@lru_cache(maxsize=1)
def country_forms() -> dict[str, tuple[str, str]]:
    """Plain forms of country names -> (country, how): spellings, capitals and demonyms, from countryinfo."""
    from countryinfo import all_countries

    forms: dict[str, tuple[str, str]] = {}
    for country in all_countries():
        info = country.info()
        name = info.get("name")
        if not name:
            continue
        for spelling in [name, *info.get("altSpellings", [])]:
            forms.setdefault(plain_key(spelling), (name, "spelling"))
        for capital in _listed(info.get("capital")):
            forms.setdefault(plain_key(capital), (name, "capital"))
            forms.setdefault(plain_key(re.sub(r"\s+D\.?C\.?$", "", capital)), (name, "capital"))  # Washington D.C.
        for demonym in _listed(info.get("demonym")):
            forms.setdefault(plain_key(demonym), (name, "demonym"))
    for alias, name in CURATED_COUNTRY_ALIASES.items():
        forms[plain_key(alias)] = (name, "curated")
    return forms


def _listed(value) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v]


def country_referred(ent: SpacySpan, text: str) -> str | None:
    """The country an entity stands for: "Seoul" saying or urged, "the Kremlin", "ROK", "South Korean"."""
    form = country_forms().get(plain_key(text))
    if form is None:
        return None
    name, how = form
    head = ent.root.head
    if how == "capital" and (
        (ent.root.dep_ == "pobj" and head.lower_ in LOCATIVE) or (ent.root.dep_ == "dobj" and head.lemma_ in MOTION_VERBS)
    ):
        return None  # "a banquet in Washington", "will visit Washington": the place itself
    if how == "spelling" and len(plain_key(text)) <= 2 and ent.label_ != "GPE":
        return None  # two-letter codes only where the tagger saw a place ("US", not "IT" the company)
    return name


def korea_sides(doc: Doc, found: list[FoundMention]) -> list[FoundMention]:
    """ "the North" and "the South" in a story about the two Koreas."""
    if not any((m.refers or m.text) in ("North Korea", "South Korea") for m in found):
        return []
    sides = []
    for token in doc:
        if token.text in ("North", "South") and token.i > 0 and doc[token.i - 1].lower_ == "the":
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if following is None or not (following.is_title or following.pos_ == "PROPN"):
                the = doc[token.i - 1]
                text = doc[the.i:token.i + 1].text
                sides.append(FoundMention(the.idx, token.idx + len(token), text, "GPE", refers=f"{token.text} Korea"))
    return sides


def acronyms(name: str) -> set[str]:
    words = re.findall(r"[A-Za-z][\w-]*", name)
    full = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.lower() not in ACRONYM_SKIP).upper()
    return {full, content} if len(words) > 1 else set()


def plain_key(name: str) -> str:
    return re.sub(r"[.\s]", "", name).lower()


def _trimmed(ent: SpacySpan) -> tuple[int, int] | None:
    """Token bounds of an entity without a leading "the" and a trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if doc[start:end].text.count("(") > doc[start:end].text.count(")"):
        end = max(i for i in range(start, end) if doc[i].text == "(")  # "Intelligence (AI" -> "Intelligence"
    if start >= end:
        return None
    return start, end


def _title_before(doc: Doc, start: int) -> str | None:
    """A title or role written just before a name: "President", "National Security Office Director"."""
    first = start
    while first > 0:
        token = doc[first - 1]
        is_titled = token.is_title or token.is_upper
        if token.ent_type_ in ("GPE", "NORP", "PERSON", "DATE") or token.is_punct:
            break
        is_title_word = token.pos_ == "PROPN" and is_titled
        is_role_noun = token.pos_ == "NOUN" and token.dep_ in ("compound", "nmod", "appos") and token.head.i >= start - 1
        if not (is_title_word or is_role_noun):
            break
        first -= 1
    if first == start:
        return None
    return doc[first:start].text


def find_actors(doc: Doc, authors: tuple[str, ...] = ()) -> ActorIndex:
    """Actors of one article from the entities of its parsed body."""
    found: list[FoundMention] = []
    author_words = {w for a in authors for w in a.split()}
    for ent in doc.ents:
        if ent.label_ not in KIND_BY_LABEL:
            continue
        bounds = _trimmed(ent)
        if bounds is None:
            continue
        span = doc[bounds[0]:bounds[1]]
        text = span.text
        refers = country_referred(ent, text)
        if refers is not None:
            found.append(FoundMention(span.start_char, span.end_char, text, "GPE", refers=refers))
            continue
        if ent.label_ == "NORP" and (ent.root.pos_ == "ADJ" or ent.root.dep_ in ("amod", "compound")):
            continue  # "Catholic voters": a modifier, not a group that acts
        if not re.search(r"[A-Z]", text) or len(text) > 80:
            continue
        if ent.label_ == "PERSON" and set(text.split()) <= author_words:
            continue  # the byline's author, not an actor of the story
        title = _title_before(doc, span.start) if ent.label_ == "PERSON" else None
        found.append(FoundMention(span.start_char, span.end_char, text, ent.label_, title))

    actors = _merge(found + korea_sides(doc, found))
    actors.sort(key=lambda a: (-len(a.mentions), a.mentions[0].start))
    ids: dict[int, str] = {}
    used: set[str] = set()
    for actor in actors:
        base = slug(actor.name) or "actor"
        actor_id, n = base, 2
        while actor_id in used:
            actor_id, n = f"{base}-{n}", n + 1
        used.add(actor_id)
        ids[id(actor)] = actor_id
    return ActorIndex(actors, ids)


def _merge(found: list[FoundMention]) -> list[FoundActor]:
    people: list[FoundActor] = []
    others: list[FoundActor] = []
    # Fullest person names first, so that short forms find the name they belong to.
    person_mentions = sorted((m for m in found if m.label == "PERSON"), key=lambda m: (-len(m.text.split()), m.start))
    for mention in person_mentions:
        owner = _person_containing(people, mention)
        if owner is None:
            people.append(FoundActor(mention.text, "PERSON", [mention], mention.title))
        else:
            owner.mentions.append(mention)
            owner.title = owner.title or mention.title

    for mention in sorted((m for m in found if m.label != "PERSON"), key=lambda m: m.start):
        # A one- or two-word "place" or "organisation" that is part of a person's name is that person.
        if len(mention.text.split()) <= 2 and not is_country(mention.text):
            owner = _person_containing(people, mention)
            if owner is not None:
                owner.mentions.append(mention)
                continue
        key = plain_key(mention.refers or mention.text)
        owner = next((a for a in others if plain_key(a.name) == key or key in {plain_key(x.text) for x in a.mentions}), None)
        if owner is None:
            owner = next((a for a in others if _abbreviates(mention.text, a.name) or _abbreviates(a.name, mention.text)), None)
        if owner is None:
            others.append(FoundActor(mention.refers or mention.text, mention.label, [mention]))
            continue
        owner.mentions.append(mention)
        if len(mention.text) > len(owner.name) and _abbreviates(owner.name, mention.text):
            owner.name, owner.label = mention.text, mention.label

    for actor in people + others:
        actor.mentions.sort(key=lambda m: m.start)
    return people + others


def _abbreviates(short: str, long: str) -> bool:
    letters = short.replace(".", "")
    return letters.isupper() and 2 <= len(letters) <= 6 and letters in acronyms(long)


def _person_containing(people: list[FoundActor], mention: FoundMention) -> FoundActor | None:
    """The person whose fuller name contains ``mention``'s words; the most recently named wins a tie."""
    words = mention.text.split()
    candidates = [p for p in people if _contains(p.words, words)]
    if not candidates:
        return None
    return max(candidates, key=lambda p: max((m.start for m in p.mentions if m.start < mention.start), default=-1))


def _contains(name: list[str], part: list[str]) -> bool:
    return any(name[i:i + len(part)] == part for i in range(len(name) - len(part) + 1))
