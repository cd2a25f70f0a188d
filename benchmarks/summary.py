"""Summaries on BBC News Summary (format: ../shared/eval/FORMAT.md, bbc-summary): what share of the
chosen sentences are in the reference summary?

A chosen sentence is right when its text, with white space removed and quote marks made straight,
occurs in the reference summary (normalised the same way); a chosen span under 20 characters never
counts. Every system picks the same number of sentences (3) from the same sentences: briefing's
split of the article analysed as a pasted text. Systems, in the same run:

- briefing's summariser (``briefing.analyse.summary``);
- Lead-3: the first three sentences;
- LexRank (Erkan and Radev 2004) written out here: TF-IDF cosine similarity between the sentences
  (lower-case words without stop words, IDF over the article's sentences), an edge where it is above
  0.1, PageRank by power iteration; the plain form most implementations ship (sumy's);
- two LexRank variants shown for reference: IDF over all the articles of the run instead of one
  article's sentences (the paper's own setting), and continuous LexRank (edges weighted by the
  similarity, no threshold). briefing's summariser uses continuous LexRank as its main feature.

Prints a table, the ratio briefing / max(Lead-3, LexRank) (and against the best row), how often
briefing's bottom line is in the reference, and speed: briefing's articles/s for the whole analysis
(spaCy's parse included) and for its summariser alone.

    python benchmarks/summary.py ../shared/eval/bbc-summary/odd.jsonl [--part tune|report|all]

``--part`` splits the articles by a hash of their id: tune on one half, report on the other.
Skips (exit 0) when the data file is absent: the data is not part of the project.
"""

from __future__ import annotations

import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from evaldata import analysed, in_half, parser
from evaldata import records as load_records

if TYPE_CHECKING:
    from briefing.model import Analysis

LENGTH = 3
MIN_CHARS = 20
THRESHOLD = 0.1
DAMPING = 0.85
QUOTES = str.maketrans(dict.fromkeys("“”„‟″«»", '"') | dict.fromkeys("‘’‚‛′`", "'"))
WORD = re.compile(r"\w+")


def normalised(text: str) -> str:
    """Text as the references are compared: no white space, straight quote marks."""
    return "".join(text.translate(QUOTES).split())


def in_reference(sentence: str, reference: str) -> bool:
    """Is the chosen sentence in the (normalised) reference summary? Short spans never count."""
    return len(sentence) >= MIN_CHARS and normalised(sentence) in reference


@dataclass
class Score:
    chosen: int = 0
    right: int = 0
    seconds: float = 0.0

    @property
    def share(self) -> float:
        return self.right / self.chosen if self.chosen else 0.0

    def add(self, sentences: Sequence[str], reference: str) -> None:
        self.chosen += len(sentences)
        self.right += sum(in_reference(s, reference) for s in sentences)


def words(text: str) -> list[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


def lexrank(sentences: Sequence[str], length: int = LENGTH, threshold: float | None = THRESHOLD,
            idf: Callable[[str], float] | None = None) -> list[int]:
    """Indexes (in article order) of the ``length`` sentences LexRank ranks highest.

    ``threshold`` None is continuous LexRank; ``idf`` maps a word to its IDF, by default the
    article's own: log(N / n) with its sentences as the documents.
    """
    import numpy as np

    count = len(sentences)
    bags = [Counter(words(s)) for s in sentences]
    vocabulary = sorted({w for bag in bags for w in bag})
    if count <= length or not vocabulary:
        return list(range(min(count, length)))
    column = {w: i for i, w in enumerate(vocabulary)}
    matrix = np.zeros((count, len(vocabulary)))
    for row, bag in enumerate(bags):
        for word, times in bag.items():
            matrix[row, column[word]] = times
    if idf is None:
        matrix *= np.log(count / (matrix > 0).sum(axis=0))
    else:
        matrix *= np.array([idf(w) for w in vocabulary])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1.0)
    similarity = matrix @ matrix.T
    graph = similarity if threshold is None else (similarity > threshold).astype(float)
    totals = graph.sum(axis=1, keepdims=True)
    transition = np.where(totals > 0, graph / np.where(totals > 0, totals, 1.0), 1.0 / count)
    rank = np.full(count, 1.0 / count)
    for _ in range(200):
        updated = (1 - DAMPING) / count + DAMPING * transition.T @ rank
        converged = np.abs(updated - rank).sum() < 1e-10
        rank = updated
        if converged:
            break
    return sorted(sorted(range(count), key=lambda i: (-rank[i], i))[:length])


def corpus_idf(articles: Sequence[Sequence[str]]) -> Callable[[str], float]:
    """IDF, log(N / n), over the articles of the run, each article one document."""
    frequency = Counter(w for sentences in articles for w in {w for s in sentences for w in words(s)})
    return lambda word: math.log(len(articles) / frequency[word]) if frequency[word] else 0.0


@contextmanager
def timed_summariser(score: Score) -> Iterator[None]:
    """Add the time briefing's analysis spends in its summariser to ``score.seconds``."""
    import briefing.analyse.article

    original = briefing.analyse.article.summarise

    def summarise(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            score.seconds += time.perf_counter() - started

    briefing.analyse.article.summarise = summarise
    try:
        yield
    finally:
        briefing.analyse.article.summarise = original


def analyses(texts: list[str]) -> Iterator[Analysis | None]:
    """briefing's analysis of each text as a pasted article, or None where the analysis fails."""
    done = 0
    while done < len(texts):
        try:
            for analysis in analysed(texts[done:]):
                done += 1
                yield analysis
        except Exception as error:
            print(f"  article {done}: {type(error).__name__}: {error}")
            done += 1
            yield None


def _ratio(share: float, baseline: float) -> str:
    return f"{share / baseline:.3f}" if baseline else "n/a"


def in_part(record: dict, part: str) -> bool:
    return in_half(record["id"], part)


def main(argv: list[str] | None = None) -> int:
    command = parser(__doc__.split("\n\n")[0], "bbc-summary/odd.jsonl")
    args = command.parse_args(argv)
    records = load_records(args, in_part)
    if records is None:
        return 0
    if not records:
        print("no articles in this part")
        return 0

    from briefing.analyse.nlp import load

    load()  # the model's loading time is not the systems'
    briefing, summariser = Score(), Score()
    bottom_line, first = Score(), Score()
    sentences: list[list[str]] = []
    references: list[str] = []
    failed: list[str] = []
    started = time.perf_counter()
    with timed_summariser(summariser):
        for record, analysis in zip(records, analyses([r["text"] for r in records]), strict=True):
            if analysis is None:
                failed.append(record["id"])
                continue
            reference = normalised(record["reference_summary"])
            references.append(reference)
            sentences.append([s.text for s in analysis.sentences])
            briefing.add([s.text for s in analysis.summary], reference)
            bottom_line.add([analysis.bottom_line.text] if analysis.bottom_line else [], reference)
            first.add(sentences[-1][:1], reference)
    briefing.seconds = time.perf_counter() - started
    if failed:
        print(f"briefing's analysis failed on {len(failed)} articles, left out for every system: {', '.join(failed)}")

    idf = corpus_idf(sentences)
    baselines: dict[str, Callable[[list[str]], list[int]]] = {
        "Lead-3": lambda s: list(range(min(len(s), LENGTH))),
        "LexRank": lexrank,
        "LexRank, corpus IDF": lambda s: lexrank(s, idf=idf),
        "LexRank, continuous": lambda s: lexrank(s, threshold=None),
    }
    scores = {"briefing": briefing}
    for name, choose in baselines.items():
        score = scores[name] = Score()
        started = time.perf_counter()
        for article, reference in zip(sentences, references, strict=True):
            score.add([article[i] for i in choose(article)], reference)
        score.seconds = time.perf_counter() - started

    rows = len(references)
    print(f"{'system':<22} {'chosen':>7} {'right':>6} {'share':>6} {'articles/s':>11}")
    for name, score in scores.items():
        rate = rows / max(score.seconds, 1e-9)
        print(f"{name:<22} {score.chosen:>7} {score.right:>6} {score.share:>6.3f} {rate:>11.1f}")
    baseline = max(scores["Lead-3"].share, scores["LexRank"].share)
    best = max(score.share for name, score in scores.items() if name != "briefing")
    print(f"ratio briefing / max(Lead-3, LexRank) = {_ratio(briefing.share, baseline)}"
          f" (against the best baseline row: {_ratio(briefing.share, best)})")
    print(f"bottom line in the reference: {bottom_line.share:.3f} (the first sentence: {first.share:.3f})")
    print(f"briefing's articles/s include spaCy's parse; its summariser alone: "
          f"{rows / max(summariser.seconds, 1e-9):.0f} articles/s "
          f"({summariser.seconds / briefing.seconds:.1%} of the analysis time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
