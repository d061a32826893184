"""Extractive summary and key points, taken verbatim from the article.

Sentences are ranked by LexRank centrality (`centrality`: cosine similarity of
TF-IDF vectors, power iteration) mixed with their position, their overlap with the
title and how specific they are (names and numbers). The article's own description
competes as ordinary sentences. Only sentences that can stand alone are picked
(`sentences.rejection`); one that leans on the sentence before it is picked only
right after that sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import islice
from operator import mul

from .centrality import cosine, lexrank, unit_vectors
from .config import SUMMARY_WORDS
from .model import Article, Block, with_origin
from .sentences import MAX_WORDS as MAX_SENTENCE_WORDS
from .sentences import join_sentences, refers_back, rejection, split_sentences, tokens, word_count

MAX_WORDS = SUMMARY_WORDS
KEY_POINTS = (3, 5)
MAX_CANDIDATES = 200
"""Centrality is ranked on the first sentences only: news puts what matters early,
and the cost grows with the square of the sentences (see benchmarks/summary.py)."""
REDUNDANT = 0.5
"""Cosine similarity above which a sentence repeats one already chosen."""


@dataclass(frozen=True)
class Limits:
    """How sentences are chosen for one purpose."""

    count: int
    words: float
    weights: tuple[float, float, float, float]
    """Weights of a sentence's centrality, lead (1 for the first sentence, 1/2 for the
    fourth...), title overlap and specificity (names and numbers)."""
    min_share: float = 0.0
    """A sentence must score at least this share of the best one taken."""
    spread: float = 0.0
    """Score taken off per sentence already chosen from the same section, so points cover the article."""
    listings: int = 0
    """How many "lead-in: item; item" candidates may be taken."""
    named: bool = True
    """Prefer sentences that name something or give a number; the others are taken only
    if none of those can be. "In recent years, cyber threats have exploded onto the
    global stage" is background, not the news."""


# Summary weights, measured with `python -m benchmarks.summary` on the BBC sample
# (ROUGE-2 F1 of ours / the same-length lead): without specificity (0.45, 0.35, 0.2, 0)
# 43.08 / 34.06; with it 44.10 / 33.87. Heavier centrality scores higher there still
# (0.6, 0.2, 0.2, 0: 48.05 / 35.94) but puts background paragraphs from far down a blog
# post into its summary, so the lead keeps its weight. min_share 0.6: a sentence gets in
# only because it is short enough to fit below it, and reads as filler; it costs 1.8
# points (45.85 at 0) for shorter summaries (48.6 words instead of 53.7). Preferring named
# sentences costs 0.7 (43.38) and keeps background out of the bundled seeds' summaries.
# The gain over the same-length lead stays above 9 points throughout.
SUMMARY = Limits(count=3, words=MAX_WORDS, weights=(0.45, 0.3, 0.2, 0.15), min_share=0.6)
# Key points should cover the article, not repeat its opening: position counts for less,
# names and numbers for more, each point taken from a section costs the next one there,
# and at most two lists, so they do not crowd out sentences. Four points: enough to add
# to the summary, few enough to read.
KEY_POINT = Limits(count=4, words=4 * MAX_SENTENCE_WORDS, weights=(0.45, 0.1, 0.2, 0.25), spread=0.15, listings=2)

_LABEL = re.compile(r"^(?:Introduction|Summary|Overview|Key Takeaways?|Bottom line|TL;DR|In brief)\s*:\s*", re.IGNORECASE)
# Names and numbers: magnitude words, capitalised words that do not open a sentence, digits.
# A capital is taken first and its place checked after it ([A-Z](?<=\b[A-Z])...), so the regex
# engine passes over lower-case letters at once: 4x faster on the seeds' sentences.
_SPECIFIC_PATTERN = (
    r"\b(?:hundreds|thousands|millions|billions|dozens|million|billion|trillion|percent)\b"
    r"|[A-Z](?<=\b[A-Z])(?<!^[A-Z])(?<![.:!?]\s[A-Z])[\w&-]*|\d[\d,.]*"
)
_SPECIFIC = re.compile(_SPECIFIC_PATTERN)
# In Japanese text, katakana runs (names) and Latin words before Japanese ("iPhoneを") too;
# those are taken whole or not at all ({2,}+): giving back a letter never reaches the Japanese.
_SPECIFIC_JAPANESE = re.compile(_SPECIFIC_PATTERN + r"|[\u30a0-\u30ff]{2,}|[A-Za-z]{2,}+(?=[\u3040-\u9fff])")
_JAPANESE = re.compile("[\u3040-\u9fff]")


@dataclass(frozen=True)
class Sentence:
    """A candidate for the summary or the key points."""

    text: str
    position: int
    """Order in the article; the description's sentences come first, below 0."""
    section: int
    """-1 for the description, else how many headings come before it."""
    leans: bool = False
    """It leans on the sentence before it (a reference back, or an answer to a question)."""
    listing: bool = False
    """A lead-in sentence with the list that follows it: a key point, never part of the summary."""

    @cached_property
    def words(self) -> float:
        """Its length (`sentences.word_count`)."""
        return word_count(self.text)

    @cached_property
    def problem(self) -> str | None:
        """Why it can never be shown on its own (`sentences.rejection`), or None. Judged
        only when a choice reaches the sentence: most rank too low to be looked at."""
        return rejection(self.text, words=self.words)


def _sentence(text: str, position: int, section: int, leans: bool, listing: bool = False) -> Sentence:
    return Sentence(text, position, section, leans, listing)


@dataclass(frozen=True)
class Scored:
    score: float
    """The summary score: the weighted sum of `parts`."""
    sentence: Sentence
    parts: tuple[float, float, float, float]
    """Centrality, lead, title overlap and specificity, each from 0 to 1."""
    vector: dict[str, float]
    """Unit-length TF-IDF vector, for redundancy checks."""


def _paragraph_sentences(blocks: tuple[Block, ...]) -> list[tuple[str, int, bool]]:
    """(text, section, is listing) in article order, list items folded into their lead-in."""
    found: list[tuple[str, int, bool]] = []
    section = 0
    items: list[str] = []
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            section += 1
        elif block.kind == "paragraph":
            found.extend((s, section, False) for s in split_sentences(_LABEL.sub("", block.text)))
        else:
            items.append(block.text.rstrip(" .;,"))
            if index + 1 < len(blocks) and blocks[index + 1].kind == "item":
                continue
            lead_in = found[-1][0] if found and found[-1][1] == section else ""
            if lead_in.endswith(":") and len(items) <= 6:
                found.append((f"{lead_in} {'; '.join(items)}.", section, True))
            items = []
    return found


def candidates(title: str, description: str | None, blocks: tuple[Block, ...]) -> list[Sentence]:
    """The description's sentences, then the body's, in order, each marked if it leans back."""
    described = split_sentences(description) if description else []
    found = [_sentence(s, k - len(described), -1, k > 0 and refers_back(s)) for k, s in enumerate(described)]
    previous = ""
    for position, (text, section, listing) in enumerate(_paragraph_sentences(blocks)):
        answers = previous.rstrip("\"”’)").endswith(("?", "？"))
        found.append(_sentence(text, position, section, refers_back(text) or answers, listing))
        previous = text
    return found


def _weigh(parts: tuple[float, ...], weights: tuple[float, ...]) -> float:
    return sum(map(mul, parts, weights))


def specificity(text: str) -> float:
    """How many names and numbers a sentence carries, from 0 to 1 (4 or more)."""
    pattern = _SPECIFIC_JAPANESE if _JAPANESE.search(text) else _SPECIFIC
    return sum(1 for _ in islice(pattern.finditer(text), 4)) / 4


@lru_cache(maxsize=8)
def _ranking(title: str, description: str | None, blocks: tuple[Block, ...]) -> tuple[Scored, ...]:
    # Cached: the summary and the key points stages rank the same article one after the other.
    sentences = candidates(title, description, blocks)[:MAX_CANDIDATES]
    vectors = unit_vectors([Counter(tokens(s.text)) for s in sentences])
    centrality = lexrank(vectors)
    title_terms = set(tokens(title))
    scored = []
    for sentence, vector, central in zip(sentences, vectors, centrality):
        overlap = len(title_terms & vector.keys()) / len(title_terms) if title_terms else 0.0
        lead = 1.0 / (1.0 + max(sentence.position, 0) / 3.0)
        parts = (central, lead, overlap, specificity(sentence.text))
        scored.append(Scored(_weigh(parts, SUMMARY.weights), sentence, parts, vector))
    scored.sort(key=lambda s: (-s.score, s.sentence.position))
    return tuple(scored)


def rank(article: Article) -> tuple[Scored, ...]:
    """Candidate sentences with their scores, best first; ties broken by position."""
    return _ranking(article.title, article.description, article.blocks)


class _Choice:
    """One greedy choice under way: the sentences chosen so far and what they rule out."""

    def __init__(self, limits: Limits, taken: list[Scored]):
        self.limits = limits
        self.chosen: list[Scored] = []
        self.words = 0.0
        self.best = -math.inf
        """The highest weighted score chosen."""
        self.listings = 0
        self.sections: Counter[int] = Counter()
        self.follows: set[tuple[int, int]] = set()
        """(section, position) of the sentence right after each chosen one."""
        self.others = list(taken)
        """What no candidate may repeat: `taken`, then each sentence chosen."""
        self._compared: dict[int, int] = {}
        """Candidate position -> how many of `others` it is known not to repeat."""

    def repeats(self, candidate: Scored) -> bool:
        """Whether the candidate repeats one of `others`; each pair is compared once."""
        key = candidate.sentence.position
        for other in self.others[self._compared.get(key, 0):]:
            if cosine(candidate.vector, other.vector) > REDUNDANT:
                return True  # stays true: `others` only grows
        self._compared[key] = len(self.others)
        return False

    def eligible(self, candidate: Scored, weighed: float) -> bool:
        """Whether the candidate may be taken next, the checks that cost least first."""
        sentence, limits = candidate.sentence, self.limits
        if sentence.leans and (sentence.section, sentence.position) not in self.follows:
            return False
        if sentence.listing and self.listings >= limits.listings:
            return False
        if self.chosen and weighed < limits.min_share * self.best:
            return False
        if self.words + sentence.words > limits.words:
            return False
        return not self.repeats(candidate)

    def take(self, candidate: Scored, weighed: float) -> None:
        sentence = candidate.sentence
        self.chosen.append(candidate)
        self.words += sentence.words
        self.best = max(self.best, weighed)
        self.listings += sentence.listing
        self.sections[sentence.section] += 1
        self.follows.add((sentence.section, sentence.position + 1))
        self.others.append(candidate)


def _select(ranked: tuple[Scored, ...], limits: Limits, taken: list[Scored]) -> list[Scored]:
    """Greedy choice of sentences that can stand alone and repeat nothing in `taken`:
    each round takes the best eligible one, the first in `ranked` of those that tie. A
    leaning sentence becomes eligible once its antecedent is chosen."""
    # Candidates best weighted first: a round stops at the first that cannot beat the best
    # found (the spread only lowers a score), so most are never judged.
    pool = sorted(
        (
            (_weigh(candidate.parts, limits.weights), index, candidate)
            for index, candidate in enumerate(ranked)
            if candidate.parts[3] or not limits.named
        ),
        key=lambda entry: (-entry[0], entry[1]),
    )
    choice = _Choice(limits, taken)
    while len(choice.chosen) < limits.count:
        best, best_score = None, (-math.inf, 0)
        for weighed, index, candidate in pool:
            if weighed < best_score[0]:
                break
            if candidate in choice.chosen or candidate.sentence.problem is not None or not choice.eligible(candidate, weighed):
                continue
            score = (weighed - limits.spread * choice.sections[candidate.sentence.section], -index)
            if score > best_score:
                best, best_score = (candidate, weighed), score
        if best is None:
            break
        choice.take(*best)
    return choice.chosen


def _choose(ranked: tuple[Scored, ...], limits: Limits, taken: list[Scored], at_least: int) -> list[Scored]:
    """`_select`, then, if it found fewer than `at_least`, more without preferring named sentences."""
    chosen = _select(ranked, limits, taken)
    if limits.named and len(chosen) < at_least:
        used = sum(c.sentence.words for c in chosen)
        more = replace(limits, count=at_least - len(chosen), words=limits.words - used, named=False)
        chosen += _select(ranked, more, taken + chosen)
    return chosen


def summarize(article: Article, max_words: int = MAX_WORDS) -> Article:
    """1 to 3 complete sentences from the article, at most `max_words`, in article order."""
    if article.summary:
        return article
    chosen = _choose(rank(article), replace(SUMMARY, words=max_words), [], at_least=1)
    if not chosen:
        return replace(article, warnings=article.warnings + ("no sentence could stand alone as a summary",))
    chosen.sort(key=lambda s: s.sentence.position)
    return replace(
        article,
        summary=join_sentences([s.sentence.text for s in chosen]),
        provenance=with_origin(article.provenance, summary="lexrank"),
    )


def clean_takeaway(text: str) -> str | None:
    """An article's own key takeaway as a point, or None if it is not one (a promotion, a question, a stub)."""
    text = text.strip().strip("*_").strip()
    return text if rejection(text, fragment=True) is None else None


def extract_key_points(article: Article) -> Article:
    """3 to 5 key points: the article's own takeaways first, then ranked sentences not in the summary."""
    if article.key_points:
        return article
    points = [p for p in (clean_takeaway(t) for t in article.takeaways) if p][: KEY_POINTS[1]]
    origin = article.origin("key_points") if points else "lexrank"
    if len(points) < KEY_POINTS[0]:
        ranked = rank(article)
        taken = [s for s in ranked if s.sentence.text in article.summary]
        extra = _choose(ranked, replace(KEY_POINT, count=KEY_POINT.count - len(points)), taken, KEY_POINTS[0] - len(points))
        points += [s.sentence.text for s in sorted(extra, key=lambda s: s.sentence.position)]
    return replace(article, key_points=tuple(points), provenance=with_origin(article.provenance, key_points=origin))
