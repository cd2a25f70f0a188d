"""Writing the brief's pages into the generated folder without losing anything the user wrote.

- Every page carries a hash of its own text in its front matter (``briefing_hash``). A generated
  page whose text no longer matches its hash was edited by hand: it is kept as it is, and reported,
  unless the run is forced.
- Files briefing did not write (hand-written pages, images) are never touched.
- The new folder is put together beside the old one (unchanged pages hard-linked, so their times
  stay and Sphinx skips them) and swapped in at the end: a run that fails or is interrupted leaves
  the previous pages as they were.
- Pages of articles no longer in the batch disappear, from the generated folder only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .myst import GENERATED_MARK

HASH_KEY = "briefing_hash"
_HASH_LINE = re.compile(rf"^{HASH_KEY}: [0-9a-f]{{64}}\n", re.M)
_RECORDED_HASH = re.compile(rf"^{HASH_KEY}: ([0-9a-f]{{64}})$", re.M)
_MARK_LINE = re.compile(rf"^{GENERATED_MARK}: (article|brief|story|timeline|actors|actor|quotes|sources|part)$", re.M)
STAGING_PREFIX = ".briefing-"


@dataclass
class WriteReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    #: Generated pages edited by hand, kept as they are (not replaced or removed: the run was not forced).
    kept_edits: list[Path] = field(default_factory=list)
    #: Files of the user's that have the name of a page: kept, and that page not written.
    in_the_way: list[Path] = field(default_factory=list)


def page_hash(text: str) -> str:
    """The hash of a page's text, its own hash line left out."""
    return hashlib.sha256(_HASH_LINE.sub("", text, count=1).encode("utf-8")).hexdigest()


def with_hash(text: str) -> str:
    """A page with the hash of its text as the first line of its front matter."""
    if not text.startswith("---\n"):
        return text
    return f"---\n{HASH_KEY}: {page_hash(text)}\n" + text[4:]


def is_generated(path: Path) -> bool:
    """Whether a file is a page briefing wrote (its front matter names it)."""
    head = _head(path)
    return head is not None and head.startswith("---\n") and _MARK_LINE.search(head) is not None


def was_edited(path: Path) -> bool:
    """Whether a page briefing wrote has been changed since: its text no longer matches its hash.

    A page without a hash was written before briefing recorded them and cannot tell: it is not
    counted as edited.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    recorded = _RECORDED_HASH.search(text[:400])
    return recorded is not None and recorded.group(1) != page_hash(text)


def write_pages(pages: dict[str, str], out_dir: Path, force: bool = False) -> WriteReport:
    """Write ``pages`` (file name -> MyST text) as the generated folder ``out_dir``.

    The folder is assembled in a staging folder beside it and swapped in at the end; an error or an
    interruption before then leaves ``out_dir`` as it was.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out_dir)
    staging = out_dir.with_name(f"{STAGING_PREFIX}{out_dir.name}-new-{os.getpid()}")
    report = WriteReport()
    try:
        staging.mkdir()
        existing = sorted(p for p in out_dir.iterdir()) if out_dir.is_dir() else []
        for old in existing:  # what the user put there, and the pages they edited, come along unchanged
            generated = old.is_file() and old.suffix == ".md" and is_generated(old)
            if not generated:
                _carry(old, staging / old.name)
            elif was_edited(old) and not force:
                _carry(old, staging / old.name)
                report.kept_edits.append(out_dir / old.name)
            elif old.name not in pages:
                report.removed.append(out_dir / old.name)
        for name, text in pages.items():
            target, current = staging / name, out_dir / name
            if target.exists():  # an edited page, or a file of the user's with a page's name: kept
                if current not in report.kept_edits:
                    report.in_the_way.append(current)
                continue
            text = with_hash(text)
            if current.is_file() and _read(current) == text:
                _carry(current, target)
                report.unchanged.append(current)
            else:
                target.write_text(text, encoding="utf-8")
                report.written.append(current)
        _swap(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _carry(source: Path, target: Path) -> None:
    """The same file (or folder) in the staging folder: a hard link where it can be, else a copy with its times."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        if Path(source).is_symlink():
            raise OSError("a link stays a link")
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put the staging folder in place of ``out_dir``; if that fails half way, put the old one back."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = out_dir.with_name(f"{STAGING_PREFIX}{out_dir.name}-old-{os.getpid()}")
    out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders of runs that were killed; an old folder whose swap never finished is put back."""
    for leftover in out_dir.parent.glob(f"{STAGING_PREFIX}{out_dir.name}-*"):
        if leftover.name.startswith(f"{STAGING_PREFIX}{out_dir.name}-old-") and not out_dir.exists():
            leftover.rename(out_dir)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


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
