"""Actors: countries under their capitals, short forms and demonyms; places stay places."""

from __future__ import annotations

from test_quotes import analysed, only


def test_a_capital_that_speaks_is_its_country(nlp):
    analysis = analysed(nlp, "Moscow warned on Monday that new sanctions “will not go unanswered,” the agency said.")
    quote = only(analysis.quotes, "will not go unanswered")
    assert quote.speaker.name == "Russia"
    assert analysis.article.source.text[quote.speaker.start:quote.speaker.end] == "Moscow"


def test_the_kremlin_and_acronyms_join_their_country(nlp):
    analysis = analysed(
        nlp,
        "Russia rejected the proposal on Monday, and the Kremlin called it a provocation.",
        "The U.S. and the United States Congress responded within hours to the Kremlin.",
    )
    russia = next(a for a in analysis.actors if a.name == "Russia")
    assert "Kremlin" in russia.aliases
    united_states = next(a for a in analysis.actors if a.name == "United States")
    assert "U.S." in united_states.aliases


def test_a_capital_as_a_place_stays_a_place(nlp):
    analysis = analysed(nlp, "The ministers met in Moscow on Monday to discuss the grain deal with Turkey.")
    assert {a.name: a.kind for a in analysis.actors}.get("Moscow") == "place"
    assert not any(a.name == "Russia" for a in analysis.actors)


def test_the_north_and_the_south_in_a_korea_story(nlp):
    analysis = analysed(
        nlp,
        "North Korea fired two missiles on Monday, South Korea said.",
        "The North has fired more than 20 missiles this year, and the South has raised its alert level.",
    )
    names = {a.name: a.aliases for a in analysis.actors}
    assert "The North" in names["North Korea"]
    assert "the South" in names["South Korea"]


def test_the_north_outside_a_korea_story_is_nothing(nlp):
    analysis = analysed(nlp, "Storms hit the North on Monday and the South on Tuesday, the Met Office said.")
    assert not any("Korea" in a.name for a in analysis.actors)
