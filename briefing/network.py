"""The actor network of a brief: who is named in the same sentence as whom, drawn by Graphviz.

An actor of the brief is as on the actors page (:func:`briefing.index.actor_index`): every article's
actor of the same kind and name, and a lone surname joined to the one full name that has it. Two actors are linked once
for every sentence, in any article, that mentions both. The picture keeps the most mentioned actors
so that it stays legible: a node's size says how often its actor is mentioned, its colour the kind,
an edge's width how many sentences name the two together.

Actor names come from article text, which is untrusted. They enter the DOT source only as quoted
strings made by :func:`dot_string` (no HTML-like labels, ids ``n1``, ``n2``, ... of briefing's own),
and the page only inside a code fence longer than any run of backticks in it; captions and alt text
are briefing's own words. Everything is sorted: the same brief gives byte-identical output.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from .index import BriefActor, actor_index
from .model import Analysis, Brief

#: How many of the most mentioned actors the picture shows.
DEFAULT_LIMIT = 16
#: With more nodes than this, actors named with none of the others are left out of the picture.
CLUTTERED = 10
#: The class the graphviz directive carries; the Sphinx extension finds the network by it.
NETWORK_CLASS = "briefing-network"
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

# Characters that must not reach a label: controls, line and paragraph separators, bidi overrides.
_UNPRINTABLE = {"Cc", "Zl", "Zp", "Cs"}
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class NetworkActor:
    """An actor of the brief: every article's actor of one kind and key, with all their mentions."""

    key: str  # actor_key(name, kind)
    name: str
    kind: str
    mentions: int


@dataclass(frozen=True)
class Link:
    """Two actors (indexes into :attr:`Network.actors`, ``a < b``) and the sentences naming both."""

    a: int
    b: int
    sentences: int


@dataclass(frozen=True)
class Network:
    """What the picture shows: actors most mentioned first, links in order of their actors."""

    actors: tuple[NetworkActor, ...]
    links: tuple[Link, ...]
    total_actors: int  # actors in the brief, before the limit
    left_alone: int = 0  # actors among the most mentioned left out because they are named with none of the others

    @property
    def drawable(self) -> bool:
        """Whether there is anything to draw: at least two actors named together."""
        return bool(self.links)


def brief_actors(brief: Brief, index: list[BriefActor] | None = None) -> list[NetworkActor]:
    """The actors of the brief merged across articles (as on the actors page), most mentioned first."""
    merged = [
        NetworkActor(key=_key(actor), name=clean_name(actor.name), kind=actor.kind, mentions=actor.mentions)
        for actor in (index if index is not None else actor_index(brief.analyses)) if clean_name(actor.name)
    ]
    return sorted(merged, key=lambda a: (-a.mentions, a.name.casefold(), a.name, a.kind))


def _key(actor: BriefActor) -> str:
    return actor.name.casefold()


def co_mentions(brief: Brief, index: list[BriefActor] | None = None) -> Counter[tuple[tuple[str, str], tuple[str, str]]]:
    """For each pair of actors ((kind, key), (kind, key)) in sorted order, the sentences naming both."""
    owner = {
        (appearance.article, appearance.actor): (actor.kind, _key(actor))
        for actor in (index if index is not None else actor_index(brief.analyses)) for appearance in actor.appearances
    }
    pairs: Counter[tuple[tuple[str, str], tuple[str, str]]] = Counter()
    for analysis in brief.analyses:
        for named in _actors_by_sentence(analysis, owner):
            pairs.update(combinations(sorted(named), 2))
    return pairs


def _actors_by_sentence(analysis: Analysis, owner: dict[tuple[str, str], tuple[str, str]]) -> list[set[tuple[str, str]]]:
    """The actors (kind, key) each sentence of the article mentions."""
    sentences = sorted(analysis.sentences, key=lambda s: (s.start, s.end))
    starts = [s.start for s in sentences]
    named: list[set[tuple[str, str]]] = [set() for _ in sentences]
    for actor in analysis.actors:
        key = owner.get((analysis.article.id, actor.id))
        if key is None:
            continue
        for mention in actor.mentions:
            index = bisect_right(starts, mention.start) - 1
            if index >= 0 and mention.start < sentences[index].end:
                named[index].add(key)
    return named


def actor_network(
    brief: Brief, limit: int = DEFAULT_LIMIT, min_sentences: int = 1, merged: list[BriefActor] | None = None,
) -> Network:
    """The ``limit`` most mentioned actors and their links of at least ``min_sentences`` sentences.

    Actors linked to none of the others stay when the picture is small; with more than
    :data:`CLUTTERED` actors they are left out.
    """
    if limit < 2 or min_sentences < 1:
        raise ValueError("a network needs limit >= 2 and min_sentences >= 1")
    merged = merged if merged is not None else actor_index(brief.analyses)  # built once, for actors and links
    everyone = brief_actors(brief, merged)
    kept = everyone[:limit]
    pairs = co_mentions(brief, merged)
    index = {(a.kind, a.key): i for i, a in enumerate(kept)}

    def links_of(index: dict) -> list[Link]:
        found = []
        for (first, second), count in pairs.items():
            if count >= min_sentences and first in index and second in index:
                a, b = sorted((index[first], index[second]))
                found.append(Link(a, b, count))
        return sorted(found, key=lambda link: (link.a, link.b))

    links = links_of(index)
    alone = 0
    if len(kept) > CLUTTERED:
        linked = {i for link in links for i in (link.a, link.b)}
        alone = len(kept) - len(linked)
        kept = [actor for i, actor in enumerate(kept) if i in linked]
        index = {(a.kind, a.key): i for i, a in enumerate(kept)}
        links = links_of(index)
    return Network(tuple(kept), tuple(links), len(everyone), alone)


# -- DOT ---------------------------------------------------------------------------------------------


def clean_name(text: str) -> str:
    """``text`` without control characters, line breaks or bidi overrides, white space folded."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or (unicodedata.category(ch) not in _UNPRINTABLE and ch not in _BIDI_CONTROLS)
    )
    return " ".join(kept.split())


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


def network_section(brief: Brief, limit: int = DEFAULT_LIMIT, level: int = 2, index: list[BriefActor] | None = None) -> str:
    """The MyST section "Who appears with whom": a line on how to read it, then the graph.

    Without two actors named in the same sentence the section says so in a sentence instead.
    The graph is a ``{graphviz}`` directive with the class :data:`NETWORK_CLASS`.
    """
    if not 1 <= level <= 6:
        raise ValueError(f"heading level {level} is not 1 to 6")
    heading = "#" * level + " Who appears with whom\n"
    network = actor_network(brief, limit, merged=index)
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
