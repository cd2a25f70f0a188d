"""The pack printed in parts, in parallel processes, and joined: cut where pages start, each part laid out
alone, the front numbered last, page numbers laid over, and the result as if laid out at once.

The cut is tested on small documents; the real seeds' pack, printed whole and in one part per page-starting
section, is compared page by page (pixels, outline, links, destinations, metadata) in the slow group.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.sphinxext.parts import CROSS_PART_SCHEME, PARTS_CSS, SLOT_CLASS, Cut, part_document, starts_page

DOCUMENT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pack</title></head>
<body class="briefing-print">
<div class="briefing-running-marking">RESTRICTED</div>
<section class="briefing-cover"><h1>Pack</h1></section>
<nav class="briefing-contents"><ol>
  <li><a href="#brief">Brief</a></li><li><a href="#story-a">Story A</a></li><li><a href="#article-b">B</a></li>
</ol></nav>
<main class="briefing-body">
<section class="briefing-doc briefing-page" id="index" style="color: black">
  <div class="toctree-wrapper">
    <section class="briefing-doc briefing-brief" id="brief"><h1 class="briefing-doc-title">Brief</h1>
      <p>Full texts: <a class="briefing-page-ref" href="#annex">in the annex</a>.</p></section>
    <section class="briefing-doc briefing-story" id="story-a"><h1 class="briefing-doc-title">Story A</h1>
      <p>See <a href="#article-b">B</a>.</p></section>
    <section class="briefing-doc briefing-article" id="article-b"><h1 class="briefing-doc-title">Article B</h1>
      <p>Full text: <a class="briefing-page-ref" href="#text-b">in the annex</a>.</p></section>
    tail of the wrapper
  </div>
</section>
<section class="briefing-doc briefing-annex" id="annex"><h1 class="briefing-doc-title">Full texts</h1>
  <section id="text-a"><h2>A</h2><p>words a</p></section>
  <section id="text-b" class="briefing-annex-page"><h2>B</h2><p>words b</p></section>
</section>
</main>
</body></html>
"""


def ids(html: str) -> set[str]:
    from lxml import html as lxml_html

    return {element.get("id") for element in lxml_html.document_fromstring(html).iter() if element.get("id")}


def made(cut: Cut, part, **options):
    """The part's document, made from its extract as the printer makes it."""
    return part_document(cut.extract_html(part), part, **options)


def test_the_pack_can_be_cut_before_every_story_article_index_and_annex_text_but_the_first():
    cut = Cut(DOCUMENT)
    assert [unit.anchor for unit in cut.units] == ["", "story-a", "article-b", "annex", "text-b"]
    assert [unit.title for unit in cut.units[1:]] == ["Story A", "Article B", "Full texts", "B"]


def test_a_block_of_a_long_table_starts_a_page_and_is_a_place_to_cut():
    from lxml import html as lxml_html

    assert starts_page(lxml_html.fromstring('<div class="briefing-continued docutils container"><table></table></div>'))
    assert not starts_page(lxml_html.fromstring('<div class="docutils container"></div>'))
    css = (Path(__file__).parents[1] / "briefing" / "sphinxext" / "static" / "briefing-print.css").read_text(encoding="utf-8")
    assert re.search(r"\.briefing-sources \.briefing-continued \{\s*break-before: page;", css)


def test_a_section_starts_a_page_only_as_the_print_css_says():
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(
        '<div><section class="briefing-doc briefing-brief"></section><section class="briefing-story"></section>'
        '<section class="briefing-doc briefing-story"></section></div>')
    assert [starts_page(section) for section in root] == [False, False, True]


def test_the_print_css_breaks_pages_where_the_cut_may_fall():
    css = (Path(__file__).parents[1] / "briefing" / "sphinxext" / "static" / "briefing-print.css").read_text()
    for name in ("story", "article", "timeline", "actors", "quotes", "sources", "annex"):
        assert f"section.briefing-{name}," in css or f"section.briefing-{name} {{" in css
    assert ".briefing-annex > section.briefing-annex-page {\n  break-before: page;" in css


def test_parts_follow_a_budget_of_elements_and_a_large_unit_stands_alone():
    cut = Cut(DOCUMENT)
    every = cut.plan(1)
    assert [(part.first, part.end) for part in every] == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    whole = cut.plan(10_000)
    assert [(part.first, part.end) for part in whole] == [(0, 1), (1, 5)]


def test_a_part_keeps_the_head_the_marking_and_the_sections_it_sits_in_without_their_ids():
    cut = Cut(DOCUMENT)
    article = made(cut, cut.plan(1)[2])
    assert "<title>Pack</title>" in article.html and "RESTRICTED" in article.html
    assert ids(article.html) == {"article-b"}
    assert "Story A" not in article.html and "words" not in article.html and "Brief" not in article.html
    # The page section it sits in is a frame: its class for the CSS, its own style kept, no space at the cut.
    assert 'class="briefing-doc briefing-page" style="color: black; margin-top: 0 !important' in article.html
    assert "tail of the wrapper" in article.html  # what follows a section, up to the next cut, is its part's


def test_links_to_other_parts_are_marked_and_links_inside_stay():
    cut = Cut(DOCUMENT)
    story = made(cut, cut.plan(1)[1])
    assert f'href="{CROSS_PART_SCHEME}article-b"' in story.html
    together = made(cut, cut.plan(10_000)[1])
    assert 'href="#article-b"' in together.html and CROSS_PART_SCHEME + "article-b" not in together.html


def test_the_front_has_its_page_numbers_written_in():
    cut = Cut(DOCUMENT)
    front = made(cut, cut.plan(1)[0], front_pages={"brief": 3, "story-a": 4, "article-b": 5, "annex": 6})
    assert 'href="#brief" data-page="3"' in front.html
    assert f'href="{CROSS_PART_SCHEME}story-a" data-page="4"' in front.html
    assert 'class="briefing-page-ref" href="briefing-anchor:annex" data-page="6"' in front.html
    assert "Story A</h1>" not in front.html


def test_a_body_part_page_reference_gets_a_hidden_slot_as_wide_as_its_number():
    cut = Cut(DOCUMENT)
    article = made(cut, cut.plan(1)[2], slot_digits={"text-b": 3}, default_digits=1)
    assert [(ref.target, ref.digits) for ref in article.page_refs] == [("text-b", 3)]
    assert f'in the annex, page <span class="{SLOT_CLASS}" data-slot="{article.page_refs[0].slot}">000</span></a>' in article.html
    assert PARTS_CSS.strip() in article.html
    assert "@page :first { @top-center { content: string(doc-title); }" in article.html  # not the cover


def test_an_annex_cut_between_texts_keeps_the_annex_as_a_frame():
    cut = Cut(DOCUMENT)
    last = made(cut, cut.plan(1)[4])
    assert ids(last.html) == {"text-b"} and "words b" in last.html and "words a" not in last.html
    assert 'class="briefing-doc briefing-annex" style="margin-top: 0 !important' in last.html


def test_the_join_renumbers_references_and_leaves_strings_alone():
    from briefing.sphinxext.join import _renumber

    data = b"<< /P 12 0 R /K [ 3 4 0 R ] /Alt (see 12 0 R \\( and 4 0 R\\)) /Pg 4 0 R >>"
    assert _renumber(data, lambda old: old + 100) == (
        b"<< /P 112 0 R /K [ 3 104 0 R ] /Alt (see 12 0 R \\( and 4 0 R\\)) /Pg 104 0 R >>")


# -- the real pack, whole and in parts ---------------------------------------------------------------


def sphinx(project: Path, build: str, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "pdf", "docs", build, "-W", "--keep-going", *options],
        cwd=project, capture_output=True, text=True, check=False, env=env,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    from conftest import seeds_project

    project = seeds_project(tmp_path_factory.mktemp("parts"))
    conf = project / "docs" / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + (
        "\nimport briefing.sphinxext.pack as _pack  # the Sources table in blocks of one row, so it is cut too\n"
        "_pack.SOURCES_ROWS_PER_BLOCK = 1\ndel _pack\n"), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def whole_and_parts(project) -> tuple[Path, Path, str]:
    """The seeds' pack laid out at once, and in one part per page-starting section (3 processes)."""
    whole = sphinx(project, "build-whole", "-D", "briefing_pdf_part_pages=0")
    assert whole.returncode == 0, whole.stderr
    parts = sphinx(project, "build-parts", "-D", "briefing_pdf_part_pages=1", "-D", "briefing_pdf_jobs=3")
    assert parts.returncode == 0 and "WARNING" not in parts.stderr, parts.stderr
    return project / "build-whole" / "pdf" / "briefing.pdf", project / "build-parts" / "pdf" / "briefing.pdf", parts.stdout


def outline(reader) -> list[tuple[int, str, int]]:
    found = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def links(reader) -> list[tuple[int, str | None, str | None]]:
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            found.append((number, annotation.get("/Dest"), action.get("/URI") if action else None))
    return found


@pytest.mark.slow
def test_the_pack_printed_in_parts_is_the_pack_printed_whole(whole_and_parts):
    from pypdf import PdfReader

    whole_path, parts_path, output = whole_and_parts
    assert ", 11 parts)" in output  # the front, the story, 2 articles, 4 indexes (Sources in 2 blocks), the annex, its second text
    whole, parts = PdfReader(whole_path), PdfReader(parts_path)
    assert len(parts.pages) == len(whole.pages)
    assert outline(parts) == outline(whole)  # nested bookmarks, each on its page
    assert links(parts) == links(whole)  # every link, to the same destination or address
    named = {name: parts.get_destination_page_number(value) for name, value in parts.named_destinations.items()}
    assert named == {name: whole.get_destination_page_number(value) for name, value in whole.named_destinations.items()}
    assert parts.metadata == whole.metadata
    assert parts.trailer["/Root"]["/Lang"] == whole.trailer["/Root"]["/Lang"]
    texts = [page.extract_text() for page in parts.pages]
    assert texts[2].count("Page 3 of") == 1 and f"Page 3 of {len(parts.pages)}" in texts[2]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_every_page_printed_in_parts_looks_the_same_as_printed_whole(whole_and_parts, tmp_path):
    from PIL import Image, ImageChops

    whole, parts, _ = whole_and_parts
    for name, pdf in (("whole", whole), ("parts", parts)):
        subprocess.run(["pdftoppm", "-r", "60", "-png", pdf, tmp_path / name], check=True)
    renders = sorted(tmp_path.glob("whole-*.png"))
    assert len(renders) > 20
    for render in renders:
        with Image.open(render) as a, Image.open(tmp_path / render.name.replace("whole", "parts")) as b:
            # The overlaid numbers may fall a fraction of a pixel apart: anti-aliasing, no visible change.
            _, high = ImageChops.difference(a.convert("L"), b.convert("L")).getextrema()
            assert high <= 32, render.name


@pytest.mark.slow
def test_the_joined_structure_tree_is_one_tree_over_the_joined_pages(whole_and_parts):
    import pikepdf

    _, parts, _ = whole_and_parts
    with pikepdf.open(parts) as pdf:
        pages = {page.objgen for page in pdf.pages}
        tree = pdf.Root.StructTreeRoot
        nums = tree.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert keys == sorted(set(keys)) and int(tree.ParentTreeNextKey) == keys[-1] + 1
        used = [int(page.obj.StructParents) for page in pdf.pages]
        used += [int(annotation.StructParent) for page in pdf.pages for annotation in page.obj.get("/Annots", [])]
        assert sorted(used) == keys  # every page and link has its own entry, and nothing else does
        elements, stack = 0, list(tree.K)
        document = stack[0]
        assert document.S == "/Document" and len(stack) == 1
        while stack:
            element = stack.pop()
            if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") in ("/MCR", "/OBJR"):
                continue
            elements += 1
            assert "/Pg" not in element or element.Pg.objgen in pages  # no page copied twice or left behind
            kids = element.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
        assert elements > 1000
        assert {str(kid.S) for kid in document.K} >= {"/Sect", "/H1"} or len(document.K) > 8


@pytest.mark.slow
def test_the_pages_of_a_part_share_its_resources_as_the_pages_printed_whole_do(whole_and_parts):
    """WeasyPrint's pages share one resources dictionary (thousands of entries in a long part): the join
    keeps one per part, with each page's numbers form named in it, instead of a copy on every page."""
    import pikepdf

    _, parts_path, _ = whole_and_parts
    with pikepdf.open(parts_path) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf's check: cross-references, object streams, every object
        resources = [page.obj.Resources for page in pdf.pages]
        assert all(each.is_indirect for each in resources)
        assert len({each.objgen for each in resources}) == 11  # one per part
        for number, each in enumerate(resources):
            assert f"/BriefingNumbers{number}" in each.XObject  # the page's own numbers
            assert f"/BriefingNumbers{number}".encode() in pdf.pages[number].obj.Contents[-1].read_bytes()


# A worker that fails on the part holding the timeline: the build fails naming it and keeps the previous PDF.
FAILING_WORKER = """
import weasyprint
_render = weasyprint.HTML.render
def render(self, *args, **kwargs):
    document = _render(self, *args, **kwargs)
    if any(page.anchors.get("generated-timeline--timeline") for page in document.pages):
        raise MemoryError("the timeline is too much")
    return document
weasyprint.HTML.render = render
"""


@pytest.mark.slow
def test_a_failing_part_fails_the_build_with_its_name_and_keeps_the_previous_pdf(project, whole_and_parts, tmp_path):
    _, parts, _ = whole_and_parts
    build = tmp_path / "build"
    shutil.copytree(parts.parents[1], build)
    before = (build / "pdf" / "briefing.pdf").read_bytes()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(FAILING_WORKER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")])}
    result = sphinx(project, str(build), "-D", "briefing_pdf_part_pages=1", env=env)
    assert result.returncode != 0
    assert "could not print the PDF pack" in result.stderr and "the timeline is too much" in result.stderr, result.stderr
    assert re.search(r"\(part \d+ \('Timeline'\): MemoryError: the timeline is too much\); the previous one is kept", result.stderr)
    assert (build / "pdf" / "briefing.pdf").read_bytes() == before
    assert sorted(path.name for path in (build / "pdf").iterdir() if "briefing" in path.name) == ["briefing.html", "briefing.pdf"]
    assert not (build / "pdf" / ".briefing-parts").exists()


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["pdf/a-3b", ""])
def test_the_other_variants_printed_in_parts_keep_what_they_are(project, variant):
    from pypdf import PdfReader

    folder = "build-parts-" + (variant.replace("/", "-") or "untagged")
    result = sphinx(project, folder, "-D", "briefing_pdf_part_pages=1", "-D", f"briefing_pdf_variant={variant}")
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    reader = PdfReader(project / folder / "pdf" / "briefing.pdf")
    root = reader.trailer["/Root"]
    if variant:
        xmp = root["/Metadata"].get_object().get_data()
        assert b"pdfaid" in xmp and "/OutputIntents" in root and reader.trailer.get("/ID") is not None
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    else:
        assert "/StructTreeRoot" not in root and "/MarkInfo" not in root
    assert len(reader.outline) > 5
