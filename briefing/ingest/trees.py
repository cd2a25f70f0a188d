"""Gradient-boosted trees as briefing reads them: a model fit by a benchmark (scikit-learn), stored as JSON.

A model is ``{"features": [...], "baseline": float, "trees": [[node, ...], ...]}``; each node is
``[feature, threshold, left, right, value, leaf]``. Reading one needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import cache
from pathlib import Path


@cache
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def raw(model: dict, rows: list[list[float]]) -> list[float]:
    """The model's score for each row of features: from each tree's first node, go left where the row's
    feature is at most the threshold, until a leaf; the leaves' values and the baseline add up (a
    regressor's prediction, a classifier's log odds)."""
    score = _compiled(model)
    return [score(row) for row in rows]


def _compiled(model: dict) -> Callable[[list[float]], float]:
    """The model as one Python function of nested comparisons (twice as fast as walking the nodes;
    the same sums in the same order). Kept while the model's tree list lives."""
    trees = model["trees"]
    found = _COMPILED.get(id(trees))
    if found is not None and found[0] is trees:
        return found[1]

    def walk(tree: list[list], index: int) -> str:
        feature, threshold, left, right, value, leaf = tree[index]
        if leaf:
            return repr(float(value))
        return f"({walk(tree, left)} if row[{int(feature)}] <= {float(threshold)!r} else {walk(tree, right)})"

    source = f"def score(row):\n    return {float(model['baseline'])!r}" + "".join(f" + {walk(tree, 0)}" for tree in trees) + "\n"
    namespace: dict = {}
    exec(compile(source, "<trees>", "exec"), namespace)  # numbers only: every value passes through int() or float()
    _COMPILED[id(trees)] = (trees, namespace["score"])
    return namespace["score"]


_COMPILED: dict[int, tuple[list, Callable[[list[float]], float]]] = {}


def chances(model: dict, rows: list[list[float]]) -> list[float]:
    """A classifier's chance for each row of features."""
    return [1.0 / (1.0 + math.exp(-score)) for score in raw(model, rows)]


def written(model, feature_names: tuple[str, ...], about: str, options: dict) -> dict:
    """A fitted ``HistGradientBoostingClassifier`` (two classes) or ``HistGradientBoostingRegressor`` as the JSON this module reads."""
    import numpy as np

    trees = []
    for predictors in model._predictors:  # one tree per boosting round (two classes: one score)
        nodes = predictors[0].nodes
        trees.append([[int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]),
                       float(n["value"]), bool(n["is_leaf"])] for n in nodes])
    return {
        "about": about,
        "features": list(feature_names),
        "options": options,
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "trees": trees,
    }
