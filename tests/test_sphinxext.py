"""Tests of briefing.sphinxext: configuration, id rewriting, the URL fetcher, and real HTML/PDF builds.

The builds (marked ``slow``) run once per module on tests/fixtures/sample_site copied to a temp dir.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from briefing import sphinxext
from briefing.sphinxext.ids import rename_ids
from briefing.sphinxext.pdf import cover_data, make_url_fetcher, source_date

ROOT = Path(__file__).parents[1]
SAMPLE = Path(__file__).parent / "fixtures" / "sample_site"
ARTICLE_TITLES = [
    "Yoon urges Moscow to side with Seoul instead of Pyongyang",
    "Yoon: Russia needs to judge carefully",
    "윤석열 대통령, 러시아에 경고",
]
EPOCH = "1720483200"  # 2024-07-09T00:00:00Z


# -- configuration -------------------------------------------------------------------------------


def test_config_options_are_declared_once_with_help():
    keys = [option.key for option in sphinxext.CONFIG_OPTIONS]
    assert len(keys) == len(set(keys))
    assert {"briefing_title", "briefing_organisation", "briefing_marking", "briefing_pdf_filename"} <= set(keys)
    for option in sphinxext.CONFIG_OPTIONS:
        assert option.help.strip(), option.key
        assert option.types


class RecordingApp:
    """Just enough of sphinx.application.Sphinx to watch setup() register things."""

    def __init__(self):
        from sphinx.config import Config

        self.config_values, self.css_files, self.builders, self.handlers, self.extensions = {}, [], [], [], []
        self.nodes = []
        self.config = Config({}, {})
        self.config.add("graphviz_output_format", "png", "html", frozenset({str}))

    def setup_extension(self, name):
        self.extensions.append(name)

    def add_config_value(self, name, default, rebuild, types=(), description=""):
        assert name not in self.config_values
        self.config_values[name] = (default, rebuild, types, description)

    def connect(self, event, handler, priority=500):
        self.handlers.append(event)

    def add_css_file(self, filename, **attrs):
        self.css_files.append(filename)

    def add_builder(self, builder):
        self.builders.append(builder)

    def add_node(self, node, override=False, **visitors):
        self.nodes.append((node.__name__, override, sorted(visitors)))


def test_setup_registers_config_css_and_builder():
    app = RecordingApp()
    metadata = sphinxext.setup(app)
    assert metadata == {"version": sphinxext.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
    assert app.extensions == ["briefing.sphinxext.anchors", "briefing.sphinxext.guard", "briefing.sphinxext.navigation",
                              "sphinx.ext.graphviz"]
    assert app.config.graphviz_output_format == "svg"
    assert app.nodes == [("graphviz", True, ["html"])]  # the pack's graphs: <img> with alt text (tests/test_pdf_tags.py)
    assert app.config_values["briefing_organisation"][0] == ""
    assert app.config_values["briefing_marking"][0] == ""
    assert app.config_values["briefing_pdf_filename"][0] == "briefing.pdf"
    title_default = app.config_values["briefing_title"][0]
    assert title_default(type("Config", (), {"project": "Briefing"})()) == "Briefing"
    assert all(description for *_, description in app.config_values.values())
    assert [builder.name for builder in app.builders] == ["pdf"]
    assert sphinxext.SCREEN_CSS in app.css_files
    assert (sphinxext.STATIC_DIR / sphinxext.SCREEN_CSS).is_file()
    assert (sphinxext.STATIC_DIR / sphinxext.PRINT_CSS).is_file()


# -- cover data ----------------------------------------------------------------------------------


def test_cover_data_from_front_matter():
    metadata = {
        "index": {},
        "generated/index": {"briefing": "brief"},
        "generated/a": {"briefing": "article", "outlet": "The Korea Times", "published": "2024-07-08"},
        "generated/b": {"briefing": "article", "outlet": "연합뉴스", "published": "2024-07-10T09:00:00+09:00"},
        "generated/c": {"briefing": "article", "outlet": "The Korea Times", "published": None},
        "generated/d": {"briefing": "article", "outlet": "None", "published": "null"},
    }
    cover = cover_data(metadata, metadata)
    assert cover.articles == 4
    assert cover.date_range == "2024-07-08 – 2024-07-10"
    assert cover.sources == [("The Korea Times", 2), ("연합뉴스", 1)]
    assert cover_data({}, []).date_range == ""


def test_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert source_date().isoformat() == "2024-07-09T00:00:00+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date() is None


# -- unique ids ------------------------------------------------------------------------------------


def _page(docname: str, *section_ids: str) -> nodes.document:
    page = new_document(docname, get_default_settings(Parser))
    for section_id in section_ids:
        section = nodes.section(ids=[section_id])
        section += nodes.title(text=section_id)
        section += nodes.paragraph("", "", nodes.reference("", "self", refid=section_id))
        page += section
    return page


def test_rename_ids_prefixes_a_pages_ids_and_rewrites_its_links():
    index = _page("index", "intro")
    intro = index.next_node(nodes.section)
    intro += nodes.paragraph("", "", nodes.reference("", "a", refuri="#document-generated/a"))
    intro += nodes.paragraph("", "", nodes.reference("", "b", refuri="#document-generated/b#summary"))
    intro += nodes.paragraph("", "", nodes.reference("", "gone", refuri="#document-generated/unread#summary"))
    pages = {"index": index, "generated/a": _page("generated/a", "summary", "actors"), "generated/b": _page("generated/b", "summary")}
    tops = {"index": "index--intro", "generated/a": "generated-a--summary", "generated/b": "generated-b--summary"}
    for docname, page in pages.items():
        rename_ids(page, docname, tops)

    ids = [i for page in pages.values() for node in page.findall(nodes.Element) for i in node.get("ids", [])]
    assert ids == ["index--intro", "generated-a--summary", "generated-a--actors", "generated-b--summary"]
    refs = list(index.findall(nodes.reference))
    assert refs[0]["refid"] == "index--intro"
    assert refs[1]["refuri"] == "#generated-a--summary"  # a page link goes to the page's first section
    assert refs[2]["refuri"] == "#generated-b--summary"
    assert refs[3]["refuri"] == "#summary"  # no page of the pack: left for relink to make text
    assert [ref["refid"] for ref in pages["generated/a"].findall(nodes.reference)] == ["generated-a--summary", "generated-a--actors"]
    survey = _page("generated/c", "summary")
    survey += nodes.paragraph("", "", nodes.reference("", "a", refuri="#document-generated/a"))
    rename_ids(survey, "generated/c", None)  # the survey renames ids only
    assert survey.next_node(nodes.section)["ids"] == ["generated-c--summary"]
    assert list(survey.findall(nodes.reference))[-1]["refuri"] == "#document-generated/a"


# -- URL fetcher -----------------------------------------------------------------------------------


@pytest.fixture
def fetcher(tmp_path):
    out = tmp_path / "out"
    (out / "_static").mkdir(parents=True)
    (out / "_static" / "a.css").write_text("p {}")
    (tmp_path / "secret.txt").write_text("secret")
    (out / "_static" / "link.css").symlink_to(tmp_path / "secret.txt")
    return make_url_fetcher(out), out, tmp_path


def test_url_fetcher_serves_output_dir_and_data(fetcher):
    fetch, out, _ = fetcher
    assert fetch((out / "_static" / "a.css").as_uri()).read() == b"p {}"
    assert fetch("data:text/plain;base64,aGk=").read() == b"hi"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/style.css",
        "https://example.com/font.woff2",
        "ftp://example.com/x",
        "file://example.com/etc/passwd",
        "file:///etc/passwd",
    ],
)
def test_url_fetcher_refuses_network_and_foreign_files(fetcher, url):
    fetch, _, _ = fetcher
    with pytest.raises(ValueError):
        fetch(url)


def test_url_fetcher_refuses_escapes_from_output_dir(fetcher):
    fetch, out, tmp = fetcher
    with pytest.raises(ValueError):
        fetch((tmp / "secret.txt").as_uri())
    with pytest.raises(ValueError):
        fetch(out.as_uri() + "/../secret.txt")
    with pytest.raises(ValueError):
        fetch((out / "_static" / "link.css").as_uri())  # symlink pointing outside


# -- real builds -----------------------------------------------------------------------------------


def sphinx_build(builder: str, source: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(source), str(out), "-W", "--keep-going", "-q"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = tmp_path_factory.mktemp("sample") / "site"
    shutil.copytree(SAMPLE, source, ignore=shutil.ignore_patterns("conf_overrides.py"))
    overrides = (SAMPLE / "conf_overrides.py").read_text(encoding="utf-8")
    (source / "conf.py").write_text((ROOT / "docs" / "conf.py").read_text(encoding="utf-8") + "\n" + overrides, encoding="utf-8")
    out = source.parent / "build"
    sphinx_build("html", source, out)
    sphinx_build("pdf", source, out, SOURCE_DATE_EPOCH=EPOCH)
    return source, out


@pytest.fixture(scope="module")
def pdf(site):
    from pypdf import PdfReader

    return PdfReader(site[1] / "pdf" / "briefing.pdf")


@pytest.fixture(scope="module")
def page_texts(pdf):
    return [page.extract_text() or "" for page in pdf.pages]


def outline_tree(pdf):
    """[(title, page number, [(title, page number), ...]), ...] of the PDF bookmarks."""
    tree, items = [], list(pdf.outline)
    for index, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[index + 1] if index + 1 < len(items) and isinstance(items[index + 1], list) else []
        tree.append(
            (
                item.title,
                pdf.get_destination_page_number(item) + 1,
                [(child.title, pdf.get_destination_page_number(child) + 1) for child in children if not isinstance(child, list)],
            )
        )
    return tree


def contents_entries(print_html: str) -> list[tuple[str, str]]:
    """(anchor, title) of the contents entries, in order, from the printed HTML document."""
    nav = re.search(r'<nav class="briefing-contents".*?</nav>', print_html, re.S).group(0)
    return [(anchor, html.unescape(title)) for anchor, title in re.findall(r'<a href="#([^"]+)">(.*?)</a>', nav)]


@pytest.mark.slow
def test_html_pages_have_unique_ids(site):
    _, out = site
    pages = list((out / "html").rglob("*.html")) + [out / "pdf" / "briefing.html"]
    assert len(pages) > 5
    for page in pages:
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        duplicates = [i for i, n in Counter(ids).items() if n > 1]
        assert not duplicates, (page, duplicates)


@pytest.mark.slow
def test_print_links_all_resolve_and_nothing_remote(site):
    text = (site[1] / "pdf" / "briefing.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', text))
    anchors = re.findall(r'href="#([^"]*)"', text)
    assert anchors and not [anchor for anchor in anchors if anchor not in ids]
    assert not re.search(r'(?:href|src)="(?:https?:)?//', re.sub(r"<a [^>]*>", "", text))


@pytest.mark.slow
def test_outline_has_one_top_level_entry_per_article(pdf):
    titles = [title for title, _, _ in outline_tree(pdf)]
    for article in ARTICLE_TITLES:
        assert titles.count(article) == 1, titles
    assert set(titles) - set(ARTICLE_TITLES) == {"Briefing: 3 articles"}


@pytest.mark.slow
def test_contents_page_numbers_match_heading_pages(site, pdf, page_texts):
    entries = contents_entries((site[1] / "pdf" / "briefing.html").read_text(encoding="utf-8"))
    assert [title for _, title in entries if title in ARTICLE_TITLES] == ARTICLE_TITLES
    outline_pages = {}
    article_starts = []
    for title, page, children in outline_tree(pdf):
        outline_pages[title] = page
        if title in ARTICLE_TITLES:
            article_starts.append(page)
            for child_title, child_page in children:
                outline_pages[f"{title}/{child_title}"] = child_page

    # Contents pages: after the cover, before the first bookmarked page.
    contents_text = "\n".join(page_texts[1 : min(outline_pages.values()) - 1])
    assert contents_text.startswith("Contents")
    cursor, article = 0, None
    for _anchor, title in entries:
        pattern = r"\s+".join(map(re.escape, title.split())) + r"[\s.]*?(\d+)\s*$"
        match = re.compile(pattern, re.M).search(contents_text, cursor)
        assert match, (title, contents_text[cursor:])
        cursor, printed = match.end(), int(match.group(1))
        if title in outline_pages:
            article = title if title in ARTICLE_TITLES else None
            key = title
        else:
            key = f"{article}/{title}"
        # The number printed in the contents is where the bookmark (the heading) is ...
        assert printed == outline_pages[key], (key, printed, outline_pages[key])
        # ... and that page really shows the heading, inside its own article's pages.
        assert " ".join(title.split()) in " ".join(page_texts[printed - 1].split()), (title, printed)
        if article:
            start = outline_pages[article]
            following = [page for page in article_starts if page > start]
            assert start <= printed < (following[0] if following else len(page_texts) + 1)


@pytest.mark.slow
def test_pages_are_filled_and_carry_the_content(page_texts):
    assert len(page_texts) >= 5
    for number, text in enumerate(page_texts, start=1):
        body = re.sub(r"INTERNAL|Page \d+ of \d+", "", text)
        assert len(body.strip()) > 20, f"page {number} is (nearly) empty"
    everything = "\n".join(page_texts)
    for title in ARTICLE_TITLES:
        assert title in everything
    assert "North Korea is clearly a menace to the international society" in everything
    assert "북한은 국제사회에 명백한 위협이다" in everything
    assert f"Page 2 of {len(page_texts)}" in page_texts[1]


@pytest.mark.slow
def test_cover_has_title_sources_dates_and_no_footer(page_texts):
    cover = page_texts[0]
    for expected in ("Sample briefing", "Example Desk", "INTERNAL", "2024-07-08 – 2024-07-09", "연합뉴스", "The Dong-A Ilbo"):
        assert expected.casefold() in cover.casefold()
    assert "Page 1 of" not in cover
    assert "INTERNAL" in page_texts[1]  # the marking runs in the footer of later pages


@pytest.mark.slow
def test_pdf_is_reproducible_with_source_date_epoch(site, pdf, tmp_path):
    source, out = site
    assert pdf.metadata.creation_date.isoformat().startswith("2024-07-09T00:00:00")
    again = tmp_path / "again"
    sphinx_build("pdf", source, again, SOURCE_DATE_EPOCH=EPOCH)
    assert (again / "pdf" / "briefing.pdf").read_bytes() == (out / "pdf" / "briefing.pdf").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("builder, held", [("html", 3), ("pdf", 0)])
def test_the_pdf_build_reads_pages_without_keeping_their_doctrees_in_memory(tmp_path, builder, held):
    # Sphinx keeps every page it reads in memory until it writes it (a thousand articles: ~0.8 GB); the pack
    # inlines each page once from its pickle, so its build keeps none, nor the pickles' bytes.
    from sphinx.application import Sphinx

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_parser", "briefing.sphinxext"]\n', encoding="utf-8")
    (source / "index.md").write_text("# Brief\n\n```{toctree}\none\ntwo\n```\n", encoding="utf-8")
    for name in ("one", "two"):
        (source / f"{name}.md").write_text(f"# Article {name}\n\nWhat it says.\n", encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(str(source), str(source), str(out), str(out / ".doctrees"), builder,
                 status=None, warning=sys.stderr, freshenv=True)
    kept: dict[str, int] = {}
    app.connect("env-updated", lambda app, env: kept.update(read=len(env._write_doc_doctree_cache)))
    app.build()
    assert app.statuscode == 0
    assert kept["read"] == held
    if builder == "pdf":
        assert set(app.env._pickled_doctree_cache) <= {"index"}  # the root's, read again for its toctree
        assert (out / "briefing.pdf").stat().st_size > 0


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*MystReferenceResolver.app:PendingDeprecationWarning")  # myst-parser's, in process
def test_the_pdf_build_holds_only_the_pages_on_the_way_to_the_one_it_writes(tmp_path, monkeypatch):
    # The print document is written page by page: while an article is written, the pages it sits in (the
    # root, the brief) are all that is held of the others, however many articles the pack has.
    import gc
    import weakref

    from sphinx.application import Sphinx

    source = tmp_path / "src"
    source.mkdir()
    articles = [f"article-{number}" for number in range(8)]
    (source / "conf.py").write_text('extensions = ["myst_parser", "briefing.sphinxext"]\n', encoding="utf-8")
    (source / "index.md").write_text("# Pack\n\n```{toctree}\nbrief\n```\n", encoding="utf-8")
    (source / "brief.md").write_text("# Brief\n\n```{toctree}\n" + "\n".join(articles) + "\n```\n", encoding="utf-8")
    for number, name in enumerate(articles):
        following = f" See [the next one]({articles[number + 1]}.md)." if number + 1 < len(articles) else ""
        (source / f"{name}.md").write_text(f"# Article {number}\n\nWhat it says.{following}\n", encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(str(source), str(source), str(out), str(out / ".doctrees"), "pdf", status=None, warning=sys.stderr, freshenv=True)
    loaded: list[weakref.ref] = []
    held: list[int] = []
    load = type(app.env).get_doctree

    def get_doctree(env, docname):
        gc.collect()
        held.append(sum(1 for ref in loaded if ref() is not None))
        tree = load(env, docname)
        loaded.append(weakref.ref(tree))
        return tree

    monkeypatch.setattr(type(app.env), "get_doctree", get_doctree)
    app.build()
    assert app.statuscode == 0
    assert len(loaded) == 2 * (len(articles) + 2)  # each page once in the survey, once written
    assert max(held) <= 2  # the root and the brief
    body = (out / "briefing.html").read_text(encoding="utf-8")
    assert [body.index(f"Article {number}</h3>") for number in range(8)] == sorted(body.index(f"Article {number}</h3>") for number in range(8))
    assert 'href="#article-1--article-1"' in body  # a link to a page written after it lands on its first section
