"""The benchmark scripts run on data in the eval format and skip cleanly when it is absent."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).parent.parent


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
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
