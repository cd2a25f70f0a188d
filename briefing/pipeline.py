"""The whole conversion: files in, a :class:`Brief` and the problems met on the way out.

One bad article never stops the batch: its problem is recorded and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis import DEFAULT_SUMMARY_LENGTH, analyse
from .clean import clean, slug
from .compare import describe_story, merge_timeline
from .events import group
from .parts import PREFIXES as PART_PREFIXES
from .cache import AnalysisCache, model_identity
from .model import Analysis, Article, Brief, Problem
from .read import read_sources, text_fingerprint
from .timeline import date_stories, timeline

if TYPE_CHECKING:
    from spacy.language import Language


#: The longest article text analysed: spaCy's own limit for one text (its ``max_length``).
MAX_ARTICLE_CHARS = 1_000_000
RESERVED_PAGES = frozenset({"index", "timeline", "sources", "actors", "quotes", "genindex", "search"})


def load_articles(inputs: list[Path]) -> tuple[list[Article], list[Problem]]:
    """Read and clean every article; ids are unique and the same on every run."""
    sources, problems = read_sources(inputs)
    articles: list[Article] = []
    used: set[str] = set()
    bodies: dict[str, Path] = {}
    for source in sources:
        base = slug(source.path.stem)
        if base in RESERVED_PAGES or base.startswith(("story-", "actor-", *PART_PREFIXES)):
            base = f"article-{base}"  # the brief's own pages keep their names
        article_id, n = base, 2
        while article_id in used:
            article_id, n = f"{base}-{n}", n + 1
        used.add(article_id)
        try:
            article = clean(source, article_id)
        except Exception as error:  # noqa: BLE001 - one article's failure must not stop the batch
            problems.append(Problem(source.path, f"could not be cleaned ({type(error).__name__}: {error})"))
            continue
        if not article.body.strip():
            problems.append(Problem(source.path, "no article text left after removing boilerplate"))
            continue
        if len(article.body) > MAX_ARTICLE_CHARS:
            problems.append(Problem(
                source.path,
                f"article text too long to analyse ({len(article.body):,} characters; at most {MAX_ARTICLE_CHARS:,}): "
                "split it into several files",
            ))
            continue
        body = text_fingerprint(article.body)
        if body in bodies:  # e.g. a saved page and the same article pasted as text
            problems.append(Problem(source.path, f"same article text as {bodies[body]}; kept once", fatal=False))
            continue
        bodies[body] = source.path
        articles.append(article)
    return articles, problems


#: Shows progress over the analyses to make: ``progress(analyses, how_many)`` gives them back as they come.
Progress = Callable[[Iterable[Analysis], int], Iterable[Analysis]]


def analyse_cached(
    articles: list[Article], nlp: Language | None, summary_length: int, cache: Path | None, model: str | None,
    progress: Progress | None = None,
) -> list[Analysis]:
    """The analyses of the articles, in their order: from the cache where it has them, else made (and stored)."""
    shown = progress or (lambda analyses, _count: analyses)
    if cache is None:
        return list(shown(analyse(articles, nlp or _load(model), summary_length), len(articles)))
    store = AnalysisCache(cache, model_identity(nlp, model), summary_length)
    found = [store.get(article) for article in articles]
    missing = [article for article, analysis in zip(articles, found) if analysis is None]
    made = iter(shown(analyse(missing, nlp or _load(model), summary_length), len(missing))) if missing else iter(())
    analyses = []
    for analysis in found:
        if analysis is None:
            analysis = next(made)
            store.put(analysis)
        analyses.append(analysis)
    return analyses


def _load(model: str | None) -> Language:
    from .nlp import load

    return load(model)


def build_brief(
    inputs: list[Path],
    nlp: Language | None = None,
    summary_length: int = DEFAULT_SUMMARY_LENGTH,
    cache: Path | None = None,
    model: str | None = None,
    progress: Progress | None = None,
) -> tuple[Brief, list[Problem]]:
    """Read, analyse and group the articles into a brief.

    ``nlp`` is the spaCy pipeline to use, else the ``model`` (by name, else the default), loaded
    only if some article must be analysed: with a ``cache`` folder, an article analysed before
    with the same text, settings, model and code is taken from there.
    """
    articles, problems = load_articles(inputs)
    analyses = analyse_cached(articles, nlp, summary_length, cache, model, progress) if articles else []
    stories = group(analyses)
    analyses = date_stories(analyses, stories)  # an undated article takes its date from its story
    by_id = {a.article.id: a for a in analyses}
    events = [describe_story(e, [by_id[i] for i in e.articles]) for e in stories]
    return Brief(analyses, events, merge_timeline(timeline(analyses), analyses, events)), problems
