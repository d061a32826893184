"""How alike two articles are, and why: text, names and figures they share.

Each article becomes a `Profile` once; `compare` scores a pair from the evidence a
reader would also use to say "these report the same event":

- text: cosine of whole-article term vectors (sublinear term frequency x rarity of
  the word in general language, see `terms.weight`), the headline counted twice;
- lede: the same cosine over the headline and the first 60 words only. News puts
  the event there (who, what, when), so two reports of one event agree most there,
  while two articles on one subject agree across the body;
- figures: exact key figures both report, however each writes them ("$10B" and "$10
  billion"), which independent write-ups of one event repeat (`Article.key_figures`);
- names: the proper nouns both use. They are shown as evidence but do not add to the
  score: on the labelled set, a names cosine added with weight 0.2 never reached the
  top of the grid search (see TEXT_SHARE).

Nothing here depends on the other articles of the build, so a pair's score never
changes when seeds are added or removed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .figures import figure_key
from .model import Article
from .terms import STOPWORDS, stem, terms, weight

TITLE_REPEAT = 2
"""The headline is the best one-line statement of the event: its terms count twice."""
LEDE_WORDS = 60
"""The lede: a typical first paragraph or two."""
TEXT_SHARE = 0.7
FIGURE_BONUS = 0.05
"""score = 0.7 x text + 0.3 x lede, + 0.05 if the pair shares an exact key figure.
Chosen at the top of a grid search of pairwise F0.5 on the labelled set (text share
0.3-1.0, figure bonus 0-0.2, names 0 or 0.2, threshold 0.20-0.69): F0.5 0.920,
precision 0.968, recall 0.769 pair by pair (`python -m benchmarks.stories --sweep`).
The lede adds what the whole text misses: text alone peaks at F0.5 0.871. Shared
figures add little on top of the text, because reports that share figures already
share most of their words. Read from the key figures, five of the closest pairs of
different stories share no figure any more ("$3 billion", "300 miles", deal prices),
and text share 0.5 with bonus 0.1 tops the grid pair by pair (F0.5 0.928), but it
clusters worse (precision 0.968, recall 0.769 against 0.970 and 0.821), so these
weights stay."""
# Both patterns open with the letter and check the character before it after it
# ([A-Z](?<!\w[A-Z])): the regex engine then jumps from letter to letter instead of
# trying the check at every character (3x faster on the seeds).
_CAPITALISED = re.compile(r"[A-Z](?<![\w’'-][A-Z])(?:[\w’'&-]*[a-z0-9][\w’'&-]*|[A-Z]+[a-z]?s?)(?![\w’'-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”‘’(\[]\s+|\n)\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")
_LOWER_WORD = re.compile(r"[a-z](?<![\w’'-][a-z])[a-z’'-]*")


@dataclass(frozen=True)
class Profile:
    """What the comparison needs of one article."""

    id: str
    date: str | None
    vector: dict[str, float]
    """Unit-length term vector of the whole article."""
    lede: dict[str, float]
    """Unit-length term vector of the headline and the first words."""
    names: dict[str, float]
    """Unit-length vector over proper-noun terms."""
    written: dict[str, str]
    """Each proper-noun term as the article first writes it ("microsoft" -> "Microsoft")."""
    figures: dict[str, str]
    """Exact key figures: `figure_key` -> the figure as written. Ranges ("thousands of") are
    left out, and so are small counts ("2 people") and durations, which are no key figures:
    any two articles may share them by chance."""


@dataclass(frozen=True)
class Evidence:
    """Why two articles look alike, with the score the grouping thresholds apply to."""

    text: float
    lede: float
    names: float
    """Cosine of the proper-noun vectors: reported, not scored."""
    shared_names: tuple[str, ...]
    """The rarest names both use, as the first article writes them (at most five)."""
    shared_figures: tuple[str, ...]
    """Figures both report, as the first article writes them."""
    score: float


def _unit(counts: Counter[str]) -> dict[str, float]:
    vector = {t: (1 + math.log(n)) * weight(t) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def proper_nouns(article: Article) -> list[tuple[str, str]]:
    """Names in the article as terms ("Kristi Noem" -> kristi, noem): capitalised words
    that do not open a sentence and never appear in lower case in the same article
    (so "Cybersecurity" in a list item is not a name), and acronyms. Headings are
    skipped: they capitalise every word. Each as (term, the word as written)."""
    text = "\n".join(b.text for b in article.blocks if b.kind != "heading")
    lower_case = set(_LOWER_WORD.findall(text))
    found = []
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if match.start() == 0 or _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        if not word.isupper() and word.lower() in lower_case:
            continue
        term = stem(word.lower())
        if term not in STOPWORDS and len(term) > 1:
            found.append((term, _POSSESSIVE.sub("", word)))
    return found


def term_vectors(article: Article) -> tuple[dict[str, float], dict[str, float]]:
    """The article's whole-text and lede term vectors, unit length."""
    body = article.body
    title = terms(article.title) * TITLE_REPEAT
    vector = _unit(Counter(terms(body) + title))
    lede = _unit(Counter(terms(" ".join(body.split()[:LEDE_WORDS])) + title))
    return vector, lede


def exact_figures(article: Article) -> dict[str, str]:
    """The article's exact key figures: `figure_key` -> the figure as written."""
    figures: dict[str, str] = {}
    for fig in article.key_figures:
        if fig.exact:
            figures.setdefault(figure_key(fig), fig.text)
    return figures


def profile(article: Article) -> Profile:
    """The article's term vectors, names and specific figures."""
    vector, lede = term_vectors(article)
    found = proper_nouns(article)
    names = _unit(Counter(term for term, _ in found))
    written = {}
    for term, word in found:
        written.setdefault(term, word)
    return Profile(article.id, article.date, vector, lede, names, written, exact_figures(article))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates of any precision (a month or year counts from its first day); None if one is missing."""
    if not a or not b:
        return None
    return abs((_day(a) - _day(b)).days)


def _day(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def day_number(value: str | None) -> int | None:
    """An ISO date of any precision as a day count (its first day), for `days_apart` in bulk."""
    return _day(value).toordinal() if value else None


def compare(a: Profile, b: Profile) -> Evidence:
    """The evidence that `a` and `b` report the same event."""
    text = _cosine(a.vector, b.vector)
    lede = _cosine(a.lede, b.lede)
    shared_figures = tuple(a.figures[k] for k in sorted(a.figures.keys() & b.figures.keys()))
    shared = [a.written[t] for t in sorted(a.names.keys() & b.names.keys(), key=lambda t: (-weight(t), t))[:5]]
    score = TEXT_SHARE * text + (1 - TEXT_SHARE) * lede + (FIGURE_BONUS if shared_figures else 0.0)
    names = _cosine(a.names, b.names)
    return Evidence(round(text, 4), round(lede, 4), round(names, 4), tuple(shared), shared_figures, round(score, 4))
