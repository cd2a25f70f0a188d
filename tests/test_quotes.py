"""Who said what: quote forms, kinds, cues and speakers on short invented articles."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.analyse.quotes import headline_quote, quote_spans
from conftest import analysed_article

HEADLINE = "Minister meets allies in Brussels"


def analysed(nlp, *paragraphs: str, headline: str = HEADLINE):
    return analysed_article(nlp, headline, *paragraphs)


def only(quotes, words):
    found = [q for q in quotes if any(words in p.text for p in q.parts)]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


def test_curly_quote_with_its_cue_and_named_speaker(nlp):
    analysis = analysed(nlp, "“We will not give in to pressure from anyone,” Foreign Minister Anna Berg said on Monday.")
    quote = only(analysis.quotes, "We will not give in")
    assert quote.kind == "direct"
    assert quote.cue.text == "said"
    assert quote.speaker.name == "Anna Berg"
    assert analysis.article.source.text[quote.speaker.start:quote.speaker.end] == "Anna Berg"


def test_straight_marks_and_a_cue_before_the_quote(nlp):
    analysis = analysed(nlp, 'Anna Berg told reporters: "The talks were difficult but honest."')
    quote = only(analysis.quotes, "The talks were difficult")
    assert (quote.kind, quote.cue.text, quote.speaker.name) == ("direct", "told", "Anna Berg")


def test_quote_split_around_its_cue_is_one_statement(nlp):
    analysis = analysed(nlp, "“The talks were difficult,” Anna Berg said. “But we agreed on the next steps.”")
    quote = only(analysis.quotes, "The talks were difficult")
    assert [p.text for p in quote.parts] == ["“The talks were difficult,”", "“But we agreed on the next steps.”"]
    assert quote.speaker.name == "Anna Berg"


def test_a_quote_left_open_runs_on_into_the_next_paragraph(nlp):
    analysis = analysed(
        nlp,
        "Anna Berg said: “The talks were difficult. We spoke for six hours about the border.",
        "“In the end we agreed on the next steps.”",
    )
    quote = only(analysis.quotes, "The talks were difficult")
    assert "In the end we agreed" in quote.parts[-1].text
    assert quote.speaker.name == "Anna Berg"


def test_follow_on_paragraph_without_a_cue_keeps_the_speaker(nlp):
    analysis = analysed(
        nlp,
        "“The talks were difficult,” said Anna Berg, the foreign minister of Norway.",
        "“We will meet again in May and I expect a signed text by then.”",
        "The next round is due in Oslo.",
    )
    quote = only(analysis.quotes, "We will meet again in May")
    assert quote.speaker.name == "Anna Berg"


def test_pronoun_speaker_resolves_to_the_person_named_before(nlp):
    analysis = analysed(
        nlp,
        "Anna Berg met the envoy of Sweden on Monday in Brussels.",
        "“The talks were difficult but honest,” she said after the meeting.",
    )
    quote = only(analysis.quotes, "The talks were difficult")
    assert analysis.article.source.text[quote.speaker.start:quote.speaker.end] == "she"
    assert quote.speaker.name == "Anna Berg"


def test_partial_quote_carries_the_reported_clause(nlp):
    analysis = analysed(nlp, "Anna Berg said that the plan would “fail within a year” if nothing changed.")
    quote = only(analysis.quotes, "fail within a year")
    assert quote.kind == "partial"
    assert quote.parts[0].text.startswith("that the plan would “fail within a year”")
    assert quote.speaker.name == "Anna Berg"


def test_an_organisation_can_speak(nlp):
    analysis = analysed(nlp, "The European Commission said in a statement that the deal “protects both sides”.")
    quote = only(analysis.quotes, "protects both sides")
    assert quote.speaker.name == "European Commission"


def test_indirect_speech_and_according_to(nlp):
    analysis = analysed(
        nlp,
        "Anna Berg said the government would present a new budget in the autumn.",
        "According to the finance ministry, the deficit will fall to two percent next year.",
    )
    said = only(analysis.quotes, "the government would present a new budget")
    assert (said.kind, said.cue.text, said.speaker.name) == ("indirect", "said", "Anna Berg")
    according = only(analysis.quotes, "the deficit will fall")
    assert (according.kind, according.cue.text) == ("indirect", "According to")
    assert "finance ministry" in according.speaker.name


def test_single_quoted_titles_and_scare_quotes_are_not_quotes(nlp):
    analysis = analysed(
        nlp,
        "Norway will host the 'Conference on Responsible Use of Artificial Intelligence' in May.",
        "The so-called “shadow fleet” carried oil past the sanctions.",
        "She starred in “Orange Is the New Black” before politics.",
    )
    assert analysis.quotes == []


def test_nested_single_quotes_stay_inside_the_quote(nlp):
    analysis = analysed(nlp, "“They told us, ‘Wait until May,’ and we waited,” Anna Berg said.")
    quote = only(analysis.quotes, "Wait until May")
    assert quote.parts[0].text == "“They told us, ‘Wait until May,’ and we waited,”"


def test_unbalanced_marks_do_not_fail_the_article(nlp):
    analysis = analysed(
        nlp,
        "“The talks were difficult, Anna Berg said on Monday.",
        "Nobody closed this one: ” and then “ and then ” again.",
    )
    assert all(q.start < q.end for q in analysis.quotes)


def test_markup_attribute_values_are_not_quotes():
    body = 'A tweet <tweet author="GovernorPataki" id="12">Praying for the victims</tweet>.'
    assert quote_spans(body, [(0, len(body))]) == []


@pytest.mark.parametrize(
    ("headline", "words", "name"),
    [
        ("Yoon: “Russia needs to judge carefully”", "“Russia needs to judge carefully”", "Yoon"),
        ("'We will not give in,' says Berg", "'We will not give in,'", "Berg"),
        ("“Anybody but Trump” fills the sky", None, None),
        ("Minister meets allies in Brussels", None, None),
    ],
)
def test_headline_quotes(headline, words, name):
    found = headline_quote(headline)
    if words is None:
        assert found is None or found[1] is None
        return
    (start, end), speaker = found
    assert headline[start:end] == words
    assert headline[speaker[0]:speaker[1]] == name


def test_headline_quote_is_attributed_to_the_article_actor(nlp):
    analysis = analysed(
        nlp, "Foreign Minister Anna Berg met the envoy of Sweden on Monday.",
        headline="Berg: “Russia needs to judge carefully”",
    )
    quote = analysis.quotes[0]
    assert quote.text == "“Russia needs to judge carefully”"
    assert quote.speaker.name == "Anna Berg"
    assert analysis.article.source.text[quote.start:quote.end] == quote.text


PIECES = st.sampled_from(['"', "“", "”", "'", "‘", "’", " said ", " Anna Berg", ", ", ". ", "\n\n", "He added", " the talks ", "were hard", "=", ":"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, min_size=1, max_size=40).map("".join))
def test_any_arrangement_of_marks_gives_quotes_that_point_at_their_text(nlp, noise):
    analysis = analysed(nlp, "Anna Berg spoke on Monday. " + noise + " The end.")
    text = analysis.article.source.text
    for quote in analysis.quotes:
        assert text[quote.start:quote.end] == quote.text
        assert all(text[p.start:p.end] == p.text and quote.start <= p.start < p.end <= quote.end for p in quote.parts)
        if quote.cue:
            assert text[quote.cue.start:quote.cue.end] == quote.cue.text


def test_a_name_and_colon_introduce_the_words(nlp):
    analysis = analysed(
        nlp, "The pollsters looked back at the primaries on Monday.",
        "Carl Bialik: “One of the biggest lessons was a simple one: keep on calling voters.”",
    )
    quote = only(analysis.quotes, "One of the biggest lessons")
    assert quote.speaker.name == "Carl Bialik"
    assert quote.cue is None


def test_speaker_named_in_apposition_to_a_title(nlp):
    analysis = analysed(nlp, "Sirius XM Vice President Dave Gorab called the show “the conservative news show of record.”")
    quote = only(analysis.quotes, "conservative news show")
    assert quote.speaker.name == "Dave Gorab"
    assert quote.parts[0].text.startswith("the show “the conservative")


def test_a_sentence_ending_in_a_colon_introduces_the_next_paragraph(nlp):
    analysis = analysed(nlp, "Senator Ted Cruz continued:", "“You look at the questions and you see the bias of the moderators.”")
    quote = only(analysis.quotes, "You look at the questions")
    assert (quote.cue.text, quote.speaker.name) == ("continued", "Ted Cruz")


def test_any_verb_that_frames_a_quotation_is_its_cue(nlp):
    analysis = analysed(
        nlp,
        "Anna Berg criticised the plan during the debate.",
        "“You will never get this through parliament,” Peter Holm shot back. “Let me finish.”",
    )
    quote = only(analysis.quotes, "You will never get this")
    assert (quote.cue.text, quote.speaker.name) == ("shot", "Peter Holm")
    assert len(quote.parts) == 2


def test_a_name_after_a_heading_dash_introduces_the_words(nlp):
    analysis = analysed(nlp, "Polls missed the late swing - Carl Bialik: “One lesson was simple: keep polling until the end.”")
    assert only(analysis.quotes, "One lesson was simple").speaker.name == "Carl Bialik"


def test_a_pronoun_inside_reported_speech_gives_way_to_the_named_speaker(nlp):
    analysis = analysed(nlp, "John Kasich says he would sit the president down and tell him “no more nonsense” on trade.")
    assert only(analysis.quotes, "no more nonsense").speaker.name == "John Kasich"


def test_a_quotation_goes_on_from_the_speech_verb_of_the_paragraph_before(nlp):
    analysis = analysed(
        nlp,
        "Defence Secretary Ash Carter said that critics had long predicted a withdrawal from the region.",
        "“That is not going to happen, because this region matters for our own security.”",
    )
    quote = only(analysis.quotes, "That is not going to happen")
    assert (quote.kind, quote.speaker.name) == ("partial", "Ash Carter")
    assert quote.parts[0].text == "that critics had long predicted a withdrawal from the region"


def test_a_name_beside_a_cue_the_parse_left_without_subject(nlp):
    analysis = analysed(
        nlp,
        "In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
        "“Transatlantic cooperation is essential to our security.”",
    )
    assert only(analysis.quotes, "Transatlantic cooperation").speaker.name == "Jake Sullivan"


def test_no_break_spaces_do_not_hide_the_speaker(nlp):
    analysis = analysed(nlp, "“Like Oakland. Or Ferguson,”\u00a0Donald Trump said.\u00a0“The crime numbers are worse.”")
    quote = only(analysis.quotes, "Like Oakland")
    assert quote.speaker.name == "Donald Trump"
    assert len(quote.parts) == 2


def test_continue_to_do_something_is_not_a_cue(nlp):
    analysis = analysed(nlp, "Maria Lund declared victory and said that her campaign would continue “to break barriers” across the nation.")
    assert only(analysis.quotes, "to break barriers").speaker.name == "Maria Lund"


def test_a_title_beside_the_speech_is_not_part_of_it(nlp):
    analysis = analysed(nlp, "On ABC’s “Good Morning America” on Tuesday, he said, “I never said I was going to pay for the fees.”")
    quote = only(analysis.quotes, "I never said")
    assert [p.text for p in quote.parts] == ["“I never said I was going to pay for the fees.”"]


def test_a_that_clause_the_parse_hung_elsewhere_is_still_reported(nlp):
    analysis = analysed(
        nlp,
        "Donald Trump hailed the vote, telling reporters during a visit to Scotland on Friday that he thinks the result is “a great thing.”",
    )
    quote = only(analysis.quotes, "a great thing")
    assert quote.kind == "partial"
    assert quote.text.startswith("that he thinks the result is")


def test_what_a_speaker_accuses_someone_of_is_the_reported_statement(nlp):
    analysis = analysed(nlp, "Anna Berg accused the minister of “misrepresenting what had occurred at the border.”")
    quote = only(analysis.quotes, "misrepresenting what had occurred")
    assert quote.kind == "partial"
    assert quote.text.startswith("the minister of “misrepresenting")
    assert quote.speaker.name == "Anna Berg"


def test_a_parenthetical_cue_attributes_its_sentence_without_the_parenthesis(nlp):
    analysis = analysed(nlp, "The minister, Anna Berg said, has created a “strange and dangerous new politics.”")
    quote = only(analysis.quotes, "strange and dangerous")
    assert [p.text for p in quote.parts] == ["The minister", "has created a “strange and dangerous new politics.”"]
    assert quote.speaker.name == "Anna Berg"


def test_two_quoted_pieces_of_one_clause_are_one_quote(nlp):
    analysis = analysed(nlp, "Clinton said the goal was not to “make America great again” but to “make America whole again.”")
    [quote] = analysis.quotes
    assert quote.text == "the goal was not to “make America great again” but to “make America whole again.”"


def test_the_object_a_naming_verb_gives_the_quoted_words_belongs_to_the_quote(nlp):
    analysis = analysed(nlp, "One Clinton spokesman has called the situation “overclassification run amok.”")
    quote = only(analysis.quotes, "overclassification")
    assert quote.text.startswith("the situation “overclassification")


def test_a_that_clause_addressee_is_not_part_of_the_quote(nlp):
    analysis = analysed(nlp, "Haley told reporters in Greenville that “to be able to beat expectations would be helpful.”")
    quote = only(analysis.quotes, "beat expectations")
    assert quote.text.startswith("that “to be able")


def test_a_new_paragraph_is_a_new_sentence_for_the_parser(nlp):
    doc = nlp("He said the plan “is working.”\n\n“We will go on,” she added.\nThen she left")
    starts = [s.text for s in doc.sents]
    assert starts[0].startswith("He said") and not any("\n\n“We" in s for s in starts)
    assert any(s.startswith("“We will go on") for s in starts)


def test_a_quote_with_its_own_cue_in_the_next_paragraph_is_a_quote_of_its_own(nlp):
    analysis = analysed(
        nlp,
        "Galston said Trump has a real chance. “That’s exactly what people want right now.”",
        "“It seems to me they have every incentive to find common ground,” he said of Trump and Ryan.",
    )
    quote = only(analysis.quotes, "every incentive")
    assert quote.text.startswith("“It seems to me")
    assert len(quote.parts) == 1
