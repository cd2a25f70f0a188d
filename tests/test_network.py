"""The actor network: co-mentions, the DOT source and the MyST section, hostile names included.

The slow test builds a small site and PDF with the seed brief's network and a network of hostile names.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import ClassVar

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives
from myst_parser.parsers.docutils_ import Parser

from briefing.brief.actors import actor_index
from briefing.brief.network import CLUTTERED, actor_network, brief_actors, co_mentions
from briefing.model import Actor, Analysis, Article, Brief, OffsetMap, Source, Span
from briefing.page_contract import NETWORK_CLASS
from briefing.pages.network import dot_source, dot_string, fence_for, network_section
from conftest import ROOT

DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="graphviz (dot) is not installed")

HOSTILE = [
    'a"b',
    'x\\"]; evil [label="',
    "```",
    "````{raw} html",
    ":::{danger}",
    "{raw}`<b>x</b>`",
    "<script>alert(1)</script>",
    "line\nbreak\r\nhere",
    "back\\slash\\",
    "\\N \\G \\n \\l",
    "&amp; &nbsp; &foo; &#x41;",
    "} digraph { n1 -- n2",
    "<<b>html</b>>",
    "tab\there\x00nul\x1bansi",
    "\u202eevil bidi",
    "윤석열",
]


def analysis(article_id: str, sentences: list[str], actors: dict[str, str]) -> Analysis:
    """An article of ``sentences``, with every occurrence of each actor name ({name: kind}) as a mention."""
    text = " ".join(sentences)
    spans, position = [], 0
    for sentence in sentences:
        spans.append(Span(sentence, position, position + len(sentence)))
        position += len(sentence) + 1
    found = []
    for number, (name, kind) in enumerate(actors.items()):
        mentions = [Span(name, m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        found.append(Actor(id=f"a{number}", name=name, kind=kind, mentions=mentions))
    source = Source(Path(f"{article_id}.txt"), text, "utf-8", "0" * 64)
    article = Article(article_id, source, article_id, None, (), None, None, text, OffsetMap(()), tuple(spans))
    return Analysis(article, spans, [], [], found, [])


def tiny_brief() -> Brief:
    first = analysis(
        "one",
        ["Joe Biden met Kishida in Tokyo.", "Joe Biden and Kishida talked about Russia.", "Russia did not answer."],
        {"Joe Biden": "person", "Kishida": "person", "Tokyo": "place", "Russia": "country"},
    )
    second = analysis(
        "two",
        ["Biden warned Russia.", "Biden said NATO would help."],
        {"Biden": "person", "Russia": "country", "NATO": "organisation"},
    )
    return Brief([first, second], [])


def hostile_brief() -> Brief:
    names = {name: "person" if i % 3 == 0 else "organisation" if i % 3 == 1 else "country" for i, name in enumerate(HOSTILE)}
    sentences = [f"{HOSTILE[i]} met {HOSTILE[(i + 1) % len(HOSTILE)]} today." for i in range(len(HOSTILE))]
    return Brief([analysis("hostile", sentences, names)], [])


def network_of(brief: Brief, **options):
    """The network of a brief's analyses, with the brief's actors worked out from them."""
    return actor_network(brief.analyses, actor_index(brief.analyses), **options)


def section_of(brief: Brief, limit: int | None = None, level: int = 2) -> str:
    return network_section(network_of(brief, **({"limit": limit} if limit else {})), level=level)


# -- actors and co-mentions ----------------------------------------------------------------------------


def test_actors_merge_across_articles_by_key_with_the_fullest_name():
    actors = brief_actors(actor_index(tiny_brief().analyses))
    assert [(a.name, a.kind, a.mentions) for a in actors] == [
        ("Joe Biden", "person", 4),  # "Joe Biden" twice in one, "Biden" twice in two
        ("Russia", "country", 3),
        ("Kishida", "person", 2),
        ("NATO", "organisation", 1),  # ties by name
        ("Tokyo", "place", 1),
    ]


def test_co_mentions_count_sentences_naming_both_across_articles():
    pairs = {tuple(sorted((a[1], b[1]))): n for (a, b), n in co_mentions(tiny_brief().analyses, actor_index(tiny_brief().analyses)).items()}
    assert pairs == {
        ("joe biden", "kishida"): 2,
        ("joe biden", "tokyo"): 1,
        ("kishida", "tokyo"): 1,
        ("joe biden", "russia"): 2,  # one sentence in each article
        ("kishida", "russia"): 1,
        ("joe biden", "nato"): 1,
    }


def test_a_mention_outside_every_sentence_links_nothing():
    lone = analysis("lone", ["Alpha met Beta."], {"Alpha": "person", "Beta": "person"})
    lone.actors[1].mentions[0] = Span("Beta", 900, 904)
    assert not network_of(Brief([lone], [])).drawable


def test_network_keeps_the_most_mentioned_and_their_links(seed_brief):
    network = network_of(seed_brief, limit=6)
    assert len(network.actors) <= 6 and network.total_actors > 6
    mentions = [a.mentions for a in network.actors]
    assert mentions == sorted(mentions, reverse=True)
    assert network.links and all(0 <= link.a < link.b < len(network.actors) and link.sentences >= 1 for link in network.links)
    assert [(link.a, link.b) for link in network.links] == sorted((link.a, link.b) for link in network.links)
    names = [a.name for a in network.actors]
    assert {"Russia", "North Korea", "Yoon Suk Yeol"} <= set(names)


def test_isolated_actors_are_dropped_only_from_a_crowded_picture():
    names = {f"Name{i:02d}": "person" for i in range(CLUTTERED + 4)}
    sentences = ["Name00 met Name01."] + [f"{name} stayed home." for name in names]
    brief = Brief([analysis("crowd", sentences, names)], [])
    crowded = network_of(brief, limit=len(names))
    assert [a.name for a in crowded.actors] == ["Name00", "Name01"] and crowded.left_alone == len(names) - 2
    assert "the 2 actors named with another among the 14 most mentioned of 14" in section_of(brief, limit=len(names))
    small = network_of(brief, limit=4)
    assert [a.name for a in small.actors] == ["Name00", "Name01", "Name02", "Name03"]


def test_same_brief_gives_byte_identical_output(seed_brief):
    assert section_of(seed_brief) == section_of(seed_brief)
    shuffled = Brief(list(reversed(seed_brief.analyses)), seed_brief.events)
    assert dot_source(network_of(shuffled)) == dot_source(network_of(seed_brief))


# -- DOT ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", HOSTILE)
def test_dot_string_is_one_quoted_string_without_line_breaks(name):
    quoted = dot_string(name)
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert "\n" not in inner and "\r" not in inner and not re.search(r"[\x00-\x1f\x7f\u202e]", inner)
    assert not re.search(r'(?<!\\)(?:\\\\)*"', inner), "an unescaped quote would end the string"


def test_node_ids_and_graph_name_are_briefing_s_own():
    source = dot_source(network_of(hostile_brief(), limit=len(HOSTILE)))
    assert source.startswith("graph network {\n")
    statements = [line.strip() for line in source.splitlines()[1:-1]]
    for statement in statements:
        assert re.match(r"(graph|node) \[|n\d+ \[label=\"|n\d+ -- n\d+ \[", statement), statement
    assert "<<" not in source.replace('"<<b>html</b>>"', "")  # no HTML-like label


@needs_dot
def test_hostile_names_parse_as_dot_and_show_as_written():
    network = network_of(hostile_brief(), limit=len(HOSTILE))
    assert len(network.actors) == len(HOSTILE)
    result = subprocess.run([DOT, "-Tsvg"], input=dot_source(network).encode(), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    svg = ET.fromstring(result.stdout)  # well-formed XML: no entity or markup leaked through
    ns = {"svg": "http://www.w3.org/2000/svg"}
    shown = [
        " ".join("".join(text.itertext()) for text in node.findall("svg:text", ns))
        for node in svg.iterfind(".//svg:g[@class='node']", ns)
    ]
    assert len(shown) == len(HOSTILE)
    assert not svg.findall(".//svg:script", ns) and not svg.findall(".//svg:a", ns)
    from briefing.brief.network import clean_name

    for expected in HOSTILE:
        assert " ".join(clean_name(expected).split()) in [" ".join(s.split()) for s in shown], expected


@needs_dot
def test_seed_network_svg_is_the_same_every_time(seed_brief):
    source = dot_source(network_of(seed_brief)).encode()
    runs = {subprocess.run([DOT, "-Tsvg"], input=source, capture_output=True, check=True).stdout for _ in range(2)}
    assert len(runs) == 1


# -- MyST ---------------------------------------------------------------------------------------------


class Captured(nodes.General, nodes.Element):
    pass


class GraphvizStandIn(Directive):
    """Takes the place of sphinx.ext.graphviz's directive: same options, keeps content and options."""

    has_content = True
    optional_arguments = 1
    option_spec: ClassVar = {
        "alt": directives.unchanged,
        "align": lambda a: directives.choice(a, ("left", "center", "right")),
        "caption": directives.unchanged,
        "class": directives.class_option,
        "layout": directives.unchanged,
        "name": directives.unchanged,
    }

    def run(self):
        options = dict(self.options)
        return [Captured(code="\n".join(self.content), classes=options.pop("class", []), **options)]


def parse(markdown: str) -> nodes.document:
    directives.register_directive("graphviz", GraphvizStandIn)
    settings = {"myst_enable_extensions": ["colon_fence"], "report_level": 5, "halt_level": 5, "doctitle_xform": False}
    return publish_doctree(markdown, parser=Parser(), settings_overrides=settings)


@pytest.mark.parametrize("brief", [hostile_brief, tiny_brief])
def test_section_is_a_heading_a_paragraph_and_exactly_the_dot_source(brief):
    made = brief()
    network = network_of(made)
    doctree = parse("# Page\n\n" + network_section(network))
    graphs = list(doctree.findall(Captured))
    assert len(graphs) == 1
    assert graphs[0]["code"] == dot_source(network).rstrip("\n")
    assert graphs[0]["classes"] == [NETWORK_CLASS] and graphs[0]["align"] == "center"
    kinds = {type(node).__name__ for node in doctree.findall(nodes.Element)}
    assert kinds <= {"document", "section", "title", "paragraph", "Captured"}, kinds
    assert not list(doctree.findall(nodes.raw)) and not list(doctree.findall(nodes.system_message))
    for word in ("script", "danger", "evil"):
        assert word not in doctree.astext()  # names appear only inside the graph's code


def test_fence_is_longer_than_any_backtick_run():
    assert fence_for("no ticks") == "```"
    assert fence_for("a ```` b") == "`````"
    section = section_of(hostile_brief())
    fence = re.search(r"^(`{3,})\{graphviz\}$", section, re.M).group(1)
    body = section.split(fence + "{graphviz}\n", 1)[1]
    assert body.endswith(fence + "\n") and fence not in body[: -len(fence) - 1]
    # Every line of the graph starts with briefing's own syntax: no name begins a line.
    graph_lines = body[: -len(fence) - 1].splitlines()
    assert all(re.match(r"(:[a-z]+:|$|graph network \{|  (graph|node|n\d+)|\})", line) for line in graph_lines), graph_lines


def test_too_few_connected_actors_give_a_sentence():
    alone = Brief([analysis("alone", ["Alpha spoke.", "Beta listened."], {"Alpha": "person", "Beta": "person"})], [])
    section = section_of(alone)
    assert section.startswith("## Who appears with whom\n") and "{graphviz}" not in section
    assert "No two actors" in section
    assert section_of(Brief([], []), level=3).startswith("### Who appears with whom\n")


# -- Sphinx setup -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, overrides, expected",
    [({}, {}, "svg"), ({"graphviz_output_format": "png"}, {}, "png"), ({}, {"graphviz_output_format": "png"}, "png")],
)
def test_graphviz_draws_svg_unless_conf_py_or_d_says_otherwise(raw, overrides, expected):
    from sphinx.config import Config

    from briefing.sphinxext import _graphviz_svg_by_default

    config = Config(dict(raw), dict(overrides))
    config.add("graphviz_output_format", "png", "html", frozenset({str}))
    _graphviz_svg_by_default(config)
    assert config.graphviz_output_format == expected


# -- real builds --------------------------------------------------------------------------------------


def make_project(folder: Path, seed_brief: Brief) -> Path:
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text((ROOT / "docs" / "conf.py").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "index.md").write_text(
        "# Network test\n\n" + section_of(seed_brief) + "\n```{toctree}\n:hidden:\n\nhostile\n```\n", encoding="utf-8"
    )
    (folder / "hostile.md").write_text("# Hostile names\n\n" + section_of(hostile_brief()), encoding="utf-8")
    return folder


def build(builder: str, source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(source), str(out), "-W", "--keep-going", "-q", *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1720483200"},
        check=False,
    )


@pytest.mark.slow
@needs_dot
def test_site_and_pdf_draw_the_network(tmp_path, seed_brief):
    pytest.importorskip("pypdf")
    from pypdf import PdfReader

    source = make_project(tmp_path / "site", seed_brief)
    out = tmp_path / "build"
    for builder in ("html", "pdf"):
        result = build(builder, source, out)
        assert result.returncode == 0 and "WARNING" not in result.stderr and "briefing:" not in result.stderr, result.stderr

    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    svgs = re.findall(r'<object data="(_images/graphviz-[0-9a-f]+\.svg)" type="image/svg\+xml" class="([^"]+)"', page)
    assert svgs and NETWORK_CLASS in svgs[0][1].split()
    svg = ET.parse(out / "html" / svgs[0][0]).getroot()
    assert "Yoon Suk Yeol" in "".join(svg.itertext())
    hostile_page = (out / "html" / "hostile.html").read_text(encoding="utf-8")
    assert "alert(1)" not in hostile_page and "evil" not in hostile_page  # names live only in the SVG file

    printed = (out / "pdf" / "briefing.html").read_text(encoding="utf-8")
    # The pack prints the graph as an <img> with its alt text, which WeasyPrint tags as a /Figure with /Alt.
    assert re.search(r'<img src="_images/graphviz-[0-9a-f]+\.svg" alt="Network of [^"]+" class="graphviz briefing-network"', printed)
    reader = PdfReader(out / "pdf" / "briefing.pdf")
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for name in ("Russia", "North Korea", "Yoon Suk Yeol", "윤석열"):
        assert name in text, name  # the graph's labels are drawn as text by WeasyPrint
    for name in ("<script>alert(1)</script>", 'a"b', "back\\slash\\", "\\N \\G \\n \\l"):
        assert name in text, name  # hostile names print as written, inside the drawing

    # Without dot: both builds still pass -W; one notice per build; a sentence in place of the graph.
    missing = tmp_path / "nodot"
    for builder in ("html", "pdf"):
        result = build(builder, source, missing, "-D", "graphviz_dot=/nonexistent/dot")
        assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
        assert result.stderr.count("briefing: warning: the actor network is left out") == 1, result.stderr
        assert "apt-get install graphviz" in result.stderr
    page = (missing / "html" / "index.html").read_text(encoding="utf-8")
    assert "graphviz-" not in page and "Graphviz was not installed" in page and "n1 --" not in page
