"""The analysis as a data product: the JSON document of ``briefing extract --json``.

Its shape is fixed by ``briefing/schema/briefing.schema.json``; offsets are ``str`` offsets into
the decoded text of the file at ``path`` (decoded as ``encoding``, line ends untouched). For a
saved web page (``form: html``) they point into the page's text as a browser shows it, given as ``text``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .model import Analysis, Brief, BriefActor, Cited, Event, Happening, Network

SCHEMA_VERSION = 6


def schema() -> dict:
    return json.loads(resources.files("briefing").joinpath("schema/briefing.schema.json").read_text("utf-8"))


def article_record(analysis: Analysis, relative_to: Path | None = None) -> dict:
    article = analysis.article
    return {
        "id": article.id,
        "path": _display_path(article.source.path, relative_to),
        "encoding": article.source.encoding,
        "sha256": article.source.sha256,
        "form": article.source.form,
        **({"text": article.source.text} if article.source.form == "html" else {}),
        "title": article.title,
        "title_span": _span(article.title_span) if article.title_span else None,
        "deck": _span(article.deck) if article.deck else None,
        "dateline": _span(article.dateline) if article.dateline else None,
        "language": article.language,
        "outlet": article.outlet,
        "url": article.url,
        "authors": list(article.authors),
        "published": article.published.isoformat() if article.published else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "date": analysis.date.isoformat() if analysis.date else None,
        "date_inferred": analysis.date_inferred,
        "bottom_line": _span(analysis.bottom_line) if analysis.bottom_line else None,
        "summary": [_span(s) for s in analysis.summary],
        "quotes": [
            {
                "id": q.id, "text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
                "parts": [_span(p) for p in q.parts], "cue": _span(q.cue) if q.cue else None,
                "speaker": None if q.speaker is None else {
                    "name": q.speaker.name, "actor": q.speaker.actor,
                    "start": q.speaker.start, "end": q.speaker.end,
                },
            }
            for q in analysis.quotes
        ],
        "key_quotes": list(analysis.key_quotes),
        "actors": [
            {
                "id": a.id, "name": a.name, "kind": a.kind, "title": a.title, "aliases": a.aliases,
                "mentions": [_span(m) for m in a.mentions],
            }
            for a in analysis.actors
        ],
        "dates": [
            {
                "text": d.text, "start": d.start, "end": d.end, "value": _iso(d.value), "until": _iso(d.until),
                "precision": d.precision,
            }
            for d in analysis.dates
        ],
        "captions": [_span(c) for c in article.captions],
        "body": [_span(p) for p in article.paragraphs],
        "dropped": [{**_span(d), "reason": d.reason} for d in article.dropped],
    }


def event_record(event: Event) -> dict:
    return {
        "id": event.id,
        "title": event.title,
        "articles": list(event.articles),
        "bottom_line": _cited(event.bottom_line) if event.bottom_line else None,
        "summary": [_cited(c) for c in event.summary],
        "quotes": [
            {"speaker": q.speaker, "same_words": q.same_words, "reports": [_cited(c) for c in q.reports]}
            for q in event.quotes
        ],
        "only_in": {article: [_cited(c) for c in cited] for article, cited in event.only_in.items()},
        "actors": [
            {"id": a.id, "mentions": {p.article: p.mentions for p in a.appearances}} for a in event.actors
        ],
        "cohesion": {"margin": event.cohesion.margin, "loosest": event.cohesion.loosest} if event.cohesion else None,
    }


def actor_record(actor: BriefActor) -> dict:
    """An actor of the brief: each article's actor it stands for, with how often it is named there and what it said."""
    return {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "page": actor.page,
        "aliases": actor.aliases, "titles": actor.titles, "mentions": actor.mentions,
        "appearances": [
            {"article": p.article, "actor": p.actor, "mentions": p.mentions, "names": list(p.names), "quotes": list(p.quotes)}
            for p in actor.appearances
        ],
    }


def network_record(network: Network) -> dict:
    return {
        "actors": [{"name": a.name, "kind": a.kind, "mentions": a.mentions} for a in network.actors],
        "links": [{"a": link.a, "b": link.b, "sentences": link.sentences} for link in network.links],
        "total_actors": network.total_actors, "left_alone": network.left_alone,
    }


def timeline_record(happening: Happening) -> dict:
    return {
        "date": happening.date.isoformat(), "until": _iso(happening.until), "precision": happening.precision,
        "inferred": happening.inferred,
        "reports": [
            {
                "article": r.article, "sentence": _span(r.sentence), "mention": _span(r.mention),
                "what": _span(r.what) if r.what else None, "inferred": r.inferred,
            }
            for r in happening.reports
        ],
    }


def brief_record(brief: Brief, relative_to: Path | None = None) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "articles": [article_record(a, relative_to) for a in brief.analyses],
        "events": [event_record(e) for e in brief.events],
        "timeline": [timeline_record(t) for t in brief.timeline],
        "actors": [actor_record(a) for a in brief.actors],
        "network": network_record(brief.network) if brief.network is not None else None,
    }


def dumps(brief: Brief, relative_to: Path | None = None) -> str:
    return json.dumps(brief_record(brief, relative_to), ensure_ascii=False, indent=2) + "\n"


def _span(span) -> dict:
    return {"text": span.text, "start": span.start, "end": span.end}


def _cited(cited: Cited) -> dict:
    """A span of one article, with the article's id: its offsets point into that article's file."""
    return {"article": cited.article, **_span(cited.span)}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _display_path(path: Path, relative_to: Path | None) -> str:
    """The path relative to ``relative_to`` where it can be, as valid text (a name's undecodable bytes as �)."""
    from .display import valid_text

    if relative_to is not None:
        try:
            return valid_text(path.resolve().relative_to(relative_to.resolve()).as_posix())
        except (ValueError, OSError):
            pass
    return valid_text(path.as_posix())
