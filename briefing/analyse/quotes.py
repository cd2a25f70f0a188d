"""Quotes: who said what, as direct, partial and indirect statements with cue and speaker.

Quoted words are text between double quote marks (straight or curly) inside a body paragraph; a
paragraph that opens a quote without closing it continues into the next paragraph that opens one.
Single quotes mark titles and are not quotations; a mark after ``=`` is markup, not speech.

Each quoted piece is attached to its cue, the speech verb it depends on in the parse ("said",
"told", "saying", "according to"; the outer one where a named speaker reports it), else any verb
that frames it in news style ('"...," Trump shot back'), else the nearest speech verb of its
sentence, else the verb or the name that introduces it with a colon, else the speech verb that
closes the paragraph before. The statement is what the cue reports: the quoted words
alone (``direct``) or the reported clause around them (``partial``: ``said that the plan "would
fail"``). Pieces split around one cue ("...," Yoon said. "...") are one statement; a quote with no
cue of its own that follows a statement takes over its cue and speaker. Reported speech without
quote marks ("X said that ...", "according to X") is kept as ``indirect``.

The speaker is the cue's subject: an actor's mention, a pronoun resolved to the nearest earlier
actor of a fitting kind, or a description such as "the presidential office". Offsets here are
offsets into the cleaned body.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import words as vocabulary
from . import attribution
from .actors import ActorIndex, FoundActor
from .nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..model import Actor, Quote

SPEECH_VERBS = frozenset(
    """say tell add warn state note stress emphasize emphasise insist claim ask reply explain write
    announce declare argue urge describe indicate affirm confirm mention report predict recall
    remark suggest acknowledge admit caution complain concede contend deny observe pledge promise
    reiterate respond tweet vow quote call highlight assert maintain continue read joke quip boast
    charge testify shout chant recount lament muse scoff counter retort proclaim accuse dub label
    term brand post exclaim whisper yell cry concur agree threaten demand criticize criticise praise
    insist opine point reason conclude summarize summarise characterize characterise""".split()
)
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "obj"})
# "described it as ...", "accused him of ...", "criticised them for ...", "called for ...", "warned of ..."
JOINING_WORDS = 3  # at most this many words between two quoted pieces of one clause
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Verbs that name their object with the quoted words: 'called the situation "overclassification run amok"'.
NAMING_VERBS = frozenset({"call", "label", "brand", "dub", "term", "describe", "deem", "name"})
REPORTING_PREPOSITIONS = frozenset({"as", "of", "for", "about", "against", "on"})
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "we", "it"}
OPENING, CLOSING, STRAIGHT = "“", "”", '"'
EDGE_PUNCTUATION = " \t\n,;:—–-"
#: An attribution without quote marks says at least this many words.
MIN_ATTRIBUTED_WORDS = 4


@dataclass(frozen=True)
class FoundSpeaker:
    start: int
    end: int
    text: str
    actor: FoundActor | None


@dataclass(frozen=True)
class FoundCue:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FoundQuote:
    parts: tuple[tuple[int, int], ...]  # body offsets of the reported words, in order
    kind: str  # direct | partial | indirect
    cue: FoundCue | None
    speaker: FoundSpeaker | None

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def quote_spans(body: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of double-quoted text; a quote left open continues into a paragraph that opens one."""
    spans: list[tuple[int, int]] = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        opened: int | None = None
        position = p_start - 1
        while position + 1 < p_end:
            position += 1
            mark = body[position]
            if mark not in (OPENING, CLOSING, STRAIGHT):
                continue
            is_opening = mark == OPENING or (mark == STRAIGHT and opened is None)
            if mark == OPENING and opened is not None and body[position - 1] in ",.!?" and (position + 1 == p_end or body[position + 1].isspace()):
                is_opening = False  # '... for her here,“ said Jim Clyburn': a closing mark typed the wrong way round
            if is_opening and opened is None:
                if position > p_start and body[position - 1] == "=":  # an attribute value in markup: name="..."
                    closing = body.find(mark, position + 1, p_end)
                    position = closing if closing >= 0 else position
                    continue
                opened = position
            elif not is_opening and opened is not None:
                if position - opened > 1:
                    spans.append((opened, position + 1))
                opened = None
        next_opens = number + 1 < len(paragraphs) and body[paragraphs[number + 1][0]] in (OPENING, STRAIGHT)
        if opened is not None and next_opens and p_end - opened > 1:
            spans.append((opened, p_end))  # news style: a quote running on into the next paragraph
    return spans


def looks_like_statement(text: str) -> bool:
    """Whether quoted words are a statement of their own rather than a phrase: three words, capitalised."""
    inner = text.strip(OPENING + CLOSING + STRAIGHT + " ")
    return len(inner.split()) >= 3 and (inner[:1].isupper() or inner[:1].isdigit())


_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_SENTENCE_OR_LINE_END = re.compile(r"[.!?\n]")
_CLAUSE_BREAK = re.compile(r"[.!?;:\n\"“”]")


def looks_like_title(text: str) -> bool:
    """Title case without a sentence end: "Orange Is the New Black", "Meet the Press"."""
    inner = text.strip(OPENING + CLOSING + STRAIGHT + " ,")
    words = [w for w in inner.split() if len(w) > 3 or w[:1].isupper()]
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    return bool(words) and inner[-1:] not in ".!?" and not _SENTENCE_BREAK.search(inner) and capitalised


@dataclass
class _Piece:
    start: int
    end: int
    cue: Token | None = None
    syntactic: bool = False  # the piece hangs on its cue in the parse
    complement: bool = False  # ... as what the cue reports, not as a circumstance ('On "Meet the Press," he said')
    introducer: Token | None = None  # a name before a colon, with no verb: 'Carl Bialik: "..."'
    lead_in: Token | None = None  # a speech verb that ends the paragraph before: 'Carter said that ...'
    content: tuple[int, int] | None = None


def find_quotes(doc: Doc, paragraphs: list[tuple[int, int]], actors: ActorIndex, attribution_model: dict | None = None) -> list[FoundQuote]:
    """Direct, partial and indirect quotes of one parsed article body; attributions without quote marks
    by ``attribution_model`` (:mod:`briefing.analyse.attribution`; the shipped one when None, the rules
    when ``attribution.RULES``)."""
    text = doc.text  # spaCy joins the tokens again on every access
    spans = quote_spans(text, paragraphs)
    sentences = Sentences(list(doc.sents))
    inside = _Inside(spans)
    pieces = [_attach(doc, sentences, inside, start, end, text, actors) for start, end in spans]

    model = attribution_model if attribution_model is not None else attribution.shipped_model()
    quotes: list[FoundQuote] = []
    parts: tuple[tuple[int, int], ...]  # a quote's words, in one piece or more
    for piece in pieces:
        previous = quotes[-1] if quotes else None
        content = piece.content or (piece.start, piece.end)
        quoted = text[piece.start:piece.end]
        if piece.introducer is not None:
            speaker = _speaker(doc, piece.introducer, spans, actors)
            quotes.append(FoundQuote((content,), "direct" if looks_like_statement(quoted) else "partial", None, speaker))
            continue
        if piece.cue is None:
            if previous is None or not _follows(sentences, previous, piece.start, paragraphs, text):
                statement = looks_like_statement(quoted) and not looks_like_title(quoted)
                if statement and piece.lead_in is not None:
                    # 'Carter said that the U.S. would stay. ¶ "That's because ..."': one statement, in two parts
                    clause = _reported_clause(piece.lead_in, inside, text)
                    parts, kind = ((clause, content), "partial") if clause else ((content,), "direct")
                    quotes.append(FoundQuote(parts, kind, _found_cue(piece.lead_in), _speaker_of(doc, piece.lead_in, spans, actors)))
                elif statement:
                    quotes.append(FoundQuote((content,), "direct", None, None))
                continue  # quoted words with nobody saying them: a title or scare quotes
            quotes[-1] = _extended(previous, content)  # '"...," he said. "..."', or the next paragraph: one statement
            continue
        cue = _found_cue(piece.cue)
        if previous is not None and previous.cue == cue and (
            _between(previous, cue, piece) or content[0] < previous.end or _joined(text, previous.end, content[0])
        ):
            quotes[-1] = _extended(previous, content)  # split around the cue, or two pieces of one clause
            continue
        if not piece.syntactic and not _attributed_beside(piece, text) and (not looks_like_statement(quoted) or looks_like_title(quoted)):
            continue  # a phrase or a title in quote marks that no speech verb governs
        if piece.syntactic and not piece.complement and looks_like_title(quoted):
            continue  # 'On ABC's "Good Morning America" he said': a title beside the speech
        parts = (content,) if piece.syntactic else _around_parenthesis(piece, text) or (content,)
        direct = parts == ((piece.start, piece.end),) and looks_like_statement(quoted)
        quotes.append(FoundQuote(parts, "direct" if direct else "partial", cue, _speaker_of(doc, piece.cue, spans, actors)))

    used = {q.cue for q in quotes}
    if not model:
        quotes += _indirect(doc, inside, used, spans, actors, text)  # the rules, where no model is shipped
    else:
        quotes += _attributed(doc, quotes, used, spans, inside, actors, text, model)
    quotes.sort(key=lambda q: q.start)
    return quotes


class Sentences:
    """An article's sentences in order, looked up by character offsets."""

    def __init__(self, sentences: list):
        self.sentences = sentences
        self.starts = [s.start_char for s in sentences]
        self.ends = [s.end_char for s in sentences]

    def overlapping(self, start: int, end: int) -> list:
        return self.sentences[bisect_right(self.ends, start):bisect_left(self.starts, end)]

    def after(self, offset: int):
        """The first sentence that starts at or after ``offset``."""
        index = bisect_left(self.starts, offset)
        return self.sentences[index] if index < len(self.sentences) else None

    def count_within(self, start: int, end: int) -> int:
        """How many sentences lie wholly after ``start`` and before ``end``."""
        return max(0, bisect_right(self.ends, end) - bisect_right(self.starts, start))


class _Inside:
    """Whether an offset lies inside quoted words."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def __call__(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.spans[index][1]


def _attach(doc: Doc, sentences: Sentences, inside: _Inside, start: int, end: int, text: str, actors: ActorIndex) -> _Piece:
    """A quoted piece with its cue and the extent of the statement the cue reports."""
    piece = _Piece(start, end)
    tokens = [t for s in sentences.overlapping(start, end) for t in s if start <= t.idx < end]
    named = _named_before_colon(doc, start, text, actors)
    if named is not None:
        piece.introducer = named  # 'Pollsters agree - Carl Bialik: "..."': the name is the speaker
        return piece
    anchor = _anchor(tokens, start, end)
    if anchor is not None:
        path = [anchor]
        while path[-1].head.i != path[-1].i and len(path) < 12:
            head = path[-1].head
            if not _same_paragraph(text, head.idx, start, end):
                break  # the parse ran on past the paragraph
            if not inside(head.idx) and _is_cue(head):
                child = path[-1]
                outer = _reporting_verb(head)
                if (
                    outer is not None and not inside(outer.idx) and _same_paragraph(text, outer.idx, start, end)
                    and not _names_actor(_subject(head, inside.spans), actors)
                ):
                    # "Kasich says he'd tell him "no more nonsense"": the named speaker's statement is reported;
                    # but in '"Moscow warned that ...," the agency said' the words stay Moscow's
                    while head.i != outer.i:
                        child, head = head, head.head
                piece.cue, piece.syntactic = head, True
                piece.complement = _reports_through(head, child)
                piece.content = _reported(head, child, start, end, text)
                if not piece.complement:
                    piece.content = _that_clause(path, head, start, end, text) or piece.content
                return piece
            path.append(head)
        framing = next((t for t in path[1:] if not inside(t.idx)), None)
        if framing is not None and _frames(framing, start, end, text, inside):
            piece.cue, piece.syntactic = framing, True  # '"...," Trump shot back.': any verb that frames a quotation
            return piece
    cues = [
        t for s in sentences.overlapping(start, end) for t in s
        if not inside(t.idx) and _is_cue(t) and _same_paragraph(text, t.idx, start, end)
    ]
    following = sentences.after(end)
    if not cues and following is not None and "\n" not in text[end:following.start_char]:
        cues = [t for t in following[:8] if not inside(t.idx) and _is_cue(t)]  # '... figure!" / "he wrote."'
    if cues:
        piece.cue = min(cues, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))
        return piece
    before = text[:start].rstrip()
    if before.endswith(":") and text.count("\n", len(before), start) <= 2:
        colon = len(before) - 1
        line_start = text.rfind("\n", 0, colon) + 1
        dash = max(text.rfind(f" {mark} ", line_start, colon) for mark in "-–—")
        line_start = line_start if dash < 0 else dash + 3  # 'POLLS GOT IT WRONG - Carl Bialik:': the name after a heading
        introduction = [
            t for s in sentences.overlapping(line_start, colon) for t in s
            if line_start <= t.idx < colon and not inside(t.idx) and not t.is_space
        ]
        sentence_start = max((t.i for t in introduction if t.is_sent_start), default=None)
        introduction = [t for t in introduction if sentence_start is None or t.i >= sentence_start]
        verbs = [t for t in introduction if _is_cue(t)] or [
            t for t in introduction if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        ]  # 'released the following statement:' has the verb "released", not "following"
        names = [t for t in introduction if actors.at(t.idx) is not None] or [t for t in introduction if t.pos_ == "PROPN"]
        if verbs:
            piece.cue = verbs[-1]  # 'Cruz continued:'
        elif names and len(introduction) <= 6:
            piece.introducer = names[-1]  # a name introducing what follows: 'Carl Bialik:'
        return piece
    piece.lead_in = _lead_in(sentences, inside, start, text)
    return piece


def _named_before_colon(doc: Doc, start: int, text: str, actors: ActorIndex) -> Token | None:
    """A person or organisation named right before the colon that opens a quotation: 'Carl Bialik: "..."'."""
    before = text[:start].rstrip()
    if not before.endswith(":") or "\n" in text[len(before):start]:
        return None
    token = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if token is None or token.start == 0:
        return None
    name = doc[token.start - 1]
    found = actors.at(name.idx)
    if found is None or found[1].label not in ("PERSON", "ORG"):
        return None
    mention = found[0]
    first = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    preceding = doc[first.start - 1] if first is not None and first.start > 0 else None
    if preceding is not None and (preceding.pos_ in ("VERB", "AUX", "ADP") or preceding.dep_ == "poss"):
        return None  # 'Here is Clinton:', 'More from Jones:' are phrases, 'Continued Stone:' a cue
    return name


def _lead_in(sentences: Sentences, inside: _Inside, start: int, text: str) -> Token | None:
    """The speech verb of the sentence that ends the paragraph before a quotation opening its own.

    'Carter said that the U.S. would stay. ¶ "That's because ..."': the quotation goes on with
    what the sentence before reported.
    """
    if start == 0 or text[start - 1] != "\n":
        return None
    paragraph_end = len(text[:start].rstrip())
    paragraph_start = text.rfind("\n", 0, paragraph_end) + 1
    before = sentences.overlapping(paragraph_start, paragraph_end)
    if not before:
        return None
    cues = [t for t in before[-1] if paragraph_start <= t.idx < paragraph_end and not inside(t.idx) and _is_cue(t)]
    return cues[0] if cues else None


def _parenthetical_subject(cue: Token) -> Token | None:
    """The subject of a cue set off by commas inside the sentence it attributes: 'Biden, Rubio said, had ...'."""
    doc = cue.doc
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if (
        subject is not None and subject.i < cue.i and cue.i + 1 < len(doc) and doc[cue.i + 1].text == ","
        and subject.left_edge.i > cue.sent.start and doc[subject.left_edge.i - 1].text == ","
    ):
        return subject
    return None


def _around_parenthesis(piece: _Piece, text: str) -> tuple[tuple[int, int], ...] | None:
    """The sentence a parenthetical cue attributes, without the parenthesis: 'Trump … has created a "..."'."""
    cue = piece.cue
    if cue is None or cue.idx >= piece.start:
        return None
    subject = _parenthetical_subject(cue)
    if subject is None or "\n" in text[cue.sent.start_char:piece.end]:
        return None
    before = _trimmed(text, cue.sent.start_char, subject.left_edge.idx)
    after = _trimmed(text, cue.idx + len(cue) + 1, max(piece.end, cue.sent.end_char))
    if before[0] >= before[1] or not (after[0] < piece.start and piece.end <= after[1]):
        return None  # 'On Tuesday, he said, "..."' attributes only the quotation
    return before, after


def _attributed_beside(piece: _Piece, text: str) -> bool:
    """Whether a cue stands beside quoted words as news attributes them, which then need not be a statement.

    After them: 'The event "was the first time," Sexton said.'; right before them: 'he said, "could be
    a good time"'; or in a parenthesis of their sentence: 'Biden, Rubio said, had been there for "a
    thousand years"'.
    """
    cue = piece.cue
    if cue is None or cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    if cue.idx >= piece.end:
        between = text[piece.end:cue.idx]
        return (
            text[piece.start:piece.end].rstrip("”\"’' ").endswith(",")
            and 1 <= len(between.split()) <= 4
            and not _SENTENCE_OR_LINE_END.search(between)
        )
    if text[cue.idx + len(cue):piece.start].strip() in (",", ":"):
        return True
    return _parenthetical_subject(cue) is not None and not _SENTENCE_OR_LINE_END.search(text[cue.idx:piece.start])


def _frames(verb: Token, start: int, end: int, text: str, inside: _Inside) -> bool:
    """Whether ``verb`` and its subject frame a quoted statement as news style attributes speech.

    After it: '"Jeb wants to be a tough guy," Trump shot back.' (the quotation ends in a comma, a
    question or an exclamation mark); before it: 'Hillary shot back, "I suppose ..."'.
    """
    if verb.pos_ != "VERB" or not looks_like_statement(text[start:end]):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and not inside(c.idx)), None)
    if subject is None or not (subject.pos_ in ("PROPN", "PRON", "NOUN") or subject.is_title):
        return False
    if verb.idx >= end:
        between = text[end:subject.left_edge.idx]
        return text[end - 2:end - 1] in (",", "?", "!") and not between.strip() and subject.i < verb.i
    last = max((t for t in verb.subtree if t.idx < start), key=lambda t: t.i)
    return subject.i < verb.i and text[last.idx:start].strip() in (",", ":") and last.is_punct


def _same_paragraph(text: str, offset: int, start: int, end: int) -> bool:
    """Whether no line break stands between ``offset`` and the quoted piece at ``start``-``end``."""
    return "\n" not in (text[offset:start] if offset < start else text[end:offset])


def _anchor(tokens: list[Token], start: int, end: int) -> Token | None:
    """The token of a quoted piece that the rest of the sentence hangs it on."""
    outward = [t for t in tokens if not (start <= t.head.idx < end)]  # a root inside the quote hangs on nothing
    if not outward:
        return None
    return min(outward, key=lambda t: (t.is_punct, t.left_edge.i - t.right_edge.i))  # the largest subtree


def _reports_through(cue: Token, child: Token) -> bool:
    """Whether the cue's dependent ``child`` is what it reports: its complement, or 'accused him of ...'."""
    return child.dep_ in COMPLEMENT_DEPS or (child.dep_ == "prep" and child.i > cue.i and child.lower_ in REPORTING_PREPOSITIONS)


def _reported(cue: Token, child: Token, start: int, end: int, text: str) -> tuple[int, int]:
    """The extent of what ``cue`` reports through its dependent ``child``, quoted piece included."""
    if not _reports_through(cue, child):
        return start, end
    chosen = [child]
    subjectless = child.dep_ == "ccomp" and not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in child.children)
    if child.dep_ in ("oprd", "xcomp", "attr", "prep") or subjectless or lemma(cue) in NAMING_VERBS:
        # "called the show '...'", "described it as '...'"; "argued the pipeline '...'": the
        # object the parse took for the cue's is what the quoted words say something of
        chosen += [c for c in cue.children if c.dep_ in ("dobj", "obj") and min(cue.i, child.i) < c.i < max(cue.i, child.i)]
    low = min(min(c.left_edge.idx for c in chosen), start)
    right = max((c.right_edge for c in chosen), key=lambda t: t.i)
    high = max(right.idx + len(right), end)
    for token in child.subtree:  # "..., according to Reuters": the source of the report, not its words
        if token.lower_ == "according" and token.idx >= end:
            high = min(high, token.left_edge.idx)
    low, high = _trimmed(text, low, high)
    if low <= start and high >= end:
        return low, high
    return start, end


def _that_clause(path: list[Token], cue: Token, start: int, end: int, text: str) -> tuple[int, int] | None:
    """A "that" clause on the way from quoted words to their cue, which the parse hung elsewhere.

    'telling reporters during a visit on Friday that he thinks the Brexit is "a great thing"'.
    """
    for token in reversed(path):
        mark = next((c for c in token.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if mark is not None and cue.i < mark.i and mark.idx <= start:
            right = token.right_edge
            low, high = _trimmed(text, mark.idx, max(right.idx + len(right), end))
            return (low, high) if low <= start and high >= end else None
    return None


def _trimmed(text: str, low: int, high: int) -> tuple[int, int]:
    """``low``-``high`` without the spaces and clause punctuation at its edges."""
    while low < high and text[low] in EDGE_PUNCTUATION:
        low += 1
    while high > low and text[high - 1] in EDGE_PUNCTUATION:
        high -= 1
    return low, high


def _joined(text: str, end: int, start: int) -> bool:
    """Whether two pieces of one cue are one clause: 'not to "make America great again" but to "..."'."""
    gap = text[end:start]
    return 0 <= len(gap.split()) <= JOINING_WORDS and not _CLAUSE_BREAK.search(gap)


def _between(previous: FoundQuote, cue: FoundCue, piece: _Piece) -> bool:
    """Whether ``cue`` stands between two quoted pieces: '"...," Yoon said. "..."'."""
    return previous.end <= cue.start and cue.end <= piece.start


def _extended(quote: FoundQuote, content: tuple[int, int]) -> FoundQuote:
    parts = sorted(set(quote.parts) | {content})
    merged: list[tuple[int, int]] = []
    for start, end in parts:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    kind = quote.kind if len(merged) > 1 or merged[0] == quote.parts[0] else "partial"
    return FoundQuote(tuple(merged), kind, quote.cue, quote.speaker)


def _follows(sentences: Sentences, previous: FoundQuote, start: int, paragraphs: list[tuple[int, int]], text: str) -> bool:
    """Whether a quote comes straight after ``previous``: in the next sentence, or opening the next paragraph."""
    between = text[previous.end:start]
    if "\n\n" not in between and "\n" not in between.strip(" "):
        return sentences.count_within(previous.end, start) <= 1
    return between.strip().count("\n") <= 1 and any(p_start == start for p_start, _ in paragraphs)


def _is_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    if lemma(token).lower() == "continue" and any(c.dep_ == "xcomp" for c in token.children):
        return False  # "would continue to break barriers": going on, not speaking
    return token.pos_ in ("VERB", "AUX") and lemma(token).lower() in SPEECH_VERBS


def _found_cue(token: Token) -> FoundCue:
    """The cue's words: the verb, or "according to" as one phrase."""
    last = token
    if token.lower_ == "according":  # "to" as its child, or beside it where the parse hung it elsewhere
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else token
        last = next((child for child in token.children if child.lower_ == "to"), after if after.lower_ == "to" else token)
    return FoundCue(token.idx, last.idx + len(last), token.doc[token.i:last.i + 1].text)


def _speaker_of(doc: Doc, cue: Token, spans, actors: ActorIndex) -> FoundSpeaker | None:
    subject = _according_to(cue) if cue.lower_ == "according" else _subject(cue, spans)
    reporting = _reporting_verb(cue)
    if reporting is not None and not _names_actor(subject, actors):
        outer = _subject(reporting, spans)
        # "Kasich says he'd tell him "no more nonsense"": the speech reported by a named speaker is theirs
        if _names_actor(outer, actors) or (subject is not None and subject.pos_ != "PRON" and outer is not None and outer.pos_ == "PRON"):
            subject = outer
    if subject is None and cue.lower_ != "according":
        subject = _name_beside(cue, spans, actors)
    if subject is not None and subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "Anna Berg, who called it a lie": the one the clause is about
    return None if subject is None else _speaker(doc, subject, spans, actors)


def _name_beside(cue: Token, spans, actors: ActorIndex) -> Token | None:
    """A person or organisation named right before or after a cue the parse left without a subject.

    '..., her adviser, Jake Sullivan, said:', 'Continued Stone:'.
    """
    doc = cue.doc
    before = cue.i - 1
    while before >= 0 and doc[before].is_punct and doc[before].text in ",—–-":
        before -= 1
    for token in (doc[before] if before >= 0 else None, doc[cue.i + 1] if cue.i + 1 < len(doc) else None):
        if token is None or any(s <= token.idx < e for s, e in spans):
            continue
        found = actors.at(token.idx)
        if found is not None and found[1].label in ("PERSON", "ORG"):
            return token
    return None


def _names_actor(token: Token | None, actors: ActorIndex) -> bool:
    return token is not None and actors.at(token.idx) is not None


def _reporting_verb(cue: Token) -> Token | None:
    """The speech verb whose reported clause holds ``cue``: "said" in "He said she would tell them ..."."""
    token, reported = cue, False
    for _ in range(4):
        if token.head.i == token.i or token.dep_ not in ("ccomp", "conj", "xcomp", "advcl"):
            return None
        reported = reported or token.dep_ == "ccomp"
        token = token.head
        if reported and _is_cue(token):
            return token
    return None


CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "acl", "relcl", "dobj", "pobj", "prep", "pcomp"})


def _subject(verb: Token, spans=(), depth: int = 0) -> Token | None:
    """The verb's subject, or that of the verb it hangs on ("..., saying", "a statement saying").

    A subject inside quoted words is a misparse of the quotation, never its speaker.
    """
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not any(s <= child.idx < e for s, e in spans):
            return child
    if depth < 4 and verb.dep_ in CLIMB_DEPS and verb.head.i != verb.i:
        return _subject(verb.head, spans, depth + 1)
    return None


def _according_to(token: Token) -> Token | None:
    for child in token.children:
        if child.lower_ == "to":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _speaker(doc: Doc, subject: Token, spans, actors: ActorIndex) -> FoundSpeaker:
    found = actors.at(subject.idx)
    if found is None:  # "Sirius XM Vice President Dave Gorab": the name in apposition to the title
        named = (actors.at(c.idx) for c in subject.children if c.dep_ in ("appos", "compound", "flat"))
        found = next((f for f in named if f is not None and f[1].label == "PERSON"), None)
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


HEADLINE_QUOTE = re.compile(
    r"^(?P<before>(?P<name>[^:“”\"‘’']{2,60}?)\s*+:\s*+)?"
    r"(?P<quote>[“\"‘'](?P<words>[^“”\"]{3,}?)[”\"’'])"
    r"(?P<after>\s*+[,:]?\s*+(?:(?:says?|said|warns?|tells?\s++\S++)\s*+)?(?P<name_after>[A-Z][^:“”\"]{1,60})?)?\s*$"
)


def headline_quote(headline: str) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """A headline's quotation and the name it gives it to, as offsets into the headline.

    Headlines quote in the forms 'Yoon: "Russia needs to judge carefully"' and '"...", says Yoon';
    headline style may use single marks for them, unlike body text, where those mark titles.
    """
    match = HEADLINE_QUOTE.match(headline)
    if match is None or len(match["words"].split()) < 2:
        return None
    for group in ("name", "name_after"):
        if match[group] and match[group].strip():
            start = match.start(group)
            return match.span("quote"), (start, start + len(match[group].rstrip()))
    return match.span("quote"), None


def _attributed(
    doc: Doc, quotes: list[FoundQuote], used: set, spans, inside: _Inside, actors: ActorIndex, text: str, model: dict,
) -> list[FoundQuote]:
    """Attributions the model finds apart from the quotations already found (neither their cue nor any
    of their words): ``indirect``, or ``partial`` when quoted words stand in what is attributed. Each
    needs a speaker."""
    quoted = [(start, end) for q in quotes for start, end in q.parts]
    found = []
    items = attribution.find_attributions(doc, spans, inside, SPEECH_VERBS, model)
    for item in sorted(items, key=lambda item: -sum(end - start for start, end in item.parts)):
        cue = _found_cue(item.cue)
        if cue in used or any(start < e and s < end for start, end in item.parts for s, e in quoted):
            continue  # a quotation found already, by its cue or its words; or an attribution inside another's words
        if sum(len(text[start:end].split()) for start, end in item.parts) < MIN_ATTRIBUTED_WORDS:
            continue  # "this position", "UN resolutions": too little to be worth a line of the brief
        if _is_passive(item.cue):
            speaker = _agent(doc, item.cue, item.parts, spans, actors)
        else:
            speaker = _speaker_of(doc, item.cue, spans, actors)
        if speaker is None:
            continue
        kind = "partial" if any(mark in text[start:end] for start, end in item.parts for mark in (OPENING, CLOSING, STRAIGHT)) else "indirect"
        found.append(FoundQuote(item.parts, kind, cue, speaker))
        quoted += item.parts
    return sorted(found, key=lambda q: q.start)


def _agent(doc: Doc, cue: Token, parts, spans, actors: ActorIndex) -> FoundSpeaker | None:
    """The speaker of a passive cue: its agent ("It was announced by the ministry that ..."), none where
    there is no agent ("Yoon is expected to discuss ...": nobody in the text says so, least of all Yoon)
    or the content holds it ("by Anna Berg, who ...": no statement)."""
    by = next((child for child in cue.children if child.dep_ == "agent"), None)
    if by is None or (agent := next((child for child in by.children if child.dep_ == "pobj"), None)) is None:
        return None
    low, high = by.left_edge.idx, by.right_edge.idx + len(by.right_edge)
    if any(start < high and low < end for start, end in parts):
        return None
    return _speaker(doc, agent, spans, actors)


def _is_passive(cue: Token) -> bool:
    """A passive cue, whose subject is what is said of, not who says it."""
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in cue.children)


def _indirect(doc: Doc, inside: _Inside, used: set, spans, actors: ActorIndex, text: str) -> list[FoundQuote]:
    """Reported speech without quote marks: "X said (that) ...", "according to X, ..."."""
    found = []
    for token in doc:
        if not _is_cue(token) or inside(token.idx):
            continue
        cue = _found_cue(token)
        if cue in used:
            continue
        extent = _reported_clause(token, inside, text)
        if extent is None:
            continue
        speaker = _speaker_of(doc, token, spans, actors)
        if speaker is not None:
            found.append(FoundQuote((extent,), "indirect", cue, speaker))
    return found


def _reported_clause(token: Token, inside: _Inside, text: str) -> tuple[int, int] | None:
    """What a cue reports without quote marks: its "that" clause, or the sentence "according to" sources."""
    if token.lower_ == "according":
        extent = _around_according(token)
    else:
        clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
        extent = None if clause is None else (clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge))
    if extent is None or any(inside(i) for i in (extent[0], extent[1] - 1)):
        return None
    low, high = _trimmed(text, *extent)
    return (low, high) if len(text[low:high].split()) >= 4 else None


def _around_according(token: Token) -> tuple[int, int] | None:
    """The clause an "according to X" phrase attributes: its sentence without the phrase."""
    sentence = token.sent
    phrase = list(token.subtree)
    first, last = phrase[0], phrase[-1]
    if first.i == sentence.start:
        start, end = last.i + 1, sentence.end
    elif last.i >= sentence.end - 2:
        start, end = sentence.start, first.i
    else:
        return None
    if end <= start:
        return None
    span = sentence.doc[start:end]
    return span.start_char, span.end_char


KEY_QUOTES = 3


def key_quotes(quotes: list[Quote], actors: list[Actor], count: int = KEY_QUOTES) -> list[Quote]:
    """The few quotations that matter most, best first: said by a prominent speaker, with substance, saying something new.

    Salience is the speaker's share of the article's actor mentions; substance grows with the quoted
    words up to about forty; novelty is the share of a quote's words that no better quote already
    used. Quotes are chosen greedily, so the second adds most to the first.
    """
    candidates = [q for q in quotes if q.kind in ("direct", "partial")]
    mentions = {a.id: len(a.mentions) for a in actors}
    most = max(mentions.values(), default=1) or 1
    words = {q.id: {w for w in vocabulary.words(" ".join(vocabulary.quoted_words(p.text) for p in q.parts))
                    if len(w) >= 4 and not w.isdigit()} for q in candidates}

    def score(quote: Quote, seen: set[str], speakers: set[str]) -> float:
        own = words[quote.id]
        speaker = quote.speaker.actor or quote.speaker.name if quote.speaker else None
        salience = mentions.get(speaker, 0) / most if speaker is not None else 0.0
        voice = 0.0 if speaker is None else 0.25 if speaker in speakers else 1.0  # a new voice adds most
        substance = min(len(own), 12) / 12
        novelty = len(own - seen) / len(own) if own else 0.0
        return salience + voice + substance * (1 + 2 * novelty) + (0.5 if quote.kind == "direct" else 0.0)

    chosen: list[Quote] = []
    seen: set[str] = set()
    speakers: set[str] = set()
    while candidates and len(chosen) < count:
        best = max(candidates, key=lambda q: (score(q, seen, speakers), -q.start))
        chosen.append(best)
        candidates.remove(best)
        seen |= words[best.id]
        if best.speaker:
            speakers.add(best.speaker.actor or best.speaker.name)
    return chosen
