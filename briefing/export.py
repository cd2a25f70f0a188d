"""The analysis as a data product: the JSON document of ``briefing extract --json``.

Its shape is fixed by ``briefing/schema/briefing.schema.json``; offsets are ``str`` offsets into
the decoded text of the file at ``path`` (decoded as ``encoding``, line ends untouched). For a
saved web page (``form: html``) they point into the page's text as a browser shows it, given as ``text``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .model import Analysis, Brief, Event

SCHEMA_VERSION = 1


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
        "summary": [_span(s) for s in analysis.summary],
        "quotes": [
            {
                "text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
                "parts": [_span(p) for p in q.parts], "cue": _span(q.cue) if q.cue else None,
                "speaker": None if q.speaker is None else {
                    "name": q.speaker.name, "actor": q.speaker.actor,
                    "start": q.speaker.start, "end": q.speaker.end,
                },
            }
            for q in analysis.quotes
        ],
        "actors": [
            {
                "id": a.id, "name": a.name, "kind": a.kind, "title": a.title, "aliases": a.aliases,
                "mentions": [_span(m) for m in a.mentions],
            }
            for a in analysis.actors
        ],
        "dates": [
            {"text": d.text, "start": d.start, "end": d.end, "value": d.value.isoformat() if d.value else None}
            for d in analysis.dates
        ],
        "captions": [_span(c) for c in article.captions],
    }


def event_record(event: Event) -> dict:
    return {"id": event.id, "title": event.title, "articles": list(event.articles)}


def brief_record(brief: Brief, relative_to: Path | None = None) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "articles": [article_record(a, relative_to) for a in brief.analyses],
        "events": [event_record(e) for e in brief.events],
    }


def dumps(brief: Brief, relative_to: Path | None = None) -> str:
    return json.dumps(brief_record(brief, relative_to), ensure_ascii=False, indent=2) + "\n"


def _span(span) -> dict:
    return {"text": span.text, "start": span.start, "end": span.end}


def _display_path(path: Path, relative_to: Path | None) -> str:
    if relative_to is not None:
        try:
            return path.resolve().relative_to(relative_to.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
