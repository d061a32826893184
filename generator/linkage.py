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


def average_linkage(members: list[int], pairs: Pairs, threshold: float) -> list[tuple[int, ...]]:
    """Groups of `members` (article indices), each sorted, in order of their first member."""
    size = int(max(members, default=-1)) + 1
    member = np.zeros(size, dtype=bool)
    member[members] = True
    inside = (pairs.first < size) & (pairs.second < size)
    first, second, score = pairs.first[inside], pairs.second[inside], pairs.score[inside]
    inside = member[first] & member[second]
    first, second, score = first[inside], second[inside], score[inside]
    strong = score >= threshold
    # Imported here, when stories are grouped: a build with nothing new never pays for scipy.
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(int(strong.sum())), (first[strong], second[strong])), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    count = np.bincount(label[members], minlength=label.max(initial=0) + 1)
    groups = [(i,) for i in members if count[label[i]] == 1]
    together = (label[first] == label[second]) & (count[label[first]] > 1)
    links: dict[int, dict[tuple[int, int], float]] = {}
    for i, j, value in zip(first[together].tolist(), second[together].tolist(), score[together].tolist()):
        links.setdefault(int(label[i]), {})[(i, j)] = value
    components: dict[int, list[int]] = {}
    for i in members:
        if count[label[i]] > 1:
            components.setdefault(int(label[i]), []).append(i)
    for key, component in components.items():
        groups += _cluster_component(component, links.get(key, {}), threshold)
    return sorted(groups)


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
