"""The actor network drawn: the brief's :class:`~briefing.model.Network` as Graphviz DOT in a MyST section.

A node's size says how often its actor is mentioned, its colour the kind, an edge's width how many
sentences name the two together.

Actor names come from article text, which is untrusted. They enter the DOT source only as quoted
strings made by :func:`dot_string` (no HTML-like labels, ids ``n1``, ``n2``, ... of briefing's own),
and the page only inside a code fence longer than any run of backticks in it; captions and alt text
are briefing's own words. Everything is sorted: the same brief gives byte-identical output.
"""

from __future__ import annotations

import math
import re

from ..brief.network import clean_name
from ..model import Network
from ..page_contract import NETWORK_CLASS

#: Tried in order, per character: DejaVu Sans as in the print CSS, then fonts that have Hangul.
FONT = "DejaVu Sans, NanumGothic, Noto Sans CJK KR, Apple SD Gothic Neo, sans-serif"
#: (line, fill) per kind, from the Okabe-Ito palette, which stays distinct for colour-blind readers.
KIND_COLOURS = {
    "person": ("#0072B2", "#D4E6F4"),
    "country": ("#009E73", "#CCEDE3"),
    "place": ("#E69F00", "#FBEBC7"),
    "organisation": ("#D55E00", "#F8D9C4"),
    "group": ("#CC79A7", "#F3DDEA"),
    "legislation": ("#555555", "#E4E4E4"),
}
COLOUR_WORDS = {
    "person": "blue",
    "country": "green",
    "place": "yellow",
    "organisation": "orange",
    "group": "pink",
    "legislation": "grey",
}
OTHER_KIND_COLOURS = ("#777777", "#F0F0F0")
LABEL_WIDTH = 18  # characters on a label line before a long name is wrapped onto a second line
LABEL_MAX = 40  # characters of a label; longer names are cut with an ellipsis
MIN_FONT, MAX_FONT = 16.0, 26.0  # points before the picture is scaled to the page (about half in print)
MIN_PEN, MAX_PEN = 0.8, 6.0
# Preferred edge length in inches: actors named together often are drawn close together.
LONGEST, SHORTEST = 1.2, 0.5
# Edge colour: faint for a single shared sentence, dark for the most; the alpha grows with the width.
EDGE_RGB = "#505A64"
MIN_ALPHA, MAX_ALPHA = 0x55, 0xCC

_BACKTICKS = re.compile(r"`+")


# -- DOT ---------------------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """``text`` as a DOT quoted string that Graphviz shows as exactly that text.

    ``\\`` and ``"`` are escaped (so neither Graphviz's escape sequences such as ``\\N`` nor the end of
    the string can be written), ``&`` is written as ``&amp;`` because Graphviz reads entities in
    labels, and control characters and line breaks are dropped.
    """
    return '"' + _escape(clean_name(text)) + '"'


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def _label(name: str) -> str:
    """A name as a quoted label: cut when very long, on two lines when long (at the middlemost space)."""
    name = clean_name(name)
    if len(name) > LABEL_MAX:
        name = name[: LABEL_MAX - 1].rstrip() + "…"
    lines = [name]
    if len(name) > LABEL_WIDTH and " " in name:
        spaces = [i for i, ch in enumerate(name) if ch == " "]
        cut = min(spaces, key=lambda i: (abs(len(name) / 2 - i), i))
        lines = [name[:cut], name[cut + 1 :]]
    return '"' + "\\n".join(_escape(line) for line in lines) + '"'


def _scale(value: float, low: float, high: float, smallest: float, largest: float) -> float:
    """``value`` in [low, high] mapped onto [smallest, largest] by its square root (area-like)."""
    if high <= low:
        return smallest
    return smallest + (largest - smallest) * math.sqrt((value - low) / (high - low))


def dot_source(network: Network, font: str = FONT) -> str:
    """The network as an undirected Graphviz graph laid out by ``neato`` (stress majorisation).

    Nodes ``n1``, ``n2``, ... in the order of :attr:`Network.actors`; their font size grows with the
    actor's mentions, their colours say the kind; an edge's width and darkness grow with its sentences.
    Straight edges drawn under the nodes keep a dense network readable; the layout is deterministic.
    """
    counts = [a.mentions for a in network.actors] or [0]
    weights = [link.sentences for link in network.links] or [0]
    fontname = dot_string(font)
    lines = [
        "graph network {",
        f'  graph [layout=neato, overlap=false, splines=false, sep="+4", pad=0.2, outputorder=edgesfirst, '
        f"bgcolor=transparent, fontname={fontname}];",
        f'  node [shape=box, style="rounded,filled", penwidth=1.4, margin="0.12,0.06", fontcolor="#111111", '
        f"fontname={fontname}];",
    ]
    for number, actor in enumerate(network.actors, start=1):
        line, fill = KIND_COLOURS.get(actor.kind, OTHER_KIND_COLOURS)
        size = _scale(actor.mentions, min(counts), max(counts), MIN_FONT, MAX_FONT)
        lines.append(f'  n{number} [label={_label(actor.name)}, fontsize={size:.1f}, color="{line}", fillcolor="{fill}"];')
    for link in network.links:
        width = _scale(link.sentences, min(weights), max(weights), MIN_PEN, MAX_PEN)
        alpha = round(_scale(link.sentences, min(weights), max(weights), MIN_ALPHA, MAX_ALPHA))
        length = _scale(link.sentences, min(weights), max(weights), LONGEST, SHORTEST)
        lines.append(
            f'  n{link.a + 1} -- n{link.b + 1} [penwidth={width:.2f}, color="{EDGE_RGB}{alpha:02X}", len={length:.2f}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- MyST --------------------------------------------------------------------------------------------


def fence_for(text: str) -> str:
    """A backtick fence longer than any run of backticks in ``text`` (at least three)."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    return "`" * max(3, longest + 1)


def network_section(network: Network, level: int = 2) -> str:
    """The MyST section "Who appears with whom": a line on how to read it, then the graph.

    Without two actors named in the same sentence the section says so in a sentence instead.
    The graph is a ``{graphviz}`` directive with the class :data:`NETWORK_CLASS`.
    """
    if not 1 <= level <= 6:
        raise ValueError(f"heading level {level} is not 1 to 6")
    heading = "#" * level + " Who appears with whom\n"
    if not network.drawable:
        return heading + "\nNo two actors are named in the same sentence, so there is no network to draw.\n"
    shown = len(network.actors)
    if network.left_alone:
        top = shown + network.left_alone
        scope = f"the {shown} actors named with another among the {top} most mentioned of {network.total_actors}"
    elif network.total_actors > shown:
        scope = f"the {shown} most mentioned of {network.total_actors} actors"
    else:
        scope = f"all {shown} actors"
    present = {a.kind for a in network.actors}
    kinds = [kind for kind in KIND_COLOURS if kind in present] + sorted(present - set(KIND_COLOURS))
    legend = ", ".join(f"{COLOUR_WORDS.get(kind, 'grey')} {_plain_kind(kind)}" for kind in kinds)
    source = dot_source(network)
    fence = fence_for(source)
    return (
        heading
        + f"\nActors joined by a line are named in the same sentence somewhere in the brief; the picture shows {scope}. "
        "Larger names are mentioned more often, thicker lines join actors named together in more sentences.\n\n"
        + f"{fence}{{graphviz}}\n"
        + ":align: center\n"
        + f":class: {NETWORK_CLASS}\n"
        + f":alt: Network of {scope}: who is named in the same sentence as whom\n"
        + f":caption: Colours: {legend}.\n\n"
        + source
        + f"{fence}\n"
    )


def _plain_kind(kind: str) -> str:
    """A kind as a caption word: only letters, so that no kind can carry markup into the caption."""
    return "".join(ch for ch in kind if ch.isalpha()) or "other"
