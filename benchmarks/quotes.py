"""Direct quotes and their speakers on PolNeAR-style data (format: ../shared/eval/FORMAT.md).

A predicted quote matches a gold direct quote when the characters they share are at least the
given share (30%, and 80%) of the gold content and of the prediction; matching is one-to-one, best
overlap first. The speaker is right when at least half of the predicted speaker mention lies inside
the gold source span. Reports precision, recall, F1 and speaker accuracy on the matched quotes,
for briefing and, where textacy is installed, for textacy's ``direct_quotations`` in the same run.

    python benchmarks/quotes.py ../shared/eval/polnear/train.jsonl [--part tune|report|all]

``--part`` splits the articles by a hash of their id: tune on one half, report on the other.
Skips (exit 0) when the data file is absent: the data is not part of the project.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from evaldata import analysed, in_half, parser
from evaldata import records as load_records

THRESHOLDS = (0.3, 0.8)


@dataclass
class Prediction:
    spans: list[tuple[int, int]]  # the quote's characters (one span for briefing)
    speaker: tuple[int, int] | None


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    speaker_right: int = 0  # on the quotes matched at 30%
    failed_articles: int = 0

    def report(self, name: str) -> str:
        lines = [f"{name}: {self.predicted} predicted, {self.gold} gold direct quotes"
                 + (f", failed on {self.failed_articles} articles" if self.failed_articles else "")]
        for threshold in THRESHOLDS:
            matched = self.matched[threshold]
            precision = matched / self.predicted if self.predicted else 0.0
            recall = matched / self.gold if self.gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            lines.append(f"  overlap {threshold:.0%}: P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
        matched = self.matched[THRESHOLDS[0]]
        accuracy = self.speaker_right / matched if matched else 0.0
        lines.append(f"  speaker accuracy (matched at {THRESHOLDS[0]:.0%}): {accuracy:.3f}")
        return "\n".join(lines)


def characters(spans) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def score_article(record: dict, predictions: list[Prediction], score: Score) -> None:
    gold = [a for a in record["attributions"] if a["direct"]]
    score.gold += len(gold)
    score.predicted += len(predictions)
    gold_chars = [characters((s["start"], s["end"]) for s in a["content"]) for a in gold]
    predicted_chars = [characters(p.spans) for p in predictions]
    for threshold in THRESHOLDS:
        pairs = []
        for g, gc in enumerate(gold_chars):
            for p, pc in enumerate(predicted_chars):
                shared = len(gc & pc)
                if gc and pc and shared >= threshold * len(gc) and shared >= threshold * len(pc):
                    pairs.append((shared / max(len(gc), len(pc)), g, p))
        used_gold, used_predicted = set(), set()
        for _, g, p in sorted(pairs, reverse=True):
            if g in used_gold or p in used_predicted:
                continue
            used_gold.add(g)
            used_predicted.add(p)
            score.matched[threshold] += 1
            if threshold == THRESHOLDS[0]:
                speaker = predictions[p].speaker
                source = characters((s["start"], s["end"]) for s in gold[g]["source"])
                if speaker and speaker[1] > speaker[0]:
                    inside = len(characters([speaker]) & source)
                    score.speaker_right += inside >= 0.5 * (speaker[1] - speaker[0])


def briefing_predictions(records: list[dict]):
    """briefing's direct and partial quotes for each record, analysed as pasted articles."""
    for analysis in analysed([r["text"] for r in records]):
        yield [
            Prediction([(p.start, p.end) for p in q.parts], (q.speaker.start, q.speaker.end) if q.speaker else None)
            for q in analysis.quotes if q.kind in ("direct", "partial")
        ]


def textacy_predictions(records: list[dict]):
    """textacy's direct_quotations on the same texts (None for an article it fails on)."""
    from textacy.extract.triples import direct_quotations

    from briefing.analyse.nlp import load

    nlp = load()
    for doc in nlp.pipe(r["text"] for r in records):
        try:
            quotes = list(direct_quotations(doc))
        except Exception:
            yield None
            continue
        yield [
            Prediction([(q.content.start_char, q.content.end_char)],
                       (q.speaker[0].idx, q.speaker[-1].idx + len(q.speaker[-1])) if q.speaker else None)
            for q in quotes
        ]


def in_part(record: dict, part: str) -> bool:
    return in_half(record["article"], part)


def main(argv: list[str] | None = None) -> int:
    command = parser(__doc__.split("\n\n")[0], "polnear/train.jsonl")
    args = command.parse_args(argv)
    records = load_records(args, in_part)
    if records is None:
        return 0

    systems = [("briefing", briefing_predictions)]
    try:
        import textacy  # noqa: F401
    except ImportError:
        print("textacy: not installed, not compared")
    else:
        systems.append(("textacy", textacy_predictions))
    from briefing.analyse.nlp import load

    load()  # the model's loading time is not the analysis's
    rates: dict[str, float] = {}
    for name, predict in systems:
        score = Score()
        started = time.perf_counter()
        for record, predictions in zip(records, predict(records), strict=True):
            if predictions is None:
                score.failed_articles += 1
                predictions = []
            score_article(record, predictions, score)
        rates[name] = len(records) / (time.perf_counter() - started)
        print(score.report(name) + f"\n  {rates[name]:.1f} articles/s")
    rates["spaCy"] = spacy_rate(records)
    print(f"bare nlp.pipe on the same texts: {rates['spaCy']:.1f} articles/s; "
          f"briefing's analysis runs at {rates['briefing'] / rates['spaCy']:.2f}x spaCy's speed "
          f"(work beyond spaCy: {rates['spaCy'] / rates['briefing'] - 1:.0%} of spaCy's own time)")
    return 0


def spacy_rate(records: list[dict]) -> float:
    """Articles per second of the bare spaCy pipeline on the same texts, the floor for the analysis."""
    from briefing.analyse.nlp import load, parse

    nlp = load()
    started = time.perf_counter()
    for _ in parse((r["text"] for r in records), nlp):
        pass
    return len(records) / (time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
