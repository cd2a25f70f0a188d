"""Cleaning: a decoded source becomes an :class:`Article` with metadata, body and offset map.

Text copied from a news page mixes the article with navigation, share prompts, repeated photo
captions, bylines and date lines. Each line is classified by general features (position relative
to the body, length, closing punctuation, repetition, the shape of bylines, dates and photo
credits), never by the strings of particular outlets. Kept paragraphs are copied verbatim, so the
offset map back to the source is a list of plain segments.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateutil import parser as dateparser

from ..model import Article, Dropped, OffsetMap, Segment, Source, Span
from ..words import letter_words, slug
from . import headline as headline_model
from .blocks import page_blocks

PARAGRAPH_SEPARATOR = "\n\n"

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_MONTH}\s*+\d{{1,2}},?\s++\d{{4}}"
    rf"|\d{{1,2}}\s++{_MONTH},?\s++\d{{4}}"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{4}}[./]\s?\d{{1,2}}[./]\s?\d{{1,2}}\.?)"
)
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*+[AaPp]\.?[Mm]\.?)?(?:\s*+(?:[A-Z]{2,4}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|Z))?"
_TIME = rf"(?:(?:[\sT,@|-]++|\s++at\s++){_CLOCK})?"
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s++"
# The label is a word or two in any script ("Posted", "Updated :", Korean "입력"); the time may
# stand before the date ("Updated 3:15 PM EDT, Tue July 9, 2024") or after it.
DATE_LINE = re.compile(
    rf"^(?P<label>[^\W\d_](?:[^\W\d_]| ){{0,20}}?)?\s*+:?\s*+(?:on\s++)?(?:{_CLOCK}\s*+[,|-]?\s*+)?(?:{_WEEKDAY})?"
    rf"(?P<date>{_DATE}){_TIME}\s*+[,.]?$"
)
UPDATE_LABELS = ("updated", "modified", "last updated", "last modified", "edited", "revised", "수정")
UPDATE_SPLIT = re.compile(r"(?<!\s)\s++(?=(?:updated|modified|last updated|last modified|edited|revised|수정)\b)", re.I)

# Each word of a name is taken whole (possessively): an e-mail address after it cannot start inside it.
_NAME = r"[A-Z][\w'’.]*+(?:[-‐][\w'’.]++)*+(?:\s++[A-Z][\w'’.]*+(?:[-‐][\w'’.]++)*+){0,3}"
EMAIL = r"[\w.+-]++@(?P<domain>[\w-]++(?:\.[\w-]++)+)"
_EMAIL_TAIL = rf"\s*+[,/|]?\s*+[(<]?{EMAIL}[)>]?"
# A hyphen only separates a role when spaced ("By Jane Doe - Staff Writer"), so "Kim Do-hyun" stays whole.
BY_LINE = re.compile(
    rf"^(?:By|BY|by)(?:\s*+:)?\s++(?P<names>{_NAME}(?:\s*+(?:,(?:\s*+(?:and\b|&))?+|\band\b|&)\s*+{_NAME})*)"
    rf"(?:{_EMAIL_TAIL})?\s*+(?:(?:[,|/]|(?<=\s)[–—-])\s*+(?P<role>.{{0,60}}))?$"
)
# Korean-language papers sign off with a name in Hangul, a role word and an e-mail: "홍길동 기자 gd@x.co.kr".
_HANGUL_NAME = r"[\uac00-\ud7a3]{2,4}"
_HANGUL_ROLE = r"(?:선임기자|기자|특파원|논설위원|객원기자|통신원)"
SIGNATURE = re.compile(
    rf"^(?:(?P<name>{_NAME})|(?P<hangul>{_HANGUL_NAME})\s*+{_HANGUL_ROLE}?)\s*+[,/|]?\s*+[(<]?{EMAIL}[)>]?$"
)
ROLE_WORDS = {"reporter", "correspondent", "writer", "editor", "staff", "columnist", "contributor", "intern"}
ROLE_LINE = re.compile(
    rf"^(?:(?P<name>{_NAME})\s++(?:Staff\s++|Senior\s++|Foreign\s++)?(?:Reporter|Correspondent|Writer|Editor)"
    rf"|(?:Staff\s++|Senior\s++)?(?:Reporter|Correspondent)\s++(?P<named>{_NAME})(?:\s*+\({_HANGUL_NAME}\))?"
    rf"|(?P<hangul>{_HANGUL_NAME})\s*+{_HANGUL_ROLE})$"
)
BARE_EMAIL = re.compile(rf"^[(<]?{EMAIL}[)>]?$")
# Wire-story trailers: "Reporting by A; Editing by B", "X contributed to this report."
CREDIT_LINE = re.compile(
    r"^(?:(?:Additional\s+)?(?:Reporting|Writing|Editing|Research)\s+by\b"
    r"|.{0,160}\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\b)", re.I)
# A prompt to act rather than a sentence of the story: "Sign up here.", "Subscribe to our newsletter".
CALL_TO_ACTION = re.compile(
    r"\bsign\s+up\s+here\b|^(?:sign\s+up|subscribe|get|catch\s+up|click|tap|download|follow|join|register)\b"
    r".{0,160}\b(?:newsletters?|sign\s+up|subscribe|inbox|app|here)\b", re.I)

# A caption ends in a photo credit: "... July 12, 2023. Reuters-Yonhap", "(AP Photo/Jane Doe)".
# Words and the separators between them share no character, so a long line cannot make it backtrack.
CREDIT_TAIL = re.compile(r"[.)]\s+(?:Photo(?:\s+by)?:?\s*)?[A-Z][\w&'’-]*(?:(?:\s*/\s*|\s+-\s+|\s+)[A-Z][\w&'’-]*){0,3}\s*$")
CREDIT_TAIL_CHARS = 200  # a credit at the end of a caption is short: only the line's end is searched
PHOTO_MARK = re.compile(
    r"\((?:[^()]*\s)?Photo\b[^()]*\)\s*$|^(?:Photo|Image|Picture)\s*(?:by|:|courtesy)"
    r"|\b(?:Photograph|Photo|Picture|Image)(?:\s+by)?\s*:\s*[A-Z][^.]{0,60}$"  # "... Photograph: Jane Doe/Outlet"
    r"|^\[\d+/\d+\]\s"  # "[1/2] ..." in a gallery
    r"|(?-i:\b[A-Z]{2,}(?:\s+Photo)?/[A-Z][a-z])",  # "REUTERS/Jane Doe", "AFP/..."
    re.I,
)
LEGAL = re.compile(r"©|\bcopyright\b|\ball rights reserved\b|\bunauthorized reproduction\b", re.I)
TERMINAL = re.compile(r"[.!?…,:;][\"”’')\]]*$")
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
MID_SENTENCE = re.compile(r"[,;–—-]$")
FIELD = re.compile(r"^[a-z][\w-]*:(?:\s|$)")
SHORT_PARAGRAPH_WORDS = 12


# Markdown marks around a line's text: "# Heading", "> quoted", "- item", "*By Jane Doe*".
# The closing hashes of "# Title ##" follow a non-space, so a run of spaces is read once.
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s++(.*?)(?:(?<=\S)\s++#++)?$")
MARKDOWN_PREFIX = re.compile(r"^(?:>\s?)+|^[-*+]\s+(?=\S)")
MARKDOWN_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?=\S)(.*\S)\1$")
# "SEOUL, July 8 (Yonhap) --", "WASHINGTON (AP) —", "MILLBROOK, Ohio —", "WASHINGTON ―" opening a wire or newspaper story.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?)"
    rf"(?:,\s+(?P<date>{_MONTH}\s*\d{{1,2}}))?"
    r"(?:\s+\((?P<agency>[A-Z][\w&.'’ -]{0,30}?)\))?"
    r"\s*(?P<dash>--|–-|—|–|―|-)(?:\s++|(?<=[—―])(?=[A-Z]))(?=\S)"  # "WASHINGTON—Joining": a long dash may touch
)
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
#: The same, at the start of any line of a text.
DATELINES = re.compile(DATELINE.pattern, re.M)


@dataclass(frozen=True)
class Unit:
    """A line (or a hard-wrapped paragraph) of the source, without its surrounding whitespace
    (and without Markdown's line marks: ``heading`` is the level of a ``#`` heading)."""

    start: int
    end: int
    text: str
    heading: int = 0

    @property
    def words(self) -> int:
        return len(letter_words(self.text))

    @property
    def ends_like_prose(self) -> bool:
        return bool(TERMINAL.search(self.text))


def split_units(text: str, start: int = 0, markdown: bool = False) -> list[Unit]:
    """Lines of ``text`` from ``start`` with offsets; a hard-wrapped paragraph's lines are joined
    into one unit. In Markdown, a heading is a unit of its own."""
    units: list[Unit] = []
    for block in _blocks(text, start, markdown):
        if len(block) >= 3 and _stands_apart(block) and _is_wrapped_prose(block[1:]):
            units.append(block[0])  # a headline set directly on top of a wrapped paragraph
            block = block[1:]
        prose = _is_wrapped_prose(block)
        longest = max(len(line.text) for line in block)
        current = block[0]
        for previous, line in zip(block, block[1:]):
            if _continues(current.text, previous.text, line.text, prose, longest=longest):
                current = Unit(current.start, line.end, text[current.start:line.end])
            else:
                units.append(current)
                current = line
        units.append(current)
    return units


def _blocks(text: str, start: int = 0, markdown: bool = False) -> list[list[Unit]]:
    """Runs of non-blank lines (stripped, with offsets) between blank lines."""
    blocks: list[list[Unit]] = []
    previous_blank = True
    for match in LINE.finditer(text, start):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            if match.end() >= len(text):
                break
            continue
        begin = match.start() + (len(line) - len(line.lstrip()))
        unit = Unit(begin, begin + len(stripped), stripped)
        if markdown:
            unit = _without_markdown_marks(unit)
            if not unit.text:
                previous_blank = True
                continue
        if previous_blank or unit.heading or blocks[-1][-1].heading:
            blocks.append([unit])  # a Markdown heading is a block of its own
        else:
            blocks[-1].append(unit)
        previous_blank = False
    return blocks


LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _without_markdown_marks(unit: Unit) -> Unit:
    """The unit's text without a heading's hashes, quote marks, a list bullet or whole-line emphasis;
    the offsets move with it, so the text is still a verbatim slice of the source."""
    if match := MARKDOWN_HEADING.match(unit.text):
        return Unit(unit.start + match.start(2), unit.start + match.end(2), match[2], heading=len(match[1]))
    if match := MARKDOWN_PREFIX.match(unit.text):
        unit = Unit(unit.start + match.end(), unit.end, unit.text[match.end():])
    if match := MARKDOWN_EMPHASIS.match(unit.text):
        unit = Unit(unit.start + match.start(2), unit.start + match.end(2), match[2])
    return unit


def _is_wrapped_prose(block: list[Unit]) -> bool:
    """A block of long lines, ending a sentence, that is visibly one paragraph broken at a width:
    a line continues mid-sentence (after a comma, or into a lowercase word or a number), or three or
    more lines all fill nearly the same width, as text wrapped by a mail program or editor does."""
    if len(block) < 2 or not SENTENCE_END.search(block[-1].text):
        return False
    lengths = [len(line.text) for line in block[:-1]]
    if min(lengths) < 40:
        return False
    breaks_mid_sentence = any(not SENTENCE_END.search(line.text) for line in block[:-1])
    if len(block) >= 3 and breaks_mid_sentence and max(lengths) >= 50 and min(lengths) >= 0.75 * max(lengths):
        return True
    return any(
        MID_SENTENCE.search(previous.text)
        or line.text[:1].islower()
        or (line.text[:1].isdigit() and not SENTENCE_END.search(previous.text))
        for previous, line in zip(block, block[1:])
    )


def _stands_apart(block: list[Unit]) -> bool:
    """Whether a wrapped block's first line is a headline set directly on top of the paragraph.

    It is when nothing shows the sentence running on into the next line (no closing comma, the
    next line starts with a capital) and the line either is in Title Case or is off the width the
    paragraph below is wrapped at.
    """
    first, second = block[0].text, block[1].text
    if SENTENCE_END.search(first) or MID_SENTENCE.search(first) or not second[:1].isupper():
        return False
    words = [word for word in letter_words(first) if len(word) > 3]
    title_case = bool(words) and sum(word[0].isupper() for word in words) >= 0.6 * len(words)
    widths = [len(line.text) for line in block[1:-1]]
    off_width = not widths or len(first) < 0.75 * max(widths) or len(first) > 1.1 * max(widths)
    return title_case or off_width


def _continues(unit: str, previous: str, line: str, prose: bool, longest: int) -> bool:
    """Whether ``line`` carries on the unit built so far (whose last line is ``previous``)."""
    ends_sentence = bool(SENTENCE_END.search(previous))
    if not prose:
        # "...the\nauthor: X" is a field list (front matter), not a wrapped sentence.
        return not ends_sentence and line[:1].islower() and len(unit) > 40 and not FIELD.match(line)
    # A sentence ending on a short line closes a paragraph (paragraphs set one per line).
    return not (ends_sentence and len(previous) < 0.6 * longest)


_ABBREVIATION_DOT = re.compile(r"(?<=[A-Za-z])\.")
_DOTTED_DATE = re.compile(r"(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?")


def parse_date(text: str) -> date | None:
    """A calendar date from a date-line fragment such as ``July. 09, 2024`` or ``2024.07.09``."""
    normalised = _ABBREVIATION_DOT.sub(" ", text).replace("/", "-")
    normalised = _DOTTED_DATE.sub(r"\1-\2-\3", normalised)
    try:
        return dateparser.parse(normalised, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def _date_line(text: str) -> re.Match | None:
    """A match when ``text`` is a date line; a label of three or more words makes it a sentence
    ("The ministry said on July 8, 2024.")."""
    match = DATE_LINE.match(text)
    if match and len((match["label"] or "").split()) > 2:
        return None
    return match


def _dates_of(text: str) -> list[tuple[str, date]]:
    """(label, date) for a date line, or for each part of "Posted 2024.07.11 09:30 Modified 2024.07.11 14:05"."""
    found = []
    for number, part in enumerate(UPDATE_SPLIT.split(text)):
        match = _date_line(part)
        value = parse_date(match["date"]) if match else None
        if match is None or value is None:  # no date line, or one whose date does not parse
            if number == 0 or len(part.split()) > 5:
                return []
            continue  # "Updated 2 hours ago": no date to read
        found.append(((match["label"] or "").strip().lower(), value))
    return found


def _authors_of(unit: Unit) -> tuple[list[str], str | None] | None:
    """Authors (and an e-mail domain) when ``unit`` is a byline or signature, else None."""
    if len(unit.text) > 120:
        return None
    if match := BY_LINE.match(unit.text):
        return _byline_names(match["names"]), (match["domain"] or "").lower() or None
    if match := SIGNATURE.match(unit.text):
        return [match["hangul"] or _strip_role(match["name"])], match["domain"].lower()
    if match := ROLE_LINE.match(unit.text):
        return [match["hangul"] or _strip_role(match["name"] or match["named"])], None
    if match := BARE_EMAIL.match(unit.text):
        return [], match["domain"].lower()
    return None


def _byline_names(names: str) -> list[str]:
    """People in a byline's name list, without roles and affiliations.

    "By Jane Doe, Staff Writer", "By Jonas Weber, Transport Correspondent" and "By Jane Doe and
    John Roe, CNN": after a comma, an entry that ends in a role word or is a single word is the
    author's role or employer, not another author.
    """
    people: list[str] = []
    for index, (separator, name) in enumerate(_split_names(names)):
        words = name.split()
        if not words or all(word.lower() in ROLE_WORDS for word in words):
            continue
        if index and separator == "," and (len(words) == 1 or _is_role(name)):
            continue
        people.append(_person_name(_strip_role(name)))
    return people


def _is_role(name: str) -> bool:
    """A role, not a person: "Staff Writer", "Transport Correspondent"."""
    words = name.split()
    return not words or words[-1].lower() in ROLE_WORDS


def _person_name(name: str) -> str:
    """A byline name as a reader writes it: "JANE DOE Associated Press" -> "Jane Doe".

    Wire bylines set names in capitals; Title Case words after them are the employer.
    """
    words = name.split()
    capitals = 0
    while capitals < len(words) and words[capitals].isupper() and len(words[capitals]) > 1:
        capitals += 1
    if capitals >= 2 or (capitals == 1 and len(words) == 1):
        return " ".join(word.title() for word in words[:capitals])
    return name


_NAME_SEPARATOR = re.compile(r"(?<!\s)\s*+(,(?:\s*+(?:and\b|&))?+|\band\b|&)\s*+")  # ", and" is one


def _split_names(names: str) -> list[tuple[str, str]]:
    parts = _NAME_SEPARATOR.split(names)
    return [("", parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def _strip_role(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].lower() in ROLE_WORDS:
        words.pop()
    return " ".join(words)


def _is_caption(unit: Unit) -> bool:
    if PHOTO_MARK.search(unit.text):
        return True
    return not unit.text.endswith(".") and unit.words >= 5 and bool(CREDIT_TAIL.search(unit.text[-CREDIT_TAIL_CHARS:]))


#: Why a block of a saved page that its extractor took is not in the article.
JUDGED_NOT_THE_ARTICLE = "taken by the extractor, judged not the article"


def _is_boilerplate(unit: Unit) -> bool:
    """A short legal notice, credit line or call to action among a page's article blocks."""
    return unit.words < 40 and bool(LEGAL.search(unit.text) or CREDIT_LINE.search(unit.text) or CALL_TO_ACTION.search(unit.text))


def _page_pieces(text: str, units: list[Unit], body: list[tuple[int, int]]) -> list[tuple[Unit, bool, int]]:
    """A saved page as pieces in text order: each article block, and each line (or the rest of a line)
    outside them; with whether the piece is an article block and the index of the unit it lies in."""
    pieces: list[tuple[Unit, bool, int]] = []
    starts = [unit.start for unit in units]
    for start, end in body:
        piece = text[start:end]
        index = max(bisect_right(starts, start) - 1, 0)
        pieces.append((Unit(start, end, piece, 0), True, index))
    for index, unit in enumerate(units):
        position = unit.start
        for start, end in body:
            if end <= position or start >= unit.end:
                continue
            if start > position:
                pieces += _rest(text, position, start, index)
            position = max(position, end)
        if position < unit.end:
            pieces += _rest(text, position, unit.end, index)
    return sorted(pieces, key=lambda piece: piece[0].start)


def _rest(text: str, start: int, end: int, index: int) -> list[tuple[Unit, bool, int]]:
    piece = text[start:end]
    if not piece.strip():
        return []
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return [(Unit(start, end, text[start:end], 0), False, index)]


def _is_body(unit: Unit) -> bool:
    if unit.heading or (LEGAL.search(unit.text) and unit.words < 40) or _is_caption(unit):
        return False
    if unit.words < 40 and (CREDIT_LINE.search(unit.text) or CALL_TO_ACTION.search(unit.text)):
        return False
    return (unit.words >= 6 and unit.ends_like_prose) or unit.words >= 25


def _introduces_quote(units: list[Unit], index: int) -> bool:
    """A short line ending in a colon that the next paragraph's quotation follows: "Cruz continued:"."""
    unit = units[index]
    following = units[index + 1] if index + 1 < len(units) else None
    return (
        following is not None and 2 <= unit.words < 25 and unit.text.rstrip().endswith(":")
        and following.text.lstrip()[:1] in "\"“" and _is_body(following)
    )


def _outlet_from_domain(domain: str) -> str:
    parts = domain.split(".")
    # mail.example.co.kr -> example.co.kr; news.example.com -> example.com
    keep = 3 if len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else 2
    return ".".join(parts[-keep:])


def clean(source: Source, article_id: str | None = None) -> Article:
    """Split ``source`` into headline, deck, bylines, dates, captions, boilerplate and body paragraphs.

    Metadata from a manifest wins over what the file declares (front matter, a page's meta tags),
    which wins over what is inferred from the text.
    """
    given = {**source.declared, **source.manifest}
    units = split_units(source.text, source.content_start, markdown=source.form == "markdown")
    # A saved page: the blocks its extractor and briefing's model judge to be the article; the lines
    # around them still give the headline, bylines and dates. A page where no extractor found an
    # article is read as pasted text.
    page_body, judged_out = page_blocks(source) if source.form == "html" else ([], [])
    if page_body:
        body_indexes = [i for i, unit in enumerate(units) if any(s < unit.end and unit.start < e for s, e in page_body)]
    else:
        body_indexes = _trim_body_edges(units, [i for i, unit in enumerate(units) if _is_body(unit) or _introduces_quote(units, i)])
    first_body = body_indexes[0] if body_indexes else len(units)

    if page_body and not source.manifest.get("title"):
        headline = _page_headline(source, units, first_body, page_body)
        title_given = None if headline else given.get("title")
    else:
        headline = None
        title_given = given.get("title")
    headline = headline or _pick_headline(units[:first_body], units, title_given)
    deck = _pick_deck(units, headline, body_indexes, given.get("description"))
    if deck is not None and deck in body_indexes and not page_body:
        body_indexes.remove(deck)
    body_set = set(body_indexes)

    authors: list[str] = []
    domains: list[str] = []
    published = updated = None
    captions: list[Span] = []
    dropped: list[Dropped] = []
    paragraphs: list[Span] = []
    seen_texts: set[str] = set()

    def drop(span: Span, reason: str) -> None:
        dropped.append(Dropped(span.text, span.start, span.end, reason))

    pieces = _page_pieces(source.text, units, page_body) if page_body else [
        (Unit(u.start, u.end, u.text, u.heading), i in body_set, i) for i, u in enumerate(units)
    ]
    for unit, in_body, index in pieces:
        span = Span(unit.text, unit.start, unit.end)
        repeated = unit.text in seen_texts
        seen_texts.add(unit.text)
        if (headline is not None and unit.start == headline.start) or (deck is not None and index == deck and unit.start == units[deck].start):
            continue
        if (byline := _authors_of(unit)) is not None:
            names, domain = byline
            authors.extend(n for n in names if n not in authors)
            if domain:
                domains.append(domain)
            drop(span, "byline")
        elif dates := _dates_of(unit.text):
            for label, value in dates:
                if label.startswith(UPDATE_LABELS):
                    updated = updated or value
                elif published is None:
                    published = value
            drop(span, "date line")
        elif headline is not None and unit.text == headline.text:
            drop(span, "the headline again")  # pages often show the headline twice
        elif _is_caption(unit) or (repeated and unit.words >= 6):
            # Saved pages repeat a photo caption (alt text and caption): keep it once.
            if repeated:
                drop(span, "repeated")
            else:
                captions.append(span)
        elif in_body and not (page_body and _is_boilerplate(unit)):
            paragraphs.append(span)
        elif in_body:
            drop(span, "boilerplate")
        elif any(s < span.end and span.start < e for s, e in judged_out):
            drop(span, JUDGED_NOT_THE_ARTICLE)
        else:
            drop(span, "not the article")

    dateline, agency = _dateline(paragraphs[0]) if paragraphs else (None, None)
    title_span = Span(headline.text, headline.start, headline.end) if headline else None
    title = str(title_given or (headline.text if headline else _fallback_title(source.path, paragraphs)))
    if source.manifest.get("authors"):
        authors = list(source.manifest["authors"])
    elif (declared := [_strip_role(name) for name in source.declared.get("authors", ())]) and not (authors and set(authors) <= set(declared)):
        authors = declared  # unless they are the byline's names with its roles taken for names
    outlet = given.get("outlet") or agency or (_outlet_from_domain(domains[0]) if domains else None)
    published = given.get("published") or published
    updated = given.get("updated") or updated

    body, offsets = join_paragraphs(paragraphs)
    return Article(
        id=article_id or slug(source.path.stem) or "article",
        source=source,
        title=title,
        title_span=title_span,
        authors=tuple(authors),
        outlet=str(outlet) if outlet else None,
        published=published,
        body=body,
        offsets=offsets,
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
        dropped=tuple(sorted(dropped, key=lambda d: (d.start, d.end))),
        updated=updated,
        url=given.get("url"),
        deck=Span(units[deck].text, units[deck].start, units[deck].end) if deck is not None else None,
        dateline=dateline,
        language=given.get("language"),
    )


def _dateline(paragraph: Span) -> tuple[Span | None, str | None]:
    """The dateline opening a story's first paragraph (up to and including its dash) and the
    news agency it names, if any."""
    match = DATELINE.match(paragraph.text)
    if not match or not _is_dateline(match):
        return None, None
    end = match.start("dash") + len(match["dash"])
    return Span(paragraph.text[:end], paragraph.start, paragraph.start + end), match["agency"]


def _is_dateline(match: re.Match) -> bool:
    """Whether a :data:`DATELINE` match is one: a place in capitals with an agency, a date or a long dash
    (a bare hyphen after capitals, "NATO - ...", is too weak a sign)."""
    return bool(match["agency"] or match["date"] or match["dash"] != "-") and bool(_TWO_CAPITALS.search(match["place"]))


def dateline_places(text: str) -> list[tuple[int, int]]:
    """Where lines of ``text`` open with a dateline ("WASHINGTON —", "HOUSTON, Tex. —", "PHOENIX (AP) —"):
    the offsets of each place name."""
    return [match.span("place") for match in DATELINES.finditer(text) if _is_dateline(match)]


def _pick_deck(units: list[Unit], headline: Unit | None, body_indexes: list[int], description: str | None) -> int | None:
    """Index of the deck (subheadline, standfirst): the line of prose right under the headline.

    It stands before the body and apart from it: either it is not a body paragraph, or bylines or
    date lines come between it and the body. A page's declared description marks it too.
    """
    if description:
        # Pages often describe themselves by their first paragraph: only a line above the body counts.
        wanted = _comparable(description).rstrip(".")
        for index, unit in enumerate(units[: body_indexes[0] if body_indexes else len(units)]):
            if _comparable(unit.text).rstrip(".") == wanted and unit.words >= 6:
                return index
    if headline is None or not body_indexes:
        return None
    index = next(i for i, unit in enumerate(units) if unit.start <= headline.start < unit.end) + 1  # a page's headline may be a cell of its line
    while index < len(units) and _comparable(units[index].text) == _comparable(headline.text):
        index += 1  # the headline shown twice
    if index >= len(units) or index > body_indexes[0]:
        return None
    unit = units[index]
    if unit.heading > 1 and not headline.heading:
        return None
    if not 6 <= unit.words <= 60 or _is_caption(unit) or LEGAL.search(unit.text) or _authors_of(unit) or _dates_of(unit.text):
        return None
    if index != body_indexes[0]:
        return index
    # The first "paragraph" is a deck when bylines or dates separate it from the second.
    following = body_indexes[1] if len(body_indexes) > 1 else None
    between = units[index + 1: following]
    if following is not None and any(_authors_of(u) is not None or _dates_of(u.text) for u in between):
        return index
    return None


def _comparable(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _trim_body_edges(units: list[Unit], body_indexes: list[int]) -> list[int]:
    """Drop a short line at either edge of the body that boilerplate cuts off from it.

    A "Related stories" list or a headline may hold a short question ("Can small schools
    survive?") that reads like prose; real paragraphs sit next to other paragraphs.
    """
    body = list(body_indexes)

    def stray(index: int, neighbour: int) -> bool:
        return units[index].words < SHORT_PARAGRAPH_WORDS and neighbour not in body

    while len(body) > 1 and stray(body[-1], body[-1] - 1):
        body.pop()
    while len(body) > 1 and stray(body[0], body[0] + 1):
        body.pop(0)
    return body


def _page_headline(source: Source, units: list[Unit], first_body: int, page_body: list[tuple[int, int]]) -> Unit | None:
    """A saved page's headline as :mod:`briefing.ingest.headline` judges it."""
    cell = headline_model.pick(*page_headline_candidates(source, units, first_body, page_body))
    return Unit(cell.start, cell.end, cell.text) if cell else None


def page_headline_candidates(
    source: Source, units: list[Unit], first_body: int, page_body: list[tuple[int, int]],
) -> tuple[list[headline_model.Candidate], list[list[float]]]:
    """The cells that may be a saved page's headline (not a byline, a date line, a caption or a legal
    notice) and their features; ``benchmarks/ingest.py --fit`` fits the headline model on them."""

    def allowed(cell: headline_model.Candidate) -> bool:
        unit = Unit(cell.start, cell.end, cell.text)
        return not LEGAL.search(cell.text) and not _is_caption(unit) and _authors_of(unit) is None and not _dates_of(cell.text)

    return headline_model.described(
        units, first_body, page_body, source.annotations, len(source.text), source.page_title,
        str(source.declared.get("title") or ""), allowed,
    )


def _pick_headline(before_body: list[Unit], units: list[Unit], title: str | None = None) -> Unit | None:
    """The headline: the line that is the declared title, else the pre-body line that best looks
    like one (see :func:`_headline_score`)."""
    if title:
        wanted = _comparable(title)
        return next((unit for unit in units if _comparable(unit.text) == wanted), None)
    scored = [
        (_headline_score(unit, units), -index, unit)
        for index, unit in enumerate(before_body)
        if not unit.text.endswith(".") and not LEGAL.search(unit.text) and not _is_caption(unit)
        and _authors_of(unit) is None and not _dates_of(unit.text)
    ]
    if (first := next((i for i, item in enumerate(scored) if item[2].words >= 5), None)) is not None:
        score, rank, line = scored[first]
        scored[first] = (score + 0.3, rank, line)  # the headline comes before the deck and the other long lines under it
    best = max(scored, key=lambda item: item[:2], default=None)
    return best[2] if best and best[0] > 0 else None


def _headline_score(unit: Unit, units: list[Unit]) -> float:
    """How much a pre-body line looks like the headline: a phrase of several words, often repeated."""
    words = unit.words
    if words < 3 or words > 40 or len(unit.text) > 300:
        return 0.0
    score = 1.0 + min(words, 12) / 12
    if unit.heading == 1:
        score += 2.0  # a Markdown "# " heading
    if sum(1 for other in units if other.text == unit.text) > 1:
        score += 1.0  # pages often show the headline twice (title and heading)
    if words <= 3:
        score -= 1.0  # navigation lines are this short; headlines rarely are
    return score


def _fallback_title(path: Path, paragraphs: list[Span]) -> str:
    if paragraphs:
        first = paragraphs[0].text
        return first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + "…"
    return path.stem


def join_paragraphs(paragraphs: list[Span]) -> tuple[str, OffsetMap]:
    """The body text (paragraphs separated by a blank line) and its map back to the source."""
    pieces: list[str] = []
    segments: list[Segment] = []
    position = 0
    for paragraph in paragraphs:
        if pieces:
            pieces.append(PARAGRAPH_SEPARATOR)
            position += len(PARAGRAPH_SEPARATOR)
        segments.append(Segment(position, paragraph.start, len(paragraph.text)))
        pieces.append(paragraph.text)
        position += len(paragraph.text)
    return "".join(pieces), OffsetMap(tuple(segments))
