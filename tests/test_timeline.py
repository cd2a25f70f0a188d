"""Dates in the text: expressions resolved against the article's date, undated articles dated, the timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.analyse.dates import Resolved, resolve
from briefing.brief.timeline import date_stories, infer_date, redate, timeline
from conftest import SEEDS, analysed_article

KOREA_TIMES = "000_47eb9ec3281c3aec"  # no date line
DONG_A = "001_3a90daa9eccd1bea"  # "Posted July. 09, 2024"
WEDNESDAY = date(2024, 7, 10)  # Wednesday 10 July 2024


def day(text, anchor=WEDNESDAY, tense=None) -> date | None:
    found = resolve(text, anchor, tense)
    assert found is not None, text
    return found.value


def analysed(nlp, *paragraphs: str, published: date | None = WEDNESDAY):
    manifest = {"published": published} if published else {}
    return analysed_article(nlp, "Minister meets allies in Brussels", *paragraphs, manifest=manifest)


def mention(analysis, text):
    found = [d for d in analysis.dates if d.text == text]
    assert len(found) == 1, [d.text for d in analysis.dates]
    return found[0]


def test_clock_times_and_bill_numbers_are_not_years(nlp):
    analysis = analysed(nlp, "The state legislature passed the bill, known as SB 1062, last week.",
                        "The meeting is due to take place at 1330 GMT in Zurich.",
                        "The Battle of Hastings was fought in 1066.")
    assert [d.text for d in analysis.dates] == ["last week", "1066"]
    assert mention(analysis, "1066").value == date(1066, 1, 1)


# --- Resolving one expression ---------------------------------------------------------------

def test_monday_in_an_article_of_wednesday_10_july_2024_is_8_july():
    assert resolve("Monday", WEDNESDAY) == Resolved(date(2024, 7, 8), None, "day")
    assert day("on Monday", tense="past") == date(2024, 7, 8)


def test_a_weekday_in_a_clause_about_the_future_is_the_next_one():
    assert day("Monday", tense="future") == date(2024, 7, 15)
    assert day("Friday", tense="future") == date(2024, 7, 12)


def test_the_weekday_of_the_article_is_its_own_day():
    assert day("Wednesday", tense="past") == day("Wednesday", tense="future") == WEDNESDAY


def test_last_and_next_weekday_lie_strictly_before_and_after():
    assert day("last Wednesday") == date(2024, 7, 3)
    assert day("next Wednesday") == date(2024, 7, 17)


def test_from_wednesday_to_thursday_is_a_range():
    assert resolve("from Wednesday to Thursday", date(2024, 7, 9), "future") == Resolved(date(2024, 7, 10), date(2024, 7, 11), "day")


def test_two_consecutive_days_joined_by_and_are_a_range_two_apart_are_the_first():
    assert resolve("the 8th and 9th", WEDNESDAY) == Resolved(date(2024, 7, 8), date(2024, 7, 9), "day")
    assert resolve("Monday and Wednesday", WEDNESDAY, "past") == Resolved(date(2024, 7, 8), None, "day")
    assert resolve("between Monday and Wednesday", WEDNESDAY, "past") == Resolved(date(2024, 7, 8), WEDNESDAY, "day")


def test_september_last_year_and_last_april_are_months_of_the_year_before():
    assert resolve("September last year", WEDNESDAY) == Resolved(date(2023, 9, 1), None, "month")
    assert resolve("last April", WEDNESDAY) == Resolved(date(2023, 4, 1), None, "month")
    assert resolve("this September", WEDNESDAY) == Resolved(date(2024, 9, 1), None, "month")


def test_a_bare_month_is_the_nearest_one_its_tense_allows():
    assert day("June", tense="past") == date(2024, 6, 1)
    assert day("January", tense="future") == date(2025, 1, 1)
    assert day("December", tense="past") == date(2023, 12, 1)


def test_the_8th_is_a_day_in_the_anchors_month():
    assert resolve("the 8th", WEDNESDAY, "past") == Resolved(date(2024, 7, 8), None, "day")
    assert day("the 28th", tense="past") == date(2024, 6, 28)  # not yet the 28th of July
    assert day("the 28th", tense="future") == date(2024, 7, 28)


def test_a_day_reported_in_the_future_may_lie_a_day_before_the_papers_date():
    # "will visit Hawaii on the 8th" in a paper dated the 9th (Seoul time, overnight edition)
    assert day("the 8th", date(2024, 7, 9), "future") == date(2024, 7, 8)


@pytest.mark.parametrize("text", ["July. 09", "July 9", "9 July", "July. 09, 2024", "July 9, 2024", "2024-07-09", "2024.07.09", "Tuesday, July 9"])
def test_written_dates_with_or_without_their_year(text):
    assert resolve(text, WEDNESDAY) == Resolved(date(2024, 7, 9), None, "day")


@pytest.mark.parametrize(("text", "expected"), [
    ("2023", Resolved(date(2023, 1, 1), None, "year")),
    ("March 2022", Resolved(date(2022, 3, 1), None, "month")),
    ("yesterday", Resolved(date(2024, 7, 9), None, "day")),
    ("today", Resolved(WEDNESDAY, None, "day")),
    ("tomorrow", Resolved(date(2024, 7, 11), None, "day")),
    ("last week", Resolved(date(2024, 7, 1), date(2024, 7, 7), "day")),
    ("this week", Resolved(date(2024, 7, 8), date(2024, 7, 14), "day")),
    ("this month", Resolved(date(2024, 7, 1), None, "month")),
    ("earlier this month", Resolved(date(2024, 7, 1), None, "month")),
    ("last month", Resolved(date(2024, 6, 1), None, "month")),
    ("last year", Resolved(date(2023, 1, 1), None, "year")),
    ("early next year", Resolved(date(2025, 1, 1), date(2025, 4, 30), "month")),
    ("late 2023", Resolved(date(2023, 9, 1), date(2023, 12, 31), "month")),
    ("the end of the year", Resolved(date(2024, 12, 1), None, "month")),
    ("two years ago", Resolved(date(2022, 1, 1), None, "year")),
    ("a week ago", Resolved(date(2024, 7, 3), None, "day")),
    ("the 1990s", Resolved(date(1990, 1, 1), date(1999, 12, 31), "year")),
    ("1950-53", Resolved(date(1950, 1, 1), date(1953, 12, 31), "year")),
    ("July 8-11, 2024", Resolved(date(2024, 7, 8), date(2024, 7, 11), "day")),
])
def test_relative_and_partial_dates(text, expected):
    assert resolve(text, WEDNESDAY) == expected


@pytest.mark.parametrize("text", ["decades", "the past 70 years", "two years", "70 years", "recent years", "the third year in a row", "annual"])
def test_durations_are_not_dates(text):
    assert resolve(text, WEDNESDAY) is None


@pytest.mark.parametrize("text", ["Monday", "July 9", "the 8th", "September last year", "last week", "yesterday"])
def test_without_an_anchor_and_without_a_year_there_is_no_value(text):
    found = resolve(text, None)
    assert found is not None and found.value is None


WORDS = ["on", "from", "to", "and", "between", "the", "last", "next", "this", "same", "early", "late", "mid-", "end of",
         "Monday", "July.", "Sept", "9", "8th", "31st", "2024", "1950", "53", "-", "year", "month", "week", "weekend",
         "day", "ago", "two", "3000", "years", "summer", "yesterday", "1990s", ","]


@given(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join) | st.text(max_size=30),
       st.none() | st.dates(), st.sampled_from([None, "past", "future"]))
def test_any_text_resolves_to_none_or_a_well_formed_date(text, anchor, tense):
    found = resolve(text, anchor, tense)
    if found is not None:
        assert found.precision in ("day", "month", "year")
        if found.value is None:
            assert found.until is None
        elif found.until is not None:
            assert found.until >= found.value


def test_a_date_with_its_year_needs_no_anchor():
    assert resolve("July 12, 2023", None) == Resolved(date(2023, 7, 12), None, "day")


def test_the_same_month_and_this_day_refer_back_to_the_dates_before_them():
    earlier = [Resolved(date(2024, 7, 8), None, "day"), Resolved(date(2024, 9, 1), None, "month")]
    assert resolve("the same month", date(2024, 7, 9), None, earlier) == Resolved(date(2024, 9, 1), None, "month")
    assert resolve("this day", date(2024, 7, 9), None, earlier) == Resolved(date(2024, 7, 8), None, "day")
    assert resolve("this day", date(2024, 7, 9)) == Resolved(date(2024, 7, 9), None, "day")


# --- Dates in a parsed article ------------------------------------------------------------

def test_an_articles_dates_are_resolved_against_its_date_with_the_tense_of_their_clause(nlp):
    analysis = analysed(
        nlp,
        "Foreign Minister Anna Berg met her Danish counterpart on Monday, the ministry said.",
        "Berg will travel to Oslo on Friday and is expected to return on Sunday.",
    )
    assert analysis.date == WEDNESDAY and not analysis.date_inferred
    assert mention(analysis, "Monday").value == date(2024, 7, 8)
    assert mention(analysis, "Friday").value == date(2024, 7, 12)
    assert mention(analysis, "Sunday").value == date(2024, 7, 14)


def test_two_dates_joined_as_a_range_are_one_mention(nlp):
    analysis = analysed(nlp, "The minister will visit Washington from Wednesday to Thursday to attend the summit.", published=date(2024, 7, 9))
    found = mention(analysis, "from Wednesday to Thursday")
    assert (found.value, found.until, found.precision) == (date(2024, 7, 10), date(2024, 7, 11), "day")
    assert analysis.article.source.text[found.start:found.end] == found.text


def test_an_undated_articles_dates_have_no_value_until_it_is_dated(nlp):
    analysis = analysed(nlp, "Anna Berg met her Danish counterpart on Monday, the ministry said.", published=None)
    assert analysis.date is None
    assert mention(analysis, "Monday").value is None
    dated = redate(analysis, WEDNESDAY)
    assert mention(dated, "Monday").value == date(2024, 7, 8)


# --- Dating an article without a date line -----------------------------------------------

def test_seed_000_is_dated_by_the_monday_its_lead_reports(seed_analyses):
    korea_times, dong_a = seed_analyses[KOREA_TIMES], seed_analyses[DONG_A]
    assert korea_times.article.published is None and dong_a.date == date(2024, 7, 9)
    # Its lead reports Yoon's remarks "according to Reuters, Monday": the interview of Monday 8 July,
    # the Monday before the Dong-A Ilbo's Tuesday 9 July. The article reports that day's news.
    assert infer_date(korea_times, [dong_a.date]) == date(2024, 7, 8)


def test_weekday_references_keep_an_inferred_date_inside_their_week(seed_analyses):
    # Monday behind it and Wednesday to come: a Monday, Tuesday or Wednesday. With a story dated
    # Friday 19 July, the lead's Monday 15 lies too far before the story to date it (Monday 22 would
    # be nearer), and the nearest day that fits is Wednesday 17 July.
    assert infer_date(seed_analyses[KOREA_TIMES], [date(2024, 7, 19)]) == date(2024, 7, 17)


def test_a_weekday_outside_the_lead_does_not_date_the_article(nlp):
    analysis = analysed(
        nlp,
        "Foreign Minister Anna Berg warned Russia against deepening its military ties with North Korea, the ministry said.",
        "Berg met her Danish counterpart on Monday.",
        "She will visit Washington from Wednesday to Thursday.",
        published=None,
    )
    # Of Monday 15, Tuesday 16 and Wednesday 17 July, the nearest to the story's Thursday 18.
    assert infer_date(analysis, [date(2024, 7, 18)]) == date(2024, 7, 17)


@pytest.mark.parametrize("lead", [
    "Foreign Minister Anna Berg warned Russia against deepening its military ties with North Korea on Monday.",
    "Foreign Minister Anna Berg warned Russia against deepening its military ties with North Korea, according to Reuters, Monday.",
    "Foreign Minister Anna Berg said Monday that Russia should not deepen its military ties with North Korea.",
])
def test_a_weekday_that_dates_what_the_lead_reports_dates_the_article(nlp, lead):
    analysis = analysed(nlp, lead, "She will visit Washington from Wednesday to Thursday.", published=None)
    assert infer_date(analysis, [date(2024, 7, 9)]) == date(2024, 7, 8)  # the Monday before the story's Tuesday
    assert infer_date(analysis, [date(2024, 7, 8), date(2024, 7, 11)]) == date(2024, 7, 8)  # the last on or before its latest


def test_a_lead_weekday_that_would_fall_after_the_storys_latest_date_is_not_used(nlp):
    analysis = analysed(nlp, "Foreign Minister Anna Berg said Wednesday that Russia should not arm North Korea.", published=None)
    # With the story dated Tuesday 9 July, the nearest Wednesday is the 10th, after it; the one on
    # or before it, 3 July, lies a week before the story. Neither dates the article: its story does.
    assert infer_date(analysis, [date(2024, 7, 9)]) == date(2024, 7, 9)


def test_a_lead_weekday_does_not_override_what_the_article_dates_in_full(nlp):
    analysis = analysed(
        nlp,
        "Foreign Minister Anna Berg said Monday that Russia should not arm North Korea.",
        "Talks with Moscow ended on July 11, 2024, her spokesman said.",
        published=None,
    )
    # Reporting the talks of Thursday 11 July, it cannot be of Monday 8: the nearest day to its story
    # that can be, the 11th itself, dates it (the Monday it reports is then the 8th).
    dated = redate(analysis, found := infer_date(analysis, [date(2024, 7, 9)]))
    assert found == date(2024, 7, 11)
    assert mention(dated, "Monday").value == date(2024, 7, 8)


def test_a_lead_weekday_about_the_future_does_not_date_the_article(nlp):
    analysis = analysed(nlp, "Foreign Minister Anna Berg will travel to Washington on Monday to attend the summit.", published=None)
    # The trip is to come: the article is of the days before it, the nearest to the story's Tuesday 9 July.
    assert infer_date(analysis, [date(2024, 7, 9), date(2024, 7, 10)]) == date(2024, 7, 9)


def test_a_lead_weekday_without_other_dated_articles_dates_nothing(nlp, seed_analyses):
    assert infer_date(seed_analyses[KOREA_TIMES], []) is None  # nothing else dates the seed
    analysis = analysed(
        nlp,
        "Foreign Minister Anna Berg said Monday that the declaration leaders signed in Vilnius on July 12, 2023, still held.",
        published=None,
    )
    # No story to read Monday against: dated from the event it dates in full, a Wednesday.
    assert infer_date(analysis, []) == date(2023, 7, 12)


def test_an_article_with_its_own_date_line_keeps_it_whatever_its_lead_weekday(nlp):
    from briefing.model import Event

    own = analysed_article(nlp, "Minister warns Moscow", "Posted July. 11, 2024",
                           "Foreign Minister Anna Berg warned Russia against arming North Korea, according to Reuters, Monday.",
                           article_id="own")
    undated = analysed_article(nlp, "Minister warns Moscow", "Foreign Minister Anna Berg warned Russia against arming North Korea, according to Reuters, Monday.",
                               article_id="undated")
    other = analysed(nlp, "Anna Berg spoke to Reuters.", published=date(2024, 7, 9))
    other = replace(other, article=replace(other.article, id="other"))
    assert own.article.published == date(2024, 7, 11) and undated.article.published is None
    story = Event(id="story-own", title="Minister warns Moscow", articles=("own", "undated", "other"))
    dated = {a.article.id: a for a in date_stories([own, undated, other], [story])}
    assert dated["own"] is own and (own.date, own.date_inferred) == (date(2024, 7, 11), False)
    # The undated one is read against its story's latest date, the Thursday of the date line.
    assert (dated["undated"].date, dated["undated"].date_inferred) == (date(2024, 7, 8), True)


def test_nothing_dates_an_article_without_story_and_full_dates(seed_analyses):
    assert infer_date(seed_analyses[KOREA_TIMES], []) is None


def test_an_article_without_a_story_is_dated_from_the_last_event_it_dates_in_full(nlp):
    analysis = analysed(nlp, "Leaders signed the declaration in Vilnius on July 12, 2023, the alliance said.", published=None)
    assert infer_date(analysis, []) == date(2023, 7, 12)


@pytest.fixture(scope="module")
def undated_korea_times(nlp):
    """Seed 000 as analysed alone: it has no date line, and no story to take a date from."""
    from briefing.analyse.article import analyse
    from briefing.pipeline import load_articles

    articles, _ = load_articles([SEEDS / f"{KOREA_TIMES}.txt"])
    [analysis] = analyse(articles, nlp)
    return analysis


def test_redate_gives_the_inferred_date_and_dates_read_against_it(undated_korea_times):
    korea_times = undated_korea_times
    dated = redate(korea_times, date(2024, 7, 9))
    assert (dated.date, dated.date_inferred) == (date(2024, 7, 9), True)
    values = {d.text: (d.value, d.until, d.precision) for d in dated.dates}
    assert values["Monday"] == (date(2024, 7, 8), None, "day")
    assert values["June"] == (date(2024, 6, 1), None, "month")
    assert values["September last year"] == (date(2023, 9, 1), None, "month")
    assert values["from Wednesday to Thursday"] == (date(2024, 7, 10), date(2024, 7, 11), "day")
    assert values["the third year in a row"] == (None, None, "day")
    assert korea_times.date is None and korea_times.dates[0].value is None  # the original is left as it was


def test_date_stories_dates_the_undated_articles_of_a_story(seed_brief):
    dated = {a.article.id: a for a in date_stories(seed_brief.analyses, seed_brief.events)}
    assert (dated[KOREA_TIMES].date, dated[KOREA_TIMES].date_inferred) == (date(2024, 7, 8), True)
    assert dated[DONG_A] is next(a for a in seed_brief.analyses if a.article.id == DONG_A)


# --- The timeline ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_timeline(seed_brief):
    return timeline(date_stories(seed_brief.analyses, seed_brief.events))


def test_timeline_is_sorted_by_date_then_article_order(seed_timeline):
    order = {KOREA_TIMES: 0, DONG_A: 1}
    keys = [(e.date, order[e.article]) for e in seed_timeline]
    assert keys == sorted(keys)
    assert seed_timeline[0].date == date(2023, 4, 1)  # "the state visit to the U.S. last April"


def test_timeline_entries_are_traceable_to_their_article(seed_timeline, seed_analyses):
    for entry in seed_timeline:
        text = seed_analyses[entry.article].article.source.text
        assert text[entry.sentence.start:entry.sentence.end] == entry.sentence.text
        assert text[entry.mention.start:entry.mention.end] == entry.mention.text
        assert entry.sentence.start <= entry.mention.start < entry.mention.end <= entry.sentence.end


def test_timeline_has_the_happenings_of_both_articles_and_no_durations(seed_timeline):
    found = {(e.article, e.mention.text): (e.date, e.until, e.inferred) for e in seed_timeline}
    assert found[(KOREA_TIMES, "from Wednesday to Thursday")] == (date(2024, 7, 10), date(2024, 7, 11), True)
    assert found[(DONG_A, "the 10th and 11th")] == (date(2024, 7, 10), date(2024, 7, 11), False)
    assert found[(DONG_A, "the 8th")] == (date(2024, 7, 8), None, False)
    assert found[(DONG_A, "this day")] == (date(2024, 7, 8), None, False)  # the day just reported
    texts = {text for _, text in found}
    assert not texts & {"70 years", "the third year in a row"}


def test_a_sentence_with_two_dates_is_listed_under_each(seed_timeline):
    departure = [e for e in seed_timeline if e.sentence.text.startswith("President Yoon will depart")]
    assert [(e.date, e.until) for e in departure] == [
        (date(2024, 7, 8), None), (date(2024, 7, 8), date(2024, 7, 9)), (date(2024, 7, 10), date(2024, 7, 11)),
    ]


def test_timeline_leaves_out_an_undated_article(undated_korea_times):
    assert timeline([undated_korea_times]) == []


# --- What happens at a date -----------------------------------------------------------------

def test_a_date_keeps_the_words_of_its_clause_that_say_what_happens(nlp):
    analysis = analysed(
        nlp,
        "The minister will depart on Friday, visit the fleet in Hawaii on July 12, "
        "and then attend the NATO summit in Washington from July 15 to July 16.",
    )
    assert mention(analysis, "July 15 to July 16").happening.text == (
        "then attend the NATO summit in Washington from July 15 to July 16"
    )
    assert mention(analysis, "Friday").happening.text == "The minister will depart on Friday"


def test_a_date_on_a_noun_phrase_keeps_the_thing_it_dates(nlp):
    analysis = analysed(nlp, "Since the leaders' previous summit in September last year, trade has doubled.")
    assert mention(analysis, "September last year").happening.text == "the leaders' previous summit in September last year"


def test_a_participle_keeps_the_noun_it_describes(nlp):
    analysis = analysed(nlp, "The minister will attend a banquet hosted by the prime minister on Thursday.")
    assert mention(analysis, "Thursday").happening.text == "The minister will attend a banquet hosted by the prime minister on Thursday"


def test_the_words_of_a_happening_are_traceable_and_hold_their_date(seed_analyses):
    for analysis in seed_analyses.values():
        text = analysis.article.source.text
        for found in analysis.dates:
            if found.happening is not None:
                assert text[found.happening.start:found.happening.end] == found.happening.text
                assert found.happening.start <= found.start and found.end <= found.happening.end
