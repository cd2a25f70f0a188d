"""The PDF pack's own shape: what it prints of the site, and where it says the rest is.

The site has everything; the pack is what a reader reads, and it has to stay readable at a hundred or a
thousand articles. The ``pdf`` builder takes the pages one at a time (:mod:`briefing.sphinxext.printdoc`):
each, its ids made unique, goes through :func:`arrange_page`, pure functions over docutils nodes, before it
is marked for the contents and bookmarks. A page is loaded as light as the pack prints it (:class:`Lighter`,
:func:`trim_part`); what the arranging needs of other pages comes in a :class:`PackPlan`:

- **Full texts** (``briefing_pdf_full_text``): ``"always"``, or ``"auto"`` while the pack has at most
  ``briefing_pdf_full_text_limit`` articles, moves each article's full text to an **annex** at the end of
  the pack (after the indexes and sources), one section per article under its headline; the article says
  on which page. Otherwise the full texts are left out and each article says where it is on the site (its
  address when ``html_baseurl`` is set). The brief says either once.
- **The brief** stays short: at most :data:`STORIES_IN_BRIEF` story cards (the others are in the contents),
  and past :data:`SOURCES_IN_BRIEF` articles a line pointing to the Sources page instead of its table.
- **The indexes** keep what a reader scans: the timeline, actors and quotes print whole up to their limits
  (:data:`TIMELINE_IN_PACK`, :data:`ACTORS_IN_PACK`, :data:`QUOTES_IN_PACK`); past them, their most
  important rows and a line saying how many more the site has, with the address when ``html_baseurl`` is
  set. Their parts (pages of a long index) are then not printed.
- **The contents** list each page's sections while the pack has at most :data:`SECTIONS_IN_CONTENTS`
  articles (:func:`contents_entries`); past that, stories, articles and indexes only (the bookmarks keep
  the sections).

The pages say what is what through the classes of :mod:`briefing.page_contract`; a page without them (a
hand-written one, an older generated one) prints as it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from docutils import nodes
from sphinx import addnodes

from briefing.page_contract import (
    ANNEX_PAGE_CLASS,
    CONTINUED_CLASS,
    FULL_TEXT_CLASS,
    GENERATED_KEY,
    NETWORK_CLASS,
    PART_OF_KEY,
    QUOTATIONS_CLASS,
    ROWS_CLASS,
    STORY_CARD_CLASS,
    UNATTRIBUTED_CLASS,
)
from briefing.sphinxext.ids import DocEntry, doc_slug, iter_owned, top_sections

# -- limits: what a reader scans in print; the site has the rest -----------------------------------------

#: Story cards on the brief: three rows of two, so that the brief (bottom line, key points, cards) keeps
#: within two pages; the other stories are in the contents, one line each.
STORIES_IN_BRIEF = 6
#: Past this many articles the brief points to the Sources page instead of repeating its table there.
SOURCES_IN_BRIEF = 10
#: Dated happenings: the ones most outlets report (of equals, the latest), printed in date order; a row
#: reported by three outlets takes a fifth of a page, so this is three or four pages of chronology.
TIMELINE_IN_PACK = 20
#: Actors: the most mentioned, a page and a half of the table; beyond them a reader looks names up on the site.
ACTORS_IN_PACK = 40
#: Quotations printed whole up to this many (about three pages)...
QUOTES_IN_PACK = 40
#: ... past it, the most quoted speakers ...
SPEAKERS_IN_PACK = 10
#: ... each with their first quotations (SPEAKERS_IN_PACK x QUOTES_PER_SPEAKER = QUOTES_IN_PACK).
QUOTES_PER_SPEAKER = 4
#: Articles up to which the contents list each page's sections (Summary, Key quotes ...) too: about three
#: pages of contents; past it, one line per page.
SECTIONS_IN_CONTENTS = 20
#: Articles up to which the contents list each article (about three pages of contents); past it, the brief,
#: the stories and the indexes only: the bookmarks list every article under its story, the Sources page every
#: article with its page.
ARTICLES_IN_CONTENTS = 100
#: Rows of a story's or an article's actors table and of a story's timeline: what a reader takes in on the
#: page; the site has the rest.
ROWS_ON_PAGE = 12
#: Rows of the Sources table in one block: past it the table is printed in blocks of this many rows (about ten
#: pages), each after the first starting a page under the table's header, so that the printer can lay a long
#: Sources page out in parts (:mod:`briefing.sphinxext.parts`) instead of in one process.
SOURCES_ROWS_PER_BLOCK = 300
#: Articles up to which each article's page in the pack lists its actors; past it an article is its summary
#: and key quotes (about a page each), its actors on the site, on its story's page and in the actors index.
ARTICLE_ACTORS_IN_PACK = 30

#: The annex's docname: no page of the site, one of the pack (its top section is marked as a page).
ANNEX_DOC = "__briefing_annex__"
ANNEX_TITLE = "Full texts"
#: A line the pack adds: where what it leaves out is, or on which page.
NOTE_CLASS = "briefing-pack-note"
#: A link after which the print CSS writes ", page N" (``target-counter``).
PAGE_REF_CLASS = "briefing-page-ref"
#: How many rows of a table, quotations of a list or quotations of a part's speakers :func:`trim_part` took out
#: (an attribute of the table, of the quotations' container, of the part's top section), and how many speakers.
LEFT_OUT = "briefing_left_out"
SPEAKERS_LEFT_OUT = "briefing_speakers_left_out"


@dataclass(frozen=True)
class Site:
    """Where the site's pages are, when ``html_baseurl`` says so."""

    base: str
    suffix: str = ".html"

    def url(self, docname: str, anchor: str = "") -> str:
        return f"{self.base.rstrip('/')}/{docname}{self.suffix}" + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class PackOptions:
    full_text: str = "auto"
    full_text_limit: int = 30
    site: Site | None = None


@dataclass
class Page:
    """A page of the pack: its docname, role (``briefing`` front matter), top section and the node it sits in."""

    docname: str
    role: str
    section: nodes.section
    start: nodes.Element  # its start_of_file, or the section itself for the root page
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return self.section["ids"][0]

    @property
    def title(self) -> str:
        title = self.section.next_node(nodes.title)
        return title.astext() if title is not None else self.docname


@dataclass
class Arranged:
    """What :func:`arrange_page` did to the pages, for the builder's log and the links."""

    #: "annex": the full texts are in the annex; "site": left out, the site has them; "": no full text found.
    full_texts: str = ""
    #: index role -> (rows printed, rows in all) of each index the pack cut.
    cut: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Ids that went with the full texts left to the site -> their article (:func:`relink`).
    redirects: dict[str, Target] = field(default_factory=dict)

    def summary(self) -> str:
        """What the pack left to the site, in a line of the build's log ("" when nothing)."""
        said = {"annex": ["full texts in the annex"], "site": ["full texts on the site only"]}.get(self.full_texts, [])
        said += [f"{role} {printed:,} of {total:,} rows" for role, (printed, total) in self.cut.items()]
        return "; ".join(said)


def prints_full_texts(mode: str, limit: int, articles: int) -> bool:
    """Whether the pack prints the full texts (in its annex) for ``briefing_pdf_full_text`` = ``mode``."""
    return mode == "always" or (mode == "auto" and articles <= limit)


@dataclass(frozen=True)
class Target:
    """Where a link that lost its target leads instead: an article's page."""

    docname: str
    anchor: str


@dataclass(frozen=True)
class PackPlan:
    """What the whole pack is, known before its pages are arranged one by one."""

    options: PackOptions
    articles: int
    #: Whether any article has a full text, and whether they go to the annex.
    full_texts: bool = False
    annex: bool = False
    #: The Sources page's anchor, for the brief's line to it.
    sources_anchor: str | None = None


def arrange_page(page: Page, parts: list[Page], plan: PackPlan, done: Arranged) -> nodes.section | None:
    """Give one page the pack's shape (see the module's docstring), its parts (pages of a long index) with it.

    Returns an article's full text when it goes to the annex (:func:`to_annex` moves it); a full text left
    to the site goes here, its ids kept in ``done.redirects`` for :func:`relink`."""
    site = plan.options.site
    to_annex = None
    if page.role == "article" and (text := full_text_section(page)) is not None:
        if plan.annex:
            to_annex, done.full_texts = text, "annex"
        else:
            done.redirects.update(leave_out_full_texts([(page, text)], site))
            done.full_texts = "site"
    if page.role == "brief":
        shorten_brief(page, plan.sources_anchor, site)
        if plan.full_texts:
            say_where_full_texts_are(page, doc_slug(ANNEX_DOC) if plan.annex else None, plan.options, plan.articles)
    if page.role == "article" and plan.articles > ARTICLE_ACTORS_IN_PACK:
        leave_out_actors(page, site)
    if page.role in ("story", "article"):
        cut_page_tables(page, site)
    if page.role == "sources":
        block_table(page, SOURCES_ROWS_PER_BLOCK)
    cut = {"timeline": cut_timeline, "actors": cut_actors, "quotes": cut_quotes}.get(page.role)
    if cut is not None and (counts := cut(page, parts, site)) is not None:
        done.cut[page.role] = counts
    return to_annex


@dataclass
class Lighter:
    """What of each page the pack will print, applied as the page is loaded (see the pdf builder)."""

    full_texts: bool
    article_actors: bool

    def lighten(self, tree: nodes.document, meta: Mapping[str, Any]) -> nodes.document:
        """An article's full text the pack leaves to the site keeps only its ids (for :func:`relink`), on its
        emptied container; its actors table goes when the pack does not print it (the section stays, for
        :func:`leave_out_actors`). A part of a long index keeps what its index's cut reads (:func:`trim_part`)."""
        if meta.get(GENERATED_KEY) == "part":
            trim_part(tree, str(meta.get(PART_OF_KEY) or "").rsplit("/", 1)[-1])
        if meta.get(GENERATED_KEY) != "article":
            return tree
        if not self.full_texts:
            for container in [node for node in tree.findall(nodes.container) if has_class(node, FULL_TEXT_CLASS)]:
                ids = [id_ for node in container.findall(nodes.Element) for id_ in node.get("ids", ())]
                container.children = []
                container["ids"] = list(dict.fromkeys(ids))
        if not self.article_actors:
            for section in list(tree.findall(nodes.section)):
                if "actors" in section["ids"] and isinstance(section.parent, nodes.section):
                    section.children = section.children[:1]
        return tree


def in_contents(entries: Sequence[DocEntry], articles: int) -> list[DocEntry]:
    """The entries the contents list: all while the pack has at most :data:`ARTICLES_IN_CONTENTS` articles,
    else all but the articles."""
    if articles <= ARTICLES_IN_CONTENTS:
        return list(entries)
    return [entry for entry in entries if entry.role != "article"]


def contents_entries(entries: Sequence[DocEntry], articles: int) -> list[DocEntry]:
    """The contents' entries: each page with its sections while the pack has at most
    :data:`SECTIONS_IN_CONTENTS` articles, else the pages alone."""
    if articles <= SECTIONS_IN_CONTENTS:
        return list(entries)
    return [replace(entry, sections=[]) for entry in entries]


# -- the pages of the tree --------------------------------------------------------------------------------


def find_pages(tree: nodes.document, root_doc: str, metadata: Mapping[str, Mapping[str, Any]]) -> dict[str, Page]:
    """The pages of ``tree`` (a page with the pages inlined in it) in reading order, by docname."""
    starts = {node["docname"]: node for node in tree.findall(addnodes.start_of_file)}
    found = {}
    for docname, section in top_sections(tree, root_doc).items():
        if not section["ids"]:
            continue
        meta = metadata.get(docname, {})
        found[docname] = Page(docname, str(meta.get(GENERATED_KEY) or "page"), section, starts.get(docname, section), meta)
    return found


def own(node: nodes.Element) -> Iterator[nodes.Element]:
    """The elements under ``node`` that belong to its page: pages inlined in it (``start_of_file``) are skipped."""
    stack = [child for child in reversed(node.children) if isinstance(child, nodes.Element)]
    while stack:
        current = stack.pop()
        if isinstance(current, addnodes.start_of_file):
            continue
        yield current
        stack.extend(child for child in reversed(current.children) if isinstance(child, nodes.Element))


def has_class(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Element) and name in node.get("classes", ())


def part_pages(page: Page, pages: Mapping[str, Page]) -> list[Page]:
    """The parts of a long index page: the ``part`` pages inlined in it, in reading order.

    (Sphinx inlines a page by handing its children to a ``start_of_file`` without re-parenting them: a page's
    top section is reached going up from inside it, its ``start_of_file`` not always.)"""
    found = []
    for other in pages.values():
        if other.role != "part" or other.start is other.section:
            continue
        parent = other.start.parent
        while parent is not None and parent is not page.section and parent is not page.start:
            parent = parent.parent
        if parent is not None:
            found.append(other)
    return found


def _paragraph(*children: nodes.Node | str, classes: Sequence[str] = (NOTE_CLASS,)) -> nodes.paragraph:
    return nodes.paragraph("", "", *(nodes.Text(c) if isinstance(c, str) else c for c in children), classes=list(classes))


def _page_link(text: str, target_id: str) -> nodes.reference:
    """A link inside the pack after which the print CSS writes the page it leads to."""
    return nodes.reference("", text, internal=True, refid=target_id, classes=[PAGE_REF_CLASS])


def _site_link(site: Site, docname: str, anchor: str = "") -> nodes.reference:
    url = site.url(docname, anchor)
    return nodes.reference("", url, refuri=url)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun if number == 1 else noun + 's'}"


def _insert_before_sections(section: nodes.section, node: nodes.Node) -> None:
    """Put ``node`` after a page's opening paragraphs, before its first subsection (or inlined page)."""
    index = next((i for i, child in enumerate(section.children)
                  if isinstance(child, (nodes.section, addnodes.start_of_file, nodes.compound))), len(section.children))
    section.insert(index, node)


# -- full texts -------------------------------------------------------------------------------------------


def full_text_section(page: Page) -> nodes.section | None:
    """The section of an article page holding its full text (the container marked ``FULL_TEXT_CLASS``)."""
    for node in own(page.section):
        if has_class(node, FULL_TEXT_CLASS) and isinstance(node.parent, nodes.section):
            return node.parent
    return None


def annex_section() -> nodes.section:
    """The annex's section: its title and what it holds (the texts follow, :func:`to_annex`)."""
    section = nodes.section("", nodes.title("", ANNEX_TITLE), ids=[doc_slug(ANNEX_DOC)], names=[nodes.fully_normalize_name(ANNEX_TITLE)])
    section += _paragraph(
        "The articles' full texts as briefing read them from their sources, in the order of the pack; "
        "the words of the quotes are marked where the articles' quotes link to them.",
        classes=(),
    )
    return section


def to_annex(page: Page, text: nodes.section, number: int) -> nodes.section:
    """Move an article's full text (the ``number``-th of the annex, from 0) out of its page, under the article's
    headline, with the page of the article; the article says on which page its full text is. Ids move with
    the text, so a quote's link to its words lands in the annex."""
    text.parent.remove(text)
    if number:
        text["classes"].append(ANNEX_PAGE_CLASS)  # starts a page (the print CSS; parts.py cuts there)
    title = text.next_node(nodes.title)
    if title is not None:
        text.replace(title, nodes.title("", page.title))
    about = [str(value) for key in ("outlet", "published") if (value := _meta_text(page.meta.get(key)))]
    text.insert(1, _paragraph(f"{' · '.join(about)} · " if about else "", "Summary, quotes and actors: ",
                              _page_link("the article", page.anchor), "."))
    _insert_before_sections(page.section, _paragraph(nodes.strong("", "Full text:"), " ", _page_link("in the annex", text["ids"][0]), "."))
    return text


def _meta_text(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return None if text in {"", "None", "null", "~"} else text


def leave_out_full_texts(full_texts: list[tuple[Page, nodes.section]], site: Site | None) -> dict[str, Target]:
    """Take the full texts out; each article says where its full text is on the site. Returns the ids that
    went with them -> their article, for :func:`relink`."""
    gone: dict[str, Target] = {}
    for page, text in full_texts:
        target = Target(page.docname, page.anchor)
        for node in [text, *text.findall(nodes.Element)]:
            gone.update(dict.fromkeys(node.get("ids", ()), target))
        text.parent.remove(text)
        where: list[nodes.Node | str] = ["on the briefing site, ", _site_link(site, page.docname)] if site else \
            ["on this article's page of the briefing site"]
        _insert_before_sections(page.section, _paragraph(nodes.strong("", "Full text:"), " ", *where, "."))
    return gone


def say_where_full_texts_are(brief: Page, annex_anchor: str | None, options: PackOptions, articles: int) -> None:
    """One line on the brief: the annex and its page, or the site."""
    if annex_anchor is not None:
        line = _paragraph(nodes.strong("", "Full texts:"), " ", _page_link("in the annex", annex_anchor), ".")
    else:
        why = (f"not printed in this pack of {_count(articles, 'article')} (they are printed up to "
               f"{options.full_text_limit}); " if options.full_text == "auto" else "not printed in this pack; ")
        site = options.site
        where: list[nodes.Node | str] = ["each is on its article's page of the briefing site, ", _site_link(site, brief.docname)] \
            if site else ["each is on its article's page of the briefing site"]
        line = _paragraph(nodes.strong("", "Full texts:"), " ", why, *where, ".")
    _insert_before_sections(brief.section, line)


def relink(tree: nodes.Element, root_doc: str, redirects: Mapping[str, Target], present: set[str] | None = None) -> None:
    """Links whose target left the pack: a quote's "in the text" on its own article goes; a link from another
    page to words of a full text left out leads to the article; any other becomes its text. ``present``: the
    ids the whole pack prints (by default, those of ``tree``)."""
    if present is None:
        present = ids_in(tree)
    for reference, owner in [(n, d) for n, d in iter_owned(tree, root_doc) if isinstance(n, nodes.reference)]:
        refuri = reference.get("refuri")
        target = reference.get("refid") or (refuri[1:] if isinstance(refuri, str) and refuri.startswith("#") else None)
        if not target or target in present or reference.parent is None:
            continue
        article = redirects.get(target)
        if article is not None and article.docname == owner:
            _remove_with_separator(reference)
        elif article is not None:
            if reference.get("refid"):
                reference["refid"] = article.anchor
            else:
                reference["refuri"] = "#" + article.anchor
        else:
            reference.replace_self(nodes.inline("", "", *reference.children))


def ids_in(tree: nodes.Element) -> set[str]:
    """Every id in ``tree``."""
    return {id_ for node in tree.findall(nodes.Element) for id_ in node.get("ids", ())}


def _remove_with_separator(reference: nodes.reference) -> None:
    """Remove a link and the " · " that set it apart from what stands before it."""
    parent = reference.parent
    index = parent.index(reference)
    before = parent[index - 1] if index else None
    if isinstance(before, nodes.Text) and before.astext().endswith(" · "):
        parent.replace(before, nodes.Text(before.astext()[: -len(" · ")]))
    parent.remove(reference)


# -- the brief --------------------------------------------------------------------------------------------


def shorten_brief(brief: Page, sources_anchor: str | None, site: Site | None) -> None:
    """At most :data:`STORIES_IN_BRIEF` story cards, and past :data:`SOURCES_IN_BRIEF` articles a line to the
    Sources page instead of its table."""
    cards = [node for node in own(brief.section) if has_class(node, STORY_CARD_CLASS)]
    if len(cards) > STORIES_IN_BRIEF:
        grid = _card_grid(cards[0])
        for card in cards[STORIES_IN_BRIEF:]:
            column = card.parent if has_class(card.parent, "sd-col") else card
            column.parent.remove(column)
        more = len(cards) - STORIES_IN_BRIEF
        where: list[nodes.Node | str] = [" and on the briefing site, ", _site_link(site, brief.docname)] if site else [" and on the briefing site"]
        note = _paragraph(f"The first {STORIES_IN_BRIEF} of {len(cards)} stories; the other {more} are in the contents", *where, ".")
        grid.parent.insert(grid.parent.index(grid) + 1, note)
    for table in [node for node in own(brief.section) if isinstance(node, nodes.table) and has_class(node, ROWS_CLASS)]:
        rows = len(_body_rows(table))
        if rows <= SOURCES_IN_BRIEF:
            continue
        what = f"The {_count(rows, 'article')} are listed with their outlets, authors and dates under "
        if sources_anchor is not None:
            note = _paragraph(what, _page_link("Sources", sources_anchor), ".")
        elif site is not None:
            note = _paragraph(what + "Sources on the briefing site, ", _site_link(site, brief.docname), ".")
        else:
            note = _paragraph(what + "Sources on the briefing site.")
        table.replace_self(note)


def _card_grid(card: nodes.Element) -> nodes.Element:
    """The outermost container of a sphinx-design grid holding ``card``."""
    node = card
    while isinstance(node.parent, nodes.container) and not isinstance(node.parent, nodes.section):
        node = node.parent
    return node


def _body_rows(table: nodes.table) -> list[nodes.row]:
    body = table.next_node(nodes.tbody)
    return [row for row in body.children if isinstance(row, nodes.row)] if body is not None else []


# -- the indexes ------------------------------------------------------------------------------------------


def _tables(pages: Sequence[Page]) -> list[tuple[Page, nodes.table]]:
    return [(page, node) for page in pages for node in own(page.section) if isinstance(node, nodes.table) and has_class(node, ROWS_CLASS)]


def _table_with(template: nodes.table, rows: list[nodes.row]) -> nodes.table:
    """A table shaped as ``template`` (columns, header) holding ``rows``."""
    group = template.next_node(nodes.tgroup)
    table = template.copy()
    table.attributes.pop(LEFT_OUT, None)
    new_group = group.copy()
    for child in group.children:
        if isinstance(child, (nodes.colspec, nodes.thead)):
            new_group += child.deepcopy()
    body = nodes.tbody()
    for row in rows:
        row.parent.remove(row)
        body += row
    new_group += body
    table += new_group
    return table


def _more(what: str, site: Site | None, page: Page) -> nodes.paragraph:
    """The line under a cut index: how many more rows the site has (``what``), and where."""
    if site is not None:
        return _paragraph(f"{what} on the briefing site: ", _site_link(site, page.docname), ".")
    return _paragraph(f"{what} on the briefing site, on its {page.title} page.")


def _rebuild(page: Page, children: list[nodes.Node]) -> None:
    """The page's title, then ``children`` in place of all it held (its parts included)."""
    del page.section[1:]
    page.section.extend(children)


def _new_section(page: Page, name: str, title: str, *children: nodes.Node) -> nodes.section:
    return nodes.section("", nodes.title("", title), *children, ids=[f"{doc_slug(page.docname)}--pack-{name}"])


def _section_named(page: Page, name: str) -> nodes.section | None:
    """The page's own section whose id ends in ``--<name>`` (ids are made ``<page>--<section>`` unique)."""
    for child in page.section.children:
        if isinstance(child, nodes.section) and any(str(id_).endswith(f"--{name}") for id_ in child["ids"]):
            return child
    return None


def leave_out_actors(page: Page, site: Site | None) -> None:
    """An article's actors section gives way to a line saying where they are."""
    section = _section_named(page, "actors")
    if section is None:
        return
    where: list[nodes.Node | str] = ["on the briefing site, ", _site_link(site, page.docname)] if site else \
        ["on this article's page of the briefing site"]
    line = _paragraph(nodes.strong("", "Actors:"), " ", *where, ", on its story's page and in the actors index.")
    section.replace_self(line)


def cut_page_tables(page: Page, site: Site | None) -> None:
    """A story's or article's actors (the most mentioned first, as the table has them) and a story's timeline
    (the happenings most outlets report, in date order) keep :data:`ROWS_ON_PAGE` rows, and say how many more
    the site has."""
    for name in ("actors", "timeline"):
        section = _section_named(page, name)
        table = next((node for node in own(section) if isinstance(node, nodes.table)), None) if section is not None else None
        rows = _body_rows(table) if table is not None else []
        if table is None or len(rows) <= ROWS_ON_PAGE:
            continue
        if name == "timeline":
            chosen = sorted(_weightiest(rows, ROWS_ON_PAGE))
            what = "dated happenings"
        else:
            chosen = list(range(ROWS_ON_PAGE))
            what = "actors"
        kept = [rows[i] for i in chosen]
        table.replace_self([_table_with(table, kept), _more(f"{len(rows) - len(kept):,} more {what} of this {page.role}", site, page)])


def block_table(page: Page, rows_per_block: int) -> None:
    """Past ``rows_per_block`` rows, each table of the page is printed as blocks of that many rows, every block
    after the first starting a page (:data:`CONTINUED_CLASS`) under the table's header; rows and order stay."""
    for table in [node for node in own(page.section) if isinstance(node, nodes.table)]:
        rows = _body_rows(table)
        if len(rows) <= rows_per_block:
            continue
        blocks = [_table_with(table, rows[start:start + rows_per_block]) for start in range(0, len(rows), rows_per_block)]
        for block in blocks[1:]:
            block["ids"] = []
        table.replace_self([blocks[0], *(nodes.container("", block, classes=[CONTINUED_CLASS]) for block in blocks[1:])])


def cut_timeline(page: Page, parts: list[Page], site: Site | None) -> tuple[int, int] | None:
    """Past :data:`TIMELINE_IN_PACK` happenings, those most sources report (the latest first among equals), in
    date order. Returns (printed, all) when it cut."""
    tables = _tables([page, *parts])
    rows = [row for _, table in tables for row in _body_rows(table)]
    total = sum(_row_count(table) for _, table in tables)
    if not tables or total <= TIMELINE_IN_PACK:
        return None
    kept = [rows[i] for i in sorted(_weightiest(rows, TIMELINE_IN_PACK))]
    intro = _paragraph(
        f"The {len(kept)} of the {total:,} dated happenings that the most outlets report (of equals, the latest), "
        "in date order, each with every source that reports it; dates are resolved against each article's date.",
        classes=())
    _rebuild(page, [intro, _table_with(tables[0][1], kept), _more(f"{total - len(kept):,} more dated happenings", site, page)])
    return len(kept), total


def _weightiest(rows: Sequence[nodes.row], number: int) -> list[int]:
    """The indexes of the ``number`` timeline rows the most outlets report (of equals, the latest)."""
    weights = [_reported_by(row) for row in rows]
    return sorted(range(len(rows)), key=lambda i: (-weights[i][0], -weights[i][1], -i))[:number]


def _row_count(table: nodes.table) -> int:
    """The rows of a table, those :func:`trim_part` took out included."""
    return len(_body_rows(table)) + int(table.get(LEFT_OUT, 0))


def _reported_by(row: nodes.row) -> tuple[int, int]:
    """(outlets, reports) of a timeline row: its last cell holds a paragraph per report, each ending with a
    link named after the report's outlet (a cross-reference still pending where the page is not yet resolved)."""
    entries = _entries(row)
    reports = [p for p in entries[-1].children if isinstance(p, nodes.paragraph)] if entries else []
    outlets = {links[-1].astext() for p in reports
               if (links := [node for node in p.findall(nodes.Element) if isinstance(node, (nodes.reference, addnodes.pending_xref))])}
    return len(outlets) or len(reports), len(reports)


def _entries(row: nodes.row) -> list[nodes.entry]:
    return [entry for entry in row.children if isinstance(entry, nodes.entry)]


def cut_actors(page: Page, parts: list[Page], site: Site | None) -> tuple[int, int] | None:
    """Past :data:`ACTORS_IN_PACK` actors, the most mentioned (the order of the actors page) and the network."""
    own_tables = _tables([page])
    if not own_tables:
        return None
    first = _body_rows(own_tables[0][1])
    total = sum(_row_count(table) for _, table in _tables(parts)) if parts else len(first)
    if total <= ACTORS_IN_PACK:
        return None
    kept = first[:ACTORS_IN_PACK]
    network = [child for child in page.section.children if isinstance(child, nodes.section) and any(
        has_class(node, NETWORK_CLASS) or has_class(node, NETWORK_CLASS + "-missing") for node in own(child))]
    intro = _paragraph(
        f"The {_count(len(kept), 'actor')} mentioned most often, of the {total:,} people, countries, organisations "
        "and groups the articles name.", classes=())
    table = _new_section(page, "most-mentioned", f"The {len(kept)} most mentioned", _table_with(own_tables[0][1], kept),
                         _more(f"{total - len(kept):,} more actors", site, page))
    _rebuild(page, [intro, *network, table])
    return len(kept), total


@dataclass(eq=False)
class _Said:
    """One speaker's quotations (or those of speakers not named) on the quotes page or a part of it."""

    page_section: nodes.section
    container: nodes.container
    items: list[nodes.list_item]
    section: nodes.section | None  # the speaker's section; None where the part's page is the section

    @property
    def unnamed(self) -> bool:
        return has_class(self.container, UNATTRIBUTED_CLASS)

    @property
    def count(self) -> int:
        """The speaker's quotations, those :func:`trim_part` took out included."""
        return len(self.items) + int(self.container.get(LEFT_OUT, 0))


def _said_on(page_section: nodes.section) -> list[_Said]:
    """The quotations on a quotes page or a part of it, by speaker, in reading order."""
    groups = []
    for node in own(page_section):
        if has_class(node, QUOTATIONS_CLASS) and isinstance(node, nodes.container):
            listed = node.next_node(nodes.bullet_list)
            items = [item for item in listed.children if isinstance(item, nodes.list_item)] if listed is not None else []
            section = node.parent if isinstance(node.parent, nodes.section) and node.parent is not page_section else None
            groups.append(_Said(page_section, node, items, section))
    return groups


def cut_quotes(page: Page, parts: list[Page], site: Site | None) -> tuple[int, int] | None:
    """Past :data:`QUOTES_IN_PACK` quotations, the :data:`SPEAKERS_IN_PACK` most quoted speakers with their
    first :data:`QUOTES_PER_SPEAKER` quotations each, and how many more each has on the site. Quotations whose
    speaker is not named come after every speaker, as on the site. Returns (printed, all) when it cut."""
    owners = {id(owner.section): owner for owner in [page, *parts]}
    groups = [group for owner in [page, *parts] for group in _said_on(owner.section)]
    total = sum(group.count for group in groups) + sum(int(part.section.get(LEFT_OUT, 0)) for part in parts)
    if not groups or total <= QUOTES_IN_PACK:
        return None
    speakers = [group for group in groups if not group.unnamed and group.section is not None]
    speakers_count = len(speakers) + sum(int(part.section.get(SPEAKERS_LEFT_OUT, 0)) for part in parts)
    unnamed = [group for group in groups if group not in speakers]
    top = sorted(speakers, key=lambda group: -group.count)[:SPEAKERS_IN_PACK]
    kept = []
    for group in top:
        assert group.section is not None
        group.section.parent.remove(group.section)
        kept.append(group.section)
        _keep_first(group.container, group.items, group.count, site, owners[id(group.page_section)], group.section)
    printed = sum(min(group.count, QUOTES_PER_SPEAKER) for group in top)
    unnamed_items = [item for group in unnamed for item in group.items]
    unnamed_count = sum(group.count for group in unnamed)
    unnamed_printed = 0
    if unnamed_items and len(top) < SPEAKERS_IN_PACK:
        first = unnamed[0]
        container = nodes.container("", nodes.bullet_list("", *unnamed_items, bullet="-"), classes=[QUOTATIONS_CLASS, UNATTRIBUTED_CLASS])
        kept.append(_new_section(page, "unnamed", "Speaker not named", container))
        _keep_first(container, unnamed_items, unnamed_count, site, owners[id(first.page_section)], first.section)
        unnamed_printed = min(unnamed_count, QUOTES_PER_SPEAKER)
    named = f"The {_count(len(top), 'speaker')} quoted most often, of {speakers_count:,}," if top else "The quotations"
    intro = _paragraph(
        f"{named} with their first {_count(QUOTES_PER_SPEAKER, 'quotation')} each"
        + (" (then those whose speaker is not named)" if unnamed_printed and top else "")
        + f": {printed + unnamed_printed:,} of the {_count(total, 'quotation')}.", classes=())
    more = _more(f"{total - printed - unnamed_printed:,} more quotations", site, page)
    among = [f"those of {_count(speakers_count - len(top), 'more speaker')}"] if speakers_count > len(top) else []
    among += [f"{unnamed_count - unnamed_printed:,} whose speaker is not named"] if unnamed_count > unnamed_printed else []
    if among:
        more += nodes.Text(f" They include {' and '.join(among)}.")
    _rebuild(page, [intro, *kept, more])
    return printed + unnamed_printed, total


def _keep_first(container: nodes.container, items: list[nodes.list_item], count: int, site: Site | None, owner: Page,
                section: nodes.section | None) -> None:
    """Keep the first :data:`QUOTES_PER_SPEAKER` quotations of a list of ``count``, and say how many more the
    site has and where: the speaker's heading on the page of the site that lists them."""
    for item in items[QUOTES_PER_SPEAKER:]:
        item.parent.remove(item)
    container.attributes.pop(LEFT_OUT, None)
    if count <= QUOTES_PER_SPEAKER:
        return
    anchor = (section["ids"] or [""])[0].removeprefix(f"{doc_slug(owner.docname)}--") if section is not None else ""
    where: list[nodes.Node | str] = [nodes.reference("", "on the briefing site", refuri=site.url(owner.docname, anchor))] \
        if site else ["on the briefing site"]
    container += _paragraph(f"{count - QUOTES_PER_SPEAKER:,} more ", *where, ".")


# -- the parts of long indexes, as their indexes' cuts read them -------------------------------------------


def trim_part(tree: nodes.Element, index: str) -> None:
    """A part of the long index ``index`` (``timeline``, ``actors`` or ``quotes``) as that index's cut reads it.

    Past the index's limit a part keeps only what the cut could print from it: the timeline's weightiest
    rows, the actors' first rows (the cut only counts them), the most quoted speakers with their first
    quotations and the first quotations of no named speaker. The count of what went stays on the table, list
    or part (:data:`LEFT_OUT`, :data:`SPEAKERS_LEFT_OUT`), so the cut prints exactly what it prints from the
    whole part. A part within the limit stays whole: its index may then print whole. The pdf builder trims
    each part as it loads it, so a long index never sits whole in memory."""
    top = next(iter(tree.findall(nodes.section)), None)
    if top is None:
        return
    if index in ("timeline", "actors"):
        tables = [node for node in own(top) if isinstance(node, nodes.table) and has_class(node, ROWS_CLASS)]
        rows = [(table, row) for table in tables for row in _body_rows(table)]
        limit = TIMELINE_IN_PACK if index == "timeline" else ACTORS_IN_PACK
        if len(rows) <= limit:
            return
        keep = set(_weightiest([row for _, row in rows], limit)) if index == "timeline" else set(range(limit))
        for number, (table, row) in enumerate(rows):
            if number not in keep:
                row.parent.remove(row)
                table[LEFT_OUT] = int(table.get(LEFT_OUT, 0)) + 1
    elif index == "quotes":
        _trim_quotations(top)


def _trim_quotations(top: nodes.section) -> None:
    groups = _said_on(top)
    if sum(group.count for group in groups) <= QUOTES_IN_PACK:
        return
    speakers = [group for group in groups if not group.unnamed and group.section is not None]
    most_quoted = sorted(speakers, key=lambda group: -group.count)[:SPEAKERS_IN_PACK]
    unnamed_seen = 0
    for group in groups:
        if group in speakers and group not in most_quoted:
            assert group.section is not None
            group.section.parent.remove(group.section)
            top[SPEAKERS_LEFT_OUT] = int(top.get(SPEAKERS_LEFT_OUT, 0)) + 1
            top[LEFT_OUT] = int(top.get(LEFT_OUT, 0)) + group.count
            continue
        first = QUOTES_PER_SPEAKER if group in speakers else max(0, QUOTES_PER_SPEAKER - unnamed_seen)
        if group not in speakers:
            unnamed_seen += min(first, len(group.items))
        for item in group.items[first:]:
            item.parent.remove(item)
        group.container[LEFT_OUT] = int(group.container.get(LEFT_OUT, 0)) + max(0, len(group.items) - first)
