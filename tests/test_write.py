"""Writing the generated folder: nothing the user wrote or edited is lost, and a failed run changes nothing."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.pages.write import (
    HASH_KEY,
    JOURNAL_NAME,
    LOCK_NAME,
    STAGED_SUFFIX,
    WriteError,
    finish_interrupted_swap,
    is_generated,
    page_hash,
    was_edited,
    with_hash,
    write_pages,
)
from conftest import ROOT


def page(role: str, body: str) -> str:
    return f"---\nbriefing: {role}\ntitle: T\n---\n\n# T\n\n{body}\n"


PAGES = {"index.md": page("brief", "The brief."), "a.md": page("article", "Article a."), "b.md": page("article", "Article b.")}


def folder(path: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def visible(path: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, but briefing's own hidden files (its lock)."""
    return {name: data for name, data in folder(path).items() if not name.startswith(".")}


def staged_files(path: Path) -> list[str]:
    """Hidden files briefing stages pages or journals in (not its lock)."""
    return [name for name in folder(path) if name.startswith(".") and name != LOCK_NAME]


def test_every_page_carries_the_hash_of_its_own_text(tmp_path):
    write_pages(PAGES, tmp_path / "generated")
    text = (tmp_path / "generated" / "a.md").read_text(encoding="utf-8")
    assert text.startswith(f"---\n{HASH_KEY}: {page_hash(text)}\n")
    assert with_hash(PAGES["a.md"]) == text and is_generated(tmp_path / "generated" / "a.md")
    assert not was_edited(tmp_path / "generated" / "a.md")


def test_hand_written_files_and_folders_are_never_touched(tmp_path):
    out = tmp_path / "generated"
    out.mkdir()
    (out / "notes.md").write_text("# My notes\n", encoding="utf-8")
    (out / "img").mkdir()
    (out / "img" / "map.png").write_bytes(b"\x89PNG...")
    (out / "a.md").write_text("# Not briefing's: no front matter\n", encoding="utf-8")
    before = folder(out)
    report = write_pages(PAGES, out)
    after = folder(out)
    assert {k: after[k] for k in before} == before  # a.md of the user's is kept, not replaced by the page
    assert out / "a.md" not in report.written and "b.md" in after
    assert report.in_the_way == [out / "a.md"]


def test_an_edited_page_is_kept_and_reported_until_the_run_is_forced(tmp_path):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    edited = out / "a.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own paragraph.\n", encoding="utf-8")
    new = {**PAGES, "a.md": page("article", "Article a, corrected.")}
    report = write_pages(new, out)
    assert report.kept_edits == [edited] and "My own paragraph." in edited.read_text(encoding="utf-8")
    forced = write_pages(new, out, force=True)
    assert forced.kept_edits == [] and "corrected" in edited.read_text(encoding="utf-8")
    assert not was_edited(edited)


def test_an_unchanged_page_is_not_rewritten(tmp_path):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    os.utime(out / "b.md", (1_000_000, 1_000_000))
    report = write_pages({**PAGES, "a.md": page("article", "New a.")}, out)
    assert out / "b.md" in report.unchanged and (out / "b.md").stat().st_mtime == 1_000_000
    assert report.written == [out / "a.md"]


def test_pages_of_removed_articles_go_but_an_edited_one_stays(tmp_path):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    (out / "b.md").write_text((out / "b.md").read_text(encoding="utf-8") + "edit\n", encoding="utf-8")
    report = write_pages({"index.md": PAGES["index.md"]}, out)
    assert report.removed == [out / "a.md"] and not (out / "a.md").exists()
    assert report.kept_edits == [out / "b.md"] and (out / "b.md").exists()


def test_a_run_that_fails_while_writing_leaves_the_previous_pages_as_they_were(tmp_path, monkeypatch):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    before = visible(out)
    calls = []
    real_write = Path.write_text

    def failing(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C half way through
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(KeyboardInterrupt):
        write_pages({name: page("article", "changed " + name) for name in PAGES}, out)
    monkeypatch.setattr(Path, "write_text", real_write)
    assert visible(out) == before
    assert not staged_files(out)


def test_a_full_disk_is_one_line_and_the_previous_pages_are_kept(tmp_path, monkeypatch):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    before = visible(out)
    real_write = Path.write_text

    def full(self, *args, **kwargs):
        if self.name.endswith(STAGED_SUFFIX):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(WriteError, match=r"^cannot write the pages \(No space left on device\); the previous pages are kept$"):
        write_pages({name: page("article", "changed " + name) for name in PAGES}, out)
    assert visible(out) == before and not staged_files(out)


def test_a_page_of_the_users_with_a_briefing_key_but_no_hash_is_never_taken_for_ours(tmp_path):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    mine = out / "mine.md"
    mine.write_text("---\nbriefing: article\ntitle: My page\n---\n\n# My page\n", encoding="utf-8")
    (out / "b.md").write_text("---\nbriefing: article\n---\n\n# My own b\n", encoding="utf-8")
    report = write_pages({"index.md": PAGES["index.md"], "b.md": PAGES["b.md"]}, out)
    assert mine.read_text(encoding="utf-8").endswith("# My page\n") and report.removed == [out / "a.md"]
    assert report.in_the_way == [out / "b.md"] and (out / "b.md").read_text(encoding="utf-8").endswith("# My own b\n")


def test_the_folder_keeps_its_identity_its_mode_and_its_link(tmp_path):
    target = tmp_path / "shared" / "generated"
    target.mkdir(parents=True)
    target.chmod(0o2750)
    link = tmp_path / "generated"
    link.symlink_to(target, target_is_directory=True)
    inode = target.stat().st_ino
    write_pages(PAGES, link)
    write_pages({**PAGES, "a.md": page("article", "New a.")}, link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.stat().st_ino == inode  # the folder is never replaced: its contents are (so a mount point stays one)
    assert stat.S_IMODE(target.stat().st_mode) == 0o2750
    assert "New a." in (target / "a.md").read_text(encoding="utf-8")


def test_staged_pages_are_named_so_that_sphinx_never_reads_them():
    from sphinx.util.matching import Matcher

    staged = f".a.md{STAGED_SUFFIX}"
    assert not staged.endswith((".md", ".rst")) and Matcher(["**/.*"])  # hidden, and not a source suffix
    assert JOURNAL_NAME.startswith(".") and LOCK_NAME.startswith(".")


# --- killed at each step of the swap ----------------------------------------------------------------------

KILLER = """
import os, signal, sys
from pathlib import Path
import briefing.pages.write as write
calls = [0]
stop_at = int(sys.argv[2])
real_replace = os.replace
def replace(source, target):
    calls[0] += 1
    if calls[0] == stop_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target)
write.os.replace = replace
pages = {name: f"---\\nbriefing: article\\ntitle: T\\n---\\n\\n# T\\n\\nnew {name}\\n" for name in ("a.md", "c.md", "d.md")}
pages["index.md"] = "---\\nbriefing: brief\\ntitle: T\\n---\\n\\n# T\\n\\nnew brief\\n"
write.write_pages(pages, Path(sys.argv[1]))
"""


def new_pages() -> dict[str, str]:
    pages = {name: page("article", f"new {name}") for name in ("a.md", "c.md", "d.md")}
    return {**pages, "index.md": page("brief", "new brief")}


@pytest.mark.parametrize("stop_at", range(1, 7))
def test_a_run_killed_at_any_rename_of_the_swap_leaves_the_old_pages_or_a_swap_the_next_run_finishes(tmp_path, stop_at):
    """The renames: the journal (1), then the four pages (2-5); b.md goes last. A kill before the journal
    leaves the old set; after it, a mixed folder that the next run (or the next Sphinx build) completes."""
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    old = visible(out)
    killed = subprocess.run([sys.executable, "-c", KILLER, str(out), str(stop_at)], cwd=ROOT)
    if stop_at <= 5:
        assert killed.returncode == -signal.SIGKILL
    if stop_at == 1:
        assert visible(out) == old  # killed before the journal: the previous pages, untouched
    elif stop_at <= 5:
        assert (out / JOURNAL_NAME).is_file()  # half swapped, and it says so
        assert finish_interrupted_swap(out)  # what the Sphinx extension does before a build
    new = {name: with_hash(text).encode() for name, text in new_pages().items()} | {"notes.md": b"mine\n"}
    if stop_at > 1:
        assert visible(out) == new
    report = write_pages(new_pages(), out)
    assert visible(out) == new and not staged_files(out) and not (out / JOURNAL_NAME).exists()
    assert report.written == [] or stop_at == 1


def test_a_journal_cannot_make_a_run_remove_anything_but_its_own_pages(tmp_path):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text(PAGES["a.md"], encoding="utf-8")
    (out / JOURNAL_NAME).write_text(json.dumps({"replace": ["../outside.md"], "remove": ["notes.md", "../outside.md", "/etc/passwd"]}))
    assert finish_interrupted_swap(out)
    assert (out / "notes.md").exists() and (tmp_path / "outside.md").exists()


# --- one run at a time -------------------------------------------------------------------------------------


def test_a_second_run_waits_for_the_first_and_gives_up_after_a_while(tmp_path, monkeypatch):
    import briefing.pages.write

    out = tmp_path / "generated"
    write_pages(PAGES, out)
    monkeypatch.setattr(briefing.pages.write, "LOCK_WAIT", 1.0)
    told = []
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(WriteError, match=r"another briefing run has been writing here for over 1 s; not written"):
            write_pages(new_pages(), out, waiting=told.append)
        assert told == ["another briefing run is writing here; waiting for it"]
    finally:
        holder.kill()
        holder.wait()
    write_pages(new_pages(), out)  # the lock goes with the process that held it, however it ended


HOLD_LOCK = """
import sys, time
from pathlib import Path
from briefing.pages.write import folder_lock
with folder_lock(Path(sys.argv[1]), None):
    print("holding", flush=True)
    time.sleep(60)
"""

RACER = """
import sys
from pathlib import Path
from briefing.pages.write import write_pages
tag = sys.argv[2]
pages = {f"p{i:04}.md": f"---\\nbriefing: article\\ntitle: T\\n---\\n\\n# T\\n\\n{tag} {i} " + "words " * 200 for i in range(800)}
for _ in range(3):
    write_pages(pages, Path(sys.argv[1]))
print("done", tag)
"""


def test_two_runs_at_once_into_one_folder_both_finish_and_leave_one_whole_page_set(tmp_path):
    out = tmp_path / "generated"
    out.mkdir()
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    (out / "img").mkdir()
    (out / "img" / "map.png").write_bytes(b"\x89PNG")
    runs = [subprocess.Popen([sys.executable, "-c", RACER, str(out), tag], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for tag in ("first", "second")]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    pages = sorted(out.glob("p*.md"))
    assert len(pages) == 800
    tags = {page.read_text(encoding="utf-8").split("\n# T\n\n")[1].split()[0] for page in pages}
    assert len(tags) == 1  # every page from one run: the one that wrote last
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine\n" and (out / "img" / "map.png").read_bytes() == b"\x89PNG"
    assert not staged_files(out)


HOSTILE_NAMES = ["../../etc/passwd", "..", "x/../../y", ".hidden", "index", "Index", "a b", "a-b", "a_b", "A B", "con", "nul",
                 "x" * 300, "윤석열", "😀", "a:b", "a\\b", "-rf", "$(rm)", "story-1", "actor-x", "sources", "%2e%2e",
                 "quotes-a", "timeline-2016"]


def test_file_names_become_slugs_inside_the_folder_the_same_way_every_run(tmp_path):
    from briefing.pipeline import load_articles

    sources = tmp_path / "in"
    sources.mkdir()
    for number, name in enumerate(HOSTILE_NAMES):
        safe = name.replace("/", "∕")[:200]  # what a file system allows as one name
        (sources / f"{safe}.txt").write_text(
            f"Council vote number {number}\n\nThe council voted {number} times on Tuesday to keep harbour {number} open.\n",
            encoding="utf-8",
        )
    first, _ = load_articles([sources])
    again, _ = load_articles([sources])
    ids = [a.id for a in first]
    assert ids == [a.id for a in again]  # collisions resolved the same way every run
    visible = [n for n in HOSTILE_NAMES if not n.startswith(".")]  # hidden files are not articles
    assert len(set(ids)) == len(ids) == len(visible)
    for article_id in ids:
        assert re_slug.fullmatch(article_id), article_id
        assert article_id not in {"index", "timeline", "actors", "quotes", "sources"}
        assert not article_id.startswith(("story-", "actor-", "timeline-", "actors-", "quotes-"))


re_slug = __import__("re").compile(r"[a-z0-9][a-z0-9_-]{0,88}")


def test_a_sphinx_build_first_finishes_a_swap_an_interrupted_convert_left(tmp_path):
    from types import SimpleNamespace

    from briefing.sphinxext import _finish_interrupted_swaps

    docs = tmp_path / "docs"
    out = docs / "generated"
    write_pages(PAGES, out)
    staged = out / f".a.md{STAGED_SUFFIX}"
    staged.write_text(with_hash(page("article", "new a")), encoding="utf-8")
    (out / JOURNAL_NAME).write_text(json.dumps({"replace": ["a.md"], "remove": ["b.md"]}), encoding="utf-8")
    _finish_interrupted_swaps(SimpleNamespace(srcdir=str(docs)), None)
    assert "new a" in (out / "a.md").read_text(encoding="utf-8") and not (out / "b.md").exists()
    assert not staged_files(out)
