"""Dates in an article's text: date expressions resolved against the article's date.

This module owns everything about dates inside articles:

- :func:`resolve` turns one date expression ("Monday", "last April", "from Wednesday to Thursday",
  "the 8th", "July. 09", "early next year") into a calendar day or range with its precision, read
  against the article's date (the *anchor*). Durations ("decades", "the past 70 years") are not dates.
- :func:`date_mentions` finds the expressions in a parse (spaCy's DATE entities, two joined into one
  where they make a range) and resolves them with the tense of the clause that holds them: a report of
  what happened "on Monday" means the Monday before, what someone "will" do "on Wednesday" the one after.
- :func:`reresolve` reads an article's date expressions again against another article date (the
  brief does, for an article dated from its story: :mod:`briefing.brief.timeline`).

Rules are written for English-language news, with python-dateutil's ``relativedelta`` for calendar
arithmetic. No date library that guesses (dateparser) is used: news wording ("last April", "this day")
needs rules that say which reading is meant, and the rules stay fast to import.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple, cast

from dateutil.relativedelta import relativedelta

from ..model import DateMention, Precision, Span
from .nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

DAY, MONTH, YEAR = "day", "month", "year"
PAST, FUTURE = "past", "future"

WEEK_WINDOW = 6
"""The weekdays an article names without a date are the days of one week around it: the first and
last of them (and the article's date) lie at most this many days apart."""
INFERENCE_DAYS = 7
"""How far from its story's other articles (or its latest dated event) an article's date is looked for."""
SLACK_DAYS = 1
"""A day of the month reported as past may lie this far after the article's date (time zones,
overnight editions: "visit Hawaii on the 8th" in a paper dated the 9th in Seoul)."""


class Resolved(NamedTuple):
    """What a date expression names: its first day, the last day of a range, and its precision.

    For a month or a year ``value`` is its first day; ``value`` is None where the text does not say
    enough (a weekday without an article date, "July 9" without a year).
    """

    value: date | None
    until: date | None
    precision: str  # day | month | year


# --- Words ------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
         ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]
    )
    for name in names
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
# Parts of a year: "early 2025", "the end of the year", "the first half of next year".
YEAR_PARTS = {
    "early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12),
    "the beginning of": (1, 1), "the start of": (1, 1), "the middle of": (5, 8), "the end of": (12, 12),
    "the first half of": (1, 6), "the second half of": (7, 12),
    "the first quarter of": (1, 3), "the second quarter of": (4, 6),
    "the third quarter of": (7, 9), "the fourth quarter of": (10, 12), "the last quarter of": (10, 12),
}
RELATIVE = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|2\d{3})"
_PART = r"(?P<part>" + "|".join(sorted((re.escape(p) for p in YEAR_PARTS), key=len, reverse=True)) + r")"
_SHIFT = r"(?P<shift>last|past|previous|this|current|next|coming)"

# Absolute forms, possibly incomplete: "july 9, 2024", "9 july", "july 2024", "the 8th", "2024".
ISO = re.compile(r"^(?P<year>\d{4})[-./]\s?(?P<month>\d{1,2})[-./]\s?(?P<day>\d{1,2})\.?$")
MONTH_DAY = re.compile(rf"^(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?$")
DAY_MONTH = re.compile(rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?$")
MONTH_YEAR = re.compile(rf"^{_MONTH},?\s+(?:of\s+)?{_YEAR}$")
DAY_ONLY = re.compile(rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?$")
YEAR_ONLY = re.compile(rf"^(?:the\s+)?(?:year\s+)?(?:of\s+)?{_YEAR}$")
DECADE = re.compile(r"^(?:the\s+)?(?P<decade>1\d{2}|2\d{2})0s$")
# Relative forms.
MONTH_SHIFTED = re.compile(rf"^(?:{_SHIFT}\s+)?{_MONTH}(?:\s+(?:of\s+)?(?P<year_shift>last|this|next)\s+year)?$")
WEEKDAY = re.compile(rf"^(?:{_SHIFT}\s+)?{_WEEKDAY}$")
UNIT_SHIFTED = re.compile(rf"^{_SHIFT}\s+(?P<unit>week|weekend|month|year)$")
AGO = re.compile(r"^(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                 r"(?P<unit>day|week|month|year|decade)s?\s+ago$")
SEASON = re.compile(
    rf"^(?:{_SHIFT}\s+)?(?:the\s+)?(?P<season>spring|summer|autumn|fall)"
    rf"(?:\s+(?:of\s+)?(?:{_YEAR}|(?P<year_shift>last|this|next)\s+year))?$"
)
# "the same day", "this day" (news translated from Korean: the day just reported), "the next day".
SAME = re.compile(r"^(?:the\s+same|that|this)\s+(?P<unit>day|month|year)$")
NEXT_DAY = re.compile(r"^(?:the\s+)?(?P<which>next|following|previous|preceding)\s+day$|^(?:a|one)\s+day\s+(?P<when>earlier|later|before|after)$")

PART_OF = re.compile(rf"^{_PART}[\s-]+(?P<rest>.+)$")
# A run of spaces is entered only at its start ((?<!\s)) and never given back (\s++), so each is read once.
TIME_OF_DAY = re.compile(r"(?<!\s)\s++(?:morning|afternoon|evening|night|overnight)$")
RANGE = re.compile(
    r"^(?:(?P<lead>from|between)\s++)?(?P<first>.+?)(?<!\s)\s*+"
    r"(?P<joint>-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b|\band\b)\s*+(?P<last>.+)$"
)
_BRACKETED = re.compile(r"\([^)]*+\)")
_ABBREVIATION_DOT = re.compile(r"(?<=[a-z])\.")
_POSSESSIVE_S = re.compile(r"'s\b")
_LEADING_PREPOSITION = re.compile(
    r"^(?:on|in|at|by|during|since|as of|as early as|as soon as|around|about|earlier|later)\s++")
_LOCAL_TIME = re.compile(r"(?<!\s)\s++local\s++time$")
_TWO_DIGITS = re.compile(r"\d{2}")
_WEEKDAY_WORD = re.compile(r"\b" + _WEEKDAY + r"\b")
_DAY_OR_MONTH_WORD = re.compile(r"\d|\b" + _MONTH + r"\b")


def _normalise(text: str) -> str:
    """Lower case, one space, no punctuation that carries nothing: "July. 09" -> "july 09"."""
    text = text.lower().replace("’", "'").replace("\u00a0", " ")
    text = _BRACKETED.sub(" ", text)  # "(local time)"
    text = _ABBREVIATION_DOT.sub(" ", text)  # "july. 09", "sept. 13"
    text = _POSSESSIVE_S.sub("", text)  # "monday's meeting" leaves "monday"
    text = " ".join(text.split()).strip(" ,;:")
    text = _LEADING_PREPOSITION.sub("", text)
    text = _LOCAL_TIME.sub("", text)
    return TIME_OF_DAY.sub("", text).strip(" ,")


# --- Resolving ---------------------------------------------------------------------------------

def resolve(text: str, anchor: date | None, tense: str | None = None, earlier: Sequence[Resolved] = ()) -> Resolved | None:
    """The day, month or year a date expression names, read against the article's date ``anchor``.

    ``tense`` (past | future) is the tense of the clause that holds the expression: a weekday in a
    report of the past is the one on or before the anchor, in a clause about the future the one on
    or after it. ``earlier`` are the article's dates before this one, in text order, which "the same
    month" or "this day" refer back to. None when the text is not a date (a duration: "decades",
    "the past 70 years", "two years"); a value of None when it is a date the text does not say
    enough to place (no anchor and no year).
    """
    phrase = _normalise(text)
    if not phrase:
        return None
    try:
        found = _resolve_one(phrase, anchor, tense, earlier)
        if found is None:
            found = _resolve_range(phrase, anchor, tense, earlier)
    except (ValueError, OverflowError):  # "3000 years ago", "the 1900th": off the calendar
        return None
    return found


def _resolve_one(phrase: str, anchor: date | None, tense: str | None, earlier: Sequence[Resolved]) -> Resolved | None:
    if (partial := _absolute(phrase)) is not None:
        return _place(partial, anchor, tense)
    if match := DECADE.match(phrase):
        first = int(match["decade"]) * 10
        return Resolved(date(first, 1, 1), date(first + 9, 12, 31), YEAR)
    for resolver in (_weekday, _relative_day, _shifted_unit, _shifted_month, _ago, _season, _part_of_year, _anaphor):
        if (found := resolver(phrase, anchor, tense, earlier)) is not None:
            return found
    return None


class _Partial(NamedTuple):
    """An absolute date as far as the text gives it."""

    year: int | None
    month: int | None
    day: int | None


def _absolute(phrase: str) -> _Partial | None:
    """Year, month and day where the text gives them itself ("july 9", "2024", "the 8th")."""
    if match := ISO.match(phrase):
        return _Partial(int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in (MONTH_DAY, DAY_MONTH, DAY_ONLY):
        if match := pattern.match(phrase):
            groups = match.groupdict()
            return _Partial(
                int(groups["year"]) if groups.get("year") else None,
                MONTHS[groups["month"]] if groups.get("month") else None,
                int(match["day"]),
            )
    if match := MONTH_YEAR.match(phrase):
        return _Partial(int(match["year"]), MONTHS[match["month"]], None)
    if match := YEAR_ONLY.match(phrase):
        return _Partial(int(match["year"]), None, None)
    return None


def _place(partial: _Partial, anchor: date | None, tense: str | None) -> Resolved | None:
    """A calendar date for an absolute date; the anchor supplies a missing year or month."""
    year, month, day = partial
    precision = DAY if day else MONTH if month else YEAR
    if year is not None and (month is not None or day is None):
        return _checked(year, month or 1, day or 1, precision)
    if anchor is None:
        return Resolved(None, None, precision)
    assert day is not None  # a date without a day has a year (_absolute), so it was placed above
    if month is None:
        # "the 8th": the month of the anchor, the month before or after, whichever is nearest and fits the tense.
        months = [anchor + relativedelta(months=shift) for shift in (-1, 0, 1)]
        options = [_day_in(m.year, m.month, day) for m in months]
    else:
        options = [_day_in(anchor.year + shift, month, day) for shift in (-1, 0, 1)]
    days = [o for o in options if o is not None]
    if year is not None:
        days = [o for o in days if o.year == year]
    if not days:
        return None
    fitting = [o for o in days if _fits(o, anchor, tense, SLACK_DAYS)] or days
    return Resolved(min(fitting, key=lambda o: (abs((o - anchor).days), o)), None, DAY)


def _day_in(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _checked(year: int, month: int, day: int, precision: str) -> Resolved | None:
    value = _day_in(year, month, day)
    return Resolved(value, None, precision) if value else None


def _fits(day: date, anchor: date, tense: str | None, slack: int = 0) -> bool:
    """Whether ``day`` lies where the tense puts it relative to the anchor."""
    if tense == FUTURE:
        return day >= anchor - timedelta(days=slack)
    if tense == PAST:
        return day <= anchor + timedelta(days=slack)
    return True


def _weekday(phrase, anchor, tense, earlier) -> Resolved | None:
    """ "Monday": the one on or before the anchor in a report of the past, on or after it in a
    clause about the future; "last Monday" and "next Monday" the one strictly before or after."""
    match = WEEKDAY.match(phrase)
    if not match:
        return None
    if anchor is None:
        return Resolved(None, None, DAY)
    weekday, shift = WEEKDAYS[match["weekday"]], match["shift"]
    back = (anchor.weekday() - weekday) % 7
    forward = (weekday - anchor.weekday()) % 7
    if shift in ("last", "past", "previous"):
        return Resolved(anchor - timedelta(days=back or 7), None, DAY)
    if shift in ("next", "coming"):
        return Resolved(anchor + timedelta(days=forward or 7), None, DAY)
    if tense == FUTURE:
        return Resolved(anchor + timedelta(days=forward), None, DAY)
    return Resolved(anchor - timedelta(days=back), None, DAY)


_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "now": None,
    "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
}


def _relative_day(phrase, anchor, tense, earlier) -> Resolved | None:
    if (shift := _DAY_WORDS.get(phrase)) is None:
        return None
    return Resolved(anchor + timedelta(days=shift) if anchor else None, None, DAY)


def _shifted_unit(phrase, anchor, tense, earlier) -> Resolved | None:
    """ "last week" (Monday to Sunday), "this weekend", "next month", "last year"."""
    if phrase in ("the weekend", "over the weekend"):
        phrase, tense = "this weekend", tense or PAST  # news reports the weekend just gone
    match = UNIT_SHIFTED.match(phrase)
    if not match:
        return None
    unit, shift = match["unit"], RELATIVE[match["shift"]]
    precision = {"week": DAY, "weekend": DAY, "month": MONTH, "year": YEAR}[unit]
    if anchor is None:
        return Resolved(None, None, precision)
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=shift)
        return Resolved(monday, monday + timedelta(days=6), DAY)
    if unit == "weekend":
        saturday = anchor + timedelta(days=5 - anchor.weekday())  # the Saturday of the anchor's week
        if shift < 0 or (shift == 0 and tense == PAST and saturday > anchor):
            saturday -= timedelta(weeks=1)
        elif shift > 0 and saturday <= anchor:
            saturday += timedelta(weeks=1)
        return Resolved(saturday, saturday + timedelta(days=1), DAY)
    if unit == "month":
        first = anchor.replace(day=1) + relativedelta(months=shift)
        return Resolved(first, None, MONTH)
    return Resolved(date(anchor.year + shift, 1, 1), None, YEAR)


def _shifted_month(phrase, anchor, tense, earlier) -> Resolved | None:
    """ "June", "last April", "this September", "September last year".

    "last April" is the April of the year before (the most recent April is "in April"), "this
    September" the one of the anchor's year; a bare month is the nearest one the tense allows.
    """
    match = MONTH_SHIFTED.match(phrase)
    if not match:
        return None
    if anchor is None:
        return Resolved(None, None, MONTH)
    month = MONTHS[match["month"]]
    if match["year_shift"]:
        return Resolved(date(anchor.year + RELATIVE[match["year_shift"]], month, 1), None, MONTH)
    if match["shift"]:
        return Resolved(date(anchor.year + RELATIVE[match["shift"]], month, 1), None, MONTH)
    this_month = anchor.replace(day=1)
    options = [date(anchor.year + shift, month, 1) for shift in (-1, 0, 1)]
    fitting = [o for o in options if _fits(o, this_month, tense)]
    if tense is None:
        fitting = [options[1]]  # no tense: the month of the anchor's year, as news writes it
    return Resolved(min(fitting, key=lambda o: abs((o - this_month).days)), None, MONTH)


def _ago(phrase, anchor, tense, earlier) -> Resolved | None:
    """ "two days ago", "a year ago", "a decade ago"."""
    match = AGO.match(phrase)
    if not match:
        return None
    count = int(match["count"]) if match["count"].isdigit() else NUMBERS[match["count"]]
    unit = match["unit"]
    precision = {"day": DAY, "week": DAY, "month": MONTH, "year": YEAR, "decade": YEAR}[unit]
    if anchor is None:
        return Resolved(None, None, precision)
    if unit in ("day", "week"):
        return Resolved(anchor - timedelta(days=count * (7 if unit == "week" else 1)), None, DAY)
    if unit == "month":
        return Resolved(anchor.replace(day=1) - relativedelta(months=count), None, MONTH)
    return Resolved(date(anchor.year - count * (10 if unit == "decade" else 1), 1, 1), None, YEAR)


def _season(phrase, anchor, tense, earlier) -> Resolved | None:
    """ "this summer", "last spring", "the autumn of 2023": its months, as a range."""
    match = SEASON.match(phrase)
    if not match:
        return None
    first, last = SEASONS[match["season"]]
    if match["year"]:
        year = int(match["year"])
    elif anchor is None:
        return Resolved(None, None, MONTH)
    elif match["year_shift"]:
        year = anchor.year + RELATIVE[match["year_shift"]]
    else:
        year = anchor.year + (RELATIVE[match["shift"]] if match["shift"] else 0)
    return Resolved(date(year, first, 1), _month_end(year, last), MONTH)


def _part_of_year(phrase, anchor, tense, earlier) -> Resolved | None:
    """ "early next year", "late 2023", "the end of the year", "mid-July": a month or months."""
    match = PART_OF.match(phrase)
    if not match:
        return None
    rest = {"the year": "this year", "the month": "this month"}.get(match["rest"], match["rest"])
    whole = _resolve_one(rest, anchor, tense, earlier)
    if whole is None:
        return None
    if whole.precision == MONTH and whole.until is None:
        return whole  # "early July": that month
    if whole.precision != YEAR:
        return None
    if whole.value is None:
        return Resolved(None, None, MONTH)
    first, last = YEAR_PARTS[match["part"]]
    year = whole.value.year
    return Resolved(date(year, first, 1), _month_end(year, last) if last != first else None, MONTH)


def _anaphor(phrase, anchor, tense, earlier) -> Resolved | None:
    """ "the same month", "this day", "the next day": read from the dates the article gave before.

    "This day" in news translated from Korean (이날) is the day the report is about, the last day
    named before it; with none, the article's date.
    """
    if phrase in ("the year", "the month", "the day", "the week"):
        return None  # not a date by itself ("later in the year" is not worth a guess)
    if match := SAME.match(phrase):
        unit = match["unit"]
        wanted = {"day": (DAY,), "month": (DAY, MONTH), "year": (DAY, MONTH, YEAR)}[unit]
        before = next((r for r in reversed(earlier) if r.value and r.precision in wanted and (r.until is None or unit != DAY)), None)
        if before is None:
            if phrase == "this day" and anchor is not None:
                return Resolved(anchor, None, DAY)
            return Resolved(None, None, unit)
        value = before.value
        if unit == MONTH:
            value = value.replace(day=1)
        elif unit == YEAR:
            value = value.replace(month=1, day=1)
        return Resolved(value, None, unit)
    if match := NEXT_DAY.match(phrase):
        step = 1 if (match["which"] in ("next", "following") or match["when"] in ("later", "after")) else -1
        before = next((r for r in reversed(earlier) if r.value and r.precision == DAY), None)
        base = (before.until or before.value) if before and step > 0 else before.value if before else None
        return Resolved(base + timedelta(days=step) if base else None, None, DAY)
    return None


def _resolve_range(phrase: str, anchor: date | None, tense: str | None, earlier: Sequence[Resolved]) -> Resolved | None:
    """ "from Wednesday to Thursday", "the 8th and 9th", "July 8-11, 2024", "1950-53": first and last day.

    Two days joined by a bare "and" are a range only when they are consecutive ("the 8th and 9th");
    otherwise the expression stands for its first day.
    """
    match = RANGE.match(phrase)
    if not match:
        return None
    first_text, last_text = match["first"], match["last"]
    first_partial, last_partial = _absolute(first_text), _absolute(last_text)
    if (first_partial and first_partial.year is not None and first_partial.day is None and first_partial.month is None
            and _TWO_DIGITS.fullmatch(last_text)):
        last_partial = _Partial(first_partial.year // 100 * 100 + int(last_text), None, None)  # "1950-53"
    if first_partial and last_partial:
        first_partial, last_partial = _complete(first_partial, last_partial), _complete(last_partial, first_partial)
        first = _place(first_partial, anchor, tense)
        last = None
        if first is not None and first.value is not None and last_partial.year is None:
            # The end of the range in the year (and month) of its start: "8-9 July", "the 30th to the 2nd".
            month = last_partial.month or first.value.month
            last_day = last_partial.day or 1
            for step in (relativedelta(), relativedelta(months=1) if last_partial.month is None else relativedelta(years=1)):
                start = date(first.value.year, month, 1) + step
                if (value := _day_in(start.year, start.month, last_day)) and value >= first.value:
                    last = Resolved(value, None, DAY if last_partial.day else MONTH)
                    break
        else:
            last = _place(last_partial, anchor, tense)
    else:
        first = _resolve_one(first_text, anchor, tense, earlier)
        if first is None:
            return None
        last = None
        if WEEKDAY.match(last_text) and first.value:
            last = _weekday(last_text, first.value, FUTURE, earlier)  # the first such weekday from the start on
        elif last_partial and last_partial.month is None and last_partial.year is None and first.value and first.precision == DAY:
            last = _place(_Partial(first.value.year, first.value.month, last_partial.day), anchor, tense)
        else:
            last = _resolve_one(last_text, anchor, tense, [*earlier, first])
    if first is None or last is None:
        return None
    if first.value is None or last.value is None:
        return Resolved(None, None, first.precision)
    until = last.until or period_end(last)
    if until < first.value:
        return None
    consecutive = first.precision == last.precision == DAY and until == first.value + timedelta(days=1)
    if match["joint"] == "and" and match["lead"] != "between" and not consecutive:
        return first
    return Resolved(first.value, until, first.precision)


def _complete(partial: _Partial, other: _Partial) -> _Partial:
    """Fill what one end of a range leaves out from the other: "8-9 July", "July 8 to 11, 2024"."""
    year, month, day = partial
    if day is not None and month is None and other.month is not None:
        month = other.month
    if year is None and other.year is not None and (month is not None or day is not None):
        year = other.year
    return _Partial(year, month, day)


def period_end(resolved: Resolved) -> date:
    value = resolved.value
    assert value is not None  # only asked of a date that is placed
    if resolved.precision == MONTH:
        return _month_end(value.year, value.month)
    if resolved.precision == YEAR:
        return date(value.year, 12, 31)
    return value


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


# --- Tense ------------------------------------------------------------------------------------

FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
# Words that put what follows in the future: "is expected to arrive on Friday", "is due early next year".
# Only verbs and adjectives count: "the plan announced on Monday" reports the past.
FUTURE_WORDS = frozenset({"expect", "schedule", "due", "plan", "slate", "intend", "poise", "go"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBORDINATE = frozenset({"ccomp", "advcl", "xcomp", "conj", "relcl", "acl"})


def clause_tense(span: DocSpan) -> str | None:
    """past | future | None: the tense of the clause that holds ``span``, from its parse.

    Walks up from the expression to the first finite verb; participles and infinitives on the way
    ("a banquet hosted by Biden on Wednesday", "to arrive on Friday") take the tense of the verb
    they hang from, and a conjunct ("will hold talks ... and attend a banquet") that of its first verb.
    """
    token: Token = span.root
    future_word = False
    for _ in range(len(span.doc)):
        if token.pos_ in ("VERB", "ADJ", "AUX") and (lemma(token).lower() in FUTURE_WORDS or token.lower_ in FUTURE_WORDS):
            # "going" only as in "is going to visit"
            future_word = future_word or lemma(token) != "go" or (token.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in token.children))
        if token.tag_.startswith("VB") or token.tag_ == "MD":
            auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in FUTURE_MODALS for a in auxiliaries):
                return FUTURE
            subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
            if token.dep_ == "conj" and not subject and not auxiliaries and token.head.i != token.i:
                token = token.head  # "will hold talks ... and attend a banquet": the tense of "will hold"
                continue
            if any(a.tag_ == "MD" for a in auxiliaries) and token.dep_ in SUBORDINATE and token.head.i != token.i:
                token = token.head  # "warned that Moscow should adopt ...": the tense of the report
                continue
            tags = {token.tag_} | {a.tag_ for a in auxiliaries}
            if tags & FINITE_TAGS:
                if future_word:
                    return FUTURE
                if "VBD" in tags:
                    return PAST
                if token.tag_ == "VBN" and any(lemma(a) == "have" for a in auxiliaries):
                    return PAST  # present perfect: "has met ... since last May"
                return None
        if token.head.i == token.i:  # the root (spaCy makes a new Token object on every access: compare positions)
            break
        token = token.head
    return FUTURE if future_word else None


# --- Mentions in a parse ---------------------------------------------------------------------

# What may join two date entities into one range: "from Wednesday to Thursday", "July 8 - 9".
# A bare number the tagger calls a date that is a clock time ("at 1330 GMT") or a bill's number ("SB 1062").
_CLOCK_AFTER = re.compile(r"(?<!\s)\s*+(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|hrs\b|hours\b|local time\b)")
_NUMBERED_BEFORE = re.compile(r"(?:\b(?:[SHA]\.? ?B\.?|H\.? ?R\.?|[sha]b|Bill|No\.|Number|Prop\.|Proposition|Route|Flight)|#) ?$")


def _not_a_date(text: str, start: int, end: int) -> bool:
    """A bare number labelled DATE that is a clock time or the number of a bill, route or flight."""
    if not text[start:end].isdigit():
        return False
    return bool(_CLOCK_AFTER.match(text, end) or _NUMBERED_BEFORE.search(text, max(0, start - 14), start))


_JOINT = re.compile(r"^\s*(?:-|–|—|to|through|thru|until|till|and)\s*$")
_LEAD = re.compile(r"\b(?:from|between)\s+$")
# Whether two days joined by "and" are consecutive does not depend on the article's date: any will do.
_ANY_ANCHOR = date(2001, 1, 10)


def date_mentions(doc: Doc, anchor: date | None, to_source: Callable[[int, int], Span]) -> list[DateMention]:
    """The DATE entities of a parse as mentions in source offsets, resolved against ``anchor``.

    Two entities joined by "to", "through", a dash, or "and" after "between" (or consecutive
    days), become one range mention, "from" included. Each mention keeps the words of its clause
    that say what happens then (:func:`happening`).
    """
    text = doc.text
    entities = [e for e in doc.ents if e.label_ == "DATE" and not _not_a_date(text, e.start_char, e.end_char)]
    pieces: list[tuple[int, int, str | None, tuple[int, int] | None]] = []  # body start, end, tense, clause
    index = 0
    while index < len(entities):
        entity = entities[index]
        start, end, tense, clause = entity.start_char, entity.end_char, clause_tense(entity), happening(entity, text)
        if index + 1 < len(entities):
            following = entities[index + 1]
            between = text[end:following.start_char]
            if _JOINT.match(between) and "\n" not in between:
                lead = _LEAD.search(text, max(0, start - 12), start)
                joined_start = lead.start() if lead else start
                joined = text[joined_start:following.end_char]
                found = resolve(joined, anchor or _ANY_ANCHOR, tense)
                if found is not None and found.until is not None and "\n" not in joined:
                    if clause is not None:
                        clause = (min(clause[0], joined_start), max(clause[1], following.end_char))
                    pieces.append((joined_start, following.end_char, tense, clause))
                    index += 2
                    continue
        pieces.append((start, end, tense, clause))
        index += 1
    earlier: list[Resolved] = []
    return [
        replace(_mention(to_source(start, end), anchor, tense, earlier), happening=to_source(*clause) if clause else None)
        for start, end, tense, clause in pieces
    ]


def _mention(span: Span, anchor: date | None, tense: str | None, earlier: list[Resolved]) -> DateMention:
    """One mention, resolved; appends what it names to ``earlier`` for the mentions after it."""
    found = resolve(span.text, anchor, tense, earlier)
    if found is None:
        return DateMention(span.text, span.start, span.end, None, tense=tense)
    if found.value is not None:
        earlier.append(found)
    precision = cast("Precision", found.precision)  # DAY, MONTH or YEAR
    return DateMention(span.text, span.start, span.end, found.value, found.until, precision, tense=tense)


def reresolve(mentions: Iterable[DateMention], anchor: date | None) -> list[DateMention]:
    """The same mentions resolved against another article date."""
    earlier: list[Resolved] = []
    return [
        replace(_mention(Span(m.text, m.start, m.end), anchor, getattr(m, "tense", None), earlier), happening=m.happening)
        for m in mentions
    ]


# What the words of a happening keep of the verb (or noun) a date belongs to: the verb's own
# subject, objects, complements and prepositional phrases; not its other clauses. Inside what is
# kept, relative and adverbial clauses, appositions and asides are left out too.
_CLAUSE_LEFT_OUT = frozenset({"advcl", "ccomp", "conj", "cc", "parataxis", "relcl", "appos", "punct", "mark", "dep", "intj", "meta"})
_INSIDE_LEFT_OUT = frozenset({"advcl", "ccomp", "parataxis", "relcl", "appos", "dep", "intj", "meta"})
_EDGE = " \t\n,;:-–—(\"'“”‘’"


def happening(entity: DocSpan, doc_text: str | None = None) -> tuple[int, int] | None:
    """Character offsets of the words that say what happens at a date expression, in its parse.

    The date's verb (or the noun it dates: "their summit in September") with its subject, objects
    and phrases: "attend the NATO Summit in Washington on the 10th and 11th", "Kim and Putin's
    previous summit in September last year". None when the date stands alone.
    """
    token: Token = entity.root
    # "in September last year": the word the preposition gives it, not the one "year" hangs on
    token = next((t for t in entity if t.dep_ == "pobj" and not (entity.start <= t.head.i < entity.end)), token)
    head = _dated_word(token)
    if head is token or head.pos_ not in ("VERB", "AUX", "NOUN", "PROPN", "ADJ"):
        return None
    kept = [head]
    for child in head.children:
        purpose = child.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if child.dep_ in _CLAUSE_LEFT_OUT and not purpose and not (child.left_edge.i <= token.i <= child.right_edge.i):
            continue  # "visit Washington ... to take part in the summit" keeps its purpose
        kept.extend(_pruned(child))
    start = min([t.idx for t in kept] + [entity.start_char])
    end = max([t.idx + len(t.text) for t in kept] + [entity.end_char])
    doc_text = entity.doc.text if doc_text is None else doc_text  # spaCy joins the tokens again on every access
    while start < end and doc_text[start] in _EDGE:
        start += 1
    while end > start and doc_text[end - 1] in _EDGE:
        end -= 1
    if doc_text.count("(", start, end) > doc_text.count(")", start, end) and doc_text[end:end + 1] == ")":
        end += 1  # "(local time)"
    if "\n" in doc_text[start:end] or end - start <= entity.end_char - entity.start_char:
        return None
    return start, end


def _dated_word(token: Token) -> Token:
    """The verb or noun that a date expression (its root ``token``) dates."""
    head = token.head
    if token.dep_ in ("amod", "npadvmod", "compound", "nummod", "appos") and head.dep_ == "pobj" and head.head is not head:
        # hung on the noun of a prepositional phrase ("on the 8th (local time)", "according to
        # Reuters, Monday"): it dates what that phrase belongs to
        head = head.head
    while head.dep_ in ("prep", "agent") and head.head is not head:
        head = head.head  # "on Wednesday" belongs to the word the preposition hangs from
    if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # "a banquet hosted by Biden on Wednesday": the banquet
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "dobj" and head.head.pos_ == "VERB":
        head = head.head  # "attend the summit on the 10th": the attending
    return head


def _pruned(token: Token) -> list[Token]:
    """A token's subtree without its clauses of their own."""
    kept = [token]
    for child in token.children:
        if child.dep_ not in _INSIDE_LEFT_OUT:
            kept.extend(_pruned(child))
    return kept


def names_weekday_only(text: str) -> bool:
    """A weekday with nothing that dates it ("on Monday", "from Wednesday to Thursday")."""
    words = _normalise(text)
    return bool(_WEEKDAY_WORD.search(words)) and not _DAY_OR_MONTH_WORD.search(words)


def names_one_weekday(text: str) -> bool:
    """A single weekday and nothing else ("Monday", "on Monday", "Monday's", "Monday morning"):
    not "last Monday" or "next Monday", not a range, not a weekday with its date."""
    match = WEEKDAY.match(_normalise(text))
    return match is not None and match["shift"] is None
