"""Comparing the outlets of one story: shared statements, and what only one outlet reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.brief.compare import REPORTED_ELSEWHERE, Weights, _reported_elsewhere, merge_timeline, only_in, paraphrases, same_words, shared_quotes
from briefing.brief.timeline import timeline
from briefing.model import Cited, Span
from conftest import analysed_article


def article(nlp, article_id: str, *paragraphs: str):
    return analysed_article(nlp, "Minister speaks on the harbour deal", *paragraphs, article_id=article_id)


def test_the_same_words_reported_by_two_outlets_are_one_statement_with_both_sources(nlp):
    first = article(nlp, "first", '"The harbour will stay open for another five years," Minister Anna Berg said on Monday.')
    second = article(nlp, "second", 'Anna Berg told reporters: "The harbour will stay open for another five years."')
    [statement] = shared_quotes([first, second])
    assert statement.speaker == "Anna Berg"
    assert statement.same_words
    assert [c.article for c in statement.reports] == ["first", "second"]
    for cited, analysis in zip(statement.reports, (first, second)):
        assert analysis.article.source.text[cited.span.start:cited.span.end] == cited.span.text


def test_differing_wordings_of_one_statement_are_matched_but_not_called_the_same(nlp):
    first = article(nlp, "first", '"The future of our relations depends entirely on Moscow\'s actions," Anna Berg said.')
    second = article(nlp, "second", "Anna Berg said that the future of the relations hinges entirely on Moscow's attitude.")
    [statement] = shared_quotes([first, second])
    assert not statement.same_words


def test_statements_of_different_speakers_or_subjects_are_not_matched(nlp):
    first = article(nlp, "first", '"The harbour will stay open for another five years," Anna Berg said.')
    second = article(
        nlp,
        "second",
        '"The harbour will stay open for another five years," Lars Holm said.',
        '"Fishing quotas will be cut in half next spring," Anna Berg said.',
    )
    assert shared_quotes([first, second]) == []


def test_a_report_joins_a_statement_at_most_once_per_article(nlp):
    first = article(nlp, "first", '"The harbour will stay open for another five years," Anna Berg said.')
    second = article(
        nlp,
        "second",
        '"The harbour will stay open for another five years," Anna Berg said.',
        '"The harbour will stay open, for another five years at least," Anna Berg added.',
    )
    [statement] = shared_quotes([first, second])
    assert [c.article for c in statement.reports] == ["first", "second"]


def test_what_only_one_outlet_reports_is_listed_for_it(nlp):
    shared = "The council voted on Tuesday to keep the harbour of Lindholm open for five more years."
    first = article(nlp, "first", shared, "The mayor will host a banquet for the fishing fleet at the town hall on Friday.")
    second = article(nlp, "second", shared, "A cyber defence exercise for the port authority is planned for September.")
    found = only_in([first, second])
    assert [c.span.text for c in found["first"]] == ["The mayor will host a banquet for the fishing fleet at the town hall on Friday."]
    assert [c.span.text for c in found["second"]] == ["A cyber defence exercise for the port authority is planned for September."]


def test_a_story_of_one_article_has_nothing_to_compare(nlp):
    assert only_in([article(nlp, "only", "The council voted on Tuesday to keep the harbour open.")]) == {}


def test_quoted_words_decide_sameness_for_partial_quotes():
    from briefing.model import Quote, Span

    def quote(text, kind):
        return Quote(text, 0, len(text), kind, None, None, (Span(text, 0, len(text)),))

    assert same_words(quote('that Moscow should adopt a "sensible" approach', "partial"), quote('a "sensible" choice', "partial"))
    assert not same_words(quote("the harbour stays open", "indirect"), quote("the harbour will close", "indirect"))


def test_seed_outlets_share_yoons_statement_on_russia_and_differ_on_the_rest(seed_brief):
    statements = shared_quotes(seed_brief.analyses)
    assert any(
        s.speaker == "Yoon Suk Yeol" and any("ROK-Russia relations" in c.span.text for c in s.reports)
        and any("Korea-Russia relations hinges" in c.span.text for c in s.reports)
        for s in statements
    )
    found = only_in(seed_brief.analyses)
    korea_times, dong_a = (found[a.article.id] for a in seed_brief.analyses)
    assert any("banquet" in c.span.text for c in korea_times)
    assert any("cyber defense exercise" in c.span.text for c in dong_a)
    assert any("Nuclear Consultative Group" in c.span.text for c in dong_a)


def test_a_story_has_a_bottom_line_and_a_summary_that_does_not_repeat_it(seed_brief):
    [story] = seed_brief.events
    assert story.bottom_line is not None
    assert story.bottom_line not in story.summary
    assert {c.article for c in story.summary} == set(story.articles)  # both outlets contribute
    by_id = {a.article.id: a for a in seed_brief.analyses}
    for cited in [story.bottom_line, *story.summary]:
        assert by_id[cited.article].article.source.text[cited.span.start:cited.span.end] == cited.span.text


def test_the_story_summary_leaves_out_an_outlets_own_wording_of_what_is_already_said(seed_brief):
    [story] = seed_brief.events
    told = [c.span.text for c in [story.bottom_line, *story.summary]]
    # The Korea Times' lead says in its own words what the Dong-A Ilbo's bottom line says.
    assert any("hinges entirely on Russia" in t for t in told)
    assert not any(t.startswith("President Yoon Suk Yeol warned Russia") for t in told)
    # Likewise the two outlets' sentences on arms support for Ukraine: one of them stays.
    assert sum("Ukraine" in t and ("lethal weapons" in t or "arms trade" in t) for t in told) == 1


def spans(*texts: str) -> list[Span]:
    return [Span(t, i * 1000, i * 1000 + len(t)) for i, t in enumerate(texts)]


def test_sentences_that_are_each_others_closest_match_tell_the_same_thing():
    first = spans(
        "The mayor closed the old harbour bridge after engineers found cracks in its pillars.",
        "Ferry fares will rise in spring.",
    )
    second = spans(
        "Engineers found cracked pillars, and the mayor shut the bridge to traffic on Monday.",
        "The city council met for three hours.",
    )
    weights = Weights([s.text for s in first + second] + ["The mayor spoke.", "The council voted.", "Traffic was heavy."])
    found = paraphrases({"a": first, "b": second}, weights)
    assert found == {frozenset((Cited("a", first[0]), Cited("b", second[0])))}


def test_a_weak_match_that_is_closer_to_another_sentence_is_not_a_paraphrase():
    first = spans("The mayor closed the harbour bridge.", "The mayor praised the bridge engineers and the ferry crews.")
    second = spans("The mayor closed the harbour bridge after engineers found cracks.")
    weights = Weights([s.text for s in first + second] + ["The council voted.", "Traffic was heavy."])
    found = paraphrases({"a": first, "b": second}, weights)
    assert frozenset((Cited("a", first[1]), Cited("b", second[0]))) not in found
    assert frozenset((Cited("a", first[0]), Cited("b", second[0]))) in found


# --- The timeline across outlets --------------------------------------------------------------

def test_the_nato_summit_reported_by_both_outlets_is_one_happening_with_both_sources(seed_brief):
    summit = [h for h in seed_brief.timeline if (h.date, h.until) == (date(2024, 7, 10), date(2024, 7, 11))]
    assert len(summit) == 1
    [happening] = summit
    assert [r.mention.text for r in happening.reports] == ["from Wednesday to Thursday", "the 10th and 11th"]
    assert not happening.inferred  # the Dong-A Ilbo states the date; only the Korea Times' is inferred
    assert [r.inferred for r in happening.reports] == [True, False]


def test_different_happenings_on_one_day_stay_apart(seed_brief):
    on_the_8th = [h for h in seed_brief.timeline if (h.date, h.until) == (date(2024, 7, 8), None)]
    departure = [h for h in on_the_8th if any(r.mention.text == "this day" for r in h.reports)]
    assert len(departure) == 1 and len(departure[0].reports) == 1  # only the Dong-A Ilbo reports the departure
    banquet = [h for h in seed_brief.timeline if any("banquet" in r.sentence.text for r in h.reports)]
    assert [len(h.reports) for h in banquet] == [1]


def test_a_happening_has_at_most_one_report_per_article_and_keeps_every_entry(seed_brief):
    entries = timeline(seed_brief.analyses)
    merged = merge_timeline(entries, seed_brief.analyses, seed_brief.events)
    assert sorted((r.article, r.mention.start, r.date) for h in merged for r in h.reports) == sorted(
        (e.article, e.mention.start, e.date) for e in entries
    )
    for happening in merged:
        assert len({r.article for r in happening.reports}) == len(happening.reports)
        assert all((r.date, r.until, r.precision) == (happening.date, happening.until, happening.precision) for r in happening.reports)
    assert [h.date for h in merged] == sorted(h.date for h in merged)


def test_articles_of_different_stories_are_never_merged(seed_brief):
    apart = [replace(e, articles=(article,)) for e in seed_brief.events for article in e.articles]
    apart = [replace(e, id=f"{e.id}-{i}") for i, e in enumerate(apart)]
    merged = merge_timeline(timeline(seed_brief.analyses), seed_brief.analyses, apart)
    assert all(len(h.reports) == 1 for h in merged)


WORDS = ["vote", "deal", "mayor", "port", "ships", "tax", "fees", "dock", "levy", "pier"]  # stems as they are
stem_sets = st.lists(st.frozensets(st.sampled_from(WORDS), max_size=8), max_size=6)


@settings(max_examples=300, deadline=None)
@given(stem_sets, st.frozensets(st.sampled_from(WORDS), min_size=1, max_size=8), st.lists(st.sampled_from(WORDS), max_size=20))
def test_a_sentence_is_reported_elsewhere_exactly_when_one_other_sentence_covers_enough_of_it(others, own, more):
    weights = Weights([" ".join(sorted(s)) for s in others] + [" ".join(more)])  # words of differing weights
    having: dict[str, list[int]] = {}
    for number, other in enumerate(others):
        for stem in other:
            having.setdefault(stem, []).append(number)
    total = weights.total(set(own))
    expected = any(weights.covered(set(own), set(other), total) >= REPORTED_ELSEWHERE for other in others)
    assert _reported_elsewhere(set(own), total, having, weights) == expected
