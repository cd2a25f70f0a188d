"""Reading input files: bytes to decoded text, folders to file lists, and the optional manifest.

This is one of the two stages that touch the disk. Whatever goes wrong with one file becomes a
:class:`ReadError` with a one-line reason; the caller reports it and goes on with the batch.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import yaml

from .model import Problem, Source

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
MANIFEST_NAMES = ("sources.yaml", "sources.yml")
MAX_BYTES = 50 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read as an article; the message is one line for the user."""


def collect_paths(inputs: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders (recursively) into article files, in a stable order."""
    paths: list[Path] = []
    problems: list[Problem] = []
    for given in inputs:
        if given.is_dir():
            found = sorted(
                p for p in given.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                problems.append(Problem(given, "folder holds no .txt or .md articles"))
            paths.extend(found)
        elif given.is_file():
            paths.append(given)
        else:
            problems.append(Problem(given, "no such file or folder"))
    return paths, problems


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes into text; returns ``(text, encoding)`` or raises :class:`ReadError`."""
    if not data:
        raise ReadError("empty file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ReadError(f"starts with a {encoding} byte-order mark but does not decode ({error.reason})") from error
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ReadError("not text in any encoding briefing can recognise")
    # A short Western text leaves several single-byte code pages equally plausible (cp775 read
    # "café" as "cafķ"). Among the near-ties, prefer the Windows code pages that non-UTF-8
    # articles are almost always saved in, cp1252 first.
    ties = [match for match in results if match.chaos <= best.chaos + 0.01]
    western = _decodes_as(data, "cp1252")
    if western is not None and _looks_western(western):
        for match in ties:
            if "cp1252" in match.could_be_from_charset and str(match) == western:
                return western, "cp1252"
    windows = [match for match in ties if match.encoding.startswith("cp125")]
    chosen = best if best in windows or not windows else windows[0]
    return str(chosen), chosen.encoding


# Letters of Western European languages and the typographic marks word processors put in text.
_WESTERN = re.compile(r"[\x00-\x7f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ffŒœŠšŽžŸ‘’‚“”„–—…•€«»°·\u00a0]*")


def _looks_western(text: str) -> bool:
    """Whether text holds only ASCII, Western European letters and typographic punctuation.

    Text from another code page read as cp1252 shows stray symbols (Polish "ł" becomes "³").
    """
    return _WESTERN.fullmatch(text) is not None


def _decodes_as(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def read_source(path: Path, manifest: dict | None = None) -> Source:
    """Read one article file into a :class:`Source`."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"file is {_size(size)}, over the {_size(MAX_BYTES)} limit for an article")
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read file ({error.strerror or error})") from error
    text, encoding = decode(data)
    if not text.strip():
        raise ReadError("no text (only whitespace)")
    if _control_share(text) > 0.05:
        raise ReadError("binary file (mostly control characters), not an article")
    return Source(
        path=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        manifest=dict(manifest or {}),
    )


def read_manifests(paths: list[Path]) -> tuple[dict[Path, dict], list[Problem]]:
    """Per-file metadata from ``sources.yaml`` files in the folders of the given articles.

    The manifest maps file names (relative to its folder) to ``url``, ``outlet``, ``published``,
    ``title``, ``authors`` and ``language``; what it gives wins over what cleaning infers.
    """
    entries: dict[Path, dict] = {}
    problems: list[Problem] = []
    for folder in sorted({p.parent for p in paths}):
        for name in MANIFEST_NAMES:
            manifest_path = folder / name
            if not manifest_path.is_file():
                continue
            try:
                loaded = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
                problems.append(Problem(manifest_path, f"manifest ignored: {str(error).splitlines()[0]}"))
                continue
            if not isinstance(loaded, dict):
                problems.append(Problem(manifest_path, "manifest ignored: expected a mapping of file names"))
                continue
            for file_name, meta in loaded.items():
                if isinstance(meta, dict):
                    entries[(folder / str(file_name)).resolve()] = meta
    return entries, problems


def read_sources(inputs: list[Path]) -> tuple[list[Source], list[Problem]]:
    """Read every article under ``inputs``; identical files are kept once and reported."""
    paths, problems = collect_paths(inputs)
    manifests, manifest_problems = read_manifests(paths)
    problems.extend(manifest_problems)
    sources: list[Source] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            source = read_source(path, manifests.get(path.resolve()))
        except ReadError as error:
            problems.append(Problem(path, str(error)))
            continue
        if source.sha256 in seen:
            problems.append(Problem(path, f"same bytes as {seen[source.sha256]}; kept once", fatal=False))
            continue
        seen[source.sha256] = path
        if source.encoding not in ("utf-8", "utf-8-sig", "ascii"):
            problems.append(Problem(path, f"not UTF-8; decoded as {source.encoding}", fatal=False))
        sources.append(source)
    return sources, problems


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def _size(n_bytes: int) -> str:
    """``50.3 MB`` rather than a rounded ``50 MB`` that reads as if it were within the limit."""
    if n_bytes < 2**20:
        return f"{n_bytes:,} bytes"
    return f"{n_bytes / 2**20:.1f} MB"
