"""Events: articles about the same story are grouped together.

How alike two articles are is the cosine of their TF-IDF vectors over the terms they use:

- **words**: content words of the headline and the body, in lower case and without plural and
  possessive endings ("Senators'" is "senator");
- **actors**: every mention of an actor counts as its actor's term instead of the words it is written
  with, names made comparable across outlets ("Paul D. Ryan", "Paul Ryan" and "Ryan" are one person,
  "Federal Bureau of Investigation" is "FBI", "GOP" is the Republicans as the actor finder resolves it);
- term frequency as counted, times the inverse document frequency over the batch, smoothed so that
  two articles alone still count what they share. A story's people, places and key words recur in
  every paragraph about it; dampened counts (1 + log) let background words weigh nearly as much, and
  on BASIL they narrowed the range of thresholds that group the stories right to a third;
- **dates**: where both articles are dated, the similarity fades once they lie more than a month apart
  and is nothing at four months, unless the texts are near duplicates (a wire story reprinted).

Stories are the clusters of average-link agglomeration: two groups merge while the mean similarity
over all their cross pairs reaches the threshold. Unlike connected groups (single link), a chain of
weak links A~B~C does not glue two stories together. A merge rests on at least one pair at the
threshold, so agglomeration runs only inside the connected groups of such pairs: the same result, and
1,000 articles take about a second. Ties break by article order: the same input gives the same stories.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache

import numpy as np

from .. import words
from ..model import Analysis, Event
from ..page_contract import STORY_PREFIX
from ..words import slug

#: Words that do not tell one story from another: function words, reporting, news's commonest, titles.
STOP = words.STORY_STOP_WORDS
NAME_LINKS = frozenset("of and for on in at to de la".split())  # not initials: "Bureau of Investigation" is "BI"
BLOCK = 2048  # terms per block of the similarity product: bounds memory to n x BLOCK floats


def _setting(default, help: str, check):
    return field(default=default, metadata={"help": help, "check": check})


@dataclass(frozen=True)
class Grouping:
    """How articles are grouped into stories. The defaults were chosen on the tune half of BASIL dev
    (see benchmarks/events.py): the threshold is the middle (geometric mean) of the range where every
    tune story came out right, about 0.18 to 0.29; the dates' settings are judgement, as BASIL's stories lie
    years apart."""

    threshold: float = _setting(0.225, "mean similarity two groups of articles need to be one story",
                                lambda v: 0 < v <= 1)
    smoothing: float = _setting(0.5, "added to every inverse document frequency, so terms all articles "
                                     "share still count", lambda v: v > 0)
    near_days: int = _setting(30, "articles this many days apart or closer are not held apart by their dates",
                              lambda v: v >= 0)
    far_days: int = _setting(120, "articles this many days apart or more are one story only as near duplicates",
                             lambda v: v > 0)
    duplicate: float = _setting(0.8, "similarity of near duplicates, which join whatever their dates",
                                lambda v: 0 < v <= 1)

    def __post_init__(self):
        for setting in fields(self):
            if not setting.metadata["check"](getattr(self, setting.name)):
                raise ValueError(f"Grouping.{setting.name}={getattr(self, setting.name)!r}: {setting.metadata['help']}")
        if self.near_days >= self.far_days:
            raise ValueError("Grouping.near_days must lie below far_days")


def actor_key(name: str, kind: str) -> str:
    """An actor's term for telling stories apart: coarser on purpose than who the actor is.

    A person goes by their surname ("Paul D. Ryan", "Paul Ryan" and "Ryan" are one), an organisation
    of several words by its initials ("Federal Bureau of Investigation" is "fbi"), anything else by its
    name in lower case without dots or "the". This is a similarity feature, not the brief's rule of
    who is one actor (:mod:`briefing.brief.actors`): with the brief's actors as terms instead, story
    grouping on BASIL dev fell from an adjusted Rand index of 0.951 to 0.916.
    """
    tokens = [t for t in name.casefold().replace("’", "'").replace(".", "").split() if t != "the"]
    if not tokens:
        return ""
    if kind == "person":
        return tokens[-1].removesuffix("'s")
    initials = [t[0] for t in tokens if t not in NAME_LINKS]
    if kind == "organisation" and len(initials) > 1:
        return "".join(initials)
    return " ".join(tokens)


def _count(text: str, mentions: list[tuple[int, int, str]], counts: Counter) -> None:
    """Count the content words of ``text``, and an actor's term for each of its ``mentions`` (offsets
    into ``text``, in order) instead of the words of that mention."""
    position = 0
    for start, end, key in mentions:
        if start < position:  # overlaps the mention before
            continue
        _count_words(text[position:start], counts)
        counts["@" + key] += 1
        position = end
    _count_words(text[position:], counts)


def _count_words(text: str, counts: Counter) -> None:
    counts.update(form for word in words.words(text) if not any(ch.isdigit() for ch in word) and (form := content_form(word)))


@lru_cache(maxsize=65536)
def content_form(word: str) -> str:
    """The common form of a content word; empty for a stop word or a word of one or two letters."""
    form = words.common_form(word)
    return form if len(form) > 2 and form not in STOP else ""


def _headline_mentions(title: str, analysis: Analysis) -> list[tuple[int, int, str]]:
    """Where the headline names one of the article's actors, by its name or an alias (longest forms first)."""
    forms = sorted(((form, actor_key(a.name, a.kind)) for a in analysis.actors for form in (a.name, *a.aliases)),
                   key=lambda pair: (-len(pair[0]), pair[0]))
    found: list[tuple[int, int, str]] = []
    for form, key in forms:
        start = title.find(form) if form and key else -1
        while start >= 0:
            end = start + len(form)
            whole = not (start and title[start - 1].isalnum()) and not (end < len(title) and title[end].isalnum())
            if whole and not any(s < end and start < e for s, e, _ in found):
                found.append((start, end, key))
            start = title.find(form, end)
    return sorted(found)


def terms(analysis: Analysis) -> Counter:
    """How often an article uses each term: the content words of its headline and body, and its actors
    (``@`` and the actor's key) in place of the words that mention them."""
    counts: Counter = Counter()
    title = analysis.article.title
    _count(title, _headline_mentions(title, analysis), counts)
    mentions = sorted((m.start, m.end, key) for a in analysis.actors if (key := actor_key(a.name, a.kind))
                      for m in a.mentions)
    starts = [start for start, _, _ in mentions]
    for sentence in analysis.sentences:
        first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        inside = [(start - sentence.start, end - sentence.start, key) for start, end, key in mentions[first:last]
                  if end <= sentence.end]
        _count(sentence.text, inside, counts)
    return counts


def tfidf(profiles: list[Counter], smoothing: float) -> list[dict[str, float]]:
    """Unit-length vectors: term count times inverse document frequency over the batch, plus ``smoothing``."""
    documents = Counter(term for profile in profiles for term in profile)
    n = len(profiles)
    vectors = []
    for profile in profiles:
        vector = {term: count * (math.log((1 + n) / (1 + documents[term])) + smoothing) for term, count in profile.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        vectors.append({term: v / norm for term, v in vector.items()} if norm else {})
    return vectors


def cosines(vectors: list[dict[str, float]]) -> np.ndarray:
    """The cosine of every pair of unit vectors, as an n x n matrix.

    Only terms two vectors share add to their product, so the product runs over those, a block of
    terms at a time, as dense matrix products.
    """
    n = len(vectors)
    documents = Counter(term for vector in vectors for term in vector)
    shared = {term: column for column, term in enumerate(sorted(t for t, count in documents.items() if count > 1))}
    found_rows, found_columns, found_values = [], [], []  # the shared terms' entries
    for row, vector in enumerate(vectors):
        for term, value in vector.items():
            if term in shared:
                found_rows.append(row)
                found_columns.append(shared[term])
                found_values.append(value)
    rows, columns, values = np.array(found_rows, dtype=np.intp), np.array(found_columns, dtype=np.intp), np.array(found_values)
    product = np.zeros((n, n))
    for first in range(0, len(shared), BLOCK):
        inside = (columns >= first) & (columns < first + BLOCK)
        block = np.zeros((n, BLOCK))
        block[rows[inside], columns[inside] - first] = values[inside]
        product += block @ block.T
    product = (product + product.T) / 2  # the same both ways, to the last bit
    np.fill_diagonal(product, [1.0 if vector else 0.0 for vector in vectors])
    return np.clip(product, 0.0, 1.0)


def stated_date(analysis: Analysis) -> date | None:
    """The date an article was published, where it says so (an inferred date could be wrong)."""
    if analysis.date is not None and not analysis.date_inferred:
        return analysis.date
    return analysis.article.published


def date_factors(dates: list[date | None], settings: Grouping) -> np.ndarray:
    """For every pair of articles: 1 when undated or close in time, fading to 0 at ``far_days`` apart."""
    days = np.array([d.toordinal() if d else np.nan for d in dates], dtype=float)
    gap = np.abs(days[:, None] - days[None, :])
    factors = 1 - (gap - settings.near_days) / (settings.far_days - settings.near_days)
    return np.where(np.isnan(gap), 1.0, np.clip(factors, 0.0, 1.0))


def similarities(analyses: list[Analysis], settings: Grouping = Grouping()) -> np.ndarray:
    """How alike every pair of articles is, from 0 to 1, as an n x n matrix."""
    text = cosines(tfidf([terms(a) for a in analyses], settings.smoothing))
    factors = date_factors([stated_date(a) for a in analyses], settings)
    return np.where(text >= settings.duplicate, text, text * factors)


def connected(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of items 0..n-1 joined by ``pairs``, each in item order, in order of their first item."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(root(i), []).append(i)
    return list(members.values())


def average_link(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Clusters of items 0..m-1: the two clusters of highest mean similarity merge while it reaches
    ``threshold``; of equal means, the pair that comes first in item order."""
    m = len(similarity)
    members = [[i] for i in range(m)]
    alive = np.ones(m, dtype=bool)
    sums = similarity.astype(float)
    sizes = np.ones(m)
    means = sums.copy()
    np.fill_diagonal(means, -np.inf)
    while True:
        a, b = np.unravel_index(np.argmax(means), means.shape)  # the first maximum in row order: a < b
        if means[a, b] < threshold:
            break
        members[a] += members[b]
        members[b] = []
        alive[b] = False
        sums[a, :] += sums[b, :]
        sums[:, a] = sums[a, :]
        sizes[a] += sizes[b]
        row = np.where(alive, sums[a, :] / (sizes[a] * sizes), -np.inf)
        row[a] = -np.inf
        means[a, :] = means[:, a] = row
        means[b, :] = means[:, b] = -np.inf
    return [sorted(cluster) for cluster in members if cluster]


def stories(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link clusters of a similarity matrix cut at ``threshold``: indices, each cluster in
    index order, clusters in order of their first index."""
    strong = [(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(similarity >= threshold, 1)))]
    found = []
    for component in connected(len(similarity), strong):
        if len(component) < 3:  # one article, or two at the threshold
            found.append(component)
            continue
        inside = similarity[np.ix_(component, component)]
        found += [[component[i] for i in cluster] for cluster in average_link(inside, threshold)]
    return sorted(found)


def clusters(analyses: list[Analysis], settings: Grouping = Grouping()) -> list[list[int]]:
    """Indices of the articles of each story, each in article order, stories in order of their first article."""
    return stories(similarities(analyses, settings), settings.threshold)


def group(analyses: list[Analysis], settings: Grouping = Grouping()) -> list[Event]:
    """The stories of a batch of articles, in order of their first article; an article alone is a story."""
    events = []
    for members in clusters(analyses, settings):
        lead = analyses[members[0]].article
        events.append(Event(id=STORY_PREFIX + slug(lead.id), title=lead.title,
                            articles=tuple(analyses[i].article.id for i in members)))
    return events
