"""Stories: articles about one event are grouped together, across outlets, and nothing else is; the
story page says how sure the grouping is."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from briefing.brief.stories import (
    KEYS,
    POSTING_CAP,
    Grouping,
    actor_key,
    clusters,
    connected,
    group,
    links,
    similarities,
    stories,
    terms,
)
from briefing.ingest.clean import clean
from briefing.model import Actor, Analysis, Cohesion, Event, Source, Span
from briefing.pages.builders import story_page
from briefing.pages.markup import literal
from briefing.words import common_form
from conftest import analysed_article

HARBOUR_TIMES = (
    "Kelso council votes to keep the harbour open",
    "Kelso town council voted on Tuesday to keep the old harbour open for another five years, rejecting a plan "
    "by the Marine Authority to close it to fishing boats.",
    "Mayor Ellen Drummond said the harbour was the heart of Kelso and that closing it would cost forty jobs.",
    "The Marine Authority had argued that the harbour wall needed repairs costing two million pounds.",
    "Drummond said the council would ask the government to share the cost of repairing the harbour wall.",
)
HARBOUR_POST = (
    "Harbour saved as Kelso councillors defy Marine Authority",
    "Councillors in Kelso have rejected the Marine Authority's plan to shut the town's harbour, voting on "
    "Tuesday to keep it open to fishing boats for five more years.",
    "Ellen Drummond, the mayor, told councillors that forty jobs depended on the harbour.",
    "The authority wanted the harbour closed because its wall needs two million pounds of repairs.",
    "The mayor will now ask ministers to help pay for the repairs to the harbour wall, she said.",
)
MUSEUM = (
    "Glasgow museum reopens after flood",
    "The Riverside Museum in Glasgow reopened on Saturday after three months of repairs following a flood "
    "that damaged its collection of trams and bicycles.",
    "Curator James Fraser said most of the vehicles had been restored by volunteers.",
    "Visitors queued from early morning, and the museum said it expected ten thousand people over the weekend.",
)


def analysed(nlp, headline: str, *paragraphs: str, id: str = "a", published: date | None = None) -> Analysis:
    """An article pasted into a file of its own, analysed as briefing does."""
    return analysed_article(nlp, headline, *paragraphs, article_id=id, published=published)


def made(headline: str, *paragraphs: str, id: str = "a", published: date | None = None,
         actors: dict[str, str] | None = None) -> Analysis:
    """An article analysed by hand, without spaCy: a sentence per paragraph, the given actors
    (name -> kind) mentioned wherever their name is written."""
    text = headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
    source = Source(Path(f"{id}.txt"), text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    article = replace(clean(source, id), published=published)
    found = []
    for number, (name, kind) in enumerate((actors or {}).items()):
        start = text.find(name, len(headline))
        mentions = []
        while start >= 0:
            mentions.append(Span(name, start, start + len(name)))
            start = text.find(name, start + len(name))
        found.append(Actor(f"actor-{number}", name, kind, mentions=mentions))
    return Analysis(article, list(article.paragraphs), [], [], found, [])


def test_two_outlets_reports_of_one_event_join_and_an_unrelated_article_stays_apart(nlp):
    analyses = [analysed(nlp, *HARBOUR_TIMES, id="times"), analysed(nlp, *MUSEUM, id="museum"),
                analysed(nlp, *HARBOUR_POST, id="post")]
    events = group(analyses)
    assert [e.articles for e in events] == [("times", "post"), ("museum",)]
    assert events[0].id == "story-times"
    assert events[0].title == HARBOUR_TIMES[0]
    assert events[1].id == "story-museum"


def test_a_wire_story_reprinted_is_one_story_and_an_article_alone_is_a_story():
    wire = [made(*HARBOUR_TIMES, id=f"copy-{n}") for n in range(2)] + [made(*MUSEUM, id="museum")]
    assert [e.articles for e in group(wire)] == [("copy-0", "copy-1"), ("museum",)]
    assert [e.articles for e in group(wire[2:])] == [("museum",)]
    assert group([]) == []


def test_the_same_input_gives_the_same_stories_in_article_order():
    analyses = [made(*MUSEUM, id="Museum Report"), made(*HARBOUR_TIMES, id="times"), made(*HARBOUR_POST, id="post")]
    first, again = group(analyses), group(list(analyses))
    assert first == again
    assert [(e.id, e.articles) for e in first] == [("story-museum-report", ("Museum Report",)),
                                                   ("story-times", ("times", "post"))]
    turned = group(analyses[::-1])
    assert [set(e.articles) for e in turned] == [{"post", "times"}, {"Museum Report"}]


def test_a_chain_of_weak_links_does_not_glue_two_stories():
    # Two tight stories, 0-1-2 and 3-4-5; article 2 is weakly like article 3, and 3 weakly like 2's
    # neighbours: a chain that connected groups (single link) would follow into one story.
    similarity = np.full((6, 6), 0.02)
    for story in ((0, 1, 2), (3, 4, 5)):
        for i in story:
            for j in story:
                similarity[i, j] = 0.6
    similarity[2, 3] = similarity[3, 2] = 0.3
    np.fill_diagonal(similarity, 1.0)
    assert stories(similarity, 0.225) == [[0, 1, 2], [3, 4, 5]]
    # An article a little like both of two stories (a roundup) joins one of them, the first on a tie,
    # but does not make the two one story.
    bridge = np.full((5, 5), 0.0)
    bridge[0, 1] = bridge[1, 0] = bridge[3, 4] = bridge[4, 3] = 0.7
    bridge[2, [0, 1, 3, 4]] = bridge[[0, 1, 3, 4], 2] = 0.25
    np.fill_diagonal(bridge, 1.0)
    assert stories(bridge, 0.225) == [[0, 1, 2], [3, 4]]


def test_a_roundup_between_two_stories_does_not_merge_them():
    roundup = made("Weekend in brief", HARBOUR_TIMES[1], MUSEUM[1], id="roundup")
    analyses = [made(*HARBOUR_TIMES, id="times"), made(*HARBOUR_POST, id="post"), roundup,
                made(*MUSEUM, id="museum"), made(MUSEUM[0] + " to crowds", *MUSEUM[2:], MUSEUM[1], id="herald")]
    similarity = similarities(analyses)
    strong = [(i, j) for i in range(5) for j in range(i + 1, 5) if similarity[i, j] >= Grouping().threshold]
    assert connected(5, strong) == [[0, 1, 2, 3, 4]]  # single link would make it all one story
    found = [set(e.articles) for e in group(analyses)]
    assert {"times", "post"} <= next(s for s in found if "times" in s)
    assert not any({"times", "museum"} <= s for s in found)


def test_the_same_words_years_apart_are_two_stories_and_days_apart_one():
    times = made(*HARBOUR_TIMES, id="times", published=date(2019, 3, 5))
    post = made(*HARBOUR_POST, id="post", published=date(2024, 3, 5))
    assert [e.articles for e in group([times, post])] == [("times",), ("post",)]
    months = replace(post, article=replace(post.article, published=date(2019, 9, 5)))
    assert [e.articles for e in group([times, months])] == [("times",), ("post",)]
    for days in (0, 2, 5):
        close = replace(post, article=replace(post.article, published=date(2019, 3, 5 + days)))
        assert [e.articles for e in group([times, close])] == [("times", "post")]
    undated = replace(post, article=replace(post.article, published=None))  # nothing to hold them apart
    assert [e.articles for e in group([times, undated])] == [("times", "post")]
    reprinted = made(*HARBOUR_TIMES, id="reprint", published=date(2024, 3, 5))  # a wire story run again
    assert [e.articles for e in group([times, reprinted])] == [("times", "reprint")]


def test_two_unrelated_events_that_share_a_name_stay_apart():
    harbour = [made(*HARBOUR_TIMES, id="times", actors={"Ellen Drummond": "person", "Kelso": "place"}),
               made(*HARBOUR_POST, id="post", actors={"Ellen Drummond": "person", "Kelso": "place"})]
    football = [
        made("Drummond signs for Kelso Rovers", "Striker Callum Drummond has signed a two-year contract with Kelso "
             "Rovers after leaving Berwick Athletic, the club announced on Friday.",
             "Drummond scored eighteen goals last season and said he wanted to play in the league cup final.",
             id="sport", actors={"Callum Drummond": "person", "Kelso": "place"}),
        made("Rovers land striker Drummond", "Kelso Rovers have signed striker Callum Drummond from Berwick Athletic "
             "on a two-year contract.", "The manager said Drummond's eighteen goals made him the best striker in the league.",
             id="gazette", actors={"Callum Drummond": "person", "Kelso": "place"}),
    ]
    assert terms(harbour[0])["@drummond"] and terms(football[0])["@drummond"]  # one term for both people
    day = date(2024, 5, 7)
    dated = [replace(a, article=replace(a.article, published=day)) for a in harbour + football]
    for batch in (harbour + football, dated):
        assert [e.articles for e in group(batch)] == [("times", "post"), ("sport", "gazette")]


def test_an_actor_counts_as_one_term_however_outlets_write_its_name():
    times = made("Ryan defends budget", "Paul D. Ryan defended the budget on Monday.", id="times",
                 actors={"Paul D. Ryan": "person"})
    post = made("Budget under fire", "Ryan said the cuts were fair.", id="post", actors={"Ryan": "person"})
    assert terms(times)["@ryan"] == terms(post)["@ryan"] == 1
    assert terms(times)["paul"] == 1  # the words of the name count too
    headline = made("Paul D. Ryan defends budget", "Paul D. Ryan defended the budget on Monday.", id="x", actors={"Paul D. Ryan": "person"})
    assert terms(headline)["@ryan"] == 2  # in the headline too
    assert actor_key("Federal Bureau of Investigation", "organisation") == actor_key("FBI", "organisation") == "fbi"
    assert actor_key("The United States", "country") == "united states"


def test_words_are_compared_without_case_plural_and_possessive_endings():
    assert {common_form(w) for w in ("Senators'", "senator's", "Senators", "senator")} == {"senator"}
    assert common_form("policies") == "policy"
    assert common_form("taxes") == "tax"
    assert common_form("bus") == "bus"
    assert common_form("crisis") == "crisis"


def test_similarities_are_symmetric_and_one_on_the_diagonal():
    analyses = [made(*HARBOUR_TIMES, id="times"), made(*HARBOUR_POST, id="post"), made(*MUSEUM, id="museum")]
    similarity = similarities(analyses)
    assert np.array_equal(similarity, similarity.T)
    assert np.allclose(np.diag(similarity), 1.0)
    assert similarity[0, 1] > Grouping().threshold > max(similarity[0, 2], similarity[1, 2])
    assert clusters(analyses) == [[0, 1], [2]]


def story_batch(stories: int) -> list[Analysis]:
    """Two reports of each of ``stories`` made-up stories: each story has words of its own, and every
    article the words of a council report that all of them share."""
    batch = []
    for number in range(stories):
        letters = "".join("abcdefghij"[int(digit)] for digit in f"{number:03d}")  # made-up words hold no digits
        own = " ".join(f"{word}{letters}" for word in ("lorvan", "tessik", "morbal", "quenta"))
        for outlet in ("times", "post"):
            batch.append(made(f"Council report {own}", f"The council said on Monday that {own} would change the town "
                              "budget, the schools and the roads.", id=f"{outlet}-{number}"))
    return batch


def test_only_articles_that_share_a_rare_term_are_compared():
    batch = story_batch(150)  # 300 articles: the council's words are in all of them, above the posting cap
    assert len(batch) > POSTING_CAP
    found = links([terms(a) for a in batch], [None] * len(batch))
    assert found.comparisons == 150  # each report with the other of its story, out of 44,850 pairs
    assert sorted(zip(found.first.tolist(), found.second.tolist())) == [(2 * k, 2 * k + 1) for k in range(150)]
    assert [e.articles for e in group(batch)][:2] == [("times-0", "post-0"), ("times-1", "post-1")]


def test_the_pairs_compared_grow_with_the_articles_not_their_square():
    small, large = (links([terms(a) for a in story_batch(n)], [None] * 2 * n) for n in (100, 400))
    assert large.comparisons <= 4 * small.comparisons
    assert large.comparisons <= 2 * 400 * KEYS * POSTING_CAP


def test_how_sure_the_grouping_is_comes_with_each_story_of_several_articles():
    analyses = [made(*HARBOUR_TIMES, id="times"), made(*MUSEUM, id="museum"), made(*HARBOUR_POST, id="post"),
                made(HARBOUR_POST[0], HARBOUR_POST[1], HARBOUR_TIMES[2], id="herald")]
    harbour, museum = group(analyses)
    assert museum.cohesion is None  # an article alone
    assert harbour.articles == ("times", "post", "herald")
    assert harbour.cohesion is not None and harbour.cohesion.margin >= 1
    assert harbour.cohesion.loosest in harbour.articles
    weaker = group(analyses, Grouping(threshold=Grouping().threshold / 2))[0]
    assert weaker.cohesion.margin > harbour.cohesion.margin  # the same story, further over a lower bar


@pytest.mark.parametrize(("margin", "words"), [(3.14, "sure: its least alike parts are 3.1 times as alike as grouping needs."),
                                                (1.5, "fairly sure: its least alike parts are 1.5 times"),
                                                (1.04, "unsure: its least alike parts are only 1.04 times")])
def test_the_story_page_says_how_sure_the_grouping_is_in_words(margin, words):
    title = "Harbour *saved* [again](http://x.y) {raw}`<b>` <script>"
    analyses = [made(*HARBOUR_TIMES, id="times"), made(title, *HARBOUR_POST[1:], id="post"), made(*HARBOUR_TIMES, id="herald")]
    by_id = {a.article.id: replace(a, article=replace(a.article, outlet="The *Post*")) if a.article.id == "post" else a
             for a in analyses}
    event = Event("story-times", HARBOUR_TIMES[0], ("times", "post", "herald"), cohesion=Cohesion(margin, "post"))
    page = story_page(event, by_id, [])
    [line] = [line for line in page.splitlines() if line.startswith("**How sure the grouping is:**")]
    assert words in line
    assert f"Least like the others: {literal('The *Post*')}, [{literal(title)}](post.md)." in line
    assert title not in line and "<script>" not in line  # the article's text stays text
    pair = Event("story-times", HARBOUR_TIMES[0], ("times", "post"), cohesion=Cohesion(margin, "times"))
    two = story_page(pair, by_id, [])
    assert "its two articles are" in two and "Least like" not in two  # of two articles, neither is
    assert "How sure" not in story_page(replace(event, cohesion=None), by_id, [])


def test_settings_are_checked():
    with pytest.raises(ValueError, match="threshold"):
        Grouping(threshold=0)
    with pytest.raises(ValueError, match="days"):
        Grouping(days=0)


def test_the_seed_articles_are_one_story(seed_brief):
    [story] = seed_brief.events
    assert len(story.articles) == 2
    assert story.cohesion is not None and story.cohesion.margin >= 1


def test_the_stories_most_outlets_tell_come_first():
    from datetime import date

    from briefing.brief.stories import by_importance
    from briefing.model import Event

    one = Event(id="story-a", title="A", articles=("a1",))
    two_articles = Event(id="story-b", title="B", articles=("b1", "b2"))
    two_outlets = Event(id="story-c", title="C", articles=("c1", "c2"))
    later = Event(id="story-d", title="D", articles=("d1",))
    outlets = {"b1": "Fox", "b2": "Fox", "c1": "Fox", "c2": "HuffPost", "a1": "Fox", "d1": "Fox"}
    dates = {"a1": date(2024, 7, 1), "d1": date(2024, 7, 9)}
    ranked = by_importance([one, two_articles, two_outlets, later], dates, outlets)
    assert [event.title for event in ranked] == ["C", "B", "D", "A"]
