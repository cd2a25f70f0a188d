"""The main-actors benchmark: name matching, top-five hit counting and its command line, without spaCy."""

from __future__ import annotations

import json

import pytest

from conftest import load_benchmark

actors = load_benchmark("actors")
Candidate = actors.Candidate


@pytest.mark.parametrize("entity, candidate", [
    ("Donald Trump", Candidate("Trump")),  # the actor's words are in the entity's name
    ("Trump", Candidate("Donald Trump")),  # and the other way round
    ("Michael Flynn", Candidate("Michael T. Flynn")),
    ("Justice Department", Candidate("Department of Justice")),  # word order does not matter
    ("supreme court", Candidate("The Supreme Court")),  # case and "the"
    ("FBI", Candidate("F.B.I.")),  # dots
    ("Walmart", Candidate("Wal-Mart")),  # hyphens
    ("Obama's administration", Candidate("Obama")),  # possessive
    ("Obama administration", Candidate("Obama’s")),
    ("Barack Obama", Candidate("Plus Obama", ("Obama", "President Obama"))),  # by an alias
    ("Chuck Grassley", Candidate("Charles E. Grassley", ("Grassley",))),
])
def test_names_that_match(entity, candidate):
    assert actors.matches(entity, candidate)


@pytest.mark.parametrize("entity, candidate", [
    ("Mary Cheney", Candidate("Liz Cheney")),
    ("Bill Clinton", Candidate("Hillary Clinton", ("Mrs. Clinton",))),
    ("James Mattis", Candidate("Jim Mattis")),
    ("Democratic lawmakers", Candidate("Democrats")),  # no stemming
    ("The", Candidate("The White House")),  # no words left: matches nothing
    ("White House", Candidate("The")),
])
def test_names_that_do_not_match(entity, candidate):
    assert not actors.matches(entity, candidate)


def test_top_ranks_by_count_and_keeps_the_order_of_ties():
    candidates = [Candidate(name, (), count) for name, count in
                  [("A", 1), ("B", 3), ("C", 3), ("D", 5), ("E", 1), ("F", 2), ("G", 1)]]
    assert [c.name for c in actors.top(candidates)] == ["D", "B", "C", "F", "A"]
    assert [c.name for c in actors.top(candidates, 2)] == ["D", "B"]


def test_score_counts_hits_in_the_top_five_only():
    candidates = [Candidate(name, (), count) for name, count in [
        ("White House", 9), ("Joe Sestak", 12), ("Senate", 6), ("Emanuel", 7), ("Obama", 6), ("Bill Clinton", 3),
    ]]
    score = actors.Score()
    actors.score_article("Sestak story", ["Joe Sestak", "Barack Obama", "Bill Clinton", "Arlen Specter"], candidates, score)
    assert (score.hits, score.pairs) == (2, 4)
    assert [(m.entity, m.rank) for m in score.misses] == [("Bill Clinton", 6), ("Arlen Specter", None)]
    assert [c.name for c in score.misses[0].top] == ["Joe Sestak", "White House", "Emanuel", "Senate", "Obama"]
    actors.score_article("Empty", ["Joe Sestak"], [], score)
    assert (score.hits, score.pairs) == (2, 5)
    assert "2/5 main entities in the top 5 = 0.400" in score.report("test", 10, 2.0)
    assert "Bill Clinton' rank 6; top: Joe Sestak (12); White House (9)" in actors.show(score.misses[0])


def test_parts_split_the_articles_in_two():
    records = [{"event": f"e{i}", "outlet": outlet} for i in range(10) for outlet in ("fox", "nyt", "hpo")]
    tune = [r for r in records if actors.in_part(r, "tune")]
    report = [r for r in records if actors.in_part(r, "report")]
    assert tune and report and len(tune) + len(report) == len(records)
    assert not any(r in report for r in tune)
    assert all(actors.in_part(r, "all") for r in records)


def test_benchmark_skips_without_data(tmp_path, capsys):
    assert actors.main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_main_reports_both_systems_and_lists_misses(tmp_path, capsys, monkeypatch):
    records = [
        {"event": "e1", "outlet": "fox", "title": "Trump story", "main_entities": ["Donald Trump", "Ted Cruz"], "text": "x"},
        {"event": "e1", "outlet": "nyt", "title": "Cruz story", "main_entities": ["Ted Cruz"], "text": "y"},
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    found = {"x": [Candidate("Trump", (), 4)], "y": [Candidate("Cruz", (), 2)]}
    monkeypatch.setattr("briefing.analyse.nlp.load", lambda: None)
    monkeypatch.setattr(actors, "spacy_rate", lambda records: 100.0)
    monkeypatch.setattr(actors, "SYSTEMS", {
        "briefing": lambda records: (found[r["text"]] for r in records),
        "baseline": lambda records: ([] for _ in records),
    })
    assert actors.main([str(data), "--part", "all", "--misses"]) == 0
    out = capsys.readouterr().out
    assert "briefing: 2/3 main entities in the top 5 = 0.667" in out
    assert "baseline: 0/3 main entities in the top 5 = 0.000" in out
    assert "bare nlp.pipe on the same texts: 100.0 articles/s" in out
    assert "briefing's misses (1):\n  'Trump story': 'Ted Cruz' not found; top: Trump (4)" in out
