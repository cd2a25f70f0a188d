"""Long index pages in parts: the timeline by period, the actors and the quotes by letter.

A brief of a few articles keeps its timeline, actors and quotes each on one page. A brief of
hundreds has thousands of rows there; one page each would be slow to read, and every changed
article would change all three and make Sphinx rebuild them whole. Past :data:`PART_ROWS` rows a
page is cut into parts, each a page of its own whose name comes from what it holds (``timeline-2016``,
``actors-s``, ``quotes-sa``), not from its position: an article changed or added changes only the
parts its rows fall in, and the rest stay as they were, byte for byte.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Generic, TypeVar

from ..model import Happening

#: A timeline, actor list or quote list with more rows than this is split into parts.
PART_ROWS = 300
#: The page name part of names that start with no Latin letter (Hangul, digits, marks).
OTHER = "other"
# Page names of parts start with page_contract.PART_PREFIXES (article ids that would clash are renamed).

Row = TypeVar("Row")
Key = TypeVar("Key")  # what groups are keyed by: letters, or periods


@dataclass(frozen=True)
class Part(Generic[Row]):
    """One part of a long page: its page name, what it is called, and its rows in page order."""

    page: str
    label: str
    rows: list[Row]


def latin_letters(name: str) -> str:
    """The Latin letters of a name, accents dropped, lower case: what it is filed under ("Ó Briain" -> "obriain")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch in string.ascii_lowercase)


def filing_key(name: str) -> str:
    """The letters a name is filed under; names that start with something else than a Latin letter go last."""
    first = next((ch for ch in unicodedata.normalize("NFKD", name.casefold()) if ch.isalnum()), "")
    return latin_letters(name) if first in string.ascii_lowercase else ""


def lettered_parts(
    rows: list[Row], name: Callable[[Row], str], base: str, weight: Callable[[Row], int] = lambda row: 1,
    limit: int = PART_ROWS,
) -> list[Part[Row]]:
    """Rows filed A to Z by ``name``, one part per first letter. A letter of more than ``limit`` rows
    (by ``weight``) is filed by the first two letters, neighbours packed into one part up to
    ``limit`` ("Sa–Sh"). Rows in a part are in A to Z order.

    Names that do not start with a Latin letter make the last part, ``<base>-other``.
    """
    order = lambda kr: (kr[0] or "\uffff", name(kr[1]).casefold(), name(kr[1]))
    filed = sorted(((filing_key(name(row)), row) for row in rows), key=order)  # each name filed once
    parts: list[Part[Row]] = []
    for letter, group in groupby(filed, key=lambda kr: kr[0][:1]):
        members = list(group)
        if not letter:
            parts.append(Part(f"{base}-{OTHER}", "Other", [row for _, row in members]))
        elif sum(weight(row) for _, row in members) <= limit:
            parts.append(Part(f"{base}-{letter}", letter.upper(), [row for _, row in members]))
        else:
            pairs = [(pair, [row for _, row in same]) for pair, same in groupby(members, key=lambda kr: kr[0][:2])]
            for run in _packed(pairs, weight, limit):
                first, last = run[0][0], run[-1][0]
                label = first.capitalize() + (f"–{last.capitalize()}" if last != first else "")
                parts.append(Part(f"{base}-{first}", label, [row for _, same in run for row in same]))
    return parts


def _packed(groups: list[tuple[Key, list[Row]]], weight: Callable[[Row], int], limit: int) -> list[list[tuple[Key, list[Row]]]]:
    """Neighbouring groups packed in order into runs of at most ``limit`` (a bigger group is a run of its own)."""
    runs: list[list[tuple[Key, list[Row]]]] = []
    size = 0
    for key, rows in groups:
        rows_weight = sum(weight(row) for row in rows)
        if runs and size + rows_weight <= limit:
            runs[-1].append((key, rows))
            size += rows_weight
        else:
            runs.append([(key, rows)])
            size = rows_weight
    return runs


def timeline_parts(happenings: list[Happening], base: str = "timeline", limit: int = PART_ROWS) -> list[Part[Happening]]:
    """Happenings by period, in date order: centuries, a century of more than ``limit`` by decade, a
    decade by year, a year by month (its happenings dated only to the year first)."""
    return _periods(happenings, 0, base, limit)


def _periods(happenings: list[Happening], level: int, base: str, limit: int) -> list[Part[Happening]]:
    by_period: dict[tuple[int, int], list[Happening]] = {}
    for happening in happenings:
        by_period.setdefault(_period(happening, level), []).append(happening)
    parts: list[Part[Happening]] = []
    quiet: list[tuple[tuple[int, int], list[Happening]]] = []  # neighbouring periods not split, packed together

    def pack_quiet() -> None:
        for run in _packed(quiet, lambda row: 1, limit):
            parts.append(_period_part(run[0][0], run[-1][0], level, base, [h for _, rows in run for h in rows]))
        quiet.clear()

    for period, members in sorted(by_period.items()):
        if level < len(_SPANS) and len(members) > limit:
            pack_quiet()
            parts += _periods(members, level + 1, base, limit)
        elif level == len(_SPANS) and period[1] == 0:  # dated only to the year: a part of its own
            pack_quiet()
            parts.append(_period_part(period, period, level, base, members))
        else:
            quiet.append((period, members))
    pack_quiet()
    return parts


#: The periods a timeline is cut into, in years: centuries, decades, years (then months).
_SPANS = (100, 10, 1)


def _period(happening: Happening, level: int) -> tuple[int, int]:
    """The period a happening falls in at a level: (first year, month or 0)."""
    year = happening.date.year
    if level < len(_SPANS):
        return year - year % _SPANS[level], 0
    return year, 0 if happening.precision == "year" else happening.date.month


def _period_part(first: tuple[int, int], last: tuple[int, int], level: int, base: str, rows: list[Happening]) -> Part[Happening]:
    """The part of the periods ``first`` to ``last`` of a level: "1960–1989", "2016", "March–May 2016"."""
    if level == len(_SPANS):  # months of one year; 0: dated only to the year
        year, months = first[0], (first[1], last[1])
        if months == (0, 0):
            return Part(f"{base}-{year:04d}", f"{year}, month not stated", rows)
        label = MONTHS[months[0] - 1] + (f"–{MONTHS[months[1] - 1]}" if months[1] != months[0] else "") + f" {year}"
        return Part(f"{base}-{year:04d}-{months[0]:02d}", label, rows)
    start, end = first[0], last[0] + _SPANS[level] - 1
    if start == end:
        return Part(f"{base}-{start:04d}", f"{start}", rows)
    return Part(f"{base}-{start:04d}-{end:04d}", f"{start}–{end}", rows)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
