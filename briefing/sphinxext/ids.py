"""Unique ids and document roles in the one print document the ``pdf`` builder writes.

Every page goes into one HTML document, so section ids that are unique per page (``summary``, ``actors``)
would repeat; links would then all land on the first article and WeasyPrint's ``target-counter`` would
print that article's page numbers. :func:`rename_ids` prefixes every id with a slug of the page that owns
it and rewrites the references, :func:`mark_documents` tags each page's top section with its role
(``briefing`` front matter key) so the print CSS can set page breaks, bookmarks and running headers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

from briefing.page_contract import GENERATED_KEY, SECTIONED_ROLES, STORY_KEY

#: Class of a page's top section; a second class ``briefing-<role>`` carries the role.
DOC_CLASS = "briefing-doc"
DOC_TITLE_CLASS = "briefing-doc-title"
#: Class of a direct subsection of an article (Summary, Key quotes ...) and of its title.
SECTION_CLASS = "briefing-section"
SECTION_TITLE_CLASS = "briefing-section-title"


def doc_slug(docname: str) -> str:
    """An id-safe, readable prefix for the ids of one page (``generated/000_ab`` -> ``generated-000-ab``)."""
    slug = nodes.make_id(docname)
    return slug or "doc-" + hashlib.sha1(docname.encode()).hexdigest()[:10]


def iter_owned(tree: nodes.Element, root_doc: str) -> Iterator[tuple[nodes.Element, str]]:
    """Every element of *tree* with the page (docname) it came from."""

    def walk(node: nodes.Element, docname: str) -> Iterator[tuple[nodes.Element, str]]:
        if isinstance(node, addnodes.start_of_file):
            docname = node["docname"]
        yield node, docname
        for child in node.children:
            if isinstance(child, nodes.Element):
                yield from walk(child, docname)

    yield from walk(tree, root_doc)


def top_sections(tree: nodes.Element, root_doc: str) -> dict[str, nodes.section]:
    """The first section of each page (the one holding its title), pages in reading order."""
    sections: dict[str, nodes.section] = {}
    for node, owner in iter_owned(tree, root_doc):
        if owner not in sections and isinstance(node, nodes.section):
            sections[owner] = node
    return sections


#: Class of an article's top section when the article belongs to a story page (bookmarked under it).
IN_STORY_CLASS = "briefing-in-story"


@dataclass
class DocEntry:
    """One page of the pack in reading order, as the cover, contents and bookmarks see it."""

    docname: str
    role: str
    title: str
    anchor: str
    #: (title, anchor) of the page's direct subsections.
    sections: list[tuple[str, str]] = field(default_factory=list)
    #: 1 for a page of its own, 2 for an article listed under its story or a part under its page.
    level: int = 1


def mark_documents(
    tree: nodes.document, root_doc: str, metadata: Mapping[str, Mapping[str, object]]
) -> list[DocEntry]:
    """Tag each page's top section with its role and return the pages in reading order.

    Run after :func:`rename_ids` so the anchors returned are the final ids.
    """
    entries = []
    for docname, section in top_sections(tree, root_doc).items():
        if not section["ids"]:
            continue
        meta = metadata.get(docname, {})
        role = str(meta.get(GENERATED_KEY) or "page")
        section["classes"] += [DOC_CLASS, f"briefing-{nodes.make_id(role)}"]
        in_story = role == "article" and bool(meta.get(STORY_KEY))
        if in_story:
            section["classes"].append(IN_STORY_CLASS)
        title_node = section.next_node(nodes.title)
        if title_node is not None:
            title_node["classes"].append(DOC_TITLE_CLASS)
        level = 2 if in_story or role == "part" else 1  # a part of a long page is listed under that page
        entry = DocEntry(docname, role, title_node.astext() if title_node else docname, section["ids"][0], level=level)
        if role in SECTIONED_ROLES:
            for child in section.children:
                if isinstance(child, nodes.section) and child["ids"]:
                    child["classes"].append(SECTION_CLASS)
                    sub_title = child.next_node(nodes.title)
                    if sub_title is not None:
                        sub_title["classes"].append(SECTION_TITLE_CLASS)
                        entry.sections.append((sub_title.astext(), child["ids"][0]))
        entries.append(entry)
    return entries


def drop_documents(tree: nodes.document, root_doc: str, metadata: Mapping[str, Mapping[str, object]], roles: frozenset[str]) -> set[str]:
    """Take the pages of the given roles (``briefing`` front matter) out of the tree; links to them become text.

    Run after :func:`rename_ids`: a page's ids then start with its slug. Returns the docnames dropped.
    """
    dropped = {doc for doc, meta in metadata.items() if str(meta.get(GENERATED_KEY) or "") in roles}
    for node in list(tree.findall(addnodes.start_of_file)):
        if node["docname"] in dropped and node.parent is not None:
            node.parent.remove(node)
    prefixes = tuple(f"{doc_slug(doc)}--" for doc in dropped)
    if not prefixes:
        return dropped
    for reference in list(tree.findall(nodes.reference)):
        refuri = reference.get("refuri", "")
        target = reference.get("refid") or (refuri[1:] if isinstance(refuri, str) and refuri.startswith("#") else "")
        if target.startswith(prefixes) or any(target == f"document-{doc}" for doc in dropped):
            reference.replace_self(nodes.inline("", "", *reference.children))
    return dropped


def rename_ids(tree: nodes.Element, docname: str, doc_targets: Mapping[str, str] | None) -> None:
    """Make one page's ids unique in the print document, before the pages it inlines are in it: its ids
    prefixed with its slug, its links rewritten the same way. ``doc_targets`` (each page of the pack -> its first section's id)
    stands for the other pages: a link to an anchor of another page gets that page's slug (whether the anchor
    is there or not: where it is not, the link has no target and :func:`briefing.sphinxext.pack.relink` makes
    it text). None
    leaves the links as they are."""
    slug = doc_slug(docname)
    own: dict[str, str] = {}
    for node in tree.findall(nodes.Element):
        if node.get("ids"):
            node["ids"] = [own.setdefault(old, f"{slug}--{old}") for old in node["ids"]]
    if doc_targets is None:
        return
    for node in tree.findall(nodes.Element):
        if "refid" in node:
            node["refid"] = own.get(node["refid"], node["refid"])
        if "backrefs" in node:
            node["backrefs"] = [own.get(ref, ref) for ref in node["backrefs"]]
        refuri = node.get("refuri")
        if isinstance(refuri, str) and refuri.startswith("#"):
            parts = refuri.lstrip("#").split("#")
            target_doc = parts[0][len("document-"):] if parts[0].startswith("document-") else None
            anchor = parts[-1]
            if target_doc is None or target_doc not in doc_targets:
                node["refuri"] = "#" + own.get(anchor, anchor)
            elif len(parts) == 1:
                node["refuri"] = "#" + (doc_targets[target_doc] or anchor)
            else:
                node["refuri"] = f"#{doc_slug(target_doc)}--{anchor}"
