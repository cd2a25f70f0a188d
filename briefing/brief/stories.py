"""Events: articles about the same story are grouped together.

How alike two articles are is the cosine of their TF-IDF vectors, faded by the time between them:

- **terms**: the content words of the headline and the body, in lower case and without plural and
  possessive endings ("Senators'" is "senator"), and for every mention of an actor its actor's term
  as well, names made comparable across outlets ("Paul D. Ryan", "Paul Ryan" and "Ryan" are one
  person, "Federal Bureau of Investigation" is "FBI");
- **weights**: dampened counts (1 + log) times the inverse document frequency over the batch, plus
  one so that terms every article shares still count;
- **dates**: where both articles are dated, the cosine is multiplied by ``1 / (1 + (gap / days)²)``:
  nearly all of it a few days apart, half at ``days``, a fifth at twice that, nothing across years.
  Near duplicates (a wire story reprinted) are exempt.

Not every pair is compared: each article looks up, in an inverted index, the articles that use one
of its :data:`KEYS` weightiest rare terms (used by 2 to :data:`POSTING_CAP` articles), so the work
grows with the number of articles, not with its square. A pair found by neither article counts as
not alike at all.

Stories are the clusters of average-link agglomeration: two groups merge while the mean similarity
over all their cross pairs reaches the threshold (a pair not compared counts 0). Unlike connected
groups (single link), a chain of weak links A~B~C does not glue two stories together. The lowest
mean at which a story's parts were joined, over the threshold, says how sure the grouping is
(:class:`briefing.model.Cohesion`). Ties break by article order: the same input gives the same stories.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache

import numpy as np

from .. import words
from ..model import Analysis, Cohesion, Event
from ..page_contract import STORY_PREFIX
from ..words import slug

#: Words that do not tell one story from another: function words, reporting, news's commonest, titles.
STOP = words.STORY_STOP_WORDS
NAME_LINKS = frozenset("of and for on in at to de la".split())  # not initials: "Bureau of Investigation" is "BI"
#: A term used by more articles than this finds no pairs to compare, so that an article has at most
#: KEYS x POSTING_CAP partners to compare with, however large the batch.
POSTING_CAP = 100
#: How many of an article's weightiest rare terms it looks its partners up by.
KEYS = 10


def _setting(default, help: str, check):
    return field(default=default, metadata={"help": help, "check": check})


@dataclass(frozen=True)
class Grouping:
    """How articles are grouped into stories. ``threshold`` and ``days`` are what the rule of
    benchmarks/events.py picks on all 30 stories of BASIL dev (the rule is cross-validated there, by
    story); ``duplicate`` is judgement."""

    threshold: float = _setting(0.201, "mean similarity two groups of articles need to be one story",
                                lambda v: 0 < v <= 1)
    days: float = _setting(14.5, "days apart at which the similarity of two dated articles is halved",
                           lambda v: v > 0)
    duplicate: float = _setting(0.8, "similarity of near duplicates, which join whatever their dates",
                                lambda v: 0 < v <= 1)

    def __post_init__(self):
        for setting in fields(self):
            if not setting.metadata["check"](getattr(self, setting.name)):
                raise ValueError(f"Grouping.{setting.name}={getattr(self, setting.name)!r}: {setting.metadata['help']}")


def actor_key(name: str, kind: str) -> str:
    """An actor's term for telling stories apart: coarser on purpose than who the actor is.

    A person goes by their surname ("Paul D. Ryan", "Paul Ryan" and "Ryan" are one), an organisation
    of several words by its initials ("Federal Bureau of Investigation" is "fbi"), anything else by its
    name in lower case without dots or "the". This is a similarity feature, not the brief's rule of
    who is one actor (:mod:`briefing.brief.actors`): with the brief's actors as terms instead, story
    grouping on BASIL dev fell from an adjusted Rand index of 0.951 to 0.916 (measured on the grouping
    before dates and dampened counts).
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


def _count_words(text: str, counts: Counter) -> None:
    counts.update(form for word in words.words(text) if not any(ch.isdigit() for ch in word) and (form := content_form(word)))


@lru_cache(maxsize=65536)
def content_form(word: str) -> str:
    """The common form of a content word; empty for a stop word or a word of one or two letters."""
    form = words.common_form(word)
    return form if len(form) > 2 and form not in STOP else ""


def _headline_mentions(title: str, analysis: Analysis) -> list[str]:
    """The keys of the actors the headline names, by name or alias (longest forms first), once per mention."""
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
    return [key for _, _, key in sorted(found)]


def terms(analysis: Analysis) -> Counter:
    """How often an article uses each term: the content words of its headline and body, and for each
    mention of an actor (in the body, or by name in the headline) ``@`` and the actor's key."""
    counts: Counter = Counter()
    title = analysis.article.title
    _count_words(title, counts)
    counts.update("@" + key for key in _headline_mentions(title, analysis))
    mentions = sorted((m.start, key) for a in analysis.actors if (key := actor_key(a.name, a.kind)) for m in a.mentions)
    starts = [start for start, _ in mentions]
    for sentence in analysis.sentences:
        _count_words(sentence.text, counts)
        first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        counts.update("@" + key for _, key in mentions[first:last])
    return counts


@dataclass(frozen=True)
class Vectors:
    """Unit-length TF-IDF vectors of a batch, stored by rows: article ``i``'s terms are
    ``columns[starts[i]:starts[i + 1]]`` with weights ``values[...]``; ``documents`` counts each term's articles."""

    starts: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    documents: np.ndarray

    def __len__(self) -> int:
        return len(self.starts) - 1


def tfidf(profiles: list[Counter]) -> Vectors:
    """Unit-length vectors: (1 + log count) times (log((1 + n) / (1 + articles using the term)) + 1)."""
    ids: dict[str, int] = {}
    columns = [ids.setdefault(term, len(ids)) for profile in profiles for term in profile]
    counts = [count for profile in profiles for count in profile.values()]
    starts = np.zeros(len(profiles) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(profile) for profile in profiles])
    column = np.array(columns, dtype=np.int64)
    documents = np.bincount(column, minlength=len(ids))
    n = len(profiles)
    values = (1 + np.log(np.array(counts, dtype=float))) * (np.log((1 + n) / (1 + documents[column])) + 1)
    rows = np.repeat(np.arange(n), np.diff(starts))
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
    values = values / np.where(norms > 0, norms, 1.0)[rows]
    return Vectors(starts, column, values, documents)


@dataclass(frozen=True)
class Links:
    """The pairs of articles compared (``first`` < ``second``) and their similarity; ``text`` is the
    cosine of their vectors, ``similarity`` that after the dates."""

    n: int
    first: np.ndarray
    second: np.ndarray
    text: np.ndarray
    similarity: np.ndarray

    @property
    def comparisons(self) -> int:
        return len(self.first)


def candidate_pairs(vectors: Vectors, keys: int = KEYS, cap: int = POSTING_CAP) -> tuple[np.ndarray, np.ndarray]:
    """The pairs ``i`` < ``j`` worth comparing, in order: those where one article uses a key term of
    the other's, its ``keys`` weightiest terms among those 2 to ``cap`` articles use. An inverted
    index of those terms finds them: at most ``keys`` x ``cap`` partners an article."""
    n = len(vectors)
    rows = np.repeat(np.arange(n), np.diff(vectors.starts))
    documents = vectors.documents[vectors.columns]
    rare = np.flatnonzero((documents >= 2) & (documents <= cap))
    order = rare[np.lexsort((vectors.columns[rare], -vectors.values[rare], rows[rare]))]  # by article, weightiest first
    starts = np.searchsorted(rows[order], np.arange(n + 1))
    postings = rare[np.argsort(vectors.columns[rare], kind="stable")]  # by term, then article
    posting_columns = vectors.columns[postings]
    codes = []
    for i in range(n):
        own = vectors.columns[order[starts[i]:min(starts[i + 1], starts[i] + keys)]]
        if not len(own):
            continue
        begins, ends = np.searchsorted(posting_columns, own), np.searchsorted(posting_columns, own, side="right")
        partners = rows[postings[np.concatenate([np.arange(b, e) for b, e in zip(begins, ends)])]]
        partners = partners[partners != i]
        codes.append(np.minimum(partners, i) * n + np.maximum(partners, i))
    found = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return found // n, found % n


def pair_cosines(vectors: Vectors, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The cosine of each pair (``first`` sorted): each first article's vector spread out once,
    then read at the terms of every article it is paired with."""
    result = np.zeros(len(first))
    dense = np.zeros(len(vectors.documents))
    lengths = np.diff(vectors.starts)
    for i, begin, end in _runs(first):
        row = slice(vectors.starts[i], vectors.starts[i + 1])
        dense[vectors.columns[row]] = vectors.values[row]
        partners = second[begin:end]
        sizes = lengths[partners]
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        positions = np.repeat(vectors.starts[partners] - offsets, sizes) + np.arange(sizes.sum())
        products = dense[vectors.columns[positions]] * vectors.values[positions]
        result[begin:end] = np.add.reduceat(products, offsets) if len(products) else 0.0
        dense[vectors.columns[row]] = 0.0
    return np.clip(result, 0.0, 1.0)


def _runs(sorted_values: np.ndarray):
    """(value, begin, end) of each run of equal values in a sorted array."""
    if not len(sorted_values):
        return
    edges = np.flatnonzero(np.diff(sorted_values)) + 1
    begins = np.concatenate(([0], edges))
    ends = np.concatenate((edges, [len(sorted_values)]))
    for begin, end in zip(begins.tolist(), ends.tolist()):
        yield int(sorted_values[begin]), begin, end


def stated_date(analysis: Analysis) -> date | None:
    """The date an article was published, where it says so (an inferred date could be wrong)."""
    if analysis.date is not None and not analysis.date_inferred:
        return analysis.date
    return analysis.article.published


def date_factors(gaps: np.ndarray, days: float) -> np.ndarray:
    """How much of their likeness two articles keep ``gaps`` days apart (NaN: a date unknown, all of it)."""
    return np.where(np.isnan(gaps), 1.0, 1 / (1 + (np.nan_to_num(gaps) / days) ** 2))


def links(profiles: list[Counter], dates: list[date | None], settings: Grouping = Grouping(),
          keys: int = KEYS, cap: int = POSTING_CAP) -> Links:
    """The similarity of the pairs of articles worth comparing, from their terms and dates."""
    vectors = tfidf(profiles)
    first, second = candidate_pairs(vectors, keys, cap)
    text = pair_cosines(vectors, first, second)
    days = np.array([d.toordinal() if d else np.nan for d in dates], dtype=float)
    faded = text * date_factors(np.abs(days[first] - days[second]), settings.days)
    return Links(len(profiles), first, second, text, np.where(text >= settings.duplicate, text, faded))


def similarities(analyses: list[Analysis], settings: Grouping = Grouping()) -> np.ndarray:
    """How alike every pair of articles is, from 0 to 1, as an n x n matrix (pairs not compared: 0).
    For looking at a small batch: grouping itself never makes this matrix."""
    found = links([terms(a) for a in analyses], [stated_date(a) for a in analyses], settings)
    return dense(found)


def dense(found: Links) -> np.ndarray:
    matrix = np.zeros((found.n, found.n))
    matrix[found.first, found.second] = matrix[found.second, found.first] = found.similarity
    np.fill_diagonal(matrix, 1.0)
    return matrix


def connected(n: int, pairs) -> list[list[int]]:
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


@dataclass(frozen=True)
class Cluster:
    """Items of one story, in order, and the lowest mean similarity at which its parts were joined
    (infinite for one item)."""

    members: list[int]
    weakest: float = math.inf


def average_link(found: Links, threshold: float) -> list[Cluster]:
    """Clusters of items 0..n-1: the two clusters of highest mean similarity merge while it reaches
    ``threshold``; of equal means, the pair that comes first in item order. Only the connected groups
    of pairs at the threshold can merge, so agglomeration runs inside each of them."""
    strong = found.similarity >= threshold
    groups = connected(found.n, zip(found.first[strong].tolist(), found.second[strong].tolist()))
    group_of = np.empty(found.n, dtype=np.int64)
    for number, members in enumerate(groups):
        group_of[members] = number
    inside = (group_of[found.first] == group_of[found.second]) & (found.similarity > 0)
    edges: dict[int, list[tuple[int, int, float]]] = {}
    for i, j, s in zip(found.first[inside].tolist(), found.second[inside].tolist(), found.similarity[inside].tolist()):
        edges.setdefault(int(group_of[i]), []).append((i, j, s))
    clusters = []
    for number, members in enumerate(groups):
        if len(members) == 1:
            clusters.append(Cluster(members))
        else:
            clusters += _agglomerate(members, edges.get(number, []), threshold)
    return sorted(clusters, key=lambda c: c.members[0])


def _agglomerate(items: list[int], edges: list[tuple[int, int, float]], threshold: float) -> list[Cluster]:
    """Average link over items joined by ``edges`` (i < j, similarity); a cluster goes by its first item."""
    sums: dict[int, dict[int, float]] = {i: {} for i in items}
    for i, j, s in edges:
        sums[i][j] = sums[j][i] = s
    sizes = dict.fromkeys(items, 1)
    members = {i: [i] for i in items}
    weakest = dict.fromkeys(items, math.inf)
    heap = [(-s, i, j) for i, j, s in edges if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in sizes or b not in sizes or sums[a].get(b, 0.0) / (sizes[a] * sizes[b]) != -negative:
            continue  # one of them has merged since: a stale entry
        for c, s in sums.pop(b).items():  # b joins a (a < b, so the cluster keeps going by its first item)
            if c != a:
                del sums[c][b]
                sums[a][c] = sums[c][a] = sums[a].get(c, 0.0) + s
        del sums[a][b]
        sizes[a] += sizes.pop(b)
        members[a] += members.pop(b)
        weakest[a] = min(weakest[a], weakest.pop(b), -negative)
        for c, s in sums[a].items():
            mean = s / (sizes[a] * sizes[c])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    return [Cluster(sorted(members[i]), weakest[i]) for i in members]


def stories(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link clusters of a similarity matrix cut at ``threshold``: indices, each cluster in
    index order, clusters in order of their first index."""
    first, second = np.triu_indices(len(similarity), 1)
    values = similarity[first, second]
    found = Links(len(similarity), first, second, values, values)
    return [c.members for c in average_link(found, threshold)]


def clusters(analyses: list[Analysis], settings: Grouping = Grouping()) -> list[list[int]]:
    """Indices of the articles of each story, each in article order, stories in order of their first article."""
    found = links([terms(a) for a in analyses], [stated_date(a) for a in analyses], settings)
    return [c.members for c in average_link(found, settings.threshold)]


def cohesions(found: Links, clusters: list[Cluster], threshold: float) -> list[tuple[float, int] | None]:
    """For each story of several articles: its weakest join over the threshold, and the member least
    like the others (the lowest mean similarity to them; the first on a tie). None for an article alone."""
    story_of = np.empty(found.n, dtype=np.int64)
    for number, cluster in enumerate(clusters):
        story_of[cluster.members] = number
    inside = story_of[found.first] == story_of[found.second]
    totals = np.zeros(found.n)
    np.add.at(totals, found.first[inside], found.similarity[inside])
    np.add.at(totals, found.second[inside], found.similarity[inside])
    return [(c.weakest / threshold, c.members[int(np.argmin(totals[c.members]))]) if len(c.members) > 1 else None
            for c in clusters]


def group(analyses: list[Analysis], settings: Grouping = Grouping()) -> list[Event]:
    """The stories of a batch of articles, in order of their first article; an article alone is a story."""
    found = links([terms(a) for a in analyses], [stated_date(a) for a in analyses], settings)
    found_clusters = average_link(found, settings.threshold)
    events = []
    for cluster, sure in zip(found_clusters, cohesions(found, found_clusters, settings.threshold)):
        lead = analyses[cluster.members[0]].article
        events.append(Event(id=STORY_PREFIX + slug(lead.id), title=lead.title,
                            articles=tuple(analyses[i].article.id for i in cluster.members),
                            cohesion=Cohesion(round(sure[0], 2), analyses[sure[1]].article.id) if sure else None))
    return events


def by_importance(events: list[Event], dates: dict[str, date | None], outlets: dict[str, str | None]) -> list[Event]:
    """The stories that matter most first: told by the most outlets, then by the most articles, then
    the latest; ties keep their order. ``dates`` and ``outlets`` are by article id."""
    def latest(event: Event) -> int:
        found = [day for i in event.articles if (day := dates.get(i)) is not None]
        return max(found).toordinal() if found else 0

    def told_by(event: Event) -> int:
        return len({outlets.get(i) or i for i in event.articles})  # an article of no known outlet counts as its own

    return sorted(events, key=lambda event: (-told_by(event), -len(event.articles), -latest(event)))

