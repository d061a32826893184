"""Extractive summary and key points, taken verbatim from the article.

Sentences are ranked by LexRank centrality (cosine similarity of TF-IDF vectors,
power iteration) mixed with their position and their overlap with the title.
Candidates that cannot stand alone are never picked: questions, calls to
action, first/second-person asides, sentences that open with a reference to
something before them, and fragments without an ending.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from .model import Article, with_origin

MAX_WORDS = 60
MAX_SENTENCES = 3
KEY_POINTS = (3, 5)
MAX_CANDIDATES = 120

_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[。！？]+[」』）]*")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Inc|Corp|Ltd|Co|Jr|Sr|vs|No|Gen|Gov|Sen|Rep|U\.S|U\.K|e\.g|i\.e)\.$")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LABEL = re.compile(r"^(?:Introduction|Summary|Overview|Key Takeaway|Bottom line|TL;DR|In brief)\s*:\s*", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:I|I'm|I've|me|my)\b|\b(?:we|we're|we've|our|ours|us|you|you're|your|yours|let's)\b", re.IGNORECASE)
_COUNTRY_US = re.compile(r"\bUS\b")
_DANGLING = re.compile(
    r"^(?:This|These|That|Those|It|Its|It's|He|She|They|Their|His|Her|Such|However|But|And|Also|Yet|Still|"
    r"Furthermore|Moreover|Additionally|Meanwhile|Instead|Thus|Therefore|Here|There|So)\b"
)
# Sentences that talk about the text rather than the news ("The following discussion...").
_META_DISCOURSE = re.compile(
    r"\b(?:the following|this (?:article|post|piece|blog|discussion|guide)|in this (?:article|post)|read on)\b", re.IGNORECASE
)
# A demonstrative standing for something said before: "refuses to let that happen".
_ANAPHORA = re.compile(r"\b(?:this|that|these|those)\b(?=\s+(?:happen|happens|is|was|means|will|would|has|could|can|may|might)\b|\s*[.,;!?])")
_PROMOTION = re.compile(
    r"\b(?:click|subscribe|sign up|learn (?:how|more)|read more|buy|discount|coupon|promo code|NordVPN|download now|"
    r"find out|check out|don't miss|stay tuned)\b",
    re.IGNORECASE,
)
_STOPWORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being it its this that these those "
    "has have had not no will would can could should may might than then so such into over under about also more most "
    "which who whom what when where why how their there they them he she his her our we you your i".split()
)


@dataclass(frozen=True)
class Sentence:
    text: str
    position: int
    """Order in the article (0 = first sentence of the text)."""
    paragraph: int
    answers_question: bool = False
    """It follows a question in its paragraph, so it only makes sense after it."""


def word_count(text: str) -> float:
    """Words in Latin scripts, plus CJK characters at 2.5 characters a word."""
    cjk = len(_CJK.findall(text))
    latin = len(_WORD.findall(_CJK.sub(" ", text)))
    return latin + cjk / 2.5


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph (English and Japanese punctuation)."""
    sentences: list[str] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        piece = text[start:boundary.end()].strip()
        if _ABBREVIATION.search(piece):
            continue  # "U.S. officials": the point ends an abbreviation, not a sentence
        sentences.append(piece)
        start = boundary.end()
    tail = text[start:].strip()
    return sentences + [tail] if tail else sentences


def tokens(text: str) -> list[str]:
    """Content words for similarity: lower-case, stop words out, CJK as character bigrams."""
    words = []
    for word in _WORD.findall(text.lower()):
        if _CJK.search(word):
            words.extend(word[i:i + 2] for i in range(max(1, len(word) - 1)))
        elif word not in _STOPWORDS and len(word) > 1:
            words.append(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return words


def can_stand_alone(sentence: str) -> bool:
    """Whether a sentence may be shown on its own as part of a summary."""
    words = word_count(sentence)
    if not 6 <= words <= 45:
        return False
    if not sentence.rstrip("\"”’)").endswith((".", "!", "。", "！")):
        return False
    if _PERSONAL.search(_COUNTRY_US.sub("", sentence)) or _PROMOTION.search(sentence):
        return False
    if _META_DISCOURSE.search(sentence) or _ANAPHORA.search(sentence):
        return False
    return not _DANGLING.match(sentence)


def candidates(article: Article) -> list[Sentence]:
    """The article's own description first (position -1), then its paragraphs' sentences."""
    found: list[Sentence] = []
    if article.description:
        found += [Sentence(s, -1, -1) for s in split_sentences(article.description)]
    position = 0
    paragraphs = [b.text for b in article.blocks if b.kind == "paragraph"]
    for index, paragraph in enumerate(paragraphs):
        previous = ""
        for text in split_sentences(_LABEL.sub("", paragraph)):
            found.append(Sentence(text, position, index, previous.endswith("?")))
            previous = text.rstrip("\"”’)")
            position += 1
    return found


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _vectors(sentences: list[Sentence]) -> list[dict[str, float]]:
    bags = [Counter(tokens(s.text)) for s in sentences]
    df = Counter(t for bag in bags for t in bag)
    n = len(bags)
    return [{t: c * math.log((1 + n) / (1 + df[t])) + c for t, c in bag.items()} for bag in bags]


def lexrank(vectors: list[dict[str, float]], damping: float = 0.85, rounds: int = 50) -> list[float]:
    """Continuous LexRank: stationary scores of the cosine-similarity graph."""
    n = len(vectors)
    if n == 0:
        return []
    weights = [[_cosine(vectors[i], vectors[j]) if i != j else 0.0 for j in range(n)] for i in range(n)]
    totals = [sum(row) or 1.0 for row in weights]
    scores = [1.0 / n] * n
    incoming = [[(j, weights[j][i] / totals[j]) for j in range(n) if weights[j][i]] for i in range(n)]
    for _ in range(rounds):
        new = [(1 - damping) / n + damping * sum(w * scores[j] for j, w in incoming[i]) for i in range(n)]
        if max(abs(a - b) for a, b in zip(new, scores)) < 1e-9:
            scores = new
            break
        scores = new
    top = max(scores) or 1.0
    return [s / top for s in scores]


def rank(article: Article) -> list[tuple[float, Sentence]]:
    """Candidate sentences with their scores, best first; ties broken by position."""
    # Centrality is quadratic in the sentences; news puts what matters early, so
    # very long articles are ranked on their first MAX_CANDIDATES sentences.
    sentences = candidates(article)[:MAX_CANDIDATES]
    if not sentences:
        return []
    vectors = _vectors(sentences)
    centrality = lexrank(vectors)
    title = set(tokens(article.title))
    scored = []
    for sentence, vector, central in zip(sentences, vectors, centrality):
        overlap = len(title & vector.keys()) / len(title) if title else 0.0
        lead = 1.0 / (1.0 + max(sentence.position, 0) / 3.0)
        scored.append((0.45 * central + 0.35 * lead + 0.2 * overlap, sentence))
    scored.sort(key=lambda pair: (-pair[0], pair[1].position))
    return scored


def _redundant(text: str, chosen: list[str]) -> bool:
    bag = Counter(tokens(text))
    return any(_cosine(bag, Counter(tokens(other))) > 0.5 for other in chosen)


def summarize(article: Article, max_words: int = MAX_WORDS) -> Article:
    """1 to 3 complete sentences from the article, at most `max_words`, in article order."""
    if article.summary:
        return article
    chosen: list[Sentence] = []
    words = 0.0
    ranked = rank(article)
    for _, sentence in ranked:
        if len(chosen) == MAX_SENTENCES:
            break
        size = word_count(sentence.text)
        if sentence.answers_question or not can_stand_alone(sentence.text) or words + size > max_words or _redundant(sentence.text, [c.text for c in chosen]):
            continue
        chosen.append(sentence)
        words += size
    if not chosen:
        return replace(article, warnings=article.warnings + ("no sentence could stand alone as a summary",))
    chosen.sort(key=lambda s: s.position)
    return replace(
        article,
        summary=" ".join(s.text for s in chosen),
        provenance=with_origin(article.provenance, summary="lexrank"),
    )


def extract_key_points(article: Article) -> Article:
    """3 to 5 key points: the article's own takeaways first, then ranked sentences not in the summary."""
    if article.key_points:
        return article
    points = list(article.takeaways[: KEY_POINTS[1]])
    if len(points) < KEY_POINTS[0]:
        taken = points + [article.summary]
        extra = []
        for _, sentence in rank(article):
            if len(points) + len(extra) == KEY_POINTS[1] - 1:
                break
            if sentence.position < 0 or sentence.answers_question or sentence.text in article.summary:
                continue
            if not can_stand_alone(sentence.text):
                continue
            if _redundant(sentence.text, taken + [e.text for e in extra]):
                continue
            extra.append(sentence)
        points += [s.text for s in sorted(extra, key=lambda s: s.position)]
    origin = article.origin("key_points") if article.takeaways else "lexrank"
    return replace(article, key_points=tuple(points), provenance=with_origin(article.provenance, key_points=origin))
