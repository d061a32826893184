"""Average-linkage clustering of articles over their scored pairs.

The two groups with the highest mean pair score merge while that mean is at least
the threshold; a pair that was not scored (unrelated, or dated too far apart)
counts as 0. Average, not single, linkage so that one article resembling two
different events cannot chain them together.

Two groups can only merge if some pair between them reaches the threshold, so no
group ever spans two components of the graph of such pairs: each component is
clustered alone, which gives the same groups as clustering all articles at once.
Within a component, a heap holds every link whose mean reaches the threshold.
"""

from __future__ import annotations

import heapq

import numpy as np

from .pairs import Pairs


def average_linkage(
    members: list[int], pairs: Pairs, threshold: float, previous: np.ndarray | None = None, sizes: dict[int, int] | None = None
) -> list[tuple[int, ...]]:
    """Groups of `members` (article indices), each sorted, in order of their first member.

    `previous` labels each article with its group in a run over the same pairs among
    the articles both runs have (-1 for a new one), and `sizes` gives those groups'
    sizes then. A component whose articles are all old and whose old groups all lie
    whole inside it has the same pairs as then, so it keeps its groups: it is not
    clustered again (an edit touches one component or two of hundreds)."""
    at = np.asarray(members, dtype=np.int64)
    size = 1 + max(int(at.max(initial=-1)), int(pairs.first.max(initial=-1)), int(pairs.second.max(initial=-1)))
    member = np.zeros(size, dtype=bool)
    member[at] = True
    # One pass over the millions of pairs, for the few thousand strong enough to merge;
    # Python loops only over the articles that share a component with another article.
    strong = np.flatnonzero(pairs.score >= threshold)
    first, second = pairs.first[strong], pairs.second[strong]
    among = member[first] & member[second]
    label = _components(size, first[among], second[among])
    count = np.bincount(label[at], minlength=label.max(initial=0) + 1)
    grouped = member & (count[label] > 1)
    components: dict[int, list[int]] = {}
    for i in at[grouped[at]].tolist():
        components.setdefault(int(label[i]), []).append(i)
    groups = [(i,) for i in at[~grouped[at]].tolist()]
    fresh = []
    for key, component in components.items():
        kept = _as_before(component, previous, sizes) if previous is not None and sizes is not None else None
        if kept is not None:
            groups += kept
        else:
            fresh.append((key, component))
    links = _links_within([i for _, component in fresh for i in component], pairs, label)
    for key, component in fresh:
        groups += _cluster_component(component, links.get(key, {}), threshold)
    return sorted(groups)


def _links_within(articles: list[int], pairs: Pairs, label: np.ndarray) -> dict[int, dict[tuple[int, int], float]]:
    """Every pair (strong or not) of `articles` with an article of its own component, by
    component. Pairs are sorted by their first article, so each article's are one run
    of them: an edit reads the runs of the component or two it clusters again, not the
    millions of pairs."""
    rows = np.asarray(sorted(articles), dtype=np.int64)
    starts = np.searchsorted(pairs.first, rows, side="left")
    lengths = np.searchsorted(pairs.first, rows, side="right") - starts
    at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    first, second = pairs.first[at], pairs.second[at]
    within = label[first] == label[second]
    links: dict[int, dict[tuple[int, int], float]] = {}
    for i, j, value in zip(first[within].tolist(), second[within].tolist(), pairs.score[at][within].tolist()):
        links.setdefault(int(label[i]), {})[(i, j)] = value
    return links


def _as_before(component: list[int], previous: np.ndarray, sizes: dict[int, int]) -> list[tuple[int, ...]] | None:
    """The component's groups of the previous run, if it kept them all whole; else None."""
    labels = previous[component]
    found, counts = np.unique(labels, return_counts=True)
    # A new article's label (-1) has no size, and a group that lost an article another.
    if any(sizes.get(label) != count for label, count in zip(found.tolist(), counts.tolist())):
        return None
    groups: dict[int, list[int]] = {}
    for i, group in zip(component, labels.tolist()):
        groups.setdefault(group, []).append(i)
    return [tuple(sorted(g)) for g in groups.values()]


def _components(size: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Each node's component (its smallest node) in the graph of edges `first`-`second`:
    union-find over the few thousand pairs strong enough to merge."""
    parent = list(range(size))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    linked = set()
    for a, b in zip(first.tolist(), second.tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        linked.update((a, b))
    label = np.arange(size, dtype=np.int64)  # a node on no edge is its own component
    for node in linked:
        label[node] = root(node)
    return label


def _cluster_component(members: list[int], pairs: dict[tuple[int, int], float], threshold: float) -> list[tuple[int, ...]]:
    """Each group is known by its smallest member. The heap holds (-mean, a, b), so a pop
    is the highest mean, ties to the smallest ids. A merge changes the means of the
    merged group's links only: those are pushed again, and an entry whose mean is no
    longer current is skipped when it comes up."""
    groups = {i: [i] for i in members}
    links: dict[int, dict[int, float]] = {i: {} for i in members}
    for (i, j), score in pairs.items():
        links[i][j] = links[j][i] = score
    heap = [(-score, i, j) for (i, j), score in pairs.items() if score >= threshold]
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
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    return [tuple(sorted(g)) for g in groups.values()]
