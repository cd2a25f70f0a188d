"""Shared by the benchmarks: the command line over an eval file, and its tune and report halves."""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from pathlib import Path


def parser(description: str, data_help: str) -> argparse.ArgumentParser:
    """A command line taking the data file, which half of it (``--part``) and ``--limit``."""
    command = argparse.ArgumentParser(description=description)
    command.add_argument("data", type=Path, help=data_help)
    command.add_argument("--part", choices=("tune", "report", "all"), default="report")
    command.add_argument("--limit", type=int, help="only the first N articles of the part")
    return command


def in_half(key: str, part: str) -> bool:
    """Whether the record with ``key`` is in ``part``: halves split by a hash, so they never change."""
    if part == "all":
        return True
    even = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0
    return even if part == "tune" else not even


def records(args: argparse.Namespace, in_part: Callable[[dict, str], bool]) -> list[dict] | None:
    """The records of the chosen part, or None (after saying so) when the data file is absent."""
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return None
    lines = args.data.read_text(encoding="utf-8").splitlines()
    chosen = [r for r in (json.loads(line) for line in lines if line.strip()) if in_part(r, args.part)][: args.limit]
    print(f"{len(chosen)} articles ({args.part} part of {args.data.name})")
    return chosen


def analysed(texts: list[str]):
    """briefing's analyses of texts as if each were pasted into a file of its own."""
    from briefing.analyse.article import analyse
    from briefing.ingest.clean import clean
    from briefing.model import Source

    articles = [
        clean(Source(Path(f"a{i}.txt"), text, "utf-8", hashlib.sha256(text.encode()).hexdigest()), f"a{i}")
        for i, text in enumerate(texts)
    ]
    return analyse(articles)
