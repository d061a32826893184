"""LexRank runs in numpy, but every score must keep the last bit the plain Python power
iteration gives it: scores feed a ranking, and two close sentences swapping places would
change a summary. The reference below is that loop, as it stood before numpy."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from generator.centrality import cosine, lexrank, unit_vectors
from generator.sentences import split_sentences, tokens
from generator.summarize import MAX_CANDIDATES

from .conftest import ROOT


def reference_lexrank(vectors: list[dict[str, float]], damping: float = 0.85, rounds: int = 50) -> list[float]:
    n = len(vectors)
    if n == 0:
        return []
    rows: list[dict[int, float]] = [{} for _ in range(n)]
    for term in dict.fromkeys(t for v in vectors for t in v):
        posting = [(i, v[term]) for i, v in enumerate(vectors) if term in v]
        for i, wi in posting:
            for j, wj in posting:
                if i != j:
                    rows[i][j] = rows[i].get(j, 0.0) + wi * wj
    incoming: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for j, row in enumerate(rows):
        total = sum(row.values())
        for i, weight in row.items():
            incoming[i].append((j, weight / total))
    scores = [1.0 / n] * n
    for _ in range(rounds):
        new = [(1 - damping) / n + damping * sum(w * scores[j] for j, w in incoming[i]) for i in range(n)]
        done = max(abs(a - b) for a, b in zip(new, scores)) < 1e-6 / n
        scores = new
        if done:
            break
    top = max(scores) or 1.0
    return [s / top for s in scores]


def seed_sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "content" / "seeds").glob("*.txt")))
    return [s for line in text.splitlines() for s in split_sentences(line) if tokens(s)]


@pytest.mark.parametrize("count", [1, 2, 7, 40, MAX_CANDIDATES])
def test_lexrank_matches_the_python_loop_bit_for_bit(count):
    sentences = seed_sentences()
    rng = random.Random(count)
    for _ in range(5):
        picked = rng.sample(sentences, min(count, len(sentences)))
        vectors = unit_vectors([Counter(tokens(s)) for s in picked])
        assert lexrank(vectors) == reference_lexrank(vectors)


def test_cosine_is_one_for_a_sentence_and_itself():
    (vector,) = unit_vectors([Counter(tokens("Microsoft will invest $2.9 billion in Japan's cloud and AI."))])
    assert cosine(vector, vector) == pytest.approx(1.0)
