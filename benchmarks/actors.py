"""Main actors on BASIL (format: ../shared/eval/FORMAT.md), cross-validated by story: are a story's
main entities among an article's five top-ranked actors?

For each (article, main entity) pair it is a hit when one of the article's top five actors names
the entity. Names are compared case-insensitively, ignoring dots, hyphens ("Wal-Mart" is
"Walmart"), a possessive "'s" and the word "the": a hit when every word of the entity is among the
words of the actor's name or of one of its aliases, or the other way round ("Trump" and "Donald
Trump" match both ways). Aliases count like the name because they are the forms the actor was
mentioned by: the baseline, which does not merge forms, gets the same credit for each of them.

briefing ranks an article's actors by prominence (``briefing.analyse.actors``): their mentions, plus
a weight for each of the headline naming them, the lead naming them and each key quote they speak,
with a place's, a news outlet's and a country's mention counting a share of one. The weights are
chosen by k-fold cross-validation over the stories: the stories are dealt into k folds in the order
of a hash of their event id, so that an event's articles stay together and the folds never change;
each fold's articles are ranked with the weights that rank the most main entities into the top five
of the other folds' articles (ties: the higher mean reciprocal rank, then the earlier in ``GRID``). Reported: the share of hits
pooled over the folds, its mean and range across folds and, in the same run and folds, briefing
ranked by mentions alone and the baseline, spaCy's PERSON, ORG, GPE and NORP entities grouped by
their exact text and ranked by count; then the weights chosen on all the stories, which briefing
ships (``PROMINENCE``), and briefing's speed against bare ``nlp.pipe``.

    python benchmarks/actors.py ../shared/eval/basil/dev.jsonl [--folds K] [--misses]

``--folds`` as many as there are stories is leave-one-story-out. Skips (exit 0) when the data file
is absent: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from evaldata import analysed

from briefing.analyse.actors import PROMINENCE, ActorSigns, Prominence, actor_signs

TOP = 5
LABELS = {"PERSON", "ORG", "GPE", "NORP"}
FOLDS = 5
#: The weights tried, smallest first: what the headline, the lead and each key quote count (one
#: weight for the three, which these stories cannot tell apart), then what a place's (or news
#: outlet's) and a country's mention counts. A country's counts a quarter at least: countries act in
#: world news, which these stories of US politics hardly carry (on them, no share at all scores the same).
GRID = [
    Prominence(focus, place, country)
    for focus, place, country in itertools.product((0.0, 0.5, 1.0, 2.0, 3.0, 5.0), (0.0, 0.25, 0.5, 1.0), (0.25, 0.5, 1.0))
]
#: briefing's actors ranked as before prominence: every mention counts one, nothing else counts.
MENTIONS_ONLY = Prominence(focus=0.0, place=1.0, country=1.0)


@dataclass(frozen=True)
class Candidate:
    """An actor as a system ranks it: its name, other names it goes by, how often it is named and,
    for briefing, the signs of how much the article is about it."""

    name: str
    aliases: tuple[str, ...] = ()
    count: int = 0
    signs: ActorSigns | None = None


@dataclass(frozen=True)
class Scored:
    """One article's actors as a system found them, with the story's main entities."""

    event: str
    title: str
    entities: tuple[str, ...]
    candidates: tuple[Candidate, ...]


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

    @property
    def share(self) -> float:
        return self.hits / self.pairs if self.pairs else 0.0


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


def by_count(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The most-named candidates first; ties keep the given order."""
    return sorted(candidates, key=lambda c: -c.count)


def by_prominence(weights: Prominence) -> Callable[[Sequence[Candidate]], list[Candidate]]:
    """briefing's ranking with ``weights``: the most prominent first; ties keep the given order."""
    def rank(candidates: Sequence[Candidate]) -> list[Candidate]:
        return sorted(candidates, key=lambda c: -c.signs.prominence(weights) if c.signs else 0.0)
    return rank


def entity_ranks(entities: Iterable[str], ranked: Sequence[Candidate]) -> list[int | None]:
    """Each entity's rank (1 = first) among the ranked candidates, or None when none names it."""
    return [next((i + 1 for i, c in enumerate(ranked) if matches(entity, c)), None) for entity in entities]


def score_article(title: str, entities: Sequence[str], ranked: Sequence[Candidate], score: Score) -> None:
    """Count the article's main entities that one of the first ``TOP`` of ``ranked`` names."""
    for entity, rank in zip(entities, entity_ranks(entities, ranked), strict=True):
        score.pairs += 1
        if rank is not None and rank <= TOP:
            score.hits += 1
        else:
            score.misses.append(Miss(title, entity, list(ranked[:TOP]), rank))


def folds_of(events: Iterable[str], k: int) -> dict[str, int]:
    """Each event's fold: the events in the order of the SHA-256 of their id, dealt round in turn, so
    that folds differ by one story at most and never change."""
    ordered = sorted(set(events), key=lambda event: hashlib.sha256(event.encode()).hexdigest())
    return {event: position % k for position, event in enumerate(ordered)}


@dataclass(frozen=True)
class Merits:
    """How well each weights of a grid (rows) rank each article's main entities (columns): how many
    are in the top five, and the sum of their reciprocal ranks (0 for one not found)."""

    hits: np.ndarray
    reciprocal: np.ndarray

    def best(self, columns: Sequence[int]) -> int:
        """The row that ranks the most main entities of ``columns`` into the top five; ties go to
        the higher mean reciprocal rank, then to the earlier row."""
        hits = self.hits[:, columns].sum(axis=1)
        reciprocal = self.reciprocal[:, columns].sum(axis=1)
        return max(range(len(hits)), key=lambda row: (hits[row], reciprocal[row], -row))


def merits(articles: Sequence[Scored], grid: Sequence[Prominence]) -> Merits:
    """The merits of every weights of ``grid`` on every article, ranked as :func:`by_prominence` does
    (a candidate's rank is one more than those scoring more and those tied before it)."""
    weights = np.array([[w.focus, w.place, w.country] for w in grid])
    hits = np.zeros((len(grid), len(articles)))
    reciprocal = np.zeros((len(grid), len(articles)))
    for column, article in enumerate(articles):
        signs = [c.signs or ActorSigns(0) for c in article.candidates]
        count = len(signs)
        if not count:
            continue
        mentions = np.array([s.mentions for s in signs], dtype=float)
        place = np.array([s.setting == "place" for s in signs])
        country = np.array([s.setting == "country" for s in signs])
        share = np.where(place, weights[:, [1]], np.where(country, weights[:, [2]], 1.0))
        focus = np.array([s.headline + s.lead + s.key_quotes for s in signs], dtype=float)
        scores = mentions * share + weights[:, [0]] * focus
        ahead = scores[:, None, :] > scores[:, :, None]  # [row, i, j]: j scores more than i
        tied_before = (scores[:, None, :] == scores[:, :, None]) & np.tri(count, k=-1, dtype=bool)[None]
        position = ahead.sum(axis=2) + tied_before.sum(axis=2) + 1
        for entity in article.entities:
            naming = [i for i, c in enumerate(article.candidates) if matches(entity, c)]
            if naming:
                rank = position[:, naming].min(axis=1)
                hits[:, column] += rank <= TOP
                reciprocal[:, column] += 1 / rank
    return Merits(hits, reciprocal)


def choose(articles: Sequence[Scored], grid: Sequence[Prominence] = GRID) -> Prominence:
    """The weights of ``grid`` that rank the most main entities of ``articles`` into their top five
    (ties as :meth:`Merits.best`)."""
    return grid[merits(articles, grid).best(range(len(articles)))]


@dataclass
class FoldResult:
    scores: list[Score]  # one per fold
    weights: list[Prominence | None]  # the weights each fold was ranked with, where chosen

    @property
    def pooled(self) -> Score:
        pooled = Score()
        for score in self.scores:
            pooled.pairs += score.pairs
            pooled.hits += score.hits
            pooled.misses += score.misses
        return pooled

    def report(self, name: str) -> str:
        pooled = self.pooled
        shares = [s.share for s in self.scores if s.pairs]
        mean = sum(shares) / len(shares) if shares else 0.0
        return (f"{name}: {pooled.hits}/{pooled.pairs} main entities in the top {TOP} = {pooled.share:.3f}"
                f"; folds mean {mean:.3f}, range {min(shares, default=0):.3f}-{max(shares, default=0):.3f}")


def cross_validate(articles: Sequence[Scored], folds: dict[str, int], k: int,
                   rank: Callable[[Sequence[Candidate]], list[Candidate]] | None = None,
                   grid: Sequence[Prominence] = GRID) -> FoldResult:
    """Each fold's articles scored with ``rank``, or, without it, ranked by briefing with the weights
    chosen on the other folds' articles only."""
    found = merits(articles, grid) if rank is None else None
    result = FoldResult([], [])
    for fold in range(k):
        weights = None
        ranking = rank
        if found is not None:
            weights = grid[found.best([i for i, a in enumerate(articles) if folds[a.event] != fold])]
            ranking = by_prominence(weights)
        assert ranking is not None
        score = Score()
        for article in (a for a in articles if folds[a.event] == fold):
            score_article(article.title, article.entities, ranking(article.candidates), score)
        result.scores.append(score)
        result.weights.append(weights)
    return result


def briefing_candidates(records: list[dict]) -> list[list[Candidate]]:
    """briefing's actors for each record, analysed as a pasted article, with their signs."""
    found = []
    for analysis in analysed([r["text"] for r in records]):
        lead = analysis.sentences[0] if analysis.sentences else None
        signs = actor_signs(analysis.actors, analysis.article.title, lead, analysis.quotes, analysis.key_quotes)
        found.append([Candidate(a.name, tuple(a.aliases), len(a.mentions), sign) for a, sign in zip(analysis.actors, signs, strict=True)])
    return found


def spacy_candidates(records: list[dict]) -> list[list[Candidate]]:
    """spaCy's entities of the wanted labels, grouped by their exact text."""
    from briefing.analyse.nlp import load

    found = []
    for doc in load().pipe(r["text"] for r in records):
        counts = Counter(ent.text for ent in doc.ents if ent.label_ in LABELS)
        found.append([Candidate(text, (), count) for text, count in counts.items()])
    return found


def spacy_rate(records: list[dict]) -> float:
    """Articles per second of the bare spaCy pipeline on the same texts."""
    from briefing.analyse.nlp import load, parse

    started = time.perf_counter()
    for _ in parse((r["text"] for r in records), load()):
        pass
    return len(records) / (time.perf_counter() - started)


def scored(records: list[dict], candidates: list[list[Candidate]]) -> list[Scored]:
    return [Scored(r["event"], r["title"], tuple(r["main_entities"]), tuple(c)) for r, c in zip(records, candidates, strict=True)]


def show(miss: Miss) -> str:
    where = f"rank {miss.rank}" if miss.rank else "not found"
    names = "; ".join(f"{c.name} ({c.count})" for c in miss.top)
    return f"  {miss.title[:70]!r}: {miss.entity!r} {where}; top: {names}"


def show_weights(weights: Prominence) -> str:
    return f"headline, lead and key quote {weights.focus:g} each, place {weights.place:g}, country {weights.country:g}"


def load_records(path: Path) -> list[dict] | None:
    if not path.is_file():
        print(f"skipped: {path} not found")
        return None
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    command.add_argument("data", type=Path, help="basil/dev.jsonl")
    command.add_argument("--folds", type=int, default=FOLDS, help=f"folds of stories (default {FOLDS}; as many as stories: leave one out)")
    command.add_argument("--misses", action="store_true", help="list briefing's missed main entities, ranked as cross-validated")
    args = command.parse_args(argv)
    records = load_records(args.data)
    if records is None:
        return 0
    events = {r["event"] for r in records}
    k = min(max(args.folds, 2), len(events))
    folds = folds_of(events, k)
    kind = "leave-one-story-out" if k == len(events) else f"{k} folds by story"
    print(f"{len(records)} articles, {len(events)} stories ({args.data.name}); {kind}")

    from briefing.analyse.nlp import load

    load()  # the model's loading time is not the systems'
    started = time.perf_counter()
    briefing = scored(records, briefing_candidates(records))
    rate = len(records) / (time.perf_counter() - started)
    baseline = scored(records, spacy_candidates(records))

    result = cross_validate(briefing, folds, k)
    print(result.report("briefing, weights chosen on the other folds"))
    for fold, (weights, score) in enumerate(zip(result.weights, result.scores, strict=True)):
        assert weights is not None
        print(f"  fold {fold + 1}: {score.hits}/{score.pairs} = {score.share:.3f} with {show_weights(weights)}")
    print(cross_validate(briefing, folds, k, by_prominence(MENTIONS_ONLY)).report("briefing, ranked by mentions alone"))
    print(cross_validate(baseline, folds, k, by_count).report("spaCy entities by text"))
    chosen = choose(briefing)
    shipped = "the shipped PROMINENCE" if chosen == PROMINENCE else f"briefing ships other weights: {show_weights(PROMINENCE)}"
    print(f"weights chosen on all {len(events)} stories: {show_weights(chosen)} ({shipped})")
    bare = spacy_rate(records)
    print(f"bare nlp.pipe on the same texts: {bare:.1f} articles/s; "
          f"briefing's analysis {rate:.1f} articles/s = {rate / bare:.2f}x spaCy's speed")
    if args.misses:
        misses = result.pooled.misses
        print(f"briefing's misses ({len(misses)}):")
        print("\n".join(show(miss) for miss in misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
