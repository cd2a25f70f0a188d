"""The benchmark scripts run on data in the eval format and skip cleanly when it is absent."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_headline_benchmark_skips_without_data(tmp_path, capsys):
    assert load("headlines").main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_headline_benchmark_counts_matches_and_misses(tmp_path, capsys):
    records = [
        {"title": "Council keeps the harbour open", "text": "Council keeps the harbour open\n\nThe council voted on Tuesday to keep the harbour open for another five years, the mayor said.\n"},
        {"title": "A title the text does not carry", "text": "Ferry timetable changes\n\nThe ferry company said on Monday that the first sailing will leave an hour later from July.\n"},
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert load("headlines").main([str(data), "--show-misses"]) == 1  # 50% is under the target
    out = capsys.readouterr().out
    assert "1/2 = 50.0%" in out
    assert "got: Ferry timetable changes" in out


def span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def test_quote_benchmark_skips_without_data(tmp_path, capsys):
    assert load("quotes").main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_quote_scoring_follows_the_two_sided_overlap_convention():
    quotes = load("quotes")
    text = 'The mayor said the plan "would fail badly." "We will not close it," Jane Doe said on Monday.'
    record = {"attributions": [
        {"direct": True, "source": [span(text, "The mayor")], "content": [span(text, 'the plan "would fail badly."')]},
        {"direct": True, "source": [span(text, "Jane Doe")], "content": [span(text, '"We will not close it,"')]},
        {"direct": False, "source": [span(text, "Jane Doe")], "content": [span(text, "on Monday")]},
    ]}
    jane = span(text, "Jane Doe")
    predictions = [
        quotes.Prediction([(text.index('"would'), text.index('badly."') + 7)], None),  # the quoted words only
        quotes.Prediction([(span(text, '"We will not close it,"')["start"], span(text, '"We will not close it,"')["end"])],
                          (jane["start"], jane["end"])),
        quotes.Prediction([(0, 3)], None),  # "The": matches nothing
    ]
    score = quotes.Score()
    quotes.score_article(record, predictions, score)
    assert (score.gold, score.predicted) == (2, 3)
    assert score.matched == {0.3: 2, 0.8: 1}  # the partial quote covers 15 of 28 gold characters
    assert score.speaker_right == 1
    assert "speaker accuracy (matched at 30%): 0.500" in score.report("test")
