"""benchmarks/corpus.py builds the same packs from the same sources; benchmarks/pdf.py skips cleanly."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from conftest import load_benchmark as load

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NAME = re.compile(r"\d{4}_(seeds|basil|polnear|bbc)_[0-9a-f]{12}\.txt")




def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def article(title: str, *paragraphs: str) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


HARBOUR = ("Kelso town council voted on Tuesday to keep the old harbour open for five more years, rejecting "
           "the Marine Authority's plan to close it to fishing boats.")
FERRY = "The ferry company said on Monday that the first sailing will leave an hour later from July."


@pytest.fixture
def eval_dir(tmp_path):
    """A small eval folder in the real layout: two texts each, one of bbc's a repeat of basil's body."""
    folder = tmp_path / "eval"
    records = {
        "basil/dev.jsonl": [
            {"outlet": "nyt", "date": "2024-05-07", "title": "Harbour stays open", "text": article("Harbour stays open", HARBOUR)},
            {"outlet": "fox", "date": "2024-05-08", "title": "Ferry runs late", "text": article("Ferry runs late", FERRY)},
        ],
        "polnear/train.jsonl": [
            {"publisher": "politico", "date": "2016-01-02", "title": "Senate vote delayed",
             "text": article("Senate vote delayed", "The Senate delayed its vote on the budget until next week, leaders said.")},
            {"publisher": "wash-post", "date": "2016-01-03", "title": "Governor signs bill",
             "text": article("Governor signs bill", "The governor signed the school funding bill on Friday after months of debate.")},
        ],
        "bbc-summary/odd.jsonl": [
            {"id": "business/001", "title": "Profits rise", "text": article("Profits rise", "Quarterly profits at the firm rose by a fifth, it said.")},
            {"id": "business/003", "title": "Harbour kept", "text": article("Harbour kept", HARBOUR)},  # basil's body again
        ],
    }
    for name, rows in records.items():
        (folder / name).parent.mkdir(parents=True)
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_seeds_only_without_an_eval_path(tmp_path):
    corpus = load("corpus")
    said = []
    paths = corpus.build_pack(2, tmp_path / "pack", say=said.append)
    assert [p.name[:11] for p in paths] == ["0000_seeds_", "0001_seeds_"]
    assert all(NAME.fullmatch(p.name) for p in paths)
    for path, seed in zip(paths, SEEDS, strict=True):
        assert path.read_text(encoding="utf-8").strip() == seed.read_text(encoding="utf-8").strip()
    manifest = yaml.safe_load((tmp_path / "pack" / "sources.yaml").read_text(encoding="utf-8"))
    assert [manifest[p.name]["outlet"] for p in paths] == ["The Korea Times", "The Dong-A Ilbo"]
    assert said == []


def test_the_same_n_and_sources_give_the_same_files(tmp_path, eval_dir):
    corpus = load("corpus")
    first = corpus.build_pack(7, tmp_path / "a", eval_dir, say=lambda line: None)
    second = corpus.build_pack(7, tmp_path / "b", eval_dir, say=lambda line: None)
    assert [p.name for p in first] == [p.name for p in second]
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    corpus.build_pack(7, tmp_path / "a", eval_dir, say=lambda line: None)  # an earlier pack is replaced
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_eval_texts_taken_in_turn_and_kept_once(tmp_path, eval_dir):
    corpus = load("corpus")
    said = []
    paths = corpus.build_pack(7, tmp_path / "pack", eval_dir, say=said.append)
    assert [p.name.split("_")[1] for p in paths] == ["seeds", "basil", "polnear", "bbc", "seeds", "basil", "polnear"]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert texts[1] == article("Harbour stays open", HARBOUR)
    assert sum(HARBOUR in t for t in texts) == 1  # bbc's "Harbour kept" repeats basil's body: left out
    assert any("1 texts left out as repeats" in line for line in said)
    manifest = yaml.safe_load((tmp_path / "pack" / "sources.yaml").read_text(encoding="utf-8"))
    assert manifest[paths[1].name] == {"outlet": "The New York Times", "published": "2024-05-07"}
    assert manifest[paths[2].name] == {"outlet": "Politico", "published": "2016-01-02"}
    assert manifest[paths[3].name] == {"outlet": "BBC News"}


def test_n_is_honoured_with_numbered_distinct_copies_and_says_so(tmp_path, eval_dir):
    corpus = load("corpus")
    said = []
    paths = corpus.build_pack(10, tmp_path / "pack", eval_dir, say=said.append)
    assert len(paths) == 10 == len(list((tmp_path / "pack").glob("*.txt")))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(set(texts)) == 10
    assert any("only 7 distinct texts for 10 articles: 3 are numbered copies" in line for line in said)
    assert texts[7].splitlines()[0] == SEEDS[0].read_text(encoding="utf-8").splitlines()[0] + " (copy 1)"
    assert "This is copy 1 of this article in the benchmark pack." in texts[7]
    assert corpus.build_pack(0, tmp_path / "empty") == []


def test_numbered_copies_are_not_kept_once_by_briefing(tmp_path):
    from briefing.pipeline import load_articles

    paths = load("corpus").build_pack(5, tmp_path / "pack", say=lambda line: None)
    articles, problems = load_articles([tmp_path / "pack"])
    assert len(articles) == len(paths) == 5
    assert [p for p in problems if "kept once" in p.message] == []


def test_without_repeats_the_pack_is_what_there_is(tmp_path):
    said = []
    paths = load("corpus").build_pack(5, tmp_path / "pack", repeat=False, say=said.append)
    assert len(paths) == 2
    assert said == ["only 2 distinct texts: the pack has 2 articles, not 5"]


def test_a_missing_eval_source_is_skipped_saying_so(tmp_path, eval_dir):
    corpus = load("corpus")
    (eval_dir / "polnear" / "train.jsonl").unlink()
    said = []
    paths = corpus.build_pack(4, tmp_path / "pack", eval_dir, say=said.append)
    assert [p.name.split("_")[1] for p in paths] == ["seeds", "basil", "bbc", "seeds"]
    assert f"skipped: {eval_dir / 'polnear' / 'train.jsonl'} not found" in said
    said.clear()
    corpus.build_pack(2, tmp_path / "pack", tmp_path / "absent", say=said.append)
    assert said == [f"skipped: eval data {tmp_path / 'absent'} not found; seeds only"]


def test_writes_only_into_the_folder_it_is_given(tmp_path, eval_dir):
    corpus = load("corpus")
    before = tree(tmp_path)
    repository = {folder: tree(ROOT / folder) for folder in ("seeds", "benchmarks", "docs")}
    corpus.build_pack(6, tmp_path / "out" / "pack", eval_dir, say=lambda line: None)
    after = tree(tmp_path)
    assert {k for k in after if k not in before} == {k for k in after if k.startswith("out/pack/")}
    assert all(after[k] == v for k, v in before.items())
    assert {folder: tree(ROOT / folder) for folder in repository} == repository
    with pytest.raises(ValueError, match="inside the project"):
        corpus.build_pack(3, ROOT / "build" / "benchmark-pack", eval_dir, say=lambda line: None)
    assert not (ROOT / "build" / "benchmark-pack").exists()


def test_a_folder_with_other_files_is_refused(tmp_path):
    corpus = load("corpus")
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holds other files"):
        corpus.build_pack(2, tmp_path, say=lambda line: None)
    assert tree(tmp_path) == {"notes.txt": b"mine\n"}


def test_corpus_command_line(tmp_path, capsys):
    corpus = load("corpus")
    assert corpus.main(["3", str(tmp_path / "pack"), "--seeds-only", "--no-manifest"]) == 0
    out = capsys.readouterr().out
    assert f"3 articles in {tmp_path / 'pack'} (seeds 3)" in out
    assert "numbered copies" in out
    assert sorted(p.name for p in (tmp_path / "pack").iterdir())[0].startswith("0000_seeds_")
    assert not (tmp_path / "pack" / "sources.yaml").exists()


def test_pdf_benchmark_skips_a_pack_without_eval_data(tmp_path, capsys):
    assert load("pdf").main([str(tmp_path / "absent"), "--packs", "100"]) == 0
    out = capsys.readouterr().out
    assert f"skipped: pack 100: eval data {tmp_path / 'absent'} not found" in out
    assert not (tmp_path / "absent").exists()


@pytest.mark.slow
def test_pdf_benchmark_measures_the_seeds_and_skips_the_pack(tmp_path, capsys):
    assert load("pdf").main([str(tmp_path / "absent"), "--packs", "seeds,100"]) == 0
    out = capsys.readouterr().out
    assert "skipped: pack 100" in out
    rows = {tuple(line.split()[:2]): line.split() for line in out.splitlines() if line.startswith(("seeds ", "100 "))}
    assert rows[("100", "skipped:")]
    assert float(rows[("seeds", "convert")][2]) > 0
    pdf = rows[("seeds", "pdf")]
    assert float(pdf[2]) > 0 and float(pdf[4]) > 0 and int(pdf[5]) > 0  # seconds, peak MB, pages
    assert "baseline" in " ".join(pdf)
    if importlib.util.find_spec("sphinx_simplepdf") is not None:
        assert ("seeds", "simplepdf") in rows
