"""Saved web pages: the article body and headline briefing keeps, against the assessors' and the extractors alone.

    python benchmarks/ingest.py ../shared/eval              # l3s-gn1: all 621 pages, report and tune halves, 5 folds
    python benchmarks/ingest.py ../shared/eval --limit 60   # a quick look
    python benchmarks/ingest.py ../shared/eval --fit        # fit briefing's block model (scikit-learn, bench extra)

Data: ``l3s-gn1/`` (``FORMAT.md``): ``pages/<id>.html`` as crawled and ``gold.jsonl`` with the blocks the
assessors marked as the article's body and headline. Skips, saying so, when the folder is absent.

Systems, each on every page in the same run:

- ``briefing``: reading and cleaning as ``briefing convert`` does them (:func:`briefing.pipeline.read_and_clean`):
  the article's body (its paragraphs); a page that ends as a problem predicts nothing;
- ``trafilatura``: ``trafilatura.extract`` alone, default settings (``favor_recall`` too, as a reference);
- ``inscriptis``: the whole page as text (the upper bound of recall, and of noise).

``--fit`` fits the two models briefing reads saved pages with, each a gradient-boosted model (60 trees of
8 leaves) fit on the tune half, with 5-fold cross-validation over all pages (a model fit without a page's
fold judges that page) reported with its spread against a baseline:

- the blocks model (:mod:`briefing.ingest.blocks`, ``blocks_model.json``): every block of every page,
  labelled article where most of its 4-token shingles are in the assessors' body; baseline: the
  extractor's blocks alone;
- the headline model (:mod:`briefing.ingest.headline`, ``headline_model.json``): every candidate cell
  near the body's start, labelled headline when it is one block of the assessors' headline (below);
  baseline: the title in trafilatura's metadata.

Body score, as the article-extraction benchmarks count it: tokens are ``\\w+`` matches (lower case),
each text becomes its multiset of 4-token shingles; per page, precision and recall of the shingles
(a page with nothing predicted has no precision and recall 0); both averaged over pages, and F1 of the
two averages. Printed for the report half, the tune half and all pages, and as the mean and spread
(min to max) of F1 over 5 folds. Headline: briefing's title against the assessors' headline, counted
two ways: the assessors' (their ``\\w+`` words, lower case, are the same) and one block of it (the same,
or three words or more standing in a row in it: the assessors' headline joins every block they marked,
often the headline and its deck or kicker, sometimes a menu line, so a page's one headline line can at
best be a run of it; on 27 of the 621 pages no line of the page is, and on 17 nothing is marked). Also:
pages that end as an error, and why.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from corpus import DEFAULT_EVAL

TOKEN = re.compile(r"\w+")
FOLDS = 5


def shingles(text: str, size: int = 4) -> Counter:
    tokens = [t.lower() for t in TOKEN.findall(text)]
    return Counter(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def page_score(predicted: str, gold: str) -> tuple[float | None, float]:
    """(precision or None when nothing is predicted, recall) of one page's shingles."""
    found, wanted = shingles(predicted), shingles(gold)
    shared = sum((found & wanted).values())
    precision = shared / sum(found.values()) if found else None
    recall = shared / sum(wanted.values()) if wanted else 0.0
    return precision, recall


@dataclass
class Scores:
    """Per-page precision and recall of one system."""

    precision: list[float | None] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)

    def add(self, predicted: str, gold: str) -> None:
        precision, recall = page_score(predicted, gold)
        self.precision.append(precision)
        self.recall.append(recall)

    def subset(self, indexes: list[int]) -> Scores:
        return Scores([self.precision[i] for i in indexes], [self.recall[i] for i in indexes])

    @property
    def p(self) -> float:
        known = [p for p in self.precision if p is not None]
        return sum(known) / len(known) if known else 0.0

    @property
    def r(self) -> float:
        return sum(self.recall) / len(self.recall) if self.recall else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def words(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text or "")]


def headline_exact(title: str, headline: str) -> bool:
    """The title's words are the assessors' headline's words."""
    return bool(words(headline)) and words(title) == words(headline)


def headline_block(title: str, headline: str) -> bool:
    """The title's words are the assessors' headline's, or three or more of them in a row: the assessors'
    headline joins every block they marked as one (the headline, often its deck or kicker, sometimes a
    menu line), so a page's headline line is one run of it."""
    found, wanted = words(title), words(headline)
    if not wanted or not found:
        return False
    n = len(found)
    return found == wanted or (n >= 3 and any(wanted[i:i + n] == found for i in range(len(wanted) - n + 1)))


def write_model(module, model, ids: list[str]) -> None:
    """Write a model fit on the tune half as ``module``'s shipped model (``module.MODEL``, over ``module.FEATURE_NAMES``)."""
    from briefing.ingest import trees

    about = (f"{module.__name__}: gradient-boosted trees over FEATURE_NAMES, fit by benchmarks/ingest.py --fit "
             f"on the tune half of l3s-gn1 ({sum(1 for pid in ids if half(pid) == 'tune')} pages)")
    written = trees.written(model, module.FEATURE_NAMES, about, MODEL_OPTIONS)
    module.MODEL.write_text(json.dumps(written, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {module.MODEL} ({len(written['trees'])} trees)")


def half(page_id: str) -> str:
    """``tune`` or ``report``: a fixed split by a hash of the page's id."""
    return "tune" if hashlib.sha256(page_id.encode()).digest()[0] % 2 == 0 else "report"


def fold(page_id: str) -> int:
    return hashlib.sha256(page_id.encode()).digest()[1] % FOLDS


def extract_page(path: str) -> dict:
    """What each system makes of one page (run in a worker process)."""
    import trafilatura
    from inscriptis import get_text

    from briefing.pipeline import Input, read_and_clean

    data = Path(path).read_bytes()
    started = time.perf_counter()
    loaded = next(read_and_clean([Input(Path(path), None)], lambda stage: None))
    seconds = time.perf_counter() - started
    article = loaded.article
    body = "\n".join(p.text for p in article.paragraphs) if article is not None and article.body.strip() else ""
    problem = loaded.problem or (None if body else "no article text left after removing boilerplate")
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", data.decode("utf-8", errors="replace"))  # lxml refuses a str that declares its encoding
    return {
        "briefing": body,
        "title": article.title if article is not None else "",
        "problem": problem,
        "seconds": seconds,
        "trafilatura": trafilatura.extract(data) or "",
        "trafilatura, favor_recall": trafilatura.extract(data, favor_recall=True) or "",
        "inscriptis": get_text(markup) or "",
    }


SYSTEMS = ("briefing", "trafilatura", "trafilatura, favor_recall", "inscriptis")
MODEL_OPTIONS = {"max_iter": 60, "learning_rate": 0.15, "max_leaf_nodes": 8, "random_state": 0}


def block_rows(item: tuple[str, str]) -> dict:
    """The blocks of one page with their features and labels, read as briefing reads the page (a worker's job)."""
    from briefing.ingest.blocks import blocks, features
    from briefing.ingest.read import ReadError, read_source

    path, gold = item
    try:
        source = read_source(Path(path))
    except ReadError:
        return {"text": "", "blocks": [], "rows": [], "labels": []}
    candidates = blocks(source.text, source.main_text)
    rows = features(source.text, source.annotations, candidates)
    wanted, sequence = shingles(gold), [t.lower() for t in TOKEN.findall(gold)]
    labels = [_label(source.text[b.start:b.end], wanted, sequence) for b in candidates]
    return {"text": source.text, "blocks": [(b.start, b.end, b.extracted) for b in candidates], "rows": rows, "labels": labels}


def _label(text: str, wanted: Counter, sequence: list[str]) -> float:
    """The share of a block's 4-token shingles in the gold body (for a block of fewer tokens: 1 if its words stand there in a row)."""
    tokens = [t.lower() for t in TOKEN.findall(text)]
    if len(tokens) >= 4:
        own = shingles(text)
        return sum((own & wanted).values()) / sum(own.values())
    n = len(tokens)
    return float(bool(tokens) and any(sequence[i:i + n] == tokens for i in range(len(sequence) - n + 1)))


def fit(gold: list[dict], folder: Path, processes: int) -> int:
    """Fit the block model on the tune half, write it, and report 5-fold cross-validation over all pages."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    from briefing.ingest import blocks as block_model

    with get_context("fork").Pool(processes) as pool:
        pages = pool.map(block_rows, [(str(folder / "pages" / f"{r['id']}.html"), r["body"]) for r in gold], chunksize=4)

    def train(indexes: list[int]) -> HistGradientBoostingClassifier:
        used = [i for i in indexes if pages[i]["rows"]]
        x = np.array([row for i in used for row in pages[i]["rows"]])
        y = np.array([label >= 0.5 for i in used for label in pages[i]["labels"]])
        weight = np.array([(e - s) ** 0.5 for i in used for s, e, _ in pages[i]["blocks"]])  # long blocks count more
        return HistGradientBoostingClassifier(**MODEL_OPTIONS).fit(x, y, sample_weight=weight)

    def selected(model, index: int, only_extracted: bool = False) -> str:
        page = pages[index]
        if not page["rows"]:
            return ""
        keep = ([e for _, _, e in page["blocks"]] if only_extracted
                else model.predict_proba(np.array(page["rows"]))[:, 1] >= block_model.THRESHOLD)
        return "\n".join(page["text"][s:e] for (s, e, _), k in zip(page["blocks"], keep) if k)

    ids = [r["id"] for r in gold]
    folds, extractor = [], []
    for k in range(FOLDS):
        model = train([i for i, pid in enumerate(ids) if fold(pid) != k])
        held = [i for i, pid in enumerate(ids) if fold(pid) == k]
        got, base = Scores(), Scores()
        for i in held:
            got.add(selected(model, i), gold[i]["body"])
            base.add(selected(None, i, only_extracted=True), gold[i]["body"])
        folds.append(got.f1)
        extractor.append(base.f1)
        print(f"fold {k}: {len(held)} pages, model F1 {got.f1:.3f} (P {got.p:.3f} R {got.r:.3f}), extractor's blocks {base.f1:.3f}")
    print(f"5-fold: model F1 mean {sum(folds) / FOLDS:.3f} ({min(folds):.3f} to {max(folds):.3f}); "
          f"extractor's blocks {sum(extractor) / FOLDS:.3f} ({min(extractor):.3f} to {max(extractor):.3f})")
    model = train([i for i, pid in enumerate(ids) if half(pid) == "tune"])
    report = [i for i, pid in enumerate(ids) if half(pid) == "report"]
    got = Scores()
    for i in report:
        got.add(selected(model, i), gold[i]["body"])
    print(f"fit on the tune half: report half F1 {got.f1:.3f} (P {got.p:.3f} R {got.r:.3f})")
    write_model(block_model, model, ids)
    return 0


def headline_rows(item: tuple[str, str]) -> dict:
    """The headline candidates of one page with their features and labels (a worker's job)."""
    from briefing.ingest.blocks import page_blocks
    from briefing.ingest.clean import page_headline_candidates, split_units
    from briefing.ingest.read import ReadError, read_source

    path, headline = item
    try:
        source = read_source(Path(path))
    except ReadError:
        return {"texts": [], "rows": [], "labels": []}
    units = split_units(source.text, source.content_start)
    body, _ = page_blocks(source)
    if not body:
        return {"texts": [], "rows": [], "labels": []}
    first = next(i for i, unit in enumerate(units) if any(s < unit.end and unit.start < e for s, e in body))
    cells, rows = page_headline_candidates(source, units, first, body)
    return {"texts": [c.text for c in cells], "rows": rows, "labels": [headline_block(c.text, headline) for c in cells]}


def fit_headline(gold: list[dict], folder: Path, processes: int) -> None:
    """Fit the headline model on the tune half, write it, and report 5-fold cross-validation over all pages.

    A page where the model finds no headline likely enough is scored with the title briefing falls
    back on; here, the extractor's title (trafilatura's metadata), the baseline reported beside.
    """
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    from briefing.ingest import headline as headline_model

    with get_context("fork").Pool(processes) as pool:
        pages = pool.map(headline_rows, [(str(folder / "pages" / f"{r['id']}.html"), r["headline"]) for r in gold], chunksize=4)
        fallback = pool.map(extractor_title, [str(folder / "pages" / f"{r['id']}.html") for r in gold], chunksize=4)

    def train(indexes: list[int]) -> HistGradientBoostingClassifier:
        x = np.array([row for i in indexes for row in pages[i]["rows"]])
        y = np.array([label for i in indexes for label in pages[i]["labels"]])
        return HistGradientBoostingClassifier(**MODEL_OPTIONS).fit(x, y)

    def chosen(model, index: int) -> str:
        page = pages[index]
        if not page["rows"]:
            return fallback[index]
        chance = model.predict_proba(np.array(page["rows"]))[:, 1]
        best = int(np.argmax(chance))
        return page["texts"][best] if chance[best] >= headline_model.MIN_CHANCE else fallback[index]

    def rates(titles: dict[int, str]) -> tuple[float, float]:
        exact = sum(headline_exact(t, gold[i]["headline"]) for i, t in titles.items()) / len(titles)
        return exact, sum(headline_block(t, gold[i]["headline"]) for i, t in titles.items()) / len(titles)

    ids = [r["id"] for r in gold]
    found, base = [], []
    for k in range(FOLDS):
        model = train([i for i, pid in enumerate(ids) if fold(pid) != k])
        held = [i for i, pid in enumerate(ids) if fold(pid) == k]
        found.append(rates({i: chosen(model, i) for i in held}))
        base.append(rates({i: fallback[i] for i in held}))
        print(f"headline fold {k}: model exact {found[-1][0]:.3f}, a block {found[-1][1]:.3f}; "
              f"extractor's title {base[-1][0]:.3f}, {base[-1][1]:.3f}")
    for name, got in (("model", found), ("extractor's title", base)):
        for k, kind in enumerate(("exact", "a block")):
            values = [g[k] for g in got]
            print(f"headline 5-fold, {name}, {kind}: {sum(values) / FOLDS:.3f} ({min(values):.3f} to {max(values):.3f})")
    model = train([i for i, pid in enumerate(ids) if half(pid) == "tune"])
    exact, block = rates({i: chosen(model, i) for i, pid in enumerate(ids) if half(pid) == "report"})
    print(f"headline fit on the tune half: report half exact {exact:.3f}, a block {block:.3f}")
    write_model(headline_model, model, ids)


def extractor_title(path: str) -> str:
    """The title trafilatura's metadata gives a page."""
    import trafilatura

    document = trafilatura.bare_extraction(Path(path).read_bytes(), with_metadata=True)
    return (getattr(document, "title", None) or "") if document is not None else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval", nargs="?", type=Path, default=DEFAULT_EVAL, help="the eval data folder (holds l3s-gn1/)")
    parser.add_argument("--limit", type=int, help="only the first N pages (by id)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--show", type=int, default=8, help="list this many of briefing's worst pages")
    parser.add_argument("--fit", action="store_true", help="fit briefing's block model on the tune half and write it")
    args = parser.parse_args(argv)
    folder = args.eval.resolve() / "l3s-gn1"
    if not (folder / "gold.jsonl").is_file():
        print(f"ingest: skipped, no {folder / 'gold.jsonl'}")
        return 0
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    gold.sort(key=lambda record: record["id"])
    if args.limit:
        gold = gold[: args.limit]
    if args.fit:
        fit_headline(gold, folder, args.processes)
        return fit(gold, folder, args.processes)
    started = time.perf_counter()
    with get_context("fork").Pool(args.processes) as pool:
        made = pool.map(extract_page, [str(folder / "pages" / f"{record['id']}.html") for record in gold], chunksize=4)
    wall = time.perf_counter() - started

    scores = {system: Scores() for system in SYSTEMS}
    headlines: list[tuple[bool, bool]] = []
    problems: Counter = Counter()
    worst: list[tuple[float, str, str]] = []
    for record, result in zip(gold, made):
        body = record["body"]
        for system in SYSTEMS:
            scores[system].add(result[system], body)
        headlines.append((headline_exact(result["title"], record["headline"]), headline_block(result["title"], record["headline"])))
        if result["problem"]:
            problems[re.sub(r"\(.*", "", result["problem"]).strip()] += 1
        worst.append((scores["briefing"].recall[-1], record["id"], result["problem"] or ""))

    groups = {
        "report": [i for i, r in enumerate(gold) if half(r["id"]) == "report"],
        "tune": [i for i, r in enumerate(gold) if half(r["id"]) == "tune"],
        "all": list(range(len(gold))),
    }
    print(f"l3s-gn1: {len(gold)} pages, {wall:.1f} s wall in {args.processes} processes")
    print(f"{'part':<7} {'system':<27} {'P':>6} {'R':>6} {'F1':>6}   F1 over {FOLDS} folds: mean (min to max)")
    for name, indexes in groups.items():
        for system in SYSTEMS:
            part = scores[system].subset(indexes)
            folds = [scores[system].subset([i for i in indexes if fold(gold[i]["id"]) == k]).f1 for k in range(FOLDS)]
            spread = f"{sum(folds) / FOLDS:.3f} ({min(folds):.3f} to {max(folds):.3f})" if name == "all" else ""
            print(f"{name:<7} {system:<27} {part.p:>6.3f} {part.r:>6.3f} {part.f1:>6.3f}   {spread}")
        exact, block = (sum(headlines[i][k] for i in indexes) for k in (0, 1))
        print(f"{name:<7} headline: the assessors' {exact}/{len(indexes)} = {exact / len(indexes):.3f}; "
              f"one block of it {block}/{len(indexes)} = {block / len(indexes):.3f}")
    for name in ("report", "all"):
        gap = scores["briefing"].subset(groups[name]).f1 - scores["trafilatura"].subset(groups[name]).f1
        print(f"{name}: briefing F1 - trafilatura F1 = {gap:+.3f} (target >= +0.05)")
    print(f"pages ending as an error: {sum(problems.values())}" + ("".join(f"; {n} {kind}" for kind, n in problems.most_common())))
    seconds = sorted(result["seconds"] for result in made)
    print(f"briefing read+clean per page: median {seconds[len(seconds) // 2]:.3f} s, slowest {seconds[-1]:.2f} s")
    print(f"briefing's {args.show} lowest recall: " + "; ".join(f"{pid} {r:.2f} {why}".strip() for r, pid, why in sorted(worst)[: args.show]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
