"""Reading input files: bytes to decoded text, folders to file lists, and the optional manifest.

This is one of the two stages that touch the disk. Whatever goes wrong with one file becomes a
:class:`ReadError` with a one-line reason; the caller reports it and goes on with the batch. What is
left out of a file that is still read (front matter that cannot be read) is a one-line warning, and
so is every entry of a folder that cannot be used (a folder or path that cannot be read, a named pipe,
a link out of the folder) and a manifest that cannot be read or names files outside its folder.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

import yaml

from ..model import Problem, Source, SourceForm

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
    """Expand folders (recursively) into article files, in a stable order.

    A folder is walked without following folder links; hidden files and folders are skipped, and so
    are files without an article suffix. Whatever cannot be used is one problem each and the walk goes
    on: a subfolder or file that cannot be read (permission denied, a path too long for the system), a
    named pipe or other special file (never opened: reading one could wait forever), and a file link
    that leads out of the folder (a sources folder must not publish ``/etc/passwd``). A file given by
    name is the user's choice and is read wherever it links to.
    """
    paths: list[Path] = []
    problems: list[Problem] = []
    for given in inputs:
        if given == STDIN:
            paths.append(given)
            continue
        try:
            mode = given.stat().st_mode
        except OSError as error:
            missing = error.errno in (errno.ENOENT, errno.ENOTDIR)
            problems.append(Problem(given, "no such file or folder" if missing else f"cannot be read ({_reason(error)}); skipped"))
            continue
        except ValueError as error:  # a NUL byte in the name
            problems.append(Problem(given, f"cannot be read ({error}); skipped"))
            continue
        if stat.S_ISDIR(mode):
            found, walk_problems = _walk(given)
            if not found and not walk_problems:
                problems.append(Problem(given, "folder holds no .txt, .md or .html articles"))
            paths.extend(sorted(found))
            problems.extend(walk_problems)
        elif stat.S_ISREG(mode):
            paths.append(given)
        else:
            problems.append(Problem(given, f"not a regular file ({_kind(mode)}); skipped"))
    return paths, problems


def _walk(root: Path) -> tuple[list[Path], list[Problem]]:
    """The article files under ``root`` and one problem per entry that cannot be used (see :func:`collect_paths`)."""
    found: list[Path] = []
    problems: list[Problem] = []
    inside = os.path.realpath(root)
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(folder, f"folder cannot be read ({_reason(error)}); skipped"))
            continue
        subfolders = []
        for entry in listed:
            if entry.name.startswith("."):
                continue  # hidden files and folders
            path = folder / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                    continue
                if path.suffix.lower() not in ARTICLE_SUFFIXES:
                    continue
                if entry.is_symlink():
                    target = os.path.realpath(path)
                    mode = os.stat(path).st_mode
                    if stat.S_ISDIR(mode):
                        continue  # a link to a folder, not followed
                    if os.path.commonpath([inside, target]) != inside:
                        problems.append(Problem(path, "links outside the sources folder; not read"))
                        continue
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as error:
                problems.append(Problem(path, f"cannot be read ({_reason(error)}); skipped"))
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            else:
                problems.append(Problem(path, f"not a regular file ({_kind(mode)}); skipped"))
        folders.extend(reversed(subfolders))  # depth first, in name order
    return found, problems


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _reason(error: OSError) -> str:
    """What went wrong, without the path (which may be long, or not printable)."""
    return error.strerror or type(error).__name__


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
        if decoded := _utf16_without_bom(data):
            return decoded
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
    """``data`` decoded as ``encoding``, or None where it does not decode (or no codec has that name,
    or the codec is not one for text: ``base64`` raises LookupError, ``undefined`` UnicodeError)."""
    try:
        return data.decode(encoding)
    except (UnicodeError, LookupError):
        return None


def read_source(path: Path, manifest: dict | None = None, data: bytes | None = None,
                warnings: list[str] | None = None) -> Source:
    """Read one article file (or ``-``, standard input) into a :class:`Source`; ``data`` are its bytes
    where they have been read already.

    What makes the file unusable raises :class:`ReadError`. What is left out of a file that is still
    read (front matter that cannot be read) is appended to ``warnings``, one line each, for the caller
    to report as non-fatal problems.
    """
    data = _read_bytes(path) if data is None else data
    form = _form(path, data)
    if form == "html":
        return _html_source(_shown(path), data, manifest, warnings)
    text, encoding = decode(data)
    _note_broken_bytes(data, text, encoding, warnings)
    if not text.strip():
        raise ReadError("no text (only whitespace)")
    if _control_share(text) > 0.05:
        raise ReadError("binary file (mostly control characters), not an article")
    if path == STDIN and FRONT_MATTER.match(text.lstrip("\ufeff")):
        form = "markdown"  # piped in: recognised by its front matter
    declared, content_start = front_matter(text, warnings) if form == "markdown" else ({}, 0)
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


def _note_broken_bytes(data: bytes, text: str, encoding: str, warnings: list[str] | None) -> None:
    """Say so when bytes read as UTF-8 held some that are not (each shown as U+FFFD)."""
    if encoding == "utf-8" and warnings is not None and (broken := text.count("\ufffd") - data.count(b"\xef\xbf\xbd")) > 0:
        warnings.append(f"UTF-8 with {broken} broken byte{'s' if broken != 1 else ''}; each shown as \ufffd")


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
        with _open_regular(path) as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_BYTES:
                raise ReadError(f"file is {_size(size)}, over {limit}")
            return file.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReadError(f"cannot read file ({_reason(error)})") from error


def _open_regular(path: Path):
    """``path`` opened for reading in binary, if it is a regular file: a named pipe or device put in
    its place is refused without waiting for a writer (``O_NONBLOCK``) or reading from it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(f"not a regular file ({_kind(mode)}); skipped")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _shown(path: Path) -> Path:
    """The path problems and pages name: ``<stdin>`` for ``-``."""
    return STDIN_NAME if path == STDIN else path


def _form(path: Path, data: bytes) -> SourceForm:
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


def _html_source(path: Path, data: bytes, manifest: dict | None, warnings: list[str] | None = None) -> Source:
    """A saved page: decoded by its declared charset, reduced to its main text by trafilatura."""
    from .webpage import PageError, declared_charset, extract

    if not data:
        raise ReadError("empty file")
    # Bytes that are UTF-8 are UTF-8, whatever the page declares (a page saved again by a browser
    # keeps its old <meta charset>); then the declared charset; then detection as for a text file.
    markup, encoding = _decodes_as(data, "utf-8-sig"), "utf-8"
    if markup is None and (declared := declared_charset(data)) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        markup, encoding = _decodes_as(data, declared), declared  # None for a charset the page does not hold
    if markup is None:
        markup, encoding = decode(data)
        _note_broken_bytes(data, markup, encoding, warnings)
    if not markup.strip():
        raise ReadError("no text (only whitespace)")
    markup = _repaired(markup)
    try:
        page = extract(markup)
    except PageError as error:
        raise ReadError(str(error)) from error
    except Exception as error:
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
        annotations=page.annotations,
        page_title=page.title,
    )


def _repaired(markup: str) -> str:
    """A page's text decoded twice when it was saved ("Canadaâ€™s" for "Canada’s"), put right (ftfy).

    Only the mis-decoding is undone: quotes, dashes and the rest stay as the page has them. The page's
    offsets point into its text as rendered from the repaired markup, so they stay right.
    """
    import ftfy

    return ftfy.fix_encoding(markup)


def front_matter(text: str, warnings: list[str] | None = None) -> tuple[dict, int]:
    """Metadata from a Markdown file's YAML front matter and the offset where the article starts.

    Front matter that cannot be read (not YAML, a value YAML cannot construct such as the date
    2024-02-30, nesting too deep) is still front matter: the article starts after it, and why it was
    ignored is appended to ``warnings``. A block that is YAML but not a mapping (``---``, a line,
    ``---``: a rule and a Markdown heading) is left as text.
    """
    offset = 1 if text.startswith("\ufeff") else 0
    match = FRONT_MATTER.match(text, offset)
    if not match:
        return {}, 0
    try:
        loaded = load_yaml(match["yaml"], first_line=2)
        if not isinstance(loaded, dict):
            return {}, 0
        return normalise_metadata(loaded), match.end()
    except YamlProblem as problem:
        reason = str(problem)
    except Exception as error:
        reason = f"cannot be read ({_error_line(error)})"
    if warnings is not None:
        warnings.append(f"front matter ignored: {reason}")
    return {}, match.end()


class YamlProblem(ValueError):
    """YAML that cannot be loaded; the message is one line for the user."""


def load_yaml(text: str, first_line: int = 1):
    """``text`` loaded by the safe loader; any failure is a :class:`YamlProblem` with a one-line reason.

    Besides PyYAML's own errors, loading raises ``ValueError`` for a timestamp that is no date
    (``2024-02-30``) or a number YAML cannot convert, ``RecursionError`` for deep nesting in the
    pure-Python loader, and so on: none of them may stop the batch. ``first_line`` is the line of the
    file ``text`` starts on, for the position given in the reason.
    """
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except RecursionError as error:
        raise YamlProblem("cannot be read as YAML (nested too deeply)") from error
    except yaml.MarkedYAMLError as error:
        what = error.problem or error.context or "not valid YAML"
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + first_line}, column {mark.column + 1}" if mark is not None else ""
        raise YamlProblem(f"not valid YAML ({_one_line(what)}{where})") from error
    except Exception as error:
        raise YamlProblem(f"cannot be read as YAML ({_error_line(error)})") from error


def _one_line(text: str, limit: int = 200) -> str:
    """``text`` on one line (white space folded, control and bidi characters escaped), cut to ``limit``."""
    folded = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in " ".join(str(text).split()))
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def _error_line(error: BaseException) -> str:
    """An exception in one line: its message, or its type where it has none."""
    return _one_line(str(error)) or type(error).__name__


def normalise_metadata(given: dict) -> dict:
    """Metadata under briefing's key names, with author lists and dates in one shape each."""
    metadata: dict = {}
    for key, value in given.items():
        if not isinstance(key, str):
            continue  # a number, date or list as key names no field
        name = METADATA_KEYS.get(key.strip().lower())
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
    if isinstance(value, int) and value.bit_length() > 4 * MAX_METADATA_CHARS:
        return None  # a number of thousands of digits (Python refuses to print one over 4,300)
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
    ``title``, ``authors`` and ``language``; what it gives wins over what cleaning infers. It speaks
    only for files in its own folder and the folders below: an entry for ``../other/file.txt`` or an
    absolute path is left out (one line per manifest). A manifest that cannot be read is one line and
    the articles are read without it.
    """
    entries: dict[Path, dict] = {}
    problems: list[Problem] = []
    for folder in sorted({p.parent for p in paths if p != STDIN}):
        for name in MANIFEST_NAMES:
            manifest_path = folder / name
            try:
                found, problem = _read_manifest(folder, manifest_path)
            except Exception as error:
                found, problem = {}, Problem(manifest_path, f"manifest ignored: cannot be read ({_error_line(error)})")
            entries.update(found)
            if problem is not None:
                problems.append(problem)
    return entries, problems


def _read_manifest(folder: Path, manifest_path: Path) -> tuple[dict[Path, dict], Problem | None]:
    """The entries of one manifest by resolved file path, and the one problem to report about it, if any."""
    entries, message = _manifest_entries(folder, manifest_path)
    if message is None:
        return entries, None
    # A manifest left out is an error (what it says is missing from the pages); entries left out of one
    # that is read are a warning.
    return entries, Problem(manifest_path, message, fatal=message.startswith("manifest ignored"))


def _manifest_entries(folder: Path, manifest_path: Path) -> tuple[dict[Path, dict], str | None]:
    try:
        with _open_regular(manifest_path) as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_MANIFEST_BYTES:
                return {}, f"manifest ignored: {_size(size)}, over the {_size(MAX_MANIFEST_BYTES)} limit for a manifest"
            data = file.read(MAX_MANIFEST_BYTES + 1)
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        if error.errno in (errno.ENOTDIR, errno.ENAMETOOLONG):
            return {}, None  # no manifest can be there, or none that could be reached
        return {}, f"manifest ignored: cannot be read ({_reason(error)})"
    except ReadError as error:  # a named pipe or device by that name
        return {}, f"manifest ignored: {str(error).removesuffix('; skipped')}"
    try:
        loaded = load_yaml(data.decode("utf-8")) or {}
    except UnicodeDecodeError as error:
        return {}, f"manifest ignored: not UTF-8 ({error.reason} at byte {error.start:,})"
    except YamlProblem as problem:
        return {}, f"manifest ignored: {problem}"
    if not isinstance(loaded, dict):
        return {}, "manifest ignored: expected a mapping of file names"
    inside = folder.resolve()
    entries: dict[Path, dict] = {}
    outside: list[object] = []
    for file_name, meta in loaded.items():
        if not isinstance(meta, dict) or not isinstance(file_name, (str, int, float)) or isinstance(file_name, bool):
            continue
        try:
            named = str(file_name)
            resolved = (folder / named).resolve()
        except (OSError, ValueError, RuntimeError):  # a NUL byte, a number Python will not print, a link loop
            continue
        if resolved == inside:
            continue  # "." names no file
        if not resolved.is_relative_to(inside):
            outside.append(file_name)
            continue
        entries[resolved] = meta
    if outside:
        count = f"{len(outside):,} entries name files" if len(outside) > 1 else "an entry names a file"
        return entries, f"{count} outside the manifest's folder; ignored (the first: {_one_line(repr(outside[0]), 100)})"
    return entries, None


def read_sources(inputs: list[Path]) -> tuple[list[Source], list[Problem]]:
    """Read every article under ``inputs``; identical files are kept once and reported."""
    paths, problems = collect_paths(inputs)
    manifests, manifest_problems = read_manifests(paths)
    problems.extend(manifest_problems)
    distinct = Distinct()
    sources: list[Source] = []
    for path in paths:
        warnings: list[str] = []
        try:
            source = read_source(path, manifests.get(path.resolve()) if path != STDIN else None, warnings=warnings)
        except ReadError as error:
            problems.append(Problem(_shown(path), str(error)))
            continue
        if distinct.keep(source, text_fingerprint(source.text), problems):
            problems.extend(Problem(source.path, warning, fatal=False) for warning in warnings)
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
