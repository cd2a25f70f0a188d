"""Attributions without quote marks: who is said to say, think or want what ("Officials said the test
failed", "according to the ministry, ...", "Trump accused Cruz of lying").

Two small models, learned from the PolNeAR train file (about 20,000 attributions) by
``benchmarks/quotes.py --fit``, with the rules of :mod:`briefing.analyse.quotes` as the fallback:

- **cue**: for each verb, auxiliary or noun outside quote marks (and "according"), the chance that
  it is an attribution's cue, from its lemma's record as a cue in the training articles, its tag and
  dependency, its dependents (a clause, an object, a subject and what kind: person, organisation,
  pronoun), its neighbours (a colon or comma after it) and whether its sentence quotes;
- **extent**: for a cue, its candidate contents as the parse gives them (its clause, object, the
  object with what follows it, the phrase after its preposition, its infinitive, the object of the
  last verb of a chain such as "tried to skirt ...", the sentence around a parenthetical "he said",
  the sentence an "according to" phrase sits in, what follows a colon; each also without trailing
  asides such as ", which ..."), scored by how well each kind fits the cue's lemma and form; the best
  is the content.

The speaker is the cue's subject (or the source after "according to"), resolved to an actor as for
quotes; an attribution with none is left out. Content with quoted words in it is a ``partial`` quote.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest import trees
from .nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

MODEL = Path(__file__).with_name("attribution_model.json")

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN"})
#: A candidate whose lemma was a cue this rarely (and that is no speech verb) is not scored at all.
MIN_LEMMA_RATE = 0.01
DEPENDENCIES = ("ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "acl", "pcomp", "parataxis", "amod", "nsubj", "pobj", "dobj")
TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "NN", "NNS")
CHILD_DEPENDENCIES = ("ccomp", "xcomp", "dobj", "prep", "nsubj", "nsubjpass", "agent", "neg", "aux", "dative", "mark",
                      "advmod", "parataxis", "attr", "acomp", "npadvmod", "prt")
PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you"})
QUOTE_MARKS = "\"“”"

#: The kinds of candidate content (see the module's docstring); each also "_cut", without trailing asides.
CONTENT_KINDS = ("ccomp", "xcomp", "dobj", "dobj_args", "prep", "deep_obj", "deep_prep", "deep_ccomp", "subj_xcomp",
                 "head_minus", "according", "colon", "sentence_rest", "attr")
ALL_CONTENT_KINDS = CONTENT_KINDS + tuple(f"{kind}_cut" for kind in CONTENT_KINDS)
#: Prepositions of circumstance: "criticised Cruz on Sunday" says nothing more of what was criticised.
CIRCUMSTANCE = frozenset({"in", "on", "at", "during", "after", "before", "since", "according", "amid"})
ASIDE_DEPENDENCIES = frozenset({"relcl", "appos", "advcl", "acl", "npadvmod", "parataxis"})
ASIDE_OPENERS = frozenset({",", "—", "–", "-", "--", "("})
EDGE = " \t\n,;:—–-"


@dataclass(frozen=True)
class Attribution:
    """A cue and its content (body offsets, in order); the speaker is found by the caller."""

    cue: Token
    parts: tuple[tuple[int, int], ...]


# ---- cues ------------------------------------------------------------------------------------------

def is_candidate(token: Token, inside: Callable[[int], bool]) -> bool:
    return (token.pos_ in CANDIDATE_POS or token.lower_ == "according") and not inside(token.idx)


def lemma_rate(lemma_rates: dict, word: str) -> float:
    """How often a lemma was a cue in training, smoothed towards rare (an unseen lemma: 0.1)."""
    cues, seen = lemma_rates.get(word, (0, 0))
    return (cues + 0.5) / (seen + 5)


def cue_features(token: Token, lemma_rates: dict, speech_verbs: frozenset[str], inside: Callable[[int], bool]) -> list[float]:
    """The features of a candidate cue, in the order :data:`CUE_FEATURES` gives. ``lemma_rates`` maps a
    lemma to ``[times a cue, times seen]`` in the training articles."""
    word = lemma(token).lower()
    seen = lemma_rates.get(word, (0, 0))[1]
    children = list(token.children)
    dependencies = {child.dep_ for child in children}
    subject = next((child for child in children if child.dep_ in ("nsubj", "nsubjpass")), None)
    clause = next((child for child in children if child.dep_ == "ccomp"), None)
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    preceding = doc[token.i - 1] if token.i else None
    sentence = token.sent
    sentence_text = sentence.text
    return [
        lemma_rate(lemma_rates, word), math.sqrt(min(seen, 1000)), float(word in speech_verbs), float(token.lower_ == "according"),
        float(token.pos_ == "VERB"), float(token.pos_ == "AUX"), float(token.pos_ == "NOUN"),
        *(float(token.dep_ == name) for name in DEPENDENCIES),
        *(float(token.tag_ == name) for name in TAGS),
        *(float(name in dependencies) for name in CHILD_DEPENDENCIES),
        float(any(child.dep_ == "prep" and child.i > token.i for child in children)),
        float(subject is not None and subject.ent_type_ == "PERSON"),
        float(subject is not None and subject.ent_type_ in ("ORG", "GPE", "NORP")),
        float(subject is not None and subject.lower_ in PERSONAL_PRONOUNS),
        float(subject is not None and subject.pos_ in ("NOUN", "PROPN")),
        float(subject is not None and subject.i > token.i),
        float(following is not None and following.text == ":"),
        float(following is not None and following.text == ","),
        float(preceding is not None and preceding.text == ","),
        float(any(mark in sentence_text for mark in QUOTE_MARKS)),
        float(inside(token.idx)),
        float(clause is not None and clause.i < token.i),
        float(clause is not None and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)),
        (token.i - sentence.start) / max(1, len(sentence)),
        float(token.head.i != token.i and lemma(token.head).lower() in speech_verbs),
        float(token.pos_ == "NOUN" and any(child.dep_ in ("ccomp", "acl") for child in children)),
    ]


CUE_FEATURES = (
    "lemma_rate", "lemma_seen", "speech_verb", "according", "verb", "auxiliary", "noun",
    *(f"dep_{name}" for name in DEPENDENCIES), *(f"tag_{name}" for name in TAGS),
    *(f"child_{name}" for name in CHILD_DEPENDENCIES),
    "preposition_after", "subject_person", "subject_group", "subject_pronoun", "subject_noun", "subject_after",
    "colon_after", "comma_after", "comma_before", "sentence_quotes", "inside_quote", "clause_before", "that_clause",
    "position_in_sentence", "head_speech_verb", "noun_with_clause",
)


# ---- contents --------------------------------------------------------------------------------------

def _end(token: Token) -> int:
    return token.idx + len(token)


def _extent(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, _end(token.right_edge)


def _first(token: Token, dependencies: Iterable[str], after: int | None = None) -> Token | None:
    return next((c for c in token.children if c.dep_ in dependencies and (after is None or c.i > after)), None)


def _trimmed(text: str, low: int, high: int) -> tuple[int, int]:
    while low < high and text[low] in EDGE:
        low += 1
    while high > low and text[high - 1] in EDGE:
        high -= 1
    return low, high


def _without_aside(head: Token, low: int, high: int) -> int:
    """Where a content ends without a trailing aside set off by a comma or dash (", which ...",
    ", pointing to ...", ", according to ...", "- a plan that ...")."""
    doc = head.doc
    end = high
    for token in head.subtree:
        first = token.left_edge
        if first.i == 0 or first.idx <= low or doc[first.i - 1].text not in ASIDE_OPENERS:
            continue
        aside = token.dep_ in ASIDE_DEPENDENCIES or (token.dep_ == "prep" and token.lower_ == "according")
        if aside and _end(token.right_edge) >= high - 2:
            end = min(end, doc[first.i - 1].idx)
    return end


def _object_and_arguments(verb: Token, obj: Token) -> tuple[int, int]:
    """An object with what the verb says of it after it: 'described the dinner as ...', 'attributed it to ...'."""
    low, high = _extent(obj)
    after = [c for c in verb.children if c.i > obj.i and c.dep_ in ("prep", "oprd", "xcomp", "ccomp", "advmod")
             and not (c.dep_ == "prep" and c.lower_ in CIRCUMSTANCE)]
    if after:
        high = max(high, _end(max(after, key=lambda c: c.i).right_edge))
    return low, high


def content_candidates(cue: Token, text: str) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """The candidate contents of a cue, as ``(kind, parts)`` with body offsets."""
    doc = cue.doc
    found: list[tuple[str, tuple[tuple[int, int], ...]]] = []

    def add(kind: str, parts: list[tuple[int, int]]) -> None:
        kept = tuple(p for p in (_trimmed(text, low, high) for low, high in parts) if p[1] > p[0])
        if kept:
            found.append((kind, kept))

    if cue.lower_ == "according":
        sentence = cue.sent
        phrase = list(cue.subtree)
        add("according", [(sentence.start_char, phrase[0].idx), (_end(phrase[-1]), sentence.end_char)])
        return found
    if (clause := _first(cue, ("ccomp",))) is not None:
        add("ccomp", [_extent(clause)])
    if (infinitive := _first(cue, ("xcomp",))) is not None:
        low, high = _extent(infinitive)
        obj = _first(cue, ("dobj",))
        if obj is not None and obj.i < infinitive.i:
            low = min(low, obj.left_edge.idx)  # "urged him to ..."
        add("xcomp", [(low, high)])
        if (subject := _first(cue, ("nsubj", "nsubjpass"))) is not None:
            add("subj_xcomp", [_extent(subject), (low, high)])  # "The statistics appear to be fabricated"
    if (obj := _first(cue, ("dobj", "obj"))) is not None:
        add("dobj", [_extent(obj)])
        add("dobj_args", [_object_and_arguments(cue, obj)])
    if (preposition := _first(cue, ("prep",), after=cue.i)) is not None and (
        complement := _first(preposition, ("pobj", "pcomp"))
    ) is not None:
        add("prep", [_extent(complement)])
    if (attribute := _first(cue, ("attr", "oprd", "acomp"))) is not None:
        add("attr", [_extent(attribute)])
    last, steps = cue, 0
    while steps < 4 and (following := _first(last, ("xcomp",))) is not None:
        last, steps = following, steps + 1
    if last is not cue:  # "tried at first to skirt the question ...": what the last verb of the chain takes
        if (obj := _first(last, ("dobj", "obj"))) is not None:
            add("deep_obj", [_object_and_arguments(last, obj)])
        if (preposition := _first(last, ("prep",), after=last.i)) is not None and (
            complement := _first(preposition, ("pobj", "pcomp"))
        ) is not None:
            add("deep_prep", [_extent(complement)])
        if (clause := _first(last, ("ccomp",))) is not None:
            add("deep_ccomp", [_extent(clause)])
    if cue.head.i != cue.i and cue.dep_ in ("parataxis", "advcl", "conj", "ccomp", "relcl"):
        low, high = _extent(cue.head)
        cue_low, cue_high = _extent(cue)
        add("head_minus", [(low, cue_low), (cue_high, high)])  # "The plan, he said, would fail"
    following = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if following is not None and following.text == ":":
        add("colon", [(following.idx + 1, cue.sent.end_char)])
    add("sentence_rest", [(_end(cue), cue.sent.end_char)])
    shortened = []
    for kind, parts in found:
        if len(parts) != 1:
            continue
        low, high = parts[0]
        span = doc.char_span(low, high, alignment_mode="expand")
        if span is None:
            continue
        end = _without_aside(span.root, low, high)
        if end < high and (cut := _trimmed(text, low, end))[1] > cut[0]:
            shortened.append((f"{kind}_cut", (cut,)))
    return found + shortened


def content_features(cue_lemma: str, cue: Token, kind: str, parts: tuple[tuple[int, int], ...], kind_rates: dict,
                     kind_prior: dict, candidates: int) -> list[float]:
    """The features of one candidate content, in the order :data:`CONTENT_FEATURES` gives. ``kind_rates``
    maps a lemma to how often each kind was its cues' best content in training, ``kind_prior`` the same
    over all lemmas."""
    total = sum(kind_prior.values())
    prior = kind_prior.get(kind, 0) / total if total else 0.0
    own = kind_rates.get(cue_lemma, {})
    seen = sum(own.values())
    base = kind.removesuffix("_cut")
    characters = sum(high - low for low, high in parts)
    return [
        *(float(base == name) for name in CONTENT_KINDS), float(kind.endswith("_cut")), prior,
        (own.get(kind, 0) + 2 * prior) / (seen + 2), math.log1p(seen),
        *(float(cue.dep_ == name) for name in DEPENDENCIES[:12]),
        float(cue.tag_.startswith("VB")), float(cue.tag_ == "VBG"), float(cue.tag_ == "VBN"),
        math.log1p(characters), float(len(parts)), float(candidates),
    ]


CONTENT_FEATURES = (
    *(f"kind_{name}" for name in CONTENT_KINDS), "without_aside", "kind_prior", "kind_rate_for_lemma", "lemma_seen",
    *(f"dep_{name}" for name in DEPENDENCIES[:12]), "verb", "gerund", "participle", "characters", "parts", "candidates",
)


# ---- finding ---------------------------------------------------------------------------------------

def cue_candidates(doc, inside: Callable[[int], bool], lemma_rates: dict, speech_verbs: frozenset[str]) -> list[Token]:
    """The tokens worth judging as cues: verbs, auxiliaries, nouns and "according" outside quote marks,
    but not a word that was seldom a cue in training and is no speech verb."""
    found = []
    for token in doc:
        if not is_candidate(token, inside):
            continue
        word = lemma(token).lower()
        if lemma_rate(lemma_rates, word) >= MIN_LEMMA_RATE or word in speech_verbs or token.lower_ == "according":
            found.append(token)
    return found


#: In place of a model: the hand-written rules of :mod:`briefing.analyse.quotes`.
RULES: dict = {}


@cache
def shipped_model() -> dict | None:
    """The model ``benchmarks/quotes.py --fit`` wrote, or None when it is missing (the rules then serve)."""
    try:
        return trees.load(MODEL)
    except (OSError, ValueError):
        return None


def find_attributions(doc, quoted: list[tuple[int, int]], inside: Callable[[int], bool], speech_verbs: frozenset[str],
                      model: dict) -> list[Attribution]:
    """The attributions of a parsed body whose cue the model judges likely enough, each with its best
    content; ``quoted`` are the spans in quote marks, which a content holds whole or not at all."""
    text = doc.text
    cue_model = model["cue"]
    lemma_rates = cue_model["lemmas"]
    candidates = cue_candidates(doc, inside, lemma_rates, speech_verbs)
    rows = [cue_features(token, lemma_rates, speech_verbs, inside) for token in candidates]
    found = []
    for token, chance in zip(candidates, trees.chances(cue_model, rows)):
        if chance < model["cue_threshold"]:
            continue
        best = best_content(token, text, model)
        if best is not None and best[0] >= model["min_content_score"] and not any(_cuts(best[1], span) for span in quoted):
            found.append(Attribution(token, best[1]))
    return found


def best_content(cue: Token, text: str, model: dict, within: Callable[[tuple[tuple[int, int], ...]], bool] | None = None,
                 ) -> tuple[float, tuple[tuple[int, int], ...]] | None:
    """The cue's candidate content the model scores best (of those ``within`` accepts), with its score."""
    content_model = model["content"]
    options = content_candidates(cue, text)
    if not options:
        return None
    word = lemma(cue).lower()
    scored = trees.raw(content_model, [
        content_features(word, cue, kind, parts, content_model["kind_rates"], content_model["kind_prior"], len(options))
        for kind, parts in options
    ])
    kept = [(score, parts) for score, (_, parts) in zip(scored, options) if within is None or within(parts)]
    return max(kept, key=lambda item: item[0]) if kept else None


def _cuts(parts: tuple[tuple[int, int], ...], span: tuple[int, int]) -> bool:
    """Whether a content holds part of a quoted span but not all of it."""
    start, end = span
    return any(low < end and start < high for low, high in parts) and not any(low <= start and end <= high for low, high in parts)
