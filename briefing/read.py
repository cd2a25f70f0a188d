"""Reading input files: bytes to decoded text, folders to file lists, and the optional manifest.

This is one of the two stages that touch the disk. Whatever goes wrong with one file becomes a
:class:`ReadError` with a one-line reason; the caller reports it and goes on with the batch.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

import yaml

from .model import Problem, Source

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
MANIFEST_NAMES = ("sources.yaml", "sources.yml")
MAX_BYTES = 50 * 1024 * 1024
#: A manifest larger than this is not read (1 MB is about 14,000 entries, read in under a second).
MAX_MANIFEST_BYTES = 1024 * 1024
#: libyaml's loader where PyYAML has it (several times faster), else the pure-Python one; both safe.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STDIN = Path("-")
STDIN_NAME = Path("<stdin>")

# YAML front matter at the very top of a Markdown file, between "---" lines.
FRONT_MATTER = re.compile(r"\A---[ \t]*(?:\r\n|\r|\n)(?P<yaml>.*?)(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", re.S)
# Front-matter and manifest keys people use, mapped to briefing's names.
METADATA_KEYS = {
    "title": "title", "headline": "title",
    "author": "authors", "authors": "authors", "byline": "authors",
    "outlet": "outlet", "publication": "outlet", "publisher": "outlet", "source": "outlet", "site": "outlet",
    "published": "published", "date": "published", "pubdate": "published",
    "updated": "updated", "modified": "updated", "lastmod": "updated",
    "url": "url", "link": "url", "canonical": "url",
    "language": "language", "lang": "language",
    "description": "description", "subtitle": "description", "deck": "description", "summary": "description",
}


class ReadError(Exception):
    """A file that cannot be read as an article; the message is one line for the user."""


def collect_paths(inputs: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders (recursively) into article files, in a stable order."""
    paths: list[Path] = []
    problems: list[Problem] = []
    for given in inputs:
        if given.is_dir():
            found = sorted(
                p for p in given.rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(given).parts)
            )
            if not found:
                problems.append(Problem(given, "folder holds no .txt, .md or .html articles"))
            paths.extend(found)
        elif given == STDIN or given.is_file():
            paths.append(given)
        else:
            problems.append(Problem(given, "no such file or folder"))
    return paths, problems


#: At most this share of a UTF-8 file's bytes may be broken for it to be read as UTF-8 all the same
#: (valid multi-byte sequences hardly ever occur by chance in a text saved in a legacy code page).
BROKEN_UTF8_SHARE = 0.05


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (each shown as U+FFFD), when the rest holds real multi-byte UTF-8.

    A guessed code page would garble every accented letter ("Café" as "Caf√©") for a handful of bad bytes.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte and broken <= BROKEN_UTF8_SHARE * len(data):
        return text
    return None


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
        if text := _utf16_without_bom(data):
            return text
        raise ReadError("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if text := _mostly_utf8(data):
        return text, "utf-8"
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
    if not windows:
        return str(best), best.encoding
    # Read in the wrong code page, letters turn into symbols inside words ("poniedzia³ek").
    chosen = min(windows, key=lambda match: _symbols_inside_words(str(match)))
    return str(chosen), chosen.encoding


def _symbols_inside_words(text: str) -> int:
    """How many characters between two letters are neither letters nor word punctuation."""
    return sum(
        1 for before, ch, after in zip(text, text[1:], text[2:])
        if before.isalpha() and after.isalpha() and not ch.isalpha() and ch not in "'’-.‐"
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark: NUL bytes on one side of every ASCII character."""
    if len(data) % 2:
        return None
    for encoding, high, low in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        if high.count(0) >= 0.1 * len(high) and low.count(0) < high.count(0) / 4:
            text = _decodes_as(data, encoding)
            if text is not None and "\x00" not in text and _control_share(text) < 0.01:
                return text, encoding
    return None


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


def read_source(path: Path, manifest: dict | None = None, data: bytes | None = None) -> Source:
    """Read one article file (or ``-``, standard input) into a :class:`Source`; ``data`` are its bytes
    where they have been read already."""
    data = _read_bytes(path) if data is None else data
    form = _form(path, data)
    if form == "html":
        return _html_source(_shown(path), data, manifest)
    text, encoding = decode(data)
    if not text.strip():
        raise ReadError("no text (only whitespace)")
    if _control_share(text) > 0.05:
        raise ReadError("binary file (mostly control characters), not an article")
    if path == STDIN and FRONT_MATTER.match(text.lstrip("\ufeff")):
        form = "markdown"  # piped in: recognised by its front matter
    declared, content_start = front_matter(text) if form == "markdown" else ({}, 0)
    return Source(
        path=_shown(path),
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        manifest=normalise_metadata(manifest or {}),
        form=form,
        declared=declared,
        content_start=content_start,
    )


def read_input_bytes(path: Path) -> bytes:
    """The bytes of one input, as :func:`read_source` reads them (for standard input, read once)."""
    return _read_bytes(path)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes (standard input's for ``-``); an oversized file is refused before reading."""
    limit = f"the {_size(MAX_BYTES)} limit for an article"
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise ReadError(f"input is over {limit}")
            return data
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"file is {_size(size)}, over {limit}")
        return path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read file ({error.strerror or error})") from error


def _shown(path: Path) -> Path:
    """The path problems and pages name: ``<stdin>`` for ``-``."""
    return STDIN_NAME if path == STDIN else path


def _form(path: Path, data: bytes) -> str:
    """``html``, ``markdown`` or ``text``: by suffix, or by content for standard input."""
    from .webpage import looks_like_html

    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if looks_like_html(data):
        return "html"  # a page saved as .txt, or piped in
    return "text"


def _html_source(path: Path, data: bytes, manifest: dict | None) -> Source:
    """A saved page: decoded by its declared charset, reduced to its main text by trafilatura."""
    from .webpage import PageError, declared_charset, extract

    markup, encoding = None, declared_charset(data)
    if encoding and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        markup = _decodes_as(data, encoding)
    if markup is None:
        markup, encoding = decode(data)
    if not markup.strip():
        raise ReadError("no text (only whitespace)")
    try:
        page = extract(markup)
    except PageError as error:
        raise ReadError(str(error)) from error
    except Exception as error:  # noqa: BLE001 - lxml and trafilatura raise many kinds on broken pages
        raise ReadError(f"broken HTML page ({type(error).__name__}: {error})") from error
    return Source(
        path=path,
        text=page.text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        manifest=normalise_metadata(manifest or {}),
        form="html",
        declared=normalise_metadata(page.metadata),
        main_text=page.paragraphs,
    )


def front_matter(text: str) -> tuple[dict, int]:
    """Metadata from a Markdown file's YAML front matter and the offset where the article starts.

    Front matter that is not valid YAML, or not a mapping, is left as text (cleaning drops it).
    """
    offset = 1 if text.startswith("\ufeff") else 0
    match = FRONT_MATTER.match(text, offset)
    if not match:
        return {}, 0
    try:
        loaded = yaml.load(match["yaml"], Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return {}, 0
    if not isinstance(loaded, dict):
        return {}, 0
    return normalise_metadata(loaded), match.end()


def normalise_metadata(given: dict) -> dict:
    """Metadata under briefing's key names, with author lists and dates in one shape each."""
    metadata: dict = {}
    for key, value in given.items():
        name = METADATA_KEYS.get(str(key).strip().lower())
        if name is None or value is None or value == "" or name in metadata:
            continue
        if name == "authors":
            names = [value] if isinstance(value, str) else value[:MAX_AUTHORS] if isinstance(value, list) else []
            value = [text for n in names if (text := _scalar(n))]
            if not value:
                continue
        elif name in ("published", "updated"):
            value = _metadata_date(value) if isinstance(value, (str, date)) else None
            if value is None:
                continue
        else:
            value = _scalar(value)
            if value is None:
                continue
        metadata[name] = value
    return metadata


MAX_METADATA_CHARS = 1000  # a title, outlet or name longer than this is not metadata
MAX_AUTHORS = 50


def _scalar(value) -> str | None:
    """A metadata value as text: only a string or number, cut to ``MAX_METADATA_CHARS``.

    Lists and mappings (and YAML alias bombs built of them) are not values and are left out.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip()[:MAX_METADATA_CHARS] or None


def _metadata_date(value) -> date | None:
    if isinstance(value, datetime):  # YAML reads "2024-07-09 10:00" as a datetime
        return value.date()
    if isinstance(value, date):
        return value
    from .clean import parse_date

    return parse_date(str(value))


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
                size = manifest_path.stat().st_size
                if size > MAX_MANIFEST_BYTES:
                    problems.append(Problem(manifest_path, f"manifest ignored: {_size(size)}, over the {_size(MAX_MANIFEST_BYTES)} limit for a manifest"))
                    continue
                loaded = yaml.load(manifest_path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
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
    distinct = Distinct()
    sources: list[Source] = []
    for path in paths:
        try:
            source = read_source(path, manifests.get(path.resolve()) if path != STDIN else None)
        except ReadError as error:
            problems.append(Problem(_shown(path), str(error)))
            continue
        if distinct.keep(source, text_fingerprint(source.text), problems):
            sources.append(source)
    return sources, problems


class Distinct:
    """Sources kept once: the same bytes, or the same text saved again, is reported and left out."""

    def __init__(self):
        self.bytes: dict[str, Path] = {}
        self.texts: dict[str, Path] = {}

    def keep(self, source: Source, fingerprint: str, problems: list[Problem]) -> bool:
        """Whether ``source`` (whose text has ``fingerprint``) is new; reports it, and how it was decoded."""
        path = source.path
        if source.sha256 in self.bytes:
            problems.append(Problem(path, f"same bytes as {self.bytes[source.sha256]}; kept once", fatal=False))
            return False
        if fingerprint in self.texts:
            problems.append(Problem(path, f"same text as {self.texts[fingerprint]} (saved again); kept once", fatal=False))
            return False
        self.bytes[source.sha256] = self.texts[fingerprint] = path
        if source.encoding not in ("utf-8", "utf-8-sig", "ascii", "utf-16"):  # those are certain, not guessed
            problems.append(Problem(path, f"not UTF-8; decoded as {source.encoding}", fatal=False))
        elif source.encoding == "utf-8" and "\ufffd" in source.text:
            problems.append(Problem(path, "UTF-8 with a few broken bytes; each shown as \ufffd", fatal=False))
        return True


def text_fingerprint(text: str) -> str:
    """A hash that is the same for one text saved again: other encoding, line ends, spacing, BOM."""
    normalised = " ".join(unicodedata.normalize("NFKC", text.lstrip("\ufeff")).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def _size(n_bytes: int) -> str:
    """``50.3 MB`` rather than a rounded ``50 MB`` that reads as if it were within the limit."""
    if n_bytes < 2**20:
        return f"{n_bytes:,} bytes"
    return f"{n_bytes / 2**20:.1f} MB"
