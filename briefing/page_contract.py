"""The page contract: what the converter writes into a generated page and the Sphinx extension reads back.

Both sides import their names from here, so that a front-matter key, a page role, a CSS class or a
page name is spelled once:

- every generated page opens with YAML front matter whose ``briefing`` key (:data:`GENERATED_KEY`)
  names its :data:`Role`, and whose ``briefing_hash`` (:data:`HASH_KEY`) holds the hash of its text;
  an article page also says its ``story``, a part its ``part_of`` page;
- quotations in an article's full text are MyST spans of class :data:`QUOTE_MARK_CLASS` (and
  :data:`REPORTED_MARK_CLASS` for reported speech), which the extension turns into anchors;
- what the PDF pack moves or shortens is marked with a class: an article's full text
  (:data:`FULL_TEXT_CLASS`), the rows of the timeline, actors and sources tables (:data:`ROWS_CLASS`),
  one speaker's quotations (:data:`QUOTATIONS_CLASS`) and the brief's story cards (:data:`STORY_CARD_CLASS`);
- page names: the brief's own pages (:data:`RESERVED_PAGES`), stories ``story-*``, actors ``actor-*``,
  the parts of long pages (:data:`PART_PREFIXES`); :func:`unique_name` makes a name unique the same way
  everywhere (``x``, ``x-2``, ``x-3``).
"""

from __future__ import annotations

from typing import Final, Literal, get_args

GENERATED_KEY: Final = "briefing"
HASH_KEY: Final = "briefing_hash"
STORY_KEY: Final = "story"  # an article page: the story page it belongs to
PART_OF_KEY: Final = "part_of"  # a part of a long page: that page

Role = Literal["brief", "article", "story", "timeline", "actors", "actor", "quotes", "sources", "part"]
ROLES: Final[tuple[str, ...]] = get_args(Role)
#: The role of the PDF pack's annex of full texts: no page of the site, a page of the pack only.
ANNEX_ROLE: Final = "annex"
#: Pages whose direct subsections (Summary, Key quotes ...) are listed in the pack's contents and bookmarks
#: (the annex: one subsection per article's full text).
SECTIONED_ROLES: Final = frozenset({"article", "story", ANNEX_ROLE})
#: Pages the PDF pack leaves out (they are the site's only).
SITE_ONLY_ROLES: Final = frozenset({"actor"})

QUOTE_MARK_CLASS: Final = "briefing-quote-mark"
REPORTED_MARK_CLASS: Final = "briefing-reported"  # reported speech: marked, but highlighted only where a link lands
NETWORK_CLASS: Final = "briefing-network"  # the graphviz directive of the actor network (the extension finds it by it)
#: The container of an article's full text (photo captions and paragraphs), under its "Full text" heading:
#: the PDF pack moves it to its annex or leaves it out (``briefing_pdf_full_text``).
FULL_TEXT_CLASS: Final = "briefing-full-text"
#: A table whose rows are the entries of an index in the site's order (the timeline's happenings in date
#: order, actors most mentioned first, the brief's sources): the PDF pack keeps the first or weightiest rows.
ROWS_CLASS: Final = "briefing-rows"
#: The container of one speaker's quotations (or of the quotations whose speaker is not named) on the quotes
#: page and its parts, under the speaker's heading.
QUOTATIONS_CLASS: Final = "briefing-quotations"
#: The second class of the container of the quotations whose speaker is not named.
UNATTRIBUTED_CLASS: Final = "briefing-unattributed"
#: A story's card on the brief (the landing page).
STORY_CARD_CLASS: Final = "briefing-story"
# Marked by the pdf builder in the print document; the print CSS starts a page there, so parts.py may cut there.
ANNEX_PAGE_CLASS: Final = "briefing-annex-page"  # an annex text after the first
CONTINUED_CLASS: Final = "briefing-continued"  # a block of a long table after the first

#: Names of the brief's own pages (and Sphinx's), which no article or actor may take.
RESERVED_PAGES: Final = frozenset({"index", "timeline", "sources", "actors", "quotes", "genindex", "search"})
STORY_PREFIX: Final = "story-"
ACTOR_PREFIX: Final = "actor-"
#: Parts of a long page are named after it: ``timeline-2016-03``, ``actors-sa``, ``quotes-unnamed-b``.
PART_PREFIXES: Final = ("timeline-", "actors-", "quotes-")
ARTICLE_PREFIX: Final = "article-"  # what an article file named like a page of the brief gets in front


def unique_name(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... the first that ``used`` does not hold; it is added to ``used``."""
    name, number = base, 2
    while name in used:
        name, number = f"{base}-{number}", number + 1
    used.add(name)
    return name


def article_page_base(slugged: str) -> str:
    """The page name an article file's slug gives, kept clear of the brief's own pages."""
    if slugged in RESERVED_PAGES or slugged.startswith((STORY_PREFIX, ACTOR_PREFIX, *PART_PREFIXES)):
        return ARTICLE_PREFIX + slugged
    return slugged
