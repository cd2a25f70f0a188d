"""benchmarks/events.py: folds by story, the held-out scoring, skipping without data, a run on a small mix."""

from __future__ import annotations

import json
from collections import Counter

from conftest import load_benchmark


def load():
    return load_benchmark("events")


def test_story_benchmark_skips_without_data(tmp_path, capsys):
    assert load().main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_adjusted_rand_index_of_known_clusterings():
    ari = load().adjusted_rand_index
    assert ari([0, 0, 0, 1, 1, 1], ["b", "b", "b", "a", "a", "a"]) == 1.0  # the same partition, other names
    assert abs(ari([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 8 / 33) < 1e-12  # 0.2424, as scikit-learn gives
    assert abs(ari([0, 0, 1, 1, 2, 2], [0, 0, 0, 0, 1, 1]) - 4 / 9) < 1e-12
    assert ari([0, 0, 0, 1, 1, 1], [0, 1, 2, 3, 4, 5]) == 0.0  # every article alone: no better than chance
    assert ari(["x"], ["y"]) == 1.0


def test_folds_are_fixed_by_the_story_ids_and_even():
    events = load()
    stories = [f"story-{n}" for n in range(30)]
    folds = events.folds_of(stories * 3, 6)
    assert folds == events.folds_of(list(reversed(stories)), 6)  # the order of the records does not matter
    assert sorted(Counter(folds.values()).values()) == [5] * 6


def test_a_held_out_article_put_with_another_story_counts_against_its_fold():
    events = load()

    class Fixed(events.Method):  # groups everything as given, whatever the settings
        def groups(self, members, threshold, days):
            return [[i for i in members if i in g] for g in ([0, 1, 2], [3, 4], [5])]

    gold = ["a", "a", "b", "b", "b", "c"]
    result = events.held_out(Fixed("fixed"), list(range(6)), [2, 3, 4], gold, 0.2, None, fold=0)
    assert result.confused == 1  # article 2 shares a group with story a
    assert result.ari == 0.0  # story b split in two: no better than chance over its own articles
    assert result.labels == {2: (0, 0), 3: (0, 1), 4: (0, 1)}


HARBOUR = ["Kelso council votes to keep the harbour open\n\nKelso town council voted on Tuesday to keep the old "
           "harbour open for five more years, rejecting the Marine Authority's plan to close it to fishing boats. "
           "Mayor Ellen Drummond said closing the harbour would cost forty jobs.\n",
           "Harbour saved as Kelso councillors defy Marine Authority\n\nCouncillors in Kelso rejected the Marine "
           "Authority's plan to shut the town's harbour, voting on Tuesday to keep it open to fishing boats. "
           "Ellen Drummond, the mayor, said forty jobs depended on the harbour.\n"]
BUDGET = ["Finance minister cuts school budget\n\nThe finance minister, Karl Berger, announced on Monday that "
          "the school budget would be cut by ten percent next year. Teachers' unions called the budget cut a "
          "betrayal of pupils.\n",
          "Teachers angry at Berger's budget cuts\n\nTeachers' unions reacted angrily on Monday after finance "
          "minister Karl Berger cut the school budget by a tenth. The unions said pupils would pay for the "
          "budget cut.\n"]


def test_story_benchmark_scores_a_mix_of_two_stories(tmp_path, capsys):
    records = [{"event": event, "outlet": f"outlet-{n}", "title": text.split("\n")[0], "date": "2024-05-06", "text": text}
               for event, pair in (("harbour", HARBOUR), ("budget", BUDGET)) for n, text in enumerate(pair)]
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert load().main([str(data), "--no-speed"]) == 1  # the baseline is right too: no margin over it
    out = capsys.readouterr().out
    assert "4 articles, 2 stories (dev.jsonl); 2 folds by story" in out
    assert "fold 1: 1 stories held out; chosen on the other 1: threshold" in out
    assert "briefing, with the records' dates        pooled ARI 1.000, mean 1.000 (min 1.000, max 1.000)" in out
    assert "baseline: word TF-IDF, connected groups  pooled ARI" in out
    assert "target pooled ARI >= 0.96 and >= baseline + 0.03 (1.030): missed" in out
    assert "the rule on all 2 stories: threshold" in out


def test_speed_figures_from_a_few_texts_made_many(tmp_path, capsys):
    events = load()
    basil = tmp_path / "eval" / "basil"
    basil.mkdir(parents=True)
    records = [{"event": "harbour", "outlet": "fox", "date": "2024-05-06", "text": text} for text in HARBOUR + BUDGET]
    (basil / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    events.speed(tmp_path / "eval", texts=4, sizes=(10, 40))
    out = capsys.readouterr().out
    assert "speed: 4 distinct texts analysed" in out
    assert "  10 articles: " in out and "  40 articles: " in out
    assert "growth from 10 to 40 articles: x" in out
