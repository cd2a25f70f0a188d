"""The MyST writer: untrusted text stays literal, and the seeds' pages are pinned by snapshots."""

from __future__ import annotations

import re

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from briefing.model import Span
from briefing.pages.builders import _with_clause_marked, quote_marks, render
from briefing.pages.builders import article_page as render_article
from briefing.pages.markup import Markup, literal, literal_marked
from conftest import ROOT

# Fragments that mean something to MyST, Markdown, reStructuredText or HTML.
SPECIALS = [
    "```", "~~~", ":::", "{raw}`x`", "{include} /etc/passwd", "{eval-rst}", "{ref}`t`", "<script>alert(1)</script>",
    "[a](javascript:alert(1))", "<http://x.y>", "$$", "$x$", "{{ x }}", "%", "(target)=", "---", "***", "| a | b |",
    "# ", "## ", "- ", "* ", "+ ", "1. ", "2) ", "> ", "[^1]", "[^1]: note", "&amp;", "&#x41;", "\\", "\\\\",
    "*em*", "_em_", "**strong**", "`code`", "![img](x.png)", "+++", "===", ":key: value", "{bdg}`x`", "<!-- c -->",
    ".. raw:: html", "|sub|", "``lit``", ":role:`x`", "~~del~~", "    indented", "\t", "\n", "\r\n",
]
article_text = st.lists(
    st.one_of(st.sampled_from(SPECIALS), st.text(min_size=1, max_size=12)), min_size=1, max_size=8
).map("".join).filter(lambda t: t.strip())

PARSER_SETTINGS = {
    "myst_enable_extensions": ["colon_fence"],
    "report_level": 5,
    "halt_level": 5,
}


def rendered(markdown: str) -> nodes.document:
    return publish_doctree(markdown, parser=Parser(), settings_overrides=PARSER_SETTINGS)


@settings(max_examples=300, deadline=None)
@given(article_text)
def test_literal_text_renders_as_exactly_that_text(text):
    doctree = rendered(literal(text) + "\n")
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)  # C0 controls are dropped
    assert doctree.astext() == " ".join(visible.split())
    made = {type(node).__name__ for node in doctree.findall(nodes.Element)}
    assert made <= {"document", "paragraph"}, made


@pytest.mark.parametrize("text, expected", [
    ("# not a heading", "\\# not a heading"),
    ("1. not a list", "1\\. not a list"),
    ("a <script> b", "a \\<script\\> b"),
    ("{raw}`html`", "\\{raw\\}\\`html\\`"),
    ("line one\nline two", "line one line two"),
])
def test_literal_escapes_markup_but_keeps_words(text, expected):
    assert literal(text) == expected


def test_seed_pages_match_their_snapshots(seed_brief, file_regression, monkeypatch):
    """Any change to the generated MyST shows up here for review (`--force-regen` to accept)."""
    monkeypatch.chdir(ROOT)
    for name, text in render(seed_brief).items():
        file_regression.check(text, basename=f"seed_{name.removesuffix('.md')}", extension=".md")


@settings(max_examples=200, deadline=None)
@given(article_text.filter(lambda t: t.strip() == t and t))
def test_deck_renders_as_emphasised_text_and_nothing_else(text):
    doctree = rendered(f"*{literal(text)}*\n")
    made = {type(node).__name__ for node in doctree.findall(nodes.Element)}
    assert made <= {"document", "paragraph", "emphasis"}, made


def test_article_page_shows_the_deck_under_the_headline(seed_analyses):
    from dataclasses import replace

    from briefing.model import Span
    from briefing.pages.builders import article_page

    analysis = next(iter(seed_analyses.values()))
    deck = Span("Seoul asks Moscow to weigh its ties *carefully*", 0, 10)
    page = article_page(replace(analysis, article=replace(analysis.article, deck=deck)))
    headline_at = page.index("\n# ")
    assert page.index("*Seoul asks Moscow to weigh its ties \\*carefully\\**") > headline_at
    assert page.index("*Seoul asks") < page.index("## Summary")


def test_a_story_told_by_several_articles_gets_its_own_page_and_a_lone_article_does_not(seed_brief):
    from briefing.pipeline import brief_of

    pages = render(seed_brief)
    [story] = seed_brief.events
    assert f"{story.id}.md" in pages
    assert "## Source comparison" in pages[f"{story.id}.md"]
    alone = brief_of(seed_brief.analyses[:1])
    assert len(alone.events) == 1 and not any(name.startswith("story-") for name in render(alone))


def test_an_article_file_cannot_take_the_name_of_a_page_of_the_brief(tmp_path):
    from briefing.pipeline import load_articles

    for name in ("index", "timeline", "story-of-the-day", "timeline-2016", "actors-s"):
        (tmp_path / f"{name}.txt").write_text(f"A headline for {name}\n\nThe council voted on Tuesday to keep the {name} harbour open.\n", encoding="utf-8")
    articles, _ = load_articles([tmp_path])
    assert sorted(a.id for a in articles) == [
        "article-actors-s", "article-index", "article-story-of-the-day", "article-timeline", "article-timeline-2016"]


@settings(max_examples=300, deadline=None)
@given(st.tuples(article_text, article_text.map(str.strip).filter(bool), article_text))
def test_a_timeline_sentence_shows_its_happening_in_bold_and_every_word_as_written(pieces):
    before, inside, after = pieces
    sentence = Span(before + inside + after, 100, 100 + len(before + inside + after))
    clause = Span(inside, 100 + len(before), 100 + len(before) + len(inside))
    doctree = rendered(_with_clause_marked(sentence, clause) + "\n")
    visible = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    assert " ".join(doctree.astext().split()) == " ".join(visible.sub("", sentence.text).split())
    made = {type(node).__name__ for node in doctree.findall(nodes.Element)}
    assert made <= {"document", "paragraph", "strong"}, made
    strong = list(doctree.findall(nodes.strong))
    assert len(strong) <= 1
    if strong:
        assert strong[0].astext() == " ".join(visible.sub("", inside).split())
    elif inside.strip() != sentence.text.strip():
        assert not (inside[0].isalnum() and inside[-1].isalnum())  # only awkward edges keep it plain


SPAN_SETTINGS = {**PARSER_SETTINGS, "myst_enable_extensions": ["colon_fence", "attrs_inline"]}


@settings(max_examples=300, deadline=None)
@given(st.tuples(article_text, article_text.map(str.strip).filter(bool), article_text))
def test_a_quotes_words_in_the_full_text_are_a_span_with_its_anchor_and_every_word_as_written(pieces):
    before, inside, after = pieces
    text = before + inside + after
    mark = Markup(len(before), len(before) + len(inside), "[", "]{#quote-1 .briefing-quote-mark}")
    doctree = publish_doctree(literal_marked(text, [mark]) + "\n", parser=Parser(), settings_overrides=SPAN_SETTINGS)
    visible = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    assert " ".join(doctree.astext().split()) == " ".join(visible.sub("", text).split())
    made = {type(node).__name__ for node in doctree.findall(nodes.Element)}
    assert made <= {"document", "paragraph", "inline"}, made
    spans = list(doctree.findall(nodes.inline))
    if not visible.sub("", inside).strip():
        assert spans == []  # nothing to mark
        return
    assert len(spans) == 1
    assert spans[0]["ids"] == ["quote-1"] and spans[0]["classes"] == ["briefing-quote-mark"]
    assert spans[0].astext() == " ".join(visible.sub("", inside).split())


def test_every_quote_link_of_an_article_page_lands_on_its_words_in_the_full_text(seed_analyses):
    for analysis in seed_analyses.values():
        page = render_article(analysis)
        full_text = page[page.index("## Full text"):]
        links = re.findall(r"\]\(#(quote-\d+)\)", page[:page.index("## Full text")])
        assert links, "no quote link"
        for anchor in set(links):
            assert len(re.findall(rf"\{{#{anchor} \.briefing-quote-mark[^}}]*\}}", full_text)) == 1, anchor
        anchors, _ = quote_marks(analysis)
        by_id = {quote.id: quote for quote in analysis.quotes}
        for quote_id, anchor in anchors.items():
            words = by_id[quote_id].parts[0].text.split()[:3]
            at = full_text.index(f"]{{#{anchor} ")
            opening = full_text.rindex("[", 0, at)
            assert " ".join(words) in full_text[opening:at].replace("\\", "")


def test_a_word_no_reader_can_use_is_cut_on_the_page_to_its_start_and_what_is_left_out():
    word = "x" * 20_000
    shown = literal(f"The file read {word} and nothing else.")
    assert shown == f"The file read {'x' * 60}… \\[19,940 more characters\\] and nothing else."
    marked = literal_marked(f"The file read {word} and nothing else.", [Markup(14, 30, "**", "**")])
    assert max(len(w) for w in marked.split()) < 200
    url = "https://example.org/" + "a" * 150  # long, but a reader can still use it
    assert literal(url) == url.replace("_", "\\_")


def test_a_metadata_value_with_a_right_to_left_override_is_isolated_so_the_rest_of_its_line_keeps_its_order(seed_analyses):
    from dataclasses import replace

    from briefing.pages.builders import metadata_card

    analysis = next(iter(seed_analyses.values()))
    article = replace(analysis.article, outlet="\u202eTimes", authors=("Jane Doe", "محمد العلي"))
    card = metadata_card(replace(analysis, article=article))
    assert "**\u2068\u202eTimes\u2069**" in card and "\u2068محمد العلي\u2069" in card
    assert "Jane Doe," in card  # left-to-right text is left as it is


def test_an_outlet_with_a_semicolon_is_never_a_badge_tooltip():
    from briefing.pages.markup import badge as _badge

    assert _badge("bdg-info-line", "Reuters") == "{bdg-info-line}`Reuters`"
    assert _badge("bdg-info-line", "Reuters; click here") == "**Reuters; click here**"


def test_a_title_ending_in_hashes_keeps_them_in_its_heading():
    doctree = rendered(f"# {literal('Why we tweet ##')}\n")
    assert doctree.astext() == "Why we tweet ##"
    assert literal("C#") == "C\\#" and rendered(literal("C#") + "\n").astext() == "C#"
