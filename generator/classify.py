"""Tag each article with 1 to 4 topics of the curated taxonomy by weighted term matches."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .model import Article, Topic, with_origin

MAX_TOPICS = 4
TITLE_WEIGHT = 3.0
# A topic needs this much weighted evidence per 1,000 words of text (and at least
# MIN_SCORE in all) to be assigned; below it a single passing mention would tag it.
MIN_DENSITY = 1.5
MIN_SCORE = 3.0


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term).replace(r"\ ", r"[\s-]+") + r"(?![\w-])", re.IGNORECASE)


def score_topics(article: Article, topics: tuple[Topic, ...]) -> list[tuple[str, float, tuple[str, ...]]]:
    """(topic id, score, matched terms) for every topic with any evidence, best first."""
    body = "\n".join(b.text for b in article.blocks)
    scored = []
    for topic in topics:
        score = 0.0
        matched = []
        for term, weight in topic.terms:
            pattern = _term_pattern(term)
            hits = len(pattern.findall(body)) + TITLE_WEIGHT * len(pattern.findall(article.title))
            if hits:
                score += weight * min(hits, 8)
                matched.append(term)
        if score:
            scored.append((topic.id, round(score, 2), tuple(matched)))
    scored.sort(key=lambda entry: (-entry[1], entry[0]))
    return scored


def classify(article: Article, topics: tuple[Topic, ...]) -> Article:
    """The strongest 1 to 4 topics; none when nothing in the taxonomy is clearly there."""
    if article.topics:
        return article
    words = max(len(article.body.split()), 1)
    threshold = max(MIN_SCORE, MIN_DENSITY * words / 1000)
    scored = [(tid, score) for tid, score, _ in score_topics(article, topics) if score >= threshold]
    chosen = tuple(scored[:MAX_TOPICS])
    return replace(
        article,
        topics=tuple(tid for tid, _ in chosen),
        topic_scores=chosen,
        provenance=with_origin(article.provenance, topics="taxonomy-terms" if chosen else None),
    )
