"""Finding curated phrases (topic terms, entity names) in running text, English or Japanese.

All phrases are found in one pass of one regex, so the cost does not grow with the
size of the taxonomy. At each place the longest phrase wins ("Japan Self-Defense
Forces" is not also "Japan"). Latin phrases match whole words only; Japanese ones
match anywhere, as Japanese puts no spaces between words. A space in a phrase
matches a space or a hyphen ("zero trust" finds "zero-trust").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")
_SEPARATORS = re.compile(r"[\s-]+")
_REGEX_FOLDS = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})
"""Letters (long s, dotless i, dotted capital I, Kelvin sign) that a case-blind regex
matches to an ASCII letter, folding one character at a time, where `str.lower` gives
something else: the text that matched must have the key of the phrase it matched."""


class PhraseMatcher:
    """A set of phrases to look for, case-sensitive or not."""

    def __init__(self, phrases: Iterable[str], ignore_case: bool):
        self.ignore_case = ignore_case
        keys = {self.key(p) for p in phrases if p.strip()}
        self._regex = re.compile(_trie_pattern(keys, ignore_case), re.IGNORECASE if ignore_case else 0) if keys else None

    def key(self, text: str) -> str:
        """The form a phrase and the text that matched it share: spaces and hyphens as one space, case folded if ignored."""
        text = _SEPARATORS.sub(" ", text.strip())
        return text.translate(_REGEX_FOLDS).lower() if self.ignore_case else text

    def find(self, text: str) -> list[str]:
        """The keys of the phrases found in `text`, once per occurrence, in order."""
        if self._regex is None:
            return []
        return [self.key(m.group(0)) for m in self._regex.finditer(text)]


_WORD_CHAR = "[A-Za-z0-9_-]"
"""A character that continues a Latin word: a phrase must not start or end next to one."""


def _trie_pattern(keys: set[str], ignore_case: bool) -> str:
    """One regex for all keys, their common beginnings merged (a trie): Python's regex
    engine tries alternatives one by one, so 150 flat alternatives cost 150 tries at
    every character, a trie one or two. Longer phrases come before shorter ones."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    latin = {c: n for c, n in trie.items() if _LATIN_EDGE.match(c)}
    other = {c: n for c, n in trie.items() if c not in latin}
    if not ignore_case:
        # Every branch opens with its first character, a Latin phrase's word start checked
        # right after it ("A(?<!...A)"): the regex engine then jumps from one first character
        # to the next instead of trying the trie at every character (5x faster on the seeds'
        # sentences). Case-blind, a branch that opens with a letter gets no such jump, so the
        # check stays in front there.
        return _branches({**latin, **other}, first=latin.keys())
    parts = []
    if latin:
        parts.append(f"(?<!{_WORD_CHAR})" + _branches(latin))
    if other:
        parts.append(_branches(other))
    return "|".join(parts)


def _branches(node: dict, first: Iterable[str] = ()) -> str:
    """The alternatives that continue from a trie node, each child before the end of a phrase;
    a child in `first` is checked to start a word."""
    pieces = []
    for char in sorted(c for c in node if c):
        step = r"[\s-]+" if char == " " else re.escape(char)
        if char in first:
            step += f"(?<!{_WORD_CHAR}{re.escape(char)})"
        child = node[char]
        ends = [c for c in child if c]
        if "" in child:
            boundary = f"(?!{_WORD_CHAR})" if _LATIN_EDGE.match(char) else ""
            pieces.append(step + (f"(?:{_branches(child)}|{boundary})" if ends else boundary))
        else:
            pieces.append(step + _branches(child))
    return pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"
