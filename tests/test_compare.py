"""Comparing the outlets of one story: shared statements, and what only one outlet reports."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefing.analysis import analyse_article
from briefing.clean import clean
from briefing.compare import only_in, same_words, shared_quotes
from briefing.model import Source


def article(nlp, article_id: str, *paragraphs: str):
    text = "Minister speaks on the harbour deal\n\n" + "\n\n".join(paragraphs) + "\n"
    source = Source(Path(f"{article_id}.txt"), text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    cleaned = clean(source, article_id)
    return analyse_article(cleaned, nlp(cleaned.body))


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
