"""The analysis cache: an unchanged article is not analysed again; anything it depends on invalidates it."""

from __future__ import annotations

import shutil

import pytest

import briefing.pipeline as pipeline
from briefing.pipeline import build_brief
from conftest import SEEDS


@pytest.fixture
def counted(monkeypatch):
    """The articles each run analyses (by id)."""
    seen: list[list[str]] = []
    real = pipeline.analyse_in_workers

    def analyse_in_workers(articles, nlp, summary_length, limits):
        seen.append([a.id for a in articles])
        return real(articles, nlp, summary_length, limits)

    monkeypatch.setattr(pipeline, "analyse_in_workers", analyse_in_workers)
    return seen


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_a_second_run_takes_every_analysis_from_the_cache_and_gives_the_same_brief(seeds, tmp_path, nlp, counted):
    first, _ = build_brief([seeds], nlp, cache=tmp_path / "cache")
    again, _ = build_brief([seeds], nlp, cache=tmp_path / "cache")
    assert counted == [["000_47eb9ec3281c3aec", "001_3a90daa9eccd1bea"]]  # the second run analysed nothing
    assert again == first


def test_changing_one_article_analyses_only_that_one(seeds, tmp_path, nlp, counted):
    build_brief([seeds], nlp, cache=tmp_path / "cache")
    article = seeds / "001_3a90daa9eccd1bea.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("cyber defense", "cyber-defence"), encoding="utf-8")
    brief, _ = build_brief([seeds], nlp, cache=tmp_path / "cache")
    assert counted[-1] == ["001_3a90daa9eccd1bea"]
    assert any("cyber-defence" in s.text for a in brief.analyses for s in a.sentences)


def test_another_summary_length_is_analysed_again(seeds, tmp_path, nlp, counted):
    build_brief([seeds], nlp, summary_length=3, cache=tmp_path / "cache")
    build_brief([seeds], nlp, summary_length=5, cache=tmp_path / "cache")
    assert len(counted) == 2 and len(counted[1]) == 2


def test_a_damaged_or_removed_cache_is_only_a_slower_run(seeds, tmp_path, nlp, counted):
    cache = tmp_path / "cache"
    first, _ = build_brief([seeds], nlp, cache=cache)
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    damaged, _ = build_brief([seeds], nlp, cache=cache)
    shutil.rmtree(cache)
    removed, _ = build_brief([seeds], nlp, cache=cache)
    assert damaged == first == removed and len(counted) == 3
