"""The whole conversion: files in, a :class:`Brief` and the problems met on the way out.

One bad article never stops the batch: its problem is recorded and the others go on. Reading,
cleaning and analysis run in worker processes (:mod:`briefing.workers`) with a time limit per stage
of each article and a memory limit per process, so that no article can stall the batch either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import workers
from .analyse.article import DEFAULT_SUMMARY_LENGTH, analyse_in_workers
from .analyse.nlp import processes
from .brief.actors import actor_index, story_actors
from .brief.compare import describe_story, merge_timeline
from .brief.network import actor_network
from .brief.stories import by_importance, group
from .brief.timeline import date_stories, timeline
from .cache import AnalysisCache, model_identity
from .ingest.clean import JUDGED_NOT_THE_ARTICLE, clean
from .ingest.read import STDIN, Distinct, ReadError, collect_paths, read_input_bytes, read_manifests, read_source, text_fingerprint
from .model import Analysis, Article, Brief, Problem, Source
from .page_contract import article_page_base, unique_name
from .words import slug
from .workers import DEFAULT_LIMITS, Limits, Stopped

if TYPE_CHECKING:
    from spacy.language import Language


#: The longest article text analysed: about 80,000 words, fifteen times the longest news articles of the
#: evaluation sets. One this long analyses in about 20 s and under 1 GB (benchmarks/limits.py), well
#: within the default limits of a stage (60 s) and a process (3,000 MB).
MAX_ARTICLE_CHARS = 500_000


@dataclass(frozen=True)
class Loaded:
    """What reading and cleaning made of one input: its source and article, or why there is none."""

    source: Source | None = None
    fingerprint: str = ""  # of the source's text, the same for the text saved again
    article: Article | None = None
    body_fingerprint: str = ""
    problem: str | None = None  # why it could not be read, or cleaned
    warnings: tuple[str, ...] = ()  # what reading left out of a source it read (front matter that cannot be read)


@dataclass(frozen=True)
class Input:
    path: Path
    manifest: dict | None
    data: bytes | None = None  # standard input's bytes, read by the parent


def read_and_clean(inputs: list[Input], stage: Callable[[str], None]) -> Iterator[Loaded]:
    """Each input read and cleaned (the work of :func:`load_articles`' workers)."""
    for given in inputs:
        stage("read")
        warnings: list[str] = []
        try:
            source = read_source(given.path, given.manifest, given.data, warnings)
        except ReadError as error:
            yield Loaded(problem=str(error))
            continue
        fingerprint = text_fingerprint(source.text)
        stage("clean")
        try:
            article = clean(source)
        except Exception as error:
            yield Loaded(source, fingerprint, problem=f"could not be cleaned ({type(error).__name__}: {error})",
                         warnings=tuple(warnings))
            continue
        yield Loaded(source, fingerprint, article, text_fingerprint(article.body), warnings=tuple(warnings))


def load_articles(inputs: list[Path], limits: Limits = DEFAULT_LIMITS) -> tuple[list[Article], list[Problem]]:
    """Read and clean every article; ids are unique and the same on every run."""
    paths, problems = collect_paths(inputs)
    manifests, manifest_problems = read_manifests(paths)
    problems.extend(manifest_problems)
    given: list[Input] = []
    for path in paths:
        if path == STDIN:
            try:
                given.append(Input(path, None, read_input_bytes(path)))
            except ReadError as error:
                problems.append(Problem(Path("<stdin>"), str(error)))
        else:
            given.append(Input(path, manifests.get(path.resolve())))
    loaded = dict(workers.run(given, read_and_clean, first_stage="read", processes=processes(len(given)), limits=limits))

    articles: list[Article] = []
    distinct = Distinct()
    used: set[str] = set()
    bodies: dict[str, Path] = {}
    for index, item in enumerate(given):
        shown = Path("<stdin>") if item.path == STDIN else item.path
        outcome = loaded[index]
        if isinstance(outcome, Stopped):
            problems.append(Problem(shown, outcome.reason))
            continue
        if outcome.source is None:
            problems.append(Problem(shown, outcome.problem))
            continue
        if not distinct.keep(outcome.source, outcome.fingerprint, problems):
            continue
        problems.extend(Problem(shown, warning, fatal=False) for warning in outcome.warnings)
        article_id = _unique_id(outcome.source.path, used)
        if outcome.article is None:
            problems.append(Problem(shown, outcome.problem))
            continue
        article = replace(outcome.article, id=article_id)
        if not article.body.strip():
            problems.append(Problem(shown, "no article text left after removing boilerplate"))
            continue
        if len(article.body) > MAX_ARTICLE_CHARS:
            problems.append(Problem(
                shown,
                f"article text too long to analyse ({len(article.body):,} characters; at most {MAX_ARTICLE_CHARS:,}): "
                "split it into several files",
            ))
            continue
        if outcome.body_fingerprint in bodies:  # e.g. a saved page and the same article pasted as text
            problems.append(Problem(shown, f"same article text as {bodies[outcome.body_fingerprint]}; kept once", fatal=False))
            continue
        bodies[outcome.body_fingerprint] = shown
        if (left_out := _left_out_share(article)) > LEFT_OUT_WARNING:
            problems.append(Problem(shown, f"{left_out:.0%} of what the page's extractor took for the article was left out "
                                           "as not the article; briefing extract lists it (dropped)", fatal=False))
        articles.append(article)
    return articles, problems


#: A saved page whose extractor's text is left out by more than this share is reported.
LEFT_OUT_WARNING = 0.3


def _left_out_share(article: Article) -> float:
    """The share of a saved page's extracted text that cleaning left out as not the article."""
    left_out = sum(d.end - d.start for d in article.dropped if d.reason == JUDGED_NOT_THE_ARTICLE)
    kept = sum(p.end - p.start for p in article.paragraphs)
    return left_out / (left_out + kept) if left_out else 0.0


def _unique_id(path: Path, used: set[str]) -> str:
    """The article's id from its file name: the brief's own page names get ``article-`` in front, and a
    name used before gets -2, -3, ..."""
    return unique_name(article_page_base(slug(path.stem) or "article"), used)


#: Shows progress over the analyses to make: ``progress(analyses, how_many)`` gives them back as they come.
Progress = Callable[[Iterable, int], Iterable]


@dataclass(frozen=True)
class Options:
    """How a run reads and analyses: what the command line and conf.py settle."""

    summary_length: int = DEFAULT_SUMMARY_LENGTH
    model: str | None = None  # the spaCy model by name; None: the default (see briefing.analyse.nlp)
    cache: Path | None = None  # the folder of stored analyses; None: analyse every article
    limits: Limits = DEFAULT_LIMITS


def analyse_cached(
    articles: list[Article], nlp: Language | None, options: Options, progress: Progress | None = None,
) -> tuple[list[Analysis], list[Problem]]:
    """The analyses of the articles, in their order: from the cache where it has them, else made (and
    stored); an article whose analysis ran past the limits is left out and reported."""
    shown = progress or (lambda analyses, _count: analyses)
    summary_length, model = options.summary_length, options.model
    store = AnalysisCache(options.cache, model_identity(nlp, model), summary_length) if options.cache is not None else None
    found = [store.get(article) for article in articles] if store is not None else [None] * len(articles)
    missing = [i for i, analysis in enumerate(found) if analysis is None]
    problems: list[Problem] = []
    if missing:
        made = analyse_in_workers([articles[i] for i in missing], nlp or _load(model), summary_length, options.limits)
        for position, outcome in shown(made, len(missing)):
            index = missing[position]
            if isinstance(outcome, Stopped):
                problems.append(Problem(articles[index].source.path, outcome.reason))
                continue
            found[index] = outcome
            if store is not None:
                store.put(outcome)
    return [analysis for analysis in found if analysis is not None], problems


def _load(model: str | None) -> Language:
    from .analyse.nlp import load

    return load(model)


def build_brief(
    inputs: list[Path], nlp: Language | None = None, options: Options = Options(), progress: Progress | None = None,
) -> tuple[Brief, list[Problem]]:
    """Read, analyse and group the articles into a brief.

    ``nlp`` is the spaCy pipeline to use, else the options' ``model`` (by name, else the default), loaded
    only if some article must be analysed: with a ``cache`` folder, an article analysed before
    with the same text, settings, model and code is taken from there. ``limits`` bound the time of
    each stage of each article and the memory of each worker process.
    """
    articles, problems = load_articles(inputs, options.limits)
    analyses: list[Analysis] = []
    if articles:
        analyses, analysis_problems = analyse_cached(articles, nlp, options, progress)
        problems.extend(analysis_problems)
    return brief_of(analyses), problems


def brief_of(analyses: list[Analysis]) -> Brief:
    """The brief of some analyses: their stories (each described across its articles, with its actors), the
    timeline, the brief's actors and their network. Pure: no spaCy, no disk."""
    stories = group(analyses)
    analyses = date_stories(analyses, stories)  # an undated article takes its date from its story
    by_id = {a.article.id: a for a in analyses}
    actors = actor_index(analyses)
    stories = by_importance(stories, {i: a.date for i, a in by_id.items()}, {i: a.article.outlet for i, a in by_id.items()})
    events = [replace(describe_story(e, [by_id[i] for i in e.articles]), actors=story_actors(e, actors)) for e in stories]
    happenings = merge_timeline(timeline(analyses), analyses, events)
    return Brief(analyses, events, happenings, actors, actor_network(analyses, actors))
