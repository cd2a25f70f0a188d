"""How briefing scales: convert, bare spaCy, the HTML site, the PDF and incremental rebuilds for packs of N articles.

    python benchmarks/scale.py ../shared/eval                       # packs of 10 and 100 articles
    python benchmarks/scale.py ../shared/eval --sizes 10,100,1000   # 1000 takes 15+ minutes (no PDF: --pdf-max)
    python benchmarks/scale.py ../shared/eval --sizes seeds         # the seed articles only (no eval data needed)

For each size (``seeds``: the project's seed articles; a number N: a pack of N articles built by
``benchmarks/corpus.py`` from the seeds and the eval texts, skipped, saying so, when the eval data is
absent and N is more than the seeds), in a temporary copy of ``docs/`` (as benchmarks/pdf.py sets one
up), each step a fresh subprocess measured as benchmarks/pdf.py measures one (wall and CPU seconds,
``peak MB``: the largest process, from ``os.wait4``; ``sum MB``: all the step's processes at once,
sampled from ``/proc``):

- ``convert``: ``briefing convert ARTICLES --out docs/generated --cache CACHE``, with a fresh cache;
- ``spacy-all``: a fresh process that loads the model briefing uses as shipped (``spacy.load``, every
  component; briefing itself runs the lemmatizer only on the tokens it asks about) and parses the
  same cleaned bodies briefing analyses (``briefing.pipeline.load_articles``, ``a.body``) with
  ``nlp.pipe`` (briefing's batch size, in as many processes as briefing uses); its own
  ``spacy-load`` (the model load, spaCy's import included) and ``spacy-parse`` (the parse alone) are
  timed inside it. The ratio lines give convert / bare spaCy, with the model load (convert against
  load + parse), without (convert less the load against the parse alone), and convert against the
  whole ``spacy-all`` process (both fresh processes: start, imports, reading the articles);
- ``html``: ``sphinx -M html docs build -q`` from scratch; ``html-jauto``: the same with ``-j auto``
  into another build folder, to see whether the parallel build helps;
- ``pdf``: ``sphinx -M pdf`` (not quiet: it says the pages) from a clean build folder, only up to ``--pdf-max`` articles (default
  1000); the note gives the pages, the PDF's size and the printing's seconds (in parts past
  ``briefing_pdf_part_pages``); ``sum MB`` is the whole process tree (Sphinx and the printing workers);
- ``convert-1changed``: one article changed (a sentence appended to its file), ``briefing convert``
  again with the same cache; the note gives how many articles were analysed (new cache entries) and
  whether the spaCy model was loaded; ``html-1changed``: ``sphinx -M html`` again into the first build
  folder (incremental), also as a percentage of the full ``html`` build;
- ``convert-nochange``: ``briefing convert`` once more with nothing changed (should analyse nothing
  and not load the model).

Before the sizes, ``start``: ``briefing --help`` (the installed command) and ``python -c pass``, the
median of 5 fresh processes each (the target is under 0.3 s; the ratio is to Python's own start-up).

Then a growth line per figure: each size against the one before (100 / 10, 1000 / 100), seconds and
memory; the article count's own factor (10x) means linear growth. The machine is shared and noisy:
compare ratios within one run rather than seconds across runs.

Exit 1 when a step fails, 0 otherwise, also when there is nothing to do (no eval data for ``--sizes 100``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from corpus import DEFAULT_EVAL, build_pack
from pdf import WROTE, measure, project

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: Appended to one article's file for the incremental rebuild.
CHANGE = " The council said on Thursday that it would publish the full figures next month."
#: Printed by the convert wrapper on exit: whether the spaCy model was loaded in that process.
LOADED = re.compile(r"scale: model loaded: (\d+)")
CONVERTED = re.compile(r"briefing: (\d+) articles?, .*\((\d+) written, (\d+) unchanged, (\d+) removed")
BARE = re.compile(r"^scale-bare: (\{.*\})$", re.MULTILINE)
# `python -c` with this runs `briefing ...` as the console script does, and says on exit whether
# briefing.analyse.nlp.load (cached per process) was called, i.e. whether the model was loaded.
CONVERT_WRAPPER = (
    "import atexit, sys\n"
    "from briefing.analyse import nlp\n"
    "atexit.register(lambda: print(f'scale: model loaded: {nlp.load.cache_info().currsize}', file=sys.stderr, flush=True))\n"
    "from briefing.cli import main\n"
    "main(prog_name='briefing')\n"
)
#: Fresh processes timed for the start-up figures (the median is reported).
START_RUNS = 5
STEPS = ("convert", "spacy-load", "spacy-parse", "spacy-all", "html", "html-jauto", "pdf",
         "convert-1changed", "html-1changed", "convert-nochange")


@dataclass
class Row:
    size: str
    step: str
    seconds: float = 0.0
    cpu: float | None = None
    peak_mb: float | None = None
    sum_mb: float | None = None
    failed: str = ""
    note: str = ""
    skipped: bool = False


def parse_sizes(text: str) -> list[str]:
    """``seeds`` and/or article counts, comma-separated, once each, in the order given."""
    sizes = list(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    bad = [s for s in sizes if s != "seeds" and not (s.isdigit() and int(s) > 0)]
    if bad or not sizes:
        raise ValueError(f"not 'seeds' or a positive number: {', '.join(bad) or '(nothing)'}")
    return sizes


def articles_in(size: str) -> int:
    return len(list(SEEDS.glob("*.txt"))) if size == "seeds" else int(size)


def cache_entries(folder: Path) -> int:
    """Analyses stored in a briefing cache folder (``XX/KEY.json``)."""
    return sum(1 for _ in Path(folder).glob("*/*.json"))


def change_one(folder: Path, sentence: str = CHANGE) -> Path:
    """Append ``sentence`` to the last paragraph of the first article file in ``folder``; return the file."""
    path = sorted(Path(folder).glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8").rstrip() + sentence + "\n", encoding="utf-8")
    return path


def convert_note(output: str, analysed: int | None = None) -> str:
    """What a convert run says: articles, pages written / unchanged, analyses made, whether the model was loaded."""
    parts = []
    if analysed is not None:
        parts.append(f"{analysed} analysed")
    if found := CONVERTED.search(output):
        parts.append(f"{found.group(1)} articles, pages {found.group(2)} written / {found.group(3)} unchanged")
    if loaded := LOADED.search(output):
        parts.append("model loaded" if int(loaded.group(1)) else "model not loaded")
    return ", ".join(parts)


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a is not None and b else "n/a"


def growth(rows: list[Row]) -> list[str]:
    """Per step, each size against the one before it (in the order run): seconds and memory factors."""
    sizes = list(dict.fromkeys(r.size for r in rows if not r.skipped and r.size != "start"))
    found = {(r.size, r.step): r for r in rows if not r.failed and not r.skipped}
    lines = []
    for small, big in zip(sizes, sizes[1:]):
        parts = []
        for step in STEPS:
            a, b = found.get((small, step)), found.get((big, step))
            if a is None or b is None or not a.seconds:
                continue
            part = f"{step} {b.seconds / a.seconds:.1f}x"
            if a.sum_mb or a.peak_mb:
                part += f" ({(b.sum_mb or b.peak_mb) / (a.sum_mb or a.peak_mb):.1f}x MB)"
            parts.append(part)
        factor = articles_in(big) / articles_in(small)
        lines.append(f"growth {big}/{small} ({factor:g}x articles; {factor:g}x = linear): " + "; ".join(parts))
    return lines


def startup_rows(work: Path, env: dict) -> list[Row]:
    """``briefing --help`` (the installed command) against Python's own start-up (``python -c pass``):
    the median of :data:`START_RUNS` fresh processes each, in this run."""
    script = Path(sys.executable).parent / "briefing"
    help_command = [str(script), "--help"] if script.is_file() else [sys.executable, "-m", "briefing", "--help"]
    rows = []
    for name, command in (("python-start", [sys.executable, "-c", "pass"]), ("briefing-help", help_command)):
        runs = [measure(command, work, work / f"{name}.log", 60, env) for _ in range(START_RUNS)]
        row = Row("start", name, statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs),
                  max(r.peak_mb for r in runs), note=f"median of {START_RUNS} fresh processes")
        if failed := [r.code for r in runs if r.code]:
            row.failed = f"exit {failed[0]}"
        rows.append(row)
    return rows


def summary_lines(rows: list[Row]) -> list[str]:
    """Per size: convert / bare spaCy (with and without the model load), incremental HTML as a share of the full build."""
    found = {(r.size, r.step): r for r in rows if not r.failed and not r.skipped}
    lines = []
    python, help_ = found.get(("start", "python-start")), found.get(("start", "briefing-help"))
    if python and help_:
        lines.append(f"start: briefing --help {help_.seconds:.3f} s (target under 0.3 s), "
                     f"{ratio(help_.seconds, python.seconds)} Python's own start-up ({python.seconds:.3f} s)")
    for size in dict.fromkeys(r.size for r in rows if not r.skipped and r.size != "start"):
        convert, load, parse, bare = (found.get((size, s)) for s in ("convert", "spacy-load", "spacy-parse", "spacy-all"))
        if convert and bare and load and parse:
            lines.append(f"size {size}: convert / bare spaCy: {ratio(convert.seconds, load.seconds + parse.seconds)} with the model "
                         f"load (against load + parse), {ratio(convert.seconds - load.seconds, parse.seconds)} without "
                         f"(convert less the {load.seconds:.1f} s load, against the parse alone); "
                         f"{ratio(convert.seconds, bare.seconds)} against the whole spacy-all process")
        html, again, parallel = (found.get((size, s)) for s in ("html", "html-1changed", "html-jauto"))
        if html and again and html.seconds:
            lines.append(f"size {size}: incremental html after one changed article: {100 * again.seconds / html.seconds:.0f}%"
                         f" of the full build" + (f"; -j auto: {ratio(parallel.seconds, html.seconds)} of the serial build"
                                                  if parallel else ""))
    return lines


def print_table(rows: list[Row]) -> None:
    print(f"{'size':<6} {'step':<17} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'sum MB':>7}  note")
    for row in rows:
        if row.skipped:
            print(f"{row.size:<6} {row.step:<17} skipped: {row.note}")
            continue
        cpu = "" if row.cpu is None else f"{row.cpu:.1f}"
        peak = "" if row.peak_mb is None else f"{row.peak_mb:.0f}"
        summed = "" if row.sum_mb is None else f"{row.sum_mb:.0f}"
        note = f"FAILED {row.failed}" if row.failed else row.note
        print(f"{row.size:<6} {row.step:<17} {row.seconds:>8.2f} {cpu:>7} {peak:>8} {summed:>7}  {note}".rstrip())
    print("peak MB: the largest process (os.wait4); sum MB: the step's processes together, sampled every 0.05 s;"
          " spacy-load and spacy-parse are timed inside the spacy-all process")


def step(row: Row, command: list[str], work: Path, timeout: float, env: dict) -> str:
    """Run and measure one step into ``row``; return its output."""
    log = work / f"{row.step}.log"
    measured = measure(command, work, log, timeout, env)
    row.seconds, row.cpu, row.peak_mb, row.sum_mb = measured.seconds, measured.cpu, measured.peak_mb, measured.sum_mb
    output = log.read_text(encoding="utf-8", errors="replace")
    if measured.code:
        last = [line for line in output.splitlines() if line.strip()][-3:]
        killed = " (killed after the --timeout)" if measured.code == -signal.SIGKILL else ""
        row.failed = f"exit {measured.code}{killed}: " + " | ".join(last)
    warnings = sum("WARNING" in line or "ERROR" in line for line in output.splitlines())
    if warnings and not row.failed:
        row.note = f"{warnings} warning lines"
    return output


def bench_size(size: str, articles: Path, work: Path, pdf_max: int, timeout: float) -> list[Row]:
    docs = project(work)
    python = sys.executable
    env = dict(os.environ)
    env["PATH"] = f"{Path(python).parent}{os.pathsep}{env.get('PATH', '')}"
    cache = work / "cache"
    convert = [python, "-c", CONVERT_WRAPPER, "convert", str(articles), "--out", str(docs / "generated"), "--cache", str(cache)]
    sphinx = [python, "-m", "sphinx", "-M"]
    rows: list[Row] = []

    def run(name: str, command: list[str]) -> tuple[Row, str]:
        row = Row(size, name)
        rows.append(row)
        print(f"size {size}: {name}...", flush=True)
        return row, step(row, command, work, timeout, env)

    row, output = run("convert", convert)
    row.note = "; ".join(filter(None, [convert_note(output, cache_entries(cache)), row.note]))
    if row.failed:
        return rows

    bare_row = Row(size, "spacy-all")
    print(f"size {size}: spacy-all...", flush=True)
    output = step(bare_row, [python, str(Path(__file__).resolve()), "--bare-spacy", str(articles)], work, timeout, env)
    if found := BARE.search(output):
        bare = json.loads(found.group(1))
        rows.append(Row(size, "spacy-load", bare["load"], note=f"model {bare['model']}"))
        rows.append(Row(size, "spacy-parse", bare["parse"],
                        note=f"{bare['texts']} bodies, {bare['tokens']} tokens, {bare['processes']} process(es), "
                             f"components {' '.join(bare['components'])}"))
        bare_row.note = "; ".join(filter(None, ["fresh process: import, load, read and clean, parse", bare_row.note]))
    elif not bare_row.failed:
        bare_row.failed = "no timing printed"
    rows.append(bare_row)

    run("html", sphinx + ["html", "docs", "build", "-q"])
    run("html-jauto", sphinx + ["html", "docs", "build-jauto", "-q", "-j", "auto"])
    if articles_in(size) <= pdf_max:
        row, output = run("pdf", sphinx + ["pdf", "docs", "build-pdf"])
        if wrote := WROTE.search(output):
            row.note = "; ".join(filter(None, [f"{wrote.group(1)} pages, WeasyPrint {float(wrote.group(2)):.1f} s", row.note]))
    else:
        rows.append(Row(size, "pdf", skipped=True,
                        note=f"{articles_in(size)} articles > --pdf-max {pdf_max} (1000 articles need many GB of memory)"))

    changed = change_one(articles)
    before = cache_entries(cache)
    row, output = run("convert-1changed", convert)
    row.note = "; ".join(filter(None, [convert_note(output, cache_entries(cache) - before), f"changed {changed.name}", row.note]))
    html = next((r for r in rows if r.step == "html" and not r.failed), None)
    row, _ = run("html-1changed", sphinx + ["html", "docs", "build", "-q"])
    if html and not row.failed:
        row.note = "; ".join(filter(None, [f"{100 * row.seconds / html.seconds:.0f}% of the full html build", row.note]))
    before = cache_entries(cache)
    row, output = run("convert-nochange", convert)
    row.note = "; ".join(filter(None, [convert_note(output, cache_entries(cache) - before), row.note]))
    order = {name: i for i, name in enumerate(STEPS)}
    return sorted(rows, key=lambda r: order[r.step])


def bare_spacy(folder: Path) -> int:
    """The ``spacy-all`` step, run in its own process: load the model as shipped, read the articles, time the parse."""
    from briefing.analyse import nlp as nlp_module

    started = time.perf_counter()
    import spacy  # timed with the load, as briefing pays for it

    nlp = spacy.load(nlp_module.model_name())
    load = time.perf_counter() - started
    from briefing.pipeline import load_articles

    articles, _ = load_articles([folder])
    bodies = [a.body for a in articles]
    processes = nlp_module.processes(len(bodies))
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(bodies, batch_size=nlp_module.BATCH_SIZE, n_process=processes))
    parse = time.perf_counter() - started
    print("scale-bare: " + json.dumps({
        "load": load, "parse": parse, "texts": len(bodies), "tokens": tokens, "processes": processes,
        "model": nlp_module.model_name(), "components": nlp.pipe_names}), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    command.add_argument("data", type=Path, nargs="?", default=DEFAULT_EVAL,
                         help=f"the eval data folder (../shared/eval; default {DEFAULT_EVAL})")
    command.add_argument("--sizes", default="10,100", help="comma-separated: seeds and/or article counts (default 10,100)")
    command.add_argument("--pdf-max", type=int, default=100, help="no PDF build above this many articles (default 100)")
    command.add_argument("--keep", type=Path, help="work in this folder (kept; its size-* folders are replaced) instead of a temporary one")
    command.add_argument("--timeout", type=float, default=3600, help="seconds a step may take before it is killed")
    command.add_argument("--bare-spacy", type=Path, help=argparse.SUPPRESS)  # the spacy-all step's own process
    args = command.parse_args(argv)
    if args.bare_spacy:
        return bare_spacy(args.bare_spacy)
    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as error:
        command.error(f"--sizes: {error}")

    rows: list[Row] = []
    todo = []
    seeds = articles_in("seeds")
    for size in sizes:
        if size != "seeds" and int(size) > seeds and not args.data.is_dir():
            print(f"skipped: size {size}: eval data {args.data} not found (only {seeds} seed articles)")
            rows.append(Row(size, "all", skipped=True, note=f"eval data {args.data} not found"))
        else:
            todo.append(size)
    if not todo:
        return 0

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefing-scalebench-") as scratch:
        base = args.keep or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        print("start: python -c pass and briefing --help...", flush=True)
        env = dict(os.environ)
        rows.extend(startup_rows(base, env))
        for size in todo:
            work = base / f"size-{size}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            articles = work / "articles"
            try:
                if size == "seeds":  # a copy: one of them is changed for the incremental rebuild
                    articles.mkdir()
                    for path in SEEDS.iterdir():
                        if path.is_file():
                            shutil.copy2(path, articles / path.name)
                else:
                    build_pack(int(size), articles, args.data if args.data.is_dir() else None,
                               say=lambda line, size=size: print(f"size {size}: {line}"))
            except ValueError as error:  # e.g. --keep inside the project
                print(f"scale: error: {error}", file=sys.stderr)
                return 2
            print(f"size {size}: {sum(1 for _ in articles.glob('*.txt'))} articles", flush=True)
            rows.extend(bench_size(size, articles, work, args.pdf_max, args.timeout))
    print()
    rows.sort(key=lambda row: sizes.index(row.size) if row.size in sizes else -1)  # stable: steps stay in order
    print_table(rows)
    for line in summary_lines(rows) + growth(rows):
        print(line)
    print(f"whole run {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores")
    if args.keep:
        print(f"work kept in {args.keep}")
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
