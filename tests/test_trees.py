"""The shipped tree models as briefing reads them: the compiled scoring walks the trees exactly."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.ingest import trees

MODELS = sorted(Path(trees.__file__).parents[1].rglob("*_model.json"))


def walked(model: dict, row: list[float]) -> float:
    """The score as the nodes say it, one node at a time."""
    total = model["baseline"]
    for tree in model["trees"]:
        node = tree[0]
        while not node[5]:
            node = tree[node[2] if row[node[0]] <= node[1] else node[3]]
        total += node[4]
    return total


def parts(path: Path) -> list[dict]:
    model = trees.load(path)
    return [model] if "trees" in model else [part for part in model.values() if isinstance(part, dict) and "trees" in part]


def test_every_shipped_model_is_found():
    assert {path.name for path in MODELS} >= {"blocks_model.json", "headline_model.json", "attribution_model.json"}


@pytest.mark.parametrize("path", MODELS, ids=lambda path: path.name)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_compiled_model_gives_the_sums_of_the_trees_exactly(path, data):
    for model in parts(path):
        width = len(model["features"])
        rows = data.draw(st.lists(st.lists(st.floats(-1e3, 1e3) | st.sampled_from([0.0, 1.0]), min_size=width, max_size=width),
                                  min_size=1, max_size=5))
        assert trees.raw(model, rows) == [walked(model, row) for row in rows]


def test_chances_are_the_logistic_of_the_scores():
    model = {"baseline": 0.5, "trees": [[[0, 1.0, 1, 2, 0.0, False], [0, 0.0, 0, 0, -1.0, True], [0, 0.0, 0, 0, 2.0, True]]],
             "features": ["x"]}
    assert trees.raw(model, [[0.0], [3.0]]) == [-0.5, 2.5]
    assert trees.chances(model, [[3.0]]) == [1 / (1 + math.exp(-2.5))]
