"""Writing the generated folder: nothing the user wrote or edited is lost, and a failed run changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.write import HASH_KEY, STAGING_PREFIX, is_generated, page_hash, was_edited, with_hash, write_pages


def page(role: str, body: str) -> str:
    return f"---\nbriefing: {role}\ntitle: T\n---\n\n# T\n\n{body}\n"


PAGES = {"index.md": page("brief", "The brief."), "a.md": page("article", "Article a."), "b.md": page("article", "Article b.")}


def folder(path: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


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
    before = folder(out)
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
    assert folder(out) == before
    assert not list(tmp_path.glob(f"{STAGING_PREFIX}*"))  # no staging folder left behind


def test_an_interrupted_swap_is_put_right_by_the_next_run(tmp_path):
    out = tmp_path / "generated"
    write_pages(PAGES, out)
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    out.rename(tmp_path / f"{STAGING_PREFIX}generated-old-12345")  # killed between the two renames
    (tmp_path / f"{STAGING_PREFIX}generated-new-12345").mkdir()
    write_pages(PAGES, out)
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert not list(tmp_path.glob(f"{STAGING_PREFIX}*"))


def test_a_page_from_before_hashes_were_recorded_is_replaced(tmp_path):
    out = tmp_path / "generated"
    out.mkdir()
    (out / "a.md").write_text(page("article", "Written by an older briefing."), encoding="utf-8")
    report = write_pages(PAGES, out)
    assert report.kept_edits == [] and "Article a." in (out / "a.md").read_text(encoding="utf-8")


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
