"""Reported speech without quote marks: who is said to say what, with the whole reported clause."""

from __future__ import annotations

import pytest

from briefing.analyse import attribution
from briefing.analyse.article import analyse_article
from conftest import analysed_article, pasted

HEADLINE = "Minister meets allies in Brussels"


def reported(nlp, *paragraphs: str, model=None):
    article = pasted(HEADLINE, *paragraphs)
    return analyse_article(article, nlp(article.body), 3, model).quotes


def one(quotes):
    assert len(quotes) == 1, [(q.kind, q.text) for q in quotes]
    return quotes[0]


def test_the_shipped_model_is_package_data():
    model = attribution.shipped_model()
    assert model is not None, f"missing {attribution.MODEL}"
    assert {"cue", "content", "cue_threshold", "min_content_score"} <= set(model)
    assert len(model["cue"]["features"]) == len(attribution.CUE_FEATURES)
    assert len(model["content"]["features"]) == len(attribution.CONTENT_FEATURES)


@pytest.mark.parametrize(("sentence", "cue", "speaker", "content"), [
    ("Officials said the missile test failed shortly after launch.", "said", "Officials",
     "the missile test failed shortly after launch"),
    ("The ministry told reporters that the border would stay closed until March.", "told", "The ministry",
     "that the border would stay closed until March"),
    ("Anna Berg warned that the talks could collapse within days.", "warned", "Anna Berg",
     "that the talks could collapse within days"),
    ("Anna Berg denied that her party had taken money from the company.", "denied", "Anna Berg",
     "that her party had taken money from the company"),
    ("Anna Berg accused the minister of misleading parliament about the costs of the bridge.", "accused", "Anna Berg",
     "the minister of misleading parliament about the costs of the bridge"),
])
def test_reported_speech_is_attributed_with_its_whole_clause(nlp, sentence, cue, speaker, content):
    quote = one(reported(nlp, sentence))
    assert (quote.kind, quote.cue.text, quote.speaker.name, quote.text) == ("indirect", cue, speaker, content)


def test_according_to_names_the_source_and_the_rest_of_the_sentence_is_what_it_says(nlp):
    quote = one(reported(nlp, "According to the finance ministry, the deficit will fall to two percent next year."))
    assert (quote.kind, quote.cue.text, quote.speaker.name) == ("indirect", "According to", "the finance ministry")
    assert quote.text.startswith("the deficit will fall to two percent next year")


def test_a_parenthetical_said_attributes_its_sentence_around_it(nlp):
    quote = one(reported(nlp, "The plan, Anna Berg said, would cut emissions by half over ten years."))
    assert [part.text for part in quote.parts] == ["The plan", "would cut emissions by half over ten years."]
    assert quote.speaker.name == "Anna Berg"


def test_reported_speech_holding_quoted_words_is_a_partial_quote(nlp):
    quote = one(reported(nlp, "Anna Berg said the deal was “a great day for workers” and would pass easily."))
    assert quote.kind == "partial"
    assert quote.text == "the deal was “a great day for workers” and would pass easily"


@pytest.mark.parametrize("sentence", [
    "The bridge was opened in 1998 and carries forty thousand cars a day.",
    "Anna Berg said no.",  # too little to be a line of the brief
])
def test_no_attribution_where_nobody_is_reported_or_nothing_is_said(nlp, sentence):
    assert reported(nlp, sentence) == []


def test_what_someone_is_expected_to_do_is_nobody_s_statement(nlp):
    assert reported(nlp, "Anna Berg is expected to tell the summit that the border will stay closed until March.") == []


def test_a_passive_cue_is_the_agent_s_statement(nlp):
    quote = one(reported(nlp, "It was announced by the ministry that the border would stay closed until March."))
    assert (quote.speaker.name, quote.text) == ("the ministry", "that the border would stay closed until March")
    quote = one(reported(nlp, "The claim was denied by Anna Berg, who called it a lie from start to finish."))
    assert (quote.cue.text, quote.speaker.name) == ("called", "Anna Berg")  # not "by Anna Berg, who ..." as what was denied


def test_a_quotation_is_not_reported_a_second_time_without_its_marks(nlp):
    quotes = reported(nlp, "“We will not give in to pressure from anyone,” Anna Berg said, adding that the talks would go on.")
    assert [q.kind for q in quotes].count("direct") == 1
    assert all(not (q.kind == "indirect" and "give in" in q.text) for q in quotes)


def test_without_the_model_the_rules_still_report_said_clauses(nlp):
    quote = one(reported(nlp, "Anna Berg said the government would present a new budget in the autumn.", model=attribution.RULES))
    assert (quote.kind, quote.cue.text, quote.speaker.name) == ("indirect", "said", "Anna Berg")


def test_a_missing_model_file_falls_back_to_the_rules(nlp, monkeypatch, tmp_path):
    sentence = "Anna Berg accused the minister of misleading parliament about the costs of the bridge."
    attribution.shipped_model.cache_clear()
    monkeypatch.setattr(attribution, "MODEL", tmp_path / "absent.json")
    try:
        assert attribution.shipped_model() is None
        assert reported(nlp, sentence) == reported(nlp, sentence, model=attribution.RULES)
    finally:
        attribution.shipped_model.cache_clear()


def test_every_content_points_at_its_text_in_the_source(nlp):
    analysis = analysed_article(
        nlp, HEADLINE,
        "Anna Berg said the government would present a new budget in the autumn.",
        "According to the finance ministry, the deficit will fall to two percent next year.",
        "The plan, Anna Berg said, would cut emissions by half over ten years.",
    )
    source = analysis.article.source.text
    assert len(analysis.quotes) == 3
    for quote in analysis.quotes:
        for part in quote.parts:
            assert source[part.start:part.end] == part.text
        assert source[quote.speaker.start:quote.speaker.end] == quote.speaker.name


def test_the_model_is_the_one_the_article_analysis_uses_by_default(nlp):
    article = pasted(HEADLINE, "Anna Berg warned that the talks could collapse within days.")
    doc = nlp(article.body)
    assert analyse_article(article, doc, 3).quotes == analyse_article(article, doc, 3, attribution.shipped_model()).quotes


def test_according_without_to_does_not_fail_the_article(nlp):
    quotes = reported(nlp, "Christie held sessions on foreign policy with officials and academics to ready himself "
                           "for a White House run, according The Associated Press.")
    assert all(q.cue.text.lower().startswith("according") for q in quotes)
