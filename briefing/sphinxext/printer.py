"""Printing the pack in parts, in parallel processes, joined into one PDF.

The print document is cut where pages start (:mod:`briefing.sphinxext.parts`); each body part is laid out
and written by WeasyPrint in a worker process of its own memory, several at once; the front (cover,
contents, brief) is laid out once the parts' page counts are known, with its contents' page numbers
written in. The running page numbers ("Page 7 of 412") and the numbers of "…, page N" references in body
parts are printed in a second, light pass over the page count (only margin boxes and those numbers, in
the same styles), laid over the parts' pages as artifacts. :mod:`briefing.sphinxext.join` joins it all.

Memory: a worker holds one part (a budget of elements, whatever the number of articles); the parent holds
the print document's tree only while it cuts it into the parts' HTML, then one part's HTML at a time (made
again when its page numbers' widths change), then, joining, one part's PDF objects at a time.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.sphinxext.parts import SLOT_CLASS, Cut, PageRef, Part, describe, front_targets, part_document

#: Elements per part when none is given: about 150 pages, 250-360 MB for WeasyPrint.
PART_BUDGET = 9_000
#: Pages per pass of page numbers.
NUMBERS_CHUNK = 500
#: Elements per printed page (about 60 in the packs of 1,000 and 3,000 articles): turns
#: ``briefing_pdf_part_pages`` into a budget of elements, and guesses how many digits page numbers have.
ELEMENTS_PER_PAGE = 60
#: The worker folder beside the PDF, removed when the print ends.
WORK_FOLDER = ".briefing-parts"
#: CSS of the numbers pass: only the page number in its margin box, from the page's own label.
NUMBERS_CSS = """
@page { @top-center { content: none; } @bottom-left { content: none; } @bottom-right { content: string(briefing-page-label); } }
@page :first { @top-center { content: none; } @bottom-left { content: none; } @bottom-right { content: string(briefing-page-label); } }
body { margin: 0; }
.briefing-number-page { break-before: page; position: relative; height: 0; margin: 0; padding: 0; }
.briefing-number { position: absolute; white-space: nowrap; margin: 0; padding: 0; }
"""


@dataclass
class Slot:
    """Where a hidden page number sits and how it is set: page (0-based in its part), CSS px, style."""

    page: int
    left: float
    top: float
    line_height: float
    font: str


@dataclass
class Rendered:
    """What a worker says of the part it printed."""

    pages: int
    #: Anchor -> page index in the part (first occurrence).
    anchors: dict[str, int]
    #: Per page: (level, label, (x, y) in PDF points, state), as WeasyPrint's outline takes them.
    bookmarks: list[list[tuple[int, str, tuple[float, float], str]]]
    slots: dict[str, Slot]
    #: The page area's origin in CSS px (left and top margins).
    origin: tuple[float, float]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Job:
    """One WeasyPrint run in a worker: an HTML file to a PDF file."""

    name: str
    html: Path
    pdf: Path
    base_url: str
    root: Path
    variant: str
    tagged: bool = True


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR or "Failed to load" in message:
            self.messages.append(message)


def render(job: Job) -> Rendered:
    """Lay out and write one part (in a worker process), then give the layout's memory back to the system (a
    worker waiting for its next part, or for the others to finish, holds no more than it needs)."""
    from briefing.sphinxext.pdf import give_back_memory

    collect = _Collect()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collect)
    weasy_logger.propagate = False
    try:
        return _render(job, collect)
    finally:
        weasy_logger.removeHandler(collect)
        give_back_memory()


def _render(job: Job, collect: _Collect) -> Rendered:
    from weasyprint import HTML

    from briefing.sphinxext.pdf import make_url_fetcher, pdf_options

    started = time.perf_counter()
    document = HTML(filename=str(job.html), base_url=job.base_url, url_fetcher=make_url_fetcher(job.root)).render()
    anchors: dict[str, int] = {}
    bookmarks = []
    slots: dict[str, Slot] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        scale = 0.75  # CSS px -> PDF points, as WeasyPrint writes them
        bookmarks.append([
            (level, label, (x * scale, (page.height - y) * scale), state)
            for level, label, (x, y), state in page.bookmarks
        ])
        slots.update(_slots(page, number))
    box = document.pages[0]._page_box if document.pages else None
    origin = (box.margin_left + box.border_left_width + box.padding_left,
              box.margin_top + box.border_top_width + box.padding_top) if box is not None else (0.0, 0.0)
    options = pdf_options(job.variant) if job.tagged else {}
    document.write_pdf(str(job.pdf), **options)
    return Rendered(len(document.pages), anchors, bookmarks, slots, origin, collect.messages,
                    time.perf_counter() - started)


def _slots(page: Any, number: int) -> dict[str, Slot]:
    """The hidden page-number slots on a laid-out page, with the position and style of their text."""
    from weasyprint.formatting_structure import boxes

    found: dict[str, Slot] = {}
    for box in page._page_box.descendants():
        if not isinstance(box, boxes.InlineBox) or box.element is None:
            continue
        if SLOT_CLASS not in (box.element.get("class") or "").split():
            continue
        slot_id = box.element.get("data-slot")
        text = next((child for child in box.children if isinstance(child, boxes.TextBox)), None)
        if slot_id in found or text is None:
            continue
        style = text.style
        color = style["color"]
        rgba = tuple(round(float(channel) * 255) for channel in color.to("srgb").coordinates)
        alpha = float(color.alpha)
        families = ", ".join(f'"{name}"' for name in style["font_family"])
        font = (f"font-family: {families}; font-size: {style['font_size']}px; font-weight: {style['font_weight']}; "
                f"font-style: {style['font_style']}; color: rgba({rgba[0]}, {rgba[1]}, {rgba[2]}, {alpha})")
        found[slot_id] = Slot(number, text.position_x, text.position_y, text.margin_height(), font)
    return found


# -- the parent ------------------------------------------------------------------------------------


class PartFailed(Exception):
    """A part could not be printed: its name and the cause."""


@dataclass
class Printed:
    pages: int
    parts: int
    seconds: float
    warnings: list[str]
    #: Seconds of each phase: cut, parts (with the draft front), front, page numbers, join.
    phases: dict[str, float] = field(default_factory=dict)


def _pool(jobs: int) -> ProcessPoolExecutor:
    # Fresh interpreters, not forks of a large Sphinx process. (No max_tasks_per_child: on Python 3.11 it
    # can leave the pool waiting for ever.)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))


def _run_all(pool: ProcessPoolExecutor, jobs: Sequence[Job]) -> dict[str, Rendered]:
    """Run *jobs*; the first failure cancels the rest and raises :class:`PartFailed` naming the part."""
    futures: dict[Future[Rendered], Job] = {pool.submit(render, job): job for job in jobs}
    done, pending = wait(futures, return_when=FIRST_EXCEPTION)
    for future in done:
        if (error := future.exception()) is not None:
            for other in pending:
                other.cancel()
            job = futures[future]
            raise PartFailed(f"{job.name}: {type(error).__name__}: {error}") from error
    return {futures[future].name: future.result() for future in futures}


def print_in_parts(
    source: Path, write: Callable[[Callable[[Any], None]], None], *, root: Path, variant: str,
    jobs: int | None = None, budget: int = PART_BUDGET,
) -> Printed:
    """Print the print document *source* in parts and join them; ``write(save)`` is handed a function that
    saves the joined PDF to a binary file (so the caller decides where, atomically)."""
    from briefing.sphinxext import join
    from briefing.sphinxext.pdf import give_back_memory

    started = time.perf_counter()
    phases: dict[str, float] = {}
    clock = [started]

    def lap(name: str) -> None:
        now = time.perf_counter()
        phases[name] = now - clock[0]
        clock[0] = now

    jobs = jobs or max(1, min(os.cpu_count() or 1, 8))
    work = source.parent / WORK_FOLDER
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    base_url = str(root.resolve()) + os.sep
    warnings: list[str] = []
    try:
        # Each part's extract is kept as HTML in the work folder and the document's tree dropped: the parts
        # are made (and made again) from their extracts, so that the parent never holds the whole tree while
        # the workers lay parts out.
        cut = Cut(source.read_text(encoding="utf-8"))
        plan = cut.plan(budget)
        extracts = {part.number: work / f"part-{part.number:04d}.cut.html" for part in plan}
        for part in plan:
            extracts[part.number].write_text(cut.extract_html(part), encoding="utf-8")
        head_html = cut.head_html()
        guess = len(str(max(1, cut.end // ELEMENTS_PER_PAGE)))
        cut.release()
        give_back_memory()
        targets = front_targets(extracts[0].read_text(encoding="utf-8"))
        refs: dict[int, list[PageRef]] = {}
        digits: dict[str, int] = {}

        def job(part: Part, suffix: str = "", **options: Any) -> Job:
            """The part's document made from its extract and written for a worker; its page references kept."""
            document = part_document(extracts[part.number].read_text(encoding="utf-8"), part, **options)
            refs[part.number] = document.page_refs
            stem = f"part-{part.number:04d}{suffix}"
            html = work / f"{stem}.html"
            html.write_text(document.html, encoding="utf-8")
            return Job(describe(cut, part), html, work / f"{stem}.pdf", base_url, root, variant)

        body = plan[1:]
        with _pool(jobs) as pool:
            # The body parts, and the front with numbers of the guessed width (for its page count).
            batch = [job(part, slot_digits=digits, default_digits=guess) for part in body]
            batch.append(job(plan[0], "-draft", front_pages=dict.fromkeys(targets, 10 ** (guess - 1))))
            lap("cut")
            results = _run_all(pool, batch)
            lap("parts")
            front_pages = results[describe(cut, plan[0])].pages
            rendered = {part.number: results[describe(cut, part)] for part in body}
            for _round in range(4):
                offsets = _offsets(front_pages, [rendered[part.number].pages for part in body])
                pages = _absolute_anchors(rendered, body, offsets)
                # Body parts whose page references were given slots of the wrong width are laid out again.
                redo = []
                for part in body:
                    wrong = {ref.target for ref in refs[part.number]
                             if ref.target in pages and len(str(pages[ref.target])) != ref.digits}
                    if wrong:
                        digits.update({target: len(str(pages[target])) for target in wrong})
                        redo.append(job(part, slot_digits=digits, default_digits=guess))
                redo.append(job(plan[0], front_pages={target: pages[target] for target in targets if target in pages}))
                results = _run_all(pool, redo)
                for part in body:
                    if describe(cut, part) in results:
                        rendered[part.number] = results[describe(cut, part)]
                front_result = results[describe(cut, plan[0])]
                if front_result.pages == front_pages and len(redo) == 1:
                    break
                front_pages = front_result.pages
            else:
                raise PartFailed("the front's page count did not settle")
            lap("front")
            all_rendered = [front_result] + [rendered[part.number] for part in body]
            for result in all_rendered:
                warnings.extend(result.warnings)
            total = sum(result.pages for result in all_rendered)
            overlays = _number_jobs(head_html, refs, body, rendered, offsets, pages, total, work, base_url, root)
            overlay_results = _run_all(pool, overlays)
            lap("page numbers")
        pdfs = [work / "part-0000.pdf"] + [work / f"part-{part.number:04d}.pdf" for part in body]
        bookmarks = [page for result in all_rendered for page in result.bookmarks]
        refs.clear()
        del overlay_results
        give_back_memory()
        write(lambda handle: join.join_parts(pdfs, [job.pdf for job in overlays], bookmarks, handle))
        lap("join")
        return Printed(total, len(plan), time.perf_counter() - started, warnings, phases)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _offsets(front_pages: int, body_pages: Sequence[int]) -> list[int]:
    offsets, at = [], front_pages
    for count in body_pages:
        offsets.append(at)
        at += count
    return offsets


def _absolute_anchors(rendered: Mapping[int, Rendered], body: Sequence[Part], offsets: Sequence[int]) -> dict[str, int]:
    """Anchor -> 1-based page number in the joined pack, for anchors in body parts."""
    pages: dict[str, int] = {}
    for part, offset in zip(body, offsets, strict=True):
        for name, page in rendered[part.number].anchors.items():
            pages.setdefault(name, offset + page + 1)
    return pages


def _number_jobs(
    head_html: str, refs: Mapping[int, Sequence[PageRef]], body: Sequence[Part], rendered: Mapping[int, Rendered],
    offsets: Sequence[int], pages: Mapping[str, int], total: int, work: Path, base_url: str, root: Path,
) -> list[Job]:
    """The numbers pass in chunks of pages: each page's running number and its page references' numbers."""
    from html import escape

    numbers: dict[int, list[str]] = {}
    for part, offset in zip(body, offsets, strict=True):
        result = rendered[part.number]
        left, top = result.origin
        for ref in refs[part.number]:
            slot = result.slots.get(ref.slot)
            if slot is None or ref.target not in pages:
                continue
            numbers.setdefault(offset + slot.page, []).append(
                f'<span class="briefing-number" style="left: {slot.left - left}px; top: {slot.top - top}px; '
                f'line-height: {slot.line_height}px; {escape(slot.font)}">{pages[ref.target]}</span>'
            )
    jobs = []
    for first in range(0, total, NUMBERS_CHUNK):
        pieces = []
        for page in range(first, min(total, first + NUMBERS_CHUNK)):
            label = "" if page == 0 else f"Page {page + 1} of {total}"
            pieces.append(f"<div class=\"briefing-number-page\" style=\"string-set: briefing-page-label '{label}'\">"
                          + "".join(numbers.get(page, [])) + "</div>")
        text = (f"<!DOCTYPE html><html>{head_html}<body class=\"briefing-print\"><style>{NUMBERS_CSS}</style>"
                + "".join(pieces) + "</body></html>")
        stem = f"numbers-{first:06d}"
        html = work / f"{stem}.html"
        html.write_text(text, encoding="utf-8")
        jobs.append(Job(f"page numbers {first + 1}-{min(total, first + NUMBERS_CHUNK)}", html, work / f"{stem}.pdf",
                        base_url, root, "", tagged=False))
    return jobs
