"""Gradient-boosted trees as briefing reads them: a model fit by a benchmark (scikit-learn), stored as JSON.

A model is ``{"features": [...], "baseline": float, "trees": [[node, ...], ...]}``; each node is
``[feature, threshold, left, right, value, leaf]``. Reading one needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path


@cache
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def chances(model: dict, rows: list[list[float]]) -> list[float]:
    """The model's chance for each row of features: from each tree's first node, go left where the
    row's feature is at most the threshold, until a leaf; the leaves' values and the baseline add up
    to the log odds."""
    found = []
    for row in rows:
        raw = model["baseline"]
        for tree in model["trees"]:
            feature, threshold, left, right, value, leaf = tree[0]
            while not leaf:
                feature, threshold, left, right, value, leaf = tree[left if row[feature] <= threshold else right]
            raw += value
        found.append(1.0 / (1.0 + math.exp(-raw)))
    return found


def written(model, feature_names: tuple[str, ...], about: str, options: dict) -> dict:
    """A fitted ``HistGradientBoostingClassifier`` (two classes) as the JSON this module reads."""
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
