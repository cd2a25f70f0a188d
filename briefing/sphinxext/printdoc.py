"""The print document written page by page, so that its size does not set the build's memory.

``singlehtml`` inlines every page into one doctree before it writes any HTML; at a thousand articles that
tree took more memory than printing the pack. The pdf builder instead goes through the pages in reading
order (the toctrees', from the root) twice, one page in memory at a time:

1. **Survey**: each page is loaded as light as the pack prints it (:class:`briefing.sphinxext.pack.Lighter`),
   its ids are made unique (:func:`briefing.sphinxext.ids.rename_ids`) and it is arranged for the pack
   (:func:`briefing.sphinxext.pack.arrange_page`); what other pages need of it is kept (its first
   section's id, the ids it prints, the ids of a full text left to the site) and the page is dropped.
2. **Write**: the same, now with references resolved, links rewritten and relinked against what the whole
   pack prints, the page marked for the contents (:func:`briefing.sphinxext.ids.mark_documents`) and
   written to HTML by the builder's translator at the depth it sits at. A page's HTML goes to a file
   (:class:`Spool`) and a mark takes its place in its parent's doctree where the toctree stood; writing the
   body out puts each page's HTML at its mark, so the body is the HTML ``singlehtml`` would write for the
   whole tree, and no more than a page of it is in memory. Full texts bound for the annex are written as
   their articles are, and the annex closes the body.

The parts of a long index are inlined in their index page as doctrees (trimmed as they are loaded), since
the index's cut reads them.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document
from sphinx import addnodes

from briefing.page_contract import ANNEX_ROLE, GENERATED_KEY, SITE_ONLY_ROLES
from briefing.sphinxext import pack
from briefing.sphinxext.ids import (
    SECTION_CLASS,
    SECTION_TITLE_CLASS,
    DocEntry,
    drop_documents,
    mark_documents,
    rename_ids,
    top_sections,
)
from briefing.sphinxext.pack import (
    ANNEX_DOC,
    ANNEX_TITLE,
    Arranged,
    Lighter,
    PackOptions,
    PackPlan,
    Page,
    Target,
    annex_section,
    arrange_page,
    find_pages,
    ids_in,
    part_pages,
    prints_full_texts,
    relink,
    to_annex,
)

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder


@dataclass
class Survey:
    """What the first pass found that a page needs of the others."""

    #: docname -> the id of its first section (where a link to the page lands).
    tops: dict[str, str] = field(default_factory=dict)
    #: Every id the pack prints.
    present: set[str] = field(default_factory=set)
    #: Ids that went with a full text left to the site -> its article.
    redirects: dict[str, Target] = field(default_factory=dict)
    full_texts: bool = False
    sources_anchor: str | None = None


#: A page's mark in its parent's HTML (see :class:`Spool`).
_MARK = re.compile(r"(<!-- briefing [0-9a-f]{16} [0-9]+ -->)")


class Spool:
    """Pages' HTML kept in a temporary file until the body is written out; a page's HTML holds a mark
    (an HTML comment with a token of this build, which no escaped article text can be) where each page it
    inlines goes."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close(), once the body is written out)
        self.token = secrets.token_hex(8)
        self.spans: dict[str, tuple[int, int]] = {}

    def put(self, html: str) -> str:
        """Keep ``html``; the mark that stands for it."""
        mark = f"<!-- briefing {self.token} {len(self.spans)} -->"
        data = html.encode("utf-8")
        self.spans[mark] = (self.file.seek(0, 2), len(data))
        self.file.write(data)
        return mark

    def write(self, html: str, out: IO[str]) -> None:
        """Write ``html`` to ``out`` with each mark in it replaced by the HTML it stands for, recursively."""
        for number, piece in enumerate(_MARK.split(html)):
            if number % 2 == 0 or piece not in self.spans:  # text, or a mark of another build's
                out.write(piece)
                continue
            offset, length = self.spans[piece]
            self.file.seek(offset)
            self.write(self.file.read(length).decode("utf-8"), out)

    def close(self) -> None:
        self.file.close()


@dataclass
class Written:
    """The print document's body (its root page's HTML, with marks for the spooled pages) and what the
    builder says of it."""

    html: str
    spool: Spool
    entries: list[DocEntry]
    arranged: Arranged
    articles: int

    def write_body(self, out: IO[str]) -> None:
        self.spool.write(self.html, out)


class PrintDocument:
    """The pages of a pdf build, surveyed and then written one at a time (see the module's docstring)."""

    def __init__(self, builder: StandaloneHTMLBuilder, options: PackOptions) -> None:
        self.builder = builder
        self.env = builder.env
        self.root = builder.config.root_doc
        self.metadata = self.env.metadata
        self.options = options
        self.articles = sum(1 for docname in self._reading_order() if self._role(docname) == "article")
        self.lighter = Lighter(
            full_texts=prints_full_texts(options.full_text, options.full_text_limit, self.articles),
            article_actors=self.articles <= pack.ARTICLE_ACTORS_IN_PACK,
        )
        # The state of a pass (_pass sets it).
        self.survey = Survey()
        self.writing = False
        self.arranged = Arranged()
        self.entries: list[DocEntry] = []
        self.annex: list[str] = []  # the marks of the annex's texts
        self.spool = Spool()
        self.annex_sections: list[tuple[str, str]] = []  # their (title, anchor)
        self.visited: set[str] = set()

    # -- the two passes ---------------------------------------------------------------------------------

    def write(self) -> Written:
        """Survey the pages, then write them; the body's HTML with the contents' entries."""
        survey = Survey()
        self._pass(survey, writing=False)
        html = self._pass(survey, writing=True)
        return Written(html, self.spool, self.entries, self.arranged, self.articles)

    def _pass(self, survey: Survey, writing: bool) -> str:
        self.survey, self.writing = survey, writing
        self.arranged = Arranged()
        self.entries, self.annex, self.annex_sections = [], [], []
        self.visited = {self.root}
        self.plan = PackPlan(self.options, self.articles, survey.full_texts, self.lighter.full_texts, survey.sources_anchor)
        html = self._page(self.root, level=0, ancestry=[self.root])
        if not writing:
            survey.redirects = self.arranged.redirects
        return html

    # -- one page -----------------------------------------------------------------------------------------

    def _page(self, docname: str, level: int, ancestry: list[str]) -> str:
        """Load, arrange and (when writing) write one page with the pages it inlines; its HTML."""
        slot = len(self.entries)
        tree = self._load(docname)
        self._inline_children(tree, docname, level, ancestry)
        drop_documents(tree, docname, self.metadata, SITE_ONLY_ROLES)
        if not self.writing:
            for owner, section in top_sections(tree, docname).items():
                if section["ids"]:
                    self.survey.tops[owner] = section["ids"][0]
        pages = find_pages(tree, docname, self.metadata)
        page = pages.get(docname)
        if page is not None:
            text = arrange_page(page, part_pages(page, pages), self.plan, self.arranged)
            if text is not None:
                self._to_annex(page, text, ancestry)
            if page.role == "sources":
                self.survey.sources_anchor = page.anchor
            if self.arranged.full_texts:
                self.survey.full_texts = True
        if docname == self.root and self.plan.annex and self.survey.full_texts:
            tree += self._annex_start()
        if not self.writing:
            self.survey.present |= ids_in(tree)
            return ""
        relink(tree, docname, self.survey.redirects, self.survey.present)
        entries = mark_documents(tree, docname, {**self.metadata, ANNEX_DOC: {GENERATED_KEY: ANNEX_ROLE}}
                                 if docname == self.root else self.metadata)
        annex = [_with_annex_sections(entry, self.annex_sections) for entry in entries if entry.docname == ANNEX_DOC]
        self.entries[slot:slot] = [entry for entry in entries if entry.docname != ANNEX_DOC]
        self.entries += annex  # the annex closes the pack
        return self._render(tree, level, ancestry)

    def _load(self, docname: str) -> nodes.document:
        env = self.env
        tree = self.lighter.lighten(env.get_doctree(docname), self.metadata.get(docname, {}))
        # Sphinx keeps the pickle it read; each page is read once a pass, so it need not.
        getattr(env, "_pickled_doctree_cache", {}).pop(docname, None)
        if self.writing:
            env.resolve_references(tree, docname, self.builder)
        rename_ids(tree, docname, self.survey.tops if self.writing else None)
        return tree

    def _inline_children(self, tree: nodes.document, docname: str, level: int, ancestry: list[str]) -> None:
        """Each toctree gives way to the pages it lists (those this build read, each once): a part of a long
        index as its doctree, any other page as its HTML."""
        for toctree in list(tree.findall(addnodes.toctree)):
            depth = level + sum(1 for node in _ancestors(toctree) if isinstance(node, nodes.section))
            inlined = []
            for child in map(str, toctree["includefiles"]):
                if child in self.visited or child not in self.env.found_docs:
                    continue
                self.visited.add(child)
                start = addnodes.start_of_file(docname=child)
                if self._role(child) == "part":
                    part = self._load(child)
                    start.children = part.children
                    for section in start.findall(nodes.section):
                        section.setdefault("docname", child)
                else:
                    html = self._page(child, depth, [*ancestry, child])
                    if self.writing:
                        start += nodes.raw("", self.spool.put(html), format="html")
                inlined.append(start)
            toctree.parent.replace(toctree, inlined)

    # -- the annex --------------------------------------------------------------------------------------

    def _to_annex(self, page: Page, text: nodes.section, ancestry: list[str]) -> None:
        to_annex(page, text, len(self.annex_sections))
        title = text.next_node(nodes.title)
        self.annex_sections.append((title.astext() if title is not None else "", text["ids"][0] if text["ids"] else ""))
        if not self.writing:
            self.survey.present |= ids_in(text)
            return
        relink(text, ANNEX_DOC, self.survey.redirects, self.survey.present)
        if text["ids"]:
            text["classes"].append(SECTION_CLASS)
            if title is not None:
                title["classes"].append(SECTION_TITLE_CLASS)
        self.annex.append(self.spool.put(self._render(text, 1, [ancestry[0], ANNEX_DOC])))

    def _annex_start(self) -> addnodes.start_of_file:
        section = annex_section()
        if self.writing:  # the root is written last: every text is in the spool
            section += nodes.raw("", "".join(self.annex), format="html")
        start = addnodes.start_of_file(docname=ANNEX_DOC)
        start += section
        return start

    # -- writing HTML -------------------------------------------------------------------------------------

    def _render(self, tree: nodes.Element, level: int, ancestry: list[str]) -> str:
        """The HTML the builder's translator writes for ``tree`` at section depth ``level``."""
        builder = self.builder
        document = tree if isinstance(tree, nodes.document) else new_document("", builder.docsettings)
        document.settings = builder.docsettings
        builder.post_process_images(tree)
        visitor: Any = builder.create_translator(document, builder)
        visitor.section_level = level
        visitor.docnames = list(ancestry)
        tree.walkabout(visitor)
        return "".join(visitor.fragment if tree is document else visitor.body)

    # -- helpers ----------------------------------------------------------------------------------------

    def _role(self, docname: str) -> str:
        return str(self.metadata.get(docname, {}).get(GENERATED_KEY) or "page")

    def _reading_order(self) -> Iterator[str]:
        """The pages the print document holds, in reading order (the toctrees', each page once)."""
        seen = {self.root}
        stack = [self.root]
        while stack:
            docname = stack.pop()
            yield docname
            children = [child for child in self.env.toctree_includes.get(docname, ())
                        if child in self.env.found_docs and child not in seen]
            seen.update(children)
            stack.extend(reversed(children))



def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _with_annex_sections(entry: DocEntry, sections: list[tuple[str, str]]) -> DocEntry:
    if entry.docname == ANNEX_DOC:
        entry.sections = [(title, anchor) for title, anchor in sections if anchor]
        entry.title = ANNEX_TITLE
    return entry

