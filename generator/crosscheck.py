"""Set the key figures the sources of a story report side by side, and find where they disagree.

The figures are each article's `key_figures`, computed once by the pipeline
(`generator/figures.py`), with the periods they cover; each holds the range of values
its text allows. A row gathers the figures that measure one thing: the same kind and
unit (money in USD, counts of people...) and either the same value or a word in
common in the clauses that say what they measure, names left out ("train" in
"pledged to provide AI training to 3 million people" and "aims to train thousands of
individuals"). A row is a disagreement when every source is consistent with itself
but two sources' values cannot both be true (3 million against "thousands"). Rows
where a source contradicts itself are shown, never flagged: the reader sees them,
the page does not guess which figure is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import comparable
from .model import Article, Figure
from .similarity import proper_nouns
from .terms import terms

TOLERANCE = 0.02
"""Exact figures within 2% agree: "$12.9bn" and "$13 billion" are one figure rounded."""
MAX_ROWS = 12
"""Rows on a story page: disagreements first, then figures several sources report."""

_SUFFIX = re.compile(r"(?:ments?|ings?|ed|ers?|ions?|s)$")
_KIND_LABEL = {"money": "amount ({unit})", "percent": "percentage", "count": "{unit}", "age": "age", "duration": "period ({unit})"}


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


@dataclass(frozen=True)
class _Reported:
    """A key figure of one source, with what the comparison reads of it."""

    source: int
    figure: Figure
    measures: str
    """`comparable(figure)`: "count:people", "money:USD"."""
    context: tuple[str, ...]
    """The terms of its measure clause other than the figure and names: what it is about."""
    roots: frozenset[str]


def _reported(source: int, article: Article) -> list[_Reported]:
    """The article's key figures (each distinct already) and the periods they cover, with what each measures."""
    names = {term for term, _ in proper_nouns(article)} if article.key_figures else set()
    found = []
    for fig in article.key_figures:
        clause = fig.measure.replace(fig.text, " ")
        clause = clause.replace(fig.period.text, " ") if fig.period else clause
        about = tuple(t for t in terms(clause) if t not in names)
        roots = frozenset(_root(t) for t in about)
        found += [_Reported(source, f, comparable(f), about, roots) for f in (fig, fig.period) if f is not None]
    return found


def _agree(a: Figure, b: Figure) -> bool:
    """Whether two figures' ranges can both be true (exact values within TOLERANCE)."""
    slack = TOLERANCE * max(abs(a.low), abs(b.low), abs(a.high) if a.high != float("inf") else 0)
    return a.low <= b.high + slack and b.low <= a.high + slack


def _rows(items: list[_Reported]) -> list[list[_Reported]]:
    """Union the figures of all sources into rows (connected components of "same measure")."""
    parent = list(range(len(items)))

    def top(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a.measures != b.measures:
                continue
            same_value = a.figure.exact and b.figure.exact and _agree(a.figure, b.figure)
            if same_value or a.roots & b.roots:
                parent[top(j)] = top(i)
    groups: dict[int, list[_Reported]] = {}
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


def _label(group: list[_Reported]) -> str:
    """What the row measures: "people: train", "amount (USD): investment"."""
    kind, _, unit = group[0].measures.partition(":")
    label = _KIND_LABEL[kind].format(unit=unit)
    counts: dict[str, int] = {}
    written: dict[str, str] = {}
    for item in group:
        for root in item.roots:
            counts[root] = counts.get(root, 0) + 1
        for term in sorted(item.context, key=lambda t: (len(t), t)):
            written.setdefault(_root(term), term)
    shared = sorted((r for r, n in counts.items() if n > 1 or len(group) == 1), key=lambda r: (-counts[r], r))
    return f"{label}: {', '.join(written[r] for r in shared[:2])}" if shared else label


def compare_figures(articles: list[Article]) -> list[Row]:
    """Rows of key figures for a story's sources (`articles`, in display order), most telling first."""
    items = [item for source, article in enumerate(articles) for item in _reported(source, article)]
    rows = []
    for group in _rows(items):
        cells = [[item.figure for item in group if item.source == source] for source in range(len(articles))]
        rows.append(Row(_label(group), tuple(tuple(c) for c in cells), _conflicts(cells)))
    # Disagreements, then what most sources report, then reading order (stable).
    order = {id(row): n for n, row in enumerate(rows)}
    rows.sort(key=lambda r: (not r.conflicts, -r.sources, order[id(r)]))
    return rows[:MAX_ROWS]
