"""Tag each article with 1 to 4 topics of the curated taxonomy by weighted term matches,
and say why (`explain_topics`, shown by `briefing check --explain`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from .model import Article, Topic, with_origin
from .phrases import PhraseMatcher
from .sentences import word_count
from .terms import lower_for_case_blind_search

MAX_TOPICS = 4
TITLE_WEIGHT = 3.0
"""A term in the title counts this many times: the title says what the article is about."""
MAX_HITS = 8
"""Hits of one term beyond this add nothing, so one repeated word cannot carry a topic."""
# A topic needs this much weighted evidence per 1,000 words of text (and at least
# MIN_SCORE in all) to be assigned; below it a single passing mention would tag it.
MIN_DENSITY = 1.5
MIN_SCORE = 3.0
MIN_SHARE = 0.25
"""A topic after the first needs this share of the strongest one's score. On the five
bundled seeds the topics a reader would name score 30% to 100% of the strongest; side
threads score 19-21% ("geopolitics" in the cyber-defence budget piece: 12.0 of 56.5)."""


@dataclass(frozen=True)
class TermMatch:
    """One taxonomy term found in an article."""

    term: str
    weight: float
    in_text: int
    in_title: int

    @property
    def points(self) -> float:
        return self.weight * min(self.in_text + TITLE_WEIGHT * self.in_title, MAX_HITS)


@dataclass(frozen=True)
class TopicEvidence:
    """Why a topic was or was not given to an article."""

    topic: str
    score: float
    terms: tuple[TermMatch, ...]
    verdict: str
    """"assigned", or the rule that kept it out."""

    @property
    def assigned(self) -> bool:
        return self.verdict == "assigned"

    def __str__(self) -> str:
        terms = ", ".join(
            f"{m.term} ×{m.in_text}" + (f" +{m.in_title} in title" if m.in_title else "") + f" (weight {m.weight:g})"
            for m in self.terms
        )
        return f"{self.topic} {self.score:g}: {self.verdict}; {terms}"


@dataclass(frozen=True)
class _Terms:
    """Every term of the taxonomy, ready to be found."""

    matcher: PhraseMatcher
    """Case-blind."""
    lower_matcher: PhraseMatcher | None
    """The same keys, case-sensitive, for lower-cased text: 20% faster on the seeds. None
    when a key holds a letter with case outside ASCII, which lower-casing may not meet."""
    counts_for: dict[str, list[tuple[str, str, float]]]
    """For each term key, the (topic, term, weight) it counts for."""

    def find(self, text: str) -> list[str]:
        """The keys of the terms in `text`, as the case-blind matcher finds them."""
        if self.lower_matcher is not None:
            lower = lower_for_case_blind_search(text)
            if lower is not None:
                return self.lower_matcher.find(lower)
        return self.matcher.find(text)


@lru_cache(maxsize=4)
def _terms(topics: tuple[Topic, ...]) -> _Terms:
    """The taxonomy's terms, made ready once per taxonomy."""
    matcher = PhraseMatcher((term for t in topics for term, _ in t.terms), ignore_case=True)
    counts_for: dict[str, list[tuple[str, str, float]]] = {}
    for topic in topics:
        for term, weight in topic.terms:
            counts_for.setdefault(matcher.key(term), []).append((topic.id, term, weight))
    caseless = all(c.isascii() or c.lower() == c.upper() for key in counts_for for c in key)
    return _Terms(matcher, PhraseMatcher(counts_for, ignore_case=False) if caseless else None, counts_for)


def _threshold(article: Article) -> float:
    words = max(word_count(" ".join(b.text for b in article.blocks)), 1.0)
    return max(MIN_SCORE, MIN_DENSITY * words / 1000)


def explain_topics(article: Article, topics: tuple[Topic, ...]) -> tuple[TopicEvidence, ...]:
    """Every topic with any evidence in the article, strongest first, with its matched terms and verdict."""
    taxonomy = _terms(topics)
    in_text = Counter(taxonomy.find("\n".join(b.text for b in article.blocks)))
    in_title = Counter(taxonomy.find(article.title))
    matches: dict[str, list[TermMatch]] = {}
    for key in sorted(in_text.keys() | in_title.keys()):
        for topic_id, term, weight in taxonomy.counts_for[key]:
            matches.setdefault(topic_id, []).append(TermMatch(term, weight, in_text[key], in_title[key]))
    scored = sorted(
        ((tid, round(sum(m.points for m in found), 2), tuple(found)) for tid, found in matches.items()),
        key=lambda entry: (-entry[1], entry[0]),
    )
    threshold = _threshold(article)
    evidence = []
    for rank, (topic_id, score, found) in enumerate(scored):
        if score < threshold:
            verdict = f"below the threshold {threshold:g} for an article this long"
        elif rank and score < MIN_SHARE * scored[0][1]:
            verdict = f"below {MIN_SHARE:.0%} of the strongest topic's {scored[0][1]:g}"
        elif rank >= MAX_TOPICS:
            verdict = f"beyond the {MAX_TOPICS} strongest topics"
        else:
            verdict = "assigned"
        evidence.append(TopicEvidence(topic_id, score, found, verdict))
    return tuple(evidence)


def classify(article: Article, topics: tuple[Topic, ...]) -> Article:
    """The strongest 1 to 4 topics; none when nothing in the taxonomy is clearly there."""
    if article.topics:
        return article
    chosen = tuple((e.topic, e.score) for e in explain_topics(article, topics) if e.assigned)
    return replace(
        article,
        topics=tuple(tid for tid, _ in chosen),
        topic_scores=chosen,
        provenance=with_origin(article.provenance, topics="taxonomy-terms" if chosen else None),
    )
