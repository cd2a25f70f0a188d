"""One vocabulary: what a word is, which words say nothing about a story, word endings, and slugs.

Every stage that looks at words without spaCy (cleaning lines, grouping stories, summarising and
comparing them, ranking quotations) takes them from here:

- :data:`WORD` finds words: runs of letters and digits joined by an inner apostrophe, dot or hyphen
  (``U.S.``, ``don't``, ``Kim Jong-un``, ``COVID-19``); :func:`words` gives them in lower case, with
  typographic apostrophes made straight;
- stop words by purpose, made of named groups (:data:`FUNCTION_WORDS`, :data:`REPORTING`,
  :data:`VAGUE`, :data:`TITLES`): :data:`SUMMARY_STOP_WORDS`, :data:`STORY_STOP_WORDS`,
  :data:`STATEMENT_STOP_WORDS`;
- :func:`common_form` takes off a possessive and a plural ending ("Senators'" and "senator" are one);
  :func:`stem` keeps a word's first letters, so that "warned" and "warning" match;
- :func:`slug` makes a file-name-safe name of any text, non-Latin names spelled in Latin letters
  ("윤석열" is ``yunseogyeol``), and "" where nothing is left.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
#: The commonest function words of English: articles, pronouns, auxiliaries, prepositions, conjunctions.
COMMON_FUNCTION_WORDS = frozenset("""
a about after also an and are as at be been before being but by can could did do does for from had has
have he her him his i if in into is it its may me might more most must my no not of on onto or other
our over shall she should so such than that the their them then there these they this those to under us
very was we were what when where which while who whom whose will with would you your
""".split())
#: Every function word: the commonest and the rest.
FUNCTION_WORDS = COMMON_FUNCTION_WORDS | frozenset("""
above again against all although am among another any around because below between both doing down during
each either else even ever every few further having here hers herself himself how however itself just myself
nor now off once only ours ourselves out own per same since some theirs themselves though through thus too
until up upon whether why within without yet yours yourself yourselves
""".split())
#: Words of reporting: outlets differ in how they say who said what, not in what was said.
REPORTING = frozenset("said says say saying told tell according".split())
#: Words too common in news to tell one story from another.
VAGUE = frozenset("almost always get gets got least less like made make many much never new often one others "
                  "rather still".split())
#: Courtesy titles, which name no one.
TITLES = frozenset("mr mrs ms dr".split())

# Stop words by purpose.
#: Summaries: what a sentence reports, without who said it.
SUMMARY_STOP_WORDS = FUNCTION_WORDS | REPORTING | TITLES
#: Stories: what tells one story from another.
STORY_STOP_WORDS = FUNCTION_WORDS | REPORTING | VAGUE | TITLES
#: Statements compared across outlets: only the commonest function words go, so that "between" or
#: "against" still tell two statements apart.
STATEMENT_STOP_WORDS = COMMON_FUNCTION_WORDS | REPORTING
#: Letters of a word a :func:`stem` keeps.
STEM_LETTERS = 5


#: A quotation's words between double quote marks, straight or curly.
QUOTED = re.compile(r"[\"“]([^\"“”]*+)[\"”]")


def quoted_words(text: str) -> str:
    """The words inside double quote marks, or all of ``text`` where it has none."""
    inside = QUOTED.findall(text)
    return " ".join(inside) if inside else text


def words(text: str) -> list[str]:
    """The words of ``text`` (:data:`WORD`), lower case, typographic apostrophes made straight."""
    return [word.replace("’", "'") for word in WORD.findall(text.lower())]


def letter_words(text: str) -> list[str]:
    """The words of ``text`` as written (case kept) that begin with a letter: what a reader counts in a line."""
    return [word for word in WORD.findall(text) if word[0].isalpha()]


@lru_cache(maxsize=65536)
def common_form(word: str) -> str:
    """A word without its case, possessive and plural endings: "Senators'" and "senator" are one word."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    if len(word) > 4 and word.endswith("ies") and word[-4] not in "ae":
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz" and not word.endswith("ses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and word[-2] not in "sui":
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A word's first :data:`STEM_LETTERS` letters, lower case: "warned", "warning" and "warns" are one."""
    return word[:STEM_LETTERS].lower()


_NOT_IN_SLUG = re.compile(r"[^A-Za-z0-9_-]+")
SLUG_LENGTH = 80


def slug(text: str) -> str:
    """A file-name-safe identifier: lowercase ASCII letters, digits, ``_`` and ``-``; "" when none are left.

    Letters of other scripts are spelled in Latin letters (anyascii: "윤석열" is ``yunseogyeol``,
    "Ålesund" ``alesund``), so a page named after a Korean speaker is readable and not ``actor-``.
    """
    from anyascii import anyascii

    return _NOT_IN_SLUG.sub("-", anyascii(text)).strip("-_").lower()[:SLUG_LENGTH].strip("-_")
