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


def test_pdf_holds_both_headlines_and_the_menace_quote(built):
    reader = PdfReader(built / "pdf" / "briefing.pdf")
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for headline in HEADLINES:
        assert flat(headline) in text
    assert MENACE in text


def test_pdf_has_one_bookmark_per_article(built):
    reader = PdfReader(built / "pdf" / "briefing.pdf")
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t for t in top if t != "Brief"] == HEADLINES


def test_pdf_has_no_empty_page(built):
    reader = PdfReader(built / "pdf" / "briefing.pdf")
    assert all(page.extract_text().strip() for page in reader.pages)
