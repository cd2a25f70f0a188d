"""End to end on the seeds: the real CLI, a real Sphinx HTML build and a real WeasyPrint PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MENACE, ROOT

pytestmark = pytest.mark.slow
HEADLINES = [
    "Yoon urges Moscow to side with Seoul instead of Pyongyang",
    "Yoon: “Russia Needs to Judge Carefully Who Is More Important Between North and South Korea”",
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of docs/ with the seeds converted into it, built as HTML and as the PDF pack."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(ROOT / "seeds", project / "seeds")
    run(sys.executable, "-m", "briefing", "convert", "seeds", "--out", "docs/generated", cwd=project)
    for builder in ("html", "pdf"):
        run(sys.executable, "-m", "sphinx", "-M", builder, "docs", "build", "-W", "--keep-going", "-q", cwd=project)
    return project / "build"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_html_site_has_the_brief_and_an_article_page(built):
    brief = (built / "html" / "generated" / "index.html").read_text(encoding="utf-8")
    assert all(h.replace("“", "&#8220;") in brief or h in brief for h in HEADLINES)
    article = (built / "html" / "generated" / "000_47eb9ec3281c3aec.html").read_text(encoding="utf-8")
    assert MENACE in article
    assert "Yoon Suk Yeol" in article


def test_the_site_navigation_lists_the_articles_under_their_story(built):
    from bs4 import BeautifulSoup

    page = (built / "html" / "generated" / "001_3a90daa9eccd1bea.html").read_text(encoding="utf-8")
    tree = BeautifulSoup(page, "html.parser").select_one(".sidebar-tree")
    story = tree.find("a", href="story-000_47eb9ec3281c3aec.html").find_parent("li")
    assert "current" in story["class"] and story.find("input", checked=True) is not None
    articles = [a.get("href") for a in story.find("ul").find_all("a")]
    assert articles == ["000_47eb9ec3281c3aec.html", "#"]
    assert "current-page" in tree.find("a", href="#").find_parent("li")["class"]
    top = [a.text for a in tree.select("ul > li.toctree-l1 > ul > li.toctree-l2 > a")]
    assert top[-4:] == ["Timeline", "Actors", "Quotes by speaker", "Sources"] and len(top) == 5


def test_pdf_holds_both_headlines_and_the_menace_quote(built):
    reader = PdfReader(built / "pdf" / "briefing.pdf")
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for headline in HEADLINES:
        assert flat(headline) in text
    assert MENACE in text


def test_pdf_bookmarks_nest_the_articles_under_their_story(built):
    reader = PdfReader(built / "pdf" / "briefing.pdf")
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    # The two articles' full texts are printed in an annex after the indexes (briefing_pdf_full_text = "auto").
    assert top == ["Brief", f"Story: {HEADLINES[0]}", "Timeline", "Actors", "Quotes by speaker", "Sources", "Full texts"]
    story = next(i for i, item in enumerate(outline) if not isinstance(item, list) and item.title.startswith("Story: "))
    story_children = outline[story + 1]
    assert isinstance(story_children, list)
    articles = [item.title for item in story_children if not isinstance(item, list)]
    assert [t for t in articles if t in HEADLINES] == HEADLINES
    assert {"Summary", "Statements across outlets", "Source comparison"} <= set(articles)
    pages = [reader.get_destination_page_number(item) for item in outline if not isinstance(item, list)]
    assert pages == sorted(pages)


def test_pdf_has_no_empty_page(built):
    reader = PdfReader(built / "pdf" / "briefing.pdf")
    assert all(page.extract_text().strip() for page in reader.pages)


def test_the_pack_leaves_out_the_actor_pages_and_keeps_every_link_inside_it(built):
    html = (built / "pdf" / "briefing.html").read_text(encoding="utf-8")
    assert "Where they are named" not in html  # an actor page's section
    assert "Who appears with whom" in html  # the actors index stays, with its network
    ids = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and [link for link in links if link not in ids] == []
    assert (built / "html" / "generated" / "actor-yoon-suk-yeol.html").is_file()  # the site keeps them


def flat_outline(reader, items=None) -> list[tuple[str, int]]:
    """(title, page number) of every bookmark, nested ones included, in document order."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += flat_outline(reader, item)
        else:
            found.append((item.title, reader.get_destination_page_number(item) + 1))
    return found


def test_every_contents_entry_gives_the_page_of_its_heading(built):
    reader = PdfReader(built / "pdf" / "briefing.pdf")
    texts = [page.extract_text() or "" for page in reader.pages]
    bookmarks = flat_outline(reader)
    contents = "\n".join(texts[1:min(page for _, page in bookmarks) - 1])
    assert contents.startswith("Contents")
    cursor = 0
    for title, page in bookmarks:  # the contents list the same headings in the same order
        pattern = r"\s+".join(map(re.escape, title.split())) + r"[\s.]*?(\d+)\s*$"
        match = re.compile(pattern, re.M).search(contents, cursor)
        assert match, (title, contents[cursor:])
        cursor = match.end()
        assert int(match.group(1)) == page, (title, match.group(1), page)
        assert " ".join(title.split()) in " ".join(texts[page - 1].split()), (title, page)
