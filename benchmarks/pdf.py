"""PDF pack speed and memory: ``briefing convert``, briefing's ``pdf`` builder (in parts and whole, the
default pack and the full-text pack) and sphinx-simplepdf.

    python benchmarks/pdf.py ../shared/eval                 # the seeds and a pack of 100 articles
    python benchmarks/pdf.py ../shared/eval --packs seeds   # the seeds only (no eval data needed)
    python benchmarks/pdf.py ../shared/eval --packs 10,100,1000,3000 --no-simplepdf --keep /tmp/pdfbench

For each pack (``seeds``: the project's seed articles; a number N: a pack of N articles built by
``benchmarks/corpus.py`` from the seeds and the eval texts, skipped, saying so, when the eval data is
absent), in a temporary copy of ``docs/`` (as tests/test_site.py sets one up), each step a fresh
subprocess:

- ``convert``: ``briefing convert ARTICLES --out docs/generated``;
- ``pdf``: ``sphinx-build -M pdf docs build`` (briefing's own builder: Sphinx read and write, then
  WeasyPrint, in parts in parallel processes once the pack is larger than ``briefing_pdf_part_pages``),
  from a clean build folder; the front pages (cover, contents, brief) are rendered to PNG by ``pdftoppm``
  into ``renders/`` beside the pack (kept with ``--keep``);
- ``pdf-whole``: the same laid out in one piece (``briefing_pdf_part_pages=0``), the layout before parts,
  up to ``--whole-max`` articles (default 100: at 1,000 it needs about 15 GB);
- ``pdf-full``: the full-text pack (``briefing_pdf_full_text=always``: every article's text in the annex),
  in parts;
- ``simplepdf``: where ``sphinx_simplepdf`` is importable (``pip install -e ".[bench]"``), the same
  project built with sphinx-simplepdf (builder ``simplepdf``, ``sphinx_simplepdf`` added to the
  extensions with ``-D`` for that build only), also from a clean build folder.

Prints a table: wall seconds, CPU seconds (user + system, less noisy on a shared machine), memory
(``peak MB``: the largest resident set of the step's process or any of its children, from
``os.wait4``; ``sum MB``: the resident memory of all of them at once, sampled from ``/proc`` every
0.05 s, which counts Sphinx waiting while sphinx-simplepdf's WeasyPrint child prints), PDF pages,
warning and error lines in the step's output (Sphinx's and WeasyPrint's), and the ratios of seconds
and of memory (``sum MB``) to the ``pdf`` row of the same pack in the same run, and the PDF's size: the machine is shared
and noisy, so compare ratios rather than seconds across runs. A last line gives each bigger pack
against the seeds.

Exit 1 when a briefing step fails (a failed sphinx-simplepdf build is reported, not failed on);
exit 0 otherwise, also when there is nothing to do (no eval data for ``--packs 100``).
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from a file
from corpus import DEFAULT_EVAL, build_pack

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEEDS = ROOT / "seeds"
WROTE = re.compile(r"wrote .*\((\d+) pages, ([\d.]+) s(?:, (\d+) parts)?\)")
#: Front pages rendered to PNG beside each pack: cover, contents, the brief.
FRONT_PAGES = 4


@dataclass
class Step:
    pack: str
    step: str
    seconds: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    sum_mb: float | None = None
    pages: int | None = None
    warnings: int = 0
    failed: str = ""  # why, when it failed
    note: str = ""
    size_mb: float | None = None


class GroupMemory:
    """Samples the summed resident memory of a process group (Linux ``/proc``), keeping the peak.

    ``os.wait4`` gives the largest single process; sphinx-simplepdf keeps Sphinx waiting in memory
    while its WeasyPrint child prints, and only the sum says what the step needs at once.
    """

    def __init__(self, group: int, every: float = 0.05) -> None:
        self.group, self.every, self.peak = group, every, 0
        self.done = threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self.thread = threading.Thread(target=self.run, daemon=True)

    def sample(self) -> int:
        total = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
                if int(fields[2]) == self.group:  # state, ppid, pgrp
                    with open(f"/proc/{entry.name}/statm", "rb") as statm:
                        total += int(statm.read().split()[1]) * self.page
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
        return total

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, self.sample())
            self.done.wait(self.every)

    def __enter__(self) -> GroupMemory:
        if Path("/proc/self/stat").is_file():
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()


@dataclass
class Measured:
    code: int
    seconds: float
    cpu: float
    peak_mb: float  # the largest process
    sum_mb: float | None  # sampled peak of all the step's processes at once; None without /proc


def measure(command: list[str], cwd: Path, log: Path, timeout: float, env: dict | None = None) -> Measured:
    """Run ``command`` as a fresh process (in a process group of its own) and measure it.

    ``os.wait4`` gives the finished child's own resource use with its waited-for descendants': CPU
    time and the largest resident set of any of them.
    """
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(process.pid, signal.SIGKILL))
        timer.start()
        try:
            with GroupMemory(process.pid) as group:
                _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
    process.returncode = code = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS, KiB on Linux
    summed = max(group.peak / 2**20, peak) if group.thread.ident is not None else None
    return Measured(code, seconds, usage.ru_utime + usage.ru_stime, peak, summed)


def pdf_pages(path: Path) -> int | None:
    if not path.is_file() or find_spec("pypdf") is None:
        return None
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def run_step(row: Step, command: list[str], cwd: Path, timeout: float, env: dict | None = None) -> str:
    """Measure one step into ``row``; return its output."""
    log = cwd / f"{row.step}.log"
    measured = measure(command, cwd, log, timeout, env)
    code, row.seconds, row.cpu, row.peak_mb, row.sum_mb = (
        measured.code, measured.seconds, measured.cpu, measured.peak_mb, measured.sum_mb)
    output = log.read_text(encoding="utf-8", errors="replace")
    row.warnings = sum("WARNING" in line or "ERROR" in line for line in output.splitlines())
    if code:
        last = [line for line in output.splitlines() if line.strip()][-3:]
        row.failed = f"exit {code}" + (" (killed after the timeout)" if code == -signal.SIGKILL else "") + ": " + " | ".join(last)
    return output


def project(work: Path) -> Path:
    """A temporary copy of docs/ without the generated pages, as tests/test_site.py makes one."""
    shutil.copytree(DOCS, work / "docs", ignore=shutil.ignore_patterns("generated", "_build", "build"))
    return work / "docs"


def articles_in(folder: Path) -> int:
    return sum(1 for path in folder.iterdir() if path.suffix in (".txt", ".md", ".html", ".htm"))


def render_front(pack: Path) -> None:
    """The pack's front pages as PNG in ``renders/`` beside it (``pdftoppm``, when installed)."""
    if shutil.which("pdftoppm") is None:
        return
    renders = pack.parent / "renders"
    renders.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", str(FRONT_PAGES), str(pack), str(renders / "page")],
                   check=False, capture_output=True)


def bench_pack(name: str, articles: Path, work: Path, simplepdf: bool, timeout: float, whole_max: int = 100) -> list[Step]:
    docs = project(work)
    python = sys.executable
    env = dict(os.environ)
    env["PATH"] = f"{Path(python).parent}{os.pathsep}{env.get('PATH', '')}"  # sphinx-simplepdf runs `weasyprint`
    rows = [Step(name, "convert")]
    run_step(rows[0], [python, "-m", "briefing", "convert", str(articles), "--out", str(docs / "generated"), "--quiet"],
             work, timeout, env)
    if rows[0].failed:
        return rows
    for step, options in (("pdf", ()), ("pdf-whole", ("-D", "briefing_pdf_part_pages=0")),
                          ("pdf-full", ("-D", "briefing_pdf_full_text=always"))):
        if step == "pdf-whole" and articles_in(articles) > whole_max:
            rows.append(Step(name, step, note=f"not run: more than --whole-max {whole_max} articles"))
            continue
        row = Step(name, step)
        rows.append(row)
        build = work / f"build-{step}"
        output = run_step(row, [python, "-m", "sphinx", "-M", "pdf", "docs", build.name, *options], work, timeout, env)
        if wrote := WROTE.search(output):
            row.pages = int(wrote.group(1))
            row.note = f"printing {float(wrote.group(2)):.1f} s of it" + (f", {wrote.group(3)} parts" if wrote.group(3) else ", whole")
        pack = build / "pdf" / "briefing.pdf"
        if pack.is_file():
            row.size_mb = pack.stat().st_size / 2**20
            if step == "pdf":
                render_front(pack)
    if simplepdf:
        extensions = list(runpy.run_path(str(docs / "conf.py")).get("extensions", [])) + ["sphinx_simplepdf"]
        other = Step(name, "simplepdf")
        rows.append(other)
        run_step(other, [python, "-m", "sphinx", "-M", "simplepdf", "docs", "build-simplepdf",
                         "-D", "extensions=" + ",".join(extensions)], work, timeout, env)
        found = sorted((work / "build-simplepdf" / "simplepdf").glob("*.pdf"))
        other.pages = pdf_pages(found[0]) if found else None
        if not found and not other.failed:
            other.failed = "no PDF written"
    return rows


def memory(row: Step) -> float:
    """What the step needs at once: the sampled sum over its processes where there is one."""
    return row.sum_mb if row.sum_mb is not None else row.peak_mb


def print_table(rows: list[Step]) -> None:
    print(f"{'pack':<8} {'step':<10} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'sum MB':>7} {'pages':>6} {'PDF MB':>7} {'warn':>5}"
          "  ratio to pdf: time, memory")
    baselines = {row.pack: row for row in rows if row.step == "pdf" and not row.failed}
    for row in rows:
        if row.step == "skipped":
            print(f"{row.pack:<8} skipped: {row.note}")
            continue
        if row.note.startswith("not run"):
            print(f"{row.pack:<8} {row.step:<10} {row.note}")
            continue
        base = baselines.get(row.pack)
        ratio = (f"{row.seconds / base.seconds:.2f}x, {memory(row) / memory(base):.2f}x"
                 if base and base.seconds and memory(base) else "n/a")
        if row is base:
            ratio = "1 (baseline)"
        pages = "" if row.pages is None else str(row.pages)
        summed = "" if row.sum_mb is None else f"{row.sum_mb:.0f}"
        size = "" if row.size_mb is None else f"{row.size_mb:.1f}"
        print(f"{row.pack:<8} {row.step:<10} {row.seconds:>8.1f} {row.cpu:>7.1f} {row.peak_mb:>8.0f} {summed:>7} {pages:>6} {size:>7} "
              f"{row.warnings:>5}  " + (f"FAILED {row.failed}" if row.failed else ratio)
              + (f"; {row.note}" if row.note and not row.failed else ""))
    print("peak MB: the largest process (os.wait4); sum MB: the step's processes together, sampled every 0.05 s;"
          " memory ratios use sum MB")


def scaling(rows: list[Step]) -> None:
    """How each pack compares with the one before it, step by step (same run)."""
    done = [row for row in rows if row.step != "skipped" and not row.failed and row.seconds]
    packs = list(dict.fromkeys(row.pack for row in done))
    for smaller, larger in zip(packs, packs[1:]):
        before = {row.step: row for row in done if row.pack == smaller}
        parts = [f"{row.step} {row.seconds / before[row.step].seconds:.1f}x time, {memory(row) / memory(before[row.step]):.1f}x memory"
                 for row in done if row.pack == larger and row.step in before]
        if parts:
            print(f"pack {larger} / pack {smaller}: " + "; ".join(parts))


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    command.add_argument("data", type=Path, nargs="?", default=DEFAULT_EVAL,
                         help=f"the eval data folder (../shared/eval; default {DEFAULT_EVAL})")
    command.add_argument("--packs", default="seeds,100", help="comma-separated: seeds and/or article counts (default seeds,100)")
    command.add_argument("--no-simplepdf", action="store_true", help="leave out the sphinx-simplepdf build")
    command.add_argument("--keep", type=Path, help="build in this folder (kept; its pack-* folders are replaced) instead of a temporary one")
    command.add_argument("--timeout", type=float, default=3600, help="seconds a step may take before it is killed")
    command.add_argument("--whole-max", type=int, default=100,
                         help="largest pack also laid out in one piece (pdf-whole; default 100: 1,000 articles need ~15 GB)")
    args = command.parse_args(argv)
    packs = list(dict.fromkeys(p.strip() for p in args.packs.split(",") if p.strip()))
    if bad := [p for p in packs if p != "seeds" and not p.isdigit()]:
        command.error(f"--packs: not 'seeds' or a number: {', '.join(bad)}")

    simplepdf = not args.no_simplepdf and find_spec("sphinx_simplepdf") is not None
    if not args.no_simplepdf and not simplepdf:
        print('sphinx-simplepdf: skipped (not installed; pip install -e ".[bench]")')
    rows: list[Step] = []
    todo = []
    for pack in packs:
        if pack != "seeds" and not args.data.is_dir():
            print(f"skipped: pack {pack}: eval data {args.data} not found")
            rows.append(Step(pack, "skipped", note=f"eval data {args.data} not found"))
        else:
            todo.append(pack)
    if not todo:
        return 0

    with tempfile.TemporaryDirectory(prefix="briefing-pdfbench-") as scratch:
        base = args.keep or Path(scratch)
        for pack in todo:
            work = base / f"pack-{pack}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            if pack == "seeds":
                articles = SEEDS
            else:
                articles = work / "articles"
                try:
                    build_pack(int(pack), articles, args.data, say=lambda line, pack=pack: print(f"pack {pack}: {line}"))
                except ValueError as error:  # e.g. --keep inside the project
                    print(f"pdf: error: {error}", file=sys.stderr)
                    return 2
            print(f"pack {pack}: {sum(1 for _ in articles.glob('*.txt'))} articles; building...", flush=True)
            rows.extend(bench_pack(pack, articles, work, simplepdf, args.timeout, args.whole_max))
    print()
    rows.sort(key=lambda row: packs.index(row.pack))  # stable: steps stay in order
    print_table(rows)
    scaling(rows)
    if args.keep:
        print(f"builds kept in {args.keep}")
    return 1 if any(row.failed and row.step in ("convert", "pdf", "pdf-whole", "pdf-full") for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
