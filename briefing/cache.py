"""A cache of article analyses, so that a rebuild after one article changed analyses only that article.

An analysis is stored under a key made of everything it depends on: the article (its text, file,
id and metadata), the summary length, the spaCy model (name, version, pipeline) and briefing's own
code (a hash of its source files, so that any change to the code invalidates the cache). Removing
the folder is always safe.

Entries are JSON files (``XX/KEY.json``) written atomically, never pickles: a cache folder can come
with the articles, and reading it must not be able to run code. The file is
``["briefing-analysis", CACHE_FORMAT, VALUE]``, where a VALUE is a JSON string, number, ``true``,
``false``, ``null`` or array (a list), or an object tagged by its ``"$"`` key: ``{"$": "tuple",
"v": [...]}``, ``{"$": "dict", "v": [[KEY, VALUE], ...]}`` (string keys), ``{"$": "date", "v":
"2024-07-09"}``, ``{"$": "Path", "v": "seeds/a.txt"}``, or one of the model's dataclasses
named in :data:`CLASSES` with its ``init`` fields, e.g. ``{"$": "Span", "text": "...", "start": 0,
"end": 3}``. Anything else (another tag, a field too many or too few, a file over
:data:`MAX_ENTRY_BYTES`, nesting too deep, the wrong format) makes the entry a miss: the article
is analysed again.

Entries are signed: each file starts with an HMAC-SHA256 of the rest under a key of the user's
(``KEY_FILE``, made on first use, readable by the user alone, outside any project). An entry made by
anyone else, such as one in a cache folder that came with the articles, holding made-up quotes under a
key that matches the article, fails the check and is a miss. Where no key can be kept, every entry is
a miss (the cache only makes runs slower, never wrong).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import stat
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import model
from .model import Analysis, Article

if TYPE_CHECKING:
    from spacy.language import Language

CACHE_FORMAT = 2  # 1: pickles (never read); 2: tagged JSON
DEFAULT_CACHE = Path(".briefing-cache")
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a larger entry is neither written nor read
ENTRY_TAG = "briefing-analysis"
#: Where the key that signs cache entries is kept (``BRIEFING_CACHE_KEY`` names another file).
KEY_ENV = "BRIEFING_CACHE_KEY"
SIGNATURE_BYTES = 64  # hex digits of an HMAC-SHA256, then a line break, then the entry


def key_file() -> Path:
    if given := os.environ.get(KEY_ENV):
        return Path(given)
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "briefing" / "cache-key"


@lru_cache(maxsize=4)
def _signing_key(path: Path) -> bytes | None:
    """The user's key (made the first time, mode 600), or None where none can be kept."""
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
        os.replace(temporary, path)  # two runs at once: one key wins, and both read it back
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _signature(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")

#: The only classes an entry can make, by the name it gives: the model's dataclasses an analysis holds.
CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Analysis, model.Article, model.Source, model.Span, model.Segment, model.OffsetMap, model.Dropped,
        model.Actor, model.Quote, model.Speaker, model.DateMention,
    )
}
# The fields each class is stored with: its ``init`` fields (the others, like ``OffsetMap._starts``,
# are computed again by its ``__post_init__``).
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if f.init) for cls in CLASSES.values()
}
_MADE: dict[str, tuple[type, frozenset[str], Any]] = {
    name: (cls, frozenset(_FIELDS[cls]), getattr(cls, "__post_init__", None)) for name, cls in CLASSES.items()
}


def encode(value: Any) -> Any:
    """``value`` (an analysis, or anything in one) as JSON data, which :func:`loads` makes again.

    Raises ``TypeError`` for a value of any other type.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is list:
        return [encode(item) for item in value]
    if kind is tuple:
        return {"$": "tuple", "v": [encode(item) for item in value]}
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise TypeError("the analysis cache keeps only dicts with string keys")
        return {"$": "dict", "v": [[key, encode(item)] for key, item in value.items()]}
    if kind is date:
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, Path):
        return {"$": "Path", "v": str(value)}
    names = _FIELDS.get(kind)
    if names is None:
        raise TypeError(f"the analysis cache cannot keep a {kind.__name__}")
    entry = {"$": kind.__name__}
    for name in names:
        entry[name] = encode(getattr(value, name))
    return entry


def _made(entry: dict) -> Any:
    """One JSON object of an entry as what its ``"$"`` tag names (the JSON parser gives the inner ones first)."""
    tag = entry.pop("$")
    made = _MADE.get(tag)
    if made is not None:
        cls, names, post_init = made
        if entry.keys() != names:
            raise ValueError(f"not the fields of {tag}")
        # What the dataclass's __init__ does (it sets the fields, then calls __post_init__), at half its cost.
        instance: Any = object.__new__(cls)
        instance.__dict__.update(entry)
        if post_init is not None:
            post_init(instance)
        return instance
    value = entry.pop("v")
    if entry:
        raise ValueError(f"more than a value in {tag}")
    kind = type(value)
    if tag == "tuple" and kind is list:
        return tuple(value)
    if tag == "dict" and kind is list:
        result = {}
        for pair in value:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                raise ValueError("not a key and its value")
            result[pair[0]] = pair[1]
        return result
    if tag == "date" and kind is str:
        return date.fromisoformat(value)
    if tag == "Path" and kind is str:
        return Path(value)
    raise ValueError(f"not a value the analysis cache keeps: {tag!r}")


def dumps(analysis: Analysis) -> bytes:
    """The cache entry of an analysis (``TypeError`` if it holds a value the cache cannot keep)."""
    text = json.dumps([ENTRY_TAG, CACHE_FORMAT, encode(analysis)], ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")  # lone surrogates of a decoded file come back as they were


def loads(data: bytes) -> Analysis:
    """The analysis of a cache entry; ``ValueError`` (or another exception, never code run) if it is not one."""
    if len(data) > MAX_ENTRY_BYTES:
        raise ValueError("cache entry too large")
    found = json.loads(data, object_hook=_made)  # RecursionError where nesting is absurdly deep
    if type(found) is not list or len(found) != 3 or found[0] != ENTRY_TAG or type(found[1]) is not int:
        raise ValueError("not an analysis cache entry")
    if found[1] != CACHE_FORMAT or type(found[2]) is not Analysis:
        raise ValueError("an analysis cache entry of another format")
    return found[2]


def _read_entry(path: Path) -> bytes | None:
    """The bytes of a regular file of at most ``MAX_ENTRY_BYTES`` (never blocking on a FIFO or device)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None
        data = handle.read(MAX_ENTRY_BYTES + 1)
    return data if len(data) <= MAX_ENTRY_BYTES else None


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of briefing's source files: the analysis is only as current as the code that made it."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def model_identity(nlp: Language | None, model: str | None) -> str:
    """The spaCy model as far as the analysis depends on it, without loading it when it is not loaded."""
    from .analyse import nlp as nlp_module

    if nlp is not None:
        meta = nlp.meta
        return json.dumps([meta.get("lang"), meta.get("name"), meta.get("version"), nlp.pipe_names, spacy_version()])
    name = nlp_module.model_name(model)
    meta = _package_meta(name)
    return json.dumps([name, meta.get("version"), meta.get("pipeline"), spacy_version()])


def spacy_version() -> str:
    from importlib.metadata import version

    return version("spacy")


def _package_meta(name: str) -> dict:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return {}
    for meta in Path(spec.origin).parent.rglob("meta.json"):
        try:
            return json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
    return {}


class AnalysisCache:
    """Analyses on disk under ``folder``, by key."""

    def __init__(self, folder: Path, model: str, summary_length: int):
        self.folder = Path(folder)
        self.context = json.dumps([CACHE_FORMAT, code_version(), model, summary_length])

    def key(self, article: Article) -> str:
        digest = hashlib.sha256(self.context.encode())
        digest.update(repr(article).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article) -> Analysis | None:
        signing_key = _signing_key(key_file())
        if signing_key is None:
            return None
        try:
            data = _read_entry(self._path(self.key(article)))
            if data is None or len(data) <= SIGNATURE_BYTES or data[SIGNATURE_BYTES:SIGNATURE_BYTES + 1] != b"\n":
                return None
            body = data[SIGNATURE_BYTES + 1:]
            if not hmac.compare_digest(data[:SIGNATURE_BYTES], _signature(signing_key, body)):
                return None  # not made by this user: never read
            found = loads(body)
            return found if found.article == article else None
        except Exception:
            return None

    def put(self, analysis: Analysis) -> None:
        signing_key = _signing_key(key_file())
        if signing_key is None:
            return
        path = self._path(self.key(analysis.article))
        try:
            body = dumps(analysis)
        except (TypeError, ValueError, RecursionError):
            return  # a value the format cannot keep: the article is analysed again next time
        data = _signature(signing_key, body) + b"\n" + body
        if len(data) > MAX_ENTRY_BYTES:
            return  # it would not be read
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower
