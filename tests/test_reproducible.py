"""The same articles give byte-identical MyST and HTML on every run, serial or parallel (the PDF: see test_sphinxext.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def build(place, *sphinx_options: str):
    shutil.copytree(ROOT / "docs", place / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(ROOT / "seeds", place / "seeds")
    for command in (
        ["-m", "briefing", "convert", "seeds", "--out", "docs/generated", "-q"],
        ["-m", "sphinx", "-M", "html", "docs", "build", "-q", *sphinx_options],
    ):
        subprocess.run([sys.executable, *command], cwd=place, check=True, capture_output=True)
    return {
        path.relative_to(place).as_posix(): path.read_bytes()
        for folder in ("docs/generated", "build/html") for path in sorted((place / folder).rglob("*")) if path.is_file()
    }


def test_two_runs_in_two_places_one_in_parallel_give_the_same_bytes(tmp_path):
    first, second = build(tmp_path / "one"), build(tmp_path / "two", "-j", "2")
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
