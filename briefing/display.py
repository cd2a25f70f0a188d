"""Names and messages as they are shown: one safe line on a terminal, valid text on a page.

File names come from the user's disk and article folders that others made: a name can hold a line
break (which would forge another ``briefing: error:`` line), terminal escape sequences (which clear
the screen or set the window title), right-to-left overrides (which reverse what follows), or bytes
that are not UTF-8. None of that reaches a terminal or a page as it is.
"""

from __future__ import annotations

#: Characters that change how a line looks rather than adding to it: C0 and C1 controls, DEL, line and
#: paragraph separators, and the bidirectional controls.
_ESCAPED = frozenset(
    [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029",
     "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]
)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def terminal_line(text: str) -> str:
    """``text`` as one line for a terminal: controls and line breaks as visible escapes (``\\n``,
    ``\\e``, ``\\u202e``), bytes of a file name that are not UTF-8 as ``\\xff``."""
    text = valid_text(text, "backslashreplace")
    if not any(ch in _ESCAPED for ch in text):
        return text
    return "".join(_SHORT.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                   if ch in _ESCAPED else ch for ch in text)


def valid_text(text: str, errors: str = "replace") -> str:
    """``text`` that can be written as UTF-8: the undecodable bytes a file name keeps as lone surrogates
    (Python's ``surrogateescape``) become ``�`` (or what ``errors`` makes of them)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        data = text.encode("utf-8", "surrogateescape")  # a file name's own bytes
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate of another kind
    return data.decode("utf-8", errors)
