"""The PDF pack as PDF/UA-1 (tagged, the default), PDF/A-3b or untagged (``briefing_pdf_variant``), and a
print that fails or is interrupted leaving the previous PDF as it was.

The real builds of the seeds' pack are marked ``slow``; the write itself is tested on a one-page document.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

from briefing.sphinxext.pdf import PDFBuilder, pdf_options, replacing
from conftest import seeds_project

PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
DC = "http://purl.org/dc/elements/1.1/"
TITLE = "Briefing"  # briefing_title in docs/conf.py
HALF_A_PDF = b"%PDF-1.7\n%half a PDF, then the disk filled up\n"


# -- reading a PDF's tags and metadata ---------------------------------------------------------------


def structure_elements(reader: PdfReader) -> list[DictionaryObject]:
    """Every structure element under the StructTreeRoot, in document order (none when untagged)."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    found: list[DictionaryObject] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject) and node.get("/Type") not in ("/MCR", "/OBJR"):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node["/K"])

    if root is not None:
        walk(root.get_object()["/K"])
    return found


def tag(element: DictionaryObject) -> str:
    return str(element["/S"]).lstrip("/")


def descendants(element: DictionaryObject) -> list[DictionaryObject]:
    found: list[DictionaryObject] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            found.append(node)
            walk(node.get("/K", ArrayObject()))

    walk(element.get("/K", ArrayObject()))
    return found


def xmp(reader: PdfReader) -> ElementTree.Element | None:
    metadata = reader.trailer["/Root"].get("/Metadata")
    return None if metadata is None else ElementTree.fromstring(metadata.get_object().get_data())


def xmp_values(root: ElementTree.Element | None, namespace: str, name: str) -> list[str]:
    """The values of one XMP property, written as an attribute or as an element."""
    if root is None:
        return []
    key = f"{{{namespace}}}{name}"
    values = [element.attrib[key] for element in root.iter() if key in element.attrib]
    for element in root.iter(key):
        values.append(" ".join(text.strip() for text in element.itertext() if text.strip()))
    return values


# -- the seeds' pack, built for each variant ---------------------------------------------------------


def sphinx(project: Path, build: str, *options: str, python: tuple[str, ...] = ("-m", "sphinx")) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *python, "-M", "pdf", "docs", build, "-W", "--keep-going", "-q", *options],
        cwd=project, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return seeds_project(tmp_path_factory.mktemp("tags"))


@pytest.fixture(scope="module")
def packs(project) -> dict[str, Path]:
    """The seeds' pack printed as each variant: the default (pdf/ua-1), pdf/a-3b and untagged."""
    built = {}
    for name, options in {"default": (), "pdf/a-3b": ("-D", "briefing_pdf_variant=pdf/a-3b"),
                          "": ("-D", "briefing_pdf_variant=")}.items():
        folder = "build-" + (name.replace("/", "-") or "untagged")
        result = sphinx(project, folder, *options)
        assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr  # WeasyPrint's tagging errors are warnings
        built[name] = project / folder / "pdf" / "briefing.pdf"
    return built


@pytest.mark.slow
def test_the_default_pack_is_tagged_pdf_ua_1(packs):
    reader = PdfReader(packs["default"])
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(catalog["/Lang"]).startswith("en")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == TITLE
    document = [tag(kid.get_object()) for kid in catalog["/StructTreeRoot"]["/K"]]
    assert document == ["Document"]
    ua = xmp(reader)
    assert xmp_values(ua, PDFUAID, "part") == ["1"]
    assert xmp_values(ua, DC, "title") == [TITLE]
    assert reader.pdf_header == "%PDF-1.7"
    assert reader.outline  # bookmarks (nested as before: tests/test_site.py)


@pytest.mark.slow
def test_the_tags_carry_headings_lists_tables_with_header_cells_and_figures_with_alt(packs):
    elements = structure_elements(PdfReader(packs["default"]))
    tags = {tag(element) for element in elements}
    assert {"H1", "H2", "H3", "H4", "H5"} <= tags
    assert {"L", "LI", "Lbl", "LBody", "P", "Link", "Sect"} <= tags
    tables = [element for element in elements if tag(element) == "Table"]
    assert tables and all(any(tag(cell) == "TH" for cell in descendants(table)) for table in tables)
    header_cells = [element for element in elements if tag(element) == "TD" and element["/A"].get("/Headers")]
    assert header_cells  # data cells name their header cells
    figures = [element for element in elements if tag(element) == "Figure"]
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)
    if shutil.which("dot"):
        network = [str(figure["/Alt"]) for figure in figures if str(figure["/Alt"]).startswith("Network of the ")]
        assert len(network) == 1 and "most mentioned of" in network[0] and "who is named" in network[0], figures


@pytest.mark.slow
def test_cards_print_flat_without_the_screen_s_soft_masked_shadows(packs):
    """A drop shadow is eight shadings under soft masks in WeasyPrint's PDF: paper keeps the card's border."""
    import pikepdf

    with pikepdf.open(packs["default"]) as pdf:
        states = [state for page in pdf.pages for state in page.obj.Resources.get("/ExtGState", {}).values()]
        assert states  # the pack still sets graphic states (alpha of highlights and the like)
        assert not [state for state in states if "/SMask" in state]


@pytest.mark.slow
def test_the_archive_variant_is_pdf_a_3b_and_still_tagged(packs):
    reader = PdfReader(packs["pdf/a-3b"])
    catalog = reader.trailer["/Root"]
    archive = xmp(reader)
    assert xmp_values(archive, PDFAID, "part") == ["3"]
    assert xmp_values(archive, PDFAID, "conformance") == ["B"]
    assert xmp_values(archive, PDFUAID, "part") == []
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/ID" in reader.trailer
    assert "/StructTreeRoot" in catalog and str(catalog["/Lang"]).startswith("en")


@pytest.mark.slow
def test_an_empty_variant_prints_untagged_and_looks_the_same(packs):
    untagged, tagged = PdfReader(packs[""]), PdfReader(packs["default"])
    catalog = untagged.trailer["/Root"]
    assert "/StructTreeRoot" not in catalog and "/MarkInfo" not in catalog and "/Metadata" not in catalog
    assert structure_elements(untagged) == []
    assert len(untagged.pages) == len(tagged.pages)
    assert [page.extract_text() for page in untagged.pages] == [page.extract_text() for page in tagged.pages]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_tagging_changes_no_pixel(packs, tmp_path):
    reader = PdfReader(packs["default"])
    network = next(number for number, page in enumerate(reader.pages, 1) if "Who appears with whom" in page.extract_text())
    renders = {}
    for name in ("", "default"):
        for page in (1, 2, network):
            prefix = tmp_path / f"{name or 'untagged'}-{page}"
            subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(page), "-l", str(page), packs[name], prefix], check=True)
            renders[name, page] = prefix.with_suffix(".png").read_bytes()
    for page in (1, 2, network):
        assert renders["", page] == renders["default", page], page


FRONT_PAGES = 4  # cover, contents, the brief: what a reader sees first


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_the_front_pages_are_rendered_beside_the_pack_and_show_something(packs):
    from PIL import Image

    pack = packs["default"]
    renders = pack.parent / "renders"
    renders.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", str(FRONT_PAGES), pack, renders / "page"], check=True)
    pages = sorted(renders.glob("page-*.png"))
    assert len(pages) == FRONT_PAGES
    for page in pages:
        with Image.open(page) as image:
            low, high = image.convert("L").getextrema()
        assert high - low > 100, f"{page.name} is blank"


# The real build with WeasyPrint's last step (pydyf writing the file) failing half way through.
FAILING_SPHINX = f"""
import sys, pydyf
def write(self, output, *args, **kwargs):
    output.write({HALF_A_PDF!r})
    raise OSError(28, "No space left on device")
pydyf.PDF.write = write
from sphinx.cmd.build import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_a_failing_print_fails_the_build_and_keeps_the_previous_pdf(project, packs, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(packs["default"].parents[1], build)
    before = (build / "pdf" / "briefing.pdf").read_bytes()
    result = sphinx(project, str(build), python=("-c", FAILING_SPHINX))
    assert result.returncode != 0
    assert "could not print the PDF pack" in result.stderr and "No space left on device" in result.stderr, result.stderr
    assert "the previous one is kept" in result.stderr
    assert (build / "pdf" / "briefing.pdf").read_bytes() == before
    assert sorted(path.name for path in (build / "pdf").iterdir() if "briefing.pdf" in path.name) == ["briefing.pdf"]


# -- the write itself, on a one-page print document --------------------------------------------------

ONE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>One page</title></head>
<body><h1>One page</h1><ul><li>a point</li></ul><table><tr><th>Actor</th></tr><tr><td>Yoon</td></tr></table></body></html>
"""


def one_page_builder(folder: Path, variant: str = "pdf/ua-1") -> SimpleNamespace:
    (folder / "briefing.html").write_text(ONE_PAGE, encoding="utf-8")
    return SimpleNamespace(outdir=folder, config=SimpleNamespace(briefing_pdf_filename="briefing.pdf", briefing_pdf_variant=variant))


def parts(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".part"))


def test_pdf_options_per_variant():
    assert pdf_options("") == {}
    assert pdf_options("pdf/ua-1") == {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    assert pdf_options("pdf/a-3b") == {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


def test_write_pdf_prints_the_variant_and_leaves_no_part(tmp_path):
    PDFBuilder.write_pdf(one_page_builder(tmp_path))
    reader = PdfReader(tmp_path / "briefing.pdf")
    assert xmp_values(xmp(reader), PDFUAID, "part") == ["1"]
    assert {"Document", "H1", "L", "LI", "Table", "TH", "TD"} <= {tag(element) for element in structure_elements(reader)}
    assert parts(tmp_path) == []
    probe = tmp_path / "probe"
    probe.write_bytes(b"")
    assert (tmp_path / "briefing.pdf").stat().st_mode == probe.stat().st_mode  # as any new file: 0o666 less the umask


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_print_failing_half_way_keeps_the_previous_pdf(tmp_path, monkeypatch, failure):
    import pydyf

    builder = one_page_builder(tmp_path)
    PDFBuilder.write_pdf(builder)
    before = (tmp_path / "briefing.pdf").read_bytes()
    written = []

    def write(self, output, *args, **kwargs):
        output.write(HALF_A_PDF)
        output.flush()
        written.append(parts(tmp_path))
        raise failure

    monkeypatch.setattr(pydyf.PDF, "write", write)
    if isinstance(failure, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            PDFBuilder.write_pdf(builder)
    else:
        from sphinx.errors import SphinxError

        with pytest.raises(SphinxError, match=r"could not print the PDF pack .*briefing\.pdf \(OSError: .*No space left on device\); the previous one is kept"):
            PDFBuilder.write_pdf(builder)
    assert len(written) == 1 and len(written[0]) == 1  # the half PDF went to a part file beside the target...
    assert (tmp_path / "briefing.pdf").read_bytes() == before  # ...which never replaced the good one
    assert parts(tmp_path) == []


def test_a_first_print_failing_leaves_no_pdf(tmp_path, monkeypatch):
    import pydyf
    from sphinx.errors import SphinxError

    def write(self, output, *args, **kwargs):
        output.write(HALF_A_PDF)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pydyf.PDF, "write", write)
    with pytest.raises(SphinxError, match="none was written"):
        PDFBuilder.write_pdf(one_page_builder(tmp_path))
    assert not (tmp_path / "briefing.pdf").exists() and parts(tmp_path) == []


def test_replacing_removes_parts_a_killed_build_left(tmp_path):
    stale = tmp_path / ".briefing.pdf.4242.deadbeef.part"
    stale.write_bytes(HALF_A_PDF)
    other = tmp_path / ".other.pdf.4242.deadbeef.part"
    other.write_bytes(HALF_A_PDF)
    with replacing(tmp_path / "briefing.pdf") as handle:
        assert not stale.exists()
        handle.write(b"%PDF-1.7\n")
    assert (tmp_path / "briefing.pdf").read_bytes() == b"%PDF-1.7\n"
    assert parts(tmp_path) == [other.name]  # another target's part is not ours to remove


def test_graph_alt_says_what_the_graph_shows():
    from docutils import nodes
    from sphinx.ext.graphviz import graphviz

    from briefing.sphinxext import GRAPH_ALT_FALLBACK, _graph_alt

    assert _graph_alt(graphviz(alt="Network of all 3 actors:\n who is named with whom")) == "Network of all 3 actors: who is named with whom"
    node = graphviz()
    nodes.figure("", node, nodes.caption("", "Colours: blue person."))
    assert _graph_alt(node) == "Colours: blue person."
    assert _graph_alt(graphviz()) == GRAPH_ALT_FALLBACK
