"""A cache of article analyses, so that a rebuild after one article changed analyses only that article.

An analysis is stored under a key made of everything it depends on: the article (its text, file,
id and metadata), the summary length, the spaCy model (name, version, pipeline) and briefing's own
code (a hash of its source files, so that any change to the code invalidates the cache). Entries
are pickles written atomically; one that cannot be read is analysed again. Removing the folder is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Analysis, Article

if TYPE_CHECKING:
    from spacy.language import Language

CACHE_FORMAT = 1
DEFAULT_CACHE = Path(".briefing-cache")


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
    from . import nlp as nlp_module

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
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, article: Article) -> Analysis | None:
        try:
            with self._path(self.key(article)).open("rb") as handle:
                found = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a missing, old or damaged entry is a miss
            return None
        return found if isinstance(found, Analysis) and found.article == article else None

    def put(self, analysis: Analysis) -> None:
        path = self._path(self.key(analysis.article))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump(analysis, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(path)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower
