"""Stories on BASIL (format: ../shared/eval/FORMAT.md), cross-validated: are the outlets' reports of
one story grouped together, and apart from every other story?

Every record is analysed as a pasted article and given its record's publication date, as a date
line or a manifest would. The score is the adjusted Rand index (ARI) of the predicted groups
against the stories (1 = the same partition, about 0 = no better than chance).

k folds by story (default 6): the stories are put in the order of a hash of their id and dealt out
in turn, so the folds never change. For each fold, the settings are chosen on the other folds'
stories alone, their articles grouped among themselves:

- the threshold: the middle (geometric mean) of the range of thresholds at which the training ARI
  is best, the articles undated: the threshold must hold where words alone decide;
- the date scale (``days``, at which the similarity of two dated articles is halved): the middle
  (geometric mean) of the range of scales, from a day to four months, at which the training ARI,
  dated, at that threshold is best.

Then all articles of all folds are grouped together with those settings, and the fold's score is the
ARI over its held-out articles only, so that confusion with the other stories counts: an article
put with another story's articles is apart from its own. A whole story put with another would
escape that, so the run also counts the held-out articles that share a group with another story's.
Reported: the pooled ARI (every article labelled by its own fold's run), the mean and the range over
folds. In the same run: briefing without the dates (words alone), and a baseline: plain word TF-IDF
(sublinear counts, smoothed IDF) cosine, articles joined in connected groups at a threshold chosen
the same way. Then, on all stories, the settings the same rule picks (briefing's defaults,
``briefing.brief.stories.Grouping``, are these, rounded).

Speed: distinct real texts (``benchmarks/corpus.py``'s sources, from the eval folder) are analysed
once; to reach 10,000, copies of them are made, each keeping a random two thirds of its sentences
under its own id and a date up to 30 days from its text's (the record's date, else a day in
2004-2005, the BBC set's years). The time to group 1,000 and 10,000 articles is reported with the
growth factor and the pairs compared.

    python benchmarks/events.py ../shared/eval/basil/dev.jsonl [--folds 6] [--speed-texts 1000 | --no-speed]

Skips (exit 0) when the data file is absent: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file

TARGET = 0.96
MARGIN = 0.03  # over the baseline, in the same run
BASELINE_STOP = frozenset(
    "the a an and or of to in on for with by at from as that this is was are be has have had will would it its he she they said".split()
)
THRESHOLDS = [round(0.05 * 1.03 ** k, 4) for k in range(80)]  # 0.05 to 0.5, 3% apart
DAYS = [1.0, 2.0, 4.0, 7.0, 14.0, 30.0, 60.0, 120.0]  # a day to four months, each about twice the last
SPEED_SIZES = (1000, 10000)


def pairs(count: int) -> float:
    return count * (count - 1) / 2


def adjusted_rand_index(gold: list, predicted: list) -> float:
    """Adjusted Rand index (Hubert and Arabie) of two labellings of the same items, from their
    contingency table: pairs put together by both, against what chance would give with the same group sizes."""
    together = sum(pairs(n) for n in Counter(zip(gold, predicted)).values())
    gold_pairs = sum(pairs(n) for n in Counter(gold).values())
    predicted_pairs = sum(pairs(n) for n in Counter(predicted).values())
    expected = gold_pairs * predicted_pairs / pairs(len(gold)) if len(gold) > 1 else 0.0
    best = (gold_pairs + predicted_pairs) / 2
    return 1.0 if best == expected else (together - expected) / (best - expected)


def labels(groups: list[list[int]], n: int) -> list[int]:
    """The group number of each of n items."""
    label = [0] * n
    for number, members in enumerate(groups):
        for i in members:
            label[i] = number
    return label


def folds_of(stories: list[str], k: int) -> dict[str, int]:
    """Each story's fold: stories in the order of their id's SHA-256, dealt out in turn."""
    ordered = sorted(set(stories), key=lambda s: hashlib.sha256(s.encode()).hexdigest())
    return {story: position % k for position, story in enumerate(ordered)}


def middle_of_best(scores: list[float]) -> tuple[float, float, float, float]:
    """The best score over THRESHOLDS, the lowest and highest threshold giving it and their geometric mean."""
    best = max(scores)
    chosen = [t for t, score in zip(THRESHOLDS, scores) if score >= best - 1e-9]
    return best, chosen[0], chosen[-1], math.sqrt(chosen[0] * chosen[-1])


@dataclass
class Method:
    """A way of grouping a subset of the articles at a threshold (and, for briefing, a date scale)."""

    name: str

    def groups(self, members: list[int], threshold: float, days: float | None) -> list[list[int]]:
        raise NotImplementedError


class Briefing(Method):
    def __init__(self, profiles: list[Counter], dates: list[date | None]):
        super().__init__("briefing")
        self.profiles, self.dates = profiles, dates
        self._links: dict = {}

    def links(self, members: list[int], days: float | None):
        from briefing.brief.stories import Grouping, links

        key = (tuple(members), days)
        if key not in self._links:
            dates = [self.dates[i] if days else None for i in members]
            self._links[key] = links([self.profiles[i] for i in members], dates, Grouping(days=days or 1.0))
        return self._links[key]

    def groups(self, members, threshold, days):
        from briefing.brief.stories import average_link

        return [[members[i] for i in c.members] for c in average_link(self.links(members, days), threshold)]


class Baseline(Method):
    """Word TF-IDF cosine alone (sublinear counts, smoothed IDF), connected groups at a threshold."""

    def __init__(self, analyses):
        super().__init__("word TF-IDF")
        self.profiles = [Counter(w.lower() for s in a.sentences for w in s.text.split()
                                 if w.isalpha() and len(w) > 2 and w.lower() not in BASELINE_STOP) for a in analyses]
        self._similarity: dict = {}

    def similarity(self, members: list[int]) -> np.ndarray:
        key = tuple(members)
        if key not in self._similarity:
            profiles = [self.profiles[i] for i in members]
            documents = Counter(t for p in profiles for t in p)
            vocabulary = {t: k for k, t in enumerate(documents)}
            matrix = np.zeros((len(profiles), len(vocabulary)))
            n = len(profiles)
            for row, profile in enumerate(profiles):
                for t, c in profile.items():
                    matrix[row, vocabulary[t]] = (1 + math.log(c)) * (math.log((1 + n) / (1 + documents[t])) + 1)
            norms = np.linalg.norm(matrix, axis=1)
            matrix /= np.where(norms > 0, norms, 1)[:, None]
            self._similarity[key] = matrix @ matrix.T
        return self._similarity[key]

    def groups(self, members, threshold, days):
        from briefing.brief.stories import connected

        similarity = self.similarity(members)
        joined = zip(*np.nonzero(np.triu(similarity >= threshold, 1)))
        return [[members[i] for i in group] for group in connected(len(members), [(int(i), int(j)) for i, j in joined])]


def ari_of(method: Method, members: list[int], gold: list[str], threshold: float, days: float | None) -> float:
    groups = method.groups(members, threshold, days)
    index = {item: k for k, item in enumerate(members)}
    return adjusted_rand_index([gold[i] for i in members], labels([[index[i] for i in g] for g in groups], len(members)))


def choose(method: Method, members: list[int], gold: list[str], dated: bool) -> tuple[float, float | None, str]:
    """The settings the rule picks on ``members``' stories (see the module's docstring), and how."""
    best, low, high, threshold = middle_of_best([ari_of(method, members, gold, t, None) for t in THRESHOLDS])
    how = f"ARI {best:.3f} at {low:.3f}-{high:.3f}"
    if not dated:
        return threshold, None, how
    scores = {days: ari_of(method, members, gold, threshold, days) for days in DAYS}
    top = max(scores.values())
    good = [d for d, score in scores.items() if score >= top - 1e-9]
    days = round(math.sqrt(good[0] * good[-1]), 2)
    return threshold, days, how + f"; dated ARI {top:.3f} at {good[0]:g}-{good[-1]:g} days"


@dataclass
class FoldResult:
    ari: float
    confused: int  # held-out articles sharing a group with another story's article
    labels: dict[int, tuple[int, int]]  # held-out article -> (fold, group)


def held_out(method: Method, everything: list[int], test: list[int], gold: list[str], threshold: float,
             days: float | None, fold: int) -> FoldResult:
    """Group all articles; score the held-out ones."""
    groups = method.groups(everything, threshold, days)
    group_of = {i: number for number, g in enumerate(groups) for i in g}
    stories_in = [{gold[i] for i in g} for g in groups]
    ari = adjusted_rand_index([gold[i] for i in test], [group_of[i] for i in test])
    confused = sum(len(stories_in[group_of[i]]) > 1 for i in test)
    return FoldResult(ari, confused, {i: (fold, group_of[i]) for i in test})


def cross_validate(method: Method, gold: list[str], fold_of: dict[str, int], k: int, dated: bool,
                   say=print) -> tuple[float, list[float], int]:
    everything = list(range(len(gold)))
    results = []
    for fold in range(k):
        train = [i for i in everything if fold_of[gold[i]] != fold]
        test = [i for i in everything if fold_of[gold[i]] == fold]
        threshold, days, how = choose(method, train, gold, dated)
        result = held_out(method, everything, test, gold, threshold, days, fold)
        results.append(result)
        stories = len({gold[i] for i in test})
        say(f"  fold {fold + 1}: {stories} stories held out; chosen on the other {len({gold[i] for i in train})}: "
            f"threshold {threshold:.3f}{f', days {days:g}' if days else ''} ({how}); held-out ARI {result.ari:.3f}"
            + (f", {result.confused} held-out articles grouped with another story's" if result.confused else ""))
    pooled_labels = {i: label for r in results for i, label in r.labels.items()}
    pooled = adjusted_rand_index(gold, [pooled_labels[i] for i in everything])
    return pooled, [r.ari for r in results], sum(r.confused for r in results)


def analysed_texts(texts: list[str], say=print) -> tuple[list, list[int]]:
    """briefing's analyses of texts pasted each into a file of its own, and the positions analysed:
    a text whose analysis fails is left out, saying so (as ``briefing convert`` reports and leaves it)."""
    from evaldata import analysed

    found, kept = [], []
    for first in range(0, len(texts), 50):
        chunk = list(range(first, min(first + 50, len(texts))))
        try:
            found += list(analysed([texts[i] for i in chunk]))
            kept += chunk
        except Exception:  # one failing article: analyse the chunk one by one
            for i in chunk:
                try:
                    found += list(analysed([texts[i]]))
                    kept.append(i)
                except Exception as error:
                    say(f"left out: text {i} could not be analysed ({type(error).__name__}: {error})")
    return found, kept


def speed(eval_dir: Path, texts: int, sizes: tuple[int, int] = SPEED_SIZES, say=print) -> None:
    """Time the grouping of ``sizes`` (1,000 and 10,000) articles made from ``texts`` distinct real texts."""
    import corpus

    from briefing.brief.stories import Grouping, group, links, stated_date, terms

    available = [t for t in corpus.available(eval_dir, say=lambda _: None) if t.source != "seeds"][:texts]
    if not available:
        say("speed: skipped, no eval texts found")
        return
    started = time.perf_counter()
    made, kept = analysed_texts([t.pasted() for t in available], say)
    chance = random.Random(0)
    days = []
    for i in kept:
        meta = dict(available[i].meta)
        days.append(date.fromisoformat(meta["published"]) if "published" in meta
                    else date(2004, 1, 1) + timedelta(days=chance.randrange(731)))
    sources = Counter(available[i].source for i in kept)
    say(f"speed: {len(made)} distinct texts analysed in {time.perf_counter() - started:.0f} s "
        f"({', '.join(f'{k} {v}' for k, v in sources.items())})")
    articles = []
    for n in range(max(sizes)):
        analysis, day = made[n % len(made)], days[n % len(made)]
        if n >= len(made):  # a copy: two thirds of the sentences, its own id and date
            kept_sentences = [s for s in analysis.sentences if chance.random() < 2 / 3] or analysis.sentences[:1]
            article = replace(analysis.article, id=f"{analysis.article.id}-copy-{n}",
                              published=day + timedelta(days=chance.randint(-30, 30)))
            analysis = replace(analysis, article=article, sentences=kept_sentences)
        else:
            analysis = replace(analysis, article=replace(analysis.article, published=day))
        articles.append(analysis)
    say(f"  articles past the {len(made)} texts are copies of them (a random two thirds of the sentences, "
        "their own id, a date within 30 days of the text's)")
    timings = {}
    for size in sizes:
        batch = articles[:size]
        started = time.perf_counter()
        events = group(batch)
        timings[size] = time.perf_counter() - started
        compared = links([terms(a) for a in batch], [stated_date(a) for a in batch], Grouping()).comparisons
        say(f"  {size} articles: {timings[size]:.2f} s, {len(events)} stories; {compared} pairs compared "
            f"({compared / size:.0f} an article, {compared / pairs(size):.2%} of all pairs)")
    small, large = sizes
    say(f"  growth from {small} to {large} articles: x{timings[large] / timings[small]:.1f} "
        f"(x{large / small:.0f} would be linear); under a minute for {large}: "
        f"{'yes' if timings[large] < 60 else 'no'}")


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    command.add_argument("data", type=Path, help="basil/dev.jsonl")
    command.add_argument("--folds", type=int, default=6, help="folds by story (at least 2; default 6)")
    command.add_argument("--speed-texts", type=int, default=1000, metavar="N",
                         help="distinct texts analysed for the speed figures (default 1000)")
    command.add_argument("--no-speed", action="store_true", help="leave out the speed figures")
    command.add_argument("--eval", type=Path, help="the eval folder for the speed texts (default: the data file's parent's parent)")
    args = command.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold_all = [r["event"] for r in records]
    k = max(2, min(args.folds, len(set(gold_all))))
    analyses, kept = analysed_texts([r["text"] for r in records])
    records = [records[i] for i in kept]
    gold = [r["event"] for r in records]
    print(f"{len(records)} articles, {len(set(gold))} stories ({args.data.name}); {k} folds by story")

    from briefing.brief.stories import Grouping, terms

    dates = [date.fromisoformat(day) if (day := r.get("date")) else None for r in records]
    analyses = [replace(a, article=replace(a.article, published=d)) for a, d in zip(analyses, dates)]
    fold_of = folds_of(gold, k)
    briefing_method = Briefing([terms(a) for a in analyses], dates)
    baseline = Baseline(analyses)
    summary = {}
    for method, dated, what in ((briefing_method, True, "briefing, with the records' dates"),
                                (briefing_method, False, "briefing, words alone (no dates)"),
                                (baseline, False, "baseline: word TF-IDF, connected groups")):
        print(f"{what}:")
        pooled, scores, confused = cross_validate(method, gold, fold_of, k, dated)
        summary[what] = (pooled, scores, confused)
    print(f"cross-validated over {k} folds ({len(set(gold))} stories, {len(gold)} articles all grouped together in every fold):")
    for what, (pooled, scores, confused) in summary.items():
        print(f"  {what:40} pooled ARI {pooled:.3f}, mean {np.mean(scores):.3f} (min {min(scores):.3f}, "
              f"max {max(scores):.3f}); held-out articles grouped with another story's: {confused}")
    main_score, base_score = summary["briefing, with the records' dates"][0], summary["baseline: word TF-IDF, connected groups"][0]
    met = main_score >= TARGET and main_score >= base_score + MARGIN
    print(f"target pooled ARI >= {TARGET} and >= baseline + {MARGIN} ({base_score + MARGIN:.3f}): {'met' if met else 'missed'}")

    everything = list(range(len(gold)))
    threshold, days, how = choose(briefing_method, everything, gold, dated=True)
    defaults = Grouping()
    print(f"the rule on all {len(set(gold))} stories: threshold {threshold:.3f}, days {days:g} ({how}); "
          f"briefing's defaults: threshold {defaults.threshold}, days {defaults.days:g}")

    if not args.no_speed:
        speed(args.eval or args.data.resolve().parent.parent, args.speed_texts)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
