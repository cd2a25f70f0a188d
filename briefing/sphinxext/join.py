"""Parts printed apart joined into one PDF as if laid out at once, streamed: one part in memory at a time.

Each part's objects are numbered anew and written to the output as they are read (pikepdf reads; the
references in each object are renumbered in its serialised form, strings left alone), so the join's memory
is that of the largest part, whatever the number of parts. What spans parts is written at the end from
small tables:

- the page tree (every page, in order);
- one structure tree: the parts' document elements become one ``/Document`` whose children are theirs in
  order, every page's ``/StructParents`` and annotation's ``/StructParent`` shifted into one parent tree;
- the named destinations of every part in one name tree (the anchors of the whole pack);
- links across parts (``briefing-anchor:<id>``, :mod:`briefing.sphinxext.parts`) made internal links to
  those destinations again;
- one outline from every page's bookmarks, nested as WeasyPrint nests one document's;
- the front's catalog entries (language, metadata, viewer preferences, output intents), document
  information and file identifier;
- the page numbers (a page of :mod:`briefing.sphinxext.printer`'s numbers pass per page) drawn over each
  page as a form, marked as an artifact (page furniture, which screen readers skip), named in the
  resources dictionary the part's pages share (one per part, as WeasyPrint writes it, not one per page).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote

from briefing.sphinxext.parts import CROSS_PART_SCHEME

Bookmark = tuple[int, str, tuple[float, float], str]

# A literal string (pikepdf escapes every parenthesis in one) or an indirect reference.
_REFERENCE = re.compile(rb"\((?:[^()\\]|\\.)*+\)|(?<!\d)(\d++) (\d++) R", re.S)
#: A cross-reference stream's row: type, offset or object stream, index (``/W [ 1 4 2 ]``).
_XREF_ROW = struct.Struct(">BIH")
#: Catalog entries of the front kept in the joined catalog (the rest is rebuilt).
_CATALOG_KEPT = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/OutputIntents", "/PageMode", "/PageLayout")


@dataclass
class _Writer:
    """The output file: streams written as they come, other objects gathered into compressed object streams
    of :attr:`per_stream` each, and a compressed cross-reference stream at the end (PDF 1.5)."""

    handle: BinaryIO
    per_stream: int = 200
    #: The cross-reference stream's rows (:data:`_XREF_ROW`), one per object number: (1, offset, 0) written
    #: in the file, (2, object stream, index) in an object stream, zeros while reserved and not written.
    #: Packed as they are written: seven bytes an object (two million objects at 3,000 articles).
    places: bytearray = field(default_factory=lambda: bytearray(_XREF_ROW.size))
    written: int = 0
    pending: list[tuple[int, bytes]] = field(default_factory=list)
    #: The content stream opening each page (see :func:`_save_state`), once written.
    save_state: int | None = None

    def reserve(self) -> int:
        self.places += bytes(_XREF_ROW.size)
        return len(self.places) // _XREF_ROW.size - 1

    def place(self, number: int, kind: int, first: int, second: int = 0) -> None:
        _XREF_ROW.pack_into(self.places, number * _XREF_ROW.size, kind, first, second)

    def write_raw(self, data: bytes) -> None:
        self.handle.write(data)
        self.written += len(data)

    def write_object(self, number: int, body: bytes) -> None:
        if body.rstrip().endswith(b"endstream"):
            self.place(number, 1, self.written)
            self.write_raw(b"%d 0 obj\n%s\nendobj\n" % (number, body))
            return
        self.pending.append((number, body))
        if len(self.pending) >= self.per_stream:
            self._flush()

    def _flush(self) -> None:
        import zlib

        if not self.pending:
            return
        stream = self.reserve()
        header, data = [], []
        at = 0
        for index, (number, body) in enumerate(self.pending):
            header.append(b"%d %d" % (number, at))
            data.append(body)
            at += len(body) + 1
            self.place(number, 2, stream, index)
        first = b" ".join(header) + b"\n"
        packed = zlib.compress(first + b"\n".join(data) + b"\n", 3)
        self.place(stream, 1, self.written)
        self.write_raw(b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
            stream, len(self.pending), len(first), len(packed), packed))
        self.pending = []

    def finish(self, root: int, info: int | None, identifier: bytes | None) -> None:
        import zlib

        self._flush()
        xref = self.reserve()
        self.place(xref, 1, self.written)
        packed = zlib.compress(self.places, 6)
        entries = b"/Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R /Filter /FlateDecode /Length %d" % (
            len(self.places) // _XREF_ROW.size, root, len(packed))
        if info is not None:
            entries += b" /Info %d 0 R" % info
        if identifier:
            entries += b" /ID " + identifier
        start = self.written
        self.write_raw(b"%d 0 obj\n<< %s >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (xref, entries, packed, start))


def _renumber(data: bytes, numbers: Callable[[int], int]) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:
            return match.group(0)
        return b"%d 0 R" % numbers(int(match.group(1)))

    return _REFERENCE.sub(replace, data)


class _Part:
    """One PDF being copied: its object numbers mapped to new ones, allocated as they are met."""

    def __init__(self, pdf: Any, writer: _Writer) -> None:
        self.pdf, self.writer = pdf, writer
        self.numbers: dict[int, int] = {}
        #: Per resources dictionary of the part's pages: the joined one's number, and the overlay forms it
        #: names beside the part's own XObjects (written by :meth:`write_resources`).
        self._resources: dict[tuple[int, int], tuple[int, Any, list[tuple[bytes, int]]]] = {}

    def number(self, old: int) -> int:
        if old not in self.numbers:
            self.numbers[old] = self.writer.reserve()
        return self.numbers[old]

    def unparse(self, obj: Any) -> bytes:
        """*obj* (direct, or an indirect one's value) in PDF syntax with its references renumbered."""
        return _renumber(obj.unparse(resolved=True), self.number)

    def resources_with(self, resources: Any, name: bytes, form: int) -> int:
        """The number of a resources dictionary that is *resources* and names overlay *form* as *name*: one
        per resources dictionary of the part (WeasyPrint's pages share one, of thousands of entries), written
        once the part's pages are (:meth:`write_resources`), not one copy per page."""
        key = resources.objgen if resources is not None and resources.is_indirect else (-1, len(self._resources))
        if key not in self._resources:
            self._resources[key] = (self.writer.reserve(), resources, [])
        number, _, forms = self._resources[key]
        forms.append((name, form))
        return number

    def write_resources(self) -> None:
        """Write the resources dictionaries of :meth:`resources_with`, each with its overlay forms."""
        import pikepdf

        for number, resources, forms in self._resources.values():
            resources = resources if resources is not None else pikepdf.Dictionary()
            entries = [_name(key) + b" " + self.reference(value) for key, value in resources.items() if key != "/XObject"]
            xobjects = resources.get("/XObject", pikepdf.Dictionary())
            inner = [_name(key) + b" " + self.reference(value) for key, value in xobjects.items()]
            inner += [name + b" %d 0 R" % form for name, form in forms]
            entries.append(b"/XObject << " + b" ".join(inner) + b" >>")
            self.writer.write_object(number, b"<< " + b" ".join(entries) + b" >>")
        self._resources.clear()

    def reference(self, obj: Any) -> bytes:
        """*obj* as a value in another object: its new reference, or itself (pikepdf gives numbers and
        booleans as Python values)."""
        import pikepdf

        if not isinstance(obj, pikepdf.Object):
            return pikepdf.Array([obj]).unparse()[1:-1].strip()
        return b"%d 0 R" % self.number(obj.objgen[0]) if obj.is_indirect else self.unparse(obj)

    def write(self, obj: Any, skip: set[int]) -> None:
        """Write indirect *obj* unless skipped; streams with their data as stored (still encoded)."""
        import pikepdf

        number = obj.objgen[0]
        if number in skip:
            return
        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            obj.stream_dict.Length = len(raw)
            body = self.unparse(obj.stream_dict) + b"\nstream\n" + raw + b"\nendstream"
        else:
            body = self.unparse(obj)
        self.writer.write_object(self.number(number), body)


def join_parts(pdfs: Sequence[Path], overlays: Sequence[Path], bookmarks: Sequence[Sequence[Bookmark]], handle: BinaryIO) -> None:
    """Join *pdfs* (the front first) into one PDF written to *handle*; *overlays* hold one page of page
    numbers per joined page, in order; *bookmarks* one list per joined page."""
    import pikepdf

    writer = _Writer(handle)
    writer.write_raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    catalog, pages_root, tree_root, document = (writer.reserve() for _ in range(4))
    forms = _write_overlays(overlays, writer)
    page_numbers: list[int] = []
    document_kids: list[bytes] = []
    parent_tree: list[tuple[int, bytes]] = []
    destinations: dict[str, bytes] = {}
    next_key = 0
    tagged = False
    front_catalog: dict[str, bytes] = {}
    info: int | None = None
    identifier: bytes | None = None
    for index, path in enumerate(pdfs):
        with pikepdf.open(path) as pdf:
            part = _Part(pdf, writer)
            root = pdf.Root
            skip = {root.objgen[0], *(_tree_nodes(root.Pages, "/Kids"))}
            for key in ("/Outlines",):
                if key in root:
                    skip.update(_outline_nodes(root[key]))
            names = root.get("/Names")
            if names is not None:
                if names.is_indirect:
                    skip.add(names.objgen[0])
                if "/Dests" in names:
                    skip.update(_tree_nodes(names.Dests, "/Kids"))
            offset = next_key
            part_tree = root.get("/StructTreeRoot")
            tagged = part_tree is not None
            if part_tree is not None:
                skip.add(part_tree.objgen[0])
                skip.update(_tree_nodes(part_tree.ParentTree, "/Kids"))
                for element in _list(part_tree.K):
                    # The part's document element is the joined one: its children are listed there.
                    part.numbers[element.objgen[0]] = document
                    skip.add(element.objgen[0])
                    document_kids.extend(part.reference(kid) for kid in _list(element.get("/K")))
                keys = _numbers(part_tree.ParentTree)
                parent_tree.extend((key + offset, part.reference(value)) for key, value in keys)
                next_key = offset + max((key for key, _ in keys), default=-1) + 1
            if index == 0:
                front_catalog = {key: part.reference(root[key]) for key in _CATALOG_KEPT if key in root}
                if "/Info" in pdf.trailer:
                    info = part.number(pdf.trailer.Info.objgen[0])
                if "/ID" in pdf.trailer:
                    identifier = part.unparse(pdf.trailer.ID)
            for page in pdf.pages:
                obj = page.obj
                obj.Parent = pikepdf.Dictionary()  # replaced below: the joined page tree
                if "/StructParents" in obj:
                    obj.StructParents = int(obj.StructParents) + offset
                for annotation in obj.get("/Annots", []):
                    if "/StructParent" in annotation:
                        annotation.StructParent = int(annotation.StructParent) + offset
                    _relink(annotation)
                form = forms[len(page_numbers)] if forms else None
                number = part.number(obj.objgen[0])
                page_numbers.append(number)
                body = part.unparse(obj).replace(b"/Parent << >>", b"/Parent %d 0 R" % pages_root, 1)
                if form is not None:
                    body = _with_overlay(obj, part, writer, form, len(page_numbers) - 1, pages_root)
                writer.write_object(number, body)
                skip.add(obj.objgen[0])
            part.write_resources()
            destinations.update(_destinations(pdf, part))
            for indirect in pdf.objects:
                if indirect.is_indirect:
                    part.write(indirect, skip)
    # What spans the parts.
    writer.write_object(pages_root, b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (
        b" ".join(b"%d 0 R" % number for number in page_numbers), len(page_numbers)))
    entries = [b"/Type /Catalog", b"/Pages %d 0 R" % pages_root]
    if tagged:
        writer.write_object(document, b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>" % (tree_root, b" ".join(document_kids)))
        parent_tree.sort(key=lambda item: item[0])
        parent_tree_number = writer.reserve()
        writer.write_object(parent_tree_number, b"<< /Nums [ %s ] >>" % b" ".join(b"%d %s" % item for item in parent_tree))
        writer.write_object(tree_root, b"<< /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R /ParentTreeNextKey %d >>" % (
            document, parent_tree_number, next_key))
        entries.append(b"/StructTreeRoot %d 0 R" % tree_root)
    entries += [key.encode() + b" " + value for key, value in front_catalog.items()]
    if destinations:
        dests = writer.reserve()
        writer.write_object(dests, b"<< /Names [ %s ] >>" % b" ".join(
            pikepdf.String(name).unparse() + b" " + destinations[name] for name in sorted(destinations)))
        entries.append(b"/Names << /Dests %d 0 R >>" % dests)
    if (outline := _write_outline(writer, bookmarks, page_numbers)) is not None:
        entries.append(b"/Outlines %d 0 R" % outline)
    writer.write_object(catalog, b"<< " + b" ".join(entries) + b" >>")
    writer.finish(catalog, info, identifier)


def _list(value: Any) -> list[Any]:
    import pikepdf

    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _tree_nodes(node: Any, kids: str) -> set[int]:
    """The object numbers of a page, name or number tree's nodes (not of its leaves)."""
    found = {node.objgen[0]} if node.is_indirect else set()
    if node.get("/Type") == "/Page":
        return set()
    for kid in node.get(kids, []):
        if kid.get("/Type") != "/Page":
            found |= _tree_nodes(kid, kids)
    return found


def _outline_nodes(node: Any) -> set[int]:
    found, stack = set(), [node]
    while stack:
        item = stack.pop()
        if item.is_indirect and item.objgen[0] not in found:
            found.add(item.objgen[0])
            stack.extend(item[key] for key in ("/First", "/Next") if key in item)
    return found


def _numbers(tree: Any) -> list[tuple[int, Any]]:
    """The entries of a number tree (flat or with kids)."""
    found: list[tuple[int, Any]] = []
    if "/Nums" in tree:
        nums = tree.Nums
        found.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    for kid in tree.get("/Kids", []):
        found.extend(_numbers(kid))
    return found


def _destinations(pdf: Any, part: _Part) -> dict[str, bytes]:
    import pikepdf

    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {str(name): part.unparse(destination) for name, destination in pikepdf.NameTree(names.Dests).items()}


def _relink(annotation: Any) -> None:
    """A link across parts becomes an internal link to its named destination again."""
    import pikepdf

    action = annotation.get("/A")
    if action is None or action.get("/S") != pikepdf.Name.URI or not str(action.URI).startswith(CROSS_PART_SCHEME):
        return
    name = unquote(str(action.URI)[len(CROSS_PART_SCHEME):])
    del annotation["/A"]
    annotation.Dest = pikepdf.String(name)
    if "/Contents" in annotation:
        annotation.Contents = pikepdf.String(name)


def _write_overlays(paths: Sequence[Path], writer: _Writer) -> list[int]:
    """The numbers passes' pages as forms: the form's object number per joined page."""
    import pikepdf

    forms: list[int] = []
    for path in paths:
        with pikepdf.open(path) as pdf:
            part = _Part(pdf, writer)
            for page in pdf.pages:
                data = page.obj.Contents.read_bytes() if not isinstance(page.obj.Contents, pikepdf.Array) else b"\n".join(
                    stream.read_bytes() for stream in page.obj.Contents)
                # The pass's pages share their resources (a reference), or each has its own (written in).
                resources = part.reference(page.obj.get("/Resources", pikepdf.Dictionary()))
                form = writer.reserve()
                box = part.unparse(page.obj.MediaBox)
                writer.write_object(form, b"<< /Type /XObject /Subtype /Form /BBox %s /Resources %s /Length %d >>\nstream\n%s\nendstream" % (
                    box, resources, len(data), data))
                forms.append(form)
            skip = {pdf.Root.objgen[0], *(_tree_nodes(pdf.Root.Pages, "/Kids"))}
            skip |= {page.obj.objgen[0] for page in pdf.pages}
            skip |= {stream.objgen[0] for page in pdf.pages for stream in _list(page.obj.get("/Contents"))}
            for obj in pdf.objects:
                if obj.is_indirect:
                    part.write(obj, skip)
    return forms


def _with_overlay(page: Any, part: _Part, writer: _Writer, form: int, index: int, pages_root: int) -> bytes:
    """The page dictionary drawing its contents, then its numbers *form* (of joined page *index*) as an
    artifact, named in the part's shared resources."""
    name = b"/BriefingNumbers%d" % index
    draw = b"Q\n/Artifact BMC\nq %s Do Q\nEMC\n" % name
    after = writer.reserve()
    writer.write_object(after, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
    contents = b" ".join(part.reference(stream) for stream in _list(page.get("/Contents")))
    entries = []
    for key, value in page.items():
        if key in ("/Contents", "/Resources", "/Parent"):
            continue
        entries.append(_name(key) + b" " + part.reference(value))
    entries.append(b"/Parent %d 0 R" % pages_root)
    entries.append(b"/Contents [ %d 0 R %s %d 0 R ]" % (_save_state(writer), contents, after))
    entries.append(b"/Resources %d 0 R" % part.resources_with(page.get("/Resources"), name, form))
    return b"<< " + b" ".join(entries) + b" >>"


def _name(key: str) -> bytes:
    import pikepdf

    return pikepdf.Name(key).unparse()


def _save_state(writer: _Writer) -> int:
    """The content stream every page starts with: ``q``, so that the page's own drawing is closed before its
    numbers are drawn."""
    if writer.save_state is None:
        writer.save_state = writer.reserve()
        writer.write_object(writer.save_state, b"<< /Length 2 >>\nstream\nq\n\nendstream")
    return writer.save_state


def _write_outline(writer: _Writer, bookmarks: Sequence[Sequence[Bookmark]], pages: Sequence[int]) -> int | None:
    """The outline of the joined pages, nested as WeasyPrint nests one document's."""
    import pikepdf
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    class _Page:
        def __init__(self, marks: Sequence[Bookmark]) -> None:
            self.bookmarks = marks

    tree: list[Any] = []
    skipped: list[int] = []
    last_by_depth: list[list[Any]] = [tree]
    previous = 0
    for number, marks in enumerate(bookmarks):
        previous = make_page_bookmark_tree(_Page(marks), skipped, last_by_depth, previous, number, Matrix())
    if not tree:
        return None

    def add(items: list[Any], parent: int) -> tuple[list[int], int]:
        count = len(items)
        numbers = [writer.reserve() for _ in items]
        for position, (title, (page, x, y), children, state) in enumerate(items):
            kids, kids_count = add(children, numbers[position])
            entries = [b"/Title " + pikepdf.String(title).unparse(), b"/Parent %d 0 R" % parent,
                       b"/Dest [ %d 0 R /XYZ %s %s 0 ]" % (pages[page], _number(x), _number(y)),
                       b"/Count %d" % (-kids_count if state == "closed" else kids_count)]
            if state != "closed":
                count += kids_count
            if position:
                entries.append(b"/Prev %d 0 R" % numbers[position - 1])
            if position + 1 < len(items):
                entries.append(b"/Next %d 0 R" % numbers[position + 1])
            if kids:
                entries.append(b"/First %d 0 R /Last %d 0 R" % (kids[0], kids[-1]))
            writer.write_object(numbers[position], b"<< " + b" ".join(entries) + b" >>")
        return numbers, count

    outlines = writer.reserve()
    top, count = add(tree, outlines)
    writer.write_object(outlines, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (top[0], top[-1], count))
    return outlines


def _number(value: float) -> bytes:
    return (b"%.6f" % value).rstrip(b"0").rstrip(b".") or b"0"
