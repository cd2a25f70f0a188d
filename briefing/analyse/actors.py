"""Actors: spaCy entities become people, countries, places, organisations and groups.

Mentions of one actor are merged: a surname or part of a full name joins the fullest name used
("Yoon", "President Yoon" -> "Yoon Suk Yeol", even where the tagger took "Yoon" for a place), and
so do the surname's repeats the tagger missed, and a name with or without a middle initial; an
acronym joins the name it abbreviates ("NATO" -> "North Atlantic Treaty Organization"); dotted and
plain forms are one ("U.N.", "UN"), as are "Department of Justice" and "Justice Department", and
"Ariz." and "Arizona". Possessive "'s" and a leading "the" are not part of a name, nor are titles
the tagger took into a person's name ("Representative Ryan"); datelines are not mentions.

Parties, faiths and peoples are groups named by their plural ("Democrat", "Democratic lawmakers",
"Senate Democrats" -> "Democrats"); one written before a person's name is that person's
affiliation. "The Obama administration" is an organisation (and names Obama); "the court" after
"the Supreme Court" is the Supreme Court. "The president" is the one person the article has
called "President" (by title or in apposition), where there is one; "Hillary Clinton" is "Hillary
Rodham Clinton"; "Mattis", taken by the tagger for a people, is Jim Mattis; "Bill 1062" is "SB
1062". The outlet publishing the article is not one of its actors.

An article's actors are ranked by how much the article is about them (:func:`rank_actors`): their
mentions, plus one weight for each of the headline naming them, the lead naming them and each key
quote they speak; a place's, a news outlet's and a country's mentions count less, being where and
through whom a story is told more often than who it is about.

Offsets here are offsets into the article's cleaned body; the analysis maps them to the source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ..ingest.clean import dateline_places
from ..page_contract import unique_name
from ..words import slug
from .nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    from ..model import Actor, Quote, Span

KIND_BY_LABEL = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group", "GROUP": "group", "LAW": "legislation",
}
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "to", "de"}
POSSESSIVE = {"'s", "’s", "'", "’"}


# Country names that no data package lists (countryinfo has names, capitals, demonyms and
# alternative spellings), each with its source.
CURATED_COUNTRY_ALIASES = {
    "ROK": "South Korea",  # Republic of Korea, its official name: https://www.britannica.com/place/South-Korea
    "DPRK": "North Korea",  # Democratic People's Republic of Korea: https://www.britannica.com/place/North-Korea
    "Kremlin": "Russia",  # seat of the Russian presidency, named for its government: https://www.britannica.com/topic/Kremlin-Moscow
}
# Names of groups that are not their plural: a party's nickname, an adjective of another stem.
IRREGULAR_GROUPS = {
    "GOP": "Republicans",  # the Grand Old Party, the Republican Party: https://www.britannica.com/topic/Republican-Party
    "Dems": "Democrats",
    "Jewish": "Jews",
    "Kurdish": "Kurds",
}
# Titles and honorifics written before a name, lower case, without their dot; plurals are found by lemma.
TITLE_WORDS = frozenset(
    "mr mrs ms miss dr sir dame lord lady president vice senator sen representative rep congressman congresswoman "
    "governor gov lt mayor secretary minister prime premier chancellor ambassador judge justice chief speaker leader "
    "chairman chairwoman chair attorney general gen adm admiral col colonel maj major capt captain sgt sergeant cmdr "
    "commander rev reverend pope king queen prince princess sheriff commissioner director professor prof former "
    "assemblyman assemblywoman councilman councilwoman delegate del sens reps".split()
)
# Closed-class and verb tokens the tagger sometimes takes into a name ("Plus Obama", "Urge Sestak").
STRAY_POS = frozenset("ADP ADV AUX CCONJ DET INTJ PART PRON SCONJ VERB PUNCT NUM SYM".split())
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
# A place in capitals opening a paragraph, maybe its state or country and an agency, then a dash.
# Nouns that make a person's name the name of the body they lead: "the Obama administration".
LED_BODIES = frozenset("administration government campaign cabinet".split())
# Government bodies named "X Department" or "Department of X"; "X" alone where the article has the full name.
DEPARTMENTS = ("Department", "Ministry")
DEPARTMENT_OF = re.compile(r"(Department|Ministry) of (?:the )?(.+)")
# Head nouns of institutions' names, written in lower case for the institution once it is named:
# "the court" after "the Supreme Court", "administration officials" after "the Obama administration".
INSTITUTION_NOUNS = frozenset(
    "administration agency board bureau campaign commission committee council court department government "
    "ministry party university".split()
)
# Plural nouns that name people acting together by their role, one side of a story in courts,
# legislatures, protests and conflicts: "lawmakers", "the plaintiffs", "federal prosecutors".
# Written for this project; vaguer ones ("officials", "experts", "people") are left out.
GROUP_NOUNS = frozenset(
    "lawmakers legislators senators congressmen prosecutors plaintiffs defendants investigators jurors protesters "
    "demonstrators activists voters regulators negotiators troops rebels militants insurgents refugees migrants "
    "strikers".split()
)
# Bill numbers as legislatures and reporters write them: "SB 1062", "Senate Bill 1062", "S.B. 1062",
# "H.R. 1", "AB5"; a named law is one of spaCy's LAW entities ("the Affordable Care Act").
BILL_NUMBER = re.compile(
    r"\b(?:(?P<chamber>Senate|House|Assembly) Bill|(?P<short>[SHA]\.? ?B\.?|H\.? ?R\.?|[sha]b)|Bill) ?(?P<number>\d{1,5})\b(?![.,]\d)"
)
# Small shapes of names and words.
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")
_DC_SUFFIX = re.compile(r"(?<!\s)\s++D\.?C\.?$")  # "Washington D.C."
_NAME_PART = re.compile(r"[A-Za-z][\w-]*|\d+")
_DOTS_AND_SPACES = re.compile(r"[.\s]")
_CONSONANT_Y_END = re.compile(r"[^aeiou]y$")
_INITIAL = re.compile(r"[A-Z]\.")
_CAPITAL = re.compile(r"[A-Z]")
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
_SHORT_CAPITALISED = re.compile(r"[A-Z][a-z]{1,4}")
BILL_SHORT = {"senate": "SB", "house": "HB", "assembly": "AB"}
# Words that refer back to the bill or law named most recently: "the bill", "the measure".
LAW_REFERENCES = frozenset("bill measure legislation law act".split())
MOTION_VERBS = frozenset("visit travel tour reach leave enter arrive return fly".split())
LOCATIVE = frozenset("in at to from near into inside outside around across toward towards via through within".split())
# Offices a person is referred back to by, lower case after "the" ("the president", "the vice
# president", "the prime minister"), and the short forms of titles written before names.
ROLE_NOUNS = frozenset(
    "president senator governor mayor speaker secretary minister premier chancellor ambassador congressman "
    "congresswoman sheriff pope king queen prince princess commissioner chairman chairwoman".split()
)
ROLE_MODIFIERS = frozenset("vice former deputy prime".split())
TITLE_ABBREVIATIONS = {"sen": "senator", "gov": "governor", "rep": "representative", "pres": "president", "sec": "secretary"}
# Words that end the name of a news outlet, or make it one: "Fox News", "The New York Times", "HuffPost".
# The broadcasters and agencies listed are those whose names carry no such word.
NEWS_WORDS = frozenset("news times post journal tribune herald gazette chronicle telegraph guardian press".split())
NEWS_NAMES = frozenset(
    "cnn nbc abc cbs msnbc npr pbs bbc reuters politico axios huffpost breitbart newsweek afp ap yonhap xinhua".split()
)
# Words an outlet's name may carry or drop: "Yonhap" is "Yonhap News Agency".
OUTLET_FILLERS = frozenset("the news agency network corporation company media group inc".split())
_OUTLET_WORD = re.compile(r"[a-z0-9]++")
_ADDRESS_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


@dataclass
class FoundMention:
    start: int  # offsets into the cleaned body
    end: int
    text: str
    label: str
    title: str | None = None
    refers: str | None = None  # the country a capital, demonym or short form stands for; a group's name
    affiliation: str | None = None  # a person's party or faith written before the name


@dataclass
class FoundActor:
    name: str
    label: str
    mentions: list[FoundMention] = field(default_factory=list)
    title: str | None = None
    affiliation: str | None = None
    forms: set[str] = field(default_factory=set)  # other forms of the name written in the article ("Democratic")

    @property
    def words(self) -> list[str]:
        return name_words(self.name)

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
        # The longer of two mentions starting together last, so that it is the one found inside both.
        pairs = sorted(((m, a) for a in self.actors for m in a.mentions), key=lambda p: (p[0].start, p[0].end))
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

    def latest_before(self, offset: int, kinds: set[str], skip: Sequence[tuple[int, int]] = ()) -> tuple[FoundMention, FoundActor] | None:
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


@dataclass(frozen=True)
class Prominence:
    """What the signs that an article is about an actor count, against one mention of it."""

    focus: float  # for each: the headline names it, the lead (the body's first sentence) names it, a key quote it speaks
    place: float  # what a mention of a place or of a news outlet counts
    country: float  # what a mention of a country counts


#: Chosen by cross-validation over the 30 BASIL dev stories (``benchmarks/actors.py``): the weights
#: that rank the most main entities into the top five of all 90 articles.
PROMINENCE = Prominence(focus=1.0, place=0.0, country=0.25)


@dataclass(frozen=True)
class ActorSigns:
    """What an article shows of how much it is about one of its actors."""

    mentions: int
    headline: bool = False
    lead: bool = False
    key_quotes: int = 0
    setting: Literal["place", "country"] | None = None  # named where or through whom the story is told

    def prominence(self, weights: Prominence = PROMINENCE) -> float:
        share = {"place": weights.place, "country": weights.country}.get(self.setting or "", 1.0)
        return self.mentions * share + weights.focus * (self.headline + self.lead + self.key_quotes)


def actor_signs(actors: Sequence[Actor], headline: str, lead: Span | None, quotes: Sequence[Quote],
                key_quotes: Sequence[str]) -> list[ActorSigns]:
    """The signs of each actor (in the order given): its mentions, the headline, the lead, the key
    quotes it speaks, and whether it is a place, a news outlet or a country."""
    in_headline = named_in(headline, actors)
    key = set(key_quotes)
    speaks: dict[str, int] = {}
    for quote in quotes:
        if quote.id in key and quote.speaker is not None and quote.speaker.actor is not None:
            speaks[quote.speaker.actor] = speaks.get(quote.speaker.actor, 0) + 1
    signs = []
    for number, actor in enumerate(actors):
        setting: Literal["place", "country"] | None = None
        if actor.kind == "place" or (actor.kind == "organisation" and is_news_outlet(actor.name)):
            setting = "place"
        elif actor.kind == "country":
            setting = "country"
        in_lead = lead is not None and any(lead.start <= m.start < lead.end for m in actor.mentions)
        signs.append(ActorSigns(len(actor.mentions), number in in_headline, in_lead, speaks.get(actor.id, 0), setting))
    return signs


def rank_actors(actors: Sequence[Actor], signs: Sequence[ActorSigns], weights: Prominence = PROMINENCE) -> list[Actor]:
    """The actors, the one the article is most about first; ties keep the order given."""
    order = sorted(range(len(actors)), key=lambda i: -signs[i].prominence(weights))
    return [actors[i] for i in order]


def named_in(text: str, actors: Sequence[Actor]) -> set[int]:
    """Positions in ``actors`` of those ``text`` (a headline) names by their name, a form they are
    mentioned by or, for a person, the surname. The longest name wins where names overlap: "White
    House" is not the House. Case aside, except for names in capitals ("US" is not "us")."""
    found = []
    for number, actor in enumerate(actors):
        forms = {actor.name, *actor.aliases, *(m.text for m in actor.mentions)}
        if actor.kind == "person":
            forms.add(name_words(actor.name)[-1])
        for form in forms:
            if form.strip():
                found += [(start, end, number) for start, end in _whole_words(text, form)]
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken: list[tuple[int, int, int]] = []
    for start, end, number in found:
        if not any(s < end and start < e and n != number for s, e, n in taken):
            taken.append((start, end, number))
    return {number for _, _, number in taken}


def _whole_words(text: str, form: str) -> list[tuple[int, int]]:
    """Where ``form`` stands in ``text`` as whole words; case aside, except for a form in capitals."""
    haystack, needle = text, form
    if not form.isupper() and len(text.lower()) == len(text):
        haystack, needle = text.lower(), form.lower()
    spans = []
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = haystack[start - 1] if start else " "
        after = haystack[end] if end < len(haystack) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            spans.append((start, end))
        start = haystack.find(needle, start + 1)
    return spans


@lru_cache(maxsize=4096)
def is_country(name: str) -> bool:
    """Whether ``name`` names a country in ISO 3166 (pycountry): "Russia", "South Korea", "U.S."."""
    import pycountry

    plain = name.replace(".", "") if _DOTTED_INITIALS.fullmatch(name) else name
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
    """Plain forms of country names -> (country, how): spellings, capitals and demonyms, from countryinfo.

    A form shared by several countries stands for the most populous of them."""
    from countryinfo import all_countries

    forms: dict[str, tuple[str, str]] = {}
    # The most populous country first: "American" is the United States, not the Northern Mariana Islands.
    infos = sorted((c.info() for c in all_countries()), key=lambda i: -(i.get("population") or 0))
    for info in infos:
        name = info.get("name")
        if not name:
            continue
        for spelling in [name, *info.get("altSpellings", [])]:
            forms.setdefault(plain_key(spelling), (name, "spelling"))
        for capital in _listed(info.get("capital")):
            forms.setdefault(plain_key(capital), (name, "capital"))
            forms.setdefault(plain_key(_DC_SUFFIX.sub("", capital)), (name, "capital"))  # Washington D.C.
        for demonym in _listed(info.get("demonym")):
            forms.setdefault(plain_key(demonym), (name, "demonym"))
    for alias, name in CURATED_COUNTRY_ALIASES.items():
        forms[plain_key(alias)] = (name, "curated")
    return forms


def _listed(value) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v]


def country_referred(ent: SpacySpan, text: str) -> tuple[str, str] | None:
    """The country an entity stands for, and how: by its "spelling", "capital", "demonym" or a "curated" alias."""
    form = country_forms().get(plain_key(text))
    if form is None:
        return None
    name, how = form
    head = ent.root.head
    if how == "capital" and (
        (ent.root.dep_ == "pobj" and head.lower_ in LOCATIVE) or (ent.root.dep_ == "dobj" and lemma(head) in MOTION_VERBS)
    ):
        return None  # "a banquet in Washington", "will visit Washington": the place itself
    if how == "spelling" and len(plain_key(text)) <= 2 and ent.label_ != "GPE":
        return None  # two-letter codes only where the tagger saw a place ("US", not "IT" the company)
    return name, how


def _acting(ent: SpacySpan) -> bool:
    """Is the entity the one who acts: the subject of a verb or the owner of something ("Moscow's offer")?"""
    return ent.root.dep_ in ("nsubj", "nsubjpass", "poss") or (ent.root.dep_ == "pobj" and ent.root.head.dep_ == "agent")


def _capitals_of_absent_countries(found: list[FoundMention], capitals: dict[int, SpacySpan]) -> list[FoundMention]:
    """Capitals that are only places: their country is named nowhere else in the article, and they never act.

    "Moscow warned" is Russia; "a speech at Georgetown" in a story that never names Guyana is a
    place; and "Georgetown's invitation" in a story about Georgetown University is the university.
    """
    named = {m.refers for i, m in enumerate(found) if m.refers and i not in capitals}
    acting = {found[i].refers for i, span in capitals.items() if _acting(span)}
    organisations = [m.text for m in found if m.label == "ORG"]
    kept = []
    for i, m in enumerate(found):
        if i in capitals and m.refers not in named:
            institution = next((o for o in organisations if o.startswith(m.text + " ")), None)
            if institution is not None:
                m = FoundMention(m.start, m.end, m.text, "ORG", refers=institution)
            elif m.refers not in acting:
                m = FoundMention(m.start, m.end, m.text, "GPE")
        kept.append(m)
    return kept


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


@lru_cache(maxsize=65536)
def acronyms(name: str) -> frozenset[str]:
    """The initials a name is shortened to, with and without its small words; a number stays whole
    ("Indo-Pacific Partners 4" -> "IP4")."""
    words = _NAME_PART.findall(name)
    initial = lambda w: w if w.isdigit() else w[0]
    full = "".join(initial(w) for w in words).upper()
    content = "".join(initial(w) for w in words if w.lower() not in ACRONYM_SKIP).upper()
    return frozenset({full, content}) if len(words) > 1 else frozenset()


def plain_key(name: str) -> str:
    return _DOTS_AND_SPACES.sub("", name).lower()


def _irregular_group(text: str) -> str | None:
    """The group an irregular name stands for, dotted or not: "GOP", "G.O.P." -> "Republicans"."""
    return IRREGULAR_GROUPS.get(text) or IRREGULAR_GROUPS.get(text.replace(".", ""))


def group_name(text: str) -> str:
    """A group's name, its plural: "Democrat", "Democratic" -> "Democrats"; "GOP" -> "Republicans"."""
    if (irregular := _irregular_group(text)) is not None:
        return irregular
    if text.endswith("cratic"):
        text = text[:-2]  # the adjective of a "-crat" noun: "Democratic" -> "Democrat"
    if text.endswith(("s", "sh", "ch", "ese")):
        return text
    if _CONSONANT_Y_END.search(text):
        return text[:-1] + "ies"
    return text + "s"


def _group_mention(ent: SpacySpan) -> FoundMention | None:
    """A party, faith or people as one group, or None where the entity only modifies another word.

    "Democrats" and "a Democrat" name the group, with the words that narrow it ("Senate Democrats",
    "congressional Republicans"); an adjective before a plural noun names its members ("Democratic
    lawmakers", "Catholic voters"); one before a person's name is that person's affiliation, and
    one before anything else ("Catholic teaching", "GOP budget") is not a mention.
    """
    doc, start, end, root = ent.doc, ent.start, ent.end, ent.root
    name = group_name(ent.text)
    if root.pos_ == "ADJ" or root.dep_ in ("amod", "compound"):
        noun = end + 1 if end + 1 < len(doc) and doc[end].tag_ == "NN" else end  # "Democratic state lawmakers"
        if noun < len(doc) and doc[noun].tag_ == "NNS":
            span = doc[start:noun + 1]
            return FoundMention(span.start_char, span.end_char, span.text, "NORP", refers=name)
        return None
    while start > 0 and doc[start - 1].head.i == root.i and doc[start - 1].dep_ in ("compound", "amod"):
        start -= 1  # "Senate Democrats", "congressional Republicans"
    span = doc[start:end]
    return FoundMention(span.start_char, span.end_char, span.text, "NORP", refers=name)


def _affiliation(ent: SpacySpan) -> int | None:
    """The token index of the person a party or faith is written before: "Republican Sen. John McCain"."""
    token = ent.root
    for _ in range(4):
        if token.head.i <= token.i or token.head.i - ent.end > 5:
            return None
        token = token.head
        if token.ent_type_ == "PERSON":
            return token.i
    return None


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token bounds without a leading "the" and a trailing possessive."""
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if doc[start:end].text.count("(") > doc[start:end].text.count(")"):
        opening = max(i for i in range(start, end) if "(" in doc[i].text)
        if doc[opening].text == "(":
            end = opening  # "Intelligence (AI" -> "Intelligence"
        else:
            return None  # "Party(BNP": a name glued to its short form; the tokens cannot be cut apart
    if start >= end:
        return None
    return start, end


def _pieces(ent: SpacySpan) -> list[SpacySpan]:
    """An entity trimmed, or cut at a possessive inside it: "Mitt Romney's Medicare" -> "Mitt Romney".

    What follows a person's possessive is not that person's name and is left out; what follows an
    organisation's ("Congress's Office of Compliance") is an organisation too.
    """
    from spacy.tokens import Span

    doc = ent.doc
    cut = next((t.i for t in ent[1:-1] if t.tag_ == "POS" or t.text in POSSESSIVE), None)
    parts = [(ent.start, ent.end)]
    if cut is not None:
        parts = [(ent.start, cut)] + ([(cut + 1, ent.end)] if ent.label_ != "PERSON" else [])
    pieces = []
    for start, end in parts:
        bounds = _trimmed(doc, start, end)
        if bounds is not None:
            pieces.append(ent if bounds == (ent.start, ent.end) else Span(doc, *bounds, label=ent.label_))
    return pieces


def is_title_word(token) -> bool:
    return token.text.rstrip(".").lower() in TITLE_WORDS or lemma(token).lower() in TITLE_WORDS


def _person_bounds(doc: Doc, start: int, end: int) -> tuple[int, int, str | None] | None:
    """A person's name without the titles ("Representative Ryan") and stray words ("Plus Obama") the
    tagger took into it, with the titles; None when no name is left."""
    first = start
    while first < end - 1 and (is_title_word(doc[first]) or doc[first].pos_ in STRAY_POS):
        first += 1
    if doc[first].pos_ in STRAY_POS or not any(t.pos_ == "PROPN" for t in doc[first:end]):
        return None
    titles = [t.text for t in doc[start:first] if is_title_word(t)]
    return first, end, " ".join(titles) or None


def name_words(name: str) -> list[str]:
    """The words of a person's name without middle initials and suffixes: "Paul D. Ryan" -> Paul Ryan."""
    words = name.split()
    kept = [w for i, w in enumerate(words) if not (
        (0 < i < len(words) - 1 and _INITIAL.fullmatch(w)) or (i > 0 and w.rstrip(".,").lower() in NAME_SUFFIXES)
    )]
    return kept or words


def _title_before(doc: Doc, start: int) -> str | None:
    """A title or role written just before a name: "President", "National Security Office Director"."""
    first = start
    while first > 0:
        token = doc[first - 1]
        is_titled = token.is_title or token.is_upper
        if token.ent_type_ in ("GPE", "NORP", "PERSON", "DATE") or token.is_punct or _irregular_group(token.text):
            break
        is_title_word = token.pos_ == "PROPN" and is_titled
        is_role_noun = token.pos_ == "NOUN" and token.dep_ in ("compound", "nmod", "appos") and token.head.i >= start - 1
        if not (is_title_word or is_role_noun):
            break
        first -= 1
    if first == start:
        return None
    return doc[first:start].text


def _led_body(doc: Doc, start: int, end: int) -> FoundMention | None:
    """The body a person leads, named after them: "Obama administration", "Trump campaign"."""
    following = doc[end] if end < len(doc) else None
    if following is None or following.lower_ not in LED_BODIES or not following.is_lower:
        return None
    span = doc[start:end + 1]
    return FoundMention(span.start_char, span.end_char, span.text, "ORG")


def find_actors(doc: Doc, authors: tuple[str, ...] = (), outlet: str | None = None) -> ActorIndex:
    """Actors of one article from the entities of its parsed body; neither its authors nor the outlet
    publishing it are among them."""
    found: list[FoundMention] = []
    affiliations: dict[int, str] = {}  # token index in a person's name -> the group written before it
    group_forms: dict[str, set[str]] = {}  # a group's name -> the forms of it written, as a noun or a modifier
    capitals: dict[int, SpacySpan] = {}  # index in found -> a capital taken for its country
    bodies: list[FoundMention] = []  # bodies named after the person who leads them, around that person's mention
    author_words = {w for a in authors for w in a.split()}
    dateline_spans = dateline_places(doc.text)
    pieces = (piece for ent in doc.ents if ent.label_ in KIND_BY_LABEL for piece in _pieces(ent))
    for span in pieces:
        text, label = span.text, span.label_
        if any(start <= span.start_char < end for start, end in dateline_spans):
            continue
        referred = country_referred(span, text)
        if referred is not None:
            if referred[1] == "capital":
                capitals[len(found)] = span
            found.append(FoundMention(span.start_char, span.end_char, text, "GPE", refers=referred[0]))
            continue
        if label == "NORP" or _irregular_group(text) is not None:
            group_forms.setdefault(group_name(text), set()).add(text)
            person = _affiliation(span)
            if person is not None:
                affiliations[person] = group_name(text)
                continue
            mention = _group_mention(span)
            if mention is not None:
                found.append(mention)
            continue
        if not _CAPITAL.search(text) or len(text) > 80:
            continue
        title = None
        if label == "PERSON":
            named = _person_bounds(doc, span.start, span.end)
            if named is None:
                continue
            title = " ".join(filter(None, (_title_before(doc, span.start), named[2]))) or None
            span = doc[named[0]:named[1]]
            text = span.text
            if set(text.split()) <= author_words:
                continue  # the byline's author, not an actor of the story
            body = _led_body(doc, span.start, span.end)
            if body is not None:
                bodies.append(body)  # "the Obama administration" names the administration, and Obama
        affiliation = next((affiliations[i] for i in range(span.start, span.end) if i in affiliations), None)
        found.append(FoundMention(span.start_char, span.end_char, text, label, title, affiliation=affiliation))

    found = _capitals_of_absent_countries(found, capitals)
    surnames = _surname_mentions(doc, found)
    bodies += [m for m in surnames if m.label == "ORG"]
    found += [m for m in surnames if m.label == "PERSON"]
    legislation = _legislation(doc, found)
    found = _outermost(found + korea_sides(doc, found) + legislation + _group_nouns(doc)) + bodies
    actors = _merge(found + _institution_references(doc, found))
    _role_references(doc, actors)
    if outlet:
        actors = [a for a in actors if not any(names_outlet(name, outlet) for name in {a.name, *(m.text for m in a.mentions)})]
    for actor in actors:
        if actor.label == "NORP":
            actor.forms = group_forms.get(actor.name, set()) - {actor.name}
    actors.sort(key=lambda a: (-len(a.mentions), a.mentions[0].start))
    ids: dict[int, str] = {}
    used: set[str] = set()
    for actor in actors:
        ids[id(actor)] = unique_name(slug(actor.name) or "actor", used)
    return ActorIndex(actors, ids)


def _role(words: Sequence[str]) -> tuple[str, ...] | None:
    """The office a title ends in, with the word that qualifies it: "Vice President" -> ("vice",
    "president"), "House Speaker" -> ("speaker",), "Sen." -> ("senator",); None for no office."""
    words = [TITLE_ABBREVIATIONS.get(w, w) for w in (w.rstrip(".").lower() for w in words)]
    if not words or words[-1] not in ROLE_NOUNS:
        return None
    if len(words) > 1 and words[-2] in ROLE_MODIFIERS:
        return words[-2], words[-1]
    return (words[-1],)


def _role_references(doc: Doc, actors: list[FoundActor]) -> None:
    """ "The president" as a mention of the one person the article has called "President" before it.

    A person holds an office when a title names it ("President Donald Trump", "House Speaker Nancy
    Pelosi", "Sen. Cruz") or a noun phrase beside the name does ("Donald Trump, the president,");
    "the vice president" is not "the president". Nobody is meant where two people hold the office,
    nor by "the president of ...", which names an office of something else.
    """
    people = [a for a in actors if a.label == "PERSON"]
    holders: dict[tuple[str, ...], dict[int, int]] = {}  # an office -> id of each holder -> where first called so
    for person in people:
        for mention in person.mentions:
            role = _role((mention.title or "").split())
            if role is not None:
                called = holders.setdefault(role, {})
                called[id(person)] = min(called.get(id(person), mention.start), mention.start)
    taken = sorted((m.start, m.end) for a in actors for m in a.mentions)
    starts = [start for start, _ in taken]
    found: list[tuple[FoundActor, FoundMention]] = []
    for token in doc:
        if token.lower_ not in ROLE_NOUNS or token.pos_ not in ("NOUN", "PROPN") or token.ent_iob_ != "O":
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and (following.lower_ == "of" or following.pos_ == "PROPN"):
            continue  # "the president of the company"; "President Trump" is a title
        first = token.i - 1
        if first >= 0 and doc[first].lower_ in ROLE_MODIFIERS:
            first -= 1
        if first < 0 or doc[first].lower_ != "the":
            continue
        role = tuple(t.lower_ for t in doc[first + 1:token.i + 1])
        at = bisect_right(starts, token.idx) - 1
        if at >= 0 and taken[at][1] > doc[first].idx:
            continue  # inside a name found already
        owner = _appositive_person(token, people)
        if owner is not None:
            holders.setdefault(role, {}).setdefault(id(owner), token.idx)
        named = [p for p in people if holders.get(role, {}).get(id(p), token.idx) < token.idx]
        if owner is None and len(named) == 1:
            owner = named[0]
        if owner is not None:
            start = doc[first].idx
            found.append((owner, FoundMention(start, token.idx + len(token), doc.text[start:token.idx + len(token)], "PERSON")))
    for owner, mention in found:
        owner.mentions.append(mention)
        owner.mentions.sort(key=lambda m: m.start)


def _appositive_person(token, people: list[FoundActor]) -> FoundActor | None:
    """The person a role noun stands in apposition to: "Donald Trump, the president"."""
    if token.dep_ != "appos":
        return None
    head = token.head.idx
    return next((p for p in people if any(m.start <= head < m.end for m in p.mentions)), None)


@lru_cache(maxsize=4096)
def _outlet_words(name: str) -> tuple[str, ...]:
    """An outlet's name as words to compare, or a web address as the one word before its ending:
    "The New York Times" -> (new, york, times); "www.foxnews.com" -> (foxnews,)."""
    text = name.strip().lower()
    parts = text.split(".")
    if len(parts) >= 2 and all(p and set(p) <= _ADDRESS_CHARACTERS for p in parts) and parts[-1].isalpha() and len(parts[-1]) >= 2:
        parts = [p for p in parts if p != "www"]
        keep = 3 if len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else 2  # example.co.kr
        return (parts[-keep],)
    return tuple(_OUTLET_WORD.findall(text.replace("’", "'").replace("'s", "")))


def _written_short(short: str, words: Sequence[str]) -> bool:
    """Whether ``short`` is the words' beginnings run together, each word giving at least one letter:
    "nytimes" of new york times, "huffpost" of huffington post, "wsj" of wall street journal."""
    if not words:
        return not short
    first, rest = words[0], words[1:]
    return any(short.startswith(first[:size]) and _written_short(short[size:], rest) for size in range(len(first), 0, -1))


@lru_cache(maxsize=4096)
def names_outlet(name: str, outlet: str) -> bool:
    """Whether an actor's name names the outlet publishing the article: "Fox News" for "foxnews.com",
    "HuffPost" for "The Huffington Post", "NYT" or "New York Times" for "nytimes.com"; words such as
    "News" or "Agency" may be left out ("Yonhap" is "Yonhap News Agency")."""
    return any(
        a == b or _shortened(a, b) or _shortened(b, a)
        for a in _outlet_forms(name) for b in _outlet_forms(outlet)
    )


def _outlet_forms(name: str) -> set[tuple[str, ...]]:
    words = _outlet_words(name)
    return {form for form in (words, tuple(w for w in words if w not in OUTLET_FILLERS)) if form}


def _shortened(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return len(short) == 1 and len(full) > 1 and len(short[0]) >= 2 and _written_short(short[0], full)


def is_news_outlet(name: str) -> bool:
    """Whether a name is a news outlet's: "Fox News", "The Washington Post", "CNN", "Reuters"."""
    words = _outlet_words(name)
    return bool(words) and (words[-1] in NEWS_WORDS or "news" in words or "".join(words) in NEWS_NAMES)


def _surname_mentions(doc: Doc, found: list[FoundMention]) -> list[FoundMention]:
    """Repeats of a person's surname the tagger left out: "Gorsuch" after "Neil Gorsuch".

    A capitalised proper noun outside any entity, after the first time the full name is written,
    not part of a longer name ("Gorsuch Foundation", "Jack Gorsuch"); the merge gives it to the
    most recently named person of that surname.
    """
    first_named: dict[str, int] = {}
    for mention in found:
        words = name_words(mention.text) if mention.label == "PERSON" else []
        if len(words) > 1 and mention.start < first_named.get(words[-1], mention.start + 1):
            first_named[words[-1]] = mention.start
    if not first_named:
        return []
    mentions = []
    for token in doc:
        named_at = first_named.get(token.text)
        if named_at is None or token.idx <= named_at or token.ent_iob_ != "O" or token.pos_ != "PROPN":
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        in_longer_name = (before is not None and before.pos_ == "PROPN" and not is_title_word(before)) or (
            after is not None and after.pos_ == "PROPN"
        )
        if in_longer_name:
            continue
        mentions.append(FoundMention(token.idx, token.idx + len(token), token.text, "PERSON", _title_before(doc, token.i)))
        body = _led_body(doc, token.i, token.i + 1)
        if body is not None:
            mentions.append(body)
    return mentions


def bill_designation(text: str) -> str | None:
    """A bill's number as legislatures write it short: "Senate Bill 1062", "S.B. 1062", "sb1062" -> "SB 1062"."""
    found = BILL_NUMBER.search(text)
    if found is None:
        return None
    if found["chamber"]:
        prefix = BILL_SHORT[found["chamber"].lower()]
    elif found["short"]:
        letters = _DOTS_AND_SPACES.sub("", found["short"]).upper()
        prefix = "H.R." if letters == "HR" else letters
    else:
        prefix = "Bill"
    return f"{prefix} {found['number']}"


def _legislation(doc: Doc, found: list[FoundMention]) -> list[FoundMention]:
    """Bills and laws: bill numbers wherever written, and "the bill", "the measure" once one is named.

    A reference goes to the bill or law named most recently before it; "the law" and "the act" only
    to a law whose name ends so ("the Affordable Care Act"). Bill numbers the tagger took for a law
    get their short designation as the name they are merged by.
    """
    numbers = [
        FoundMention(m.start(), m.end(), m.group(), "LAW", refers=bill_designation(m.group()))
        for m in BILL_NUMBER.finditer(doc.text)
        if not (m["chamber"] is None and m["short"] is None and _YEAR_NUMBER.fullmatch(m["number"]))
    ]
    for mention in found:
        if mention.label == "LAW" and (designation := bill_designation(mention.text)):
            mention.refers = designation
    # "Bill 1062" is the bill of that number the article names more fully ("SB 1062"), where it names one.
    by_number: dict[str, set[str]] = {}
    for mention in numbers + [m for m in found if m.label == "LAW"]:
        if mention.refers and (designated := bill_designation(mention.refers)) and not designated.startswith("Bill "):
            by_number.setdefault(designated.split()[-1], set()).add(designated)
    for mention in numbers + [m for m in found if m.label == "LAW"]:
        if mention.refers and mention.refers.startswith("Bill ") and len(fuller := by_number.get(mention.refers.split()[-1], set())) == 1:
            mention.refers = next(iter(fuller))
    named = sorted([m for m in found if m.label == "LAW"] + numbers, key=lambda m: m.start)
    taken = [(m.start, m.end) for m in found + numbers]
    references = []
    for token in doc:
        if token.lower_ not in LAW_REFERENCES or token.tag_ != "NN" or token.ent_iob_ != "O":
            continue
        if token.i == 0 or doc[token.i - 1].lower_ != "the" or any(s <= token.idx < e for s, e in taken):
            continue
        latest = next((m for m in reversed(named) if m.end <= token.idx), None)
        if latest is None:
            continue
        if token.lower_ in ("law", "act") and latest.text.split()[-1].lower() not in ("law", "act"):
            continue
        references.append(FoundMention(token.idx, token.idx + len(token), token.text, "LAW", refers=latest.refers or latest.text))
    return numbers + references


def _group_nouns(doc: Doc) -> list[FoundMention]:
    """People named by the role they act in together: "lawmakers", "the plaintiffs" (``GROUP_NOUNS``)."""
    return [
        FoundMention(t.idx, t.idx + len(t), t.text, "GROUP", refers=t.lower_.capitalize())
        for t in doc
        if t.lower_ in GROUP_NOUNS and t.tag_ == "NNS" and t.ent_iob_ == "O" and t.dep_ != "compound"
    ]


def _institution_references(doc: Doc, found: list[FoundMention]) -> list[FoundMention]:
    """ "The court" after "the Supreme Court": an institution's head noun in lower case, after "the"
    or before "officials", stands for the institution of that head named most recently before it."""
    head = lambda mention: mention.text.split()[-1].lower()
    named = [m for m in found if m.label == "ORG" and " " in m.text and head(m) in INSTITUTION_NOUNS]
    named.sort(key=lambda m: m.start)
    if not named:
        return []
    taken = [(m.start, m.end) for m in found]
    references = []
    for token in doc:
        if token.text not in INSTITUTION_NOUNS or token.ent_iob_ != "O":
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        definite = before is not None and before.lower_ == "the"
        staff = after is not None and lemma(after) == "official" and token.dep_ == "compound"
        latest = next((m for m in reversed(named) if m.end <= token.idx and head(m) == token.text), None)
        if (definite or staff) and latest is not None and not any(s <= token.idx < e for s, e in taken):
            references.append(FoundMention(token.idx, token.idx + len(token), token.text, "ORG", refers=latest.text))
    return references


def _outermost(found: list[FoundMention]) -> list[FoundMention]:
    """Mentions not inside a longer one: "Senate" is part of "Senate Democrats"."""
    spans = sorted(found, key=lambda m: (m.start, -m.end))
    kept: list[FoundMention] = []
    for mention in spans:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _merge(found: list[FoundMention]) -> list[FoundActor]:
    """The article's mentions merged into actors: a person's shorter forms join the fullest name that
    contains them, other names join by key or as an acronym of one another.

    Linear in the mentions, give or take: names are found through indexes (a person by the words of
    their name, another actor by every key it was written under), never by comparing every pair.
    """
    people = _People()
    # Fullest person names first, so that short forms find the name they belong to.
    person_mentions = sorted((m for m in found if m.label == "PERSON"), key=lambda m: (-len(m.text.split()), m.start))
    for mention in person_mentions:
        owner = people.containing(mention)
        if owner is None:
            people.add(FoundActor(mention.text, "PERSON", [mention], mention.title, mention.affiliation))
        else:
            people.mention(owner, mention)
            owner.title = owner.title or mention.title
            owner.affiliation = owner.affiliation or mention.affiliation

    others: list[FoundActor] = []
    first_with_key: dict[str, int] = {}  # a name key -> the first of ``others`` written under it (its name or a mention)
    for mention in sorted((m for m in found if m.label != "PERSON"), key=lambda m: m.start):
        # A one- or two-word "place" or "organisation" that is part of a person's name is that person,
        # and so is a surname taken for a people ("Mattis").
        if (len(mention.text.split()) <= 2 and mention.label != "NORP" and not is_country(mention.text)) or _surname_as_group(mention):
            owner = people.containing(mention)
            if owner is not None:
                people.mention(owner, mention)
                continue
        key = name_key(mention.refers or mention.text)
        position = first_with_key.get(key)
        if position is None:
            position = next((i for i, a in enumerate(others) if _abbreviates(mention.text, a.name) or _abbreviates(a.name, mention.text)), None)
        if position is None:
            others.append(FoundActor(mention.refers or mention.text, mention.label, [mention]))
            for written in (key, name_key(mention.text)):
                first_with_key.setdefault(written, len(others) - 1)
            continue
        owner = others[position]
        owner.mentions.append(mention)
        if len(mention.text) > len(owner.name) and _abbreviates(owner.name, mention.text):
            owner.name, owner.label = mention.text, mention.label
        written = name_key(mention.text)  # also the key of the name, where the mention became it
        first_with_key[written] = min(first_with_key.get(written, position), position)

    others = _join_short_forms(others)
    for actor in people.actors + others:
        actor.mentions.sort(key=lambda m: m.start)
    return people.actors + others


def _surname_as_group(mention: FoundMention) -> bool:
    """A group's one word that is no people's, party's or faith's name the article could mean: the
    tagger's mistake for a surname ("Mattis said"), if a person of the article has that name."""
    text = mention.text
    return (
        mention.label == "NORP" and " " not in text and text.istitle() and _irregular_group(text) is None
        and not {plain_key(text), plain_key(text.removesuffix("s"))} & country_forms().keys()
    )


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name to compare: "Department of Justice" and "Justice Department" are one."""
    found = DEPARTMENT_OF.fullmatch(name)
    return plain_key(f"{found[2]} {found[1]}" if found else name)


def _join_short_forms(actors: list[FoundActor]) -> list[FoundActor]:
    """Short forms join the name they shorten where the article uses both: "State" the "State
    Department", "Ariz." "Arizona". The name is the first in ``actors`` that a short form shortens."""
    by_key: dict[str, list[int]] = {}  # an organisation's name key -> its positions
    by_initial: dict[str, list[int]] = {}  # a one-word place's first letter -> its positions
    for position, actor in enumerate(actors):
        if actor.label == "ORG":
            by_key.setdefault(name_key(actor.name), []).append(position)
        if actor.label == "GPE" and " " not in actor.name and actor.name:
            by_initial.setdefault(actor.name[0], []).append(position)
    kept = []
    for position, actor in enumerate(actors):
        candidates = [i for head in DEPARTMENTS for i in by_key.get(name_key(f"{actor.name} {head}"), ())]
        candidates += by_initial.get(actor.name[:1], ())
        full = min((i for i in candidates if i != position and _shortens(actor, actors[i])), default=None)
        if full is None:
            kept.append(actor)
        else:
            actors[full].mentions += actor.mentions
    return kept


def _shortens(short: FoundActor, full: FoundActor) -> bool:
    if short.label in ("PERSON", "NORP") or full.label in ("PERSON", "NORP"):
        return False
    if full.label == "ORG" and any(name_key(f"{short.name} {head}") == name_key(full.name) for head in DEPARTMENTS):
        return True
    letters = short.name.rstrip(".")
    return (
        short.label == full.label == "GPE" and _SHORT_CAPITALISED.fullmatch(letters) is not None
        and " " not in full.name and len(full.name) > len(letters) + 1 and full.name[0] == letters[0]
        and _is_subsequence(letters.lower(), full.name.lower())
    )


def _is_subsequence(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(letter in rest for letter in letters)


def _abbreviates(short: str, long: str) -> bool:
    letters = short.replace(".", "")
    return letters.isupper() and 2 <= len(letters) <= 6 and letters in acronyms(long)


class _People:
    """The article's people so far, found by the words of their names."""

    def __init__(self):
        self.actors: list[FoundActor] = []
        self._with_word: dict[str, list[FoundActor]] = {}  # a word of a name -> the people with it, in order
        self._starts: dict[int, list[int]] = {}  # id of a person -> where they are mentioned, in order

    def add(self, person: FoundActor) -> None:
        self.actors.append(person)
        for word in dict.fromkeys(_words_of(person.name)):
            self._with_word.setdefault(word, []).append(person)
        self._starts[id(person)] = sorted(m.start for m in person.mentions)

    def mention(self, person: FoundActor, mention: FoundMention) -> None:
        person.mentions.append(mention)
        insort(self._starts[id(person)], mention.start)

    def containing(self, mention: FoundMention) -> FoundActor | None:
        """The person whose fuller name contains ``mention``'s words; the most recently named wins a tie.

        "Mr. Clinton" never goes to a person called "Ms." or "Mrs." before (and the other way round),
        and goes to one called "Mr." before where there is one: Bill, not Hillary Clinton.
        """
        words = _words_of(mention.text)
        named = self._with_word.get(words[0], []) if words else self.actors
        candidates = [p for p in named if _contains(_words_of(p.name), words)]
        honorific = _honorific(mention.title)
        if honorific is not None and len(candidates) > 1:
            called = {id(p): {_honorific(m.title) for m in p.mentions} - {None} for p in candidates}
            candidates = [p for p in candidates if called[id(p)] <= {honorific}]
            candidates = [p for p in candidates if called[id(p)]] or candidates
        if not candidates:
            return None
        return max(candidates, key=lambda p: self._last_before(p, mention.start))

    def _last_before(self, person: FoundActor, start: int) -> int:
        starts = self._starts[id(person)]
        index = bisect_left(starts, start)
        return starts[index - 1] if index else -1


@lru_cache(maxsize=65536)
def _words_of(name: str) -> tuple[str, ...]:
    return tuple(name_words(name))


def _honorific(title: str | None) -> str | None:
    """ "Mr." or "Ms." (for "Ms.", "Mrs." and "Miss") among a mention's titles, or None."""
    words = {w.rstrip(".").lower() for w in (title or "").split()}
    if words & {"mr"}:
        return "Mr."
    if words & {"ms", "mrs", "miss"}:
        return "Ms."
    return None


def _contains(name: Sequence[str], part: Sequence[str]) -> bool:
    """Whether ``part`` is words of a person's ``name`` in a row ("Paul Ryan" of "Paul Ryan", "Ryan"),
    or its first and last name around a middle name ("Hillary Clinton" of "Hillary Rodham Clinton")."""
    if any(name[i:i + len(part)] == part for i in range(len(name) - len(part) + 1)):
        return True
    if len(part) < 2 or len(name) <= len(part) or part[0] != name[0] or part[-1] != name[-1]:
        return False
    rest = iter(name)
    return all(word in rest for word in part)
