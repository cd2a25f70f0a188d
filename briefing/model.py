"""The typed data model at the centre of briefing.

Every stage passes these dataclasses along; this module imports nothing of the project.
All ``start``/``end`` pairs are ``str`` offsets into the *original decoded text* of the source
file (``Source.text``), end exclusive, so anything shown in the brief can be checked against
the article it came from.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

#: What an actor is.
ActorKind = Literal["person", "country", "place", "organisation", "group", "legislation"]
#: How a statement is reported: in quote marks whole, with its reported clause around quoted words, or without marks.
QuoteKind = Literal["direct", "partial", "indirect"]
#: How much of a date the text says.
Precision = Literal["day", "month", "year"]
#: How a source file is read.
SourceForm = Literal["text", "markdown", "html"]


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
    form: SourceForm = "text"
    # Metadata the file declares itself (Markdown front matter, a page's meta tags); it wins over inference.
    declared: dict = field(default_factory=dict, compare=False)
    content_start: int = 0  # where the article starts in ``text`` (after Markdown front matter)
    main_text: tuple[str, ...] = ()  # a saved page's main-text paragraphs, as its extractor found them
    # A saved page's HTML around its text: (start, end, tag) spans into ``text`` (see briefing.ingest.blocks).
    annotations: tuple[tuple[int, int, str], ...] = field(default=(), compare=False)
    page_title: str = ""  # a saved page's <title> (see briefing.ingest.headline)


@dataclass(frozen=True)
class Dropped:
    """A stretch of the source that cleaning left out of the article, and why (``byline``, ``not the article`` ...)."""

    text: str
    start: int
    end: int
    reason: str


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
    dropped: tuple[Dropped, ...] = ()  # what cleaning left out, and why
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
    kind: ActorKind
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
    kind: QuoteKind
    cue: Span | None
    speaker: Speaker | None
    parts: tuple[Span, ...]
    id: str = ""  # unique in its article, stable: quote-1, quote-2 ... in the order of the article's quotes


@dataclass(frozen=True)
class DateMention:
    """A date expression of the article, resolved against the article's date where it can be."""

    text: str
    start: int
    end: int
    value: date | None  # the (first) calendar day the expression names; for a month or year, its first day
    until: date | None = None  # the last day of a range ("from Wednesday to Thursday")
    precision: Precision = "day"  # how much of ``value`` the text says
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
    key_quotes: list[str] = field(default_factory=list)  # ids of the quotes that matter most, best first


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
class Appearance:
    """One actor in one article: the article's actor id, how often and under which names it is named."""

    article: str
    actor: str
    mentions: int
    names: list[str]
    titles: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # ids of the article's quotes this actor said


@dataclass
class BriefActor:
    """An actor of the whole brief, merged across its articles."""

    name: str
    kind: ActorKind
    appearances: list[Appearance] = field(default_factory=list)
    page: str | None = None  # the page name of its own page, if it has one
    id: str = ""  # unique in the brief: its page name where it has a page

    @property
    def mentions(self) -> int:
        return sum(a.mentions for a in self.appearances)

    @property
    def aliases(self) -> list[str]:
        return list(dict.fromkeys(n for a in self.appearances for n in a.names if n != self.name))

    @property
    def titles(self) -> list[str]:
        return list(dict.fromkeys(t for a in self.appearances for t in a.titles))

    @property
    def quoted(self) -> int:
        return sum(len(a.quotes) for a in self.appearances)


@dataclass(frozen=True)
class Cohesion:
    """How sure the grouping of a story's articles is: ``margin`` is the lowest mean similarity at
    which two parts of the story were joined, over the threshold a join needs (1 or more: at 1 it only
    just holds); ``loosest`` is the article least like the others (its id)."""

    margin: float
    loosest: str


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
    actors: list[BriefActor] = field(default_factory=list)  # the brief's actors, with their appearances in the story
    cohesion: Cohesion | None = None  # how sure the grouping is; None for an article alone


@dataclass(frozen=True)
class TimelineEntry:
    """A dated happening: when, what (the sentence that says it) and where it is reported."""

    date: date
    until: datetime.date | None  # spelled in full: "date" here is the field above
    precision: Precision
    article: str  # article id
    sentence: Span
    mention: Span  # the date expression inside the sentence
    inferred: bool = False  # resolved against an inferred article date
    what: Span | None = None  # the words of the sentence that say what happens (the date's clause)


@dataclass(frozen=True)
class Happening:
    """One dated happening of the brief, as each article that reports it tells it (one report per article)."""

    date: date
    until: datetime.date | None  # spelled in full: "date" here is the field above
    precision: Precision
    reports: tuple[TimelineEntry, ...]

    @property
    def inferred(self) -> bool:
        """Whether every report dates it only against an inferred article date."""
        return all(r.inferred for r in self.reports)


@dataclass
class Brief:
    """Everything the brief says: the analyses, the stories, the timeline, the actors and their network."""

    analyses: list[Analysis]
    events: list[Event]
    timeline: list[Happening] = field(default_factory=list)
    actors: list[BriefActor] = field(default_factory=list)  # most mentioned first
    network: Network | None = None


@dataclass(frozen=True)
class Problem:
    """An input the batch could not use, or used with a caveat."""

    path: Path
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class NetworkActor:
    """An actor of the brief: every article's actor of one kind and key, with all their mentions."""

    key: str  # the brief actor's name, case folded
    name: str
    kind: ActorKind
    mentions: int


@dataclass(frozen=True)
class Link:
    """Two actors (indexes into :attr:`Network.actors`, ``a < b``) and the sentences naming both."""

    a: int
    b: int
    sentences: int


@dataclass(frozen=True)
class Network:
    """What the picture shows: actors most mentioned first, links in order of their actors."""

    actors: tuple[NetworkActor, ...]
    links: tuple[Link, ...]
    total_actors: int  # actors in the brief, before the limit
    left_alone: int = 0  # actors among the most mentioned left out because they are named with none of the others

    @property
    def drawable(self) -> bool:
        """Whether there is anything to draw: at least two actors named together."""
        return bool(self.links)
