"""Group articles that cover the same event into stories.

Contract (the pipeline's stories stage): sorted articles in, the same articles in
the same order out, with `story` set on the members of each story, `related` listing
other coverage, and `timeline_date` placing an undated member beside its story.

How articles are grouped:

1. Articles without a maintainer's `story:` are grouped automatically. Each pair is
   scored by `similarity.compare` (text, lede and shared figures; `pairs` computes
   the same scores in bulk); pairs whose dates are both known and more than
   `WINDOW_DAYS` apart score 0. Average-linkage
   clustering: the two groups with the highest mean pair score merge while that
   mean is at least `SAME_STORY`. Average, not single, linkage so that one article
   resembling two different events cannot chain them together.
2. A maintainer's `story:` (sidecar override) is the last word on that article: the
   articles naming one story are that story, and nothing joins it by similarity. So
   naming a story on one article splits it out of its automatic story, and naming
   the same story on several joins them. Naming an article's id (which is what its
   automatic story is called) joins that whole automatic story.
3. An automatic story's id is the smallest id among its members: ids never change
   while dates may be corrected, and a seed added later cannot change a story it
   does not join (each pair's score depends only on the pair, see `similarity`).
   An article alone keeps `story=None`; a named story keeps its name even alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .model import Article, Story, with_fields, with_origin
from .linkage import average_linkage
from .pairs import Index, Pairs, Vectors, pair_scores, vectors
from .similarity import Profile, compare, days_apart

SAME_STORY = 0.40
"""Mean pair score at which two groups are one story. On the labelled set
(tests/data/stories: 246 documents, 39 same-story pairs) pairwise F0.5 peaks here:
precision 0.968, recall 0.769 pair by pair, 0.970 and 0.821 after clustering
(`python -m benchmarks.stories --sweep`, then without flags). F0.5 because a false
merge misleads a reader more than a missed one. The bundled seeds sit either side
with room: 000/001 score 0.54, no other pair of them above 0.36."""
WINDOW_DAYS = 7
"""Coverage of one event comes within a week; later pieces are follow-ups, a new story.
No labelled same-story pair is more than 1 day apart."""
RELATED_MIN = 0.15
"""Least score for "related coverage": above every pair of BBC articles from different
sections (1,440 pairs, highest 0.107), which are unrelated by construction."""
RELATED_OTHERS = 3
"""Related articles shown beyond the article's own story."""


SCORE_BITS = 15
SCORE_LEVELS = 1 << SCORE_BITS
"""Room for a score times 10,000 (at most 10,500: cosines of unit vectors plus the figure bonus)."""


@dataclass(frozen=True)
class _Group:
    members: tuple[int, ...]
    name: str | None
    """The maintainer's story name, if a member is pinned."""


def scored_pairs(found: list[Vectors], rows: Collection[int] | None = None) -> Pairs:
    """The score of every pair of related articles dated within the window of each
    other; with `rows`, only the pairs with an article among `rows`."""
    return pair_scores([v.date for v in found], lambda indices: [found[i] for i in indices], RELATED_MIN, WINDOW_DAYS, rows)


def scored_pairs_of(
    articles: list[Article], vectors_of: Callable[[list[int]], list[Vectors]], rows: Collection[int] | None = None, index: Index | None = None
) -> Pairs:
    """`scored_pairs` of `articles`, asking `vectors_of` for the vectors it needs only (and
    that the `index` does not give)."""
    return pair_scores([a.date for a in articles], vectors_of, RELATED_MIN, WINDOW_DAYS, rows, index)


def every_pair_scored(profiles: list[Profile]) -> dict[tuple[int, int], float]:
    """What `scored_pairs` finds, by scoring every pair one by one: the reference it is
    tested against, far too slow for a build."""
    pairs = {}
    for i, j in itertools.combinations(range(len(profiles)), 2):
        apart = days_apart(profiles[i].date, profiles[j].date)
        evidence = compare(profiles[i], profiles[j])
        if (apart is None or apart <= WINDOW_DAYS) and evidence.score >= RELATED_MIN:
            pairs[(i, j)] = evidence.score
    return pairs


def _pinned(articles: list[Article]) -> dict[int, str]:
    """Articles whose own sidecar names their story."""
    return {i: a.story for i, a in enumerate(articles) if a.story is not None and a.origin("story") == "override"}


def cluster(articles: list[Article], pairs: Pairs, before: Before | None = None) -> list[_Group]:
    """Groups of `articles` (indices): the automatic ones, then the maintainers' named ones.
    `before`: what the last run found, whose groups stand where their pairs did not change.

    A named story holds exactly the articles whose sidecar names it, plus, when the
    name is an article's id, the automatic story of that article."""
    pinned = _pinned(articles)
    automatic = average_linkage(
        [i for i in range(len(articles)) if i not in pinned], pairs, SAME_STORY, *((before.group, before.sizes) if before else ())
    )
    home = {i: g for g in automatic for i in g}
    by_id = {a.id: i for i, a in enumerate(articles)}
    named: dict[str, list[int]] = {}
    for i, name in pinned.items():
        named.setdefault(name, []).append(i)
    claimed: set[tuple[int, ...]] = set()
    groups = []
    for name, members in sorted(named.items()):
        target = home.get(by_id.get(name, -1))
        if target is not None and target not in claimed:
            claimed.add(target)
            members = members + list(target)
        groups.append(_Group(tuple(sorted(members)), name))
    groups += [_Group(g, None) for g in automatic if g not in claimed]
    return sorted(groups, key=lambda g: g.members)


def _story_id(group: _Group, articles: list[Article]) -> str | None:
    if group.name:
        return group.name
    if len(group.members) < 2:
        return None
    return min(articles[i].id for i in group.members)


def _related(pairs: Pairs, groups: list[_Group], articles: list[Article], sources: np.ndarray | None = None) -> list[tuple[str, ...] | None]:
    """Each article's related coverage: the rest of its story, then the RELATED_OTHERS
    best-scoring articles outside it (ties by id). With `sources` (a mask of articles),
    only theirs; None for the rest."""
    group_of = np.zeros(len(articles), dtype=np.int64)
    for number, group in enumerate(groups):
        group_of[list(group.members)] = number
    by_rank = np.array(sorted(range(len(articles)), key=lambda i: articles[i].id), dtype=np.int64)
    rank = np.empty(len(articles), dtype=np.int64)
    rank[by_rank] = np.arange(len(articles))
    outside = group_of[pairs.first] != group_of[pairs.second]
    if sources is not None:
        outside &= sources[pairs.first] | sources[pairs.second]
    first, second = pairs.first[outside], pairs.second[outside]
    level = np.rint(pairs.score[outside] * 10_000).astype(np.int64)  # scores have 4 places
    source, target, level = np.concatenate((first, second)), np.concatenate((second, first)), np.concatenate((level, level))
    if sources is not None:
        wanted = sources[source]
        source, target, level = source[wanted], target[wanted], level[wanted]
    source, target, level = _likely_best(source, target, level, len(articles))
    # One sort of one integer per pair, source first, then the highest score, then the
    # smallest id: three times faster than sorting by three keys.
    bits = max(1, len(articles).bit_length())
    key = np.sort(((source << SCORE_BITS) + (SCORE_LEVELS - 1 - level)) << bits | rank[target])
    source, target = key >> (SCORE_BITS + bits), by_rank[key & ((1 << bits) - 1)]
    first_of_run = np.flatnonzero(np.concatenate(([True], source[1:] != source[:-1])))
    place = np.arange(len(source)) - np.repeat(first_of_run, np.diff(np.append(first_of_run, len(source))))
    best = place < RELATED_OTHERS
    others: dict[int, list[str]] = {}
    for i, j in zip(source[best].tolist(), target[best].tolist()):
        others.setdefault(i, []).append(articles[j].id)
    related: list[tuple[str, ...] | None] = [None if sources is not None else ()] * len(articles)
    for group in groups:
        for i in group.members:
            if sources is None or sources[i]:
                related[i] = tuple([articles[j].id for j in group.members if j != i] + others.get(i, []))
    return related


CUTS = (5_000, 4_000, 3_000, 2_500, 2_000)
"""Score levels (1/10,000) tried as a floor under each article's best pairs, highest first."""


def _likely_best(source: np.ndarray, target: np.ndarray, level: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
    """The pairs that may be among a source's RELATED_OTHERS best: those at or above the
    highest of `CUTS` that still leaves the source that many (all its pairs when none
    does). A superset of the best, ties included, so the sort after it has a tenth of
    the millions of pairs to order."""
    floor = np.full(size, -1, dtype=np.int64)
    for cut in reversed(CUTS):  # lowest first: a higher cut that still leaves enough overrides it
        enough = np.bincount(source[level >= cut], minlength=size) >= RELATED_OTHERS
        floor[enough] = cut
    keep = level >= floor[source]
    return source[keep], target[keep], level[keep]


def _placed(group: list[Article]) -> str | None:
    """The earliest full date among a story's dated members: where its undated ones stand."""
    dates = sorted(a.date for a in group if a.date and a.date_precision == "day")
    return dates[0] if dates else None


CHANGED_FIELDS = ("story", "related", "timeline_date", "provenance")
"""The only fields of an article that `group_stories` sets."""


@dataclass(frozen=True)
class Before:
    """What the last run of the stage found, by the current articles' indices: an edit
    changes the related coverage of a few articles, which alone are worked out again."""

    group: np.ndarray
    """Each article's group in the last run (any number naming it; -1 for a new article)."""
    sizes: dict[int, int]
    """The size of each of those groups then, articles since removed included."""
    related: list[tuple[str, ...]]
    """Each article's related coverage then (empty for a new article)."""
    touched: np.ndarray
    """A mask of the articles whose related coverage may have changed with their pairs: the
    new ones, those whose coverage showed a removed article, and (`scored`) those a new
    pair may enter."""
    pairs: Pairs
    """The last run's pairs whose articles are both still here, by their indices now."""

    @staticmethod
    def of(
        names: Sequence[str | None], ids: Sequence[str], pairs: Pairs, labels: np.ndarray, related: Sequence[tuple[str, ...]],
        now: Sequence[str | None],
    ) -> tuple[Pairs, list[int], Before]:
        """From the last run over articles `names` (their `ids`, their `pairs`, each one's
        group label and related coverage) to the articles named `now`: the pairs whose
        articles are both still here, the articles that are new (a name of None is never
        known), and `Before`. Only the pairs of the new articles remain to be scored (then
        given to `scored`)."""
        index = {name: i for i, name in enumerate(now) if name is not None}
        moved = np.array([index.get(name, -1) for name in names], dtype=np.int64)
        first, second = moved[pairs.first], moved[pairs.second]
        keep = (first >= 0) & (second >= 0)
        known = {name for name in names if name is not None}
        fresh = [i for i, name in enumerate(now) if name not in known]
        here = moved >= 0
        group = np.full(len(now), -1, dtype=np.int64)
        group[moved[here]] = labels[here]
        was: list[tuple[str, ...]] = [()] * len(now)
        for old, new in zip(np.flatnonzero(here).tolist(), moved[here].tolist()):
            was[new] = related[old]
        touched = np.zeros(len(now), dtype=bool)
        touched[fresh] = True
        # A partner of a removed article (an edited one's old text too) shows other coverage
        # only if its coverage showed that article: an undated article pairs with thousands.
        for partner, gone in ((first, pairs.second), (second, pairs.first)):
            lost = ~keep & (partner >= 0)
            for p, r in zip(partner[lost].tolist(), gone[lost].tolist()):
                if ids[r] in was[p]:
                    touched[p] = True
        sizes = dict(zip(*(part.tolist() for part in np.unique(labels, return_counts=True))))
        # Still sorted (no second sort of millions): articles still here keep their order among
        # themselves, since their dates and ids, which newest_first sorts by, are in their names.
        kept = Pairs(first[keep], second[keep], pairs.score[keep])
        return kept, fresh, Before(group, sizes, was, touched, kept)

    @staticmethod
    def labels(articles: list[Article]) -> np.ndarray:
        """Each grouped article's group, as `of` takes it: the index of its first member (a
        story id names one group only; an article outside any story is its own group)."""
        first_of: dict[str, int] = {}
        return np.array([first_of.setdefault(a.story, i) if a.story else i for i, a in enumerate(articles)], dtype=np.int64)

    def scored(self, new: Pairs, ids: Sequence[str]) -> Before:
        """This, with the partners of the `new` pairs (those of the new articles, `ids` the
        articles' ids now) touched too where the pair may enter their related coverage:
        where it showed fewer than RELATED_OTHERS others, or the pair scores at least the
        last of them (ties count: the order among equals goes by id)."""
        touched = self.touched.copy()
        partner = np.concatenate((new.first, new.second))
        score = np.concatenate((new.score, new.score))
        open_ = ~touched[partner]
        partner, score = partner[open_], score[open_]
        candidates = np.unique(partner).tolist()
        at = {ident: i for i, ident in enumerate(ids)}
        bar = np.full(len(ids), np.inf)
        asked, last = [], []
        for p in candidates:
            others = self.related[p][self.sizes[int(self.group[p])] - 1:]
            if len(others) < RELATED_OTHERS or others[-1] not in at:
                bar[p] = -np.inf
            else:
                asked.append(p)
                last.append(at[others[-1]])
        if asked:
            mine, theirs = np.array(asked, dtype=np.int64), np.array(last, dtype=np.int64)
            size = len(ids)
            keys = self.pairs.first * size + self.pairs.second  # sorted, as the pairs are
            wanted = np.minimum(mine, theirs) * size + np.maximum(mine, theirs)
            at_pair = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
            found = keys[at_pair] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
            bar[mine] = np.where(found, self.pairs.score[at_pair] if len(keys) else 0.0, -np.inf)
        touched[partner[score >= bar[partner]]] = True
        return replace(self, touched=touched)

    def settled(self, groups: list[_Group]) -> np.ndarray:
        """A mask of the articles whose related coverage is as it was: their pairs are the
        same and so is their group, so the same articles are inside it and outside."""
        same = ~self.touched & (self.group >= 0)
        if not groups:
            return same
        # At once for all groups: one by one, 11,000 groups' numpy calls took 0.08 s.
        lengths = np.array([len(group.members) for group in groups], dtype=np.int64)
        members = np.fromiter((i for group in groups for i in group.members), dtype=np.int64, count=int(lengths.sum()))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        labels = self.group[members]
        low, high = np.minimum.reduceat(labels, starts), np.maximum.reduceat(labels, starts)
        size_then = np.array([self.sizes.get(label, -1) for label in low.tolist()], dtype=np.int64)
        changed = (low < 0) | (high != low) | (size_then != lengths)
        same[members[np.repeat(changed, lengths)]] = False
        return same


def group_stories(articles: list[Article], pairs: Pairs | None = None, before: Before | None = None) -> list[Article]:
    """Articles with their story ids, related coverage and timeline placement; order unchanged.
    `pairs` are the articles' `scored_pairs` when already known (the cache keeps them), and
    `before` what the last run found, if the cache has it."""
    if pairs is None:
        pairs = scored_pairs([vectors(a) for a in articles])
    groups = cluster(articles, pairs, before)
    if before is None:
        related = _related(pairs, groups, articles)
    else:
        settled = before.settled(groups)
        related = _related(pairs, groups, articles, ~settled)
        for i in np.flatnonzero(settled).tolist():
            related[i] = before.related[i]
    out = list(articles)
    for group in groups:
        story = _story_id(group, articles)
        members = [articles[i] for i in group.members]
        placed = _placed(members) if story else None
        for i in group.members:
            article = articles[i]
            changes: dict = {"story": story, "related": related[i]}
            if placed and not article.date:
                changes["timeline_date"] = placed
                changes["provenance"] = with_origin(article.provenance, timeline_date="story")
            if story and article.origin("story") != "override":
                changes["provenance"] = with_origin(changes.get("provenance", article.provenance), story="similarity")
            out[i] = with_fields(article, changes)
    return out


def _first_report(members: list[Article]) -> Article:
    dated = sorted((a for a in members if a.date), key=lambda a: (a.date or "", a.id))
    return dated[0] if dated else min(members, key=lambda a: a.id)


def story_list(articles: list[Article]) -> list[Story]:
    """The stories of grouped `articles`, newest first (by first report), then undated ones."""
    members: dict[str, list[Article]] = {}
    for article in articles:
        if article.story:
            members.setdefault(article.story, []).append(article)
    stories = []
    for ident, group in members.items():
        group.sort(key=lambda a: (a.date is None, a.date or "", a.id))
        dates = [a.date for a in group if a.date]
        by = "override" if any(a.origin("story") == "override" for a in group) else "similarity"
        stories.append(Story(ident, _first_report(group).title, tuple(a.id for a in group),
                             min(dates) if dates else None, max(dates) if dates else None, by))
    dated = sorted((s for s in stories if s.first_date), key=lambda s: s.id)
    dated.sort(key=lambda s: s.first_date or "", reverse=True)
    return dated + sorted((s for s in stories if not s.first_date), key=lambda s: s.id)
