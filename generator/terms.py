"""Words of an article as comparable terms: lower-cased, lightly stemmed, stopwords out.

Story grouping and the figure comparison both need to ask "do these two texts talk
about the same things?", so they share one notion of a term. Term weights come from
general-language word frequencies (wordfreq), not from the articles being built:
a pair of articles then scores the same whatever else is in the build, which is what
keeps story ids stable when unrelated seeds are added.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import multiprocessing
import re
from functools import lru_cache
from pathlib import Path

from .wordlists import LOOKUPS_BEFORE_LOADING, KeptWords, keep_words, kept_words, source_of

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Function words and the reporting verbs every news article uses; they say nothing
# about which event an article covers.
STOPWORDS = frozenset(
    """
    a about above after again against all also although am an and any are around as at be because been before
    being below between both but by can could did do does doing done down during each either else even ever every
    for from further had has have having he her here hers herself him himself his how however i if in into is it
    its itself just least less let like made make makes many may me might more most much must my myself near
    neither no nor not now of off on once one only or other others our ours ourselves out over own per perhaps
    quite rather really same see seen shall she should since so some such than that the their theirs them
    themselves then there these they this those though through thus to too under until up upon us very via was
    we well were what whatever when where whether which while who whom whose why will with within without would
    yet you your yours yourself yourselves
    said says say saying told tell according reported reports report added asked
    new also just still already like get got go going gone way week weeks day days year years time times today
    yesterday monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    """.split()
)

# Zipf value (log10 of frequency per billion words) given to a word wordfreq does not
# know: rarer than almost anything it lists, as new names and coinages are.
UNKNOWN_ZIPF = 1.0
# "the" is 7.73; 9 keeps every known word's weight positive.
_ZIPF_CEILING = 9.0


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stem: possessives and plural endings off, so "investments" meets "investment".

    Deliberately weaker than Porter: names ("Reuters", "Davis") must keep their shape
    more than inflections must meet.
    """
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case word tokens of `text`; a run of CJK script becomes its character bigrams."""
    tokens: list[str] = []
    for match in _WORD.finditer(text.lower()):
        token = match.group()
        if _CJK.search(token):
            tokens.extend(_cjk_bigrams(token))
        else:
            tokens.append(token)
    return tokens


def _cjk_bigrams(run: str) -> list[str]:
    # Japanese and Chinese have no spaces; overlapping bigrams are the standard
    # dictionary-free unit (most content words are two characters).
    chars = [c for c in run if _CJK.match(c)]
    return ["".join(chars[i : i + 2]) for i in range(len(chars) - 1)] or chars


def terms(text: str) -> list[str]:
    """Content terms of `text` in order: stemmed words without stopwords or one-letter tokens."""
    lower = text.lower()
    # Most text has no CJK: one findall then, no test of each word's script.
    found = _WORD.findall(lower) if not _CJK.search(lower) else words(text)
    return [term for term in map(_term, found) if term is not None]


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str | None:
    """The word's term, or None for a stopword or a one-letter token. Cached: an article
    repeats its words, and a build repeats a vocabulary of a few tens of thousands."""
    if word in STOPWORDS or (len(word) < 2 and not _CJK.match(word)):
        return None
    return stem(word)


_lists: dict[str, dict[str, float]] = {}
"""The word lists loaded whole, by language."""
_kept_in: Path | None = None
"""Where word lists are kept as files (`keep_word_lists_in`), if anywhere."""
_kept: dict[tuple[Path, str], KeptWords | None] = {}


def keep_word_lists_in(folder: Path | None) -> None:
    """Look words up in lists kept in `folder` (made there by the first process that loads
    a whole list), until so many were looked up that loading is cheaper: for a build of
    many seeds, whose edits weigh a few hundred words. None: load every list whole."""
    global _kept_in
    _kept_in = folder


def _table(language: str) -> KeptWords | dict[str, float]:
    """Where `weight` finds a word's frequency: the loaded list, else a kept one while few
    words were looked up in it, else the list, loaded now."""
    loaded = _lists.get(language)
    if loaded is not None:
        return loaded
    kept = _kept_words(language)
    if kept is not None and kept.lookups < LOOKUPS_BEFORE_LOADING:
        return kept
    return _frequencies(language)


def _kept_words(language: str) -> KeptWords | None:
    if _kept_in is None:
        return None
    key = (_kept_in, language)
    if key not in _kept:
        try:
            _kept[key] = kept_words(_kept_in, language, source_of(_word_list_file(language)))
        except (OSError, LookupError):
            _kept[key] = None
    return _kept[key]


def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's `get_frequency_dict(language, "best")`, read from its data file: importing
    wordfreq (its language-code tables) and building its dict took 0.19 s, this 0.1 s.
    Should wordfreq lay its files out otherwise, wordfreq itself is asked
    (`test_terms_read_wordfreq_as_wordfreq_does`). Kept as a file if asked to and not yet."""
    loaded = _lists.get(language)
    if loaded is not None:
        return loaded
    try:
        loaded = _lists[language] = _read_word_list(language)
    except (OSError, ValueError, LookupError):
        from wordfreq import get_frequency_dict

        loaded = _lists[language] = get_frequency_dict(language, "best")
        return loaded
    # Written by a process that runs to its end: a daemon worker may be stopped midway
    # (one readying itself ahead for an edit, a pool's when its work is done).
    if _kept_in is not None and not multiprocessing.current_process().daemon and _kept_words(language) is None:
        keep_words(_kept_in, language, source_of(_word_list_file(language)), loaded)
        _kept.pop((_kept_in, language), None)  # looked for again when next asked
    return loaded


def _word_list_file(language: str) -> Path:
    """wordfreq's "best" list is its large one where it has one, else its small one."""
    spec = importlib.util.find_spec("wordfreq")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise LookupError("wordfreq is not installed as a package")
    folder = Path(list(spec.submodule_search_locations)[0]) / "data"
    path = next((p for p in (folder / f"large_{language}.msgpack.gz", folder / f"small_{language}.msgpack.gz") if p.is_file()), None)
    if path is None:
        raise LookupError(f"wordfreq has no word list for {language!r}")
    return path


def _read_word_list(language: str) -> dict[str, float]:
    """wordfreq's list of `language`: a file of a header, then one list of words a centibel
    of frequency, the most frequent first."""
    import msgpack

    path = _word_list_file(language)
    with gzip.open(path, "rb") as handle:
        header, *buckets = msgpack.unpack(handle, raw=False)
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path}: not a word list wordfreq 3 would write")
    frequencies: dict[str, float] = {}
    for index, bucket in enumerate(buckets):  # a later bucket's word wins, as in wordfreq's loop
        frequencies.update(dict.fromkeys(bucket, 10 ** (-index / 100)))  # as wordfreq's cB_to_freq(-index)
    return frequencies


@lru_cache(maxsize=65536)
def weight(term: str) -> float:
    """How much a shared `term` says: 9 minus its Zipf frequency (rare words weigh more).

    "the" weighs 1.3, "japan" 4.1, "microsoft" 4.6, "duvet" 6.0, an unknown name 8.
    """
    cjk = bool(_CJK.match(term))
    table = _table("ja" if cjk else "en")
    freq = table.get(term)
    if freq is None and not cjk:
        freq = max(table.get(term + "s", 0.0), table.get(term + "es", 0.0)) or None
    zipf = math.log10(freq) + 9 if freq else UNKNOWN_ZIPF
    return max(_ZIPF_CEILING - zipf, 0.5)


# The letters a case-blind regex takes for ASCII ones that str.lower does not turn into
# them (ſ for s, ı and İ for i; the Kelvin sign lower-cases to k).
_CASE_BLIND_ONLY = re.compile("[ſıİ]")


def lower_for_case_blind_search(text: str) -> str | None:
    """`text` lower-cased, when a case-sensitive search of it for lower-case ASCII (or
    caseless) words finds what a case-blind search of `text` finds; None when it holds a
    letter that only the case-blind regex reads as ASCII. Lower-casing once is cheaper than
    a case-blind regex, which cannot jump to the characters a match may start with."""
    if text.isascii() or not _CASE_BLIND_ONLY.search(text):
        return text.lower()
    return None
