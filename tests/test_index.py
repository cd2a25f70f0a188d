"""The brief's indexes: actors merged across articles, their pages, quotes by speaker, sources."""

from __future__ import annotations

import re
from dataclasses import replace

from test_timeline import DONG_A, KOREA_TIMES

from briefing.brief.actors import actor_index
from briefing.model import Actor, Analysis, Span
from briefing.pages.builders import actor_page, quotes_page, render, sources_page


def test_an_actor_named_in_both_seed_articles_is_one_actor_of_the_brief(seed_brief):
    actors = {a.name: a for a in actor_index(seed_brief.analyses)}
    yoon = actors["Yoon Suk Yeol"]
    assert [a.article for a in yoon.appearances] == [KOREA_TIMES, DONG_A]
    assert yoon.mentions == sum(len(a.mentions) for an in seed_brief.analyses for a in an.actors if a.name == "Yoon Suk Yeol")
    assert yoon.kind == "person" and "President" in yoon.titles
    assert yoon.quoted >= 8 and yoon.page == "actor-yoon-suk-yeol"


def test_actors_are_listed_most_mentioned_first_with_unique_page_names(seed_brief):
    actors = actor_index(seed_brief.analyses)
    assert [a.mentions for a in actors] == sorted((a.mentions for a in actors), reverse=True)
    pages = [a.page for a in actors if a.page]
    assert len(pages) == len(set(pages)) and all(p.startswith("actor-") for p in pages)
    assert all(a.page is None for a in actors if a.mentions < 2 and not a.quoted)


def analysis_with(template: Analysis, actors: list[Actor], article_id: str) -> Analysis:
    """A seed analysis with other actors and no quotes, as another article."""
    return replace(template, article=replace(template.article, id=article_id), actors=actors, quotes=[])


def test_a_surname_alone_joins_the_one_full_name_of_the_brief_that_has_it(seed_brief):
    template, mention = seed_brief.analyses[0], [Span("Yoon", 0, 4)]
    first = analysis_with(template, [Actor("a", "Yoon Suk Yeol", "person", None, ["Yoon"], mention * 3)], "one")
    second = analysis_with(template, [Actor("b", "Yoon", "person", None, [], mention * 2)], "two")
    [yoon] = actor_index([first, second])
    assert yoon.name == "Yoon Suk Yeol" and yoon.mentions == 5


def test_a_surname_two_people_share_stays_apart(seed_brief):
    template, mention = seed_brief.analyses[0], [Span("Clinton", 0, 7)]
    first = analysis_with(template, [
        Actor("a", "Bill Clinton", "person", None, [], mention * 3),
        Actor("b", "Hillary Clinton", "person", None, [], mention * 3),
    ], "one")
    second = analysis_with(template, [Actor("c", "Clinton", "person", None, [], mention)], "two")
    assert sorted(a.name for a in actor_index([first, second])) == ["Bill Clinton", "Clinton", "Hillary Clinton"]


def test_an_actor_page_links_each_statement_to_its_words_in_the_article(seed_brief):
    by_id = {a.article.id: a for a in seed_brief.analyses}
    yoon = next(a for a in actor_index(seed_brief.analyses) if a.name == "Yoon Suk Yeol")
    page = actor_page(yoon, by_id)
    links = re.findall(r"\]\((\w+)\.md#(quote-\d+)\)", page)
    assert len(links) >= 8
    pages = render(seed_brief)
    for article, anchor in links:
        assert re.search(rf"\{{#{anchor} \.briefing-quote-mark[^}}]*\}}", pages[f"{article}.md"])
    assert "## Where they are named" in page and "The Dong-A Ilbo" in page


def test_quotes_page_groups_quotes_by_speaker_and_sources_page_lists_every_article(seed_brief):
    by_id = {a.article.id: a for a in seed_brief.analyses}
    quotes = quotes_page(actor_index(seed_brief.analyses), by_id)
    assert quotes.index("## [Yoon Suk Yeol](actor-yoon-suk-yeol.md)") < quotes.index("## [North Korea]")
    sources = sources_page(seed_brief)
    assert "Kwak Yeon-soo" in sources and "Na-Ri Shin" in sources
    assert f"({KOREA_TIMES}.md)" in sources and f"({DONG_A}.md)" in sources
