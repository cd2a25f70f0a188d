"""The site's navigation is resolved once per build and gives each page what Sphinx's own toctree() gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docutils import nodes

from briefing.sphinxext import navigation
from briefing.sphinxext.navigation import Block, Entry, Navigation

FURO_CALL = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}


def entry(docname: str, *children: Entry) -> Entry:
    return Entry([nodes.Text(docname)], docname=docname, children=list(children))


def names(entries: list[Entry]) -> list:
    return [(e.docname, names(e.children)) if e.children else e.docname for e in entries]


def test_articles_listed_after_their_story_move_under_it():
    metadata = {"a1": {"story": "story-a"}, "a2": {"story": "story-a"}, "b1": {"story": "story-b"}}
    flat = [entry("story-a"), entry("a1"), entry("a2"), entry("story-b"), entry("b1"), entry("timeline")]
    assert names(navigation._under_their_story(flat, metadata)) == [
        ("story-a", ["a1", "a2"]), ("story-b", ["b1"]), "timeline"]


def test_the_story_is_named_from_the_articles_folder():
    metadata = {"generated/a1": {"story": "story-a"}}
    flat = [entry("generated/story-a"), entry("generated/a1"), entry("story-a"), entry("a1")]
    assert names(navigation._under_their_story(flat, metadata)) == [
        ("generated/story-a", ["generated/a1"]), "story-a", "a1"]


def test_an_article_whose_story_is_not_beside_it_stays_where_it_is():
    metadata = {"a1": {"story": "story-elsewhere"}, "a2": {"story": "story-later"}}
    flat = [entry("a1"), entry("a2"), entry("story-later")]
    assert names(navigation._under_their_story(flat, metadata)) == ["a1", "a2", "story-later"]


def test_the_current_branch_is_the_page_and_every_entry_above_it():
    leaf = entry("a1")
    story = entry("story-a", leaf)
    brief = entry("brief", story, entry("timeline"))
    tree = Navigation([Block(None, [brief])])
    assert tree.paths_to("a1") == {id(brief), id(story), id(leaf)}
    assert tree.paths_to("nowhere") == set()
    assert tree.size == 4


PAGES = {
    "index.md": "# Home\n\n```{toctree}\n:caption: Part one\n\nintro\nsub/guide\n```\n\n"
                "```{toctree}\n:hidden:\n\nOutside <https://example.org/x>\nExplicit title <notes>\n```\n",
    "intro.md": "# Intro *with* emphasis\n\n## A section\n\nText.\n",
    "notes.md": "# Notes *with* emphasis\n",
    "sub/guide.md": "# Guide\n\n```{toctree}\n:hidden:\n\nstep-one\nstep-two\n../deep\n```\n",
    "sub/step-one.md": "# Step one\n\n## Detail\n",
    "sub/step-two.md": "# Step two\n",
    "deep.md": "# Deep\n\n```{toctree}\nleaf\n```\n",
    "leaf.md": "# Leaf\n",
    "orphan.md": "---\norphan: true\n---\n# Orphan\n",
}


def build_comparing(tmp_path: Path, calls: list[dict], builder: str = "html") -> dict[str, list[tuple[str, str]]]:
    """Build PAGES with the navigation extension; per page, (Sphinx's toctree, ours) for each call."""
    from sphinx.application import Sphinx

    source = tmp_path / "src"
    for name, text in PAGES.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    (source / "conf.py").write_text('extensions = ["myst_parser", "briefing.sphinxext.navigation"]\n', encoding="utf-8")
    seen: dict[str, list[tuple[str, str]]] = {}

    def compare(app, pagename, templatename, context, doctree):
        if doctree is None:
            return
        seen[pagename] = [(app.builder._get_local_toctree(pagename, **call), context["toctree"](**call)) for call in calls]

    out = tmp_path / "out"
    app = Sphinx(str(source), str(source), str(out), str(out / ".doctrees"), builder,
                 status=None, warning=sys.stderr, freshenv=True)
    app.connect("html-page-context", compare, priority=450)
    app.build()
    return seen


@pytest.mark.slow
def test_pages_in_folders_of_their_own_get_the_markup_sphinx_would_give(tmp_path):
    seen = build_comparing(tmp_path, [FURO_CALL, {**FURO_CALL, "collapse": True}], builder="dirhtml")
    assert 'href="../../leaf/"' in seen["sub/step-one"][0][1]
    for pagename, pairs in seen.items():
        for sphinx_html, ours in pairs:
            assert ours == sphinx_html, pagename


@pytest.mark.slow
def test_every_page_gets_the_markup_sphinx_would_give_whole_or_collapsed(tmp_path):
    seen = build_comparing(tmp_path, [FURO_CALL, {**FURO_CALL, "collapse": True}])
    assert set(seen) == {name[:-3] for name in PAGES}
    for pagename, pairs in seen.items():
        for sphinx_html, ours in pairs:
            assert ours == sphinx_html, pagename
    whole, collapsed = seen["sub/step-one"][0][1], seen["sub/step-one"][1][1]
    assert 'href="../leaf.html"' in whole and 'href="https://example.org/x"' in whole
    assert "<em>with</em>" in whole and "Part one" in whole
    assert 'class="current reference internal" href="#"' in whole
    assert "leaf.html" not in collapsed and "step-two.html" in collapsed


@pytest.mark.slow
def test_a_large_site_shows_only_the_branch_each_page_is_on(tmp_path, monkeypatch):
    monkeypatch.setattr(navigation, "FULL_TREE_MAX", 3)
    seen = build_comparing(tmp_path, [FURO_CALL, {**FURO_CALL, "collapse": True}])
    for pagename, ((_, whole), (sphinx_collapsed, _)) in seen.items():
        assert whole == sphinx_collapsed, pagename


@pytest.mark.slow
def test_other_toctree_calls_are_left_to_sphinx(tmp_path):
    seen = build_comparing(tmp_path, [{"collapse": False, "maxdepth": 2}, {"titles_only": True, "includehidden": False}])
    for pagename, pairs in seen.items():
        for sphinx_html, ours in pairs:
            assert ours == sphinx_html, pagename


class FakeBuilder:
    """What draw() asks of a builder: relative links (all pages in one folder) and rendering (kept as nodes)."""

    def get_relative_uri(self, from_: str, to: str) -> str:
        return "" if from_ == to else f"{to}.html"

    def render_partial(self, node):
        return {"fragment": node}


def kinded(docname: str, kind: str, *children: Entry) -> Entry:
    made = entry(docname, *children)
    made.kind = kind
    return made


def shown(tree) -> list:
    """(link text, href) of every link drawn, in order, nested lists flattened."""
    return [(ref.astext(), ref["refuri"]) for ref in tree.findall(nodes.reference)]


def test_a_crowd_of_one_kind_shows_only_the_page_on_the_way_and_a_link_to_all_of_them(monkeypatch):
    monkeypatch.setattr(navigation, "CROWD", 3)
    stories = [kinded(f"story-{i}", "story", kinded(f"a{i}", "article")) for i in range(5)]
    brief = kinded("brief", "brief", *stories, kinded("timeline", "timeline"),
                   kinded("actors", "actors", *[kinded(f"actor-{i}", "actor") for i in range(9)]))
    tree = Navigation([Block(None, [brief])])
    drawn = shown(navigation.draw(tree, "a2", FakeBuilder(), collapse=True))
    assert drawn == [("brief", "brief.html"), ("story-2", "story-2.html"), ("a2", ""),
                     ("All 5 stories", "brief.html"), ("timeline", "timeline.html"), ("actors", "actors.html")]
    on_actors = shown(navigation.draw(tree, "actors", FakeBuilder(), collapse=True))
    assert ("All 9 actors", "") in on_actors and not any(text.startswith("actor-") for text, _ in on_actors)
    whole = shown(navigation.draw(tree, "a2", FakeBuilder(), collapse=False))
    assert len(whole) == tree.size and not any(text.startswith("All ") for text, _ in whole)
