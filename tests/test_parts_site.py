"""Long index pages in parts, built for real: the site nests the parts under their page and the pack
prints them in place, bookmarked under it (the seeds, cut into parts of three rows)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from briefing.pages import builders as myst
from briefing.pages.write import write_pages
from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(seed_brief, tmp_path_factory):
    project = tmp_path_factory.mktemp("parts")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("generated"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(myst, "PART_ROWS", 3)
        pages = myst.render(seed_brief)
    assert any(name.startswith("timeline-") for name in pages)
    write_pages(pages, project / "docs" / "generated")
    for builder in ("html", "pdf"):
        result = subprocess.run([sys.executable, "-m", "sphinx", "-M", builder, "docs", "build", "-W", "--keep-going", "-q"],
                                cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    return project / "build", pages


def test_a_part_sits_under_its_page_in_the_site_navigation(built):
    from bs4 import BeautifulSoup

    build, pages = built
    part = next(name[:-3] for name in pages if name.startswith("timeline-"))
    page = (build / "html" / "generated" / f"{part}.html").read_text(encoding="utf-8")
    tree = BeautifulSoup(page, "html.parser").select_one(".sidebar-tree")
    timeline = tree.find("a", href="timeline.html").find_parent("li")
    assert "current" in timeline["class"]
    assert "current-page" in timeline.find("a", href="#").find_parent("li")["class"]


def test_the_pack_prints_the_parts_after_their_page_bookmarked_under_it(built):
    build, pages = built
    reader = PdfReader(build / "pdf" / "briefing.pdf")
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    # (then the annex of the full texts; the seeds' indexes are within the pack's limits, so printed whole, parts and all)
    assert top[-5:] == ["Timeline", "Actors", "Quotes by speaker", "Sources", "Full texts"]
    for title, prefix in (("Timeline", "timeline-"), ("Actors", "actors-"), ("Quotes by speaker", "quotes-")):
        index = next(i for i, item in enumerate(outline) if not isinstance(item, list) and item.title == title)
        children = [item.title for item in outline[index + 1]]
        assert children == [_title(pages[name]) for name in pages if name.startswith(prefix)], title
    html = (build / "pdf" / "briefing.html").read_text(encoding="utf-8")
    assert "Where they are named" not in html  # the actors' own pages are still left out


def _title(page: str) -> str:
    import yaml

    return yaml.safe_load(page.split("---\n")[1])["title"]
