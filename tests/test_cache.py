"""The analysis cache: an unchanged article is not analysed again; anything it depends on invalidates it."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
from datetime import date
from pathlib import Path

import pytest

import briefing.cache as cache_module
import briefing.pipeline as pipeline
from briefing.cache import AnalysisCache, dumps, loads
from briefing.model import Span
from briefing.pipeline import Options, build_brief
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
    first, _ = build_brief([seeds], nlp, Options(cache=tmp_path / "cache"))
    again, _ = build_brief([seeds], nlp, Options(cache=tmp_path / "cache"))
    assert counted == [["000_47eb9ec3281c3aec", "001_3a90daa9eccd1bea"]]  # the second run analysed nothing
    assert again == first


def test_changing_one_article_analyses_only_that_one(seeds, tmp_path, nlp, counted):
    build_brief([seeds], nlp, Options(cache=tmp_path / "cache"))
    article = seeds / "001_3a90daa9eccd1bea.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("cyber defense", "cyber-defence"), encoding="utf-8")
    brief, _ = build_brief([seeds], nlp, Options(cache=tmp_path / "cache"))
    assert counted[-1] == ["001_3a90daa9eccd1bea"]
    assert any("cyber-defence" in s.text for a in brief.analyses for s in a.sentences)


def test_another_summary_length_is_analysed_again(seeds, tmp_path, nlp, counted):
    build_brief([seeds], nlp, Options(summary_length=3, cache=tmp_path / "cache"))
    build_brief([seeds], nlp, Options(summary_length=5, cache=tmp_path / "cache"))
    assert len(counted) == 2 and len(counted[1]) == 2


def test_a_damaged_or_removed_cache_is_only_a_slower_run(seeds, tmp_path, nlp, counted):
    cache = tmp_path / "cache"
    first, _ = build_brief([seeds], nlp, Options(cache=cache))
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 2 and not list(cache.rglob("*.pickle"))
    for entry in entries:
        entry.write_bytes(b"not an entry")
    damaged, _ = build_brief([seeds], nlp, Options(cache=cache))
    shutil.rmtree(cache)
    removed, _ = build_brief([seeds], nlp, Options(cache=cache))
    assert damaged == first == removed and len(counted) == 3


def everything(value):
    """``value`` with every field of its dataclasses (``compare=False`` and ``init=False`` ones too) and
    the type of every container, so that two values are equal only if they are the same in every respect."""
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, {f.name: everything(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [everything(item) for item in value])
    if isinstance(value, dict):
        return ("dict", {key: everything(item) for key, item in value.items()})
    return (type(value).__name__, value)


def varied(analysis):
    """The analysis with every optional part of the model filled in, each with its own type."""
    article = analysis.article
    source = dataclasses.replace(
        article.source,
        path=Path("pages") / "a page.html",
        form="html",
        manifest={"title": "A title", "authors": ["Kim Jung", "Lee Soo"], "published": date(2024, 7, 9)},
        declared={"outlet": "Yonhap", "updated": date(2024, 7, 10), "authors": []},
        content_start=3,
        main_text=("first line", "second line"),
    )
    first = article.paragraphs[0]
    article = dataclasses.replace(
        article, source=source, published=date(2024, 7, 9), updated=date(2024, 7, 10), url="https://example.org/a",
        deck=first, dateline=Span(first.text[:5], first.start, first.start + 5), language="ko",
        captions=(first,), dropped=(first, first), authors=("Kim Jung",), title_span=first,
    )
    odd = Span("lone \udc80 surrogate, \u0000 and 한국어", 0, 30)
    return dataclasses.replace(
        analysis, article=article, sentences=[*analysis.sentences, odd], date=date(2024, 7, 9), date_inferred=True,
    )


def test_every_seed_analysis_comes_back_from_its_entry_the_same_in_every_field(seed_analyses):
    for analysis in seed_analyses.values():
        for original in (analysis, varied(analysis)):
            again = loads(dumps(original))
            assert again == original
            assert everything(again) == everything(original)  # manifest, declared, tense, OffsetMap._starts too
    analysis = seed_analyses["000_47eb9ec3281c3aec"]
    assert analysis.article.source.manifest  # the seeds come with a manifest
    assert any(d.tense for a in seed_analyses.values() for d in a.dates)
    assert type(loads(dumps(analysis)).article.source.path) is type(analysis.article.source.path)


def signed(body: bytes) -> bytes:
    """An entry as this user's runs write it: the body under the signature of the user's key."""
    key = cache_module._signing_key(cache_module.key_file())
    return cache_module._signature(key, body) + b"\n" + body


def test_an_entry_is_a_json_file_under_its_key(seed_analyses, tmp_path):
    store = AnalysisCache(tmp_path, "model", 5)
    analysis = seed_analyses["000_47eb9ec3281c3aec"]
    store.put(analysis)
    [entry] = [p for p in tmp_path.rglob("*") if p.is_file()]
    key = store.key(analysis.article)
    assert entry == tmp_path / key[:2] / f"{key}.json"
    signature, body = entry.read_bytes().split(b"\n", 1)
    assert signed(body) == entry.read_bytes() and len(signature) == 64
    data = json.loads(body)
    assert data[:2] == ["briefing-analysis", cache_module.CACHE_FORMAT] and data[2]["$"] == "Analysis"
    assert store.get(analysis.article) == analysis
    assert store.get(seed_analyses["001_3a90daa9eccd1bea"].article) is None  # not stored


class Payload:
    """A pickle that, loaded, creates the file ``marker``."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def hostile_entries(analysis, marker):
    """Entries that must each be a miss: name, bytes."""
    valid = dumps(analysis)
    envelope = json.loads(valid)

    def entry(value, tag="briefing-analysis", version=cache_module.CACHE_FORMAT):
        return json.dumps([tag, version, value]).encode()

    def replaced(old, new):
        text = valid.decode()
        assert old in text
        return text.replace(old, new, 1).encode()

    return {
        "pickle": pickle.dumps(Payload(marker)),
        "pickle, protocol 0 (ASCII)": pickle.dumps(Payload(marker), protocol=0),
        "pickle of the analysis": pickle.dumps(analysis),
        "class outside the allow-list": entry({"$": "os.system", "v": f"touch {marker}"}),
        "module path as a tag": replaced('"$":"Span"', '"$":"builtins.eval","v":"__import__(\'os\')"'),
        "model class outside the allow-list": entry(
            {"$": "Problem", "path": {"$": "Path", "v": "x"}, "message": "m", "fatal": True},
        ),
        "dataclass with a field too many": replaced('"$":"Span",', '"$":"Span","__class__":"os.system",'),
        "dataclass with a field too few": replaced('"$":"Span","text":', '"$":"Span","words":'),
        "untagged object": replaced('{"$":"Span",', '{'),
        "tuple with more than its value": replaced('"$":"tuple",', '"$":"tuple","w":1,'),
        "dict with a key that is not a string": replaced('"$":"dict","v":[[', '"$":"dict","v":[[1,2],['),
        "date that is not a date": entry({"$": "date", "v": "yesterday"}),
        "not an analysis": entry({"$": "Span", "text": "a", "start": 0, "end": 1}),
        "older format": entry(envelope[2], version=1),
        "format as true": entry(envelope[2], version=True),
        "another tag": entry(envelope[2], tag="something"),
        "truncated": valid[: len(valid) // 2],
        "not JSON": b"\x80\x04\x95garbage\x00",
        "not UTF-8": b'["briefing-analysis", 2, "\xff\xfe"]',
        "empty": b"",
        "deeply nested lists": b"[" * 200_000 + b"]" * 200_000,
        "deeply nested objects": b'{"a":' * 200_000 + b"1" + b"}" * 200_000,
        "deeply nested tuples": b'{"$":"tuple","v":[' * 100_000 + b"]}" * 100_000,
        "huge number": b'["briefing-analysis", 2, ' + b"9" * 10_000 + b"]",
    }


def test_a_hostile_or_damaged_entry_is_a_miss_and_runs_nothing(seed_analyses, tmp_path):
    analysis = seed_analyses["000_47eb9ec3281c3aec"]
    marker = tmp_path / "marker"
    pickle.loads(pickle.dumps(Payload(tmp_path / "proof")))
    assert (tmp_path / "proof").exists()  # the payload does run code where it is unpickled
    store = AnalysisCache(tmp_path / "cache", "model", 5)
    store.put(analysis)
    key = store.key(analysis.article)
    path = tmp_path / "cache" / key[:2] / f"{key}.json"
    (path.parent / f"{key}.pickle").write_bytes(pickle.dumps(Payload(marker)))  # an old entry's name: never read
    for name, data in hostile_entries(analysis, marker).items():
        path.write_bytes(data)
        assert store.get(analysis.article) is None, name  # unsigned: not read at all
        path.write_bytes(signed(data))
        assert store.get(analysis.article) is None, name  # signed (the key known), still nothing runs
        with pytest.raises(Exception):  # noqa: B017 - whatever it raises, the cache takes it as a miss
            loads(data)
        assert not marker.exists(), name
    other = seed_analyses["001_3a90daa9eccd1bea"]
    path.write_bytes(signed(dumps(other)))  # a sound entry, of another article
    assert store.get(analysis.article) is None
    path.write_bytes(signed(dumps(analysis)))
    assert store.get(analysis.article) == analysis  # and the entry works again


def test_an_entry_someone_else_made_is_never_read(seed_analyses, tmp_path, monkeypatch):
    """A cache folder that came with the articles, holding a made-up analysis under the article's key."""
    analysis = seed_analyses["000_47eb9ec3281c3aec"]
    forged = dataclasses.replace(analysis, summary=[Span("Made-up words.", 0, 14)])
    monkeypatch.setenv(cache_module.KEY_ENV, str(tmp_path / "their-key"))
    AnalysisCache(tmp_path / "cache", "model", 5).put(forged)  # signed with their key
    monkeypatch.setenv(cache_module.KEY_ENV, str(tmp_path / "my-key"))
    store = AnalysisCache(tmp_path / "cache", "model", 5)
    assert store.get(analysis.article) is None
    key = store.key(analysis.article)
    (tmp_path / "cache" / key[:2] / f"{key}.json").write_bytes(dumps(forged))  # unsigned
    assert store.get(analysis.article) is None
    assert oct((tmp_path / "my-key").stat().st_mode & 0o777) == "0o600"


def test_an_oversized_entry_is_a_miss_before_it_is_read(seed_analyses, tmp_path, monkeypatch):
    analysis = seed_analyses["000_47eb9ec3281c3aec"]
    store = AnalysisCache(tmp_path, "model", 5)
    store.put(analysis)
    key = store.key(analysis.article)
    path = tmp_path / key[:2] / f"{key}.json"
    valid = path.read_bytes()
    body = valid.split(b"\n", 1)[1]
    with path.open("r+b") as handle:  # sparse: over the limit without taking the space
        handle.truncate(cache_module.MAX_ENTRY_BYTES + 1)
    assert store.get(analysis.article) is None
    # A sound entry padded with white space (still valid JSON) over a smaller limit is a miss too.
    path.write_bytes(signed(body + b" " * 1000))
    assert store.get(analysis.article) == analysis
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", len(valid) + 999)
    assert store.get(analysis.article) is None
    with pytest.raises(ValueError):
        loads(body + b" " * (len(valid) + 1000))
    store.put(analysis)  # fits: written and read
    assert store.get(analysis.article) == analysis
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", len(valid) - 1)
    store.put(analysis)  # would not be read: the old entry stays, and is not read either
    assert path.read_bytes() == valid and store.get(analysis.article) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_entry_that_is_not_a_regular_file_is_a_miss_without_waiting(seed_analyses, tmp_path):
    analysis = seed_analyses["000_47eb9ec3281c3aec"]
    store = AnalysisCache(tmp_path, "model", 5)
    key = store.key(analysis.article)
    path = tmp_path / key[:2] / f"{key}.json"
    path.parent.mkdir()
    os.mkfifo(path)  # reading it would wait for a writer forever
    assert store.get(analysis.article) is None
    path.unlink()
    path.mkdir()
    assert store.get(analysis.article) is None
