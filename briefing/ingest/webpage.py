"""Saved web pages: the page as text, its main text and its metadata.

A saved page is read as the text a browser shows (rendered by inscriptis), so it goes through the
same cleaning as a pasted article and every offset points into that text. Which paragraphs are the
article is decided by trafilatura's main-text extraction (which drops navigation, related links and
comments); title, authors, outlet and url come from trafilatura's metadata, dates from htmldate.
"""

from __future__ import annotations

import codecs
import functools
import re
import warnings
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from trafilatura.settings import Document

DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
LANG_ATTRIBUTE = re.compile(r"""<html\b[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
MIN_WORDS = 20  # less main text than this is a menu or an error page, not an article


class PageError(ValueError):
    """A page in which no article can be found; the message is one line for the user."""


@dataclass(frozen=True)
class Page:
    """A saved page as text, the paragraphs of its main text, the HTML around the text, and the metadata it declares."""

    text: str
    paragraphs: tuple[str, ...]
    metadata: dict = field(default_factory=dict)
    annotations: tuple[tuple[int, int, str], ...] = ()
    title: str = ""  # the page's <title>, white space made single spaces


def looks_like_html(data: bytes) -> bool:
    """Whether bytes of unknown kind (standard input, a page saved as .txt) are an HTML document."""
    return LOOKS_LIKE_HTML.match(data[:4096]) is not None


def declared_charset(data: bytes) -> str | None:
    """The encoding a page names in ``<meta charset>`` or ``http-equiv``, if it can be a page's.

    That is a text encoding Python knows (not ``base64`` or ``rot13``, codecs of another kind) that
    reads ASCII as ASCII, as the page's own ``<meta>`` tag was read: not UTF-16 or EBCDIC (which a
    page found by an ASCII tag cannot be in), nor ``utf-7``, ``unicode_escape`` and the like, which
    would turn ``+ADw-`` or ``\\u003c`` in the text into ``<``. Any other name gives None, and the
    page's encoding is detected as a text file's is.
    """
    match = DECLARED_CHARSET.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    name = {"euc-kr": "cp949", "ks_c_5601-1987": "cp949", "iso-8859-1": "cp1252", "latin1": "cp1252"}.get(name, name)
    return _page_encoding(name)


#: ASCII as a page's markup holds it, with the escapes that codecs for other purposes would decode.
_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b'\t\n\r<meta charset="x"> \\x41 \\u0041 +AEE- ~{ ~} xn--abc-def.'
#: Codecs for host names and the codec that refuses everything: they read the probe as ASCII, not a page.
_NOT_FOR_PAGES = frozenset({"idna", "punycode", "undefined"})


@functools.lru_cache(maxsize=64)
def _page_encoding(name: str) -> str | None:
    try:
        codec = codecs.lookup(name)
        if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_FOR_PAGES:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # unicode_escape warns of the probe's "\]"
            if _ASCII_PROBE.decode(codec.name) != _ASCII_PROBE.decode("ascii"):
                return None
    except Exception:
        return None
    return codec.name


XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*+>")
# A <title> left open (a page cut short when it was saved) swallows the page: closed where its text ends.
OPEN_TITLE = re.compile(r"(<title\b[^>]*+>)([^<]*+)", re.I)


def extract(markup: str) -> Page:
    """The page as text, the paragraphs its extractor takes for the article, and its metadata.

    The extractor is trafilatura with its default balance of precision and recall (and its own
    fallbacks), then trying for recall where that finds nothing; a page where neither finds an
    article still has its text, which cleaning reads as it reads pasted text. Raises
    :class:`PageError` only for a page with no visible text.
    """
    import trafilatura
    from inscriptis import get_annotated_text
    from inscriptis.model.config import ParserConfig

    from .blocks import ANNOTATIONS

    markup = XML_DECLARATION.sub("", markup, count=1)  # lxml refuses text that declares its own encoding
    rendered = get_annotated_text(markup, ParserConfig(annotation_rules=ANNOTATIONS))
    if not rendered["text"].strip() and OPEN_TITLE.search(markup):
        markup = OPEN_TITLE.sub(r"\1\2</title>", markup, count=1)
        rendered = get_annotated_text(markup, ParserConfig(annotation_rules=ANNOTATIONS))
    text = rendered["text"]
    if len(text.split()) < FEW_WORDS and len((plain := plain_text(markup)).split()) > 3 * len(text.split()):
        # Markup broken badly enough that the page renders almost empty: its text without its tags
        # is read instead, as pasted text is (no extractor, no annotations).
        return Page(plain, (), _page_dates(markup))
    if not text.strip():
        raise PageError("no visible text in the HTML page")
    document = None
    for favor_recall in (False, True):
        # A dict comes back only with as_dict=True, which trafilatura's annotation does not tell apart.
        document = cast("Document | None", trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
            deduplicate=False, favor_recall=favor_recall,
        ))
        if document is not None and len((document.text or "").split()) >= MIN_WORDS:
            break
    paragraphs: tuple[str, ...] = ()
    if document is not None and len((document.text or "").split()) >= MIN_WORDS:
        paragraphs = tuple(line.strip() for line in (document.text or "").splitlines() if line.strip())
    annotations = tuple((int(start), int(end), str(tag)) for start, end, tag in rendered["label"])
    metadata = (_document_metadata(document, text) if document is not None else {}) | _page_dates(markup)
    return Page(text, paragraphs, metadata, annotations, _page_title(markup))


def _page_title(markup: str) -> str:
    """The text of the page's ``<title>`` (often the headline with the site's name and section around it)."""
    import html

    found = OPEN_TITLE.search(markup)
    return " ".join(html.unescape(found.group(2)).split())[:MAX_TITLE_CHARS] if found else ""


#: A <title> longer than this is not a title; only this much of it is kept.
MAX_TITLE_CHARS = 1000


def _page_dates(markup: str) -> dict:
    """The page's publication and update dates (htmldate) and its language."""
    from htmldate import find_date

    metadata: dict = {}
    published = _date(find_date(markup, original_date=True, extensive_search=False))
    updated = _date(find_date(markup, original_date=False, extensive_search=False))
    if published:
        metadata["published"] = published
    if updated and published and updated > published:
        metadata["updated"] = updated
    if language := LANG_ATTRIBUTE.search(markup[:4096]):
        metadata["language"] = language.group(1).lower()
    return metadata


#: A page that renders to fewer words than this may have broken markup (see :func:`plain_text`).
FEW_WORDS = 60
_TAG = re.compile(r"<[^<>]*+>")
_UNSEEN = ("script", "style", "noscript", "template")


def plain_text(markup: str) -> str:
    """The text of a page without its tags, scripts, styles and comments, entities read: what is left of
    a page whose markup is too broken to render. Linear: each thing left out is found once."""
    import html

    kept: list[str] = []
    position = 0
    lowered = markup.lower()
    while True:
        starts = [(lowered.find(f"<{tag}", position), f"</{tag}>") for tag in _UNSEEN]
        starts.append((lowered.find("<!--", position), "-->"))
        found = [(start, end) for start, end in starts if start >= 0]
        if not found:
            kept.append(markup[position:])
            break
        start, closing = min(found)
        kept.append(markup[position:start])
        end = lowered.find(closing, start)
        position = len(markup) if end < 0 else end + len(closing)
    text = _TAG.sub("\n", "".join(kept))
    return html.unescape(text)


def _document_metadata(document: Document, text: str) -> dict:
    """Title, authors, outlet, address and description as the extractor reads them from the page."""
    metadata: dict = {}
    if document.title and _shown(document.title, text):
        metadata["title"] = document.title.strip()  # not a headline only a script or JSON-LD holds
    if document.author:
        metadata["authors"] = [name.strip() for name in document.author.split(";") if name.strip()]
    if document.sitename:
        metadata["outlet"] = document.sitename.strip()
    if document.url:
        metadata["url"] = document.url
    if document.description:
        metadata["description"] = document.description.strip()
    return metadata


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _shown(words: str, visible: str) -> bool:
    """Whether ``words`` are part of the page's visible text (white space folded)."""
    return " ".join(words.split()) in " ".join(visible.split())
