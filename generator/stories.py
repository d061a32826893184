"""Group articles that cover the same event into stories.

Contract (the pipeline's stories stage): sorted articles in, the same articles in
the same order out, with `story` set on the members of each story, `related` listing
other coverage, and `timeline_date` placing an undated member beside its story.

How articles are grouped:

1. A maintainer's `story:` (sidecar override) pins an article to that story. Articles
   naming the same story are one story; two different named stories never merge.
   `story: <an article id>` also pins that article, so a story can be joined by
   naming its id, which is what an unpinned story is called (see 4).
2. Every other pair is scored by `similarity.compare` (text, lede and shared figures).
   Pairs whose dates are both known and more than `WINDOW_DAYS` apart score 0.
3. Average-linkage clustering: the two groups with the highest mean pair score merge
   while that mean is at least `SAME_STORY`. Average linkage, not single linkage, so
   that one article resembling two different events cannot chain them together.
4. A story's id is its pinned name, else the smallest id among its members: ids
   never change while dates may be corrected, and an unrelated seed added later
   cannot change a story it does not join (each pair's score depends only on the
   pair, see `similarity`). An article alone keeps `story=None`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import Article, with_origin
from .similarity import Evidence, Profile, candidate_pairs, compare, days_apart, profile

SAME_STORY = 0.40
"""Mean pair score at which two groups are one story. On the labelled set
(tests/data/stories, 246 documents, 39 same-story pairs) pairwise F0.5 peaks at
0.40 (precision 0.969, recall 0.795 pair by pair before clustering); the bundled
seeds sit either side with room: 000/001 score 0.59, no other seed pair above 0.32.
F0.5 because a false merge misleads a reader more than a missed one."""
WINDOW_DAYS = 7
"""Coverage of one event comes within a week; later pieces are follow-ups, a new story.
No labelled same-story pair is more than 1 day apart."""
RELATED_MIN = 0.15
"""Least score for "related coverage": above every pair of BBC articles from different
sections (1,440 pairs, highest 0.149), which are unrelated by construction."""
RELATED_OTHERS = 3
"""Related articles shown beyond the article's own story."""


@dataclass(frozen=True)
class _Group:
    members: tuple[int, ...]
    name: str | None
    """The maintainer's story name, if a member is pinned."""


def scored_pairs(profiles: list[Profile]) -> dict[tuple[int, int], Evidence]:
    """Evidence for every pair worth scoring (sharing a heavy term, within the window)."""
    pairs = {}
    for i, j in candidate_pairs(profiles):
        apart = days_apart(profiles[i].date, profiles[j].date)
        if apart is not None and apart > WINDOW_DAYS:
            continue
        evidence = compare(profiles[i], profiles[j])
        if evidence.score >= RELATED_MIN:
            pairs[(i, j)] = evidence
    return pairs


def _pinned_groups(articles: list[Article]) -> list[_Group]:
    names: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        if article.story is not None and article.origin("story") == "override":
            names.setdefault(article.story, []).append(i)
    by_id = {a.id: i for i, a in enumerate(articles)}
    for name, members in names.items():
        target = by_id.get(name)
        if target is not None and target not in members and articles[target].origin("story") != "override":
            members.append(target)  # `story: <article id>` joins that article's story
    pinned = {i for members in names.values() for i in members}
    groups = [_Group(tuple(sorted(m)), name) for name, m in sorted(names.items())]
    return groups + [_Group((i,), None) for i in range(len(articles)) if i not in pinned]


def _pinned(articles: list[Article]) -> set[int]:
    return {i for g in _pinned_groups(articles) if g.name for i in g.members}


def cluster(articles: list[Article], pairs: dict[tuple[int, int], Evidence]) -> list[_Group]:
    """Average-linkage groups of `articles` (indices), pinned groups kept apart from each other."""
    groups = {g.members[0]: g for g in _pinned_groups(articles)}
    home = {i: key for key, g in groups.items() for i in g.members}
    links: dict[tuple[int, int], float] = {}
    for (i, j), evidence in pairs.items():
        a, b = sorted((home[i], home[j]))
        if a != b:
            links[(a, b)] = links.get((a, b), 0.0) + evidence.score
    while True:
        best = None
        for (a, b), total in links.items():
            if groups[a].name and groups[b].name:
                continue
            mean = total / (len(groups[a].members) * len(groups[b].members))
            if mean >= SAME_STORY and (best is None or (mean, -a, -b) > (best[0], -best[1], -best[2])):
                best = (mean, a, b)
        if best is None:
            return sorted(groups.values(), key=lambda g: g.members)
        _, a, b = best
        groups[a] = _Group(tuple(sorted(groups[a].members + groups[b].members)), groups[a].name or groups[b].name)
        del groups[b]
        merged: dict[tuple[int, int], float] = {}
        for (x, y), total in links.items():
            x, y = (a if x == b else x), (a if y == b else y)
            if x != y:
                key = (min(x, y), max(x, y))
                merged[key] = merged.get(key, 0.0) + total
        links = merged


def _story_id(group: _Group, articles: list[Article]) -> str | None:
    if group.name:
        return group.name
    if len(group.members) < 2:
        return None
    return min(articles[i].id for i in group.members)


def _related(i: int, story: list[int], pairs: dict[tuple[int, int], Evidence], articles: list[Article]) -> tuple[str, ...]:
    own = [articles[j].id for j in story if j != i]
    scores = []
    for (x, y), evidence in pairs.items():
        if i in (x, y):
            other = y if x == i else x
            if other not in story:
                scores.append((-evidence.score, articles[other].id))
    return tuple(own + [ident for _, ident in sorted(scores)[:RELATED_OTHERS]])


def _placed(group: list[Article]) -> str | None:
    """The earliest full date among a story's dated members: where its undated ones stand."""
    dates = sorted(a.date for a in group if a.date and a.date_precision == "day")
    return dates[0] if dates else None


def group_stories(articles: list[Article]) -> list[Article]:
    """Articles with their story ids, related coverage and timeline placement; order unchanged."""
    profiles = [profile(a) for a in articles]
    pairs = scored_pairs(profiles)
    out = list(articles)
    pinned = _pinned(articles)
    for group in cluster(articles, pairs):
        story = _story_id(group, articles)
        members = [articles[i] for i in group.members]
        placed = _placed(members) if story else None
        for i in group.members:
            article = articles[i]
            changes: dict = {"story": story, "related": _related(i, list(group.members), pairs, articles)}
            if placed and not article.date:
                changes["timeline_date"] = placed
                changes["provenance"] = with_origin(article.provenance, timeline_date="story")
            if story and article.origin("story") != "override":
                origin = "override" if i in pinned else "similarity"
                changes["provenance"] = with_origin(changes.get("provenance", article.provenance), story=origin)
            out[i] = replace(article, **changes)
    return out
