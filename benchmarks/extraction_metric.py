"""The article-extraction benchmark's own metric, written from its README's description.

Bodies become `\\w+` tokens (case kept), tokens become 4-token shingles counted as a
multiset, and each page scores precision and recall from the shingles the prediction
shares with the ground truth. Precision and recall are macro means over the pages
(a page with an empty prediction drops out of precision), F1 comes from those two
means, and accuracy is the share of pages whose token lists match exactly.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class PageScore:
    """One page: its precision and recall, and whether each counts in the corpus mean."""

    precision: float
    recall: float
    in_precision: bool
    """False when the prediction is empty (tp + fp = 0): the page drops out of precision."""
    in_recall: bool
    exact: bool
    """The prediction's tokens equal the ground truth's."""


@dataclass(frozen=True)
class Scores:
    """Corpus figures with their bootstrap standard deviations."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    std: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    """Standard deviation of (F1, precision, recall, accuracy) over bootstrap resamples."""
    pages: int = 0


def tokens(text: str | None) -> list[str]:
    """Word tokens in order; punctuation and spaces dropped, case kept."""
    return _TOKEN.findall(text or "")


def shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    """Every run of 4 consecutive tokens, counted; 1 to 3 tokens make one shingle, none make none."""
    if not words:
        return Counter()
    if len(words) < SHINGLE:
        return Counter([tuple(words)])
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def score_page(truth: str | None, prediction: str | None) -> PageScore:
    """Shingle precision and recall of one prediction against its ground truth."""
    truth_words, predicted_words = tokens(truth), tokens(prediction)
    expected, predicted = shingles(truth_words), shingles(predicted_words)
    tp = fp = fn = 0
    for shingle in expected.keys() | predicted.keys():
        t, p = expected[shingle], predicted[shingle]
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    if fp == 0 and fn == 0:
        precision = recall = 1.0
    else:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
    return PageScore(precision, recall, tp + fp > 0, tp + fn > 0, truth_words == predicted_words)


def corpus_scores(pages: list[PageScore]) -> tuple[float, float, float, float]:
    """(F1, precision, recall, accuracy) of a list of page scores."""
    precisions = [p.precision for p in pages if p.in_precision]
    recalls = [p.recall for p in pages if p.in_recall]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(p.exact for p in pages) / len(pages) if pages else 0.0
    return f1, precision, recall, accuracy


def evaluate(truth: dict[str, str], predictions: dict[str, str | None], resamples: int = 1000, seed: int = 0) -> Scores:
    """Score `predictions` against `truth` (same ids), with bootstrap deviations.

    The resampling is seeded, so the ± figures are the same on every run; they are
    not upstream's (its random draws are its own), only of the same kind.
    """
    if truth.keys() != predictions.keys():
        missing, extra = sorted(truth.keys() - predictions.keys()), sorted(predictions.keys() - truth.keys())
        raise ValueError(f"prediction ids differ from the ground truth: {len(missing)} missing, {len(extra)} extra")
    pages = [score_page(truth[key], predictions[key]) for key in sorted(truth)]
    f1, precision, recall, accuracy = corpus_scores(pages)
    draws = random.Random(seed)
    samples = [corpus_scores(draws.choices(pages, k=len(pages))) for _ in range(resamples)]
    std = tuple(statistics.pstdev(column) for column in zip(*samples)) if samples else (0.0, 0.0, 0.0, 0.0)
    return Scores(f1, precision, recall, accuracy, std, len(pages))


def paired_difference(truth: dict[str, str], ours: dict[str, str | None], theirs: dict[str, str | None], resamples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """F1 of `ours` minus F1 of `theirs`, and the share of paired resamples where ours is higher.

    Both systems are scored on the same resampled pages each time, which is the fair
    test for a gap smaller than either system's own bootstrap deviation.
    """
    keys = sorted(truth)
    pairs = [(score_page(truth[k], ours[k]), score_page(truth[k], theirs[k])) for k in keys]
    difference = corpus_scores([a for a, _ in pairs])[0] - corpus_scores([b for _, b in pairs])[0]
    draws = random.Random(seed)
    wins = 0
    for _ in range(resamples):
        sample = draws.choices(pairs, k=len(pairs))
        wins += corpus_scores([a for a, _ in sample])[0] > corpus_scores([b for _, b in sample])[0]
    return difference, wins / resamples if resamples else 0.0
