"""The page builders: the brief as MyST pages for Sphinx, one function per page (and :func:`render` for all).

They only write what the brief says: every choice (which quotes are key, which actors are one, the
network) was made before (:class:`briefing.model.Brief`). Article text is untrusted: it only ever
enters a page through the primitives of :mod:`briefing.pages.markup` (inline text and paragraphs) or
YAML front matter; never as a directive argument, option, role content or link target. Badges carry
only values briefing itself produces (kinds, ISO dates).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..display import valid_text
from ..model import Analysis, Brief, BriefActor, Cited, Event, Happening, Quote, SharedQuote, Span
from ..page_contract import (
    FULL_TEXT_CLASS,
    GENERATED_KEY,
    PART_OF_KEY,
    QUOTATIONS_CLASS,
    QUOTE_MARK_CLASS,
    REPORTED_MARK_CLASS,
    ROWS_CLASS,
    STORY_CARD_CLASS,
    STORY_KEY,
    UNATTRIBUTED_CLASS,
)
from .markup import Markup, badge, front_matter, hidden_toctree, isolated, literal, literal_marked
from .network import network_section
from .parts import PART_ROWS, Part, lettered_parts, timeline_parts

KIND_BADGE = {
    "person": "bdg-primary",
    "country": "bdg-success",
    "place": "bdg-info",
    "organisation": "bdg-warning",
    "group": "bdg-secondary",
    "legislation": "bdg-dark",
}


def date_text(analysis: Analysis) -> str | None:
    """The article's date, marked where it is inferred rather than stated."""
    if analysis.date is None:
        return None
    return analysis.date.isoformat() + (" (inferred)" if analysis.date_inferred else "")


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


def quote_sections(analysis: Analysis, anchors: dict[str, str]) -> list[str]:
    """Key quotes as cards, best first; the other quotations and the reported statements listed after them.

    ``anchors`` maps a quote's id to the id of its words in the full text.
    """
    anchor = lambda q: anchors.get(q.id)
    by_id = {quote.id: quote for quote in analysis.quotes}
    key = [by_id[quote_id] for quote_id in analysis.key_quotes]
    lines = ["\n## Key quotes\n"]
    lines += [quote_card(q, anchor(q)) for q in key] or ["*No quotation in this article.*\n"]
    others = [q for q in analysis.quotes if q.kind != "indirect" and q not in key]
    if others:
        lines.append("Also quoted:\n\n" + "\n".join(quote_item(q, anchor(q)) for q in others) + "\n")
    if reported := [q for q in analysis.quotes if q.kind == "indirect"]:
        lines.append("Reported without quotation marks:\n\n" + "\n".join(quote_item(q, anchor(q)) for q in reported) + "\n")
    return lines


def quote_item(quote: Quote, anchor: str | None = None) -> str:
    cue = f" · {literal(quote.cue.text.lower())}" if quote.cue else ""
    who = f" ({literal(quote.speaker.name)}{cue})" if quote.speaker else ""
    place = f" · [in the text](#{anchor})" if anchor else ""
    return f"- {literal(quoted_text(quote))}{who}{place}"


def quote_marks(analysis: Analysis) -> tuple[dict[str, str], dict[int, list[Markup]]]:
    """Where each quote's words are in the full text: ``({quote id: anchor id}, {paragraph index: marks})``.

    A quote's first piece inside a paragraph carries the quote's id as its anchor; its other pieces
    are marked without one. Words in the headline, or overlapping a quote marked before, are not marked.
    """
    paragraphs = analysis.article.paragraphs
    anchors: dict[str, str] = {}
    marks: dict[int, list[Markup]] = {}
    taken: list[tuple[int, int]] = []
    for quote in analysis.quotes:
        anchor = quote.id
        for part in quote.parts:
            for index, paragraph in enumerate(paragraphs):
                start, end = max(part.start, paragraph.start), min(part.end, paragraph.end)
                if start >= end or any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                classes = f".{QUOTE_MARK_CLASS}" + (f" .{REPORTED_MARK_CLASS}" if quote.kind == "indirect" else "")
                attributes = f"{{#{anchor} {classes}}}" if quote.id not in anchors else f"{{{classes}}}"
                anchors.setdefault(quote.id, anchor)
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
    nothing = "*Nothing beyond the bottom line.*" if analysis.bottom_line else "*No sentence of this article could be summarised.*"
    lines += [f"- {literal(s.text)}" for s in summary] or [nothing]
    anchors, marks = quote_marks(analysis)
    lines += quote_sections(analysis, anchors)
    lines.append("## Actors\n")
    lines.append(actor_table(analysis) if analysis.actors else "*No named actor found.*\n")
    lines.append("## Full text\n")
    text = [f"*Photo caption:* {literal(c.text)}\n" for c in article.captions]
    text += [f"{literal_marked(p.text, marks.get(i, []))}\n" for i, p in enumerate(article.paragraphs)]
    lines.append(contained(FULL_TEXT_CLASS, "\n".join(text)))
    return "\n".join(lines)


def contained(css_class: str, body: str) -> str:
    """``body`` (MyST blocks) in a container of class ``css_class`` (one class, or several separated by spaces).

    The site shows it as it would without; the PDF pack finds it by its class (see
    :mod:`briefing.page_contract`). A :func:`literal` line never starts with a colon, so no line of
    article text can close the fence.
    """
    return f":::{{container}} {css_class}\n{body.rstrip()}\n:::\n"


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
        if stories > 1:
            lines.append("The stories most outlets tell come first, then those with the most articles, then the latest.\n")
        lines.append("::::{grid} 1 1 2 2\n:gutter: 2\n")
        lines += [_story_card(event, by_id) for event in brief.events]
        lines.append("::::\n")
    lines.append("## Sources\n")
    if count > PART_ROWS:  # the landing page stays short; the Sources page lists them all
        lines.append(f"The {count} articles are listed with their outlets, authors and dates on the [Sources](sources.md) page.\n")
    else:
        lines.append(_source_table(brief))
    lines.append(hidden_toctree(reading_order(brief)))
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
    badges = [badge("bdg-info-line", outlet_name(a)) for a in {outlet_name(a): a for a in members}.values()]
    days = sorted({a.date for a in members if a.date})
    for day in days:  # a day is inferred only where no article states it
        inferred = all(a.date_inferred for a in members if a.date == day)
        badges.append(f"{{bdg-secondary-line}}`{day.isoformat()}{' (inferred)' if inferred else ''}`")
    count = f"{len(members)} articles" if len(members) > 1 else "1 article"
    cited = _story_bottom_line(event, by_id)
    text = literal(cited.span.text) if cited else "*No summary.*"
    return (
        f":::{{grid-item-card}} {literal(event.title)}\n:link: {page}\n:link-type: doc\n:class-card: {STORY_CARD_CLASS}\n\n"
        f"{' '.join(badges)} · {count}\n\n{text}\n:::\n"
    )


def _source_table(brief: Brief) -> str:
    rows = [f":::{{list-table}}\n:header-rows: 1\n:widths: 20 50 18 12\n:class: {ROWS_CLASS}\n\n* - Outlet\n  - Headline\n  - Authors\n  - Date"]
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
    if event.cohesion is not None:  # how sure the grouping is: its weakest join against what a join needs
        margin, loosest = event.cohesion.margin, by_id[event.cohesion.loosest]
        what = "its two articles are" if len(members) == 2 else "its least alike parts are"
        if margin >= 2:
            sure = f"sure: {what} {margin:.1f} times as alike as grouping needs."
        elif margin >= 1.2:
            sure = f"fairly sure: {what} {margin:.1f} times as alike as grouping needs."
        else:
            sure = f"unsure: {what} only {margin:.2f} times as alike as grouping needs; check that these articles report one event."
        if len(members) > 2:
            sure += f" Least like the others: {literal(outlet_name(loosest))}, [{literal(loosest.article.title)}]({loosest.article.id}.md)."
        lines.append(f"**How sure the grouping is:** {sure}\n")
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
    lines.append(story_actor_table(event.actors, members))
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


def story_actor_table(actors: list[BriefActor], members: list[Analysis]) -> str:
    """The story's actors (the brief's, named in its articles), with their mentions per outlet."""
    if not actors:
        return "*No named actor found.*\n"
    outlet_of = {a.article.id: outlet_name(a) for a in members}
    outlets = list(dict.fromkeys(outlet_of.values()))
    widths = " ".join(["30", "14", *[str(max(8, 56 // len(outlets)))] * len(outlets)])
    header = "* - Actor\n  - Kind\n" + "\n".join(f"  - {literal(o)}" for o in outlets)
    rows = [f":::{{list-table}}\n:header-rows: 1\n:widths: {widths}\n\n{header}"]
    for actor in actors:
        counts: dict[str, int] = {}
        for appearance in actor.appearances:
            outlet = outlet_of[appearance.article]
            counts[outlet] = counts.get(outlet, 0) + appearance.mentions
        cells = "\n".join(f"  - {counts.get(o, 0) or '—'}" for o in outlets)
        rows.append(f"* - {literal(actor.name)}\n  - {{{KIND_BADGE[actor.kind]}}}`{actor.kind}`\n{cells}")
    return "\n".join(rows) + "\n:::\n"


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
    rows = [f":::{{list-table}}\n:header-rows: 1\n:widths: 18 82\n:class: {ROWS_CLASS}\n\n* - Date\n  - What happens, as each source tells it"]
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


def _when(entry: Happening) -> str:
    shown = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(entry.precision, "%Y-%m-%d")
    text = entry.date.strftime(shown)
    if entry.until and entry.until != entry.date:
        text += " to " + entry.until.strftime(shown)
    return text


def timeline_pages(brief: Brief) -> dict[str, str]:
    """The timeline page, and its parts by period when it is long (see :mod:`briefing.pages.parts`)."""
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
    return "\n".join(_part_items(parts, counted)) + "\n\n" + hidden_toctree([part.page for part in parts])


def _part_items(parts: list[Part], counted: Callable[[list], str]) -> list[str]:
    return [f"- [{literal(part.label)}]({part.page}.md) · {counted(part.rows)}" for part in parts]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- The brief's indexes: actors, quotes by speaker, sources ------------------------------------

#: A long actors page keeps this many actors, the most mentioned, in its own table.
ACTORS_ON_INDEX = 50


def actors_pages(brief: Brief, actors: list[BriefActor]) -> dict[str, str]:
    """The actors page, and its A to Z parts when the brief has many actors (see :mod:`briefing.pages.parts`)."""
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
    if brief.network is not None:
        lines.append(network_section(brief.network))
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
        lines.append(hidden_toctree(pages))
    return "\n".join(lines)


def actor_list_table(actors: list[BriefActor]) -> str:
    """Actors as a table: name (linked to its page, if it has one), kind, mentions, articles, quotations."""
    rows = [f":::{{list-table}}\n:header-rows: 1\n:widths: 34 14 16 18 18\n:class: {ROWS_CLASS}\n\n"
            "* - Actor\n  - Kind\n  - Mentions\n  - Articles\n  - Quoted"]
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
        self._anchors: dict[str, dict[str, str]] = {}

    def link(self, article: str, quote_id: str) -> str:
        """The link target of a quote of an article: its words in the full text, else the article."""
        if article not in self._anchors:
            self._anchors[article] = quote_marks(self.by_id[article])[0]
        anchor = self._anchors[article].get(quote_id)
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
        quotes = {quote.id: quote for quote in analysis.quotes}
        for quote_id in appearance.quotes:
            quote = quotes[quote_id]
            place = places.link(appearance.article, quote_id)
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
        for unnamed_part in unnamed:
            items = "\n".join(_quote_item(analysis, quote, places) for analysis, quote in unnamed_part.rows)
            body = contained(f"{QUOTATIONS_CLASS} {UNATTRIBUTED_CLASS}", items)
            pages[f"{unnamed_part.page}.md"] = _part_page("quotes", f"Quotes: {unnamed_part.label}", body)
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
    lines.append("\n" + hidden_toctree([part.page for part in [*parts, *unnamed]]))
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
        lines.append(contained(f"{QUOTATIONS_CLASS} {UNATTRIBUTED_CLASS}",
                               "\n".join(_quote_item(analysis, quote, places) for analysis, quote in unattributed)))
    if not speakers and not unattributed:
        lines.append("*No quotation in these articles.*\n")
    return "\n".join(lines)


def _speaker_section(actor: BriefActor, by_id: dict[str, Analysis], places: QuotePlaces) -> str:
    """A speaker's heading (linked to their page) and their quotations, each linked to its place."""
    heading = f"[{literal(actor.name)}]({actor.page}.md)" if actor.page else literal(actor.name)
    items = [_quote_item(by_id[a.article], quote, places) for a in actor.appearances
             for quote in _quotes_by_id(by_id[a.article], a.quotes)]
    return f"## {heading}\n\n" + contained(QUOTATIONS_CLASS, "\n".join(items))


def _unattributed(by_id: dict[str, Analysis]) -> list[tuple[Analysis, Quote]]:
    """(article, quote) of every quotation whose speaker is not a named actor (reported speech left out)."""
    return [
        (analysis, q) for analysis in by_id.values() for q in analysis.quotes
        if (q.speaker is None or q.speaker.actor is None) and q.kind != "indirect"
    ]


def _quotes_by_id(analysis: Analysis, ids: list[str]) -> list[Quote]:
    quotes = {quote.id: quote for quote in analysis.quotes}
    return [quotes[quote_id] for quote_id in ids]


def _quote_item(analysis: Analysis, quote: Quote, places: QuotePlaces) -> str:
    """A quotation as a list item, with its outlet linked to its place in the article."""
    place = places.link(analysis.article.id, quote.id)
    return f"- {literal(quoted_text(quote))} ([{literal(outlet_name(analysis))}]({place}))"


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
    actors = brief.actors
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
