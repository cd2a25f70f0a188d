"""Actors: countries under their capitals, short forms and demonyms; places stay places; aliases
joined; the actors an article is about first."""

from __future__ import annotations

import pytest
from test_quotes import analysed, only

from conftest import analysed_article


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


@pytest.mark.parametrize("dateline", ["WASHINGTON ―", "WASHINGTON –-", "WASHINGTON—", "WASHINGTON --"])
def test_a_dateline_with_any_dash_is_not_an_actor(nlp, dateline):
    analysis = analysed(nlp, f"{dateline}The governor vetoed the bill on Monday, her office in Arizona said."
                        if dateline.endswith("—") else f"{dateline} The governor vetoed the bill on Monday, her office in Arizona said.")
    assert not any("WASHINGTON" in [a.name, *a.aliases] or a.name in ("Washington", "United States") for a in analysis.actors)


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


def names(actors):
    return [a.name for a in actors]


def test_the_lead_s_subject_and_a_quoted_speaker_outrank_a_place_mentioned_more_often(nlp):
    analysis = analysed_article(
        nlp,
        "Mayor Lena Ortiz defends harbour plan",
        "Mayor Lena Ortiz defended the harbour plan on Monday as residents of Springfield lined up to speak against it.",
        "“We cannot wait another decade,” said Tom Becker, who chairs the port authority.",
        "Springfield has argued over its harbour since 1990. Ships leave Springfield for Boston every day, and "
        "Springfield's fishermen want the channel dredged. Springfield voted on the plan twice.",
    )
    mentions = {a.name: len(a.mentions) for a in analysis.actors}
    assert mentions["Springfield"] > mentions["Lena Ortiz"] and mentions["Springfield"] > mentions["Tom Becker"]
    assert names(analysis.actors)[:3] == ["Lena Ortiz", "Tom Becker", "Springfield"]


def test_a_news_outlet_cited_counts_like_a_place_and_a_country_a_little():
    from briefing.analyse.actors import PROMINENCE, ActorSigns

    speaker = ActorSigns(mentions=2, key_quotes=1)
    outlet = ActorSigns(mentions=4, setting="place")
    country = ActorSigns(mentions=4, setting="country")
    assert speaker.prominence() > country.prominence() > outlet.prominence()
    assert country.prominence() == 4 * PROMINENCE.country
    assert ActorSigns(mentions=1, headline=True, lead=True).prominence() > ActorSigns(mentions=2).prominence()


def test_the_headline_names_an_actor_by_its_longest_name():
    from briefing.analyse.actors import named_in
    from briefing.model import Actor, Span

    actors = [
        Actor("white-house", "White House", "organisation", mentions=[Span("White House", 0, 11)]),
        Actor("house", "House", "organisation", mentions=[Span("House", 20, 25)]),
        Actor("nuland", "Victoria Nuland", "person", mentions=[Span("Victoria Nuland", 30, 45)]),
        Actor("us", "United States", "country", aliases=["US"], mentions=[Span("US", 50, 52)]),
    ]
    assert named_in("White House Releases Emails Nuland Wrote", actors) == {0, 2}  # "Nuland": her surname
    assert named_in("Join us", actors) == set()  # a name in capitals keeps its case


def test_donald_trump_trump_and_the_president_are_one_actor_where_the_text_says_he_is_the_president(nlp):
    analysis = analysed(
        nlp,
        "President Donald Trump signed the order on Friday. Trump said it would save jobs.",
        "The president later flew to Florida, and the White House said the president would speak again on Monday.",
    )
    trump = actor_named(analysis, "Donald Trump")
    assert [m.text for m in trump.mentions] == ["Donald Trump", "Trump", "The president", "the president"]
    text = analysis.article.source.text
    assert all(text[m.start:m.end] == m.text for m in trump.mentions)

    apposition = analysed(nlp, "Donald Trump, the president, met farmers in Iowa on Friday. The president promised them aid.")
    assert len(actor_named(apposition, "Donald Trump").mentions) == 3


def test_the_president_is_nobody_where_the_text_does_not_say_who(nlp):
    untitled = analysed(nlp, "Donald Trump signed the order on Friday. The president later flew to Florida.")
    assert len(actor_named(untitled, "Donald Trump").mentions) == 1
    two = analysed(nlp, "President Joe Biden met President Emmanuel Macron in Paris on Saturday. The president said the talks went well.")
    assert [len(a.mentions) for a in two.actors if a.kind == "person"] == [1, 1]


def test_the_vice_president_and_the_president_of_a_union_are_not_the_president(nlp):
    analysis = analysed(
        nlp,
        "President Donald Trump and Vice President Mike Pence spoke on Friday. The vice president then flew to Iraq.",
        "Maria Lopez, the president of the nurses' union, said the president of a union cannot stay silent.",
    )
    assert [m.text for m in actor_named(analysis, "Mike Pence").mentions] == ["Mike Pence", "The vice president"]
    assert len(actor_named(analysis, "Donald Trump").mentions) == 1


def test_pelosi_and_the_speaker_are_nancy_pelosi_and_the_gop_are_the_republicans(nlp):
    analysis = analysed(
        nlp,
        "House Speaker Nancy Pelosi scheduled the vote for Tuesday. Pelosi said the bill had the votes.",
        "Republicans objected, but the speaker did not move the date. The G.O.P. and the GOP's leaders walked out.",
    )
    assert [m.text for m in actor_named(analysis, "Nancy Pelosi").mentions] == ["Nancy Pelosi", "Pelosi", "the speaker"]
    assert {"G.O.P.", "GOP"} <= set(actor_named(analysis, "Republicans").aliases)


def test_a_first_and_last_name_is_the_full_name_around_a_middle_name(nlp):
    analysis = analysed(nlp, "Hillary Rodham Clinton spoke in Iowa on Monday. Hillary Clinton said the race was close, and Clinton thanked voters.")
    assert len(actor_named(analysis, "Hillary Rodham Clinton").mentions) == 3
    assert not any(a.name == "Hillary Clinton" for a in analysis.actors)


def test_the_outlet_publishing_the_article_is_not_an_actor(nlp):
    times = analysed_article(
        nlp,
        "Senator answers critics",
        "Senator Ann Berg answered her critics on Monday in an interview with The New York Times.",
        "Berg told The New York Times that she had read the report, which The Washington Post published last week.",
        manifest={"outlet": "The New York Times"},
    )
    assert names(times.actors) == ["Ann Berg", "Washington Post"]  # an outlet it cites is still named
    fox = analysed_article(
        nlp, "Senator answers critics",
        "Senator Ann Berg told Fox News on Monday that she would run again. Berg said Fox News had asked her first.",
        manifest={"outlet": "foxnews.com"},
    )
    assert names(fox.actors) == ["Ann Berg"]


@pytest.mark.parametrize("name, outlet, same", [
    ("Fox News", "foxnews.com", True),
    ("HuffPost", "The Huffington Post", True),
    ("The New York Times", "www.nytimes.com", True),
    ("NYT", "The New York Times", True),
    ("Yonhap", "Yonhap News Agency", True),
    ("Korea Times", "The Korea Times", True),
    ("New York", "The New York Times", False),
    ("Times Square", "nytimes.com", False),
    ("The Washington Post", "The New York Times", False),
])
def test_names_of_the_outlet(name, outlet, same):
    from briefing.analyse.actors import names_outlet

    assert names_outlet(name, outlet) is same


def test_a_person_with_and_without_a_middle_name_is_one_actor_of_the_brief(nlp):
    from briefing.brief.actors import actor_index

    first = analysed(nlp, "Susan E. Rice defended the talking points on Sunday. Ms. Rice said they were accurate.")
    second = analysed_article(nlp, "Rice speaks", "Susan Rice spoke to reporters on Monday.", article_id="b")
    third = analysed_article(nlp, "Clinton speaks", "Bill Clinton and Hillary Clinton arrived in Iowa on Monday.", article_id="c")
    actors = {a.name: a for a in actor_index([first, second, third])}
    assert [p.article for p in actors["Susan E. Rice"].appearances] == ["a", "b"]
    assert "Susan Rice" not in actors
    assert {"Bill Clinton", "Hillary Clinton"} <= set(actors)


def test_a_surname_the_tagger_took_for_a_people_is_the_person(nlp):
    analysis = analysed(
        nlp,
        "Defense Secretary Jim Mattis resigned on Thursday. Mattis said the president deserved a secretary whose views aligned with his.",
        "Mattis had clashed with the White House over Syria. Democrats praised Mattis, and Christians in the Pentagon thanked him.",
    )
    assert len(actor_named(analysis, "Jim Mattis").mentions) == 4
    assert {"Democrats", "Christians"} <= set(names(analysis.actors))


def test_a_bill_by_its_number_alone_is_the_bill_of_that_number(nlp):
    analysis = analysed(nlp, "Gov. Jan Brewer vetoed SB 1062 on Wednesday. Critics had called Bill 1062 an attack on gay Arizonans.")
    assert {"Bill 1062"} <= set(actor_named(analysis, "SB 1062").aliases)
