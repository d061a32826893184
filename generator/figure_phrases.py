"""Number phrases an article reports: "$10 billion", "3 million people", "thousands of individuals".

A small stop-gap for the story pages, which set the figures each source reports side
by side and flag where they disagree. It finds only the kinds a news story's facts
turn on (money, counts of things, percentages, ages, durations) and reads each as a
range, so "thousands" and "more than 20 percent" can be compared with exact values.
When the structured key figures of `generator/figures.py` exist, `extract_figures`
is the one function to replace: the rest of the story code only reads `Figure`s.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .summarize import split_sentences
from .terms import STOPWORDS, terms

Kind = str  # "money", "count", "percent", "age", "duration"


@dataclass(frozen=True)
class Figure:
    """One number phrase, read as the range of values it allows."""

    kind: Kind
    unit: str
    """Currency code for money ("USD"), what is counted for counts ("people"), "year" for durations; "" otherwise."""
    low: float
    high: float
    text: str
    """The phrase as the article writes it."""
    context: frozenset[str]
    """Content terms close to the phrase: what the number is about ("train", "invest")."""
    sentence: str
    """The sentence the phrase is in, to show a reader."""

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def key(self) -> str:
        """A comparable name for an exact figure: "money:USD:1e+10"; "" for a vague one."""
        return f"{self.kind}:{self.unit}:{self.low:.3g}" if self.exact else ""


_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12,
}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "£": "GBP", "gbp": "GBP", "pounds": "GBP",
               "€": "EUR", "eur": "EUR", "euros": "EUR", "¥": "JPY", "jpy": "JPY", "yen": "JPY", "₹": "INR", "rs": "INR", "rupees": "INR"}
# Vague plurals, read as the range they allow: "thousands" is 2,000 up to (not including) a million.
_VAGUE = {"dozens": (24, 100), "hundreds": (200, 1e3), "thousands": (2e3, 1e6), "tens of thousands": (2e4, 1e5),
          "hundreds of thousands": (2e5, 1e6), "millions": (2e6, 1e9), "tens of millions": (2e7, 1e8),
          "hundreds of millions": (2e8, 1e9), "billions": (2e9, 1e12)}
# A qualifier widens the number into a range.
_QUALIFIERS = {"more than": (1, math.inf), "over": (1, math.inf), "at least": (1, math.inf), "upwards of": (1, math.inf),
               "up to": (0, 1), "less than": (0, 1), "fewer than": (0, 1), "under": (0, 1), "nearly": (0.9, 1),
               "almost": (0.9, 1), "about": (0.9, 1.1), "around": (0.9, 1.1), "roughly": (0.9, 1.1),
               "approximately": (0.9, 1.1), "some": (0.9, 1.1), "an estimated": (0.9, 1.1)}
# Words that name a group of persons are one unit, so "3 million people" meets "thousands of individuals".
_PEOPLE = frozenset("people persons individuals workers employees staff professionals students residents citizens "
                    "users customers patients engineers specialists members adults children".split())
# Words between a number and its noun that say nothing about what is counted.
_FILLER = frozenset("new more additional other extra further key major local full-time part-time skilled metric".split())

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_QUAL = "|".join(sorted(_QUALIFIERS, key=len, reverse=True))
_VAGUES = "|".join(sorted(_VAGUE, key=len, reverse=True))

_MONEY = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?(?P<cur>US\$|\$|£|€|¥|₹|\b(?:USD|EUR|GBP|JPY|Rs\.?)\s?)\s?(?P<num>{_NUM})"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|tn|bn|mn|[bmk])\b)?",
    re.IGNORECASE,
)
_MONEY_WORDS = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM})(?:\s?(?P<scale>trillion|billion|million|thousand))?"
    r"\s(?P<cur>dollars|yen|euros|pounds|rupees)\b",
    re.IGNORECASE,
)
_CODES = re.compile(r"\b(?:USD|EUR|GBP|JPY|Rs)\b")
_MONEY_NAMES = re.compile(r"\b(?:dollars|yen|euros|pounds|rupees)\b")
_DURATION_UNITS = re.compile(r"\b(?:year|month|week|day|hour)s?\b")
_PERCENT = re.compile(rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM})\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_AGE = re.compile(rf"\b(?P<num>\d{{1,3}}|{_WORDNUM})-year-old\b", re.IGNORECASE)
_DURATION = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM}|{_WORDNUM})[\s-](?P<unit>year|month|week|day|hour)s?\b(?!-old)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM}|{_WORDNUM})(?:\s(?P<scale>million|billion|thousand))?"
    r"\s(?:of\s)?(?P<noun>(?:[a-z][a-z-]*\s){0,2}[a-z][a-z-]+)\b"
    rf"|\b(?P<vague>{_VAGUES})\sof\s(?:(?:the|our|its|their)\s)?(?P<vnoun>(?:[a-z][a-z-]*\s){{0,2}}[a-z][a-z-]+)\b",
)
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s$")
_ITEM_MARK = re.compile(r"^\s*[-*•]\s+")
_ANY_NUMBER_WORD = re.compile(rf"\b(?:{_WORDNUM}|{_VAGUES})\b", re.IGNORECASE)
_NOT_NOUNS = STOPWORDS | frozenset("a an the".split())
_NOT_COUNTED = frozenset("percent per cent year years month months week weeks day days hour hours times".split())


def _number(text: str) -> float:
    text = text.lower()
    return float(_WORD_NUMBERS[text]) if text in _WORD_NUMBERS else float(text.replace(",", ""))


def _qualified(value: float, qualifier: str | None) -> tuple[float, float]:
    low, high = _QUALIFIERS.get((qualifier or "").lower(), (1, 1))
    return value * low, value * high


def _context(sentence: str, start: int, end: int) -> frozenset[str]:
    # Eight words either side: near enough to name what the number measures, far
    # enough to reach the verb ("pledged to provide AI training to 3 million people").
    before = terms(sentence[:start])[-8:]
    after = terms(sentence[end:])[:8]
    return frozenset(t for t in before + after if t not in _NOT_COUNTED and t not in _SCALES and t not in _WORD_NUMBERS and not t.isdigit())


def _counted(noun: str) -> tuple[str, int] | None:
    """What a count counts ("people" for any group of persons) and where its head word ends."""
    for word in re.finditer(r"[a-z][a-z-]*", noun):
        head = word.group()
        if head in _FILLER:
            continue
        if head in _NOT_COUNTED or head in _SCALES or head in _NOT_NOUNS:
            return None
        if head not in _PEOPLE and not head.endswith("s"):
            return None  # "two committed", "three confirmed": counts name plural nouns
        unit = "people" if head in _PEOPLE else next(iter(terms(head)), None)
        return (unit, word.end()) if unit else None
    return None


def _sentence_figures(sentence: str) -> list[Figure]:
    found: list[tuple[int, int, Figure]] = []

    def add(match: re.Match[str], kind: Kind, unit: str, low: float, high: float, end: int | None = None) -> None:
        start, end = match.start(), end or match.end()
        if any(s < end and start < e for s, e, _ in found):
            return  # an earlier, more specific pattern already read these words
        fig = Figure(kind, unit, low, high, sentence[start:end].strip(), _context(sentence, start, end), sentence)
        found.append((start, end, fig))

    lower = sentence.lower()
    # Each pattern runs only on sentences holding its tell-tale sign: they are most
    # of the cost of comparing articles otherwise.
    money = [_MONEY] if any(c in sentence for c in "$£€¥₹") or _CODES.search(sentence) else []
    money += [_MONEY_WORDS] if _MONEY_NAMES.search(lower) else []
    for pattern in money:
        for m in pattern.finditer(sentence):
            cur = m.group("cur").strip().rstrip(".").lower()
            scale = (m.group("scale") or "").lower()
            low, high = _qualified(_number(m.group("num")) * _SCALES.get(scale, 1), m.group("qual"))
            add(m, "money", _CURRENCIES.get(cur, cur.upper()), low, high)
    if "%" in sentence or "cent" in lower:
        for m in _PERCENT.finditer(sentence):
            low, high = _qualified(_number(m.group("num")), m.group("qual"))
            add(m, "percent", "", low, high)
    if "year-old" in lower:
        for m in _AGE.finditer(sentence):
            value = _number(m.group("num"))
            add(m, "age", "", value, value)
    if _DURATION_UNITS.search(lower):
        for m in _DURATION.finditer(sentence):
            low, high = _qualified(_number(m.group("num")), m.group("qual"))
            add(m, "duration", m.group("unit").lower(), low, high)
    for m in _COUNT.finditer(sentence):
        _add_count(m, add, sentence)
    return [fig for _, _, fig in sorted(found, key=lambda f: f[0])]


def _add_count(m: re.Match[str], add, sentence: str) -> None:
    if m.group("vague"):
        counted = _counted(m.group("vnoun"))
        if counted:
            low, high = _VAGUE[m.group("vague").lower()]
            add(m, "count", counted[0], low, high, m.start("vnoun") + counted[1])
        return
    raw = m.group("num")
    counted = _counted(m.group("noun"))
    # "one" is far more often a pronoun ("one of the ...") than a count.
    if not counted or raw.lower() == "one" or (re.fullmatch(r"(1[89]|20)\d\d", raw) and not m.group("scale")):
        return  # no counted noun, or a year ("in 2025 the ministry...")
    if _MONTH_BEFORE.search(sentence, 0, m.start()):
        return  # a day of a month ("the July 25 phone call")
    value = _number(raw) * _SCALES.get((m.group("scale") or "").lower(), 1)
    low, high = _qualified(value, m.group("qual"))
    add(m, "count", counted[0], low, high, m.start("noun") + counted[1])


def extract_figures(text: str) -> tuple[Figure, ...]:
    """Every money, count, percentage, age and duration phrase in `text`, in reading order."""
    figures: list[Figure] = []
    paragraphs = (_ITEM_MARK.sub("", line) for line in text.splitlines())
    for sentence in (s for paragraph in paragraphs for s in split_sentences(paragraph)):
        if any(ch.isdigit() for ch in sentence) or _ANY_NUMBER_WORD.search(sentence):
            figures.extend(_sentence_figures(sentence.strip()))
    return tuple(figures)
