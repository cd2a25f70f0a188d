"""Packs of N article files from real text, for speed and memory benchmarks (no network).

Sources, in this order: the project's ``seeds/`` articles, then, when the eval folder is given and
present (format: ../shared/eval/FORMAT.md), the texts of ``basil/dev.jsonl``,
``polnear/train.jsonl`` and ``bbc-summary/odd.jsonl`` taken in turn, one of each, each in file order
(a pack of 100 is the 2 seeds and 33, 33 and 32 eval texts). A missing eval folder or file is skipped,
saying so. Texts are kept once: the same text (white space and Unicode forms aside) or the same body
under another title counts once.

Each article is a ``.txt`` file as a user would paste it: the title on the first line, a blank line,
the paragraphs. Names are ``NNNN_SOURCE_HASH.txt`` (position in the pack, source, the first 12 hex
digits of the text's SHA-256), so the same N and sources always give the same files. A
``sources.yaml`` manifest next to them gives what the data knows that a pasted text would not say
(outlet, date), as a user would write one (see README, "Metadata manifest"); ``--no-manifest`` leaves
it out.

When there are fewer distinct texts than N, it says so and, unless ``--no-repeat``, reaches N by
writing the texts again as numbered copies, each made distinct so that briefing does not keep it
once: the headline ends in "(copy K)" and the longest paragraph ends in "This is copy K of this
article in the benchmark pack."

    python benchmarks/corpus.py N OUT_DIR [--eval ../shared/eval | --seeds-only] [--no-repeat] [--no-manifest]

``--eval`` defaults to ../shared/eval next to the project; ``build_pack(n, out_dir, eval_dir=None)``,
the function, takes the seeds only unless it is given the eval folder.

It writes only into OUT_DIR (created if needed; an OUT_DIR holding anything but an earlier pack is
refused, an earlier pack is replaced) and refuses an OUT_DIR inside the project when eval texts are
used: the eval data is not to be copied into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"  # ../shared/eval, as `make bench` has it
#: (source name, file under the eval folder, field naming the outlet, outlet names by code)
EVAL_SOURCES = (
    ("basil", "basil/dev.jsonl", "outlet", {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}),
    ("polnear", "polnear/train.jsonl", "publisher", {
        "breitbart": "Breitbart", "huff-post": "HuffPost", "nyt": "The New York Times", "politico": "Politico",
        "usa-today": "USA Today", "wash-post": "The Washington Post", "west-journal": "The Western Journal"}),
    ("bbc", "bbc-summary/odd.jsonl", None, {}),
)
BBC_OUTLET = "BBC News"
MANIFEST = "sources.yaml"
COPY_NOTE = "This is copy {} of this article in the benchmark pack."
PACK_FILE = re.compile(r"\d{4,}_[a-z]+_[0-9a-f]{12}\.txt")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Text:
    source: str
    title: str  # the first line
    rest: str  # what follows it: usually a blank line and the paragraphs, as the data has them
    meta: tuple[tuple[str, str], ...] = ()  # manifest fields: outlet, published

    @classmethod
    def of(cls, source: str, text: str, meta: dict | None = None) -> Text:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip()
        title, _, rest = lines.partition("\n")
        return cls(source, title.strip(), rest, tuple(sorted((meta or {}).items())))

    def pasted(self, copy: int = 0) -> str:
        """The file's text. A numbered copy says so in its headline and at the end of its longest
        paragraph (which cleaning always keeps as body), so briefing does not keep it once."""
        if not copy:
            return f"{self.title}\n{self.rest}\n"
        paragraphs = self.rest.split("\n\n")
        longest = max(range(len(paragraphs)), key=lambda i: (len(paragraphs[i]), -i))
        paragraphs[longest] = f"{paragraphs[longest].rstrip()} {COPY_NOTE.format(copy)}"
        return f"{self.title} (copy {copy})\n" + "\n\n".join(paragraphs) + "\n"


def _key(text: str) -> str:
    """The same for one text saved again (as briefing's read.text_fingerprint): forms and spacing aside."""
    return hashlib.sha256(" ".join(unicodedata.normalize("NFKC", text).split()).encode()).hexdigest()


def seed_texts(seeds: Path = SEEDS) -> list[Text]:
    """The seed articles, file name order, with the outlets their manifest names."""
    manifest_path = seeds / MANIFEST
    manifest = (yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}) if manifest_path.is_file() else {}
    return [Text.of("seeds", path.read_text(encoding="utf-8"), {k: str(v) for k, v in (manifest.get(path.name) or {}).items()})
            for path in sorted(seeds.glob("*.txt"))]


def eval_texts(eval_dir: Path, say: Callable[[str], None] = print) -> list[list[Text]]:
    """The texts of each eval file present, file order; a missing file is skipped, saying so."""
    found = []
    for name, relative, outlet_field, outlets in EVAL_SOURCES:
        path = eval_dir / relative
        if not path.is_file():
            say(f"skipped: {path} not found")
            continue
        texts = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            if not str(record.get("text", "")).strip():
                continue
            meta = {}
            if outlet_field and record.get(outlet_field):
                meta["outlet"] = outlets.get(record[outlet_field], record[outlet_field])
            elif name == "bbc":
                meta["outlet"] = BBC_OUTLET
            if DATE.fullmatch(str(record.get("date", ""))):
                meta["published"] = record["date"]
            texts.append(Text.of(name, record["text"], meta))
        found.append(texts)
    return found


def interleaved(groups: list[list[Text]]) -> list[Text]:
    """One text of each group in turn, each group in its own order."""
    return [group[i] for i in range(max(map(len, groups), default=0)) for group in groups if i < len(group)]


def distinct(texts: list[Text]) -> tuple[list[Text], int]:
    """The texts kept once (first seen wins) and how many were left out as repeats."""
    seen: set[str] = set()
    kept = []
    for text in texts:
        keys = {_key(text.pasted()), _key(text.rest)}
        if keys & seen:
            continue
        seen |= keys
        kept.append(text)
    return kept, len(texts) - len(kept)


def available(eval_dir: Path | None = None, say: Callable[[str], None] = print) -> list[Text]:
    """Every distinct text, in pack order: the seeds, then the eval files in turn."""
    groups = [seed_texts()]
    if eval_dir is not None:
        if Path(eval_dir).is_dir():
            groups += eval_texts(Path(eval_dir), say)
        else:
            say(f"skipped: eval data {eval_dir} not found; seeds only")
    texts, repeats = distinct(interleaved(groups))
    if repeats:
        say(f"{repeats} texts left out as repeats of others (the same text, or the same body under another title)")
    return texts


def _prepare(out_dir: Path, uses_eval: bool) -> None:
    resolved = out_dir.resolve()
    if uses_eval and resolved.is_relative_to(ROOT):
        raise ValueError(f"{out_dir} is inside the project {ROOT}: eval texts must not be copied into the repository")
    if resolved.exists() and not resolved.is_dir():
        raise ValueError(f"{out_dir} is not a folder")
    resolved.mkdir(parents=True, exist_ok=True)
    others = [p.name for p in resolved.iterdir() if not (p.name == MANIFEST or (p.is_file() and PACK_FILE.fullmatch(p.name)))]
    if others:
        raise ValueError(f"{out_dir} holds other files ({', '.join(sorted(others)[:3])}...): give an empty or new folder")
    for path in resolved.iterdir():  # an earlier pack: replaced as a whole
        path.unlink()


def build_pack(n: int, out_dir: Path, eval_dir: Path | None = None, *, repeat: bool = True,
               manifest: bool = True, say: Callable[[str], None] = print) -> list[Path]:
    """Write a pack of ``n`` article files into ``out_dir``; return their paths in pack order.

    ``eval_dir`` None takes the seeds only. With fewer distinct texts than ``n`` it says so and
    writes numbered copies to reach ``n`` (``repeat``), or writes what there is.
    """
    if n < 0:
        raise ValueError("N must be 0 or more")
    out_dir = Path(out_dir)
    texts = available(eval_dir, say)
    uses_eval = any(t.source != "seeds" for t in texts[:n])
    _prepare(out_dir, uses_eval)
    chosen = [(text, 0) for text in texts[:n]]
    if len(texts) < n:
        if repeat and texts:
            chosen += [(texts[i % len(texts)], 1 + i // len(texts)) for i in range(n - len(texts))]
            say(f"only {len(texts)} distinct texts for {n} articles: {n - len(texts)} are numbered copies "
                "(headline ending in '(copy K)', a sentence saying so)")
        else:
            say(f"only {len(texts)} distinct texts: the pack has {len(texts)} articles, not {n}")
    width = max(4, len(str(max(len(chosen) - 1, 0))))
    paths = []
    entries = {}
    for position, (text, copy) in enumerate(chosen):
        content = text.pasted(copy)
        path = out_dir / f"{position:0{width}d}_{text.source}_{hashlib.sha256(content.encode()).hexdigest()[:12]}.txt"
        path.write_text(content, encoding="utf-8")
        paths.append(path)
        if text.meta:
            entries[path.name] = dict(text.meta)
    if manifest and entries:
        (out_dir / MANIFEST).write_text(
            "# Written by benchmarks/corpus.py: what the data says about each article.\n"
            + yaml.safe_dump(entries, sort_keys=True, allow_unicode=True), encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    command.add_argument("n", type=int, metavar="N", help="number of articles in the pack")
    command.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write the pack into")
    command.add_argument("--eval", type=Path, default=DEFAULT_EVAL,
                         help=f"the eval data folder (default {DEFAULT_EVAL}); skipped, saying so, when absent")
    command.add_argument("--seeds-only", action="store_true", help="take the seeds only, not the eval data")
    command.add_argument("--no-repeat", action="store_true", help="never write numbered copies to reach N")
    command.add_argument("--no-manifest", action="store_true", help=f"write no {MANIFEST}")
    args = command.parse_args(argv)
    try:
        paths = build_pack(args.n, args.out_dir, None if args.seeds_only else args.eval, repeat=not args.no_repeat, manifest=not args.no_manifest)
    except ValueError as error:
        print(f"corpus: error: {error}", file=sys.stderr)
        return 2
    by_source: dict[str, int] = {}
    for path in paths:
        source = path.name.split("_")[1]
        by_source[source] = by_source.get(source, 0) + 1
    print(f"{len(paths)} articles in {args.out_dir} ({', '.join(f'{k} {v}' for k, v in by_source.items()) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
