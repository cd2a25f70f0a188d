"""Saved web pages: the article is found among the page furniture and traced back into the page's text."""

from __future__ import annotations

import datetime
import html
import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_clean import ARTICLES, assert_provenance

from briefing.ingest.clean import clean
from briefing.ingest.read import read_source, read_sources
from briefing.ingest.webpage import declared_charset, looks_like_html

PARAGRAPHS = [
    "The harbour council voted on Tuesday to close the old ferry pier for repairs, after divers found cracks in two of its concrete piles.",
    "Repairs will take about six months and cost 2.4 million euros, the council said, and ferries will use the fishing quay until then.",
    "“We cannot let passengers walk over a pier we no longer trust,” said harbour master Ines Calloway, who asked for the inspection.",
    "Fishing crews said they would share the quay but asked for a timetable so that landings and sailings do not clash in the mornings.",
]


def page(body: str = "", head: str = "", charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>Old ferry pier to close for repairs | Harbour Times</title>
<meta property="og:title" content="Old ferry pier to close for repairs">
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Ada Brennan">
<meta property="article:published_time" content="2024-07-09T08:00:00+01:00">
{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Old ferry pier to close for repairs</h1>
<p class="byline">By Ada Brennan</p>
{paragraphs}{body}</article>
<aside><h2>Related</h2><ul><li><a href="/a">Ferry fares to rise in autumn</a></li><li><a href="/b">New quay lights switched on</a></li></ul></aside>
<footer><p>© 2024 Harbour Times. All rights reserved.</p></footer>
</body></html>
"""


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_saved_page_gives_main_text_metadata_and_no_furniture(tmp_path):
    article = clean(read_source(write(tmp_path, "pier.html", page().encode())))
    assert article.source.form == "html"
    assert article.title == "Old ferry pier to close for repairs"
    assert article.title_span is not None  # the <h1> in the page's text
    assert article.authors == ("Ada Brennan",)
    assert article.outlet == "Harbour Times"
    assert article.published == datetime.date(2024, 7, 9)
    assert article.language == "en"
    assert [p.text for p in article.paragraphs] == PARAGRAPHS
    for furniture in ("Home", "Related", "Ferry fares to rise", "All rights reserved"):
        assert furniture not in article.body
    assert_provenance(article)


def test_markup_in_a_page_never_reaches_the_text(tmp_path):
    hostile = '<p>Officials said the pier <script>alert("x")</script>would reopen <b>in January</b> &amp; <a href="javascript:alert(1)">not before</a>, the council said on Tuesday.</p>'
    article = clean(read_source(write(tmp_path, "pier.html", page(hostile).encode())))
    assert "Officials said the pier would reopen in January & not before, the council said on Tuesday." in article.body
    for markup in ("<script", "alert", "<b>", "href", "&amp;"):
        assert markup not in article.source.text


def test_page_in_a_declared_korean_charset(tmp_path):
    html = page(charset="euc-kr").replace("Ada Brennan", "박지원")
    path = write(tmp_path, "pier.htm", html.encode("cp949", errors="xmlcharrefreplace"))
    source = read_source(path)
    assert source.encoding == "cp949"
    assert clean(source).authors == ("박지원",)


NOTHING_LEFT = "no article text left after removing boilerplate"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><head><title>Menu</title></head><body><nav>Home News Sport</nav></body></html>", NOTHING_LEFT),
        (b"<html><body><p>Breaking: the pier is cl", NOTHING_LEFT),
        (b"<<<>>><\x01\x02 not <html", NOTHING_LEFT),
        (b"   \n", "no text (only whitespace)"),
        (b"", "empty file"),
    ],
    ids=["only-navigation", "truncated", "garbage", "whitespace", "empty"],
)
def test_page_without_an_article_is_one_clear_problem(tmp_path, data, message):
    """No extractor finds an article: the page is read as pasted text, and nothing of it is an article."""
    from briefing.pipeline import load_articles

    write(tmp_path, "page.html", data)
    articles, problems = load_articles([tmp_path])
    assert articles == [] and [p.message for p in problems] == [message]


def test_broken_page_is_reported_and_the_batch_goes_on(tmp_path):
    from briefing.pipeline import load_articles

    write(tmp_path, "good.html", page().encode())
    write(tmp_path, "broken.html", b"<html><body><div><p>Unclosed")
    articles, problems = load_articles([tmp_path])
    assert [a.source.path.name for a in articles] == ["good.html"]
    assert [(p.path.name, p.message) for p in problems] == [("broken.html", NOTHING_LEFT)]


def test_truncated_markup_still_gives_the_article(tmp_path):
    cut = page().split("<aside>")[0]  # saved before the page finished loading: no closing tags
    article = clean(read_source(write(tmp_path, "cut.html", cut.encode())))
    assert [p.text for p in article.paragraphs] == PARAGRAPHS


def test_page_saved_as_txt_is_read_as_a_page(tmp_path):
    source = read_source(write(tmp_path, "pier.txt", page().encode()))
    assert source.form == "html"


def test_page_piped_to_standard_input(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page().encode())))
    sources, problems = read_sources([Path("-")])
    assert not problems
    assert str(sources[0].path) == "<stdin>" and sources[0].form == "html"


def test_the_same_article_as_a_page_and_as_pasted_text_is_kept_once(tmp_path):
    from briefing.pipeline import load_articles

    write(tmp_path, "a-page.html", page().encode())
    pasted = "Old ferry pier to close for repairs\n\nBy Ada Brennan\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    write(tmp_path, "b-pasted.txt", pasted.encode())
    articles, problems = load_articles([tmp_path])
    assert [a.source.path.name for a in articles] == ["a-page.html"]
    assert [(p.path.name, p.fatal) for p in problems] == [("b-pasted.txt", False)]
    assert "same article text as" in problems[0].message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<meta charset="euc-kr">', "cp949"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
        (b"<meta charset='utf-8'>", "utf-8"),
        (b'<meta charset="no-such-code">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset(data, expected):
    assert declared_charset(data) == expected


def test_html_is_recognised_by_its_start_only():
    assert looks_like_html(b"\xef\xbb\xbf<!DOCTYPE html><html>".lstrip(b"\xef\xbb\xbf"))
    assert looks_like_html(b"  <!-- saved from url -->\n<html lang=en>")
    assert not looks_like_html(b"Headline\n\nThe <html> tag was discussed.")


@pytest.mark.parametrize("name", ["saved_newspaper.html", "saved_broadcaster.htm"])
def test_fixture_pages_map_back_into_their_text(name):
    assert_provenance(clean(read_source(ARTICLES / name)))


def test_description_that_repeats_the_first_paragraph_leaves_it_in_the_body(tmp_path):
    head = f'<meta property="og:description" content="{PARAGRAPHS[0]}">'
    article = clean(read_source(write(tmp_path, "pier.html", page(head=head).encode())))
    assert article.deck is None
    assert [p.text for p in article.paragraphs] == PARAGRAPHS


def test_standfirst_above_the_body_is_the_deck(tmp_path):
    standfirst = "Divers found cracks in two piles; ferries move to the fishing quay until January"
    head = f'<meta name="description" content="{standfirst}.">'
    html = page(head=head).replace("<p class=\"byline\">", f"<p class=\"standfirst\">{standfirst}</p>\n<p class=\"byline\">")
    article = clean(read_source(write(tmp_path, "pier.html", html.encode())))
    assert article.deck.text == standfirst
    assert [p.text for p in article.paragraphs] == PARAGRAPHS


words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(words, min_size=3, max_size=30).map(" ".join), min_size=1, max_size=6))
def test_generated_pages_map_back_into_their_text(paragraphs):
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    markup = page(body).encode()
    source = read_source_bytes(markup)
    article = clean(source)
    assert_provenance(article)
    for marker in ("<p>", "<script", "</"):
        assert marker not in "".join(p.text for p in article.paragraphs) or marker in "".join(paragraphs)


def read_source_bytes(data: bytes):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_bytes(data)
        return read_source(path)


# --- a declared charset that cannot be a page's ----------------------------------------------------

NOT_A_PAGE_CHARSET = [
    "base64", "rot13", "hex", "zlib", "bz2", "uu", "quopri",  # codecs, but not text encodings
    "utf-7", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined",  # would decode escapes, or nothing
    "utf-16", "utf-32", "cp500", "hz",  # not ASCII where the page's own <meta> tag is
    "no-such-code", "mbcs-on-linux", "encodings.rot_13", "aliases",  # unknown names
]


@pytest.mark.parametrize("name", NOT_A_PAGE_CHARSET)
def test_a_declared_charset_that_is_no_text_encoding_a_page_can_be_in_is_passed_over(name):
    assert declared_charset(f'<meta charset="{name}">'.encode()) is None


@pytest.mark.parametrize(("name", "expected"), [
    ("Shift_JIS", "shift_jis"), ("ISO-2022-JP", "iso2022_jp"), ("windows-1251", "cp1251"), ("KOI8-R", "koi8-r"),
    ("GB2312", "gb2312"), ("utf8", "utf-8"),
])
def test_a_declared_charset_a_page_can_be_in_is_used(name, expected):
    assert declared_charset(f'<meta charset="{name}">'.encode()) == expected


@pytest.mark.parametrize("name", ["base64", "rot13", "utf-7", "unicode_escape", "no-such-code", "utf-16"])
def test_a_page_declaring_a_charset_python_cannot_decode_text_with_is_read_as_any_other(tmp_path, name):
    hidden = "+ADw-script+AD4-alert(1)+ADw-/script+AD4- and \\u003cb\\u003e"  # what utf-7 and unicode_escape would turn into markup
    body = f"<p>The notice on the pier read {hidden} for a week, and “nobody minded,” the harbour master said.</p>"
    path = write(tmp_path, "pier.html", page(body, charset=name).encode("utf-8"))
    sources, problems = read_sources([path])
    assert problems == []
    assert sources[0].encoding == "utf-8"
    article = clean(sources[0])
    assert article.title == "Old ferry pier to close for repairs"
    assert f"The notice on the pier read {hidden} for a week, and “nobody minded,”" in article.body


@pytest.mark.parametrize("codec", ["base64", "rot13", "no-such-code", "undefined"])
def test_decoding_falls_back_to_detection_when_the_declared_codec_fails(tmp_path, monkeypatch, codec):
    # Whatever declared_charset lets through, a codec that raises LookupError or UnicodeError is passed over.
    import briefing.ingest.webpage

    monkeypatch.setattr(briefing.ingest.webpage, "declared_charset", lambda data: codec)
    source = read_source(write(tmp_path, "pier.html", page().replace("Ada Brennan", "Adèle Brennan").encode("utf-8")))
    assert source.encoding == "utf-8"
    assert clean(source).authors == ("Adèle Brennan",)


def table_page(title: str) -> str:
    """A page laid out in tables as news sites were in 2008: the section and the headline are cells of one line."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<html><head><title>{title}</title></head><body>
<table><tr><td><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a> | <a href="/weather">Weather</a></td></tr></table>
<table><tr><td><b>Latest headlines</b></td></tr>
<tr><td><a href="/1">Storm closes mountain passes for a second day</a></td></tr>
<tr><td><a href="/2">Bakery chain recalls bread after complaints</a></td></tr></table>
<table><tr><td><b>News</b></td><td><b>Old ferry pier to close for repairs</b></td></tr></table>
<table><tr><td>{paragraphs}</td></tr></table>
<table><tr><td>Contact us | Advertise | Privacy</td></tr></table>
</body></html>"""


@pytest.mark.parametrize("title", [
    "Old ferry pier to close for repairs - News - Harbour Times",
    "Harbour Times | News | Old ferry pier to close for repairs",
])
def test_headline_is_the_cell_the_page_title_holds_not_a_teaser_or_the_section(tmp_path, title):
    article = clean(read_source(write(tmp_path, "pier.html", table_page(title).encode())))
    assert article.title == "Old ferry pier to close for repairs"
    assert article.title_span is not None
    assert article.source.text[article.title_span.start:article.title_span.end] == article.title
    assert [p.text for p in article.paragraphs] == PARAGRAPHS


def test_headline_of_a_page_whose_title_is_only_the_site_is_its_heading(tmp_path):
    article = clean(read_source(write(tmp_path, "pier.html", page().replace(
        "<title>Old ferry pier to close for repairs | Harbour Times</title>", "<title>Harbour Times</title>").encode())))
    assert article.title == "Old ferry pier to close for repairs"
