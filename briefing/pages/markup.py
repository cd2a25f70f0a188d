"""MyST markup primitives: article text as text, and the few marks briefing adds around it.

Article text is untrusted: :func:`literal` makes any text MyST that renders as exactly that text (no
markup, directive, role or link), :func:`literal_marked` the same with briefing's own marks around
parts of it (bold, a quote's anchor span), :func:`isolated` keeps a right-to-left value from turning
the rest of its line around, :func:`readable_words` cuts a word no reader can use, :func:`badge` makes
a sphinx-design badge of a label, and :func:`front_matter` the page's YAML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

# Characters that start inline markup anywhere in a line (CommonMark, MyST roles and substitutions).
_INLINE_SPECIALS = frozenset("\\`*_[]<>{}&$|~")
_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _INLINE_SPECIALS})
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")


def literal(text: str) -> str:
    """``text`` as MyST that renders as exactly that text: no markup, directive, role or link.

    White space (including line breaks) is folded to single spaces and control characters are
    dropped; markup characters are backslash-escaped, and so is whatever would start a block
    construct at the start of the line.
    """
    shown = _line_start(_escaped(readable_words(" ".join(text.translate(_CONTROLS).split()))))
    if shown.endswith("#") and not shown.endswith("\\#"):
        shown = shown[:-1] + "\\#"  # in a heading, a last run of # would be read as its closing marks
    return shown


#: A word longer than this is no word a reader can use (a 20,000-character token pasted by mistake, a
#: page's inline data): pages show its start and how much is left out, and the source stays as it is.
#: Long words also cost the PDF's line breaking time that grows with their length squared.
LONGEST_WORD = 200


WORD_SHOWN = 60


_LONG_WORD = re.compile(rf"(?<!\S)\S{{{LONGEST_WORD + 1},}}+")


def readable_words(text: str) -> str:
    """``text`` with each word over ``LONGEST_WORD`` characters cut to its start and a note of what is left out."""
    if len(text) <= LONGEST_WORD:
        return text
    return _LONG_WORD.sub(lambda m: f"{m[0][:WORD_SHOWN]}… [{len(m[0]) - WORD_SHOWN:,} more characters]", text)


# Characters YAML reads as line breaks inside a plain value (PyYAML writes them as they are).
YAML_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


def front_matter(fields: dict) -> str:
    """Fields as YAML front matter; every string value reads back as written (line-break characters
    YAML would fold become spaces)."""
    def plain(value):
        if isinstance(value, str):
            return value.translate(YAML_BREAKS)
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    clean = {key: plain(value) for key, value in fields.items()}
    return "---\n" + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


#: Bidirectional classes that can turn the text after them around: right-to-left letters, and the
#: embedding, override and isolate controls.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "RLI", "LRI", "FSI", "PDF", "PDI"})


def isolated(text: str) -> str:
    """:func:`literal` text that cannot change the order of what stands beside it: where it holds right-to-left
    letters or direction controls (an outlet "\u202eevil" would reverse the rest of its line), it is
    wrapped in a first-strong isolate (U+2068 ... U+2069), which browsers and the PDF both honour."""
    shown = literal(text)
    if any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in shown):
        return f"\u2068{shown}\u2069"
    return shown


def badge(role: str, text: str) -> str:
    """A sphinx-design badge with ``text`` as its label, or the text in bold where a badge cannot hold it."""
    label = readable_words(" ".join(text.translate(_CONTROLS).split()))
    if not label or any(ch in label for ch in "`;\\"):  # sphinx-design reads "a;b" as a label and its tooltip
        return f"**{isolated(text)}**"
    if any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in label):
        label = f"\u2068{label}\u2069"
    return f"{{{role}}}`{label}`"


@dataclass(frozen=True)
class Markup:
    """Markup to wrap around a part of a text: its offsets in the text and the opening and closing strings."""

    start: int
    end: int
    opening: str
    closing: str
    flanking: bool = False  # emphasis: CommonMark's flanking rules decide whether it opens and closes


def literal_marked(text: str, marks: list[Markup]) -> str:
    """``text`` as :func:`literal` MyST, with the parts that ``marks`` name wrapped in their markup.

    Only the markup is markup: every character of ``text`` renders as itself. White space at the
    edges of a marked part goes outside it; a mark overlapping an earlier one, empty, or (for
    emphasis) with edges CommonMark would not accept, is left out and its words stay plain.
    """
    pieces: list[tuple[str, Markup | None]] = []
    position = 0
    for markup in sorted(marks, key=lambda m: (m.start, m.end)):
        if markup.start < position or markup.end > len(text):
            continue
        inside = text[markup.start:markup.end].translate(_CONTROLS)
        if not inside.strip():
            continue
        lead = inside[:len(inside) - len(inside.lstrip())]
        trail = inside[len(inside.rstrip()):]
        pieces.append((text[position:markup.start].translate(_CONTROLS) + lead, None))
        pieces.append((inside.strip(), markup))
        pieces.append((trail, None))
        position = markup.end
    pieces.append((text[position:].translate(_CONTROLS), None))
    merged: list[tuple[str, Markup | None]] = []
    for piece, mark in pieces:  # the white space after a mark joins the plain text after it
        if mark is None and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + piece, None)
        else:
            merged.append((piece, mark))
    pieces = merged
    rendered = [(_escaped(_folded(piece, keep_edges=mark is None)), mark) for piece, mark in pieces]
    out = ""
    for index, (body, mark) in enumerate(rendered):
        if mark is None:
            out += body
            continue
        following = next((b for b, _ in rendered[index + 1:] if b), "")
        if mark.flanking and not (_opens(out[-1:], body[:1]) and _closes(body[-1:], following[:1])):
            out += body
        else:
            if mark.opening.endswith("[") and body.startswith("^"):
                body = "\\" + body  # "[^" would open a footnote reference
            out += mark.opening + body + mark.closing
    out = out.strip()
    if (rendered and rendered[0][0].strip() and rendered[0][1] is None) or not any(m for _, m in rendered):
        out = _line_start(out)
    return out


def _folded(text: str, keep_edges: bool) -> str:
    """White space folded to single spaces; one space kept at each edge that had any, if asked."""
    folded = readable_words(" ".join(text.split()))
    if keep_edges and text[:1].isspace() and folded:
        folded = " " + folded
    if keep_edges and text[-1:].isspace() and folded:
        folded += " "
    if keep_edges and text and not folded and text.isspace():
        folded = " "
    return folded


def _escaped(text: str) -> str:
    return text.translate(_ESCAPES)


def _line_start(escaped: str) -> str:
    """What would start a block construct at the start of a line, escaped."""
    if escaped[:1] in _ASCII_PUNCTUATION and not escaped.startswith("\\"):
        escaped = "\\" + escaped
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _opens(before: str, after: str) -> bool:
    """Whether ``**`` between these characters is left-flanking (may open); '' is a line edge."""
    if not after or after.isspace():
        return False
    return not _is_punctuation(after) or not before or before.isspace() or _is_punctuation(before)


def _closes(before: str, after: str) -> bool:
    """Whether ``**`` between these characters is right-flanking (may close); '' is a line edge."""
    if not before or before.isspace():
        return False
    return not _is_punctuation(before) or not after or after.isspace() or _is_punctuation(after)


def hidden_toctree(pages: list[str]) -> str:
    return "```{toctree}\n:hidden:\n\n" + "\n".join(pages) + "\n```\n"
