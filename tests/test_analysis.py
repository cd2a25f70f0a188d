"""What the analysis says about the seed articles: quotes, speakers, actors, summary, offsets."""

from __future__ import annotations

import pytest

from conftest import MENACE

KOREA_TIMES = "000_47eb9ec3281c3aec"
DONG_A = "001_3a90daa9eccd1bea"


def quote_containing(analysis, words):
    return next(q for q in analysis.quotes if any(words in part.text for part in q.parts))


def test_menace_quote_is_attributed_to_yoon_suk_yeol(seed_analyses):
    quote = quote_containing(seed_analyses[KOREA_TIMES], MENACE)
    assert quote.kind == "direct"
    assert quote.cue.text == "said"
    assert quote.speaker.name == "Yoon Suk Yeol"
    assert quote.speaker.actor == "yoon-suk-yeol"


def test_follow_on_quote_without_cue_inherits_the_speaker(seed_analyses):
    quote = quote_containing(seed_analyses[KOREA_TIMES], "I hope that Russia will sensibly decide")
    assert quote.speaker.name == "Yoon Suk Yeol"


def test_he_added_resolves_to_the_person_named_before(seed_analyses):
    analysis = seed_analyses[KOREA_TIMES]
    quote = quote_containing(analysis, "The future of ROK-Russia relations")
    assert quote.cue.text == "added"
    text = analysis.article.source.text
    assert text[quote.speaker.start:quote.speaker.end] == "He"
    assert quote.speaker.actor == "yoon-suk-yeol"


def test_a_country_can_speak_through_a_participle_cue(seed_analyses):
    quote = quote_containing(seed_analyses[KOREA_TIMES], "We will always be on the side")
    assert quote.cue.text == "saying"
    assert quote.speaker.name == "North Korea"  # Pyongyang, the capital, speaks for the country
    text = seed_analyses[KOREA_TIMES].article.source.text
    assert text[quote.speaker.start:quote.speaker.end] == "Pyongyang"


def test_capitals_acronyms_demonyms_and_sides_merge_into_their_country(seed_analyses):
    actors = {a.name: a for a in seed_analyses[KOREA_TIMES].actors}
    assert {"Pyongyang", "the North"} <= set(actors["North Korea"].aliases)
    assert {"ROK", "South Korean", "the South"} <= set(actors["South Korea"].aliases)
    assert "Moscow" in actors["Russia"].aliases
    assert actors["North Korea"].kind == actors["South Korea"].kind == "country"


def test_one_word_quotes_are_partial_with_their_reported_clause(seed_analyses):
    sensible = quote_containing(seed_analyses[KOREA_TIMES], '"sensible"')
    assert sensible.kind == "partial"
    assert sensible.parts[0].text.startswith("that Moscow should adopt")
    assert not sensible.text.endswith("Monday")  # "..., according to Reuters, Monday" is not what Yoon said
    assert quote_containing(seed_analyses[KOREA_TIMES], '"negative"').kind == "partial"


def test_single_quoted_titles_are_not_quotes(seed_analyses):
    quotes = seed_analyses[DONG_A].quotes
    assert not any("High-Level Conference" in q.text for q in quotes if q.kind != "indirect")
    mentioned = next(q for q in quotes if "High-Level Conference" in q.text)  # what Yoon mentioned, reported
    assert (mentioned.kind, mentioned.speaker.name) == ("indirect", "Yoon Suk Yeol")


def test_yoon_mentions_merge_into_one_person(seed_analyses):
    for analysis in seed_analyses.values():
        yoon = [a for a in analysis.actors if "Yoon" in a.name or any("Yoon" in x for x in a.aliases)]
        assert len(yoon) == 1
        assert yoon[0].name == "Yoon Suk Yeol"
        assert yoon[0].kind == "person"
        assert yoon[0].title == "President"
        assert "Yoon" in yoon[0].aliases


def test_headline_yoon_tagged_as_place_is_still_the_person(seed_analyses):
    analysis = seed_analyses[KOREA_TIMES]
    assert not any(a.name == "Yoon" for a in analysis.actors)


def test_possessive_is_not_part_of_a_name(seed_analyses):
    names = {a.name for a in seed_analyses[KOREA_TIMES].actors}
    assert "South Korea" in names
    assert not any(name.endswith(("'s", "’s")) for name in names)


def test_acronym_joins_the_name_it_abbreviates(seed_analyses):
    nato = next(a for a in seed_analyses[KOREA_TIMES].actors if "NATO" in a.aliases)
    assert nato.name == "North Atlantic Treaty Organization"
    assert nato.kind == "organisation"


def test_authors_and_boilerplate_are_not_actors(seed_analyses):
    for analysis in seed_analyses.values():
        names = {a.name for a in analysis.actors} | {x for a in analysis.actors for x in a.aliases}
        for author in analysis.article.authors:
            assert not any(part in name for name in names for part in author.split())
        assert not names & {"Top 10 Stories", "LETTER", "Sign up for eNewsletter", "Go to contents"}


def test_countries_are_told_from_other_places(seed_analyses):
    kinds = {a.name: a.kind for a in seed_analyses[KOREA_TIMES].actors}
    assert kinds["Russia"] == "country"
    assert kinds["Washington"] == "place"


@pytest.mark.parametrize("article_id", [KOREA_TIMES, DONG_A])
def test_summary_has_three_sentences_in_article_order(seed_analyses, article_id):
    summary = seed_analyses[article_id].summary
    assert len(summary) == 3
    assert [s.start for s in summary] == sorted(s.start for s in summary)


def test_summary_leaves_out_captions(seed_analyses):
    analysis = seed_analyses[KOREA_TIMES]
    caption = analysis.article.captions[0]
    assert all(not (caption.start <= s.start < caption.end) for s in analysis.summary)


def test_every_span_points_at_its_text_in_the_source(seed_analyses):
    for analysis in seed_analyses.values():
        text = analysis.article.source.text
        spans = analysis.sentences + analysis.summary + list(analysis.quotes) + analysis.dates
        spans += [m for a in analysis.actors for m in a.mentions]
        for span in spans:
            assert text[span.start:span.end] == span.text
        for quote in analysis.quotes:
            if quote.speaker:
                assert text[quote.speaker.start:quote.speaker.end].strip()


def test_both_seeds_form_one_story(seed_brief):
    assert len(seed_brief.events) == 1
    assert set(seed_brief.events[0].articles) == {KOREA_TIMES, DONG_A}
