"""Stories on BASIL (format: ../shared/eval/FORMAT.md): are the outlets' reports of one story grouped
together, and apart from every other story?

Every record is analysed as a pasted article (no publication date, so the date rule stays idle) and
the articles of many stories are grouped in one batch, as briefing would see them. The score is the
adjusted Rand index of the predicted groups against the stories (1 = the same partition, about 0 =
no better than chance). In the same run, a baseline: word TF-IDF cosine (sublinear term frequency,
smoothed IDF) alone, with articles joined in connected groups at a fixed threshold.

Grouping needs the whole mix, so the data is not halved by article but by story: briefing's settings
(``briefing.brief.stories.Grouping``) were chosen on the stories of the tune half, and this script reports
the ARI on the report half's stories mixed (held out) and on all stories mixed. The baseline's
threshold is chosen here, on the tune half, by the same rule: the middle of the range of thresholds
where its ARI on the tune half is best. The range is shown for briefing's grouping too.

    python benchmarks/events.py ../shared/eval/basil/dev.jsonl [--part report|tune|all] [--speed 1000]

``--part`` names the held-out half (default report). ``--speed N`` also times the grouping on N
synthetic articles: copies of the data's articles, each keeping a random two thirds of its sentences.
Skips (exit 0) when the data file is absent: the data is not part of the project.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from evaldata import analysed, in_half, parser
from evaldata import records as load_records

TARGET = 0.95
BASELINE_STOP = frozenset(
    "the a an and or of to in on for with by at from as that this is was are be has have had will would it its he she they said".split()
)
THRESHOLDS = [round(0.05 * 1.03 ** k, 4) for k in range(80)]  # 0.05 to 0.5, 3% apart


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


def baseline_similarity(analyses):
    """Word TF-IDF cosine alone: briefing's former word profile, without actors or dates."""
    from briefing.brief.stories import cosines

    profiles = [Counter(w.lower() for s in a.sentences for w in s.text.split()
                        if w.isalpha() and len(w) > 2 and w.lower() not in BASELINE_STOP) for a in analyses]
    documents = Counter(term for p in profiles for term in p)
    n = len(profiles)
    vectors = []
    for profile in profiles:
        vector = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + documents[t])) + 1) for t, c in profile.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        vectors.append({t: v / norm for t, v in vector.items()} if norm else {})
    return cosines(vectors)


def connected_groups(similarity, threshold: float) -> list[list[int]]:
    from briefing.brief.stories import connected

    n = len(similarity)
    return connected(n, [(i, j) for i in range(n) for j in range(i + 1, n) if similarity[i, j] >= threshold])


def average_link_groups(similarity, threshold: float) -> list[list[int]]:
    from briefing.brief.stories import stories

    return stories(similarity, threshold)


def best_range(similarity, gold: list, cut) -> tuple[float, float, float]:
    """The best ARI over the thresholds tried, and the lowest and highest threshold giving it."""
    scores = [adjusted_rand_index(gold, labels(cut(similarity, t), len(gold))) for t in THRESHOLDS]
    best = max(scores)
    chosen = [t for t, score in zip(THRESHOLDS, scores) if score >= best - 1e-9]
    return best, chosen[0], chosen[-1]


def synthetic(analyses: list, n: int, seed: int = 0) -> list:
    """n distinct articles made from the given ones: copies keeping a random two thirds of their sentences."""
    chance = random.Random(seed)
    made = []
    for i in range(n):
        analysis = analyses[i % len(analyses)]
        kept = [s for s in analysis.sentences if chance.random() < 2 / 3] or analysis.sentences[:1]
        article = replace(analysis.article, id=f"{analysis.article.id}-{i}")
        made.append(replace(analysis, article=article, sentences=kept))
    return made


def score(records: list[dict], analyses: list, members: list[int], settings, baseline_threshold: float) -> float:
    """Group the given articles mixed together; print and return briefing's ARI, with the baseline's."""
    from briefing.brief.stories import clusters, group, similarities

    gold = [records[i]["event"] for i in members]
    chosen = [analyses[i] for i in members]
    started = time.perf_counter()
    events = group(chosen, settings)
    seconds = time.perf_counter() - started
    index = {a.article.id: i for i, a in enumerate(chosen)}
    ari = adjusted_rand_index(gold, labels([[index[a] for a in event.articles] for event in events], len(chosen)))
    base_groups = connected_groups(baseline_similarity(chosen), baseline_threshold)
    base = adjusted_rand_index(gold, labels(base_groups, len(chosen)))
    print(f"  briefing: ARI {ari:.3f}, {len(events)} groups for {len(set(gold))} stories "
          f"({len(chosen) / max(seconds, 1e-9):.0f} articles/s)")
    print(f"  baseline (word TF-IDF, connected groups at {baseline_threshold}): ARI {base:.3f}, {len(base_groups)} groups")
    dated = [replace(a, article=replace(a.article, published=date.fromisoformat(day) if (day := records[i].get("date")) else None))
             for i, a in zip(members, chosen)]
    with_dates = adjusted_rand_index(gold, labels(clusters(dated, settings), len(chosen)))
    best = {name: best_range(similarity(chosen), gold, cut)[0] for name, similarity, cut in (
        ("briefing", lambda c: similarities(c, settings), average_link_groups),
        ("baseline", baseline_similarity, connected_groups))}
    print(f"  briefing with the records' publication dates: ARI {with_dates:.3f}")
    print(f"  at the threshold best for this very mix (fitted, for comparison only): "
          f"briefing {best['briefing']:.3f}, baseline {best['baseline']:.3f}")
    return ari


def main(argv: list[str] | None = None) -> int:
    command = parser(__doc__.split("\n\n")[0], "basil/dev.jsonl")
    command.add_argument("--speed", type=int, metavar="N", help="also time the grouping of N synthetic articles")
    args = command.parse_args(argv)
    held_out = args.part
    args.part = "all"  # every article is read; the halves split stories, below
    records = load_records(args, lambda record, part: True)
    if records is None:
        return 0

    from briefing.brief.stories import Grouping, group, similarities

    analyses = list(analysed([r["text"] for r in records]))
    settings = Grouping()
    everything = list(range(len(records)))
    baseline_threshold = 0.19  # the former fixed threshold, when there is no half to choose one on
    if held_out != "all":
        tuned_on = "report" if held_out == "tune" else "tune"
        tune = [i for i in everything if in_half(records[i]["event"], tuned_on)]
        gold = [records[i]["event"] for i in tune]
        chosen = [analyses[i] for i in tune]
        best, low, high = best_range(similarities(chosen, settings), gold, average_link_groups)
        print(f"{tuned_on} half ({len(set(gold))} stories, {len(tune)} articles mixed), to choose thresholds on:")
        print(f"  briefing: best ARI {best:.3f} for thresholds {low:.3f} to {high:.3f}; "
              f"set to {settings.threshold} (the default, chosen on the tune half)")
        best, low, high = best_range(baseline_similarity(chosen), gold, connected_groups)
        baseline_threshold = round(math.sqrt(low * high), 3)
        print(f"  baseline: best ARI {best:.3f} for thresholds {low:.3f} to {high:.3f}; "
              f"set to {baseline_threshold} (their geometric mean)")

    scores = []
    for part in ([held_out] if held_out != "all" else []) + ["all"]:
        members = [i for i in everything if in_half(records[i]["event"], part)]
        what = "held out" if part == held_out and part != "all" else "all stories, both halves"
        print(f"{part} ({len({records[i]['event'] for i in members})} stories, {len(members)} articles mixed; {what}):")
        scores.append(score(records, analyses, members, settings, baseline_threshold))
    print(f"target ARI >= {TARGET}: {'met' if min(scores) >= TARGET else 'missed'}")

    if args.speed:
        many = synthetic(analyses, args.speed)
        started = time.perf_counter()
        events = group(many, settings)
        seconds = time.perf_counter() - started
        print(f"grouping {len(many)} synthetic articles: {seconds:.2f} s ({len(many) / seconds:.0f} articles/s), "
              f"{len(events)} groups")
    return 0 if min(scores) >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
