"""Cleaning: metadata, body, captions and dropped lines, and the offset map back to the source."""

from __future__ import annotations

import dataclasses
import datetime
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.ingest.clean import PARAGRAPH_SEPARATOR, clean
from briefing.ingest.read import ARTICLE_SUFFIXES, read_source, read_sources
from briefing.model import Article, Source

MARKDOWN_MARKS = re.compile(r"[#>*_+-]")  # what Markdown puts around a line's text
TESTS = Path(__file__).parent
ARTICLES = TESTS / "fixtures" / "articles"
SEEDS = TESTS.parent / "seeds"
EXPECTED = yaml.safe_load((ARTICLES / "expected.yaml").read_text(encoding="utf-8"))


@cache
def fixture_article(name: str) -> Article:
    return clean(read_source(ARTICLES / name))


@cache
def seed_articles(with_manifest: bool = True) -> dict[str, Article]:
    sources, problems = read_sources([SEEDS])
    assert not [p for p in problems if p.fatal]
    if not with_manifest:
        sources = [dataclasses.replace(s, manifest={}) for s in sources]
    return {s.path.name[:3]: clean(s) for s in sources}


def article_from(text: str, **manifest) -> Article:
    return clean(Source(Path("pasted.txt"), text, "utf-8", "0" * 64, manifest))


# --- the fixture table ----------------------------------------------------------------------------


def fixture_cases():
    for name, expected in EXPECTED.items():
        xfails = expected.get("xfail", {})
        for field in ("title", "authors", "outlet", "published", "updated", "deck", "dateline", "paragraphs",
                      "captions", "kept", "dropped"):
            if field not in expected:
                continue
            marks = [pytest.mark.xfail(reason=xfails[field], strict=True)] if field in xfails else []
            yield pytest.param(name, field, expected, marks=marks, id=f"{name}-{field}")


def test_every_fixture_article_has_an_expectation():
    articles = {p.name for p in ARTICLES.iterdir() if p.suffix in ARTICLE_SUFFIXES}
    assert articles == set(EXPECTED)
    assert len(articles) >= 15


@pytest.mark.parametrize(("name", "field", "expected"), list(fixture_cases()))
def test_fixture_article(name, field, expected):
    article = fixture_article(name)
    if field == "title":
        assert article.title == expected["title"]
    elif field == "authors":
        assert list(article.authors) == expected["authors"]
    elif field == "outlet":
        assert article.outlet == expected["outlet"]
    elif field == "published":
        assert article.published == expected["published"]
    elif field == "updated":
        assert article.updated == expected["updated"]
    elif field in ("deck", "dateline"):
        span = getattr(article, field)
        assert (span.text if span else None) == expected[field]
    elif field == "paragraphs":
        assert len(article.paragraphs) == expected["paragraphs"], [p.text[:40] for p in article.paragraphs]
    elif field == "captions":
        assert len(article.captions) == expected["captions"]
    elif field == "kept":
        for text in expected["kept"]:
            assert text in article.body
    elif field == "dropped":
        for text in expected["dropped"]:
            assert text not in article.body
            assert text not in article.title


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_spans_point_into_the_source(name):
    assert_provenance(fixture_article(name))


# --- the seeds ------------------------------------------------------------------------------------


def test_seed_000_metadata():
    article = seed_articles()["000"]
    assert article.title == "Yoon urges Moscow to side with Seoul instead of Pyongyang"
    assert article.title_span.start == 0
    assert article.authors == ("Kwak Yeon-soo",)
    assert article.outlet == "The Korea Times"  # from seeds/sources.yaml
    assert article.published is None  # the page carries no date


def test_seed_000_repeated_photo_caption_is_kept_once():
    article = seed_articles()["000"]
    assert len(article.captions) == 1
    caption = article.captions[0].text
    assert caption.endswith(". Reuters-Yonhap")
    assert caption not in article.body
    assert [d.text for d in article.dropped].count(caption) == 1  # the repeat


def test_seed_000_page_furniture_at_the_end_is_dropped():
    article = seed_articles()["000"]
    dropped = {d.text for d in article.dropped}
    assert {"Top 10 Stories", "LETTER", "Sign up for eNewsletter", "By Kwak Yeon-soo"} <= dropped
    for text in ("Top 10 Stories", "LETTER", "Sign up for eNewsletter"):
        assert text not in article.body
    assert article.paragraphs[-1].text.startswith("Yoon is expected to discuss ways")
    assert len(article.paragraphs) == 15


def test_seed_001_repeated_headline_is_the_title_and_kept_once():
    article = seed_articles()["001"]
    headline = "Yoon: “Russia Needs to Judge Carefully Who Is More Important Between North and South Korea”"
    assert article.title == headline
    assert article.source.text[article.title_span.start:article.title_span.end] == headline
    assert headline not in article.body
    assert "Go to contents" in {d.text for d in article.dropped}


def test_seed_001_dates_author_and_outlet():
    article = seed_articles()["001"]
    assert article.published == datetime.date(2024, 7, 9)
    assert article.updated == datetime.date(2024, 7, 9)
    assert article.authors == ("Na-Ri Shin",)
    assert article.outlet == "The Dong-A Ilbo"  # the manifest wins over the e-mail domain
    assert len(article.paragraphs) == 7
    assert "journari@donga.com" not in article.body


def test_seed_outlet_is_inferred_from_the_signature_email_without_a_manifest():
    articles = seed_articles(with_manifest=False)
    assert articles["001"].outlet == "donga.com"
    assert articles["000"].outlet is None  # no e-mail, no manifest: unknown, not guessed


@pytest.mark.parametrize("key", ["000", "001"])
def test_seed_spans_point_into_the_source(key):
    assert_provenance(seed_articles()[key])


# --- single rules ---------------------------------------------------------------------------------

BODY = "The council voted on Tuesday to keep the library open for another five years."


def test_repeated_photo_caption_is_kept_once():
    caption = "Firefighters douse a blaze at a warehouse in Incheon, Monday. (AP Photo/Lee Jin-man)"
    article = article_from(f"A warehouse fire burns for a second day\n\n{caption}\n\n{caption}\n\n{BODY}\n")
    assert [c.text for c in article.captions] == [caption]
    assert caption not in article.body


def test_byline_with_email_keeps_hyphenated_name_and_gives_outlet():
    article = article_from(f"Headline of a local story\n\nBy Kim Do-hyun (dhkim@example-herald.com)\n\n{BODY}\n")
    assert article.authors == ("Kim Do-hyun",)
    assert article.outlet == "example-herald.com"


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe and John Roe, CNN", ("Jane Doe", "John Roe")),
        ("By Jane Doe, Staff Writer", ("Jane Doe",)),
        ("By Jonas Weber, Transport Correspondent", ("Jonas Weber",)),
        ("By Jane Doe, Senior Political Editor, and John Roe", ("Jane Doe", "John Roe")),
        ("By Jane Doe, John Roe and Ann Lee", ("Jane Doe", "John Roe", "Ann Lee")),
        ("Jane Doe Staff Writer", ("Jane Doe",)),
        ("홍길동 기자", ("홍길동",)),
    ],
)
def test_byline_roles_and_affiliations_are_not_authors(byline, authors):
    assert article_from(f"Headline of a local story\n\n{byline}\n\n{BODY}\n").authors == authors


def test_hangul_signature_gives_author_and_outlet():
    article = article_from(f"시의회, 도서관 운영 5년 연장\n\n{BODY}\n\n홍길동 기자 gildong@example.co.kr\n")
    assert article.authors == ("홍길동",)
    assert article.outlet == "example.co.kr"


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("Updated 3:15 PM EDT, Tue July 9, 2024", None, datetime.date(2024, 7, 9)),
        ("Published: July 9, 2024 at 3:15 p.m. EDT", datetime.date(2024, 7, 9), None),
        ("입력 2024.07.09 07:56", datetime.date(2024, 7, 9), None),
        ("수정 2024-07-09 08:10", None, datetime.date(2024, 7, 9)),
        ("Thursday, 11 July 2024", datetime.date(2024, 7, 11), None),
    ],
)
def test_date_lines_in_several_styles(line, published, updated):
    article = article_from(f"Headline of a local story\n\n{line}\n\n{BODY}\n")
    assert (article.published, article.updated) == (published, updated)
    assert line not in article.body


def test_sentence_ending_in_a_date_is_body_not_a_date_line():
    sentence = "The ministry said the rule took effect on July 8, 2024."
    article = article_from(f"Headline of a local story\n\n{BODY}\n\n{sentence}\n")
    assert sentence in article.body
    assert article.published is None


def test_hard_wrapped_paragraph_is_one_paragraph():
    wrapped = (
        "Ferries between the mainland port and the island resumed on\n"
        "Tuesday, three days after a storm cut off the island's\n"
        "1,800 residents, officials said."
    )
    article = article_from(f"Ferry service resumes after storm\n\n{wrapped}\n\n{BODY}\n")
    assert [p.text for p in article.paragraphs] == [wrapped, BODY]
    assert article.title == "Ferry service resumes after storm"


def test_lines_wrapped_at_one_width_are_one_paragraph():
    wrapped = (
        "Ferries between the mainland port and the island resumed on\n"
        "Tuesday, three days after a heavy storm cut off the small\n"
        "Island of Seonyu and its fishing villages from the mainland\n"
        "for the first time in a decade."
    )
    article = article_from(f"Ferry service resumes after storm\n\n{wrapped}\n\n{BODY}\n")
    assert [p.text for p in article.paragraphs] == [wrapped, BODY]


@pytest.mark.parametrize(
    "headline",
    ["Ferry service resumes after storm", "Ferry Service to Seonyu Island Resumes After the Storm"],
    ids=["shorter-than-the-wrap-width", "title-case"],
)
def test_headline_directly_above_a_wrapped_paragraph_stays_the_headline(headline):
    wrapped = (
        "Ferries between the mainland port and the island resumed on\n"
        "Tuesday, three days after a storm cut off the island's\n"
        "1,800 residents."
    )
    article = article_from(f"{headline}\n{wrapped}\n")
    assert article.title == headline
    assert [p.text for p in article.paragraphs] == [wrapped]


def test_one_paragraph_per_line_without_blank_lines_stays_separate():
    lines = [
        "The council voted on Tuesday to keep the library open for another five years, officials said.",
        "The decision follows a petition signed by more than 4,000 residents of the district.",
        "Opening hours will be extended on weekends.",
    ]
    article = article_from("Council saves the district library\n" + "\n".join(lines) + "\n")
    assert [p.text for p in article.paragraphs] == lines


def test_short_question_in_a_related_stories_list_is_not_body():
    text = (
        f"Council saves the district library\n\n{BODY}\n\n"
        "The decision follows a petition signed by more than 4,000 residents of the district.\n\n"
        "Related stories\nCan small libraries survive the digital age?\nSchools add reading hours\n"
    )
    article = article_from(text)
    assert "Can small libraries" not in article.body
    assert len(article.paragraphs) == 2


def test_short_question_headline_is_the_title_not_body():
    article = article_from(f"Who will pay for the new tram line?\n\nBy Jane Doe\n\n{BODY}\n\n{BODY}\n")
    assert article.title == "Who will pay for the new tram line?"
    assert "Who will pay" not in article.body


def test_front_matter_fields_are_not_joined_into_one_line():
    text = '---\ntitle: "Harbour city opens floating solar farm"\nauthor: Mira Santos\n---\n\n' + BODY + "\n"
    article = article_from(text)
    assert "author: Mira Santos" in {d.text for d in article.dropped}


# --- provenance -----------------------------------------------------------------------------------


def assert_provenance(article: Article) -> None:
    """Every kept or dropped piece is verbatim source text, and the body maps back character by character."""
    text = article.source.text
    spans = [*article.paragraphs, *article.captions, *article.dropped]
    spans.extend(span for span in (article.title_span, article.deck) if span is not None)
    if article.dateline:
        assert text[article.dateline.start:article.dateline.end] == article.dateline.text
        assert article.paragraphs[0].start == article.dateline.start
    for span in spans:
        assert text[span.start:span.end] == span.text
    # Nothing is lost silently: every non-blank character is in exactly one piece.
    covered = sorted((s.start, s.end) for s in spans)
    for (_, end), (start, _) in zip(covered, covered[1:]):
        assert end <= start
    outside = "".join(text[a:b] for a, b in zip([0, *(e for _, e in covered)], [*(s for s, _ in covered), len(text)]))
    if article.source.form == "markdown":
        outside = MARKDOWN_MARKS.sub("", outside[article.source.content_start:])
    assert not outside.strip()
    # The body is the paragraphs, and each of its characters maps onto the same source character.
    assert article.body == PARAGRAPH_SEPARATOR.join(p.text for p in article.paragraphs)
    for segment, paragraph in zip(article.offsets.segments, article.paragraphs, strict=True):
        for offset in range(segment.clean_start, segment.clean_start + segment.length):
            assert text[article.offsets.to_source(offset)] == article.body[offset]
        end = segment.clean_start + segment.length
        assert article.offsets.span(text, segment.clean_start, end) == paragraph


LINES = [
    "Headline about the harbour council",
    "By Jane Doe and John Roe",
    "Posted July. 09, 2024 07:56,",
    "Updated 3:15 PM EDT, Tue July 9, 2024",
    "Share this article",
    "Home",
    "A ferry leaves the harbour at dawn, July 9, 2024. Reuters-Yonhap",
    "Crowds wait at the pier on Monday. (AP Photo/Jane Doe)",
    "The council voted on Tuesday to keep the harbour open for another five years.",
    "“We will not close it,” the mayor said, adding that the port employs 300 people.",
    "the vote came after a long debate, which lasted",
    "into the night and ended with a show of hands.",
    "Can small ports survive?",
    "Jane Doe jdoe@example.co.kr",
    "© 2024 Example News. All rights reserved.",
    "부산시는 해수욕장 야간 개장을 일곱 곳으로 늘린다고 밝혔다.",
]


@st.composite
def pasted_articles(draw, extra: list[str] = ()) -> str:
    lines = draw(st.lists(
        st.one_of(st.sampled_from(LINES + list(extra)),
                  st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=50)),
        min_size=1, max_size=14))
    # Pages repeat lines (headline, captions): copy some drawn lines to later places.
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(lines)))
    newline = st.sampled_from(["\n", "\r\n", "\r"])
    padding = st.sampled_from(["", " ", "  ", "\t", "\u00a0", " \u3000"])
    pieces = [draw(padding)]
    for line in lines:
        pieces.append(draw(padding) + line + draw(padding) + draw(newline))
        pieces.extend(draw(padding) + draw(newline) for _ in range(draw(st.integers(0, 2))))
    return "".join(pieces)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pasted_articles())
def test_cleaned_pieces_and_body_map_back_to_the_source(text):
    assert_provenance(article_from(text))


MARKDOWN_LINES = [
    "# Headline about the harbour council",
    "## What the council decided",
    "*By Jane Doe*",
    "> “We will not close it,” the mayor said, adding that the port employs 300 people.",
    "- Related: Can small ports survive?",
    "The council voted on Tuesday to keep the [harbour](https://example.org) open for another five years.",
    "---",
    "**Subscribe** to get new posts by email.",
]


@st.composite
def markdown_articles(draw) -> tuple[str, int]:
    """A Markdown article, perhaps with front matter; returns the text and where the article starts."""
    body = draw(pasted_articles(extra=MARKDOWN_LINES))
    if not draw(st.booleans()):
        return body, 0
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    head = newline.join(["---", "title: Headline about the harbour council", "author: Jane Doe", "---", ""])
    return head + body, len(head)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_articles())
def test_markdown_pieces_and_body_map_back_to_the_source(generated):
    text, content_start = generated
    source = Source(Path("post.md"), text, "utf-8", "0" * 64, {}, form="markdown", content_start=content_start)
    article = clean(source)
    assert_provenance(article)
    for span in (*article.paragraphs, article.title_span):
        assert span is None or span.start >= content_start  # front matter is never article text


def test_a_line_shown_twice_before_the_body_is_the_headline_rather_than_a_longer_line_above_it():
    article = article_from(f"Read our morning newsletter every weekday\n\nCouncil approves school budget\n\nCouncil approves school budget\n\n{BODY}\n")
    assert article.title == "Council approves school budget"
    assert "Council approves school budget" not in article.body
