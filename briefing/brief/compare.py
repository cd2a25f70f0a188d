"""Comparing the outlets of one story: the statements they share and what only one of them reports.

Pure functions of a story's analyses. Two texts are compared by their content words, reduced to
a crude stem (the first letters of the word, so "violations" and "violate", "negative" and
"negatively" meet), each weighted by how rare it is among the story's sentences: words every
outlet repeats ("Russia" in a story about Russia) weigh little, the words that make a statement
its own weigh much.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher
from typing import TypeVar

from .. import words
from ..model import Analysis, Cited, Event, Happening, Quote, SharedQuote, Span, TimelineEntry
from .summary import summarise_story

T = TypeVar("T")

SAME_STATEMENT = 0.5  # weighted share of the shorter statement's words found in the other
REPORTED_ELSEWHERE = 0.45  # weighted share of a sentence's words found in one sentence of another outlet
# Two outlets' sentences that are each other's closest match and share this much weighted content
# say the same thing in their own words (read on BASIL story pairs: most pairs above it are).
PARAPHRASE = 0.3
SAME_WORDS = 0.9  # word-sequence similarity above which two quotations are the same words
ONLY_IN_MAX = 6  # sentences listed per outlet as reported only there
STORY_SUMMARY_LENGTH = 5
#: Words that say nothing about what was said: function words, and how outlets report it.
STOP = words.STATEMENT_STOP_WORDS


def stems(text: str) -> set[str]:
    """The content words of a text, lower case, cut to their stem."""
    return {words.stem(w) for w in words.words(text) if w not in STOP and len(w) > 1}


class Weights:
    """How much each stem says about a statement: its inverse frequency among the story's sentences."""

    def __init__(self, texts: list[str]):
        self.documents = len(texts) or 1
        self.frequency = Counter(stem for text in texts for stem in stems(text))
        self._weight: dict[str, float] = {}

    def __call__(self, stem: str) -> float:
        weight = self._weight.get(stem)
        if weight is None:
            weight = self._weight[stem] = math.log((1 + self.documents) / (1 + self.frequency[stem])) + 1
        return weight

    def total(self, part: set[str]) -> float:
        """The summed weight of ``part``'s stems."""
        # Summed in sorted order: a set's order changes from run to run, and so would the last bits of a float sum.
        return sum(self(s) for s in sorted(part))

    def covered(self, part: set[str], whole: set[str], total: float | None = None) -> float:
        """The weighted share of ``part``'s stems that ``whole`` has too (``total``: ``part``'s, if known)."""
        total = self.total(part) if total is None else total
        shared = part & whole
        return self.total(shared) / total if total and shared else 0.0

    def overlap(self, a: set[str], b: set[str]) -> float:
        """The weighted share of the smaller set found in the other."""
        return self.covered(a, b) if len(a) <= len(b) else self.covered(b, a)


def story_weights(members: list[Analysis]) -> Weights:
    return Weights([s.text for a in members for s in a.sentences])


def statement_text(quote: Quote) -> str:
    return " ".join(part.text for part in quote.parts)


def same_words(a: Quote, b: Quote) -> bool:
    """Do two reports quote the same words (their quoted words, or their whole text where none are in marks)?"""
    words_a, words_b = (words.words(_quoted_or_all(q)) for q in (a, b))
    return bool(words_a and words_b) and SequenceMatcher(None, words_a, words_b, autojunk=False).ratio() >= SAME_WORDS


def _quoted_or_all(quote: Quote) -> str:
    text = statement_text(quote)
    return words.quoted_words(text) if quote.kind != "indirect" else text


def shared_quotes(members: list[Analysis], weights: Weights | None = None) -> list[SharedQuote]:
    """Statements of one speaker reported by more than one article, each report once.

    Two reports are of one statement when they have the same speaker and most of the weighted
    content of the shorter is in the other; pairs are joined best first, at most one report per
    article in each statement. Listed in the order of the first article that reports them.
    """
    weights = weights or story_weights(members)
    reports = [
        (analysis.article.id, quote, stems(statement_text(quote)), quote.speaker.name)
        for analysis in members for quote in analysis.quotes if quote.speaker is not None
    ]
    pairs = []
    for i, (article_i, _, stems_i, speaker_i) in enumerate(reports):
        for j in range(i + 1, len(reports)):
            article_j, _, stems_j, speaker_j = reports[j]
            if article_i == article_j or speaker_i != speaker_j:
                continue
            score = weights.overlap(stems_i, stems_j)
            if score >= SAME_STATEMENT:
                pairs.append((score, i, j))
    groups: list[list[int]] = []
    member: dict[int, int] = {}  # report index -> its group
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i in member and j in member:
            continue  # both already in a statement
        if i not in member and j not in member:
            member[i] = member[j] = len(groups)
            groups.append([i, j])
            continue
        joined, newcomer = (member[i], j) if i in member else (member[j], i)
        if any(reports[k][0] == reports[newcomer][0] for k in groups[joined]):
            continue  # one report per article in a statement
        member[newcomer] = joined
        groups[joined].append(newcomer)
    statements = []
    for group in sorted(groups, key=min):
        quotes = [reports[k][1] for k in sorted(group)]
        cited = tuple(Cited(reports[k][0], Span(reports[k][1].text, reports[k][1].start, reports[k][1].end)) for k in sorted(group))
        alike = all(same_words(quotes[0], q) for q in quotes[1:])
        statements.append(SharedQuote(reports[min(group)][3], cited, alike))  # the speaker of quotes[0]
    return statements


def only_in(members: list[Analysis], weights: Weights | None = None, limit: int = ONLY_IN_MAX) -> dict[str, list[Cited]]:
    """For each article, the sentences no other article of the story reports, most distinctive first kept, in article order.

    A sentence is reported elsewhere when one sentence of another article carries most of its
    weighted content. Of the rest, the ``limit`` sentences with the most weight of their own are kept.
    """
    if len(members) < 2:
        return {}
    weights = weights or story_weights(members)
    sentence_stems = {a.article.id: [stems(s.text) for s in a.sentences] for a in members}
    found: dict[str, list[Cited]] = {}
    for analysis in members:
        article = analysis.article.id
        others = [s for other, lists in sentence_stems.items() if other != article for s in lists]
        everything_else = set().union(*others)
        having: dict[str, list[int]] = {}  # stem -> the other sentences that have it
        for number, other in enumerate(others):
            for stem in other:
                having.setdefault(stem, []).append(number)
        distinctive = []
        for index, (sentence, own) in enumerate(zip(analysis.sentences, sentence_stems[article])):
            if len(own) < 4:
                continue
            total = weights.total(own)
            if _reported_elsewhere(own, total, having, weights):
                continue
            weight = weights.total(own - everything_else)
            distinctive.append((weight, index, sentence))
        kept = sorted(distinctive, key=lambda d: (-d[0], d[1]))[:limit]
        found[article] = [Cited(article, sentence) for _, _, sentence in sorted(kept, key=lambda d: d[1])]
    return found


def _reported_elsewhere(own: set[str], total: float, having: dict[str, list[int]], weights: Weights) -> bool:
    """Whether one other sentence carries ``REPORTED_ELSEWHERE`` of ``own``'s weight (``weights.covered``).

    Only the sentences sharing a stem are looked at; each one's shared weight is summed stem by stem
    in sorted order, as :meth:`Weights.total` sums it, so the figures are the same to the last bit.
    """
    shared: dict[int, float] = {}
    for stem in sorted(own):
        weight = weights(stem)
        for number in having.get(stem, ()):
            shared[number] = shared.get(number, 0.0) + weight
    return bool(total) and any(value / total >= REPORTED_ELSEWHERE for value in shared.values())


def paraphrases(candidates: dict[str, list[Span]], weights: Weights) -> set[frozenset[Cited]]:
    """Pairs of sentences from two articles that tell the same thing.

    A pair is one when the shorter sentence's weighted content is mostly in the other
    (``REPORTED_ELSEWHERE``), or when the two are each other's closest match among the two
    articles' ``candidates`` and share at least ``PARAPHRASE`` of it.
    """
    cited = {article: [(Cited(article, s), stems(s.text)) for s in spans] for article, spans in candidates.items()}
    return _told_alike(cited, weights)


def _told_alike(stem_sets: dict[str, list[tuple[T, set[str]]]], weights: Weights) -> set[frozenset[T]]:
    """The pairs of items from two articles that tell the same thing (see :func:`paraphrases`)."""
    found: set[frozenset[T]] = set()
    articles = list(stem_sets)
    for i, first in enumerate(articles):
        for second in articles[i + 1:]:
            scores = {(a, b): weights.overlap(sa, sb) for a, sa in stem_sets[first] for b, sb in stem_sets[second]}
            if not scores:
                continue
            best_a: dict[T, float] = {}
            best_b: dict[T, float] = {}
            for (a, b), score in scores.items():
                best_a[a] = max(best_a.get(a, 0.0), score)
                best_b[b] = max(best_b.get(b, 0.0), score)
            for (a, b), score in scores.items():
                mutual = score == best_a[a] == best_b[b]
                if score >= REPORTED_ELSEWHERE or (mutual and score >= PARAPHRASE):
                    found.add(frozenset((a, b)))
    return found


def merge_timeline(entries: list[TimelineEntry], analyses: list[Analysis], events: list[Event]) -> list[Happening]:
    """The brief's dated happenings, each told once with every article of its story that reports it.

    Two articles' entries are one happening when they give it the same dates and tell the same
    thing (:func:`paraphrases`, on the sentences, with the date words left out); at most one entry
    per article in a happening. Listed by date, then by the order of their first report.
    """
    story_of = {article: event.id for event in events for article in event.articles}
    by_id = {a.article.id: a for a in analyses}
    weights_of = {
        event.id: story_weights([by_id[i] for i in event.articles if i in by_id]) for event in events if len(event.articles) > 1
    }
    groups: dict[tuple, list[int]] = {}
    for index, entry in enumerate(entries):
        key = (story_of.get(entry.article, entry.article), entry.date, entry.until, entry.precision)
        groups.setdefault(key, []).append(index)
    happenings: list[tuple[tuple, Happening]] = []
    for (story, *_), members in groups.items():
        parts: list[list[int]] = [[i] for i in members]
        if story in weights_of and len({entries[i].article for i in members}) > 1:
            parts = _joined(members, entries, weights_of[story])
        for part in parts:
            reports = tuple(entries[i] for i in part)
            first = reports[0]
            happenings.append(((first.date, part[0]), Happening(first.date, first.until, first.precision, reports)))
    return [h for _, h in sorted(happenings, key=lambda item: item[0])]


def _joined(members: list[int], entries: list[TimelineEntry], weights: Weights) -> list[list[int]]:
    """Entries of one story and date, joined where two articles tell the same thing.

    Two entries are compared sentence with sentence and clause with clause (a sentence may tell
    of several happenings on several dates); the closer of the two counts. Date words do not.
    """
    def told(entry: TimelineEntry, span: Span | None) -> set[str]:
        return stems((span or entry.sentence).text) - stems(entry.mention.text)

    scores: dict[tuple[int, int], float] = {}
    for a in members:
        for b in members:
            first, second = entries[a], entries[b]
            if a < b and first.article != second.article:
                scores[a, b] = max(
                    weights.overlap(told(first, first.sentence), told(second, second.sentence)),
                    weights.overlap(told(first, first.what), told(second, second.what)),
                )
    best: dict[int, float] = {}
    for (a, b), score in scores.items():
        best[a], best[b] = max(best.get(a, 0.0), score), max(best.get(b, 0.0), score)
    parts: dict[int, list[int]] = {i: [i] for i in members}
    for (a, b), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        mutual = score == best[a] == best[b]
        if not (score >= REPORTED_ELSEWHERE or (mutual and score >= PARAPHRASE)):
            continue
        part_a, part_b = parts[a], parts[b]
        if part_a is part_b or {entries[i].article for i in part_a} & {entries[i].article for i in part_b}:
            continue  # one report per article in a happening
        part_a.extend(part_b)
        for i in part_b:
            parts[i] = part_a
    unique = {id(p): sorted(p) for p in parts.values()}
    return sorted(unique.values())


def describe_story(event: Event, members: list[Analysis], length: int = STORY_SUMMARY_LENGTH) -> Event:
    """The story with its bottom line, merged summary, shared statements and what only one outlet reports."""
    items = [(a.article.id, [a.bottom_line, *a.summary], a.sentences) for a in members]
    weights = story_weights(members)
    told_alike = paraphrases({a.article.id: [s for s in dict.fromkeys(c) if s is not None] for a, (_, c, _) in zip(members, items)}, weights)
    bottom_line, summary = summarise_story(items, length + 1, repeats=lambda a, b: frozenset((a, b)) in told_alike)
    summary = [c for c in summary if c != bottom_line][:length]  # the bottom line stands above the summary
    if len(members) < 2:
        return replace(event, bottom_line=bottom_line, summary=summary)
    return replace(
        event, bottom_line=bottom_line, summary=summary,
        quotes=shared_quotes(members, weights), only_in=only_in(members, weights),
    )
