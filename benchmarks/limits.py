"""Bounded time and memory per article: adversarial inputs and a month of real saved pages.

    python benchmarks/limits.py ../shared/eval              # everything (the saved pages need the eval data)
    python benchmarks/limits.py ../shared/eval --skip pages  # only the made-up inputs (no eval data needed)

Each case runs as a fresh process in a temporary copy of ``docs/`` and is measured as
benchmarks/pdf.py measures a step: wall and CPU seconds, ``peak MB`` (the largest single process,
from ``os.wait4``) and ``sum MB`` (every process of the run at once, sampled from ``/proc``: the
whole tree of the command and its workers, which counts the model they share twice). Baselines are
measured in the same run, and the ratios to them are what to compare across runs (the machine is shared):

- ``seeds``: ``briefing convert`` of the two seed articles, then ``sphinx -M pdf``: the baselines;
- ``cap-one``, ``cap-many``: an article just under briefing's size cap (``MAX_ARTICLE_CHARS``), made up
  of varied news sentences (people, places, dates, quotations), as one paragraph and as paragraphs
  of a few sentences, converted beside a seed article;
- ``over-cap``: the same 20% over the cap (refused in one line, quickly);
- ``word-20k``, ``word-200k``: a news article of a few paragraphs holding one 20,000- and one
  200,000-character word, converted and printed (``sphinx -M pdf``): the PDF time against the seeds';
- ``manifest-8mb``: a ``sources.yaml`` of 120,000 entries (8.5 MB) beside the seeds (refused in one
  line), and ``manifest-1mb`` one just under the 1 MB limit (read);
- ``pages`` (with the eval data): every saved page of ``l3s-gn1/pages/`` (621 pages of 2008).
  ``read+clean``: reading and cleaning alone, in briefing's worker processes, with each page's
  time (the slowest are listed); then ``convert``, the whole command, with how many pages ran past
  a limit and the problems by kind.

Exit 1 when a case does not hold its bound (a time or memory limit of README, or a line missing).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from corpus import DEFAULT_EVAL
from pdf import SEEDS, WROTE, Step, measure, project

ROOT = Path(__file__).resolve().parent.parent
#: The bounds README states for one article at the cap: its convert, whole tree.
CAP_SECONDS = 60.0
CAP_MEGABYTES = 2048.0
PROBLEM = re.compile(r"^briefing: (error|warning): (.+?): (.+)$", re.MULTILINE)

FIRST = ["Kim", "Maria", "John", "Aiko", "Omar", "Lena", "Carlos", "Priya", "Tom", "Fatima", "Yoon", "Ana"]
LAST = ["Park", "Schmidt", "Okafor", "Tanaka", "Haddad", "Novak", "Silva", "Rao", "Brown", "Nguyen", "Lee", "Costa"]
PLACES = ["Seoul", "Berlin", "Lagos", "Osaka", "Beirut", "Prague", "Lima", "Pune", "Leeds", "Hanoi", "Busan", "Porto"]
BODIES = ["the port authority", "the finance ministry", "the city council", "the central bank", "the transport union",
          "the health agency", "the electoral commission", "the navy"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def news_sentence(rng: random.Random, i: int) -> str:
    """One sentence of made-up news, each different: named people and bodies, places, dates, quotations."""
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    place, body, day = rng.choice(PLACES), rng.choice(BODIES), rng.choice(WEEKDAYS)
    when = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(1990, 2030)}"
    forms = [
        f"{person}, who speaks for {body} in {place}, said on {day} that plan {i} would cost {rng.randint(2, 900)} million dollars.",
        f"\u201cWe will finish road {i} before {when},\u201d {person} told reporters in {place} on {day}.",
        f"According to {body}, {rng.randint(2, 99)} people were moved from district {i} of {place} after the storm of {when}.",
        f"The talks between {body} and the mayor of {place} resumed on {day}, {person} said, calling them \u201cslow but honest.\u201d",
        f"Officials in {place} warned that {body} could miss its target for {rng.randint(2025, 2035)} unless work on site {i} speeds up.",
    ]
    return forms[i % len(forms)]


def made_up_article(chars: int, paragraph_sentences: int | None, seed: int = 18) -> str:
    """A headline, a byline and news sentences up to ``chars`` characters: one paragraph (``None``) or
    paragraphs of ``paragraph_sentences`` sentences."""
    rng = random.Random(seed)
    head = "Port city weighs the cost of a long winter\n\nBy Jane Doe\n\n"
    sentences, size, i = [], len(head), 0
    while size < chars:
        sentences.append(news_sentence(rng, i))
        size += len(sentences[-1]) + 1
        i += 1
    if paragraph_sentences is None:
        body = " ".join(sentences)
    else:
        body = "\n\n".join(" ".join(sentences[k:k + paragraph_sentences]) for k in range(0, len(sentences), paragraph_sentences))
    return (head + body)[:chars].rstrip() + "\n"


def long_word_article(word_chars: int) -> str:
    rng = random.Random(word_chars)
    paragraphs = [" ".join(news_sentence(rng, i * 3 + k) for k in range(3)) for i in range(6)]
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(word_chars))
    paragraphs.insert(3, f"The leaked file was a single line reading {word} and nothing else, the ministry said.")
    return "Ministry explains a strange leaked file\n\nBy Jane Doe\n\n" + "\n\n".join(paragraphs) + "\n"


def big_manifest(entries: int) -> str:
    return "".join(f"article-{i:06}.txt:\n  outlet: Outlet number {i}\n  published: 2024-07-{i % 28 + 1:02}\n" for i in range(entries))


class Case:
    """One measured command and what it printed."""

    def __init__(self, name: str, step: str, command: list[str], cwd: Path, timeout: float = 3600):
        self.row = Step(name, step)
        log = cwd / f"{name}-{step}.log"
        measured = measure(command, cwd, log, timeout)
        self.code = measured.code
        self.row.seconds, self.row.cpu, self.row.peak_mb, self.row.sum_mb = measured.seconds, measured.cpu, measured.peak_mb, measured.sum_mb
        self.output = log.read_text(encoding="utf-8", errors="replace")
        self.problems = PROBLEM.findall(self.output)
        if wrote := WROTE.search(self.output):
            self.row.pages = int(wrote.group(1))
        if self.code:
            self.row.failed = f"exit {self.code}"


def convert(name: str, folder: Path, work: Path, *extra: str) -> Case:
    docs = work / name / "docs"
    if not docs.exists():
        docs.parent.mkdir(parents=True)
        project(docs.parent)
    return Case(name, "convert", [sys.executable, "-m", "briefing", "convert", str(folder), "--out", str(docs / "generated"),
                                  "--no-cache", *extra], work)


def pdf(name: str, work: Path) -> Case:
    return Case(name, "pdf", [sys.executable, "-m", "sphinx", "-M", "pdf", str(work / name / "docs"), str(work / name / "build")], work)


def folder_with(work: Path, name: str, files: dict[str, str], seeds: tuple[str, ...] = ("000_47eb9ec3281c3aec.txt",)) -> Path:
    folder = work / "inputs" / name
    folder.mkdir(parents=True)
    for seed in seeds:
        (folder / seed).write_bytes((SEEDS / seed).read_bytes())
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return folder


def page_times(pages: Path, work: Path) -> dict:
    """Reading and cleaning of every page in briefing's workers, each page timed where it is worked on."""
    probe = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from briefing import pipeline, workers\n"
        "from briefing.analyse.nlp import processes\n"
        "def timed(inputs, stage):\n"
        "    for given in inputs:\n"
        "        started = time.perf_counter()\n"
        "        for loaded in pipeline.read_and_clean([given], stage):\n"
        "            yield time.perf_counter() - started, loaded.problem, loaded.article is not None\n"
        "paths = sorted(Path(sys.argv[1]).glob('*.html'))\n"
        "given = [pipeline.Input(p, None) for p in paths]\n"
        "started = time.perf_counter()\n"
        "done = dict(workers.run(given, timed, first_stage='read', processes=processes(len(given))))\n"
        "wall = time.perf_counter() - started\n"
        "rows = [[p.name, *(done[i] if not isinstance(done[i], workers.Stopped) else [None, done[i].reason, False])]"
        " for i, p in enumerate(paths)]\n"
        "print(json.dumps({'wall': wall, 'processes': processes(len(given)), 'pages': rows}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(pages)], capture_output=True, text=True, cwd=work, timeout=3600)
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout)


def print_rows(rows: list[Step], baselines: dict[str, Step]) -> None:
    print(f"{'case':<14} {'step':<8} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'sum MB':>7} {'pages':>6} {'x base s':>9} {'x base MB':>9}")
    for row in rows:
        base = baselines.get(row.step)
        ratio_s = f"{row.seconds / base.seconds:.2f}" if base else "-"
        ratio_m = f"{(row.sum_mb or row.peak_mb) / (base.sum_mb or base.peak_mb):.2f}" if base else "-"
        print(f"{row.pack:<14} {row.step:<8} {row.seconds:>8.1f} {row.cpu:>7.1f} {row.peak_mb:>8.0f} {row.sum_mb or 0:>7.0f} "
              f"{row.pages or '':>6} {ratio_s:>9} {ratio_m:>9}" + (f"  {row.failed}" if row.failed else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval", nargs="?", type=Path, default=DEFAULT_EVAL, help="the eval data folder (for l3s-gn1/pages)")
    parser.add_argument("--skip", default="", help="comma-separated cases to leave out: cap, word, manifest, pages")
    parser.add_argument("--keep", type=Path, help="work here and keep it, instead of in a temporary folder")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    sys.path.insert(0, str(ROOT))
    from briefing.pipeline import MAX_ARTICLE_CHARS

    work = args.keep or Path(tempfile.mkdtemp(prefix="briefing-limits-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Step] = []
    failures: list[str] = []

    def check(holds: bool, what: str) -> None:
        if not holds:
            failures.append(what)

    seeds = convert("seeds", SEEDS, work)
    seeds_pdf = pdf("seeds", work)
    rows += [seeds.row, seeds_pdf.row]
    baselines = {"convert": seeds.row, "pdf": seeds_pdf.row}

    if "cap" not in skip:
        for name, sentences in (("cap-one", None), ("cap-many", 4)):
            text = made_up_article(MAX_ARTICLE_CHARS - 2_000, sentences)
            case = convert(name, folder_with(work, name, {f"{name}.txt": text}), work)
            rows.append(case.row)
            check(case.code == 0 and not case.problems, f"{name}: {case.row.failed} {case.problems[:2]}")
            check(case.row.seconds < CAP_SECONDS, f"{name}: {case.row.seconds:.0f} s, over {CAP_SECONDS:.0f} s")
            check((case.row.sum_mb or case.row.peak_mb) < CAP_MEGABYTES, f"{name}: {case.row.sum_mb:.0f} MB, over {CAP_MEGABYTES:.0f} MB")
        over = convert("over-cap", folder_with(work, "over-cap", {"over.txt": made_up_article(int(MAX_ARTICLE_CHARS * 1.2), 4)}), work)
        rows.append(over.row)
        check(any("too long to analyse" in p[2] for p in over.problems), "over-cap: no 'too long' line")

    if "word" not in skip:
        for name, chars in (("word-20k", 20_000), ("word-200k", 200_000)):
            case = convert(name, folder_with(work, name, {f"{name}.txt": long_word_article(chars)}), work)
            printed = pdf(name, work)
            rows += [case.row, printed.row]
            check(printed.code == 0, f"{name}: the PDF failed")
            check(printed.row.seconds < 3 * seeds_pdf.row.seconds, f"{name}: PDF {printed.row.seconds:.0f} s, over 3x the seeds'")

    if "manifest" not in skip:
        for name, entries in (("manifest-8mb", 120_000), ("manifest-1mb", 14_000)):
            folder = folder_with(work, name, {"sources.yaml": big_manifest(entries)}, seeds=tuple(p.name for p in SEEDS.glob("*.txt")))
            case = convert(name, folder, work)
            rows.append(case.row)
            refused = [p for p in case.problems if "manifest ignored" in p[2]]
            print(f"{name}: {len(refused)} manifest line(s): {refused[:1]}")
            check(bool(refused) == (entries > 20_000), f"{name}: manifest refused {bool(refused)}")

    pages = args.eval.resolve() / "l3s-gn1" / "pages"
    if "pages" not in skip:
        if not pages.is_dir():
            print(f"pages: skipped, no {pages}")
        else:
            timed = page_times(pages, work)
            slowest = sorted((row for row in timed["pages"] if row[1] is not None), key=lambda row: -row[1])[:5]
            stopped = [row for row in timed["pages"] if row[1] is None]
            print(f"pages read+clean: {len(timed['pages'])} pages in {timed['wall']:.1f} s wall, {timed['processes']} processes; "
                  f"{len(stopped)} stopped; slowest: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds, *_ in slowest))
            check(timed["wall"] < 60, f"pages: read+clean {timed['wall']:.0f} s, over a minute")
            case = convert("pages", pages, work)
            rows.append(case.row)
            kinds = Counter(re.sub(r"\(.*|\d[\d,.]* (s|MB)", "", p[2]).strip() for p in case.problems)
            over_limit = sum(n for kind, n in kinds.items() if kind.startswith(("took longer", "needed more")))
            converted = re.search(r"briefing: (\d+) articles?", case.output)
            print(f"pages convert: {converted.group(1) if converted else 0} articles; {over_limit} past a limit; problems: "
                  + "; ".join(f"{n} {kind}" for kind, n in kinds.most_common()))
            check(case.code in (0, 1) and over_limit == 0, f"pages: {over_limit} past a limit, exit {case.code}")

    print()
    print_rows(rows, baselines)
    print("x base: against the seeds' convert (convert rows) or PDF (pdf rows) of this run; "
          "sum MB: every process of the run at once (the workers share the model, counted in each).")
    if failures:
        print("NOT HELD: " + "; ".join(failures))
    print(f"work folder: {work}" if args.keep else "")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
