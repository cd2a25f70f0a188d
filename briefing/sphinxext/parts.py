"""The print document cut into parts that lay out alone exactly as they would in the whole.

Every story, article, index page and annex text starts a page (``break-before: page`` in the print CSS),
so the document can be cut before any of them: what follows a cut lays out the same whether or not what
precedes it is in the same document. A part keeps the ``<head>``, the running marking and, as bare
*frame* elements, the sections it sits in (same tag and classes, so the CSS matches as in the whole; no
ids, which belong where the section starts; no margin or padding at the cut, which the whole has only
where the section really starts or ends).

What a part cannot know is made literal or left as a slot:

- a link to an anchor in another part leads to ``briefing-anchor:<id>`` (:data:`CROSS_PART_SCHEME`), which
  :mod:`briefing.sphinxext.join` turns back into a link to the named destination;
- the front (cover, contents, brief) is laid out last: its page numbers are written in (``data-page``);
- a body part's "…, page N" keeps a hidden slot as wide as N's digits (:data:`SLOT_CLASS`); the number is
  printed over it with the page numbers (:mod:`briefing.sphinxext.printer`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lxml import html as lxml_html
from lxml.etree import _Element

from briefing.page_contract import ANNEX_PAGE_CLASS, CONTINUED_CLASS

#: Sections that start a page in the print CSS: the pack can be cut before any of them.
PAGE_START_CLASSES = frozenset({
    "briefing-story", "briefing-article", "briefing-timeline", "briefing-actors", "briefing-quotes",
    "briefing-sources", "briefing-annex",
})
DOC_CLASS = "briefing-doc"
MARKING_CLASS = "briefing-running-marking"
CONTENTS_CLASS = "briefing-contents"
PAGE_REF_CLASS = "briefing-page-ref"
#: A link in a part to an anchor in another: ``briefing-anchor:<id>``.
CROSS_PART_SCHEME = "briefing-anchor:"
#: The hidden digits a page number will be printed over, and the id prefix of each slot.
SLOT_CLASS = "briefing-page-slot"
SLOT_ID_PREFIX = "briefing-page-slot-"
#: A frame element's style: it neither opens nor closes here, so it adds no space at the cut.
_FRAME_TOP = "margin-top: 0 !important; padding-top: 0 !important; border-top-width: 0 !important"
_FRAME_BOTTOM = "margin-bottom: 0 !important; padding-bottom: 0 !important; border-bottom-width: 0 !important"

#: CSS every part gets: page numbers come from the overlay (:mod:`briefing.sphinxext.printer`), and the
#: front's numbers are written in.
PARTS_CSS = """
@page { @bottom-right { content: none; } }
@page :first { @bottom-right { content: none; } }
.briefing-contents a[data-page]::after { content: leader(".") attr(data-page); }
a.briefing-page-ref[data-page]::after { content: ", page " attr(data-page); }
a.briefing-page-ref[data-slot]::after { content: none; }
.briefing-page-slot { visibility: hidden; }
"""
#: CSS a body part adds: its first page is not the cover, so it has the running header and marking.
BODY_PART_CSS = """
@page :first { @top-center { content: string(doc-title); } @bottom-left { content: element(marking); } }
"""


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


def starts_page(element: _Element) -> bool:
    """Whether *element* starts a page in the print CSS, so that the pack can be cut before it."""
    classes = _classes(element)
    if element.tag == "div":
        return CONTINUED_CLASS in classes
    if element.tag != "section":
        return False
    return (DOC_CLASS in classes and bool(classes & PAGE_START_CLASSES)) or ANNEX_PAGE_CLASS in classes


@dataclass
class Unit:
    """One page-starting section (or the front): where it starts in document order and its first id."""

    start: int
    anchor: str
    title: str


@dataclass
class Part:
    """A run of units laid out as one document: ``first`` and ``end`` index :attr:`Cut.units`."""

    number: int
    first: int
    end: int


@dataclass
class PageRef:
    """A "…, page N" link in a body part: its slot and the anchor whose page it names."""

    slot: str
    target: str
    #: How many digits wide the slot is.
    digits: int


@dataclass
class PartDocument:
    """A part as HTML, with what the printer must know of it."""

    part: Part
    html: str
    #: Ids that are anchors in this part.
    anchors: set[str] = field(default_factory=set)
    page_refs: list[PageRef] = field(default_factory=list)


class Cut:
    """The print document (its HTML) and the places where it can be cut.

    ``units[0]`` is the front: everything before the first page-starting section.
    """

    def __init__(self, text: str) -> None:
        self.root = lxml_html.document_fromstring(text)
        self.body = self.root.find("body")
        if self.body is None:
            raise ValueError("the print document has no <body>")
        elements = list(self.root.iter())
        self.index = {element: number for number, element in enumerate(elements)}
        self.last: dict[_Element, int] = {}  # element -> index of its last descendant
        for element in reversed(elements):
            children = [child for child in element if child in self.index]
            self.last[element] = self.last[children[-1]] if children else self.index[element]
        body_start = self.index[self.body]
        self.units = [Unit(body_start, "", "front")]
        for element in self.body.iter():
            if element in self.index and starts_page(element):
                title = next((heading.text_content().strip() for heading in element.iter("h1", "h2", "h3", "h4", "h5", "h6")), "")
                self.units.append(Unit(self.index[element], element.get("id") or "", title))
        self.end = len(elements)

    def release(self) -> None:
        """Drop the document's tree (the units and their titles stay, for messages)."""
        self.index.clear()
        self.last.clear()
        self.root = self.body = lxml_html.Element("html")

    def unit_end(self, number: int) -> int:
        return self.units[number + 1].start if number + 1 < len(self.units) else self.end

    def plan(self, budget: int) -> list[Part]:
        """The front alone, then runs of units of about *budget* elements each (a larger unit alone)."""
        parts = [Part(0, 0, 1)]
        first = 1
        while first < len(self.units):
            end = first + 1
            while end < len(self.units) and self.unit_end(end) - self.units[first].start <= budget:
                end += 1
            parts.append(Part(len(parts), first, end))
            first = end
        return parts

    def extract_html(self, part: Part) -> str:
        """The part as a document of its own (``<head>``, marking, frames and its elements) in HTML, what
        :func:`part_document` takes: the printer keeps each part's HTML, not the whole document's tree."""
        low, high = self.units[part.first].start, self.unit_end(part.end - 1)
        return render_html(self._copy(self.root, low, high))

    def head_html(self) -> str:
        head = self.root.find("head")
        return lxml_html.tostring(head, encoding="unicode") if head is not None else "<head></head>"

    def _copy(self, element: _Element, low: int, high: int) -> _Element:
        start, last = self.index[element], self.last[element]
        if element.tag == "head" or MARKING_CLASS in _classes(element) or (low <= start and last < high):
            whole = copy.deepcopy(element)
            whole.tail = element.tail if low <= last < high else None
            return whole
        made = lxml_html.Element(element.tag, dict(element.attrib))
        made.text = element.text if low <= start < high else None
        made.tail = element.tail if low <= last < high else None
        if start < low and element.tag not in ("html", "body"):
            made.attrib.pop("id", None)
            _add_style(made, _FRAME_TOP)
        if last >= high and element.tag not in ("html", "body"):
            _add_style(made, _FRAME_BOTTOM)
        for child in element:
            if child not in self.index:  # comments and processing instructions
                continue
            child_start, child_last = self.index[child], self.last[child]
            keep = child.tag == "head" or MARKING_CLASS in _classes(child) or (child_last >= low and child_start < high)
            if keep:
                made.append(self._copy(child, low, high))
        return made


def _add_style(element: _Element, style: str) -> None:
    existing = (element.get("style") or "").strip().rstrip(";")
    element.set("style", f"{existing}; {style}" if existing else style)


def _ids(root: _Element) -> set[str]:
    return {value for element in root.iter() if isinstance(element.tag, str) and (value := element.get("id"))}


def _anchor_of(href: str | None) -> str | None:
    return href[1:] if href and href.startswith("#") and len(href) > 1 else None


def link_across(root: _Element, present: set[str]) -> None:
    """Links to anchors not in this part lead to ``briefing-anchor:<id>``."""
    for link in root.iter("a"):
        target = _anchor_of(link.get("href"))
        if target is not None and target not in present:
            link.set("href", CROSS_PART_SCHEME + target)


def _target(link: _Element) -> str | None:
    href = link.get("href") or ""
    if href.startswith(CROSS_PART_SCHEME):
        return href[len(CROSS_PART_SCHEME):]
    return _anchor_of(href)


def numbered_links(root: _Element) -> Iterator[tuple[_Element, str]]:
    """The links whose page the print CSS writes: contents entries and page references, with their anchor."""
    for link in root.iter("a"):
        in_contents = any(CONTENTS_CLASS in _classes(ancestor) for ancestor in link.iterancestors())
        target = _target(link)
        if (in_contents or PAGE_REF_CLASS in _classes(link)) and target is not None:
            yield link, target


def write_front_numbers(root: _Element, pages: Mapping[str, int]) -> None:
    """The front's contents entries and page references get their page numbers written in (1-based)."""
    for link, target in numbered_links(root):
        if target in pages:
            link.set("data-page", str(pages[target]))


def make_slots(root: _Element, digits: Mapping[str, int], default_digits: int, prefix: str) -> list[PageRef]:
    """Each "…, page N" link of a body part ends in its words and a hidden slot as wide as N's digits
    (``data-slot``, not an id: the slot is no destination)."""
    refs: list[PageRef] = []
    for link in root.iter("a"):
        if PAGE_REF_CLASS not in _classes(link) or (target := _target(link)) is None:
            continue
        slot = f"{SLOT_ID_PREFIX}{prefix}-{len(refs)}"
        link.set("data-slot", slot)
        if len(link):
            link[-1].tail = (link[-1].tail or "") + ", page "
        else:
            link.text = (link.text or "") + ", page "
        hidden = lxml_html.Element("span", {"class": SLOT_CLASS, "data-slot": slot})
        width = digits.get(target, default_digits)
        hidden.text = "0" * width
        link.append(hidden)
        refs.append(PageRef(slot, target, width))
    return refs


def render_html(root: _Element) -> str:
    return lxml_html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def part_document(
    extract: str, part: Part, *, front_pages: Mapping[str, int] | None = None,
    slot_digits: Mapping[str, int] | None = None, default_digits: int = 1,
) -> PartDocument:
    """The HTML of *part* from its *extract* (:meth:`Cut.extract_html`): cross-part links marked, the
    front's numbers written in, a body part's page references given slots."""
    root = lxml_html.document_fromstring(extract)
    anchors = _ids(root)
    link_across(root, anchors)
    refs: list[PageRef] = []
    if part.number == 0:
        write_front_numbers(root, front_pages or {})
    else:
        refs = make_slots(root, slot_digits or {}, default_digits, str(part.number))
    head = root.find("head")
    if head is not None:
        style = lxml_html.Element("style")
        style.text = PARTS_CSS + ("" if part.number == 0 else BODY_PART_CSS)
        head.append(style)
    return PartDocument(part, render_html(root), anchors, refs)


def describe(cut: Cut, part: Part) -> str:
    """How a part is named in messages: its number and the titles it runs between."""
    if part.number == 0:
        return "part 0 (cover, contents and brief)"
    first, last = cut.units[part.first], cut.units[part.end - 1]
    span = repr(first.title) if part.end - part.first == 1 else f"{first.title!r} to {last.title!r}"
    return f"part {part.number} ({span})"


def front_targets(front: str) -> set[str]:
    """The anchors the front (its extract) names pages of: contents entries and page references."""
    return {target for _, target in numbered_links(lxml_html.document_fromstring(front))}
