"""Who said what: quotes and attributions with their speakers on PolNeAR-style data (format: ../shared/eval/FORMAT.md).

    python benchmarks/quotes.py ../shared/eval/polnear/train.jsonl          # 5 folds over all articles, speed
    python benchmarks/quotes.py ../shared/eval/polnear/train.jsonl --fit    # fit the attribution model on all, write it
    python benchmarks/quotes.py ../shared/eval/polnear/train.jsonl --limit 100 --speed 0   # a quick look

Scoring (two-sided overlap): a predicted attribution matches a gold one when the characters they
share are at least the given share (30%, and 80%) of the gold content and of the prediction;
matching is one-to-one, best overlap first. The speaker is right when at least half of the
predicted speaker mention lies inside the gold source span (where the gold has no source, when
none is predicted). Precision, recall, F1 and speaker accuracy on the matched quotes, for two sets:

- **marked**: the gold attributions with a double quote mark in their content against briefing's
  ``direct`` and ``partial`` quotes (textacy's ``direct_quotations`` beside them);
- **all**: every gold attribution (with and without quote marks, speech and other attribution)
  against everything briefing attributes (``direct``, ``partial``, ``indirect``).

The articles are cut into 5 folds by a hash of their id. For each fold, briefing's attribution
model (:mod:`briefing.analyse.attribution`: which words are cues, which content each has) is fit
on the other four folds only and judges the fold's articles; figures are given over all articles
and as the mean and spread (min to max) over the folds. ``rules`` is briefing with the hand-written
rules instead of the model (its fallback), the baseline of the same run. ``--fit`` fits the model
on all articles and writes ``briefing/analyse/attribution_model.json`` (scikit-learn, bench extra).

Speed (``--speed N``, default 100): ``briefing extract --json`` on the first N articles saved as
files, against a fresh process that loads the same spaCy model and parses the same cleaned texts in
as many processes (``benchmarks/scale.py --bare-spacy``); both timed from the outside.

Skips (exit 0) when the data file is absent: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file

THRESHOLDS = (0.3, 0.8)
FOLDS = 5
CUE_OPTIONS = {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 16, "random_state": 0}
CONTENT_OPTIONS = {"max_iter": 150, "learning_rate": 0.1, "max_leaf_nodes": 16, "random_state": 0}
#: Shipped with the model: a cue needs this chance, its best content this score (chosen over the folds).
CUE_THRESHOLD, MIN_CONTENT_SCORE = 0.5, 0.4
#: A lemma's record as a cue is kept when it was seen this often; rarer lemmas count as unseen.
MIN_LEMMA_SEEN = 3


@dataclass
class Prediction:
    spans: list[tuple[int, int]]  # the attributed words, in one part or more
    speaker: tuple[int, int] | None


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    speaker_right: int = 0  # on the quotes matched at 30%
    failed_articles: int = 0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.speaker_right += other.speaker_right
        self.failed_articles += other.failed_articles
        for threshold in THRESHOLDS:
            self.matched[threshold] += other.matched[threshold]

    def prf(self, threshold: float) -> tuple[float, float, float]:
        matched = self.matched[threshold]
        precision = matched / self.predicted if self.predicted else 0.0
        recall = matched / self.gold if self.gold else 0.0
        return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def speaker_accuracy(self) -> float:
        matched = self.matched[THRESHOLDS[0]]
        return self.speaker_right / matched if matched else 0.0

    def report(self, name: str) -> str:
        lines = [f"{name}: {self.predicted} predicted, {self.gold} gold"
                 + (f", failed on {self.failed_articles} articles" if self.failed_articles else "")]
        for threshold in THRESHOLDS:
            precision, recall, f1 = self.prf(threshold)
            lines.append(f"  overlap {threshold:.0%}: P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
        lines.append(f"  speaker accuracy (matched at {THRESHOLDS[0]:.0%}): {self.speaker_accuracy:.3f}")
        return "\n".join(lines)


def characters(spans) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def marked(attribution: dict) -> bool:
    return attribution["direct"]


def score_article(record: dict, predictions: list[Prediction], score: Score, which=marked) -> None:
    """Add one article's matches to ``score``: its gold attributions that ``which`` selects against ``predictions``."""
    gold = [a for a in record["attributions"] if which(a)]
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
                score.speaker_right += speaker_right(predictions[p].speaker, gold[g]["source"])


def speaker_right(speaker: tuple[int, int] | None, source: list[dict]) -> bool:
    if not source:
        return speaker is None
    if not speaker or speaker[1] <= speaker[0]:
        return False
    inside = len(characters([speaker]) & characters((s["start"], s["end"]) for s in source))
    return inside >= 0.5 * (speaker[1] - speaker[0])


def fold(record: dict) -> int:
    return int(hashlib.sha256(record["article"].encode()).hexdigest(), 16) % FOLDS


# ---- reading the articles as briefing does ---------------------------------------------------------------

@dataclass
class Example:
    """One article: the record, briefing's article and parse, and the gold attributions in body offsets."""

    record: dict
    article: object
    doc: object
    gold: list[dict]  # {"cue": [(start, end)], "content": [(start, end)]} in body offsets


def to_body(article, offset: int) -> int | None:
    """The body offset of a source offset, or None where cleaning left the source out."""
    for segment in article.offsets.segments:
        if segment.source_start <= offset <= segment.source_start + segment.length:
            return segment.clean_start + offset - segment.source_start
    return None


def body_spans(article, spans: list[dict]) -> list[tuple[int, int]] | None:
    found = []
    for span in spans:
        start, end = to_body(article, span["start"]), to_body(article, span["end"])
        if start is None or end is None:
            return None
        found.append((start, end))
    return found


def examples_of(records: list[dict], nlp) -> list[Example]:
    from briefing.analyse.nlp import parse
    from briefing.ingest.clean import clean
    from briefing.model import Source

    articles = [clean(Source(Path(f"a{i}.txt"), r["text"], "utf-8", hashlib.sha256(r["text"].encode()).hexdigest()), f"a{i}")
                for i, r in enumerate(records)]
    examples = []
    for record, article, doc in zip(records, articles, parse([a.body for a in articles], nlp), strict=True):
        gold = []
        for attribution in record["attributions"]:
            cue, content = body_spans(article, attribution["cue"]), body_spans(article, attribution["content"])
            if cue and content:
                gold.append({"cue": cue, "content": content})
        examples.append(Example(record, article, doc, gold))
    return examples


# ---- fitting briefing's attribution model ----------------------------------------------------------------

def cue_head(doc, spans: list[tuple[int, int]]):
    """The token a cue's words hang on: a verb whose head lies outside them, else the first such token."""
    tokens = [t for start, end in spans if (span := doc.char_span(start, end, alignment_mode="expand")) is not None for t in span]
    if not tokens:
        return None
    own = {t.i for t in tokens}
    outward = [t for t in tokens if t.head.i not in own or t.head.i == t.i]
    verbs = [t for t in outward if t.pos_ in ("VERB", "AUX")]
    return (verbs or outward or tokens)[0]


def lemma_counts(examples: list[Example]) -> dict[str, list[int]]:
    """For each lemma of a candidate cue: [times the head of a gold cue, times seen]."""
    from briefing.analyse import attribution
    from briefing.analyse.nlp import lemma
    from briefing.analyse.quotes import _Inside, quote_spans

    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for example in examples:
        heads = cue_heads(example)
        inside = _Inside(quote_spans(example.doc.text, _paragraphs(example)))
        for token in example.doc:
            if attribution.is_candidate(token, inside):
                entry = counts[lemma(token).lower()]
                entry[1] += 1
                entry[0] += token.i in heads
    return {word: entry for word, entry in counts.items() if entry[1] >= MIN_LEMMA_SEEN}


def cue_heads(example: Example) -> set[int]:
    heads = (cue_head(example.doc, g["cue"]) for g in example.gold)
    return {h.i for h in heads if h is not None}


def _paragraphs(example: Example) -> list[tuple[int, int]]:
    from briefing.analyse.article import paragraph_bounds

    return paragraph_bounds(example.article)


def overlap(gold: set[int], parts) -> float:
    found = characters(parts)
    shared = len(gold & found)
    return min(shared / len(gold), shared / len(found)) if gold and found else 0.0


def gold_contents(example: Example):
    """For each gold attribution of an article whose cue has a head: the head, the gold content's
    characters and the head's candidate contents."""
    from briefing.analyse import attribution

    for gold in example.gold:
        head = cue_head(example.doc, gold["cue"])
        if head is not None:
            yield head, characters(gold["content"]), attribution.content_candidates(head, example.doc.text)


def kind_counts(examples: list[Example]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """For each cue lemma, how often each kind of content was its gold attributions' best; and over all lemmas."""
    from briefing.analyse.nlp import lemma

    rates: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    prior: collections.Counter = collections.Counter()
    for example in examples:
        for head, wanted, options in gold_contents(example):
            if not options:
                continue
            best, kind = max((overlap(wanted, parts), kind) for kind, parts in options)
            if best >= 0.3:
                rates[lemma(head).lower()][kind] += 1
                prior[kind] += 1
    kept = {word: dict(kinds) for word, kinds in rates.items() if sum(kinds.values()) >= MIN_LEMMA_SEEN}
    return kept, dict(prior)


def cue_rows(example: Example, lemmas: dict, speech_verbs) -> tuple[list[list[float]], list[bool]]:
    """The candidate cues of one article (as :func:`briefing.analyse.attribution.find_attributions` picks
    them) with their features and whether each heads a gold cue."""
    from briefing.analyse import attribution
    from briefing.analyse.quotes import _Inside, quote_spans

    inside = _Inside(quote_spans(example.doc.text, _paragraphs(example)))
    heads = cue_heads(example)
    rows, labels = [], []
    for token in attribution.cue_candidates(example.doc, inside, lemmas, speech_verbs):
        rows.append(attribution.cue_features(token, lemmas, speech_verbs, inside))
        labels.append(token.i in heads)
    return rows, labels


def content_rows(example: Example, kind_rates: dict, kind_prior: dict) -> tuple[list[list[float]], list[float]]:
    """Every candidate content of every gold cue of one article, with its features and its overlap with the gold content."""
    from briefing.analyse import attribution
    from briefing.analyse.nlp import lemma

    rows, labels = [], []
    for head, wanted, options in gold_contents(example):
        word = lemma(head).lower()
        for kind, parts in options:
            rows.append(attribution.content_features(word, head, kind, parts, kind_rates, kind_prior, len(options)))
            labels.append(overlap(wanted, parts))
    return rows, labels


def fit_model(examples: list[Example]) -> dict:
    """The attribution model fit on ``examples``: a lemma's record and the kinds' rates for each training
    article come from the other training articles (in 4 parts), so the trees learn how far to trust them."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    from briefing.analyse import attribution
    from briefing.analyse.quotes import SPEECH_VERBS
    from briefing.ingest import trees

    parts = [[e for i, e in enumerate(examples) if i % 4 == p] for p in range(4)]
    cue_x, cue_y, content_x, content_y = [], [], [], []
    for p, part in enumerate(parts):
        others = [e for q, other in enumerate(parts) if q != p for e in other]
        lemmas = lemma_counts(others)
        kind_rates, kind_prior = kind_counts(others)
        for example in part:
            rows, labels = cue_rows(example, lemmas, SPEECH_VERBS)
            cue_x += rows
            cue_y += labels
            rows, values = content_rows(example, kind_rates, kind_prior)
            content_x += rows
            content_y += values
    cue_model = HistGradientBoostingClassifier(**CUE_OPTIONS).fit(np.array(cue_x), np.array(cue_y))
    content_model = HistGradientBoostingRegressor(**CONTENT_OPTIONS).fit(np.array(content_x), np.array(content_y))
    about = f"briefing.analyse.attribution, fit by benchmarks/quotes.py on {len(examples)} PolNeAR train articles"
    kind_rates, kind_prior = kind_counts(examples)
    return {
        "about": about,
        "cue_threshold": CUE_THRESHOLD,
        "min_content_score": MIN_CONTENT_SCORE,
        "cue": {**trees.written(cue_model, attribution.CUE_FEATURES, about, CUE_OPTIONS), "lemmas": lemma_counts(examples)},
        "content": {**trees.written(content_model, attribution.CONTENT_FEATURES, about, CONTENT_OPTIONS),
                    "kind_rates": kind_rates, "kind_prior": kind_prior},
    }


# ---- predictions -----------------------------------------------------------------------------------------

def briefing_predictions(examples: list[Example], model: dict | None) -> list[list[tuple[str, Prediction]]]:
    """briefing's quotes of each article (kind, prediction), in source offsets; ``model`` None: the shipped one."""
    from briefing.analyse.article import analyse_article

    found = []
    for example in examples:
        analysis = analyse_article(example.article, example.doc, attribution_model=model)
        found.append([
            (q.kind, Prediction([(p.start, p.end) for p in q.parts], (q.speaker.start, q.speaker.end) if q.speaker else None))
            for q in analysis.quotes
        ])
    return found


def textacy_predictions(examples: list[Example]) -> list[list[Prediction] | None]:
    """textacy's direct_quotations on the same parses (None for an article it fails on), in source offsets."""
    from textacy.extract.triples import direct_quotations

    found: list[list[Prediction] | None] = []
    for example in examples:
        source = example.article.offsets.to_source
        try:
            quotes = list(direct_quotations(example.doc))
        except Exception:
            found.append(None)
            continue
        found.append([
            Prediction([(source(q.content.start_char), source(q.content.end_char))],
                       (source(q.speaker[0].idx), source(q.speaker[-1].idx + len(q.speaker[-1]))) if q.speaker else None)
            for q in quotes
        ])
    return found


def scored(examples: list[Example], predictions, kinds: tuple[str, ...] | None, which) -> list[Score]:
    """One score per fold."""
    scores = [Score() for _ in range(FOLDS)]
    for example, predicted in zip(examples, predictions, strict=True):
        score = scores[fold(example.record)]
        if predicted is None:
            score.failed_articles += 1
            predicted = []
        chosen = [p for kind, p in predicted if kinds is None or kind in kinds]
        score_article(example.record, chosen, score, which)
    return scores


def summary_line(name: str, scores: list[Score]) -> str:
    total = Score()
    for score in scores:
        total.add(score)
    (p30, r30, f30), (p80, r80, f80) = total.prf(0.3), total.prf(0.8)
    spread = []
    for label, values in (("F1 30%", [s.prf(0.3)[2] for s in scores]), ("F1 80%", [s.prf(0.8)[2] for s in scores]),
                          ("speaker", [s.speaker_accuracy for s in scores])):
        spread.append(f"{label} {sum(values) / len(values):.3f} ({min(values):.3f} to {max(values):.3f})")
    failed = f"; failed on {total.failed_articles} articles" if total.failed_articles else ""
    return (f"  {name:<9} P {p30:.3f} R {r30:.3f} F1 {f30:.3f} at 30% | P {p80:.3f} R {r80:.3f} F1 {f80:.3f} at 80% | "
            f"speaker {total.speaker_accuracy:.3f} ({total.predicted} predicted, {total.gold} gold{failed})\n"
            f"  {'':<9} over {FOLDS} folds: " + "; ".join(spread))


# ---- speed -----------------------------------------------------------------------------------------------

def speed(records: list[dict], count: int) -> None:
    """``briefing extract`` on ``count`` articles against bare spaCy on the same texts, both fresh processes."""
    with tempfile.TemporaryDirectory() as folder:
        articles = Path(folder) / "articles"
        articles.mkdir()
        for index, record in enumerate(records[:count]):
            (articles / f"{index:04d}.txt").write_text(record["text"], encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "briefing", "extract", "--json", str(articles)], check=True,
                       stdout=subprocess.DEVNULL)
        extract = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run([sys.executable, str(Path(__file__).with_name("scale.py")), "--bare-spacy", str(articles)], check=True,
                       stdout=subprocess.DEVNULL)
        bare = time.perf_counter() - started
    print(f"speed: briefing extract on {count} articles {extract:.1f} s, bare spaCy on the same texts {bare:.1f} s: "
          f"{extract / bare:.2f}x (target <= 1.3x)")


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    command.add_argument("data", type=Path, help="polnear/train.jsonl")
    command.add_argument("--limit", type=int, help="only the first N articles")
    command.add_argument("--fit", action="store_true", help="fit the attribution model on all articles and write it")
    command.add_argument("--speed", type=int, default=100, help="articles for the speed comparison (0: none)")
    command.add_argument("--models", type=Path, help="keep the folds' models in this folder and use them again")
    args = command.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()][: args.limit]
    print(f"{len(records)} articles of {args.data.name}")
    from briefing.analyse import attribution
    from briefing.analyse.nlp import load

    nlp = load()
    started = time.perf_counter()
    examples = examples_of(records, nlp)
    print(f"read and parsed in {time.perf_counter() - started:.0f} s")
    if args.fit:
        model = fit_model(examples)
        attribution.MODEL.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {attribution.MODEL}: {len(model['cue']['trees'])} cue trees, {len(model['content']['trees'])} content trees, "
              f"{len(model['cue']['lemmas'])} lemmas")
        return 0

    predictions: list = [None] * len(examples)
    for k in range(FOLDS):
        training = [e for e in examples if fold(e.record) != k]
        held = [i for i, e in enumerate(examples) if fold(e.record) == k]
        saved = args.models / f"fold-{k}-of-{len(examples)}.json" if args.models else None
        if saved is not None and saved.is_file():
            model = json.loads(saved.read_text(encoding="utf-8"))
        else:
            model = fit_model(training)
            if saved is not None:
                saved.write_text(json.dumps(model), encoding="utf-8")
        for i, predicted in zip(held, briefing_predictions([examples[i] for i in held], model)):
            predictions[i] = predicted
        print(f"fold {k}: fit on {len(training)} articles, judged {len(held)}", flush=True)
    rules = briefing_predictions(examples, attribution.RULES)
    systems = [("briefing", predictions), ("rules", rules)]
    try:
        import textacy  # noqa: F401
    except ImportError:
        print("textacy: not installed, not compared")
        textacy_found = None
    else:
        textacy_found = [None if found is None else [("direct", p) for p in found] for found in textacy_predictions(examples)]
    print("marked: gold attributions with quote marks against direct and partial quotes")
    for name, found in systems + ([("textacy", textacy_found)] if textacy_found is not None else []):
        print(summary_line(name, scored(examples, found, ("direct", "partial"), marked)))
    print("all: every gold attribution against everything attributed")
    for name, found in systems:
        print(summary_line(name, scored(examples, found, None, lambda attribution: True)))
    if args.speed:
        speed(records, args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
