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


class PhraseMatcher:
    """A set of phrases to look for, case-sensitive or not."""

    def __init__(self, phrases: Iterable[str], ignore_case: bool):
        self.ignore_case = ignore_case
        keys = sorted({self.key(p) for p in phrases if p.strip()}, key=lambda k: (-len(k), k))
        pieces = [self._pattern(k) for k in keys]
        self._regex = re.compile("|".join(pieces), re.IGNORECASE if ignore_case else 0) if pieces else None

    def key(self, text: str) -> str:
        """The form a phrase and the text that matched it share: spaces and hyphens as one space, case folded if ignored."""
        text = _SEPARATORS.sub(" ", text.strip())
        return text.lower() if self.ignore_case else text

    @staticmethod
    def _pattern(key: str) -> str:
        body = r"[\s-]+".join(re.escape(word) for word in key.split(" "))
        before = r"(?<![A-Za-z0-9_-])" if _LATIN_EDGE.match(key[0]) else ""
        after = r"(?![A-Za-z0-9_-])" if _LATIN_EDGE.match(key[-1]) else ""
        return before + body + after

    def find(self, text: str) -> list[str]:
        """The keys of the phrases found in `text`, once per occurrence, in order."""
        if self._regex is None:
            return []
        return [self.key(m.group(0)) for m in self._regex.finditer(text)]
