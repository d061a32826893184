"""The scores of many pairs of articles at once, as `similarity.compare` gives them one by one.

`compare` scores one pair in pure Python (about 0.1 ms) and also gathers the evidence
a story page shows. A year of news holds millions of pairs dated within a week of
each other, and grouping needs only their scores. A score is two cosines and a
bonus, which sparse matrix products compute for a whole block of pairs in C from
each article's `Vectors`: a few kilobytes of numbers, worked out once per seed
beside its other per-seed work and kept in the cache.

Columns are terms (and figures) hashed to 63 bits, so that articles made in
different builds line up without a shared vocabulary. Two of 400,000 terms share a
hash with odds of about one in a hundred million; weights are positive, so a
collision could only raise a score.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, cast

import numpy as np

from .model import Article
from .similarity import FIGURE_BONUS, TEXT_SHARE, day_number, exact_figures, term_vectors

if TYPE_CHECKING:
    from scipy import sparse

FEW_ROWS = 2
"""Up to this many new articles are scored with numpy alone (`_few_rows_scorer`): each row
costs about 0.15 s against 11,000 undated neighbours, importing scipy 0.2 to 0.3 s."""
ROWS_PER_BLOCK = 512
"""Articles multiplied against their neighbours at once: a block's product stays a
few megabytes, and there are few enough blocks that Python's share is noise."""
_ROUNDING = 1e-6
"""Slack for float rounding: a product may differ from `compare`'s sum in the last bits."""


@dataclass(frozen=True, eq=False)
class Vectors:
    """What scoring an article against others needs, as arrays."""

    id: str
    date: str | None
    columns: np.ndarray
    """The profile's text and lede vectors side by side, as hashed term columns."""
    weights: np.ndarray
    """Their weights, scaled so that one dot product gives TEXT_SHARE x text + (1 - TEXT_SHARE) x lede."""
    figures: np.ndarray
    """The profile's exact figures as hashed columns."""

    def __reduce__(self) -> tuple:
        """Pickled as raw bytes: the cache keeps one per article, and an undated article's
        edit loads all of them (10,000 in 0.06 s, against 0.24 s as pickled arrays)."""
        arrays = (self.columns.astype(np.int64), self.weights.astype(np.float64), self.figures.astype(np.int64))
        return (_vectors_from_bytes, (self.id, self.date, *(a.tobytes() for a in arrays)))


def _vectors_from_bytes(ident: str, date: str | None, columns: bytes, weights: bytes, figures: bytes) -> Vectors:
    return Vectors(ident, date, np.frombuffer(columns, np.int64), np.frombuffer(weights, np.float64), np.frombuffer(figures, np.int64))


@dataclass(frozen=True, eq=False)
class Pairs:
    """Scored pairs of articles (indices i < j) as three aligned arrays, sorted by (i, j):
    a year of news has millions of related pairs, too many for Python objects."""

    first: np.ndarray
    second: np.ndarray
    score: np.ndarray

    @staticmethod
    def of(first: Sequence[int] | np.ndarray, second: Sequence[int] | np.ndarray, score: Sequence[float] | np.ndarray) -> Pairs:
        first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
        score = np.asarray(score, dtype=np.float64)
        low, high = np.minimum(first, second), np.maximum(first, second)
        order = np.lexsort((high, low))
        return Pairs(low[order], high[order], score[order])

    @staticmethod
    def from_dict(pairs: dict[tuple[int, int], float]) -> Pairs:
        return Pairs.of([i for i, _ in pairs], [j for _, j in pairs], list(pairs.values()))

    def as_dict(self) -> dict[tuple[int, int], float]:
        return {(i, j): s for i, j, s in zip(self.first.tolist(), self.second.tolist(), self.score.tolist())}

    def __add__(self, other: Pairs) -> Pairs:
        """Both sets of pairs, sorted: a merge of two sorted sets rather than a sort of their
        sum, since one edited article adds a few hundred pairs to millions."""
        size = 1 + max(int(part.max(initial=-1)) for part in (self.second, other.second))
        mine, theirs = self.first * size + self.second, other.first * size + other.second
        at = np.searchsorted(mine, theirs, side="right") + np.arange(len(theirs))
        from_mine = np.ones(len(mine) + len(theirs), dtype=bool)
        from_mine[at] = False

        def merged(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            out = np.empty(len(from_mine), dtype=np.result_type(a, b))
            out[from_mine], out[at] = a, b
            return out

        return Pairs(merged(self.first, other.first), merged(self.second, other.second), merged(self.score, other.score))

    def __len__(self) -> int:
        return len(self.score)

    def __getstate__(self) -> tuple:
        """Pickled small, as the cache keeps millions of pairs (and an edit reads and writes
        them): the first indices, sorted, as how many pairs each article opens; the second
        as 32 bits; scores, which have four decimal places, as 16-bit counts of 1/10,000.
        6 bytes a pair rather than 24."""
        levels = np.rint(self.score * 10_000)
        small = len(self.score) and levels.max() < 1 << 16 and self.second.max() < 1 << 31 and bool(np.all(self.first[1:] >= self.first[:-1]))
        if small and np.array_equal(levels / 10_000, self.score):
            return (np.bincount(self.first).astype(np.int32), self.second.astype(np.int32), levels.astype(np.uint16))
        return (self.first, self.second, self.score)

    def __setstate__(self, state: tuple) -> None:
        first, second, score = state
        if score.dtype == np.uint16:
            first = np.repeat(np.arange(len(first), dtype=np.int64), first)  # from each article's count
            score = score / 10_000  # the same float as round(x, 4): both are the double nearest k/10,000
        for name, value in (("first", first.astype(np.int64)), ("second", second.astype(np.int64)), ("score", score)):
            object.__setattr__(self, name, value)


def round4(values: np.ndarray) -> np.ndarray:
    """`round(value, 4)` of each value, bit for bit as Python rounds (numpy's own rounding
    can differ where value x 10,000 lies within a hair of a half)."""
    rounded = np.round(values, 4)
    scaled = values * 10_000
    close = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    rounded[close] = [round(v, 4) for v in values[close].tolist()]
    return rounded


@lru_cache(maxsize=1 << 17)
def _column(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little") >> 1


def vectors(article: Article) -> Vectors:
    """What of the article's `similarity.profile` scoring uses, as arrays: its term vectors and
    exact figures. Its names score nothing and are left out, which cost two fifths of the
    time here (0.37 against 0.61 s for the 644 articles of 575 synthetic seeds)."""
    text, lede = term_vectors(article)
    keys = [_column(f"text {t}") for t in text] + [_column(f"lede {t}") for t in lede]
    text_scale, lede_scale = math.sqrt(TEXT_SHARE), math.sqrt(1 - TEXT_SHARE)
    weights = [v * text_scale for v in text.values()] + [v * lede_scale for v in lede.values()]
    figures = sorted(_column(f"figure {key}") for key in exact_figures(article))
    return Vectors(article.id, article.date, np.array(keys, dtype=np.int64), np.array(weights), np.array(figures, dtype=np.int64))


def _matrix(columns: Sequence[np.ndarray], weights: Sequence[np.ndarray] | None = None, within: np.ndarray | None = None) -> sparse.csr_matrix:
    """One row per article over the hashed columns the rows use (weights 1 when not given).
    With `within` (sorted column keys), only those columns: when they are all the columns of
    the rows being scored, every product with one of those rows is the same, summed in the
    same order, and an edited article is not a sort of every article's columns."""
    from scipy import sparse  # imported when many articles are scored: an edit or a warm build never pays for it

    lengths = np.array([len(c) for c in columns], dtype=np.int64)
    keys = np.concatenate(columns) if columns else np.zeros(0, np.int64)
    values = np.concatenate(weights) if weights else np.ones(len(keys))
    every_key = within is None
    # Each key looked up among the sorted columns, rather than np.unique's inverse (an
    # argsort of every key): 0.46 against 0.96 s for the 3.9 million keys of 10,000 seeds.
    within = np.unique(keys) if every_key else within
    at = np.searchsorted(within, keys)
    if every_key:
        counts = lengths
    else:
        kept = within[np.minimum(at, len(within) - 1)] == keys if len(within) else np.zeros(len(keys), dtype=bool)
        counts = np.bincount(np.repeat(np.arange(len(columns)), lengths)[kept], minlength=len(columns))
        at, values = at[kept], values[kept]
    pointers = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
    return sparse.csr_matrix((values, at, pointers), shape=(len(columns), len(within)))


Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""The dense scores of some articles (rows) against others (columns), by their positions."""


def _sparse_scorer(found: list[Vectors], rows: list[Vectors] | None) -> Scorer:
    """Scores as sparse matrix products (scipy). With `rows`, the only articles that will
    be scored against the others, the matrices hold only those rows' columns."""
    text_within = figures_within = None
    if rows is not None:
        text_within = np.unique(np.concatenate([v.columns for v in rows]))
        figures_within = np.unique(np.concatenate([v.figures for v in rows]))
    text = _matrix([v.columns for v in found], [v.weights for v in found], text_within)
    figures = _matrix([v.figures for v in found], within=figures_within)

    def scores(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
        score = (text[mine] @ text[theirs].T).toarray()
        score += FIGURE_BONUS * ((figures[mine] @ figures[theirs].T).toarray() > 0)
        return score

    return scores


_LOW_BITS = 20
_LOW_MASK = (1 << _LOW_BITS) - 1


TERMS, FIGURES = 0, 1
"""The two kinds of column an `Index` lists."""


@dataclass(frozen=True)
class Index:
    """Which articles hold each column, for the articles an earlier build indexed (an
    inverted index): an edited undated article meets every article, and this gives the
    few that share each of its columns without reading every article's vectors."""

    covered: np.ndarray
    """Whether each article (by position) is indexed."""
    positions: np.ndarray
    """The position of each indexed article (by its number in the index); -1 once gone."""
    postings: Callable[[int, np.ndarray], dict[int, tuple[np.ndarray, np.ndarray]]]
    """`postings(kind, columns)`: for each of the `columns` (sorted, unique) that indexed
    articles hold, their numbers in the index and their weights there (1 for a figure)."""


def postings_of(found: list[Vectors]) -> dict[int, list[tuple[int, np.ndarray, np.ndarray]]]:
    """The `Index` of `found` by kind: (column, positions in `found` ascending, weights) for
    each column any of them holds, in column order."""
    listed: dict[int, list[tuple[int, np.ndarray, np.ndarray]]] = {}
    for kind, columns, weights in ((TERMS, [v.columns for v in found], [v.weights for v in found]),
                                   (FIGURES, [v.figures for v in found], [np.ones(len(v.figures)) for v in found])):
        keys = np.concatenate(columns or [np.zeros(0, np.int64)])
        values = np.concatenate(weights or [np.zeros(0)])
        owners = np.repeat(np.arange(len(found), dtype=np.int32), [len(c) for c in columns])
        order = np.argsort(keys, kind="stable")  # each column's articles in position order
        keys, values, owners = keys[order], values[order], owners[order]
        distinct, starts = np.unique(keys, return_index=True)
        ends = [*starts[1:].tolist(), len(keys)]
        listed[kind] = [(column, owners[start:end], values[start:end]) for column, start, end in zip(distinct.tolist(), starts.tolist(), ends)]
    return listed


def _few_rows_scorer(found: list[Vectors | None], index: Index | None = None, needed: np.ndarray | None = None) -> Scorer:
    """The scores `_sparse_scorer` gives, bit for bit, with numpy alone: for one edited or
    added article, importing scipy took longer than the scoring. A row's products with
    the others are summed in the row's column order, as scipy's CSR product sums them.
    Articles whose vectors are None are `index`ed; `needed` are the articles `found` is of,
    by position."""

    def scores(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
        at_hand = [j for j, i in enumerate(theirs.tolist()) if found[i] is not None]
        others = _Joined.of([cast(Vectors, found[i]) for i in theirs[at_hand].tolist()])  # once for the block's rows
        score = np.zeros((len(mine), len(theirs)))
        for n, row in enumerate(found[i] for i in mine.tolist()):
            assert row is not None, "a row is never taken from the index"
            score[n] = _direct_scores(row, others, at_hand, len(theirs))
            if index is not None and needed is not None:
                score[n] += _indexed_scores(row, index, needed[theirs])
        return score

    return scores


def _indexed_scores(row: Vectors, index: Index, theirs: np.ndarray) -> np.ndarray:
    """A row's scores against the indexed articles among `theirs` (positions), 0 for the rest:
    each pair's products summed in the row's column order, as `_direct_scores` sums them."""
    # Where each article stands among `theirs`, by its number in the index; `elsewhere` (a
    # last bin, dropped) when it is not there, not indexed, or gone (its position -1 reads
    # the last place). One lookup a posting: an undated article's columns list 2.4 million.
    elsewhere = len(theirs)
    place_of = np.full(len(index.covered) + 1, elsewhere, dtype=np.int64)
    place_of[theirs] = np.arange(len(theirs))
    place_of[:-1][~index.covered] = elsewhere
    place_of_indexed = place_of[index.positions]
    # Each column once, where the row first holds it (a hash shared within one article
    # would otherwise count twice), in the row's column order: concatenated in that order,
    # each pair's products are summed in it.
    distinct, first = np.unique(row.columns, return_index=True)
    listed = index.postings(TERMS, distinct)
    places = [place for place in np.sort(first).tolist() if int(row.columns[place]) in listed]
    held = [listed[int(row.columns[place])] for place in places]
    score = np.zeros(len(theirs))
    if held:
        who = place_of_indexed[np.concatenate([numbers for numbers, _ in held])]
        product = np.repeat(row.weights[places], [len(numbers) for numbers, _ in held]) * np.concatenate([weights for _, weights in held])
        score = np.bincount(who, weights=product, minlength=elsewhere + 1)[:elsewhere].astype(np.float64)  # float even when empty
    figures = list(index.postings(FIGURES, np.unique(row.figures)).values())
    shared = place_of_indexed[np.concatenate([numbers for numbers, _ in figures] or [np.zeros(0, np.int64)])]
    score[np.unique(shared[shared < elsewhere])] += FIGURE_BONUS
    return score


@dataclass(frozen=True)
class _Joined:
    """Some articles' vectors end to end, with where each article's start. Whose a key is
    comes from the starts, for the keys a row meets only: an owner for each of millions
    of keys took longer than the scoring."""

    count: int
    starts: np.ndarray
    keys: np.ndarray
    weights: np.ndarray
    figure_starts: np.ndarray
    figures: np.ndarray

    @staticmethod
    def of(found: list[Vectors]) -> _Joined:
        return _Joined(
            len(found),
            _starts([len(v.columns) for v in found]),
            np.concatenate([v.columns for v in found] or [np.zeros(0, np.int64)]),
            np.concatenate([v.weights for v in found] or [np.zeros(0)]),
            _starts([len(v.figures) for v in found]),
            np.concatenate([v.figures for v in found] or [np.zeros(0, np.int64)]),
        )


def _direct_scores(row: Vectors, others: _Joined, at: list[int], size: int) -> np.ndarray:
    """A row's scores against `others`, which stand at `at` among `size` columns (0 elsewhere)."""
    order = np.argsort(row.columns, kind="stable")
    ordered = row.columns[order]
    # Millions of keys against a row's few hundred: a table of the row's low bits
    # leaves a few thousand to search for (an undated article meets every article).
    maybe = np.zeros(1 << _LOW_BITS, dtype=bool)
    maybe[ordered & _LOW_MASK] = True
    candidates = np.flatnonzero(maybe[others.keys & _LOW_MASK])
    place_at = np.minimum(np.searchsorted(ordered, others.keys[candidates]), max(len(ordered) - 1, 0))
    found_at = ordered[place_at] == others.keys[candidates] if len(ordered) else np.zeros(len(candidates), dtype=bool)
    hits = candidates[found_at]  # ascending, as the keys lie
    place, whose = order[place_at[found_at]], np.searchsorted(others.starts, hits, side="right") - 1
    sequence = np.lexsort((place, whose))  # each pair's terms in the row's column order
    products = row.weights[place] * others.weights[hits]
    score = np.bincount(whose[sequence], weights=products[sequence], minlength=others.count).astype(np.float64)  # float even when empty
    shared = np.zeros(others.count, dtype=bool)
    shared[np.searchsorted(others.figure_starts, np.flatnonzero(np.isin(others.figures, row.figures)), side="right") - 1] = True
    score += FIGURE_BONUS * shared
    placed = np.zeros(size)
    placed[at] = score
    return placed


def _starts(lengths: list[int]) -> np.ndarray:
    """Where each of consecutive runs of `lengths` starts; the run holding position k is
    `searchsorted(starts, k, side="right") - 1` (an empty run holds none)."""
    return np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)[:-1])) if lengths else np.zeros(0, np.int64)


def _blocks(rows: list[int], days: list[int | None], window: int) -> list[tuple[list[int], list[int]]]:
    """(rows, the articles they may pair with) in blocks: a dated row pairs with the
    articles dated within `window` days of it and every undated one; an undated row
    pairs with every article. An article that is itself a row is among a block's columns
    only if it comes after the block's first row: a pair of two rows is kept once, from
    the row that comes first (`pair_scores`), so the others would be multiplied for
    nothing. In a cold build every article is a row, and this drops a third of the
    products (12.6 million cells instead of 19.6 at 10,000 seeds)."""
    order = sorted(range(len(days)), key=lambda i: (days[i] is None, days[i] or 0, i))
    dated = [i for i in order if days[i] is not None]
    undated = [i for i in order if days[i] is None]
    dated_days = np.array([days[i] for i in dated], dtype=np.int64)
    wanted = set(rows)
    runs: list[list[int]] = []
    for i in (i for i in dated if i in wanted):  # rows far apart in time go to separate blocks
        if runs and len(runs[-1]) < ROWS_PER_BLOCK and days[i] - days[runs[-1][-1]] <= window:
            runs[-1].append(i)
        else:
            runs.append([i])
    blocks = []
    for block in runs:
        low = np.searchsorted(dated_days, days[block[0]] - window, side="left")
        high = np.searchsorted(dated_days, days[block[-1]] + window, side="right")
        blocks.append((block, _after_first(block, dated[low:high] + undated, wanted)))
    undated_rows = [i for i in undated if i in wanted]
    for start in range(0, len(undated_rows), ROWS_PER_BLOCK):
        block = undated_rows[start : start + ROWS_PER_BLOCK]
        blocks.append((block, _after_first(block, order, wanted)))
    return blocks


def _after_first(block: list[int], columns: list[int], rows: set[int]) -> list[int]:
    """`columns` without the rows that come before every row of the block."""
    first = min(block)
    return [i for i in columns if i > first or i not in rows]


def pair_scores(
    dates: Sequence[str | None],
    vectors_of: Callable[[list[int]], list[Vectors]],
    floor: float,
    window: int,
    rows: Collection[int] | None = None,
    index: Index | None = None,
) -> Pairs:
    """The score of every pair of articles (by their `dates`) that scores at least `floor`,
    leaving out pairs dated more than `window` days apart. With `rows`, only the pairs
    with an article among `rows` (the articles that are new since the pairs were last
    scored). `vectors_of` gives the vectors of the articles at some indices: only those
    that may pair with `rows` are asked for, and with an `index` and few rows, only
    those it does not cover."""
    rows = list(range(len(dates))) if rows is None else sorted(set(rows))
    days = [day_number(date) for date in dates]
    blocks = _blocks(rows, days, window)
    needed = sorted({i for block, columns in blocks for i in (*block, *columns)})
    local = np.full(len(dates), -1, dtype=np.int64)
    local[needed] = np.arange(len(needed))
    is_row = np.zeros(len(dates), dtype=bool)
    is_row[rows] = True
    if len(rows) <= FEW_ROWS:
        indexed = index.covered & ~is_row if index is not None else np.zeros(len(dates), dtype=bool)
        if index is not None:
            index = replace(index, covered=indexed)
        wanted = [i for i in needed if not indexed[i]]
        at_hand = dict(zip(wanted, vectors_of(wanted)))
        scores = _few_rows_scorer([at_hand.get(i) for i in needed], index, np.array(needed, dtype=np.int64))
    else:
        found_vectors = vectors_of(needed)
        scores = _sparse_scorer(found_vectors, [found_vectors[local[i]] for i in rows] if len(rows) < len(needed) // 2 else None)
    day_of = np.array([-1 if d is None else d for d in days], dtype=np.int64)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for block, columns in blocks:
        block_at, columns_at = np.array(block, dtype=np.int64), np.array(columns, dtype=np.int64)  # a block may meet no column
        mine, theirs = local[block_at], local[columns_at]
        score = scores(mine, theirs)
        first, second = np.nonzero(score >= floor - _ROUNDING)
        values = round4(score[first, second])  # as `compare` rounds
        first, second = block_at[first], columns_at[second]
        keep = (values >= floor) & (first != second) & (~is_row[second] | (first < second))  # a pair of two rows once
        apart = np.abs(day_of[first] - day_of[second])
        keep &= (day_of[first] < 0) | (day_of[second] < 0) | (apart <= window)
        found.append((first[keep], second[keep], values[keep]))
    if not found:
        return Pairs.of([], [], [])
    return Pairs.of(*(np.concatenate(part) for part in zip(*found)))
