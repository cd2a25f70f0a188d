"""The `briefing` command: help for every verb, a light start-up, and bad input in a batch."""

from __future__ import annotations

import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from briefing.cli import main
from conftest import ROOT, SEEDS


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_text(name):
    command = main.commands[name]
    assert command.help and command.short_help != ""
    assert all(option.help for option in command.params if isinstance(option, click.Option))
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"briefing {name}" in readme


def test_help_does_not_load_spacy_sphinx_or_weasyprint():
    probe = "import sys, runpy; sys.argv=['briefing','--help']\ntry: runpy.run_module('briefing', run_name='__main__')\nexcept SystemExit: pass\nprint(sorted(m for m in ('spacy','sphinx','weasyprint') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Usage: briefing" in result.stdout
    assert result.stdout.strip().endswith("[]")


@pytest.fixture
def batch(tmp_path):
    """A folder with one good article and three bad files."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_47eb9ec3281c3aec.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    latin = "Café owners protest\n\nBy Marie Dupont\n\nThe owners of the café said on Monday that the new rules would “hurt small businesses across the city,” and asked for talks.\n"
    (folder / "latin1.txt").write_bytes(latin.encode("cp1252"))
    return folder


def test_bad_files_get_one_line_each_and_the_rest_is_converted(batch, tmp_path, nlp):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(batch), "--out", str(out)])
    assert result.exit_code == 0, result.output
    problems = result.stderr.strip().splitlines()
    assert len(problems) == 3
    assert any("empty.txt: empty file" in line for line in problems)
    assert any("binary.txt: binary file" in line for line in problems)
    assert any("latin1.txt: not UTF-8; decoded as" in line for line in problems)
    assert "Traceback" not in result.output
    articles = sorted(p.name for p in out.glob("*.md") if not p.name.startswith("actor-"))
    assert articles == ["actors.md", "good.md", "index.md", "latin1.md", "quotes.md", "sources.md", "timeline.md"]
    assert "Café owners protest" in (out / "latin1.md").read_text(encoding="utf-8")


def test_strict_fails_the_run_on_bad_input(batch, tmp_path, nlp):
    result = CliRunner().invoke(main, ["convert", str(batch), "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1


def test_a_batch_with_nothing_usable_fails_with_a_clear_line(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("   \n")
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "empty.txt: no text (only whitespace)" in result.stderr
    assert "no article could be converted" in result.stderr


def test_convert_keeps_hand_written_files_and_removes_only_stale_generated_pages(tmp_path, nlp):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("# My notes\n")
    (out / "mine.md").write_text("---\nbriefing: article\n---\n# Mine: the key, but no hash: not briefing's\n")
    first = CliRunner().invoke(main, ["convert", str(SEEDS), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert (out / "001_3a90daa9eccd1bea.md").exists()
    result = CliRunner().invoke(main, ["convert", str(SEEDS / "000_47eb9ec3281c3aec.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "notes.md").read_text() == "# My notes\n" and (out / "mine.md").exists()
    assert not (out / "001_3a90daa9eccd1bea.md").exists()


def test_second_run_rewrites_nothing(tmp_path, nlp):
    out = tmp_path / "out"
    args = ["convert", str(SEEDS), "--out", str(out)]
    CliRunner().invoke(main, args)
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.md")}
    result = CliRunner().invoke(main, args)
    assert "(0 written, " in result.output and ", 0 removed)" in result.output
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.md")} == before


def test_convert_reads_an_article_from_standard_input(tmp_path, nlp):
    article = (SEEDS / "000_47eb9ec3281c3aec.txt").read_bytes()
    result = CliRunner().invoke(main, ["convert", "-", "--out", str(tmp_path / "out")], input=article)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "stdin.md").read_text(encoding="utf-8")
    assert "Yoon urges Moscow to side with Seoul instead of Pyongyang" in page


def test_strict_fails_on_a_duplicate_that_is_otherwise_only_reported(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_47eb9ec3281c3aec.txt", folder / "a.txt")
    (folder / "b.txt").write_bytes((SEEDS / "000_47eb9ec3281c3aec.txt").read_bytes().replace(b"\n", b"\r\n"))
    relaxed = CliRunner().invoke(main, ["convert", str(folder), "--out", str(tmp_path / "out")])
    assert relaxed.exit_code == 0
    assert "b.txt: same text as" in relaxed.stderr and "kept once" in relaxed.stderr
    strict = CliRunner().invoke(main, ["convert", str(folder), "--out", str(tmp_path / "out"), "--strict"])
    assert strict.exit_code == 1


class Terminal:
    """A text stream that says it is a terminal."""

    def __init__(self):
        import io

        self.buffer = io.StringIO()

    def isatty(self):
        return True

    def write(self, text):
        return self.buffer.write(text)

    def flush(self):
        pass


def test_the_progress_bar_shows_only_on_a_terminal_for_more_than_a_few_articles():
    from briefing.cli import PROGRESS_FROM, progress_bar

    assert progress_bar(quiet=True, stream=Terminal()) is None
    import io

    assert progress_bar(quiet=False, stream=io.StringIO()) is None  # not a terminal: a log, a pipe, CI
    terminal = Terminal()
    shown = progress_bar(quiet=False, stream=terminal)
    assert list(shown(iter(range(3)), PROGRESS_FROM - 1)) == [0, 1, 2] and terminal.buffer.getvalue() == ""
    assert list(shown(iter(range(PROGRESS_FROM)), PROGRESS_FROM)) == list(range(PROGRESS_FROM))
    assert "briefing: analysing" in terminal.buffer.getvalue()


def test_an_article_past_the_time_limit_is_skipped_in_one_line_and_the_rest_is_converted(tmp_path, nlp, monkeypatch):
    """Cleaning one article is made to stall (in the worker processes, which are forked from this one);
    a tiny limit stops it: one error line naming the file and the stage, the others converted, nothing lost."""
    import time

    import briefing.pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    stalled = folder / "stalled.txt"
    stalled.write_text("Harbour stays open\n\nThe harbour in Busan will stay open all winter, the port authority said on Monday.\n",
                       encoding="utf-8")
    before = stalled.read_bytes()
    real_clean = briefing.pipeline.clean

    def clean(source, article_id=None):
        if source.path.name == "stalled.txt":
            time.sleep(600)
        return real_clean(source, article_id)

    monkeypatch.setattr(briefing.pipeline, "clean", clean)
    out = tmp_path / "docs" / "generated"
    out.mkdir(parents=True)
    (out / "notes.md").write_text("# My notes\n", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["convert", str(folder), "--out", str(out), "--time-limit", "2", "--no-cache"])
    assert time.monotonic() - started < 60
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [f"briefing: error: {stalled}: took longer than 2 s to clean; skipped"]
    assert "2 articles" in result.stdout
    assert {p.name for p in out.glob("0*.md")} == {"000_47eb9ec3281c3aec.md", "001_3a90daa9eccd1bea.md"}
    assert (out / "notes.md").read_text(encoding="utf-8") == "# My notes\n"
    assert stalled.read_bytes() == before
    strict = CliRunner().invoke(main, ["convert", str(folder), "--out", str(out), "--time-limit", "2", "--no-cache", "--strict"])
    assert strict.exit_code == 1


@pytest.mark.parametrize("out, sources", [("in/generated", ["in"]), ("in", ["in"]), (".", ["in"]), ("..", ["in"])])
def test_an_output_folder_that_would_read_or_hold_its_own_sources_is_refused_in_one_line(tmp_path, out, sources, monkeypatch):
    work = tmp_path / "work"
    (work / "in").mkdir(parents=True)
    shutil.copy(SEEDS / "000_47eb9ec3281c3aec.txt", work / "in")
    monkeypatch.chdir(work)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["convert", *sources, "--out", out, "--no-cache"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"briefing: error: --out {out} ")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing written


def test_two_converts_at_once_into_one_folder_both_finish_with_one_whole_brief(tmp_path):
    out = tmp_path / "docs" / "generated"
    out.mkdir(parents=True)
    (out / "notes.md").write_text("# My notes\n", encoding="utf-8")
    command = [sys.executable, "-m", "briefing", "convert", str(SEEDS), "--out", str(out), "--no-cache"]
    runs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert not any("Traceback" in err for _, err in outputs)
    from briefing.pages.write import is_generated, was_edited

    pages = [p for p in out.glob("*.md") if p.name != "notes.md"]
    assert len(pages) > 10 and all(is_generated(p) and not was_edited(p) for p in pages)
    assert (out / "notes.md").read_text(encoding="utf-8") == "# My notes\n"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".briefing-lock"]


def test_a_file_name_with_a_line_break_and_escapes_is_shown_escaped_on_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_47eb9ec3281c3aec.txt", folder / "good.txt")
    (folder / "evil\nbriefing: error: forged.txt").write_bytes(b"")
    (folder / "clear\x1b[2J\x1b]0;title\x07.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["convert", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert any("evil\\nbriefing: error: forged.txt: empty file" in line for line in lines)
    assert any("clear\\e[2J\\e]0;title\\x07.txt: empty file" in line for line in lines)
    assert "\x1b" not in result.stderr


def test_a_file_name_that_is_not_utf8_is_converted_and_shown_escaped(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"Seoul \xff\xfe report.txt")
    shutil.copy(SEEDS / "000_47eb9ec3281c3aec.txt", folder / name)
    (folder / os.fsdecode(b"empty \xff.txt")).write_bytes(b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(folder), "--out", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith("empty \\xff.txt: empty file")
    [page] = list(out.glob("seoul*.md"))
    assert "Seoul �� report.txt" in page.read_text(encoding="utf-8")
