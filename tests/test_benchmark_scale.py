"""benchmarks/scale.py: its helpers, skipping without eval data, and a real run on the seeds (slow)."""

from __future__ import annotations

import pytest

from conftest import ROOT, load_benchmark


def load():
    return load_benchmark("scale")


def test_sizes_are_seeds_or_counts_once_each():
    scale = load()
    assert scale.parse_sizes("10, 100,10,seeds") == ["10", "100", "seeds"]
    for bad in ("ten", "0", "-5", "", " , "):
        with pytest.raises(ValueError):
            scale.parse_sizes(bad)
    assert scale.articles_in("seeds") == len(list((ROOT / "seeds").glob("*.txt")))
    assert scale.articles_in("100") == 100


def test_cache_entries_and_the_one_changed_article(tmp_path):
    scale = load()
    (tmp_path / "cache" / "ab").mkdir(parents=True)
    (tmp_path / "cache" / "ab" / "abc.json").write_bytes(b"x")
    (tmp_path / "cache" / "ab" / ".abd.json.1.tmp").write_bytes(b"x")  # half written: not an entry
    assert scale.cache_entries(tmp_path / "cache") == 1
    assert scale.cache_entries(tmp_path / "absent") == 0
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "0001_b.txt").write_text("Title B\n\nBody b.\n", encoding="utf-8")
    (pack / "0000_a.txt").write_text("Title A\n\nFirst.\n\nLast paragraph.\n\n", encoding="utf-8")
    assert scale.change_one(pack, " One more.") == pack / "0000_a.txt"
    assert (pack / "0000_a.txt").read_text(encoding="utf-8") == "Title A\n\nFirst.\n\nLast paragraph. One more.\n"
    assert (pack / "0001_b.txt").read_text(encoding="utf-8") == "Title B\n\nBody b.\n"


def test_convert_note_reads_what_convert_and_the_wrapper_say():
    scale = load()
    output = ("briefing: 100 articles, 41 stories -> docs/generated (7 written, 300 unchanged, 0 removed)\n"
              "scale: model loaded: 1\n")
    assert scale.convert_note(output, 1) == "1 analysed, 100 articles, pages 7 written / 300 unchanged, model loaded"
    assert scale.convert_note("briefing: 1 article, 1 story -> out (0 written, 9 unchanged, 0 removed)\n"
                              "scale: model loaded: 0\n") == "1 articles, pages 0 written / 9 unchanged, model not loaded"
    assert scale.convert_note("") == ""


def test_ratio_lines_and_growth():
    scale = load()
    Row = scale.Row
    rows = []
    for size, factor in (("10", 1), ("100", 10)):
        rows += [
            Row(size, "convert", 2.0 * factor, 2.0, 200, 300),
            Row(size, "spacy-load", 0.5),
            Row(size, "spacy-parse", 1.0 * factor),
            Row(size, "spacy-all", 2.0 * factor, 2.0, 200, 250),
            Row(size, "html", 4.0 * factor, 4.0, 100, 100),
            Row(size, "html-jauto", 3.0 * factor, 4.0, 100, 200),
            Row(size, "pdf", 0, skipped=True, note="too many") if size == "100" else Row(size, "pdf", 10.0, 10.0, 300, 300),
            Row(size, "html-1changed", 1.0 * factor, 1.0, 100, 100),
        ]
    rows.append(Row("1000", "all", skipped=True, note="no data"))
    rows[:0] = [Row("start", "python-start", 0.02), Row("start", "briefing-help", 0.05)]
    lines = scale.summary_lines(rows)
    assert lines.pop(0) == "start: briefing --help 0.050 s (target under 0.3 s), 2.50x Python's own start-up (0.020 s)"
    assert lines[0] == ("size 10: convert / bare spaCy: 1.33x with the model load (against load + parse), 1.50x without "
                        "(convert less the 0.5 s load, against the parse alone); 1.00x against the whole spacy-all process")
    assert lines[1] == "size 10: incremental html after one changed article: 25% of the full build; -j auto: 0.75x of the serial build"
    assert len(lines) == 4
    [line] = scale.growth(rows)
    assert line.startswith("growth 100/10 (10x articles; 10x = linear): convert 10.0x (1.0x MB); spacy-load 1.0x; spacy-parse 10.0x;")
    assert "pdf" not in line  # skipped at 100


def test_skips_saying_so_without_eval_data(tmp_path, capsys):
    assert load().main([str(tmp_path / "absent"), "--sizes", "10,100"]) == 0
    out = capsys.readouterr().out
    assert f"skipped: size 10: eval data {tmp_path / 'absent'} not found" in out
    assert "skipped: size 100" in out
    assert not (tmp_path / "absent").exists()


def test_bad_sizes_are_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        load().main(["--sizes", "10,lots"])
    assert exited.value.code == 2
    assert "not 'seeds' or a positive number: lots" in capsys.readouterr().err


@pytest.mark.slow
def test_scale_benchmark_on_the_seeds(tmp_path, capsys):
    repository = {p: p.read_bytes() for p in sorted((ROOT / "seeds").iterdir()) if p.is_file()}
    assert load().main([str(tmp_path / "absent"), "--sizes", "seeds"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split() for line in out.splitlines() if line.startswith("seeds ")}
    start = {line.split()[1]: float(line.split()[2]) for line in out.splitlines() if line.startswith("start ")}
    assert set(start) == {"python-start", "briefing-help"} and all(seconds > 0 for seconds in start.values())
    assert "start: briefing --help" in out
    assert list(rows) == ["convert", "spacy-load", "spacy-parse", "spacy-all", "html", "html-jauto", "pdf",
                          "convert-1changed", "html-1changed", "convert-nochange"]
    assert all(float(row[2]) > 0 for row in rows.values())
    assert not any("FAILED" in row for row in rows.values())
    assert "2 analysed" in " ".join(rows["convert"])
    assert "1 analysed" in " ".join(rows["convert-1changed"])
    nochange = " ".join(rows["convert-nochange"])
    assert "0 analysed" in nochange and "model not loaded" in nochange
    assert "pages" in " ".join(rows["pdf"])
    assert "% of the full html build" in " ".join(rows["html-1changed"])
    assert "size seeds: convert / bare spaCy:" in out
    assert "size seeds: incremental html after one changed article:" in out
    assert {p: p.read_bytes() for p in sorted((ROOT / "seeds").iterdir()) if p.is_file()} == repository  # changed a copy
