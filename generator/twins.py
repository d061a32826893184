"""Seeds that repeat another seed: the same source URL, or (nearly) the same text.

A contributor adding an article that is already in the briefing should hear so,
with the other seed's name, before a reviewer has to notice.
"""

from __future__ import annotations

import re
import zlib
from itertools import combinations

from .model import Article, Problem

SHINGLE_WORDS = 5
# Jaccard similarity of 5-word shingles above which two texts count as the same
# article. The two bundled seeds on one event (000 and 001, different outlets)
# share 0.00 of their shingles; a copy with a changed headline and boilerplate
# shares over 0.9. 0.8 leaves room for light edits without flagging rewrites.
NEAR_IDENTICAL = 0.8
_WORD = re.compile(r"\w+")


def shingles(text: str) -> frozenset[int]:
    """Hashes of every run of SHINGLE_WORDS words (crc32: stable across runs, unlike hash())."""
    words = _WORD.findall(text.lower())
    runs = (" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1)))
    return frozenset(zlib.crc32(run.encode("utf-8")) for run in runs)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _pair_problems(article: Article, other: Article, similarity: float) -> list[Problem]:
    problems = []
    if article.source_url and article.source_url == other.source_url:
        problems.append(Problem(article.seed, "warning", f"{article.id}: same source_url as {other.seed}; is it the same article?"))
    if similarity >= NEAR_IDENTICAL:
        problems.append(Problem(article.seed, "warning", f"{article.id}: text is {similarity:.0%} the same as {other.seed}; is it the same article?"))
    return problems


def find_twins(checked: list[Article], existing: list[Article]) -> list[Problem]:
    """Warnings for each checked article that repeats an existing one (other seeds only)."""
    prints = {a.id: shingles(a.body) for a in [*checked, *existing]}
    problems = []
    checked_ids = {a.id for a in checked}
    pairs = [(a, b) for a, b in combinations(checked, 2)]
    pairs += [(a, b) for a in checked for b in existing if b.id not in checked_ids]
    for article, other in pairs:
        if article.seed == other.seed:
            continue
        problems += _pair_problems(article, other, jaccard(prints[article.id], prints[other.id]))
    return problems
