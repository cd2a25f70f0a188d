"""The main-actors benchmark: name matching, top-five hit counting, folds by story, weights chosen on
the other folds only, and its command line, without spaCy."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from briefing.analyse.actors import ActorSigns, Prominence
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


def test_by_count_ranks_by_count_and_keeps_the_order_of_ties():
    candidates = [Candidate(name, (), count) for name, count in
                  [("A", 1), ("B", 3), ("C", 3), ("D", 5), ("E", 1), ("F", 2), ("G", 1)]]
    assert [c.name for c in actors.by_count(candidates)][:5] == ["D", "B", "C", "F", "A"]


def test_by_prominence_ranks_by_briefing_s_weights():
    headline_only = Prominence(focus=5.0, place=1.0, country=1.0)
    candidates = [
        Candidate("Springfield", (), 6, ActorSigns(6, setting="place")),
        Candidate("Ortiz", (), 2, ActorSigns(2, headline=True)),
    ]
    assert [c.name for c in actors.by_prominence(actors.MENTIONS_ONLY)(candidates)] == ["Springfield", "Ortiz"]
    assert [c.name for c in actors.by_prominence(headline_only)(candidates)] == ["Ortiz", "Springfield"]


def test_score_counts_hits_in_the_top_five_only():
    ranked = [Candidate(name, (), count) for name, count in [
        ("Joe Sestak", 12), ("White House", 9), ("Emanuel", 7), ("Senate", 6), ("Obama", 6), ("Bill Clinton", 3),
    ]]
    score = actors.Score()
    actors.score_article("Sestak story", ["Joe Sestak", "Barack Obama", "Bill Clinton", "Arlen Specter"], ranked, score)
    assert (score.hits, score.pairs) == (2, 4)
    assert [(m.entity, m.rank) for m in score.misses] == [("Bill Clinton", 6), ("Arlen Specter", None)]
    assert [c.name for c in score.misses[0].top] == ["Joe Sestak", "White House", "Emanuel", "Senate", "Obama"]
    actors.score_article("Empty", ["Joe Sestak"], [], score)
    assert (score.hits, score.pairs, round(score.share, 3)) == (2, 5, 0.4)
    assert "Bill Clinton' rank 6; top: Joe Sestak (12); White House (9)" in actors.show(score.misses[0])


def test_folds_keep_a_story_together_are_even_and_never_change():
    events = [f"event-{i}" for i in range(30)]
    folds = actors.folds_of(events, 5)
    assert folds == actors.folds_of(reversed(events), 5) == actors.folds_of(events + events, 5)
    assert sorted(Counter(folds.values()).values()) == [6, 6, 6, 6, 6]
    assert Counter(actors.folds_of(events[:7], 5).values()) == {0: 2, 1: 2, 2: 1, 3: 1, 4: 1}
    assert sorted(actors.folds_of(events, 30).values()) == list(range(30))  # leave one story out


def story(event: str, entity: str, entity_signs: ActorSigns, others: ActorSigns) -> actors.Scored:
    """An article whose main entity competes with five others."""
    candidates = [Candidate(entity, (), entity_signs.mentions, entity_signs)]
    candidates += [Candidate(f"Other {i}", (), others.mentions, others) for i in range(5)]
    return actors.Scored(event, f"{event} story", (entity,), tuple(candidates))


# In "headline" the main entity is named in the headline and less often than five others; in
# "mentions" it is the most named, and five others are in the headline.
HEADLINE = story("headline", "Ann Lee", ActorSigns(1, headline=True), ActorSigns(2))
MENTIONS = story("mentions", "Cy Dunn", ActorSigns(3), ActorSigns(1, headline=True))
GRID = [Prominence(0.0, 1.0, 1.0), Prominence(5.0, 1.0, 1.0)]


def test_choose_takes_the_weights_that_rank_most_main_entities_in_the_top_five():
    assert actors.choose([HEADLINE], GRID) == GRID[1]
    assert actors.choose([MENTIONS], GRID) == GRID[0]
    assert actors.choose([HEADLINE, MENTIONS], GRID) == GRID[0]  # a hit and a sixth place each: the earlier wins
    assert actors.choose([HEADLINE, HEADLINE, MENTIONS], GRID) == GRID[1]


def test_each_fold_is_ranked_with_weights_chosen_on_the_other_folds_only():
    folds = {"headline": 0, "mentions": 1}
    result = actors.cross_validate([HEADLINE, MENTIONS], folds, 2, grid=GRID)
    assert result.weights == [GRID[0], GRID[1]]  # each the weights the other story wants
    assert [(s.hits, s.pairs) for s in result.scores] == [(0, 1), (0, 1)]
    assert result.report("briefing").startswith("briefing: 0/2 main entities in the top 5 = 0.000; folds mean 0.000")
    fixed = actors.cross_validate([HEADLINE, MENTIONS], folds, 2, actors.by_count)
    assert fixed.weights == [None, None]
    assert fixed.report("by count") == "by count: 1/2 main entities in the top 5 = 0.500; folds mean 0.500, range 0.000-1.000"


def test_merits_rank_as_by_prominence_does():
    ties = story("ties", "Ann Lee", ActorSigns(2), ActorSigns(2))  # tied, the main entity first
    late = actors.Scored("late", "t", ("Cy Dunn",), tuple(reversed(ties.candidates[1:])) + (Candidate("Cy Dunn", (), 2, ActorSigns(2)),))
    found = actors.merits([HEADLINE, MENTIONS, ties, late], GRID)
    assert found.hits.tolist() == [[0, 1, 1, 0], [1, 0, 1, 0]]
    assert found.reciprocal[:, 3].tolist() == [1 / 6, 1 / 6]


def test_benchmark_skips_without_data(tmp_path, capsys):
    assert actors.main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_main_reports_cross_validated_figures_the_baseline_and_misses(tmp_path, capsys, monkeypatch):
    records = [
        {"event": f"e{i}", "outlet": outlet, "title": f"Story {i} {outlet}", "main_entities": ["Donald Trump", "Ted Cruz"], "text": f"{i}"}
        for i in range(4) for outlet in ("fox", "nyt")
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    trump = Candidate("Trump", (), 4, ActorSigns(4))
    monkeypatch.setattr("briefing.analyse.nlp.load", lambda: None)
    monkeypatch.setattr(actors, "spacy_rate", lambda records: 100.0)
    monkeypatch.setattr(actors, "briefing_candidates", lambda records: [[trump] for _ in records])
    monkeypatch.setattr(actors, "spacy_candidates", lambda records: [[] for _ in records])
    assert actors.main([str(data), "--folds", "2", "--misses"]) == 0
    out = capsys.readouterr().out
    assert "8 articles, 4 stories (dev.jsonl); 2 folds by story" in out
    assert "briefing, weights chosen on the other folds: 8/16 main entities in the top 5 = 0.500; folds mean 0.500, range 0.500-0.500" in out
    assert "  fold 1: 4/8 = 0.500 with headline, lead and key quote 0 each, place 0, country 0.25" in out
    assert "briefing, ranked by mentions alone: 8/16" in out
    assert "spaCy entities by text: 0/16 main entities in the top 5 = 0.000" in out
    assert "weights chosen on all 4 stories: headline, lead and key quote 0 each, place 0, country 0.25" in out
    assert "bare nlp.pipe on the same texts: 100.0 articles/s" in out
    assert "briefing's misses (8):\n  'Story" in out and "'Ted Cruz' not found; top: Trump (4)" in out
    actors.main([str(data), "--folds", "30"])
    assert "leave-one-story-out" in capsys.readouterr().out
