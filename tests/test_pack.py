"""The PDF pack's own shape (briefing.sphinxext.pack): full texts in an annex or on the site, a short brief,
indexes cut to what a reader scans, with a line saying how many more rows the site has and where.

The pure functions are tested on small doctrees made here; the real builds of the seeds' pack (marked
``slow``) change the settings in conf.py, and lower the indexes' limits there, rather than build 31 articles.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sphinx import addnodes

from briefing.sphinxext import pack
from briefing.sphinxext.ids import DocEntry
from briefing.sphinxext.pack import Page, Site
from conftest import ROOT

BASE = "https://briefing.example.org/pack/"
ARTICLE = "generated/000_47eb9ec3281c3aec"
#: A sentence of seed 000 that only its full text holds (not its summary, quotes, the story or the timeline).
FULL_TEXT_ONLY = "ROK is an acronym of South Korea's official name"


# -- the pure functions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "articles", "printed"), [
    ("auto", 2, True), ("auto", 30, True), ("auto", 31, False), ("always", 1000, True), ("never", 1, False),
])
def test_auto_prints_the_full_texts_up_to_its_limit(mode, articles, printed):
    assert pack.prints_full_texts(mode, 30, articles) is printed


def test_the_contents_list_sections_only_while_the_pack_is_small():
    entries = [DocEntry("a", "article", "A", "a-top", sections=[("Summary", "a-summary")])]
    assert pack.contents_entries(entries, pack.SECTIONS_IN_CONTENTS)[0].sections == [("Summary", "a-summary")]
    shortened = pack.contents_entries(entries, pack.SECTIONS_IN_CONTENTS + 1)
    assert shortened[0].sections == [] and shortened[0].title == "A"
    assert entries[0].sections  # the bookmarks' entries are left as they are


def test_a_site_address_is_the_base_the_page_and_its_anchor():
    assert Site(BASE).url("generated/timeline") == BASE + "generated/timeline.html"
    assert Site(BASE.rstrip("/"), "/").url("generated/quotes-t", "donald-trump") == BASE + "generated/quotes-t/#donald-trump"


def document() -> nodes.document:
    return new_document("test", get_default_settings(Parser))


def page(tree: nodes.document, docname: str, role: str, *children: nodes.Node) -> Page:
    """A page as the pdf builder inlines it: a start_of_file holding its top section."""
    slug = docname.replace("/", "-").replace("_", "-")
    section = nodes.section("", nodes.title("", docname), *children, ids=[f"{slug}--top"])
    start = addnodes.start_of_file(docname=docname)
    start += section
    tree += start
    return Page(docname, role, section, start)


def timeline_table(rows: list[tuple[str, list[str]]], *, resolved: bool = True) -> nodes.table:
    """A timeline as builders.timeline_table writes it: a date, then a paragraph per report ending with its outlet
    (a link to the article, or the cross-reference it is as the page is loaded)."""
    group = nodes.tgroup(cols=2)
    group += [nodes.colspec(colwidth=18), nodes.colspec(colwidth=82)]
    group += nodes.thead("", nodes.row("", nodes.entry("", nodes.paragraph(text="Date")), nodes.entry("", nodes.paragraph(text="What"))))
    body = nodes.tbody()

    def link(outlet: str) -> nodes.Element:
        if resolved:
            return nodes.reference("", outlet, refuri="#x")
        return addnodes.pending_xref("", nodes.inline("", outlet), refdomain="doc", reftype="myst", reftarget="x")

    for when, outlets in rows:
        told = [nodes.paragraph("", "", nodes.Text(f"Something on {when}. ("), link(outlet), nodes.Text(")"))
            for outlet in outlets]
        body += nodes.row("", nodes.entry("", nodes.paragraph(text=when)), nodes.entry("", *told))
    group += body
    return nodes.table("", group, classes=["briefing-rows"])


def body_dates(table: nodes.table) -> list[str]:
    return [row[0].astext() for row in table.next_node(nodes.tbody).children]


def test_a_long_timeline_keeps_the_happenings_most_outlets_report_in_date_order():
    rows = [(f"2024-01-{day:02d}", ["A"]) for day in range(1, 29)]
    rows[3] = ("2024-01-04", ["A", "B", "C"])
    rows[10] = ("2024-01-11", ["A", "B"])
    rows[12] = ("2024-01-13", ["A", "A"])  # two articles of one outlet: one outlet, two reports
    tree = document()
    timeline = page(tree, "generated/timeline", "timeline", nodes.paragraph(text="All of them."), timeline_table(rows))
    assert pack.cut_timeline(timeline, [], Site(BASE)) == (pack.TIMELINE_IN_PACK, 28)
    (table,) = timeline.section.findall(nodes.table)
    kept = body_dates(table)
    assert len(kept) == pack.TIMELINE_IN_PACK and kept == sorted(kept)
    # three outlets, two, one outlet in two reports, then the latest of those one outlet reports
    expected = ["2024-01-04", "2024-01-11", "2024-01-13"] + [f"2024-01-{d:02d}" for d in range(28, 0, -1) if d not in (4, 11, 13)]
    assert kept == sorted(expected[:pack.TIMELINE_IN_PACK])
    more = timeline.section.children[-1]
    assert more.astext() == f"8 more dated happenings on the briefing site: {BASE}generated/timeline.html."
    assert more.next_node(nodes.reference)["refuri"] == BASE + "generated/timeline.html"


def test_a_timeline_within_its_limit_is_printed_whole():
    tree = document()
    rows = [(f"2024-01-{day:02d}", ["A"]) for day in range(1, pack.TIMELINE_IN_PACK + 1)]
    timeline = page(tree, "generated/timeline", "timeline", timeline_table(rows))
    assert pack.cut_timeline(timeline, [], None) is None
    assert len(body_dates(timeline.section.next_node(nodes.table))) == pack.TIMELINE_IN_PACK


def test_a_large_pack_lists_the_brief_stories_and_indexes_in_its_contents_not_each_article():
    entries = [DocEntry("index", "brief", "Brief", "b"), DocEntry("s", "story", "Story", "s"),
               DocEntry("a", "article", "A", "a", level=2), DocEntry("t", "timeline", "Timeline", "t")]
    assert pack.in_contents(entries, pack.ARTICLES_IN_CONTENTS) == entries
    assert [entry.title for entry in pack.in_contents(entries, pack.ARTICLES_IN_CONTENTS + 1)] == ["Brief", "Story", "Timeline"]


def actors_table(names: list[str]) -> nodes.table:
    group = nodes.tgroup(cols=2)
    group += [nodes.colspec(colwidth=30), nodes.colspec(colwidth=70)]
    group += nodes.thead("", nodes.row("", nodes.entry("", nodes.paragraph(text="Actor")), nodes.entry("", nodes.paragraph(text="Mentions"))))
    group += nodes.tbody("", *[nodes.row("", nodes.entry("", nodes.paragraph(text=name)), nodes.entry("", nodes.paragraph(text="1")))
                              for name in names])
    return nodes.table("", group)


def test_a_story_keeps_its_most_mentioned_actors_and_most_reported_happenings_on_its_page():
    tree = document()
    names = [f"Actor {number}" for number in range(pack.ROWS_ON_PAGE + 5)]
    rows = [(f"2024-01-{day:02d}", ["A"]) for day in range(1, pack.ROWS_ON_PAGE + 4)]
    rows[-1] = (rows[-1][0], ["A", "B"])
    story = page(tree, "generated/story-1", "story",
                 nodes.section("", nodes.title("", "Actors"), actors_table(names), ids=["generated-story-1--actors"]),
                 nodes.section("", nodes.title("", "Timeline"), timeline_table(rows), ids=["generated-story-1--timeline"]))
    pack.cut_page_tables(story, Site(BASE))
    actors, timeline = story.section.children[1:]
    assert [row[0].astext() for row in actors.next_node(nodes.tbody).children] == names[:pack.ROWS_ON_PAGE]
    assert actors.children[-1].astext() == f"5 more actors of this story on the briefing site: {BASE}generated/story-1.html."
    kept = body_dates(timeline.next_node(nodes.table))
    assert len(kept) == pack.ROWS_ON_PAGE and kept == sorted(kept) and rows[-1][0] in kept  # two outlets beat one
    assert timeline.children[-1].astext().startswith("3 more dated happenings of this story")


def test_past_its_limit_an_article_is_its_summary_and_key_quotes_and_says_where_its_actors_are():
    tree = document()
    article = page(tree, "generated/a", "article",
                   nodes.section("", nodes.title("", "Summary"), ids=["generated-a--summary"]),
                   nodes.section("", nodes.title("", "Actors"), actors_table(["Yoon"]), ids=["generated-a--actors"]))
    pack.leave_out_actors(article, Site(BASE))
    assert [child.astext() for child in article.section.children[1:]] == [
        "Summary", f"Actors: on the briefing site, {BASE}generated/a.html, on its story's page and in the actors index."]
    assert not list(article.section.findall(nodes.table))


def test_a_page_is_loaded_as_light_as_the_pack_prints_it():
    def article_tree() -> nodes.document:
        tree = document()
        text = nodes.container("", nodes.paragraph("", "", nodes.inline("", "words", ids=["quote-1"])), classes=["briefing-full-text"])
        top = nodes.section("", nodes.title("", "A"),
                            nodes.section("", nodes.title("", "Actors"), actors_table(["Yoon"]), ids=["actors"]),
                            nodes.section("", nodes.title("", "Full text"), text, ids=["full-text"]), ids=["a"])
        tree += top
        return tree

    light = pack.Lighter(full_texts=False, article_actors=False).lighten(article_tree(), {"briefing": "article"})
    (container,) = list(light.findall(nodes.container))
    assert container.children == [] and container["ids"] == ["quote-1"]  # relink still knows where quote-1 was
    assert not list(light.findall(nodes.table)) and "Actors" in light.astext()
    whole = pack.Lighter(full_texts=True, article_actors=True).lighten(article_tree(), {"briefing": "article"})
    assert "words" in whole.astext() and list(whole.findall(nodes.table))
    story = pack.Lighter(full_texts=False, article_actors=False).lighten(article_tree(), {"briefing": "story"})
    assert "words" in story.astext()


def test_an_article_with_few_actors_keeps_them_all():
    tree = document()
    article = page(tree, "generated/a", "article",
                   nodes.section("", nodes.title("", "Actors"), actors_table(["Yoon", "Putin"]), ids=["generated-a--actors"]))
    pack.cut_page_tables(article, None)
    assert len(article.section.children[1].next_node(nodes.tbody).children) == 2
    assert not [p for p in article.section.findall(nodes.paragraph) if "more" in p.astext()]


def test_without_html_baseurl_the_line_says_where_in_words():
    tree = document()
    rows = [(f"2024-01-{day:02d}", ["A"]) for day in range(1, pack.TIMELINE_IN_PACK + 3)]
    timeline = page(tree, "generated/timeline", "timeline", timeline_table(rows))
    pack.cut_timeline(timeline, [], None)
    assert timeline.section.children[-1].astext() == "2 more dated happenings on the briefing site, on its generated/timeline page."
    assert not list(timeline.section.children[-1].findall(nodes.reference))


def said(docname: str, speaker: str | None, count: int) -> nodes.Element:
    """A speaker's section on the quotes page (builders._speaker_section), or the quotations whose speaker is not named."""
    slug = docname.replace("/", "-")
    items = [nodes.list_item("", nodes.paragraph(text=f"{speaker} said {n}")) for n in range(count)]
    classes = ["briefing-quotations"] + ([] if speaker else ["briefing-unattributed"])
    container = nodes.container("", nodes.bullet_list("", *items, bullet="-"), classes=classes)
    title = speaker or "Speaker not named"
    return nodes.section("", nodes.title("", title), container, ids=[f"{slug}--{title.lower().replace(' ', '-')}"])


def test_a_long_quotes_page_keeps_the_most_quoted_speakers_first_quotations_then_those_of_no_named_speaker(monkeypatch):
    monkeypatch.setattr(pack, "QUOTES_IN_PACK", 5)
    monkeypatch.setattr(pack, "SPEAKERS_IN_PACK", 4)
    monkeypatch.setattr(pack, "QUOTES_PER_SPEAKER", 3)
    tree = document()
    quotes = page(tree, "generated/quotes", "quotes", said("generated/quotes", "Bo", 2), said("generated/quotes", "Al", 6),
                  said("generated/quotes", "Cy", 1), said("generated/quotes", None, 5))
    assert pack.cut_quotes(quotes, [], Site(BASE)) == (9, 14)
    sections = [child for child in quotes.section.children if isinstance(child, nodes.section)]
    assert [section[0].astext() for section in sections] == ["Al", "Bo", "Cy", "Speaker not named"]
    assert [len(list(section.findall(nodes.list_item))) for section in sections] == [3, 2, 1, 3]
    al_more = sections[0].next_node(nodes.reference)
    assert al_more.astext() == "on the briefing site" and al_more["refuri"] == BASE + "generated/quotes.html#al"
    assert sections[0].astext().endswith("3 more on the briefing site.")
    assert quotes.section[1].astext() == ("The 3 speakers quoted most often, of 3, with their first 3 quotations each "
                                          "(then those whose speaker is not named): 9 of the 14 quotations.")
    assert quotes.section[-1].astext() == (f"5 more quotations on the briefing site: {BASE}generated/quotes.html. "
                                           "They include 2 whose speaker is not named.")


def quote_card_footer(anchor: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.strong("", "Yoon"), nodes.Text(" · said · "),
                           nodes.reference("", "in the text", refid=anchor))


def test_links_into_a_full_text_left_out_go_or_lead_to_the_article():
    tree = document()
    footer = quote_card_footer("a--quote-1")
    full_text = nodes.section("", nodes.title("", "Full text"), nodes.container(
        "", nodes.paragraph("", "", nodes.inline("", "words", ids=["a--quote-1"])), classes=["briefing-full-text"]), ids=["a--full-text"])
    article = page(tree, "a", "article", footer, full_text)
    index_link = nodes.reference("", "The Korea Times", refuri="#a--quote-1")
    dangling = nodes.reference("", "2016", refuri="#timeline-2016--top")
    page(tree, "quotes", "quotes", nodes.paragraph("", "", nodes.Text("A quote ("), index_link, nodes.Text(") "), dangling))
    found = pack.full_text_section(article)
    assert found is full_text
    redirects = pack.leave_out_full_texts([(article, found)], Site(BASE))
    pack.relink(tree, "index", redirects)
    assert footer.astext() == "Yoon · said" and not list(footer.findall(nodes.reference))
    assert index_link["refuri"] == "#a--top"  # the quotes index still leads to the article
    assert "2016" in tree.astext() and not [r for r in tree.findall(nodes.reference) if r.astext() == "2016"]
    note = article.section.next_node(lambda n: isinstance(n, nodes.paragraph) and pack.NOTE_CLASS in n["classes"])
    assert note.astext() == f"Full text: on the briefing site, {BASE}a.html."


def test_a_long_sources_table_is_printed_in_blocks_each_starting_a_page_under_the_header():
    tree = document()
    names = [f"Article {number}" for number in range(7)]
    sources = page(tree, "generated/sources", "sources", actors_table(names))
    pack.block_table(sources, 3)
    tables = list(sources.section.findall(nodes.table))
    assert [[row[0].astext() for row in table.next_node(nodes.tbody).children] for table in tables] == [names[:3], names[3:6], names[6:]]
    assert all([entry.astext() for entry in table.next_node(nodes.thead).findall(nodes.entry)] == ["Actor", "Mentions"] for table in tables)
    blocks = [node for node in sources.section.children if isinstance(node, nodes.container)]
    assert len(blocks) == 2 and all(pack.CONTINUED_CLASS in block["classes"] for block in blocks)
    short = page(tree, "generated/sources-short", "sources", actors_table(names[:3]))
    pack.block_table(short, 3)
    assert not list(short.section.findall(nodes.container))


# -- the parts of long indexes, trimmed as they are loaded -------------------------------------------------

SMALL_LIMITS = {"TIMELINE_IN_PACK": 4, "ACTORS_IN_PACK": 3, "QUOTES_IN_PACK": 5, "SPEAKERS_IN_PACK": 2, "QUOTES_PER_SPEAKER": 2}
reports = st.lists(st.sampled_from("ABC"), min_size=1, max_size=3)


def cut_index(index: str, own: list, parts: list[list], trimmed: bool) -> tuple[str, object]:
    """Build an index page and its parts, trim the parts as the pdf builder loads them (or not), cut the index;
    what the cut printed and returned."""
    tree = document()
    counter = iter(range(10_000))

    def content(rows: list, docname: str) -> list[nodes.Node]:
        if index == "timeline":  # as loaded: its links to the articles are resolved after the part is trimmed
            return [timeline_table([(f"2024-{next(counter):04d}", outlets) for outlets in rows], resolved=False)]
        if index == "actors":
            return [actors_table([f"Actor {next(counter)}" for _ in rows])]
        return [said(docname, None if speaker is None else f"Speaker {next(counter)}", count) for speaker, count in rows]

    name = f"generated/{index}"
    page_ = page(tree, name, index, *content(own, name))
    part_pages = []
    for number, rows in enumerate(parts):
        part = page(tree, f"{name}-{number}", "part", *content(rows, f"{name}-{number}"))
        if trimmed:
            pack.trim_part(part.start, index)
        part_pages.append(part)
    for pending in list(tree.findall(addnodes.pending_xref)):
        pending.replace_self(nodes.reference("", "", *pending.children, refuri="#x"))
    cut = {"timeline": pack.cut_timeline, "actors": pack.cut_actors, "quotes": pack.cut_quotes}[index]
    returned = cut(page_, part_pages, Site(BASE))
    return (page_.section.pformat() if returned is not None else tree.pformat()), returned


def the_same_cut_from_trimmed_parts(index: str, own: list, parts: list[list]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in SMALL_LIMITS.items():
            patch.setattr(pack, name, value)
        whole, trimmed = cut_index(index, own, parts, trimmed=False), cut_index(index, own, parts, trimmed=True)
    assert trimmed == whole


@settings(max_examples=150, deadline=None)
@given(own=st.lists(reports, max_size=3), parts=st.lists(st.lists(reports, max_size=9), min_size=1, max_size=4))
def test_a_timeline_cut_from_its_trimmed_parts_is_the_cut_from_the_whole_parts(own, parts):
    the_same_cut_from_trimmed_parts("timeline", own, parts)


@settings(max_examples=100, deadline=None)
@given(own=st.lists(st.just(1), min_size=1, max_size=5), parts=st.lists(st.lists(st.just(1), max_size=7), min_size=1, max_size=4))
def test_an_actors_index_cut_from_its_trimmed_parts_is_the_cut_from_the_whole_parts(own, parts):
    the_same_cut_from_trimmed_parts("actors", own, parts)


speakers = st.lists(st.tuples(st.sampled_from([None, "named", "named"]), st.integers(1, 5)), max_size=6)


@settings(max_examples=200, deadline=None)
@given(own=speakers, parts=st.lists(speakers, min_size=1, max_size=4))
def test_a_quotes_index_cut_from_its_trimmed_parts_is_the_cut_from_the_whole_parts(own, parts):
    the_same_cut_from_trimmed_parts("quotes", own, parts)


def test_a_long_part_keeps_what_its_index_prints_and_counts_what_went(monkeypatch):
    for name, value in SMALL_LIMITS.items():
        monkeypatch.setattr(pack, name, value)
    tree = document()
    part = page(tree, "generated/timeline-2016", "part", timeline_table([(f"2016-01-{d:02d}", ["A"]) for d in range(1, 10)]))
    pack.trim_part(part.start, "timeline")
    (table,) = part.section.findall(nodes.table)
    assert body_dates(table) == ["2016-01-06", "2016-01-07", "2016-01-08", "2016-01-09"]  # of equals, the latest
    assert table[pack.LEFT_OUT] == 5
    short = page(tree, "generated/timeline-2017", "part", timeline_table([("2017", ["A"])]))
    pack.trim_part(short.start, "timeline")
    assert pack.LEFT_OUT not in short.section.next_node(nodes.table)


# -- real builds of the seeds' pack -----------------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """docs/ with the seeds converted into it, once for the module."""
    project = tmp_path_factory.mktemp("pack")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(ROOT / "seeds", project / "seeds")
    run(sys.executable, "-m", "briefing", "convert", "seeds", "--out", "docs/generated", "-q", cwd=project)
    return project


LOW_LIMITS = """
import briefing.sphinxext.pack as _pack  # the indexes' limits lowered, so that two articles pass them
_pack.TIMELINE_IN_PACK, _pack.ACTORS_IN_PACK, _pack.SOURCES_IN_BRIEF = 3, 5, 1
_pack.QUOTES_IN_PACK, _pack.SPEAKERS_IN_PACK, _pack.QUOTES_PER_SPEAKER = 6, 2, 3
del _pack
"""


class Pack:
    """A PDF pack of the seeds built with some conf.py lines added: its print HTML, PDF pages and bookmarks."""

    def __init__(self, converted: Path, name: str, conf: str) -> None:
        docs = converted / f"docs-{name}"
        shutil.copytree(converted / "docs", docs)
        (docs / "conf.py").write_text((docs / "conf.py").read_text(encoding="utf-8") + "\n" + conf, encoding="utf-8")
        run(sys.executable, "-m", "sphinx", "-M", "pdf", str(docs), str(converted / f"build-{name}"), "-W", "--keep-going", "-q",
            cwd=converted)
        out = converted / f"build-{name}" / "pdf"
        self.html = (out / "briefing.html").read_text(encoding="utf-8")
        self.reader = PdfReader(out / "briefing.pdf")
        self.pages = [" ".join((p.extract_text() or "").split()) for p in self.reader.pages]
        self.text = " ".join(self.pages)

    def says(self, words: str) -> bool:
        """Whether the PDF's text holds ``words``, white space aside (an address may wrap at any of its slashes)."""
        return "".join(words.split()) in "".join(self.text.split())

    def soup(self):
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.html, "html.parser")

    def outline(self, items=None) -> list:
        """[(title, page, [children ...])] of the bookmarks."""
        items = list(self.reader.outline if items is None else items)
        tree = []
        for index, item in enumerate(items):
            if isinstance(item, list):
                continue
            children = items[index + 1] if index + 1 < len(items) and isinstance(items[index + 1], list) else []
            tree.append((item.title, self.reader.get_destination_page_number(item) + 1, self.outline(children)))
        return tree

    def uris(self) -> list[str]:
        found = []
        for pdf_page in self.reader.pages:
            for annotation in pdf_page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                if action is not None and "/URI" in action:
                    found.append(str(action["/URI"]))
        return found

    def links_resolve(self) -> bool:
        ids = set(re.findall(r'\sid="([^"]+)"', self.html))
        return not [a for a in re.findall(r'href="#([^"]*)"', self.html) if a not in ids]


@pytest.fixture(scope="module")
def auto(converted):
    return Pack(converted, "auto", "")


@pytest.fixture(scope="module")
def past_limit(converted):
    return Pack(converted, "past-limit", "briefing_pdf_full_text_limit = 1\n")


@pytest.fixture(scope="module")
def never(converted):
    return Pack(converted, "never", f'briefing_pdf_full_text = "never"\nhtml_baseurl = "{BASE}"\n' + LOW_LIMITS)


@pytest.fixture(scope="module")
def always(converted):
    return Pack(converted, "always", 'briefing_pdf_full_text = "always"\nbriefing_pdf_full_text_limit = 1\n')


def annex_of(built: Pack):
    return next((entry for entry in built.outline() if entry[0] == "Full texts"), None)


@pytest.mark.slow
def test_auto_prints_the_seeds_full_texts_in_an_annex_after_the_indexes(auto):
    top = [title for title, _, _ in auto.outline()]
    assert top[-2:] == ["Sources", "Full texts"]
    _, annex_page, articles = annex_of(auto)
    assert len(articles) == 2 and all(page >= annex_page for _, page, _ in articles)
    soup = auto.soup()
    texts = soup.select(".briefing-full-text")
    assert len(texts) == 2 and all(text.find_parent("section", class_="briefing-annex") for text in texts)
    # the full text is printed once, in the annex, and the article says on which page
    assert auto.text.count(FULL_TEXT_ONLY) == 1
    assert FULL_TEXT_ONLY in " ".join(auto.pages[annex_page - 1:])
    story = next(entry for entry in auto.outline() if entry[0].startswith("Story: "))
    first_article_page = story[2][-2][1]  # the story's children: its sections, then its articles
    article_pages = " ".join(auto.pages[first_article_page - 1:annex_page - 1])
    assert f"Full text: in the annex, page {articles[0][1]}." in article_pages
    assert f"Full texts: in the annex, page {annex_page}." in auto.text  # and the brief says so once
    # a key quote's "in the text" leads to its words in the annex
    assert "in the text" in soup.select_one("section.briefing-article .briefing-quote").get_text()
    assert auto.links_resolve()


@pytest.mark.slow
def test_auto_past_its_limit_leaves_the_full_texts_to_the_site_and_says_so_in_words(past_limit):
    assert annex_of(past_limit) is None
    assert not past_limit.soup().select(".briefing-full-text")
    assert FULL_TEXT_ONLY not in past_limit.text
    assert "Full text: on this article's page of the briefing site." in past_limit.text
    assert "Full texts: not printed in this pack of 2 articles (they are printed up to 1); each is on its article's " \
           "page of the briefing site." in past_limit.text
    assert "in the text" not in past_limit.soup().select_one("section.briefing-article .briefing-quote").get_text()  # no link to words not printed
    assert past_limit.uris() == [] and past_limit.links_resolve()


@pytest.mark.slow
def test_never_leaves_them_out_and_links_each_article_on_the_site(never):
    assert annex_of(never) is None and FULL_TEXT_ONLY not in never.text
    assert never.says(f"Full text: on the briefing site, {BASE}{ARTICLE}.html.")
    assert never.says(f"Full texts: not printed in this pack; each is on its article's page of the briefing site, {BASE}generated/index.html.")
    uris = never.uris()
    assert f"{BASE}{ARTICLE}.html" in uris and f"{BASE}generated/001_3a90daa9eccd1bea.html" in uris
    assert never.links_resolve()


@pytest.mark.slow
def test_always_prints_them_past_the_limit(always):
    assert annex_of(always) is not None and always.text.count(FULL_TEXT_ONLY) == 1


@pytest.mark.slow
def test_indexes_past_their_limits_keep_their_weightiest_rows_and_say_how_many_more_the_site_has(never, auto):
    soup = never.soup()
    timeline = soup.select_one("section.briefing-timeline")
    rows = timeline.select("table.briefing-rows tbody tr")
    assert len(rows) == 3
    whole = auto.soup().select("section.briefing-timeline table.briefing-rows tbody tr")
    assert len(whole) > 3  # the default pack prints the seeds' timeline whole
    # the NATO summit, reported by both outlets, is among the rows kept
    assert any("The Korea Times" in row.get_text() and "The Dong-A Ilbo" in row.get_text() for row in rows)
    dates = [row.select("td")[0].get_text(" ", strip=True) for row in rows]
    assert dates == sorted(dates)
    assert never.says(f"{len(whole) - 3} more dated happenings on the briefing site: {BASE}generated/timeline.html.")

    actors = soup.select_one("section.briefing-actors")
    assert len(actors.select("table.briefing-rows tbody tr")) == 5
    assert actors.select(".briefing-network")  # the network stays
    everyone = len(auto.soup().select("section.briefing-actors table.briefing-rows tbody tr"))
    assert never.says(f"{everyone - 5} more actors on the briefing site: {BASE}generated/actors.html.")

    quotes = soup.select_one("section.briefing-quotes")
    speakers = [section.find(re.compile("^h[1-6]$")).get_text(strip=True) for section in quotes.find_all("section", recursive=False)]
    assert speakers[0] == "Yoon Suk Yeol" and len(speakers) == 2
    yoon = quotes.find("section", recursive=False)
    assert len(yoon.select(".briefing-quotations li")) == 3
    more = yoon.select_one(".briefing-pack-note a")
    assert more["href"] == f"{BASE}generated/quotes.html#yoon-suk-yeol" and more.get_text() == "on the briefing site"
    quoted = len(auto.soup().select("section.briefing-quotes .briefing-quotations li"))
    assert never.says(f"{quoted - 3 - 2} more quotations on the briefing site: {BASE}generated/quotes.html. They include")

    sources = soup.find(id="generated-index--sources")  # past SOURCES_IN_BRIEF, the brief points to the Sources page
    assert sources is not None and not sources.find_all("table", recursive=False)
    assert re.search(r"The 2 articles are listed with their outlets, authors and dates under Sources, page \d+\.", never.text)
    assert never.uris().count(f"{BASE}generated/timeline.html") == 1
