"""Quotes: direct and partial quotations, their cue verbs and their speakers.

A quotation is text between double quote marks (straight or curly) inside a body paragraph;
single quotes mark titles and are not quotations. The cue is the speech verb nearest the quote in
its sentence ("said", "told", "saying", "according to"); the speaker is that verb's subject,
climbing from participles ("..., saying, ...") to the verb they hang on. A pronoun resolves to the
nearest earlier actor of a fitting kind; a quote without a cue that follows another quote takes
over its speaker. Offsets here are offsets into the cleaned body.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actors import ActorIndex, FoundActor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SPEECH_VERBS = frozenset(
    """say tell add warn state note stress emphasize emphasise insist claim ask reply explain write
    announce declare argue urge describe indicate affirm confirm mention report predict recall
    remark suggest acknowledge admit caution complain concede contend deny observe pledge promise
    reiterate respond tweet vow quote call highlight assert maintain""".split()
)
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "we", "it"}
OPENING, CLOSING, STRAIGHT = "“", "”", '"'


@dataclass(frozen=True)
class FoundSpeaker:
    start: int
    end: int
    text: str
    actor: FoundActor | None


@dataclass(frozen=True)
class FoundQuote:
    start: int  # body offsets, quote marks included
    end: int
    kind: str
    cue: str | None
    speaker: FoundSpeaker | None


def quote_spans(body: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of double-quoted text; a quote left open continues into a paragraph that opens one."""
    spans: list[tuple[int, int]] = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        opened: int | None = None
        for position in range(p_start, p_end):
            mark = body[position]
            if mark not in (OPENING, CLOSING, STRAIGHT):
                continue
            is_opening = mark == OPENING or (mark == STRAIGHT and opened is None)
            if is_opening and opened is None:
                opened = position
            elif not is_opening and opened is not None:
                if position - opened > 1:
                    spans.append((opened, position + 1))
                opened = None
        next_opens = number + 1 < len(paragraphs) and body[paragraphs[number + 1][0]] in (OPENING, STRAIGHT)
        if opened is not None and next_opens and p_end - opened > 1:
            spans.append((opened, p_end))  # news style: a quote running on into the next paragraph
    return spans


def quote_kind(text: str) -> str:
    """``direct`` for quoted statements, ``partial`` for words quoted inside a reported sentence."""
    inner = text.strip(OPENING + CLOSING + STRAIGHT + " ")
    words = inner.split()
    if len(words) >= 3 and (inner[:1].isupper() or inner[:1].isdigit()):
        return "direct"
    return "partial"


def find_quotes(doc: Doc, paragraphs: list[tuple[int, int]], actors: ActorIndex) -> list[FoundQuote]:
    """Quotes of one parsed article body, with cue and speaker where the text gives them."""
    text = doc.text  # spaCy joins the tokens again on every access
    spans = quote_spans(text, paragraphs)
    sentences = Sentences(list(doc.sents))
    quotes: list[FoundQuote] = []
    for start, end in spans:
        cue, speaker = _attribution(doc, sentences.overlapping(start, end), spans, start, end, actors)
        if cue is None and quotes and _follows(sentences, quotes[-1], start, paragraphs, text):
            cue, speaker = quotes[-1].cue, quotes[-1].speaker
        quotes.append(FoundQuote(start, end, quote_kind(text[start:end]), cue, speaker))
    return quotes


class Sentences:
    """An article's sentences in order, looked up by character offsets."""

    def __init__(self, sentences: list):
        self.sentences = sentences
        self.starts = [s.start_char for s in sentences]
        self.ends = [s.end_char for s in sentences]

    def overlapping(self, start: int, end: int) -> list:
        return self.sentences[bisect_right(self.ends, start):bisect_left(self.starts, end)]

    def count_within(self, start: int, end: int) -> int:
        """How many sentences lie wholly after ``start`` and before ``end``."""
        return max(0, bisect_right(self.ends, end) - bisect_right(self.starts, start))


def _follows(sentences: Sentences, previous: FoundQuote, start: int, paragraphs: list[tuple[int, int]], text: str) -> bool:
    """Whether a quote comes straight after ``previous``: in the next sentence, or opening the next paragraph."""
    between = text[previous.end:start]
    if "\n\n" not in between:
        return sentences.count_within(previous.end, start) <= 1
    return between.count("\n\n") == 1 and any(p_start == start for p_start, _ in paragraphs)


def _attribution(doc: Doc, sentences: list, spans, start: int, end: int, actors: ActorIndex) -> tuple[str | None, FoundSpeaker | None]:
    inside = lambda token: any(s <= token.idx < e for s, e in spans)  # noqa: E731
    cues = [t for s in sentences for t in s if not inside(t) and _is_cue(t)]
    if not cues:
        return None, None
    cue = min(cues, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))
    subject = _according_to(cue) if cue.lower_ == "according" else _subject(cue)
    cue_text = "according to" if cue.lower_ == "according" else cue.text
    if subject is None:
        return cue_text, None
    return cue_text, _speaker(doc, subject, spans, actors)


def _is_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS


def _subject(verb: Token, depth: int = 0) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if depth < 3 and verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "acl", "relcl") and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    return None


def _according_to(token: Token) -> Token | None:
    for child in token.children:
        if child.lower_ == "to":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _speaker(doc: Doc, subject: Token, spans, actors: ActorIndex) -> FoundSpeaker:
    found = actors.at(subject.idx)
    if found is not None:
        mention, actor = found
        return FoundSpeaker(mention.start, mention.end, mention.text, actor)
    pronoun = subject.lower_
    if subject.pos_ == "PRON" and (pronoun in PERSON_PRONOUNS or pronoun in GROUP_PRONOUNS):
        kinds = {"person"} if pronoun in PERSON_PRONOUNS else {"organisation", "country", "group", "place"}
        earlier = actors.latest_before(subject.idx, kinds, skip=spans)
        return FoundSpeaker(subject.idx, subject.idx + len(subject), subject.text, earlier[1] if earlier else None)
    # A description such as "the presidential office": the noun phrase, with no actor behind it.
    phrase = doc[subject.left_edge.i:subject.i + 1]
    if len(phrase) > 6:
        phrase = doc[subject.i:subject.i + 1]
    return FoundSpeaker(phrase.start_char, phrase.end_char, phrase.text, None)
