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


def actor_named(analysis, name):
    found = [a for a in analysis.actors if a.name == name]
    assert len(found) == 1, [(a.name, a.aliases) for a in analysis.actors]
    return found[0]


def test_a_demonym_shared_by_several_countries_is_the_most_populous_one(nlp):
    analysis = analysed(nlp, "American officials met their Indian counterparts in Delhi on Monday.")
    names = {a.name for a in analysis.actors}
    assert {"United States", "India"} <= names
    assert "Northern Mariana Islands" not in names


def test_a_party_is_one_group_under_its_plural(nlp):
    analysis = analysed(
        nlp,
        "Senate Democrats blocked the bill on Monday, and a Democrat from Ohio called it a disgrace.",
        "Democratic lawmakers said the vote would come again, but the GOP and Republican senators refused.",
    )
    democrats = actor_named(analysis, "Democrats")
    assert len(democrats.mentions) == 3
    assert {"Senate Democrats", "Democrat", "Democratic lawmakers"} <= set(democrats.aliases)
    republicans = actor_named(analysis, "Republicans")
    assert {"GOP", "Republican senators"} <= set(republicans.aliases)


def test_a_faith_before_a_plural_noun_names_its_members_and_before_a_singular_noun_nothing(nlp):
    analysis = analysed(nlp, "Catholic voters in the city rejected the plan, the bishop said, citing Catholic teaching.")
    catholics = actor_named(analysis, "Catholics")
    assert [m.text for m in catholics.mentions] == ["Catholic voters"]


def test_a_party_before_a_name_is_the_person_s_affiliation_not_a_mention_of_the_party(nlp):
    from briefing.analyse.actors import find_actors

    index = find_actors(nlp("Republican Sen. Anna Berg voted against the bill on Monday."))
    berg = next(a for a in index.actors if a.name == "Anna Berg")
    assert (berg.title, berg.affiliation) == ("Sen.", "Republicans")
    assert not any(a.name == "Republicans" for a in index.actors)


def test_every_repeat_of_a_known_surname_is_a_mention_of_that_person(nlp):
    analysis = analysed(
        nlp,
        "Judge Neil Gorsuch faced the committee on Monday.",
        "Gorsuch declined to answer. Senators pressed Gorsuch again, and Gorsuch smiled.",
    )
    gorsuch = actor_named(analysis, "Neil Gorsuch")
    assert len(gorsuch.mentions) == 4


def test_a_shared_surname_goes_to_the_person_named_last(nlp):
    analysis = analysed(
        nlp,
        "Hillary Clinton spoke in Ohio on Monday. Clinton said the race was close.",
        "Bill Clinton campaigned in Iowa on Tuesday. Clinton told voters to turn out.",
    )
    assert len(actor_named(analysis, "Hillary Clinton").mentions) == 2
    assert len(actor_named(analysis, "Bill Clinton").mentions) == 2


def test_a_title_written_into_a_name_is_the_title_and_a_middle_initial_is_the_same_person(nlp):
    analysis = analysed(
        nlp,
        "Paul D. Ryan met the governors on Monday.",
        "Representative Ryan said later that Paul Ryan would not run again.",
    )
    ryan = actor_named(analysis, "Paul D. Ryan")
    assert len(ryan.mentions) == 3
    assert "Representative Ryan" in ryan.aliases
    assert not any(a.name.startswith("Representative") for a in analysis.actors)


def test_a_dateline_is_not_an_actor(nlp):
    analysis = analysed(nlp, "PHOENIX — The governor vetoed the bill on Monday, her office in Arizona said.")
    assert not any("PHOENIX" in [a.name, *a.aliases] for a in analysis.actors)
    assert any(a.name == "Arizona" for a in analysis.actors)


def test_short_forms_of_a_state_and_a_department_join_the_full_name(nlp):
    analysis = analysed(
        nlp,
        "The Department of Justice opened an inquiry in Arizona on Monday.",
        "Officials in Phoenix, Ariz., said the Justice Department had asked for the files.",
    )
    assert "Ariz." in actor_named(analysis, "Arizona").aliases
    justice = actor_named(analysis, "Department of Justice")
    assert "Justice Department" in justice.aliases


def test_the_state_department_under_its_short_name(nlp):
    analysis = analysed(
        nlp,
        "The State Department said on Monday that the embassy would stay open.",
        "A spokesman for State said the decision was final.",
    )
    assert "State" in actor_named(analysis, "State Department").aliases


def test_an_administration_named_after_its_president_is_an_organisation(nlp):
    analysis = analysed(
        nlp,
        "The Obama administration released the emails on Wednesday.",
        "Senior administration officials said the administration had nothing to hide, and Obama agreed.",
    )
    administration = actor_named(analysis, "Obama administration")
    assert administration.kind == "organisation"
    assert len(administration.mentions) == 3
    assert len(actor_named(analysis, "Obama").mentions) == 2  # in "the Obama administration" too


def test_the_court_after_the_supreme_court_is_the_supreme_court(nlp):
    analysis = analysed(
        nlp,
        "The Supreme Court heard the case on Tuesday.",
        "The court is expected to rule by June, and a trial court may then hear it again.",
    )
    court = actor_named(analysis, "Supreme Court")
    assert len(court.mentions) == 2


def test_a_possessive_inside_an_entity_cuts_it(nlp):
    analysis = analysed(nlp, "Mitt Romney's Medicare plan drew fire on Monday, and Romney defended it.")
    assert len(actor_named(analysis, "Mitt Romney").mentions) == 2
    assert not any("'s" in a.name for a in analysis.actors)


def test_a_capital_stands_for_its_country_only_where_the_country_is_in_the_story(nlp):
    analysis = analysed(
        nlp,
        "Paul Ryan will speak at Georgetown University on Thursday.",
        "Professors at the school in Georgetown sent him a letter before the Georgetown speech.",
    )
    assert not any(a.name == "Guyana" for a in analysis.actors)


def test_a_capital_in_a_story_about_its_country_is_the_country(nlp):
    analysis = analysed(
        nlp,
        "Russia rejected the proposal on Monday.",
        "The offer was discussed in talks with Moscow, officials said.",
    )
    russia = actor_named(analysis, "Russia")
    assert "Moscow" in russia.aliases


def test_a_name_glued_to_an_open_parenthesis_does_not_stop_the_analysis(nlp):
    analysis = analysed(
        nlp,
        'Nicholas Betts-Green resigned after admitting a "brief attachment" to the British National Party(BNP).',
        "Nicholas Betts-Green, who had been selected, said he regretted it.",
    )
    assert [a.name for a in analysis.actors] == ["Nicholas Betts-Green"]


def test_people_named_by_their_role_together_are_a_group(nlp):
    analysis = analysed(
        nlp,
        "The plaintiffs say the company paid women less. Lawyers for the plaintiffs filed the suit in 2001.",
        "Federal prosecutors declined to comment, and lawmakers in Washington called for hearings.",
    )
    kinds = {a.name: (a.kind, len(a.mentions)) for a in analysis.actors}
    assert kinds["Plaintiffs"] == ("group", 2)
    assert kinds["Prosecutors"] == ("group", 1)
    assert kinds["Lawmakers"] == ("group", 1)
    assert not any(a.name.lower() in ("lawyers", "women") for a in analysis.actors)  # not roles that act as one side


def test_a_bill_is_named_by_its_number_and_the_bill_refers_back_to_it(nlp):
    analysis = analysed(
        nlp,
        "Gov. Jan Brewer has until Saturday to act on Senate Bill 1062.",
        "Critics call SB1062 toxic. Brewer is expected to veto the bill, and business groups oppose the measure.",
    )
    bill = next(a for a in analysis.actors if a.kind == "legislation")
    assert bill.name == "SB 1062"
    assert [m.text for m in bill.mentions] == ["Senate Bill 1062", "SB1062", "bill", "measure"]
    text = analysis.article.source.text
    assert all(text[m.start:m.end] == m.text for m in bill.mentions)


def test_the_bill_without_a_named_bill_is_no_actor(nlp):
    analysis = analysed(nlp, "The governor is expected to veto the bill, and lawmakers may override the veto.")
    assert not any(a.kind == "legislation" for a in analysis.actors)


def test_mr_and_ms_keep_two_people_of_one_surname_apart(nlp):
    analysis = analysed(
        nlp,
        "Rahm Emanuel asked former President Bill Clinton to call Joe Sestak. Mr. Clinton agreed.",
        "Mr. Sestak had endorsed Hillary Rodham Clinton in 2008, and Mr. Clinton called him after his victory.",
    )
    bill = next(a for a in analysis.actors if a.name == "Bill Clinton")
    hillary = next(a for a in analysis.actors if a.name == "Hillary Rodham Clinton")
    assert [m.text for m in bill.mentions].count("Clinton") == 2  # both "Mr. Clinton"
    assert len(hillary.mentions) == 1


def test_a_capital_that_begins_a_university_name_is_the_university(nlp):
    analysis = analysed(
        nlp,
        "Rep. Paul Ryan is heading to Georgetown University for a speech on Thursday.",
        "Georgetown's Public Policy Institute, which is hosting the lecture, said the event would go ahead.",
    )
    names = {a.name: len(a.mentions) for a in analysis.actors}
    assert names.get("Georgetown University") == 2
    assert "Guyana" not in names


def test_an_acronym_keeps_the_number_of_the_name_it_shortens(nlp):
    analysis = analysed(
        nlp,
        "On Thursday, he will meet with the leaders of Japan, Australia, and New Zealand, the other "
        "Indo-Pacific Partners 4 (IP4) countries engaged with NATO.",
        "During the meetings, Yoon is expected to emphasize to NATO and IP4 members that the ties are a threat.",
    )
    partners = next(a for a in analysis.actors if a.name == "Indo-Pacific Partners 4")
    assert "IP4" in partners.aliases
