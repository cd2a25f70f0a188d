"""Headline extraction on BASIL: how often the cleaned title is the title the outlet gave.

Each record's text (title, blank line, paragraphs) is written to a plain ``.txt`` file and read
through briefing's reader and cleaner, exactly as a pasted article would be.

    python benchmarks/headlines.py ../shared/eval/basil/dev.jsonl [--show-misses]

Skips (exit 0) when the data file is absent: the data is not part of the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from briefing.ingest.clean import clean
from briefing.ingest.read import read_source

TARGET = 0.95


def normalise(title: str) -> str:
    """Compare titles up to Unicode form, quote style and spacing."""
    text = unicodedata.normalize("NFKC", title)
    for fancy, plain in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(fancy, plain)
    return " ".join(text.split()).casefold()


def measure(records: list[dict]) -> tuple[int, list[tuple[str, str]]]:
    """Number of titles matched, and (expected, got) for each miss."""
    matched, misses = 0, []
    with tempfile.TemporaryDirectory() as folder:
        for index, record in enumerate(records):
            path = Path(folder) / f"article-{index:03d}.txt"
            path.write_text(record["text"], encoding="utf-8")
            title = clean(read_source(path)).title
            if normalise(title) == normalise(record["title"]):
                matched += 1
            else:
                misses.append((record["title"], title))
    return matched, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="basil/dev.jsonl")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    matched, misses = measure(records)
    seconds = time.perf_counter() - started
    share = matched / len(records)
    print(f"headlines: {matched}/{len(records)} = {share:.1%} match the given title "
          f"(target {TARGET:.0%}); {seconds:.2f} s")
    if args.show_misses:
        for expected, got in misses:
            print(f"  expected: {expected}\n       got: {got}")
    return 0 if share >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
