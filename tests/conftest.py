"""Shared fixtures. Real Sphinx/WeasyPrint builds are marked ``slow`` and run with ``--slow``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def pytest_configure(config):
    # Commands run by the tests keep their analysis cache, and the key that signs its entries, out of the
    # working tree and the user's: one temporary folder per session, removed when the session ends.
    import os
    import tempfile

    config._briefing_temporary = []
    for variable, name in (("BRIEFING_CACHE", ""), ("BRIEFING_CACHE_KEY", "cache-key")):
        if variable not in os.environ:
            folder = tempfile.mkdtemp(prefix=f"briefing-test-{variable.lower()}-")
            config._briefing_temporary.append((variable, folder))
            os.environ[variable] = os.path.join(folder, name) if name else folder


def pytest_unconfigure(config):
    import os
    import shutil

    for variable, folder in getattr(config, "_briefing_temporary", []):
        os.environ.pop(variable, None)
        shutil.rmtree(folder, ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the slow group (real site and PDF builds)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow group: run with --slow (make test does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def load_benchmark(name: str):
    """A script of benchmarks/ as a module (they are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
MENACE = "North Korea is clearly a menace to the international society"


@pytest.fixture(scope="session")
def nlp():
    from briefing.analyse.nlp import load

    return load()


@pytest.fixture(scope="session")
def seed_brief(nlp):
    """The brief of the two seed articles, analysed once per test session."""
    from briefing.pipeline import build_brief

    brief, problems = build_brief([SEEDS], nlp)
    assert problems == []
    return brief


@pytest.fixture(scope="session")
def seed_analyses(seed_brief):
    return {a.article.id: a for a in seed_brief.analyses}


def pasted(headline: str, *paragraphs: str, article_id: str = "a", manifest: dict | None = None):
    """An article pasted into a file of its own (headline, blank line, paragraphs), cleaned as briefing cleans it."""
    import hashlib

    from briefing.ingest.clean import clean
    from briefing.model import Source

    text = headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
    source = Source(Path(f"{article_id}.txt"), text, "utf-8", hashlib.sha256(text.encode()).hexdigest(), manifest=manifest or {})
    return clean(source, article_id)


def analysed_article(nlp, headline: str, *paragraphs: str, article_id: str = "a", summary_length: int = 3,
                     manifest: dict | None = None, published=None):
    """The analysis of a :func:`pasted` article (``published`` sets its date, as a date line would)."""
    from dataclasses import replace

    from briefing.analyse.article import analyse_article

    article = pasted(headline, *paragraphs, article_id=article_id, manifest=manifest)
    if published is not None:
        article = replace(article, published=published)
    return analyse_article(article, nlp(article.body), summary_length)


def seeds_project(folder: Path) -> Path:
    """A copy of docs/ with the seeds converted into it, in *folder*: what a user's project looks like."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    subprocess.run([sys.executable, "-m", "briefing", "convert", "seeds", "--out", "docs/generated", "-q"],
                   cwd=folder, check=True, capture_output=True)
    return folder
