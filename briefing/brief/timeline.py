"""The brief's dates: undated articles dated from their own dates and their story's, and the timeline.

- :func:`infer_date` dates an article without a date line from its own dates and its story's (first
  from a weekday in its lead that dates what it reports); :func:`redate` reads its dates again
  against that date; :func:`date_stories` does both for every undated article of a brief's stories.
- :func:`timeline` lists the dated happenings of a brief, each with the sentence that reports it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from datetime import date, timedelta

from ..analyse.dates import DAY, FUTURE, INFERENCE_DAYS, PAST, WEEK_WINDOW, names_one_weekday, names_weekday_only, period_end, reresolve, resolve
from ..model import Analysis, DateMention, Event, Span, TimelineEntry

# --- An article's date -----------------------------------------------------------------------

REPORT_DAYS = 3
"""A weekday in an undated article's lead dates the article when it lies at most this many days
before one of its story's other articles: nearer to them than the same weekday a week later."""


def infer_date(analysis: Analysis, story_dates: list[date]) -> date | None:
    """The date of an article without a date line, from its own dates and its story's.

    - Dates the article states in full bound it: one in a report of the past lies on or before
      the article's date, one in a clause about the future on or after it.
    - The weekdays it names without a date ("on Monday", "will visit from Wednesday to Thursday")
      are the days of one week around it, read with their tense: an article that reports Monday's
      interview and Wednesday's coming visit is of Monday, Tuesday or Wednesday.
    - A weekday its lead gives to what it reports ("warned Russia ..., according to Reuters,
      Monday", "the minister said Tuesday") dates the article: news reports what happened that
      day. It is read against the dates of the story's other articles (``story_dates``), as the
      last such weekday on or before the latest of them, and used only where it lies at most
      :data:`REPORT_DAYS` before one of them (a weekday nearer after the story's latest date, or
      far before its dates, says the article is not of that day) and breaks no rule above.
      Without other dated articles it has nothing to be read against.
    - Otherwise, of the days that fit, the nearest to the dates of the story's other articles;
      with none, the first day that fits from the latest event the article dates in full.

    A tense misread by the parse must not leave the article undated: where no day fits every
    rule, the day that breaks the fewest wins. None when nothing dates the article.
    """
    mentions = analysis.dates
    after: list[date] = []  # the article is dated on or after these days ...
    before: list[date] = []  # ... and on or before these
    for mention in mentions:
        tense = getattr(mention, "tense", None)
        found = resolve(mention.text, None, tense)
        if found is None or found.value is None:
            continue
        if tense == PAST:
            after.append(found.value)
        elif tense == FUTURE:
            before.append(found.until or period_end(found))
    past_days = [
        r.value for m in mentions
        if getattr(m, "tense", None) == PAST and (r := resolve(m.text, None)) and r.value and r.precision == DAY
    ]
    weekday_indexes = [i for i, m in enumerate(mentions) if names_weekday_only(m.text)]

    def broken(candidate: date) -> int:
        bounds = sum(candidate < day for day in after) + sum(candidate > day for day in before)
        return bounds + (not _weekdays_fit(mentions, weekday_indexes, candidate))

    if story_dates:
        reported = [
            day for day in _lead_weekdays(analysis, max(story_dates))
            if not broken(day) and any(0 <= (other - day).days <= REPORT_DAYS for other in story_dates)
        ]
        if reported:
            return max(reported)
    references = sorted(set(story_dates)) or ([max(past_days)] if past_days else [])
    if not references:
        return None
    around = range(-INFERENCE_DAYS, INFERENCE_DAYS + 1)
    candidates = {r + timedelta(days=shift) for r in references for shift in around}
    if after:
        candidates |= {max(after) + timedelta(days=shift) for shift in range(INFERENCE_DAYS + 1)}
    return min(candidates, key=lambda c: (broken(c), min(abs((c - r).days) for r in references), c))


def _lead_weekdays(analysis: Analysis, latest: date) -> list[date]:
    """The days of the weekdays that date what the lead reports, each the last on or before ``latest``.

    The lead is the first paragraph; a weekday counts when it stands alone ("on Monday", not "last
    Monday" or "from Wednesday to Thursday") in a clause that reports the past. One in a clause
    about the future ("will visit on Friday") or in the present ("the talks open Monday") dates
    something still to come, not the report.
    """
    paragraphs = analysis.article.paragraphs
    if not paragraphs:
        return []
    lead = paragraphs[0]
    days = []
    for mention in analysis.dates:
        if not (lead.start <= mention.start and mention.end <= lead.end):
            continue
        if getattr(mention, "tense", None) != PAST or not names_one_weekday(mention.text):
            continue
        found = resolve(mention.text, latest, PAST)
        if found is not None and found.value is not None:
            days.append(found.value)
    return days


def _weekdays_fit(mentions: list[DateMention], indexes: list[int], candidate: date) -> bool:
    """Whether the weekdays the article names, read against ``candidate``, lie in one week with it."""
    if not indexes:
        return True
    resolved = reresolve(mentions, candidate)
    days = [candidate]
    for index in indexes:
        mention = resolved[index]
        if mention.value:
            days += [mention.value, mention.until or mention.value]
    return (max(days) - min(days)).days <= WEEK_WINDOW


def redate(analysis: Analysis, inferred: date) -> Analysis:
    """The analysis of an article dated ``inferred`` (not by itself), its dates read against that date."""
    return replace(analysis, date=inferred, date_inferred=True, dates=reresolve(analysis.dates, inferred))


def date_stories(analyses: list[Analysis], events: list[Event]) -> list[Analysis]:
    """Every analysis, those of undated articles dated from their story where :func:`infer_date` can."""
    story_of = {article: event for event in events for article in event.articles}
    dated = {a.article.id: a.date or a.article.published for a in analyses}
    result = []
    for analysis in analyses:
        if (analysis.date or analysis.article.published) is None:
            event = story_of.get(analysis.article.id)
            others = [day for i in (event.articles if event else ()) if i != analysis.article.id and (day := dated.get(i))]
            if (inferred := infer_date(analysis, others)) is not None:
                analysis = redate(analysis, inferred)
        result.append(analysis)
    return result


# --- The timeline ----------------------------------------------------------------------------

def _within(span: Span | None, sentence: Span) -> bool:
    return span is not None and sentence.start <= span.start and span.end <= sentence.end


def timeline(analyses: list[Analysis]) -> list[TimelineEntry]:
    """The dated happenings of the articles, by date and then article order.

    One entry per sentence and date it holds: a sentence that names two dates ("visit Hawaii on
    the 8th and 9th, then attend the summit on the 10th and 11th") is listed under each. Mentions
    outside the sentences (captions, bylines, the date line) and in an opening dateline are left out,
    and so are durations and dates the text does not place.
    """
    entries: list[tuple[tuple, TimelineEntry]] = []
    for order, analysis in enumerate(analyses):
        sentences = sorted(analysis.sentences, key=lambda s: s.start)
        starts = [s.start for s in sentences]
        dateline = analysis.article.dateline
        seen: set[tuple] = set()
        for mention in analysis.dates:
            if mention.value is None:
                continue
            if dateline and dateline.start <= mention.start < dateline.end:
                continue
            index = bisect_right(starts, mention.start) - 1
            if index < 0 or mention.end > sentences[index].end:
                continue
            sentence = sentences[index]
            key = (sentence.start, mention.value, mention.until, mention.precision)
            if key in seen:
                continue
            seen.add(key)
            entry = TimelineEntry(
                date=mention.value, until=mention.until, precision=mention.precision,
                article=analysis.article.id, sentence=sentence,
                mention=Span(mention.text, mention.start, mention.end), inferred=analysis.date_inferred,
                what=mention.happening if _within(mention.happening, sentence) else None,
            )
            entries.append(((mention.value, order, sentence.start, mention.start), entry))
    return [entry for _, entry in sorted(entries, key=lambda item: item[0])]
