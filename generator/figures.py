"""Key figures: the money amounts, percentages, counts and ages an article states, each
with the clause that says what it measures.

Figures are structured so that two articles on the same story can be compared: each
has its value as written and the range of values its text allows ("3 million people"
is 3,000,000; "thousands of individuals" 2,000 up to a million; "over 20 percent" 20 or
more), and an amount or a count carries the period its clause gives ("over the next
three years"). The pipeline computes them once per article; the story pages
(`crosscheck`) and the grouping (`similarity`) read `Article.key_figures` through
`comparable` and `figure_key`, never the text again.

Only what the text writes is kept: "$10B" is 10,000,000,000 US dollars, "thousands of"
has no value, and a bare "$" is read as US dollars (other dollars are written A$, C$,
HK$, S$, NT$).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from .model import Article, Figure, with_origin
from .sentences import ends_complete, refers_back, rejection, split_sentences, word_count
from .terms import lower_for_case_blind_search, stem

MAX_FIGURES = 6
"""Shown on the page, in article order: news states its key numbers early."""
MIN_COUNT = 10
"""A plain count below this ("3 reasons", "2 categories") is not a key figure."""
MEASURE_WORDS = (5, 25)
"""A measure clause shorter than this takes in the clause before it; a longer one is trimmed around the figure."""

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_MAGNITUDES = {"thousand": 3, "k": 3, "million": 6, "m": 6, "mn": 6, "billion": 9, "bn": 9, "b": 9, "trillion": 12, "tn": 12, "t": 12}
_VAGUE = {
    "dozens": (24, 100), "hundreds": (200, 1e3), "thousands": (2e3, 1e6), "tens of thousands": (2e4, 1e5),
    "hundreds of thousands": (2e5, 1e6), "millions": (2e6, 1e9), "tens of millions": (2e7, 1e8),
    "hundreds of millions": (2e8, 1e9), "billions": (2e9, 1e12), "trillions": (2e12, 1e15),
}
"""The values "thousands of", "millions of"... allow: two of the unit up to (not including) the next."""
_QUALIFIERS = {
    "more than": (1, math.inf), "over": (1, math.inf), "at least": (1, math.inf), "upwards of": (1, math.inf),
    "less than": (0, 1), "fewer than": (0, 1), "under": (0, 1), "up to": (0, 1), "as many as": (0, 1), "as much as": (0, 1),
    "nearly": (0.9, 1), "almost": (0.9, 1), "close to": (0.9, 1),
    "about": (0.9, 1.1), "around": (0.9, 1.1), "approximately": (0.9, 1.1), "roughly": (0.9, 1.1), "some": (0.9, 1.1),
    "an estimated": (0.9, 1.1), "約": (0.9, 1.1), "およそ": (0.9, 1.1),
}
"""What a word before a number does to it, as factors of the number: "over 20" is 20 up to any amount,
"about 20" 18 to 22, so that "about 20" and "21" can both be true and "over 20" and "15" cannot."""
_JA_MAGNITUDES = {"千": 3, "万": 4, "億": 8, "兆": 12}
_SYMBOLS = {"US$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR"}
_CURRENCY_WORDS = {
    "dollars": "USD", "us dollars": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "pounds sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "won": "KRW", "rupees": "INR", "rupiah": "IDR", "roubles": "RUB", "rubles": "RUB",
    "円": "JPY", "ドル": "USD", "米ドル": "USD", "ユーロ": "EUR", "ポンド": "GBP",
}
_CODES = ("USD", "JPY", "EUR", "GBP", "CNY", "AUD", "CAD", "KRW", "INR")
_JA_COUNTERS = {"人": "people", "社": "companies", "件": "cases", "台": "units", "か国": "countries", "カ国": "countries"}
# Full-width digits and signs read as ASCII, one character for one, so positions still match the sentence.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９％＄￥，．", "0123456789%$¥,.")

# What the text says before a number ("over 20 percent"), looked for once a figure is found.
_QUALIFIER = re.compile(
    rf"(?:(?<![A-Za-z])(?i:{'|'.join(q for q in _QUALIFIERS if q.isascii())})\s+|{'|'.join(q for q in _QUALIFIERS if not q.isascii())})$"
)
# Every figure holds a digit, a magnitude word or an age: the other sentences are not searched
# at all. Digits, the common case, are looked for alone first: a scan for one character class
# is 3x cheaper than a case-blind search for words at every character.
_DIGIT = re.compile(r"[0-9０-９]")
# Japanese amounts and counts end in a unit written in kana or kanji (円, ドル, 人, 社...).
_JAPANESE_SCRIPT = re.compile("[\u3040-\u9fff]")
_MAGNITUDE_WORDS = ("dozens", "hundreds", "thousand", "million", "billion", "trillion", "year-old")
_MAGNITUDE_WORD = re.compile(f"(?i:{'|'.join(_MAGNITUDE_WORDS)})")
_MAGNITUDE = r"(?:\s?(?P<magword>thousand|million|billion|trillion)\b|(?P<magsuffix>[kKmMbBtT]|mn|bn|tn)\b)?"
_WORD_NUMBER = "|".join(_WORD_NUMBERS)
_AGE_NUMBER = "|".join(w for w in _WORD_NUMBERS if w not in ("a", "an"))
_VAGUE_WORDS = "|".join(sorted(_VAGUE, key=len, reverse=True)).replace(" ", r"\s")
_NOUN = r"(?P<noun>[a-z][a-z-]*(?:\s[a-z][a-z-]*){0,2})"
# A Japanese number is runs of digits joined by 兆, 億, 万, 千, written so that a run of digits is read
# one way only, from its start: "(?:\d[\d,.]*[万]?)+" tries every split of a long run (30 digits: minutes).
_PATTERNS = [
    ("money", re.compile(rf"(?P<symbol>US\$|A\$|C\$|HK\$|S\$|NT\$|\$|€|£|¥|₩|₹)\s?(?P<number>{_NUM}){_MAGNITUDE}(?![\w-])")),
    ("money", re.compile(rf"(?P<code>{'|'.join(_CODES)})\s?(?P<number>{_NUM}){_MAGNITUDE}(?![\w-])")),
    ("money", re.compile(
        rf"(?<![A-Za-z0-9_.,-])(?<!half )(?P<number>{_NUM}|(?i:{_WORD_NUMBER}))"
        r"(?:\s(?P<magword>thousand|million|billion|trillion)|(?P<magsuffix>m|mn|bn|tn))?"
        r"\s(?P<currency>(?i:us dollars|dollars|euros?|pounds sterling|pounds|yen|yuan|won|rupees|rupiah|roubles|rubles))\b"
    )),
    ("money", re.compile(rf"(?P<vague>(?i:{_VAGUE_WORDS})) of (?P<currency>(?i:us dollars|dollars|euros|pounds|yen))\b")),
    ("money", re.compile(r"(?<![\d,.兆億万千])(?P<janumber>\d[\d,.]*(?:[兆億万千]\d[\d,.]*)*[兆億万千]?)(?P<currency>円|米ドル|ドル|ユーロ|ポンド)")),
    # An age names whom a report is about ("a 43-year-old man"): independent reports of one event repeat it.
    ("age", re.compile(rf"(?<![\w.,-])(?P<number>\d{{1,3}}|(?i:{_AGE_NUMBER}))(?:-year-olds?|\syears\sold)(?!\w)")),
    ("percent", re.compile(rf"(?<![A-Za-z0-9_.,:-])(?P<number>{_NUM})\s?(?:%|(?i:percent|per cent|percentage points?)\b|パーセント)")),
    # Counts are written out in words or digits with a word magnitude: "60m" is a distance in sport.
    ("count", re.compile(
        rf"(?<![A-Za-z0-9_.,:$€£¥-])(?:(?P<number>{_NUM})(?:\s(?P<magword>thousand|million|billion|trillion)|(?P<magsuffix>bn))?"
        rf"|(?<!half )(?P<wordnumber>(?i:{_WORD_NUMBER}))\s(?P<magword2>thousand|million|billion|trillion))"
        rf"(?![\w,.:-]\d|-)\s(?:of\s)?{_NOUN}"
    )),
    ("count", re.compile(rf"(?P<vague>(?i:{_VAGUE_WORDS}))\sof\s{_NOUN}")),
    ("count", re.compile(r"(?<![\d,.兆億万千])(?P<janumber>\d[\d,.]*(?:[億万千]\d[\d,.]*)*[億万千]?)(?P<counter>人|社|件|台|か国|カ国)")),
]
# The time an amount or a count is spread over: "over the next three years", "within five years", "for 12 months".
# Alone, a duration is no key figure ("the three months to December").
_PERIOD_UNIT = re.compile(r"(?i:year|month|week|day)")
_PERIOD = re.compile(
    rf"(?<![\w-])(?P<preposition>(?i:over|within|in|for|during|across))\s(?:(?i:the\s(?:next|past|last|coming|first|following))\s)?"
    rf"(?P<number>{_NUM}|(?i:{_WORD_NUMBER}))\s(?P<unit>(?i:years?|months?|weeks?|days?))\b"
)
_NOT_COUNTED = frozenset(
    "years year months month weeks week days day hours hour minutes mins seconds secs sec decades decade centuries "
    "times percent per dollars euros pounds yen yuan won rupees rupiah am pm metres meters kilometres kilometers km "
    "miles yards feet inches kg tonnes-per along".split()
)
_NOUN_STOP = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been has have had will would can could "
    "that which who than over under into across per each their its this these those more less along away ago north south "
    "east west worldwide alone too twice already now so include includes use uses said says within during until since "
    "after before through".split()
)
# Words that name a group of persons: "3 million people" and "thousands of individuals" count one thing.
_PEOPLE = frozenset(
    "people persons individuals workers employees staff professionals students residents citizens users customers "
    "patients engineers specialists members adults children".split()
)
_CLAUSE_BREAK = re.compile(r",\s|;\s|:\s|\s[—–-]\s|—|、|。|，")
# A bracketed aside that does not hold the figure: "$1.13bn (£600m)", "(SDF)".
_PARENTHETICAL = re.compile(r"\s?[(（][^()（）\0]*[)）]")
_NAME_BEFORE = re.compile(r"(?<!^)\b[A-Z][\w-]*\s$|\btop\s$")
# What is left of a bracket the clause cut through: "of £5.7bn ($10.7bn".
_OPEN_BRACKET = re.compile(r"\s?[(（][^)）]*$")
_CLOSE_BRACKET = re.compile(r"^[^(（]*[)）]\s?")


def _scaled(number: str, power: int) -> float | None:
    """`number` times ten to `power`, exactly ("8.2" bn is 8200000000, not 8199999999.999999)."""
    try:
        scaled = float(Decimal(number.replace(",", "")).scaleb(power))
    except InvalidOperation:
        return None
    return scaled if math.isfinite(scaled) else None  # 400 digits are no figure


def _japanese_number(text: str) -> float | None:
    """1兆5000億 -> 1.5e12: each group of digits scaled by the unit that follows it."""
    parts = [_scaled(digits, _JA_MAGNITUDES.get(unit, 0)) for digits, unit in re.findall(r"([\d,.]+)([兆億万千]?)", text)]
    return sum(parts) if parts and None not in parts else None  # type: ignore[arg-type]


def _value(match: re.Match[str]) -> float | None:
    groups = match.groupdict()
    if groups.get("vague"):
        return None
    if groups.get("janumber"):
        return _japanese_number(groups["janumber"])
    word = groups.get("magword") or groups.get("magword2") or groups.get("magsuffix")
    power = _MAGNITUDES[word.lower()] if word else 0
    base = groups.get("number") or groups.get("wordnumber") or ""
    if base.lower() in _WORD_NUMBERS:
        return _scaled(str(_WORD_NUMBERS[base.lower()]), power)
    return _scaled(base, power)


def _range(match: re.Match[str], value: float | None, qualifier: str) -> tuple[float, float]:
    """The values the figure allows: a vague plural's span or the exact value, widened by its qualifier."""
    vague = match.groupdict().get("vague")
    low, high = _VAGUE[" ".join(vague.lower().split())] if vague else (value or 0.0, value or 0.0)
    widen_low, widen_high = _QUALIFIERS.get(" ".join(qualifier.lower().split()), (1, 1))
    return low * widen_low, high * widen_high


def _noun(phrase: str) -> str | None:
    """The counted thing: words up to the first function word or participle, at most three."""
    words: list[str] = []
    for word in phrase.split():
        if word in _NOUN_STOP or (words and word.endswith(("ed", "ing", "ly"))):
            break
        words.append(word)
    return " ".join(words) if words and words[0] not in _NOT_COUNTED else None


def _unit(kind: str, match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if kind == "percent":
        return "%"
    if kind == "age":
        return "years"
    if kind == "money":
        if groups.get("symbol"):
            return _SYMBOLS[groups["symbol"]]
        return groups.get("code") or _CURRENCY_WORDS.get(groups["currency"].lower())
    if groups.get("counter"):
        return _JA_COUNTERS[groups["counter"]]
    return _noun(groups["noun"])


def _plausible(kind: str, match: re.Match[str], value: float | None, qualified: bool) -> bool:
    """Whether a match is a figure at all, not a year, a name ("FTSE 100") or a figure of speech."""
    groups = match.groupdict()
    if kind == "percent":
        # "no country can ever be 100% shielded": a whole is a figure of speech unless it is "100% of" something.
        return value not in (0.0, 100.0) or match.string[match.end():].lstrip().startswith("of ")
    if kind != "count" or value is None or groups.get("janumber"):
        return True
    if not qualified and _NAME_BEFORE.search(match.string[:match.start()]):
        return False  # "FTSE 100 companies", "No 10 media chief", "the top 100 list"
    number = groups.get("number") or ""
    if groups.get("magword") or groups.get("magsuffix") or groups.get("magword2"):
        return True
    is_year = re.fullmatch(r"1[89]\d\d|2[01]\d\d", number) is not None
    return not is_year and "." not in number and value >= MIN_COUNT


def _figure_text(kind: str, match: re.Match[str], unit: str) -> str:
    """The figure as written, a count up to its noun: "3 million people"."""
    if kind != "count" or match.groupdict().get("counter"):
        return match.group(0)
    return match.string[match.start():match.start("noun")] + unit


def measure_clause(sentence: str, start: int, end: int) -> str:
    """The clause around sentence[start:end] (the figure) that says what it measures:
    cut at commas, semicolons, dashes and brackets, widened to the clause before when
    shorter than MEASURE_WORDS[0], trimmed around the figure when longer than MEASURE_WORDS[1]."""
    cuts = [m.span() for m in _CLAUSE_BREAK.finditer(sentence) if m.end() <= start or m.start() >= end]
    left = max((e for _, e in cuts if e <= start), default=0)
    right = min((s for s, _ in cuts if s >= end), default=len(sentence))
    while word_count(_PARENTHETICAL.sub("", sentence[left:right])) < MEASURE_WORDS[0] and left > 0:
        left = max((e for _, e in cuts if e < left), default=0)
    clause = sentence[left:start] + "\0" + sentence[start:end] + "\0" + sentence[end:right]
    clause = _PARENTHETICAL.sub("", clause).strip(" ,;:()—–-").rstrip(".!。")
    before, figure, after = clause.split("\0")
    before, after = _CLOSE_BRACKET.sub("", before), _OPEN_BRACKET.sub("", after)
    words_before, words_after = before.split(), after.split()
    room = MEASURE_WORDS[1] - len(figure.split())
    if len(words_before) + len(words_after) <= room:
        return before + figure + after
    keep_before = min(len(words_before), max(room // 2, room - len(words_after)))
    keep_after = room - keep_before
    head = ("…" if keep_before < len(words_before) else "") + " ".join(words_before[len(words_before) - keep_before:])
    tail = " ".join(words_after[:keep_after]) + ("…" if keep_after < len(words_after) else "")
    return f"{head} {figure} {tail}".strip()


def _is_conversion(text: str, start: int, anchor_end: int | None) -> bool:
    """"$1.13bn (£600m)", "£5.7bn ($10.7bn; 8.2bn euros)": an amount in brackets right after another converts it."""
    opening = text.rfind("(", 0, start)
    return anchor_end is not None and opening >= anchor_end and ")" not in text[opening:start] and not text[anchor_end:opening].strip()


def _with_periods(text: str, sentence: str, found: list[tuple[int, int, Figure]]) -> list[Figure]:
    """The figures of `found`, in order, each duration of the sentence attached to the nearest
    amount or count whose measure clause holds it ("3 million people ... over the next three years")."""
    figures = [figure for _, _, figure in found]
    for match in _PERIOD.finditer(text) if _PERIOD_UNIT.search(text) else ():
        start, end = match.span()
        phrase = sentence[start:end]
        owners = [(max(start - e, s - end), i) for i, (s, e, f) in enumerate(found)
                  if f.kind in ("money", "count") and figures[i].period is None and phrase in f.measure]
        if not owners:
            continue
        index = min(owners)[1]
        value = _value(match) or 0.0
        within = match.group("preposition").lower() == "within"  # "within five years": up to five
        unit = match.group("unit").lower().rstrip("s") + "s"
        owner = figures[index]
        period = Figure("duration", phrase, value, unit, "within" if within else "", owner.measure, sentence,
                        0.0 if within else value, value)
        figures[index] = replace(owner, period=period)
    return figures


def figures_in(sentence: str) -> list[Figure]:
    """Every figure of one sentence, in order, amounts and counts with the period they cover;
    where matches overlap, the earlier pattern's wins."""
    text = sentence.translate(_HALF_WIDTH)
    worded = _names_magnitude(text)
    if not worded and not _DIGIT.search(text):
        return []
    japanese = _JAPANESE_SCRIPT.search(text) is not None
    found: list[tuple[int, int, Figure]] = []
    for kind, pattern in _PATTERNS:
        if "vague" in pattern.groupindex and not worded:
            continue  # "thousands of", "millions of"...: each holds a magnitude word
        if ("janumber" in pattern.groupindex and not japanese) or (kind == "age" and "year" not in text):
            continue  # a pattern that cannot match: ruled out for less than the cost of one scan
        for match in pattern.finditer(text):
            qualifier = _QUALIFIER.search(text, max(0, match.start() - 25), match.start())
            value, unit = _value(match), _unit(kind, match)
            if unit is None or (value is None and not match.groupdict().get("vague")):
                continue  # nothing counted, or digits that are no number ("1.2.3億円")
            if not _plausible(kind, match, value, qualifier is not None):
                continue
            start = qualifier.start() if qualifier else match.start()
            end = match.start() + len(_figure_text(kind, match, unit))
            if any(s < end and start < e for s, e, _ in found):
                continue
            said = sentence[qualifier.start():match.start()].strip() if qualifier else ""
            low, high = _range(match, value, said)
            figure = Figure(kind, sentence[start:end], value, unit, said, measure_clause(sentence, start, end), sentence, low, high)
            found.append((start, end, figure))
    found.sort(key=lambda entry: entry[0])
    kept: list[Figure] = []
    anchor: int | None = None
    for (start, end, _), figure in zip(found, _with_periods(text, sentence, found)):
        if figure.kind == "money":
            if _is_conversion(text, start, anchor):
                continue
            anchor = end
        kept.append(figure)
    return kept


def _names_magnitude(text: str) -> bool:
    """Whether `text` holds a magnitude word or an age in any case, as `_MAGNITUDE_WORD`
    finds them: a plain substring test of the lower-cased text costs a fifth of the case-blind
    regex, which tries every word at every character."""
    lower = lower_for_case_blind_search(text)
    if lower is None:
        return _MAGNITUDE_WORD.search(text) is not None
    return any(word in lower for word in _MAGNITUDE_WORDS)


def _may_hold(text: str) -> bool:
    return _DIGIT.search(text) is not None or _names_magnitude(text)


def _sentences(article: Article) -> list[tuple[str, bool]]:
    """Sentences that may carry a key figure, each with whether it stands alone: description,
    paragraphs and list items; never questions, asides or promotions (long ones are fine)."""
    found = []
    for kind, text in [("paragraph", article.description or "")] + [(b.kind, b.text) for b in article.blocks]:
        # Most text holds no figure: ruling it out costs less than splitting and judging it.
        if kind != "heading" and _may_hold(text):
            found += split_sentences(text) if kind == "paragraph" else [text]
    usable = []
    for sentence in found:
        if not _may_hold(sentence):
            continue
        problem = rejection(sentence, fragment=not ends_complete(sentence))
        if problem in (None, "too short or too long"):
            usable.append((sentence, problem is None and not refers_back(sentence)))
    return usable


def _order(value: float) -> int:
    """Thousands 1, millions 2, billions 3..."""
    return (len(str(int(value))) - 1) // 3 if value >= 1 else 0


def _same(a: Figure, b: Figure) -> bool:
    """The same figure stated twice; a vague one ("millions of workers") is covered by an exact one of its order."""
    if a.kind != b.kind:
        return False
    if a.value is not None and b.value is not None:
        return a.unit == b.unit and a.value == b.value
    if a.value is None and b.value is None:
        return a.text.lower() == b.text.lower()
    exact, vague = (a, b) if a.value is not None else (b, a)
    return _order(exact.value or 0) == _order(vague.low)


def _better(new: tuple[Figure, bool], old: tuple[Figure, bool]) -> bool:
    """An exact figure beats a vague one; then a sentence that stands alone beats one that leans back."""
    if (new[0].value is None) != (old[0].value is None):
        return new[0].value is not None
    return new[1] and not old[1]


def extract_figures(article: Article) -> Article:
    """The article's key figures, at most MAX_FIGURES in article order: each distinct one
    once, taken from a sentence that stands alone when one states it."""
    figures: list[tuple[Figure, bool]] = []
    for sentence, alone in _sentences(article):
        for figure in figures_in(sentence):
            index = next((i for i, (other, _) in enumerate(figures) if _same(figure, other)), None)
            if index is None:
                figures.append((figure, alone))
            elif _better((figure, alone), figures[index]):
                figures[index] = (figure, alone)
    chosen = tuple(figure for figure, _ in figures[:MAX_FIGURES])
    return replace(
        article,
        key_figures=chosen,
        provenance=with_origin(article.provenance, key_figures="figures:text" if chosen else None),
    )


def comparable(figure: Figure) -> str:
    """What a figure can be set beside: "money:USD", "percent:%", "count:people" (any group of
    persons), "count:case" (the counted noun's head, singular)."""
    if figure.kind != "count":
        return f"{figure.kind}:{figure.unit}"
    head = figure.unit.split()[-1]
    return "count:people" if head in _PEOPLE else f"count:{stem(head)}"


def figure_key(figure: Figure) -> str:
    """The name of an exact figure however it is written ("$10B", "$10 billion", "10 billion dollars":
    "money:USD:1e+10"), to three significant digits so that a figure meets its rounding ("$449,000",
    "$449K"); empty for a range ("thousands of", "over 20 percent")."""
    return f"{comparable(figure)}:{figure.low:.3g}" if figure.exact else ""
