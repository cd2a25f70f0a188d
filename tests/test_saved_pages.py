"""Saved pages of different shapes: the whole article and nothing else, and the same body on the page and in extract."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

from briefing.cli import main
from briefing.ingest.clean import clean
from briefing.ingest.read import read_source
from conftest import ROOT

PAGES = ROOT / "tests/fixtures/pages"

#: Per page: title, authors, how each body paragraph starts, and page text that is not the article.
EXPECTED = {
    "div_paragraphs": (
        "Harbour town votes to keep its ferry", ("Anna Berg",),
        ["The town council of Kelso", "Councillors had been asked", "The vote was eleven to four.", '"The ferry is the island',
         "The regional authority said", "Islanders who had campaigned"],
        ["Related", "Ferry fares to rise in April", "All rights reserved", "Subscribe", "March 4, 2024", "By Anna Berg"],
    ),
    "list_article": (
        "Five things to know about the new rail timetable", ("Jonas Weber",),
        ["The new rail timetable takes effect", "Trains to the airport", "The last train leaves later.", "Some stops are skipped.",
         "Fares do not change.", "Weekend works continue.", "The operator said passengers"],
        ["Most read", "Storm closes mountain passes", "Sign up for our newsletter", "Transport Correspondent", "Jobs"],
    ),
    "several_blocks": (
        "Hospital opens new children's ward after two years of work", ("Sara Okafor",),
        ["St Mary's hospital opened", "The ward has forty beds", '"Families have waited', "The building cost twelve million",
         "The first patients will move"],
        ["Advertisement", "Read more", "Hospital parking charges", "Share this article", "Log in"],
    ),
    "live_blog": (
        "Election night live: results as they come in", (),
        ["Turnout in the capital", "The first results from the northern districts", "Party officials said",
         '"We expected a long night', "Polls have closed."],
        ["Politics | Live", "Share · Tweet", "Terms · Privacy"],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_page_gives_the_whole_article_and_nothing_else(name):
    title, authors, starts, not_article = EXPECTED[name]
    article = clean(read_source(PAGES / f"{name}.html"))
    assert article.title == title
    assert article.authors == authors
    assert len(article.paragraphs) == len(starts)
    for paragraph, start in zip(article.paragraphs, starts):
        assert paragraph.text.startswith(start)
        assert article.source.text[paragraph.start:paragraph.end] == paragraph.text
    for text in not_article:
        assert text not in article.body


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_a_saved_page_leaves_out_is_listed_with_a_reason(name):
    article = clean(read_source(PAGES / f"{name}.html"))
    _, _, _, not_article = EXPECTED[name]
    dropped = " ".join(d.text for d in article.dropped)
    for text in not_article:
        assert text in dropped or text in article.title
    for stretch in article.dropped:
        assert stretch.reason
        assert article.source.text[stretch.start:stretch.end] == stretch.text


@pytest.fixture(scope="module")
def converted_and_extracted(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages") / "in"
    shutil.copytree(PAGES, folder)
    out = folder.parent / "out"
    converted = CliRunner().invoke(main, ["convert", str(folder), "--out", str(out)])
    assert converted.exit_code == 0, converted.output
    extracted = CliRunner().invoke(main, ["extract", "--json", str(folder)])
    assert extracted.exit_code == 0, extracted.output
    return out, json.loads(extracted.stdout)


def full_text(page: str) -> list[str]:
    """The paragraphs of a MyST article page's Full text section, as the site shows them."""
    doctree = publish_doctree(page, parser=Parser(), settings_overrides={"report_level": 5, "myst_enable_extensions": ["colon_fence", "attrs_inline"]})
    (section,) = [s for s in doctree.findall(nodes.section) if s[0].astext() == "Full text"]
    return [p.astext() for p in section.findall(nodes.paragraph) if not p.astext().startswith("Photo caption:")]


def test_the_page_shows_the_body_extract_reports(converted_and_extracted):
    out, document = converted_and_extracted
    assert sorted(a["id"] for a in document["articles"]) == sorted(EXPECTED)
    for article in document["articles"]:
        body = [span["text"] for span in article["body"]]
        assert body, article["id"]
        for span in article["body"]:
            assert article["text"][span["start"]:span["end"]] == span["text"]
        shown = full_text((out / f"{article['id']}.md").read_text(encoding="utf-8"))
        assert shown == [" ".join(text.split()) for text in body]


def test_convert_says_how_much_of_what_the_extractor_took_was_left_out(monkeypatch):
    from briefing.ingest import clean as cleaning
    from briefing.pipeline import load_articles

    judged = cleaning.page_blocks

    def first_block_only(source):
        body, left_out = judged(source)
        return body[:1], body[1:] + left_out

    monkeypatch.setattr(cleaning, "page_blocks", first_block_only)
    articles, problems = load_articles([PAGES / "div_paragraphs.html"])
    (article,) = articles
    assert len(article.paragraphs) == 1
    (warning,) = [p for p in problems if "left out" in p.message]
    assert not warning.fatal
    monkeypatch.setattr(cleaning, "page_blocks", judged)
    (whole,), quiet = load_articles([PAGES / "div_paragraphs.html"])
    assert not quiet
    kept = sum(p.end - p.start for p in whole.paragraphs)
    share = 1 - (article.paragraphs[0].end - article.paragraphs[0].start) / kept
    assert warning.message.startswith(f"{share:.0%} of what the page's extractor took for the article was left out")
