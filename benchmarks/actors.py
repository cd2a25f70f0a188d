"""Main actors on BASIL (format: ../shared/eval/FORMAT.md): are a story's main entities among an
article's five most-mentioned actors?

For each (article, main entity) pair it is a hit when one of the article's top five actors names
the entity. Names are compared case-insensitively, ignoring dots, hyphens ("Wal-Mart" is
"Walmart"), a possessive "'s" and the word "the": a hit when every word of the entity is among the
words of the actor's name or of one of its aliases, or the other way round ("Trump" and "Donald
Trump" match both ways). Aliases count like the name because they are the forms the actor was
mentioned by: the baseline, which does not merge forms, gets the same credit for each of them.
Reports the share of hits for briefing (actors ranked by number of mentions, ties in briefing's
order) and, in the same run, for a baseline: spaCy's PERSON, ORG, GPE and NORP entities grouped
by their exact text and ranked by count. Also compares briefing's speed with bare ``nlp.pipe``.

    python benchmarks/actors.py ../shared/eval/basil/dev.jsonl [--part tune|report|all] [--misses]

``--part`` splits the articles by a hash of "event/outlet": tune on one half, report on the other.
Skips (exit 0) when the data file is absent: the data is not part of the project.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from evaldata import analysed, in_half, parser
from evaldata import records as load_records

TOP = 5
LABELS = {"PERSON", "ORG", "GPE", "NORP"}


@dataclass(frozen=True)
class Candidate:
    """An actor as a system ranks it: its name, other names it goes by, and how often it is named."""

    name: str
    aliases: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class Miss:
    title: str
    entity: str
    top: list[Candidate]
    rank: int | None  # the entity's rank among all the article's actors, if it is there at all


@dataclass
class Score:
    pairs: int = 0
    hits: int = 0
    misses: list[Miss] = field(default_factory=list)

    def report(self, name: str, articles: int, seconds: float) -> str:
        share = self.hits / self.pairs if self.pairs else 0.0
        return (f"{name}: {self.hits}/{self.pairs} main entities in the top {TOP} = {share:.3f}"
                f"  ({articles / seconds:.1f} articles/s)")


def words(name: str) -> set[str]:
    """The comparable words of a name: lower case, no dots or hyphens, no possessive, no "the"."""
    text = name.casefold().replace("’", "'").replace(".", "").replace("-", "")
    tokens = (re.sub(r"'s$", "", token.strip("'\",;:()[]")) for token in text.split())
    return {token for token in tokens if token and token != "the"}


def same_names(entity: str, name: str) -> bool:
    """Are all the words of one name among the words of the other?"""
    a, b = words(entity), words(name)
    return bool(a and b) and (a <= b or b <= a)


def matches(entity: str, candidate: Candidate) -> bool:
    """Does the candidate, by its name or one of its aliases, name the main entity?"""
    return any(same_names(entity, name) for name in (candidate.name, *candidate.aliases))


def top(candidates: list[Candidate], n: int = TOP) -> list[Candidate]:
    """The n most-named candidates; ties keep the given order."""
    return sorted(candidates, key=lambda c: -c.count)[:n]


def score_article(title: str, entities: list[str], candidates: list[Candidate], score: Score) -> None:
    chosen = top(candidates)
    ranked = top(candidates, len(candidates))
    for entity in entities:
        score.pairs += 1
        if any(matches(entity, c) for c in chosen):
            score.hits += 1
            continue
        rank = next((i + 1 for i, c in enumerate(ranked) if matches(entity, c)), None)
        score.misses.append(Miss(title, entity, chosen, rank))


def briefing_candidates(records: list[dict]) -> Iterator[list[Candidate]]:
    """briefing's actors for each record, analysed as a pasted article."""
    for analysis in analysed([r["text"] for r in records]):
        yield [Candidate(a.name, tuple(a.aliases), len(a.mentions)) for a in analysis.actors]


def spacy_candidates(records: list[dict]) -> Iterator[list[Candidate]]:
    """spaCy's entities of the wanted labels, grouped by their exact text."""
    from briefing.analyse.nlp import load

    for doc in load().pipe(r["text"] for r in records):
        counts = Counter(ent.text for ent in doc.ents if ent.label_ in LABELS)
        yield [Candidate(text, (), count) for text, count in counts.items()]


SYSTEMS: dict[str, Callable[[list[dict]], Iterator[list[Candidate]]]] = {
    "briefing": briefing_candidates,
    "spaCy entities by text": spacy_candidates,
}


def spacy_rate(records: list[dict]) -> float:
    """Articles per second of the bare spaCy pipeline on the same texts."""
    from briefing.analyse.nlp import load, parse

    started = time.perf_counter()
    for _ in parse((r["text"] for r in records), load()):
        pass
    return len(records) / (time.perf_counter() - started)


def in_part(record: dict, part: str) -> bool:
    return in_half(f"{record['event']}/{record['outlet']}", part)


def show(miss: Miss) -> str:
    where = f"rank {miss.rank}" if miss.rank else "not found"
    names = "; ".join(f"{c.name} ({c.count})" for c in miss.top)
    return f"  {miss.title[:70]!r}: {miss.entity!r} {where}; top: {names}"


def main(argv: list[str] | None = None) -> int:
    command = parser(__doc__.split("\n\n")[0], "basil/dev.jsonl")
    command.add_argument("--misses", action="store_true", help="list briefing's missed main entities")
    args = command.parse_args(argv)
    records = load_records(args, in_part)
    if records is None:
        return 0

    from briefing.analyse.nlp import load

    load()  # the model's loading time is not the systems'
    rates: dict[str, float] = {}
    scores: dict[str, Score] = {}
    for name, candidates in SYSTEMS.items():
        score = scores[name] = Score()
        started = time.perf_counter()
        for record, found in zip(records, candidates(records), strict=True):
            score_article(record["title"], record["main_entities"], found, score)
        seconds = time.perf_counter() - started
        rates[name] = len(records) / seconds
        print(score.report(name, len(records), seconds))
    bare = spacy_rate(records)
    print(f"bare nlp.pipe on the same texts: {bare:.1f} articles/s; "
          f"briefing's analysis {rates['briefing']:.1f} articles/s = {rates['briefing'] / bare:.2f}x spaCy's speed")
    if args.misses:
        print(f"briefing's misses ({len(scores['briefing'].misses)}):")
        print("\n".join(show(miss) for miss in scores["briefing"].misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
