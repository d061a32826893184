"""Set the figures the sources of a story report side by side, and find where they disagree.

A row gathers the figures that measure one thing: the same kind and unit (money in
USD, counts of people...) and either the same value or a word in common near the
number that is not a name ("train" in "pledged to provide AI training to 3 million
people" and "aims to train thousands of individuals"). A row is a disagreement when
every source is consistent with itself but two sources' values cannot both be true
(3 million against "thousands"). Rows where a source contradicts itself are shown,
never flagged: the reader sees them, the page does not guess which figure is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .figure_phrases import Figure, extract_figures
from .model import Article
from .similarity import proper_nouns

TOLERANCE = 0.02
"""Exact figures within 2% agree: "$12.9bn" and "$13 billion" are one figure rounded."""
MAX_ROWS = 12
"""Rows on a story page: disagreements first, then figures several sources report."""

_SUFFIX = re.compile(r"(?:ments?|ings?|ed|ers?|ions?|s)$")
_KIND_LABEL = {"money": "amount", "percent": "percentage", "age": "age", "duration": "{unit}s", "count": "{unit}"}


@dataclass(frozen=True)
class Row:
    """One measure, and what each source of the story reports for it."""

    label: str
    cells: tuple[tuple[Figure, ...], ...]
    """Per source, in the story's order: the figures it gives (empty if it gives none)."""
    conflicts: tuple[tuple[int, int], ...]
    """Pairs of sources (indices into `cells`) whose figures cannot both be true."""

    @property
    def sources(self) -> int:
        return sum(1 for cell in self.cells if cell)


def _root(term: str) -> str:
    # Context words meet across inflections: "training" and "train", "investment" and "invest".
    root = _SUFFIX.sub("", term)
    return root if len(root) >= 4 else term


def _figures(article: Article) -> list[tuple[Figure, frozenset[str]]]:
    """The article's figures, each once, with the roots of its context minus names."""
    names = {term for term, _ in proper_nouns(article)}
    seen: set[tuple] = set()
    found = []
    for fig in extract_figures(article.title + "\n" + article.body):
        key = (fig.kind, fig.unit, fig.low, fig.high)
        if key in seen:
            continue
        seen.add(key)
        found.append((fig, frozenset(_root(t) for t in fig.context if t not in names)))
    return found


def _agree(a: Figure, b: Figure) -> bool:
    """Whether two figures' ranges can both be true (exact values within TOLERANCE)."""
    slack = TOLERANCE * max(abs(a.low), abs(b.low), abs(a.high) if a.high != float("inf") else 0)
    return a.low <= b.high + slack and b.low <= a.high + slack


def _rows(found: list[list[tuple[Figure, frozenset[str]]]]) -> list[list[tuple[int, Figure, frozenset[str]]]]:
    """Union the figures of all sources into rows (connected components of "same measure")."""
    items = [(s, fig, ctx) for s, figs in enumerate(found) for fig, ctx in figs]
    parent = list(range(len(items)))

    def top(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (_, a, ca) in enumerate(items):
        for j in range(i + 1, len(items)):
            _, b, cb = items[j]
            if (a.kind, a.unit) != (b.kind, b.unit):
                continue
            same_value = a.exact and b.exact and _agree(a, b)
            if same_value or ca & cb:
                parent[top(j)] = top(i)
    groups: dict[int, list[tuple[int, Figure, frozenset[str]]]] = {}
    for i, item in enumerate(items):
        groups.setdefault(top(i), []).append(item)
    return list(groups.values())


def _conflicts(cells: list[list[Figure]]) -> tuple[tuple[int, int], ...]:
    consistent = [bool(c) and all(_agree(a, b) for a in c for b in c) for c in cells]
    pairs = []
    for i in range(len(cells)):
        for j in range(i + 1, len(cells)):
            if consistent[i] and consistent[j] and not any(_agree(a, b) for a in cells[i] for b in cells[j]):
                pairs.append((i, j))
    return tuple(pairs)


def _label(figures: list[tuple[int, Figure, frozenset[str]]]) -> str:
    """What the row measures: "people: train", "amount (USD): investment"."""
    first = figures[0][1]
    label = f"amount ({first.unit})" if first.kind == "money" and first.unit else _KIND_LABEL[first.kind].format(unit=first.unit)
    counts: dict[str, int] = {}
    written: dict[str, str] = {}
    for _, fig, roots in figures:
        for term in sorted(fig.context, key=len):
            if _root(term) in roots:
                counts[_root(term)] = counts.get(_root(term), 0) + 1
                written.setdefault(_root(term), term)
    shared = sorted((r for r, n in counts.items() if n > 1 or len(figures) == 1), key=lambda r: (-counts[r], r))
    return f"{label}: {', '.join(written[r] for r in shared[:2])}" if shared else label


def compare_figures(articles: list[Article]) -> list[Row]:
    """Rows of figures for a story's sources (`articles`, in display order), most telling first."""
    found = [_figures(a) for a in articles]
    rows = []
    for group in _rows(found):
        cells = [[fig for s, fig, _ in group if s == source] for source in range(len(articles))]
        rows.append(Row(_label(group), tuple(tuple(c) for c in cells), _conflicts(cells)))
    # Disagreements, then what most sources report, then reading order (stable).
    order = {id(row): n for n, row in enumerate(rows)}
    rows.sort(key=lambda r: (not r.conflicts, -r.sources, order[id(r)]))
    return rows[:MAX_ROWS]
