"""The MyST writer: the brief as Markdown pages for Sphinx, with article text kept literal.

Article text is untrusted. It only ever enters a page through :func:`literal` (inline text and
paragraphs) or YAML front matter written by ``yaml.safe_dump``; never as a directive argument,
option, role content or link target. Badges carry only values briefing itself produces (kinds,
ISO dates).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .index import BriefActor, actor_index
from .network import network_section
from .parts import PART_ROWS, Part, lettered_parts, timeline_parts
from .display import valid_text
from .page_contract import GENERATED_KEY, PART_OF_KEY, QUOTE_MARK_CLASS, REPORTED_MARK_CLASS, STORY_KEY
from .model import Analysis, Brief, Cited, Event, Happening, Quote, SharedQuote, Span
from .quotes import key_quotes

# Characters that start inline markup anywhere in a line (CommonMark, MyST roles and substitutions).
_INLINE_SPECIALS = frozenset("\\`*_[]<>{}&$|~")
_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _INLINE_SPECIALS})
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_CONTROLS = {code: None for code in [*range(0, 9), 11, 12, *range(14, 32), 127]}
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
KIND_BADGE = {
    "person": "bdg-primary",
    "country": "bdg-success",
    "place": "bdg-info",
    "organisation": "bdg-warning",
    "group": "bdg-secondary",
    "legislation": "bdg-dark",
}


def literal(text: str) -> str:
    """``text`` as MyST that renders as exactly that text: no markup, directive, role or link.

    White space (including line breaks) is folded to single spaces and control characters are
    dropped; markup characters are backslash-escaped, and so is whatever would start a block
    construct at the start of the line.
    """
    shown = _line_start(_escaped(readable_words(" ".join(text.translate(_CONTROLS).split()))))
    if shown.endswith("#") and not shown.endswith("\\#"):
        shown = shown[:-1] + "\\#"  # in a heading, a last run of # would be read as its closing marks
    return shown


#: A word longer than this is no word a reader can use (a 20,000-character token pasted by mistake, a
#: page's inline data): pages show its start and how much is left out, and the source stays as it is.
#: Long words also cost the PDF's line breaking time that grows with their length squared.
LONGEST_WORD = 200
WORD_SHOWN = 60
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{LONGEST_WORD + 1},}}+")


def readable_words(text: str) -> str:
    """``text`` with each word over ``LONGEST_WORD`` characters cut to its start and a note of what is left out."""
    if len(text) <= LONGEST_WORD:
        return text
    return _LONG_WORD.sub(lambda m: f"{m[0][:WORD_SHOWN]}… [{len(m[0]) - WORD_SHOWN:,} more characters]", text)


# Characters YAML reads as line breaks inside a plain value (PyYAML writes them as they are).
YAML_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


def front_matter(fields: dict) -> str:
    """Fields as YAML front matter; every string value reads back as written (line-break characters
    YAML would fold become spaces)."""
    def plain(value):
        if isinstance(value, str):
            return value.translate(YAML_BREAKS)
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    clean = {key: plain(value) for key, value in fields.items()}
    return "---\n" + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def date_text(analysis: Analysis) -> str | None:
    """The article's date, marked where it is inferred rather than stated."""
    if analysis.date is None:
        return None
    return analysis.date.isoformat() + (" (inferred)" if analysis.date_inferred else "")


#: Bidirectional classes that can turn the text after them around: right-to-left letters, and the
#: embedding, override and isolate controls.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "RLI", "LRI", "FSI", "PDF", "PDI"})


def isolated(text: str) -> str:
    """:func:`literal` text that cannot change the order of what stands beside it: where it holds right-to-left
    letters or direction controls (an outlet "\u202eevil" would reverse the rest of its line), it is
    wrapped in a first-strong isolate (U+2068 ... U+2069), which browsers and the PDF both honour."""
    shown = literal(text)
    if any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in shown):
        return f"\u2068{shown}\u2069"
    return shown


def metadata_card(analysis: Analysis) -> str:
    """The article's metadata as a card: outlet and date, authors, then where the text comes from."""
    article = analysis.article
    first = []
    if article.outlet:
        first.append(f"**{isolated(article.outlet)}**")
    if published := date_text(analysis):
        first.append(f"{{bdg-secondary-line}}`{published}`")
    if article.authors:
        first.append("By " + ", ".join(isolated(author) for author in article.authors))
    second = ["Source: " + isolated(display_path(article.source.path))]
    if article.url:
        second.append(isolated(article.url))  # as text: an address from the article is never made a link
    body = " · ".join(first) + "\n\n" + " · ".join(second) if first else " · ".join(second)
    return f"::::{{card}}\n:class-card: briefing-meta\n\n{body}\n::::\n"


def quote_card(quote: Quote, anchor: str | None = None) -> str:
    speaker = f"**{literal(quote.speaker.name)}**" if quote.speaker else "*speaker not stated*"
    cue = f" · {literal(quote.cue.text)}" if quote.cue else ""
    place = f" · [in the text](#{anchor})" if anchor else ""
    return (
        "::::{card}\n:class-card: briefing-quote\n\n"
        f"{literal(quoted_text(quote))}\n\n:::{{card-footer}}\n{speaker}{cue}{place}\n:::\n::::\n"
    )


def quoted_text(quote: Quote) -> str:
    """The reported words, with an ellipsis where the statement is split around its cue."""
    return " … ".join(part.text for part in quote.parts)


def quote_sections(analysis: Analysis, anchors: dict[int, str]) -> list[str]:
    """Key quotes as cards, best first; the other quotations and the reported statements listed after them.

    ``anchors`` maps a quote's index in ``analysis.quotes`` to the id of its words in the full text.
    """
    index = {id(q): i for i, q in enumerate(analysis.quotes)}
    anchor = lambda q: anchors.get(index[id(q)])  # noqa: E731
    key = key_quotes(analysis.quotes, analysis.actors)
    lines = ["\n## Key quotes\n"]
    lines += [quote_card(q, anchor(q)) for q in key] or ["*No quotation in this article.*\n"]
    others = [q for q in analysis.quotes if q.kind != "indirect" and q not in key]
    if others:
        lines.append("Also quoted:\n\n" + "\n".join(quote_item(q, anchor(q)) for q in others) + "\n")
    if reported := [q for q in analysis.quotes if q.kind == "indirect"]:
        lines.append("Reported without quotation marks:\n\n" + "\n".join(quote_item(q, anchor(q)) for q in reported) + "\n")
    return lines


def quote_item(quote: Quote, anchor: str | None = None) -> str:
    who = f" ({literal(quote.speaker.name)})" if quote.speaker else ""
    place = f" · [in the text](#{anchor})" if anchor else ""
    return f"- {literal(quoted_text(quote))}{who}{place}"




def quote_marks(analysis: Analysis) -> tuple[dict[int, str], dict[int, list[Markup]]]:
    """Where each quote's words are in the full text: ``({quote index: anchor id}, {paragraph index: marks})``.

    A quote's first piece inside a paragraph carries the anchor ``quote-N`` (N counting from 1 in
    ``analysis.quotes``); its other pieces are marked without one. Words in the headline, or
    overlapping a quote marked before, are not marked.
    """
    paragraphs = analysis.article.paragraphs
    anchors: dict[int, str] = {}
    marks: dict[int, list[Markup]] = {}
    taken: list[tuple[int, int]] = []
    for number, quote in enumerate(analysis.quotes, start=1):
        anchor = f"quote-{number}"
        for part in quote.parts:
            for index, paragraph in enumerate(paragraphs):
                start, end = max(part.start, paragraph.start), min(part.end, paragraph.end)
                if start >= end or any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                classes = f".{QUOTE_MARK_CLASS}" + (f" .{REPORTED_MARK_CLASS}" if quote.kind == "indirect" else "")
                attributes = f"{{#{anchor} {classes}}}" if number - 1 not in anchors else f"{{{classes}}}"
                if number - 1 not in anchors:
                    anchors[number - 1] = anchor
                marks.setdefault(index, []).append(
                    Markup(start - paragraph.start, end - paragraph.start, "[", "]" + attributes)
                )
    return anchors, marks


def actor_table(analysis: Analysis) -> str:
    rows = [":::{list-table}\n:header-rows: 1\n:widths: 30 15 40 15\n\n* - Actor\n  - Kind\n  - Also called\n  - Mentions"]
    for actor in analysis.actors:
        name = literal(actor.name) + (f" ({literal(actor.title)})" if actor.title else "")
        aliases = literal(", ".join(actor.aliases)) if actor.aliases else "—"
        rows.append(
            f"* - {name}\n  - {{{KIND_BADGE[actor.kind]}}}`{actor.kind}`\n  - {aliases}\n  - {len(actor.mentions)}"
        )
    return "\n".join(rows) + "\n:::\n"


def article_page(analysis: Analysis, story: str | None = None) -> str:
    """One article's page; ``story`` is the page of the story it belongs to, if that has one."""
    article = analysis.article
    meta = {
        GENERATED_KEY: "article",
        "title": article.title,
        "outlet": article.outlet,
        "authors": list(article.authors),
        "published": analysis.article.published.isoformat() if analysis.article.published else None,
        "source": display_path(article.source.path),
    }
    if article.url:
        meta["url"] = article.url
    if story:
        meta[STORY_KEY] = story
    lines = [front_matter(meta), f"# {literal(article.title)}\n"]
    if article.deck:
        lines.append(f"*{literal(article.deck.text)}*\n")
    lines.append(metadata_card(analysis))
    if analysis.bottom_line:
        lines.append(f"**Bottom line:** {literal(analysis.bottom_line.text)}\n")
    lines.append("## Summary\n")
    summary = [s for s in analysis.summary if s != analysis.bottom_line]  # the bottom line stands above it
    lines += [f"- {literal(s.text)}" for s in summary] or ["*Nothing beyond the bottom line.*" if analysis.bottom_line else "*No sentence of this article could be summarised.*"]
    anchors, marks = quote_marks(analysis)
    lines += quote_sections(analysis, anchors)
    lines.append("## Actors\n")
    lines.append(actor_table(analysis) if analysis.actors else "*No named actor found.*\n")
    lines.append("## Full text\n")
    lines += [f"*Photo caption:* {literal(c.text)}\n" for c in article.captions]
    lines += [f"{literal_marked(p.text, marks.get(i, []))}\n" for i, p in enumerate(article.paragraphs)]
    return "\n".join(lines)


def brief_page(brief: Brief) -> str:
    """The landing page: what the articles say in a few lines, the stories as cards, then the sources."""
    by_id = {a.article.id: a for a in brief.analyses}
    outlets = list(dict.fromkeys(a.article.outlet for a in brief.analyses if a.article.outlet))
    dates = sorted(a.date for a in brief.analyses if a.date)
    lines = [front_matter({GENERATED_KEY: "brief"}), "# Brief\n"]
    facts = []
    if dates:
        span = dates[0].isoformat() + (f" to {dates[-1].isoformat()}" if dates[-1] != dates[0] else "")
        facts.append(f"{{bdg-secondary-line}}`{span}`")
    count, stories = len(brief.analyses), len(brief.events)
    facts.append(_count(count, "article"))
    if outlets:
        facts.append(f"{_count(len(outlets), 'outlet')}: " + literal(", ".join(outlets)))
    facts.append(f"{stories} stor{'ies' if stories != 1 else 'y'}")
    lines.append(" · ".join(facts) + "\n")
    points = [(event, _story_bottom_line(event, by_id)) for event in brief.events]
    if points and points[0][1] is not None:
        lines.append(f"**Bottom line:** {literal(points[0][1].span.text)} {_source_mark(points[0][1], by_id)}\n")
    if len(points) > 1:
        lines.append("## Key points\n")
        lines += [
            f"- **{literal(event.title)}:** {literal(cited.span.text)} {_source_mark(cited, by_id)}"
            for event, cited in points[:KEY_POINTS] if cited is not None
        ]
        lines.append("")
    elif points:  # one story: its summary are the key points
        told = _story_summary(points[0][0], by_id)
        if told:
            lines.append("## Key points\n")
            lines += [f"- {literal(c.span.text)} {_source_mark(c, by_id)}" for c in told]
            lines.append("")
    if brief.events:
        lines.append("## Stories\n")
        lines.append("::::{grid} 1 1 2 2\n:gutter: 2\n")
        lines += [_story_card(event, by_id) for event in brief.events]
        lines.append("::::\n")
    lines.append("## Sources\n")
    if count > PART_ROWS:  # the landing page stays short; the Sources page lists them all
        lines.append(f"The {count} articles are listed with their outlets, authors and dates on the [Sources](sources.md) page.\n")
    else:
        lines.append(_source_table(brief))
    lines.append(_hidden_toctree(reading_order(brief)))
    return "\n".join(lines)


def reading_order(brief: Brief) -> list[str]:
    """The brief's pages in the order of the site's menu and the PDF: each story page followed by
    its articles, then the articles of no shared story, then the timeline and the indexes."""
    pages: list[str] = []
    for event in brief.events:
        if len(event.articles) > 1:
            pages += [event.id, *event.articles]
    placed = set(pages)
    pages += [a.article.id for a in brief.analyses if a.article.id not in placed]
    return pages + ["timeline", "actors", "quotes", "sources"]


KEY_POINTS = 8  # stories listed as key points on the landing page


def _story_bottom_line(event: Event, by_id: dict[str, Analysis]) -> Cited | None:
    """A story's bottom line; for a story of one article, that article's."""
    if event.bottom_line is not None:
        return event.bottom_line
    first = by_id[event.articles[0]]
    return Cited(first.article.id, first.bottom_line) if first.bottom_line else None


def _story_summary(event: Event, by_id: dict[str, Analysis]) -> list[Cited]:
    """A story's summary without its bottom line; for a story of one article, that article's."""
    if len(event.articles) > 1:
        return list(event.summary)
    first = by_id[event.articles[0]]
    return [Cited(first.article.id, s) for s in first.summary if s != first.bottom_line]


def _story_card(event: Event, by_id: dict[str, Analysis]) -> str:
    """A story as a card that opens its page: outlets and dates as badges, then its bottom line."""
    members = [by_id[i] for i in event.articles]
    page = event.id if len(members) > 1 else members[0].article.id
    badges = [_badge("bdg-info-line", outlet_name(a)) for a in dict((outlet_name(a), a) for a in members).values()]
    days = sorted({a.date for a in members if a.date})
    for day in days:  # a day is inferred only where no article states it
        inferred = all(a.date_inferred for a in members if a.date == day)
        badges.append(f"{{bdg-secondary-line}}`{day.isoformat()}{' (inferred)' if inferred else ''}`")
    count = f"{len(members)} articles" if len(members) > 1 else "1 article"
    cited = _story_bottom_line(event, by_id)
    text = literal(cited.span.text) if cited else "*No summary.*"
    return (
        f":::{{grid-item-card}} {literal(event.title)}\n:link: {page}\n:link-type: doc\n:class-card: briefing-story\n\n"
        f"{' '.join(badges)} · {count}\n\n{text}\n:::\n"
    )


def _badge(role: str, text: str) -> str:
    """A sphinx-design badge with ``text`` as its label, or the text in bold where a badge cannot hold it."""
    label = readable_words(" ".join(text.translate(_CONTROLS).split()))
    if not label or any(ch in label for ch in "`;\\"):  # sphinx-design reads "a;b" as a label and its tooltip
        return f"**{isolated(text)}**"
    if any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in label):
        label = f"\u2068{label}\u2069"
    return f"{{{role}}}`{label}`"


def _source_table(brief: Brief) -> str:
    rows = [":::{list-table}\n:header-rows: 1\n:widths: 20 50 18 12\n\n* - Outlet\n  - Headline\n  - Authors\n  - Date"]
    for analysis in brief.analyses:
        article = analysis.article
        rows.append(
            f"* - {literal(article.outlet or '—')}\n  - [{literal(article.title)}]({article.id}.md)"
            f"\n  - {literal(', '.join(article.authors)) or '—'}\n  - {date_text(analysis) or '—'}"
        )
    return "\n".join(rows) + "\n:::\n" if brief.analyses else "*No article.*\n"


def outlet_name(analysis: Analysis) -> str:
    """What a source is called in a brief: its outlet, else its headline."""
    return analysis.article.outlet or analysis.article.title


def _outlet_list(members: list[Analysis]) -> str:
    return ", ".join(isolated(name) for name in dict.fromkeys(outlet_name(a) for a in members))


def _source_link(cited: Cited, by_id: dict[str, Analysis]) -> str:
    """A link to the article a sentence or quote comes from, named by its outlet."""
    return f"[{literal(outlet_name(by_id[cited.article]))}]({cited.article}.md)"


def _source_mark(cited: Cited, by_id: dict[str, Analysis]) -> str:
    """The source link in brackets, after the sentence it names."""
    return f"({_source_link(cited, by_id)})"


def story_page(event: Event, by_id: dict[str, Analysis], timeline: list[Happening]) -> str:
    """One story across its sources: what it says once, the statements each outlet reports, and what only one reports."""
    members = [by_id[i] for i in event.articles]
    lines = [front_matter({GENERATED_KEY: "story", "title": f"Story: {event.title}"}), f"# Story: {literal(event.title)}\n"]
    lines.append(f"Reported by {_outlet_list(members)} in {len(members)} articles.\n")
    if event.bottom_line:
        lines.append(f"**Bottom line:** {literal(event.bottom_line.span.text)} {_source_mark(event.bottom_line, by_id)}\n")
    lines.append("## Summary\n")
    lines += [f"- {literal(c.span.text)} {_source_mark(c, by_id)}" for c in event.summary] or ["*No summary.*"]
    lines.append("\n## Statements across outlets\n")
    if event.quotes:
        lines += [_shared_quote(statement, by_id) for statement in event.quotes]
    else:
        lines.append("*No statement is reported by more than one of these articles.*\n")
    lines.append("## Actors\n")
    lines.append(story_actor_table(members))
    entries = [h for h in timeline if any(r.article in event.articles for r in h.reports)]
    if entries:
        lines.append("## Timeline\n")
        lines.append(timeline_table(entries, by_id))
    lines.append("## Source comparison\n")
    for analysis in members:
        own = event.only_in.get(analysis.article.id, [])
        lines.append(f"### Only in {literal(outlet_name(analysis))}: [{literal(analysis.article.title)}]({analysis.article.id}.md)\n")
        lines += [f"- {literal(c.span.text)}" for c in own] or ["*Nothing that the other sources do not also report.*"]
        lines.append("")
    return "\n".join(lines)


def story_actor_table(members: list[Analysis]) -> str:
    """The story's actors merged across its articles (one row per actor however each outlet names it)."""
    merged = merge_actors(members)
    if not merged:
        return "*No named actor found.*\n"
    outlets = list(dict.fromkeys(outlet_name(a) for a in members))
    widths = " ".join(["30", "14", *[str(max(8, 56 // len(outlets)))] * len(outlets)])
    header = "* - Actor\n  - Kind\n" + "\n".join(f"  - {literal(o)}" for o in outlets)
    rows = [f":::{{list-table}}\n:header-rows: 1\n:widths: {widths}\n\n{header}"]
    for name, kind, counts in merged:
        cells = "\n".join(f"  - {counts.get(o, 0) or '—'}" for o in outlets)
        rows.append(f"* - {literal(name)}\n  - {{{KIND_BADGE[kind]}}}`{kind}`\n{cells}")
    return "\n".join(rows) + "\n:::\n"


def merge_actors(members: list[Analysis]) -> list[tuple[str, str, dict[str, int]]]:
    """(name, kind, mentions per outlet) of every actor of the story, most mentioned first.

    Two articles' actors are one when they share a name or one's name is another's alias
    ("Yoon Suk Yeol" and "President Yoon"); the fullest name is kept.
    """
    merged: list[tuple[set[str], list[str], str, dict[str, int]]] = []  # forms, [name], kind, counts
    for analysis in members:
        outlet = outlet_name(analysis)
        for actor in analysis.actors:
            forms = {actor.name, *actor.aliases}
            entry = next((m for m in merged if m[2] == actor.kind and (actor.name in m[0] or m[1][0] in forms)), None)
            if entry is None:
                merged.append((forms, [actor.name], actor.kind, {outlet: len(actor.mentions)}))
                continue
            entry[0].update(forms)
            if len(actor.name) > len(entry[1][0]):
                entry[1][0] = actor.name
            entry[3][outlet] = entry[3].get(outlet, 0) + len(actor.mentions)
    ranked = sorted(merged, key=lambda m: (-sum(m[3].values()), m[1][0]))
    return [(name[0], kind, counts) for _, name, kind, counts in ranked]


def _shared_quote(statement: SharedQuote, by_id: dict[str, Analysis]) -> str:
    speaker = f"**{literal(statement.speaker)}**" if statement.speaker else "*speaker not stated*"
    if statement.same_words:
        first = statement.reports[0]
        sources = ", ".join(_source_link(c, by_id) for c in statement.reports)
        return (
            "::::{card}\n:class-card: briefing-quote\n\n"
            f"{literal(first.span.text)}\n\n:::{{card-footer}}\n{speaker} · reported by {sources}\n:::\n::::\n"
        )
    columns = min(len(statement.reports), 3)
    cards = [
        f"::::{{grid-item-card}}\n:class-card: briefing-quote\n\n{literal(c.span.text)}\n\n"
        f":::{{card-footer}}\n{_source_link(c, by_id)}\n:::\n::::\n"
        for c in statement.reports
    ]
    return f"{speaker}, as each outlet words it:\n\n:::::{{grid}} {columns}\n:gutter: 2\n\n" + "\n".join(cards) + ":::::\n"


def timeline_table(happenings: list[Happening], by_id: dict[str, Analysis]) -> str:
    """Dated happenings as a table: the date, then each source's sentence with what happens in bold."""
    rows = [":::{list-table}\n:header-rows: 1\n:widths: 18 82\n\n* - Date\n  - What happens, as each source tells it"]
    for happening in happenings:
        when = _when(happening) + (" (inferred)" if happening.inferred else "")
        told = "\n\n    ".join(
            f"{_with_clause_marked(r.sentence, r.what)} {_source_mark(Cited(r.article, r.sentence), by_id)}" for r in happening.reports
        )
        rows.append(f"* - {when}\n  - {told}")
    return "\n".join(rows) + "\n:::\n"


def _with_clause_marked(sentence: Span, clause: Span | None) -> str:
    """A sentence as literal text, with the words of ``clause`` (a part of it) in bold.

    Where the clause's edges would not let ``**`` open or close (CommonMark's flanking rules,
    for example a clause that starts with a mark right after a letter) the sentence stays plain.
    """
    if clause is None or not (sentence.start <= clause.start < clause.end <= sentence.end) or clause.text.strip() == sentence.text.strip():
        return literal(sentence.text)
    bold = Markup(clause.start - sentence.start, clause.end - sentence.start, "**", "**", flanking=True)
    return literal_marked(sentence.text, [bold])


@dataclass(frozen=True)
class Markup:
    """Markup to wrap around a part of a text: its offsets in the text and the opening and closing strings."""

    start: int
    end: int
    opening: str
    closing: str
    flanking: bool = False  # emphasis: CommonMark's flanking rules decide whether it opens and closes


def literal_marked(text: str, marks: list[Markup]) -> str:
    """``text`` as :func:`literal` MyST, with the parts that ``marks`` name wrapped in their markup.

    Only the markup is markup: every character of ``text`` renders as itself. White space at the
    edges of a marked part goes outside it; a mark overlapping an earlier one, empty, or (for
    emphasis) with edges CommonMark would not accept, is left out and its words stay plain.
    """
    pieces: list[tuple[str, Markup | None]] = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        if mark.start < position or mark.end > len(text):
            continue
        inside = text[mark.start:mark.end].translate(_CONTROLS)
        if not inside.strip():
            continue
        lead = inside[:len(inside) - len(inside.lstrip())]
        trail = inside[len(inside.rstrip()):]
        pieces.append((text[position:mark.start].translate(_CONTROLS) + lead, None))
        pieces.append((inside.strip(), mark))
        pieces.append((trail, None))
        position = mark.end
    pieces.append((text[position:].translate(_CONTROLS), None))
    merged: list[tuple[str, Markup | None]] = []
    for piece, mark in pieces:  # the white space after a mark joins the plain text after it
        if mark is None and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + piece, None)
        else:
            merged.append((piece, mark))
    pieces = merged
    rendered = [(_escaped(_folded(piece, keep_edges=mark is None)), mark) for piece, mark in pieces]
    out = ""
    for index, (body, mark) in enumerate(rendered):
        if mark is None:
            out += body
            continue
        following = next((b for b, _ in rendered[index + 1:] if b), "")
        if mark.flanking and not (_opens(out[-1:], body[:1]) and _closes(body[-1:], following[:1])):
            out += body
        else:
            if mark.opening.endswith("[") and body.startswith("^"):
                body = "\\" + body  # "[^" would open a footnote reference
            out += mark.opening + body + mark.closing
    out = out.strip()
    if rendered and rendered[0][0].strip() and rendered[0][1] is None or not any(m for _, m in rendered):
        out = _line_start(out)
    return out


def _folded(text: str, keep_edges: bool) -> str:
    """White space folded to single spaces; one space kept at each edge that had any, if asked."""
    folded = readable_words(" ".join(text.split()))
    if keep_edges and text[:1].isspace() and folded:
        folded = " " + folded
    if keep_edges and text[-1:].isspace() and folded:
        folded += " "
    if keep_edges and text and not folded and text.isspace():
        folded = " "
    return folded


def _escaped(text: str) -> str:
    return text.translate(_ESCAPES)


def _line_start(escaped: str) -> str:
    """What would start a block construct at the start of a line, escaped."""
    if escaped[:1] in _ASCII_PUNCTUATION and not escaped.startswith("\\"):
        escaped = "\\" + escaped
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _opens(before: str, after: str) -> bool:
    """Whether ``**`` between these characters is left-flanking (may open); '' is a line edge."""
    if not after or after.isspace():
        return False
    return not _is_punctuation(after) or not before or before.isspace() or _is_punctuation(before)


def _closes(before: str, after: str) -> bool:
    """Whether ``**`` between these characters is right-flanking (may close); '' is a line edge."""
    if not before or before.isspace():
        return False
    return not _is_punctuation(before) or not after or after.isspace() or _is_punctuation(after)


def _when(entry: Happening) -> str:
    shown = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(entry.precision, "%Y-%m-%d")
    text = entry.date.strftime(shown)
    if entry.until and entry.until != entry.date:
        text += " to " + entry.until.strftime(shown)
    return text


def timeline_pages(brief: Brief) -> dict[str, str]:
    """The timeline page, and its parts by period when it is long (see :mod:`briefing.parts`)."""
    by_id = {a.article.id: a for a in brief.analyses}
    parts = timeline_parts(brief.timeline, limit=PART_ROWS) if len(brief.timeline) > PART_ROWS else []
    pages = {"timeline.md": timeline_page(brief, parts)}
    for part in parts:
        pages[f"{part.page}.md"] = _part_page("timeline", f"Timeline: {part.label}", timeline_table(part.rows, by_id))
    return pages


def timeline_page(brief: Brief, parts: list[Part[Happening]] | None = None) -> str:
    """The timeline: the whole table, or when it comes in ``parts``, the list of them."""
    lines = [front_matter({GENERATED_KEY: "timeline", "title": "Timeline"}), "# Timeline\n"]
    if brief.timeline:
        lines.append(
            "Dated happenings across the articles, in date order, each once with every source that reports it; "
            "dates are resolved against each article's date.\n"
        )
        if parts:
            lines.append(f"{len(brief.timeline)} happenings, by period:\n")
            lines.append(_part_list(parts, lambda rows: _count(len(rows), "happening")))
        else:
            by_id = {a.article.id: a for a in brief.analyses}
            lines.append(timeline_table(brief.timeline, by_id))
    else:
        lines.append("*No dated happening found.*\n")
    return "\n".join(lines)


def _part_page(of: str, title: str, body: str) -> str:
    """A part of a long page: titled by what it holds, its front matter naming the page it belongs to."""
    return "\n".join([front_matter({GENERATED_KEY: "part", "title": title, PART_OF_KEY: of}), f"# {literal(title)}\n", body])


def _part_list(parts: list[Part], counted: Callable[[list], str]) -> str:
    """A long page's parts as a list of links with what each holds, and the toctree that puts them under the page."""
    return "\n".join(_part_items(parts, counted)) + "\n\n" + _hidden_toctree([part.page for part in parts])


def _part_items(parts: list[Part], counted: Callable[[list], str]) -> list[str]:
    return [f"- [{literal(part.label)}]({part.page}.md) · {counted(part.rows)}" for part in parts]


def _hidden_toctree(pages: list[str]) -> str:
    return "```{toctree}\n:hidden:\n\n" + "\n".join(pages) + "\n```\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- The brief's indexes: actors, quotes by speaker, sources ------------------------------------

#: A long actors page keeps this many actors, the most mentioned, in its own table.
ACTORS_ON_INDEX = 50


def actors_pages(brief: Brief, actors: list[BriefActor]) -> dict[str, str]:
    """The actors page, and its A to Z parts when the brief has many actors (see :mod:`briefing.parts`)."""
    parts = lettered_parts(actors, lambda a: a.name, "actors", limit=PART_ROWS) if len(actors) > PART_ROWS else []
    pages = {"actors.md": actors_page(brief, actors, parts)}
    for part in parts:
        pages[f"{part.page}.md"] = _part_page("actors", f"Actors: {part.label}", actor_list_table(part.rows))
    return pages


def actors_page(brief: Brief, actors: list[BriefActor], parts: list[Part[BriefActor]] | None = None) -> str:
    """Every actor of the brief, most mentioned first, with a link to the pages of the main ones;
    when the actors come in ``parts``, the most mentioned and the parts A to Z."""
    lines = [front_matter({GENERATED_KEY: "actors", "title": "Actors"}), "# Actors\n"]
    if not actors:
        lines.append("*No named actor found.*\n")
        return "\n".join(lines)
    order = f"the {ACTORS_ON_INDEX} most mentioned, then all of them A to Z" if parts else "most mentioned first"
    lines.append(f"The people, countries, organisations and groups named in the {_count(len(brief.analyses), 'article')}, {order}.\n")
    lines.append(network_section(brief, index=actors))
    if parts:
        lines.append(f"## The {ACTORS_ON_INDEX} most mentioned\n")
        lines.append(actor_list_table(actors[:ACTORS_ON_INDEX]))
        lines.append(f"## All {len(actors)} actors, A to Z\n")
        lines.append(_part_list(parts, lambda rows: _count(len(rows), "actor")))
    else:
        lines.append("## All actors\n")
        lines.append(actor_list_table(actors))
    pages = [a.page for a in actors if a.page]
    if pages:
        lines.append(_hidden_toctree(pages))
    return "\n".join(lines)


def actor_list_table(actors: list[BriefActor]) -> str:
    """Actors as a table: name (linked to its page, if it has one), kind, mentions, articles, quotations."""
    rows = [":::{list-table}\n:header-rows: 1\n:widths: 34 14 16 18 18\n\n* - Actor\n  - Kind\n  - Mentions\n  - Articles\n  - Quoted"]
    for actor in actors:
        name = f"[{literal(actor.name)}]({actor.page}.md)" if actor.page else literal(actor.name)
        if actor.titles:
            name += f" ({literal(', '.join(actor.titles))})"
        rows.append(
            f"* - {name}\n  - {{{KIND_BADGE[actor.kind]}}}`{actor.kind}`\n  - {actor.mentions}"
            f"\n  - {len(actor.appearances)}\n  - {actor.quoted or '—'}"
        )
    return "\n".join(rows) + "\n:::\n"


class QuotePlaces:
    """Where each quote of the brief is in its article's full text, worked out once per article."""

    def __init__(self, by_id: dict[str, Analysis]):
        self.by_id = by_id
        self._anchors: dict[str, dict[int, str]] = {}

    def link(self, article: str, index: int) -> str:
        """The link target of quote ``index`` of an article: its words in the full text, else the article."""
        if article not in self._anchors:
            self._anchors[article] = quote_marks(self.by_id[article])[0]
        anchor = self._anchors[article].get(index)
        return f"{article}.md" + (f"#{anchor}" if anchor else "")


def actor_page(actor: BriefActor, by_id: dict[str, Analysis], places: QuotePlaces | None = None) -> str:
    """One actor: who, where named, and what they said, each linked to its place in the article."""
    lines = [front_matter({GENERATED_KEY: "actor", "title": actor.name}), f"# {literal(actor.name)}\n"]
    about = [f"{{{KIND_BADGE[actor.kind]}}}`{actor.kind}`"]
    if actor.titles:
        about.append(literal(", ".join(actor.titles)))
    count = len(actor.appearances)
    about.append(f"named {_count(actor.mentions, 'time')} in {_count(count, 'article')}")
    lines.append(" · ".join(about) + "\n")
    if actor.aliases:
        lines.append(f"Also called: {literal(', '.join(actor.aliases))}\n")
    lines.append("## What they said\n")
    said = []
    places = places or QuotePlaces(by_id)
    for appearance in actor.appearances:
        analysis = by_id[appearance.article]
        for index in appearance.quotes:
            quote = analysis.quotes[index]
            place = places.link(appearance.article, index)
            cue = f" · {literal(quote.cue.text)}" if quote.cue else ""
            said.append(
                "::::{card}\n:class-card: briefing-quote\n\n"
                f"{literal(quoted_text(quote))}\n\n:::{{card-footer}}\n[{literal(outlet_name(analysis))}]({place}){cue}\n:::\n::::\n"
            )
    lines += said or ["*No statement of theirs is quoted.*\n"]
    lines.append("## Where they are named\n")
    rows = [":::{list-table}\n:header-rows: 1\n:widths: 50 22 12 16\n\n* - Article\n  - Outlet\n  - Mentions\n  - Named as"]
    for appearance in actor.appearances:
        analysis = by_id[appearance.article]
        rows.append(
            f"* - [{literal(analysis.article.title)}]({appearance.article}.md)\n  - {literal(outlet_name(analysis))}"
            f"\n  - {appearance.mentions}\n  - {literal(', '.join(appearance.names))}"
        )
    lines.append("\n".join(rows) + "\n:::\n")
    return "\n".join(lines)


#: A long quotes page names this many speakers, the most quoted, above its parts.
MOST_QUOTED = 20


def quotes_pages(actors: list[BriefActor], by_id: dict[str, Analysis], places: QuotePlaces | None = None) -> dict[str, str]:
    """The quotes page, and its parts by the speaker's name when the brief has many quotations."""
    places = places or QuotePlaces(by_id)
    speakers = sorted((a for a in actors if a.quoted), key=lambda a: (-a.quoted, a.name.casefold()))
    unattributed = _unattributed(by_id)
    if sum(a.quoted for a in speakers) + len(unattributed) <= PART_ROWS:
        return {"quotes.md": quotes_page(actors, by_id, places)}
    parts = lettered_parts(speakers, lambda a: a.name, "quotes", weight=lambda a: a.quoted, limit=PART_ROWS)
    pages = {}
    for part in parts:
        body = "\n".join(_speaker_section(actor, by_id, places) for actor in part.rows)
        pages[f"{part.page}.md"] = _part_page("quotes", f"Quotes: {part.label}", body)
    unnamed: list[Part] = []
    if unattributed:  # filed by the headline of their article when they are many
        unnamed = ([Part("quotes-unnamed", "Speaker not named", unattributed)] if len(unattributed) <= PART_ROWS
                   else [Part(p.page, f"Speaker not named, headlines {p.label}", p.rows)
                         for p in lettered_parts(unattributed, lambda item: item[0].article.title, "quotes-unnamed", limit=PART_ROWS)])
        for part in unnamed:
            body = "\n".join(_quote_item(analysis, index, places) for analysis, index in part.rows) + "\n"
            pages[f"{part.page}.md"] = _part_page("quotes", f"Quotes: {part.label}", body)
    lines = [front_matter({GENERATED_KEY: "quotes", "title": "Quotes by speaker"}), "# Quotes by speaker\n"]
    quoted = sum(a.quoted for a in speakers)
    unnamed_count = f", and {len(unattributed)} by a speaker not named" if unattributed else ""
    lines.append(f"{_count(quoted + len(unattributed), 'quotation')}: {quoted} by {_count(len(speakers), 'named speaker')}{unnamed_count}.\n")
    if speakers:
        lines.append("## Most quoted\n")
        part_of = {id(actor): part.page for part in parts for actor in part.rows}
        lines += [f"- [{literal(a.name)}]({a.page or part_of[id(a)]}.md) · {_count(a.quoted, 'quotation')}" for a in speakers[:MOST_QUOTED]]
        lines.append("")
        lines.append("## All speakers, A to Z\n")
    lines += _part_items(parts, lambda rows: f"{_count(len(rows), 'speaker')}, {_count(sum(a.quoted for a in rows), 'quotation')}")
    lines += _part_items(unnamed, lambda rows: _count(len(rows), "quotation"))
    lines.append("\n" + _hidden_toctree([part.page for part in [*parts, *unnamed]]))
    return {"quotes.md": "\n".join(lines), **pages}


def quotes_page(actors: list[BriefActor], by_id: dict[str, Analysis], places: QuotePlaces | None = None) -> str:
    """Every quotation of the brief by speaker, most quoted speaker first, each linked to its place."""
    places = places or QuotePlaces(by_id)
    lines = [front_matter({GENERATED_KEY: "quotes", "title": "Quotes by speaker"}), "# Quotes by speaker\n"]
    speakers = sorted((a for a in actors if a.quoted), key=lambda a: (-a.quoted, a.name.casefold()))
    lines += [_speaker_section(actor, by_id, places) for actor in speakers]
    unattributed = _unattributed(by_id)
    if unattributed:
        lines.append("## Speaker not named\n")
        lines += [_quote_item(analysis, index, places) for analysis, index in unattributed]
        lines.append("")
    if not speakers and not unattributed:
        lines.append("*No quotation in these articles.*\n")
    return "\n".join(lines)


def _speaker_section(actor: BriefActor, by_id: dict[str, Analysis], places: QuotePlaces) -> str:
    """A speaker's heading (linked to their page) and their quotations, each linked to its place."""
    heading = f"[{literal(actor.name)}]({actor.page}.md)" if actor.page else literal(actor.name)
    lines = [f"## {heading}\n"]
    lines += [_quote_item(by_id[a.article], index, places) for a in actor.appearances for index in a.quotes]
    return "\n".join(lines) + "\n"


def _unattributed(by_id: dict[str, Analysis]) -> list[tuple[Analysis, int]]:
    """(article, quote index) of every quotation whose speaker is not a named actor (reported speech left out)."""
    return [
        (analysis, index) for analysis in by_id.values() for index, q in enumerate(analysis.quotes)
        if (q.speaker is None or q.speaker.actor is None) and q.kind != "indirect"
    ]


def _quote_item(analysis: Analysis, index: int, places: QuotePlaces) -> str:
    """A quotation as a list item, with its outlet linked to its place in the article."""
    place = places.link(analysis.article.id, index)
    return f"- {literal(quoted_text(analysis.quotes[index]))} ([{literal(outlet_name(analysis))}]({place}))"


def sources_page(brief: Brief) -> str:
    """The articles the brief is made from: outlet, headline, authors, date, file and address."""
    lines = [front_matter({GENERATED_KEY: "sources", "title": "Sources"}), "# Sources\n"]
    rows = [":::{list-table}\n:header-rows: 1\n:widths: 16 34 16 12 22\n\n* - Outlet\n  - Headline\n  - Authors\n  - Date\n  - File and address"]
    for analysis in brief.analyses:
        article = analysis.article
        where = literal(display_path(article.source.path)) + (f" · {literal(article.url)}" if article.url else "")
        rows.append(
            f"* - {literal(article.outlet or '—')}\n  - [{literal(article.title)}]({article.id}.md)"
            f"\n  - {literal(', '.join(article.authors)) or '—'}\n  - {date_text(analysis) or '—'}\n  - {where}"
        )
    lines.append("\n".join(rows) + "\n:::\n" if brief.analyses else "*No article.*\n")
    return "\n".join(lines)


def render(brief: Brief) -> dict[str, str]:
    """Page file names and their MyST text."""
    by_id = {a.article.id: a for a in brief.analyses}
    actors = actor_index(brief.analyses)
    places = QuotePlaces(by_id)
    pages = {
        "index.md": brief_page(brief), **timeline_pages(brief), **actors_pages(brief, actors),
        **quotes_pages(actors, by_id, places), "sources.md": sources_page(brief),
    }
    for actor in actors:
        if actor.page:
            pages[f"{actor.page}.md"] = actor_page(actor, by_id, places)
    for event in brief.events:
        if len(event.articles) > 1:
            pages[f"{event.id}.md"] = story_page(event, by_id, brief.timeline)
    story_of = {article: e.id for e in brief.events if len(e.articles) > 1 for article in e.articles}
    for analysis in brief.analyses:
        pages[f"{analysis.article.id}.md"] = article_page(analysis, story_of.get(analysis.article.id))
    return pages


def display_path(path: Path) -> str:
    """The source file's path as a page shows it: relative to the working folder where it can be, valid text."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        shown = path.as_posix()
    return valid_text(shown)
