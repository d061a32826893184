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

import heapq
import itertools
from collections.abc import Collection
from dataclasses import dataclass, replace

from .model import Article, Story, with_origin
from .pairs import Vectors, pair_scores, vectors
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


@dataclass(frozen=True)
class _Group:
    members: tuple[int, ...]
    name: str | None
    """The maintainer's story name, if a member is pinned."""


def scored_pairs(found: list[Vectors], rows: Collection[int] | None = None) -> dict[tuple[int, int], float]:
    """The score of every pair of related articles (i < j) dated within the window of
    each other; with `rows`, only the pairs with an article among `rows`."""
    return pair_scores(found, RELATED_MIN, WINDOW_DAYS, rows)


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


def average_linkage(members: list[int], pairs: dict[tuple[int, int], float]) -> list[tuple[int, ...]]:
    """Groups of `members`: the two groups with the highest mean pair score merge while it is at least SAME_STORY.

    Two groups can only merge if some pair between them scores SAME_STORY, so no group
    ever spans two components of the graph of such pairs: each component is clustered
    alone, which gives the same groups as clustering all members at once, in far less time."""
    groups = []
    for component in _components(members, pairs):
        groups += _average_linkage(component, pairs) if len(component) > 1 else [tuple(component)]
    return sorted(groups)


def _components(members: list[int], pairs: dict[tuple[int, int], float]) -> list[list[int]]:
    """Members joined by pairs that score at least SAME_STORY, by union-find."""
    parent = {i: i for i in members}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), score in pairs.items():
        if score >= SAME_STORY and i in parent and j in parent:
            parent[root(i)] = root(j)
    found: dict[int, list[int]] = {}
    for i in members:
        found.setdefault(root(i), []).append(i)
    return list(found.values())


def _average_linkage(members: list[int], pairs: dict[tuple[int, int], float]) -> list[tuple[int, ...]]:
    """Average linkage over one component. Each group is known by its smallest member;
    a heap holds every link of mean at least SAME_STORY as (-mean, a, b), so the pop
    is the highest mean, ties to the smallest ids. A merge changes the means of the
    merged group's links only: those are pushed again, and an entry whose mean is no
    longer current is skipped when it comes up."""
    groups = {i: [i] for i in members}
    links: dict[int, dict[int, float]] = {i: {} for i in members}
    for (i, j), score in pairs.items():
        if i in groups and j in groups:
            links[i][j] = links[j][i] = score
    heap = [(-score, i, j) for (i, j), score in pairs.items() if score >= SAME_STORY and i in groups and j in groups]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if b not in links.get(a, ()) or links[a][b] / (len(groups[a]) * len(groups[b])) != -negative:
            continue  # a group merged since: its links were pushed again with their new means
        groups[a] += groups.pop(b)
        del links[a][b]
        for c, total in links.pop(b).items():
            if c != a:
                del links[c][b]
                links[a][c] = links[c][a] = links[a].get(c, 0.0) + total
        for c, total in links[a].items():
            mean = total / (len(groups[a]) * len(groups[c]))
            if mean >= SAME_STORY:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    return sorted(tuple(sorted(g)) for g in groups.values())


def cluster(articles: list[Article], pairs: dict[tuple[int, int], float]) -> list[_Group]:
    """Groups of `articles` (indices): the automatic ones, then the maintainers' named ones.

    A named story holds exactly the articles whose sidecar names it, plus, when the
    name is an article's id, the automatic story of that article."""
    pinned = _pinned(articles)
    automatic = average_linkage([i for i in range(len(articles)) if i not in pinned], pairs)
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


def _related(i: int, story: list[int], scores: dict[int, list[tuple[float, str, int]]], articles: list[Article]) -> tuple[str, ...]:
    own = [articles[j].id for j in story if j != i]
    others = sorted((-score, ident) for score, ident, j in scores.get(i, ()) if j not in story)
    return tuple(own + [ident for _, ident in others[:RELATED_OTHERS]])


def _scores_by_article(pairs: dict[tuple[int, int], float], articles: list[Article]) -> dict[int, list[tuple[float, str, int]]]:
    """For each article, (score, id, index) of every article it is related to."""
    scores: dict[int, list[tuple[float, str, int]]] = {}
    for (i, j), score in pairs.items():
        scores.setdefault(i, []).append((score, articles[j].id, j))
        scores.setdefault(j, []).append((score, articles[i].id, i))
    return scores


def _placed(group: list[Article]) -> str | None:
    """The earliest full date among a story's dated members: where its undated ones stand."""
    dates = sorted(a.date for a in group if a.date and a.date_precision == "day")
    return dates[0] if dates else None


def group_stories(articles: list[Article], pairs: dict[tuple[int, int], float] | None = None) -> list[Article]:
    """Articles with their story ids, related coverage and timeline placement; order unchanged.
    `pairs` are the articles' `scored_pairs` when already known (the cache keeps them)."""
    if pairs is None:
        pairs = scored_pairs([vectors(a) for a in articles])
    scores = _scores_by_article(pairs, articles)
    out = list(articles)
    for group in cluster(articles, pairs):
        story = _story_id(group, articles)
        members = [articles[i] for i in group.members]
        placed = _placed(members) if story else None
        for i in group.members:
            article = articles[i]
            changes: dict = {"story": story, "related": _related(i, list(group.members), scores, articles)}
            if placed and not article.date:
                changes["timeline_date"] = placed
                changes["provenance"] = with_origin(article.provenance, timeline_date="story")
            if story and article.origin("story") != "override":
                changes["provenance"] = with_origin(changes.get("provenance", article.provenance), story="similarity")
            out[i] = replace(article, **changes)
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
