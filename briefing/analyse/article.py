"""Analysis: a cleaned article and its parse become sentences, actors, quotes, summary and dates.

Pure functions of the article and its spaCy ``Doc``; every span is mapped from body offsets back
to offsets in the source text here, at the boundary, so the rest of the project sees only those.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import workers
from ..model import Actor, Analysis, Article, Quote, QuoteKind, Span, Speaker
from ..workers import DEFAULT_LIMITS, Limits, Stopped
from . import nlp as nlp_module
from .actors import ActorIndex, actor_signs, find_actors, rank_actors
from .dates import date_mentions
from .quotes import find_quotes, headline_quote, key_quotes, looks_like_statement
from .summary import summarise

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_SUMMARY_LENGTH = 3


def paragraph_bounds(article: Article) -> list[tuple[int, int]]:
    return [(s.clean_start, s.clean_start + s.length) for s in article.offsets.segments]


def sentence_bounds(doc: Doc, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy sentences cut at paragraph ends and trimmed of white space, as body offsets."""
    bounds = []
    body = doc.text  # spaCy joins the tokens again on every access
    paragraph_ends = [p_end for _, p_end in paragraphs]
    for sentence in doc.sents:
        first = bisect_right(paragraph_ends, sentence.start_char)
        for p_start, p_end in paragraphs[first:]:
            if p_start >= sentence.end_char:
                break
            start, end = max(sentence.start_char, p_start), min(sentence.end_char, p_end)
            text = body[start:end]
            if text.strip():
                start += len(text) - len(text.lstrip())
                end -= len(text) - len(text.rstrip())
                bounds.append((start, end))
    return bounds


def analyse_article(article: Article, doc: Doc, summary_length: int = DEFAULT_SUMMARY_LENGTH,
                    attribution_model: dict | None = None) -> Analysis:
    """Everything briefing says about one article (attributions by ``attribution_model``, the shipped one when None)."""
    source_text = article.source.text
    to_source = lambda start, end: article.offsets.span(source_text, start, end)
    paragraphs = paragraph_bounds(article)
    sentences = sentence_bounds(doc, paragraphs)
    index = find_actors(doc, article.authors, article.outlet)
    quotes = find_quotes(doc, paragraphs, index, attribution_model)
    weights = [(m.start, m.end, len(a.mentions)) for a in index.actors for m in a.mentions]
    quoted = [part for q in quotes if q.kind == "direct" for part in q.parts]
    summary = summarise(doc, sentences, weights, summary_length, article.title, quoted)
    found = _headline_quotes(article, index) + [_quote(q, to_source, index) for q in quotes]
    all_quotes = [replace(quote, id=f"quote-{number}") for number, quote in enumerate(found, start=1)]
    actors = [_actor(a, index, to_source) for a in index.actors]
    key = [quote.id for quote in key_quotes(all_quotes, actors)]
    lead = to_source(*sentences[0]) if sentences else None
    actors = rank_actors(actors, actor_signs(actors, article.title, lead, all_quotes, key))
    return Analysis(
        article=article,
        sentences=[to_source(s, e) for s, e in sentences],
        summary=[to_source(*sentences[i]) for i in summary.sentences],
        bottom_line=to_source(*sentences[summary.bottom_line]) if summary.bottom_line is not None else None,
        quotes=all_quotes,
        actors=actors,
        dates=date_mentions(doc, article.published, to_source),
        date=article.published,
        key_quotes=key,
    )


def analyse(articles: list[Article], nlp: Language | None = None, summary_length: int = DEFAULT_SUMMARY_LENGTH) -> Iterator[Analysis]:
    """Analyse many articles with one pipeline in this process, parsing them in batches; in the order given."""
    nlp = nlp or nlp_module.load()
    for article, doc in zip(articles, nlp_module.parse([a.body for a in articles], nlp), strict=True):
        yield analyse_article(article, doc, summary_length)


#: Articles a worker is handed at a time (parsed together).
SHARE = 8
#: What the workers analyse with: the parent's pipeline and summary length, set just before they are forked.
_analysing_with: tuple[Language, int] | None = None


def analyse_in_workers(
    articles: list[Article], nlp: Language, summary_length: int, limits: Limits = DEFAULT_LIMITS,
) -> Iterator[tuple[int, Analysis | Stopped]]:
    """``(index, analysis)`` for each article as it is done, analysed in worker processes that share the
    loaded model (:func:`briefing.analyse.nlp.processes` of them): an article whose analysis runs past
    ``limits`` or fails gets :class:`Stopped` instead. The same analyses as :func:`analyse`.
    """
    global _analysing_with
    _analysing_with = (nlp, summary_length)
    try:
        yield from workers.run(articles, _analyse_share, first_stage="analyse", processes=nlp_module.processes(len(articles)),
                               limits=limits, share=SHARE)
    finally:
        _analysing_with = None


def _analyse_share(share: list[Article], _stage: Callable[[str], None]) -> Iterator[Analysis]:
    assert _analysing_with is not None  # analyse_in_workers sets it before the work starts
    nlp, summary_length = _analysing_with
    return analyse(share, nlp, summary_length)


def _actor(found, index: ActorIndex, to_source) -> Actor:
    aliases = sorted(({m.text for m in found.mentions} | found.forms) - {found.name}, key=lambda a: (-len(a), a))
    aliases += sorted({f"{m.title} {m.text}" for m in found.mentions if m.title} - set(aliases))
    mentions = [to_source(m.start, m.end) for m in found.mentions]
    return Actor(
        id=index.id_of(found),
        name=found.name,
        kind=found.kind,
        title=found.title,
        aliases=aliases,
        mentions=[Span(m.text, m.start, m.end) for m in mentions],
    )


def _quote(found, to_source, index: ActorIndex) -> Quote:
    span: Span = to_source(found.start, found.end)
    cue = to_source(found.cue.start, found.cue.end) if found.cue else None
    speaker = None
    if found.speaker is not None:
        speaker = _speaker(to_source(found.speaker.start, found.speaker.end), found.speaker.actor, index)
    parts = tuple(to_source(start, end) for start, end in found.parts)
    return Quote(span.text, span.start, span.end, found.kind, cue, speaker, parts)


def _speaker(mention: Span, actor, index: ActorIndex) -> Speaker:
    """Who a quote rests on: the mention as written and the actor it resolves to, if any."""
    if actor is None:
        return Speaker(mention.text, None, mention.start, mention.end)
    return Speaker(actor.name, index.id_of(actor), mention.start, mention.end)


def _headline_quotes(article: Article, index: ActorIndex) -> list[Quote]:
    """The quotation a headline carries ('Yoon: "..."'), when the headline stands in the source text."""
    headline = article.title_span
    found = headline_quote(headline.text) if headline else None
    if headline is None or found is None:
        return []
    (start, end), name = found
    words = Span(headline.text[start:end], headline.start + start, headline.start + end)
    speaker = None
    if name is not None:
        mention = Span(headline.text[name[0]:name[1]], headline.start + name[0], headline.start + name[1])
        speaker = _speaker(mention, index.named(mention.text), index)
    kind: QuoteKind = "direct" if looks_like_statement(words.text) else "partial"
    return [Quote(words.text, words.start, words.end, kind, None, speaker, (words,))]
