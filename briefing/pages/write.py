"""Writing the brief's pages into the generated folder without losing anything the user wrote.

- Every page carries a hash of its own text in its front matter (``briefing_hash``). A page is
  briefing's only when it has both the ``briefing`` key and a hash line; one whose text no longer
  matches its hash was edited by hand: it is kept as it is, and reported, unless the run is forced.
- Files briefing did not write (hand-written pages, images, a page of the user's that happens to
  have a ``briefing`` key) are never touched.
- One run at a time: a run holds a lock on the folder (``.briefing-lock``) while it writes; a second
  run waits for it, and gives up with a one-line error after ``LOCK_WAIT`` seconds.
- The folder itself is never replaced, so it keeps its mode, owner, symlink and mount point: its
  contents are swapped. New pages are staged in the folder under hidden names that Sphinx never
  reads (``.NAME.briefing-new``); a journal (``.briefing-swap.json``) then lists the renames and
  removals, which are made one by one. A run killed before the journal is written leaves the
  previous pages (and stray staged files, cleared by the next run); one killed after it is finished
  by the next run, or by the next Sphinx build (see :func:`finish_interrupted_swap`).
- Pages of articles no longer in the batch disappear, from the generated folder only.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from ..page_contract import GENERATED_KEY, HASH_KEY, ROLES

_HASH_LINE = re.compile(rf"^{HASH_KEY}: [0-9a-f]{{64}}\n", re.M)
_RECORDED_HASH = re.compile(rf"^{HASH_KEY}: ([0-9a-f]{{64}})$", re.M)
_MARK_LINE = re.compile(rf"^{GENERATED_KEY}: (?:{'|'.join(ROLES)})$", re.M)
LOCK_NAME = ".briefing-lock"
JOURNAL_NAME = ".briefing-swap.json"
STAGED_SUFFIX = ".briefing-new"
#: Seconds a run waits for another run writing to the same folder before it gives up.
LOCK_WAIT = 600.0


class WriteError(Exception):
    """The pages could not be written; the message is one line for the user."""


@dataclass
class WriteReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    #: Generated pages edited by hand, kept as they are (not replaced or removed: the run was not forced).
    kept_edits: list[Path] = field(default_factory=list)
    #: Files of the user's that have the name of a page: kept, and that page not written.
    in_the_way: list[Path] = field(default_factory=list)
    #: Whether this run finished the swap of an earlier run that was interrupted.
    finished_earlier: bool = False


def page_hash(text: str) -> str:
    """The hash of a page's text, its own hash line left out."""
    return hashlib.sha256(_HASH_LINE.sub("", text, count=1).encode("utf-8")).hexdigest()


def with_hash(text: str) -> str:
    """A page with the hash of its text as the first line of its front matter."""
    if not text.startswith("---\n"):
        return text
    return f"---\n{HASH_KEY}: {page_hash(text)}\n" + text[4:]


def is_generated(path: Path) -> bool:
    """Whether a file is a page briefing wrote: its front matter names it and holds its hash."""
    head = _head(path)
    return (head is not None and head.startswith("---\n") and _MARK_LINE.search(head) is not None
            and _RECORDED_HASH.search(head) is not None)


def was_edited(path: Path) -> bool:
    """Whether a page briefing wrote has been changed since: its text no longer matches its hash."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    recorded = _RECORDED_HASH.search(text[:400])
    return recorded is None or recorded.group(1) != page_hash(text)


def write_pages(pages: dict[str, str], out_dir: Path, force: bool = False,
                waiting: Callable[[str], None] | None = None) -> WriteReport:
    """Write ``pages`` (file name -> MyST text) into the generated folder ``out_dir``.

    ``waiting`` is told, once, when another run holds the folder. Raises :class:`WriteError` when
    the pages cannot be written; the previous pages are then as they were, or (if the run stopped
    half way through the swap) finished by the next run.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(f"cannot make the folder ({_reason(error)})") from error
    if not out_dir.is_dir():
        raise WriteError("is not a folder")
    with folder_lock(out_dir, waiting):
        report = WriteReport(finished_earlier=_finish_swap(out_dir))
        plan = _plan(pages, out_dir, force, report)
        staged: list[str] = []
        try:
            for name, text in plan.items():
                staged.append(name)
                _staged(out_dir, name).write_text(text, encoding="utf-8")
            journal = {"replace": sorted(plan), "remove": sorted(p.name for p in report.removed), "force": force}
            _write_whole(out_dir / JOURNAL_NAME, json.dumps(journal))
        except BaseException as error:  # a full disk, Ctrl-C: nothing staged stays behind
            for name in staged:
                _unlink(_staged(out_dir, name))
            if isinstance(error, OSError):
                raise WriteError(f"cannot write the pages ({_reason(error)}); the previous pages are kept") from error
            raise
        try:
            _apply(out_dir, journal)
        except OSError as error:
            raise WriteError(f"stopped half way through replacing the pages ({_reason(error)}); "
                             "run briefing convert again to finish") from error
    return report


def finish_interrupted_swap(out_dir: Path) -> bool:
    """Finish the swap of a run that was killed half way through it, if there is one; True if there was.

    The Sphinx extension calls this before a build, so that no build reads half of one page set and
    half of another.
    """
    if not (Path(out_dir) / JOURNAL_NAME).is_file():
        return False
    with folder_lock(Path(out_dir), None):
        return _finish_swap(Path(out_dir))


@contextmanager
def folder_lock(out_dir: Path, waiting: Callable[[str], None] | None) -> Iterator[None]:
    """Hold the folder's lock (``fcntl.flock`` on ``.briefing-lock``; none where there is no fcntl)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    try:
        handle = open(out_dir / LOCK_NAME, "a")  # noqa: SIM115 - held open below, for as long as the lock is held
    except OSError as error:
        raise WriteError(f"cannot lock the folder ({_reason(error)})") from error
    with handle:
        deadline = time.monotonic() + LOCK_WAIT
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise WriteError(f"cannot lock the folder ({_reason(error)})") from error
            if not told and waiting is not None:
                waiting("another briefing run is writing here; waiting for it")
                told = True
            if time.monotonic() > deadline:
                raise WriteError(f"another briefing run has been writing here for over {LOCK_WAIT:.0f} s; not written")
            time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _plan(pages: dict[str, str], out_dir: Path, force: bool, report: WriteReport) -> dict[str, str]:
    """What to write (name -> text with its hash); fills in what is unchanged, removed, kept and in the way."""
    ours: set[str] = set()
    for old in sorted(out_dir.iterdir()):
        if not (old.suffix == ".md" and old.is_file() and not old.is_symlink() and is_generated(old)):
            continue  # what the user put there is never touched
        if was_edited(old) and not force:
            report.kept_edits.append(old)
            continue
        ours.add(old.name)
        if old.name not in pages:
            report.removed.append(old)
    plan: dict[str, str] = {}
    for name, text in pages.items():
        current = out_dir / name
        if current in report.kept_edits:
            continue
        if name not in ours and (current.exists() or current.is_symlink()):
            report.in_the_way.append(current)  # a file of the user's with a page's name: kept
            continue
        text = with_hash(text)
        if name in ours and _read(current) == text:
            report.unchanged.append(current)
        else:
            plan[name] = text
            report.written.append(current)
    return plan


def _apply(out_dir: Path, journal: dict) -> None:
    """Make the renames and removals a journal lists (each at most once), then drop the journal."""
    for name in journal["replace"]:
        staged = _staged(out_dir, name)
        if staged.exists():
            os.replace(staged, out_dir / name)
    for name in journal["remove"]:
        path = out_dir / name
        if path.is_file() and not path.is_symlink() and is_generated(path) and (journal.get("force") or not was_edited(path)):
            path.unlink()
    os.unlink(out_dir / JOURNAL_NAME)


def _finish_swap(out_dir: Path) -> bool:
    """Under the lock: finish a swap its journal says was started; clear staged files no journal names."""
    journal_path = out_dir / JOURNAL_NAME
    finished = False
    if journal_path.is_file():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            journal = {
                "replace": [n for n in journal["replace"] if isinstance(n, str) and _plain_name(n)],
                "remove": [n for n in journal["remove"] if isinstance(n, str) and _plain_name(n)],
                "force": journal.get("force") is True,
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            journal = {"replace": [], "remove": []}  # not a journal of briefing's: nothing to finish
        _apply(out_dir, journal)
        finished = True
    for leftover in out_dir.glob(f".*{STAGED_SUFFIX}*"):
        _unlink(leftover)
    for leftover in out_dir.glob(f"{JOURNAL_NAME}.*"):
        _unlink(leftover)
    return finished


def _staged(out_dir: Path, name: str) -> Path:
    return out_dir / f".{name}{STAGED_SUFFIX}"


def _plain_name(name: str) -> bool:
    """A page's file name: no folder, nothing hidden (a journal names only pages of its own folder)."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".") and name.endswith(".md")


def _write_whole(path: Path, text: str) -> None:
    """Write a file whole: to a temporary name first, then renamed, so it is never half there."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        _unlink(temporary)
        raise


def _unlink(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _head(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.read(400)
    except (OSError, UnicodeDecodeError):
        return None
