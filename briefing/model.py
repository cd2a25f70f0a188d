"""The typed data model at the centre of briefing.

Every stage passes these dataclasses along; this module imports nothing of the project.
All ``start``/``end`` pairs are ``str`` offsets into the *original decoded text* of the source
file (``Source.text``), end exclusive, so anything shown in the brief can be checked against
the article it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Span:
    """A stretch of the source text: ``source.text[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """One input file, decoded.

    ``text`` is what every offset points into: the decoded file for plain text and Markdown, the
    main text trafilatura extracts for a saved web page (``form == "html"``).
    """

    path: Path
    text: str
    encoding: str
    sha256: str
    # Metadata given by a manifest next to the files; it wins over everything else.
    manifest: dict = field(default_factory=dict, compare=False)
    form: str = "text"  # text | markdown | html
    # Metadata the file declares itself (Markdown front matter, a page's meta tags); it wins over inference.
    declared: dict = field(default_factory=dict, compare=False)
    content_start: int = 0  # where the article starts in ``text`` (after Markdown front matter)
    main_text: tuple[str, ...] = ()  # a saved page's main-text lines, as trafilatura found them


@dataclass(frozen=True)
class Segment:
    """A run of the cleaned text copied verbatim from the source text."""

    clean_start: int
    source_start: int
    length: int


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in an article's cleaned body back to offsets in its source text."""

    segments: tuple[Segment, ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_starts", tuple(s.clean_start for s in self.segments))

    def to_source(self, clean_offset: int) -> int:
        """Source offset of a cleaned-text offset (an end offset maps to the end of its segment)."""
        index = bisect_right(self._starts, clean_offset) - 1
        if index >= 0:
            segment = self.segments[index]
            if clean_offset <= segment.clean_start + segment.length:
                return segment.source_start + (clean_offset - segment.clean_start)
        raise ValueError(f"offset {clean_offset} lies between kept segments")

    def span(self, source_text: str, clean_start: int, clean_end: int) -> Span:
        start, end = self.to_source(clean_start), self.to_source(clean_end)
        return Span(source_text[start:end], start, end)


@dataclass(frozen=True)
class Article:
    """A cleaned article: metadata, kept body text and the map back to its source."""

    id: str
    source: Source
    title: str
    title_span: Span | None  # where the headline stands in the source, if it came from the text
    authors: tuple[str, ...]
    outlet: str | None
    published: date | None
    body: str
    offsets: OffsetMap
    paragraphs: tuple[Span, ...]
    captions: tuple[Span, ...] = ()
    dropped: tuple[Span, ...] = ()  # boilerplate lines, kept to show what cleaning removed
    updated: date | None = None
    url: str | None = None
    deck: Span | None = None  # the subheadline or standfirst under the headline
    dateline: Span | None = None  # "SEOUL, July 8 (Yonhap) --" at the start of the first paragraph
    language: str | None = None


@dataclass
class Actor:
    """A person, country, organisation or group, with every mention of it in one article."""

    id: str
    name: str
    kind: str  # person | country | place | organisation | group
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the mention the attribution rests on and its actor."""

    name: str
    actor: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """One statement: from its first reported word to its last, with the cue and the speaker.

    ``parts`` are the reported words themselves: one span, or several where the statement is split
    around its cue ("...," Yoon said. "..."). A ``partial`` quote's part is the reported clause with
    the quoted words inside it; an ``indirect`` one has no quote marks.
    """

    text: str
    start: int
    end: int
    kind: str  # direct | partial | indirect
    cue: Span | None
    speaker: Speaker | None
    parts: tuple[Span, ...]


@dataclass(frozen=True)
class DateMention:
    """A date expression of the article, resolved against the article's date where it can be."""

    text: str
    start: int
    end: int
    value: date | None  # the (first) calendar day the expression names; for a month or year, its first day
    until: date | None = None  # the last day of a range ("from Wednesday to Thursday")
    precision: str = "day"  # day | month | year: how much of ``value`` the text says
    happening: Span | None = None  # the words of its clause that say what happens then
    # The tense of the clause (past | future), kept so the mention can be resolved again against
    # another article date without the parse; no part of what the mention is.
    tense: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Cited:
    """A span of one article's source text, with the article it comes from."""

    article: str  # article id
    span: Span


@dataclass
class Analysis:
    """What briefing says about one article."""

    article: Article
    sentences: list[Span]
    summary: list[Span]
    quotes: list[Quote]
    actors: list[Actor]
    dates: list[DateMention]
    bottom_line: Span | None = None  # the one sentence that says what the article reports
    date: date | None = None  # the article's date: published, or inferred where ``date_inferred``
    date_inferred: bool = False


@dataclass(frozen=True)
class SharedQuote:
    """One statement as the outlets of a story report it.

    ``reports`` holds one quote per article that carries it; ``same_words`` says whether they
    all quote the same words (shown once, with every source) or word it differently (shown side by side).
    """

    speaker: str | None  # the actor's name
    reports: tuple[Cited, ...]
    same_words: bool


@dataclass
class Event:
    """Articles about one story, and what the story says across them."""

    id: str
    title: str
    articles: tuple[str, ...]
    bottom_line: Cited | None = None
    summary: list[Cited] = field(default_factory=list)  # merged: what two outlets both say appears once
    quotes: list[SharedQuote] = field(default_factory=list)  # statements reported by more than one outlet
    only_in: dict[str, list[Cited]] = field(default_factory=dict)  # article id -> what only it reports


@dataclass(frozen=True)
class TimelineEntry:
    """A dated happening: when, what (the sentence that says it) and where it is reported."""

    date: date
    until: date | None
    precision: str  # day | month | year
    article: str  # article id
    sentence: Span
    mention: Span  # the date expression inside the sentence
    inferred: bool = False  # resolved against an inferred article date
    what: Span | None = None  # the words of the sentence that say what happens (the date's clause)


@dataclass(frozen=True)
class Happening:
    """One dated happening of the brief, as each article that reports it tells it (one report per article)."""

    date: date
    until: date | None
    precision: str
    reports: tuple[TimelineEntry, ...]

    @property
    def inferred(self) -> bool:
        """Whether every report dates it only against an inferred article date."""
        return all(r.inferred for r in self.reports)


@dataclass
class Brief:
    analyses: list[Analysis]
    events: list[Event]
    timeline: list[Happening] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """An input the batch could not use, or used with a caveat."""

    path: Path
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
