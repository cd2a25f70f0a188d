"""The site's navigation tree, resolved once per build and drawn on each page from what that page shows.

Sphinx resolves the whole toctree again for every page it writes (the ``toctree()`` template function),
and furo asks for all of it, on every page: the time grows with pages x pages, and at 100 articles
(500 pages, most of them actor pages) it was three quarters of the HTML build. Here the tree is
resolved once, the first time a page asks for it, and each page gets the same markup Sphinx would
give, built from the part of the tree it shows:

- a site of at most :data:`FULL_TREE_MAX` entries shows the whole tree on every page, as furo does;
- a larger one shows the top entries and, along the way to the current page, the entries under it
  (Sphinx's ``collapse``); where more than :data:`CROWD` pages of one kind (``briefing`` front matter:
  stories, actors) stand side by side, only the one on the way is shown, with a last entry "All N
  stories" that links to the page listing them. Each page then stays small however many articles the
  pack has.

An article whose ``story`` front matter names a page beside it in the tree is listed under that story.
Only calls that ask for titles only and hidden toctrees (furo's) are answered here; any other goes to
Sphinx as before.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from briefing.page_contract import GENERATED_KEY, STORY_KEY

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: Up to this many entries, every page shows the whole tree; above it, only the branch it is on.
FULL_TREE_MAX = 200
#: In a larger site, more pages of one kind than this side by side are shown only where the way goes.
CROWD = 50
#: How the "All N ..." entry names a crowd of pages of one kind.
PLURALS = {"story": "stories", "actor": "actors", "article": "articles", "part": "parts"}
CACHE_ATTRIBUTE = "_briefing_navigation"


@dataclass
class Entry:
    """One link of the tree: a page (``docname``) or an outside address (``url``), and the entries under it."""

    label: list[nodes.Node]
    docname: str | None = None
    anchor: str = ""
    url: str = ""
    #: The page's ``briefing`` front matter (story, article, actor ...), "" when it has none.
    kind: str = ""
    children: list[Entry] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


@dataclass
class Block:
    """One toctree of the root page: its caption (if any) and its entries."""

    caption: nodes.title | None
    entries: list[Entry]


@dataclass
class Navigation:
    blocks: list[Block]
    _paths: dict[str, set[int]] | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return sum(entry.count() for block in self.blocks for entry in block.entries)

    def paths_to(self, docname: str) -> set[int]:
        """The ids of the entries that are the page itself or lead to it (Sphinx's "current" branch)."""
        if self._paths is None:
            paths: dict[str, set[int]] = {}
            self._paths = paths

            def walk(entries: list[Entry], trail: tuple[Entry, ...]) -> None:
                for entry in entries:
                    if entry.docname is not None and not entry.anchor:
                        paths.setdefault(entry.docname, set()).update(id(e) for e in (*trail, entry))
                    walk(entry.children, (*trail, entry))

            for block in self.blocks:
                walk(block.entries, ())
        return self._paths.get(docname, set())


def _entries(bullet_list: nodes.Element, documents: dict[str, str], metadata: dict[str, dict[str, Any]]) -> list[Entry]:
    entries = []
    for item in bullet_list.children:
        if not isinstance(item, nodes.list_item) or not item.children:
            continue
        reference = next(item[0].findall(nodes.reference), None)
        if reference is None:
            continue
        anchor = reference.get("anchorname", "")
        refuri = reference.get("refuri", "")
        entry = Entry([child.deepcopy() for child in reference.children], anchor=anchor)
        if reference.get("internal"):
            entry.docname = documents.get(refuri[: len(refuri) - len(anchor)] if anchor else refuri)
        if entry.docname is None:
            entry.url = refuri
        else:
            entry.kind = str(metadata.get(entry.docname, {}).get(GENERATED_KEY) or "")
        for sub_list in item.children[1:]:
            if isinstance(sub_list, nodes.bullet_list):
                entry.children.extend(_entries(sub_list, documents, metadata))
        entries.append(entry)
    return entries


def _under_their_story(entries: list[Entry], metadata: dict[str, dict[str, Any]]) -> list[Entry]:
    """Articles listed after their story page, at its level, move under it (at every level of the tree)."""
    kept: list[Entry] = []
    by_docname: dict[str, Entry] = {}
    for entry in entries:
        entry.children = _under_their_story(entry.children, metadata)
        story = metadata.get(entry.docname or "", {}).get(STORY_KEY)
        if isinstance(story, str) and entry.docname:  # named from the article's folder, as its links are
            story = posixpath.normpath(posixpath.join(posixpath.dirname(entry.docname), story))
        if isinstance(story, str) and story in by_docname and not entry.anchor:
            by_docname[story].children.append(entry)
            continue
        kept.append(entry)
        if entry.docname and not entry.anchor:
            by_docname.setdefault(entry.docname, entry)
    return kept


def resolve(env: BuildEnvironment, builder: Builder) -> Navigation:
    """The global tree as furo asks for it (titles only, hidden toctrees included), seen from the root page."""
    root = env.config.root_doc
    tree = global_toctree_for_doc(env, root, builder, tags=builder.tags, collapse=False,
                                  titles_only=True, maxdepth=-1, includehidden=True)
    if tree is None:
        return Navigation([])
    documents = {builder.get_relative_uri(root, docname): docname for docname in env.all_docs}
    blocks: list[Block] = []
    caption: nodes.title | None = None
    for child in tree.children:
        if isinstance(child, nodes.title):
            caption = child.deepcopy()
        elif isinstance(child, nodes.bullet_list):
            blocks.append(Block(caption, _under_their_story(_entries(child, documents, env.metadata), env.metadata)))
            caption = None
    return Navigation(blocks)


def draw(navigation: Navigation, docname: str, builder: StandaloneHTMLBuilder, *, collapse: bool) -> str:
    """The toctree HTML of one page, as Sphinx's ``toctree(titles_only=True, includehidden=True)`` gives it."""
    if not navigation.blocks:
        return ""
    on_path = navigation.paths_to(docname)

    def item(entry: Entry, depth: int, current: bool) -> nodes.list_item:
        if entry.docname is not None:
            refuri = builder.get_relative_uri(docname, entry.docname) + entry.anchor
            reference = nodes.reference("", "", *[n.deepcopy() for n in entry.label], internal=True,
                                        refuri=refuri, anchorname=entry.anchor)
        else:
            reference = nodes.reference("", "", *[n.deepcopy() for n in entry.label], internal=False,
                                        refuri=entry.url, anchorname="")
        classes = [f"toctree-l{depth}"]
        if current:
            if entry.docname == docname and not entry.anchor:
                reference["classes"].append("current")
            classes.append("current")
        list_item = nodes.list_item("", addnodes.compact_paragraph("", "", reference, classes=list(classes)), classes=classes)
        if entry.children and (current or not collapse):
            list_item += items(entry.children, depth + 1, entry)
        return list_item

    def items(entries: list[Entry], depth: int, parent: Entry | None = None) -> nodes.bullet_list:
        listing = nodes.bullet_list()
        crowds = _crowds(entries) if collapse else {}
        for entry in entries:
            current = id(entry) in on_path
            crowd = crowds.get(entry.kind)
            if crowd is None or current:
                listing += item(entry, depth, current)
            if crowd is not None and entry is crowd[-1] and parent is not None and parent.docname is not None:
                listing += _all_of(crowd, parent.docname, docname, depth, builder)
            if current:
                listing["classes"] = ["current"]
        return listing

    root = addnodes.compact_paragraph("", "", toctree=True)
    for block in navigation.blocks:
        if block.caption is not None:
            root += block.caption.deepcopy()
        listing = items(block.entries, 1)
        root += listing
        if "current" in listing["classes"]:
            root["classes"] = ["current"]
    return builder.render_partial(root)["fragment"]


def _crowds(entries: list[Entry]) -> dict[str, list[Entry]]:
    """The entries of each ``briefing`` kind that has more than :data:`CROWD` of them in ``entries``."""
    by_kind: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.kind:
            by_kind.setdefault(entry.kind, []).append(entry)
    return {kind: group for kind, group in by_kind.items() if len(group) > CROWD}


def _all_of(crowd: list[Entry], listing_page: str, docname: str, depth: int, builder: StandaloneHTMLBuilder) -> nodes.list_item:
    """The entry standing for a crowd left out: "All 176 stories", a link to the page that lists them."""
    kind = crowd[0].kind
    label = f"All {len(crowd)} {PLURALS.get(kind, kind + ' pages')}"
    reference = nodes.reference("", "", nodes.Text(label), internal=True, anchorname="",
                                refuri=builder.get_relative_uri(docname, listing_page))
    classes = [f"toctree-l{depth}", "briefing-nav-all"]
    return nodes.list_item("", addnodes.compact_paragraph("", "", reference, classes=list(classes)), classes=classes)


def _answered_here(kwargs: dict[str, Any]) -> bool:
    """Whether a ``toctree(**kwargs)`` call asks for what :func:`draw` gives: titles only, hidden toctrees, any depth."""
    try:
        depth = int(kwargs.get("maxdepth") or -1)
    except (TypeError, ValueError):
        return False
    return bool(kwargs.get("titles_only")) and bool(kwargs.get("includehidden")) and depth <= 0


def navigation_for(app: Sphinx) -> Navigation:
    navigation = getattr(app.builder, CACHE_ATTRIBUTE, None)
    if navigation is None:
        navigation = resolve(app.env, app.builder)
        setattr(app.builder, CACHE_ATTRIBUTE, navigation)
    return navigation


def _forget(app: Sphinx, env: BuildEnvironment) -> None:
    # A new read (sphinx-autobuild, or a second build in one process) may have changed the tree.
    if hasattr(app.builder, CACHE_ATTRIBUTE):
        delattr(app.builder, CACHE_ATTRIBUTE)


def _install(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give the page a ``toctree()`` that answers furo's call from the tree resolved once."""
    builder = app.builder
    sphinx_toctree: Callable[..., str] | None = context.get("toctree")
    if sphinx_toctree is None or not isinstance(builder, StandaloneHTMLBuilder) or isinstance(builder, SingleFileHTMLBuilder):
        return

    def toctree(**kwargs: Any) -> str:
        if not _answered_here(kwargs):
            return sphinx_toctree(**kwargs)
        navigation = navigation_for(app)
        collapse = bool(kwargs.get("collapse", True)) or navigation.size > FULL_TREE_MAX
        return draw(navigation, pagename, builder, collapse=collapse)

    context["toctree"] = toctree


def setup(app: Sphinx) -> dict[str, Any]:
    # Before furo's own html-page-context handler (priority 500), which calls toctree().
    app.connect("html-page-context", _install, priority=400)
    app.connect("env-updated", _forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
