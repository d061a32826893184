"""Remove what is not the article: boilerplate lines, empty sections, repeated blocks.

The patterns are data (`content/boilerplate.yml`), each with its reason; every
dropped line is kept in `Article.removed` so `briefing check --verbose` can show
a contributor exactly what went and why.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .curated import Pattern
from .model import Article, Block, Removed


def junk_reason(text: str, patterns: tuple[Pattern, ...], any_of: re.Pattern[str] | None = None) -> str | None:
    """Why a line is boilerplate (the first pattern that matches all of it), or None.
    `any_of` (`patterns_as_one`) tells first whether any pattern matches at all."""
    if any_of is not None and any_of.fullmatch(text) is None:
        return None
    for pattern in patterns:
        if pattern.regex.fullmatch(text):
            return pattern.reason
    return None


@lru_cache(maxsize=4)
def patterns_as_one(patterns: tuple[Pattern, ...]) -> re.Pattern[str] | None:
    """One regex that matches a whole line when one of `patterns` does: most lines are
    prose, which it turns away in one call instead of one per pattern (a quarter less
    time). None when the patterns cannot be joined: a group in one would change what
    a back-reference in another refers to, and a flag set inside one would be an error."""
    if not patterns or any(p.regex.groups or p.regex.flags != patterns[0].regex.flags for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.regex.pattern})" for p in patterns), patterns[0].regex.flags)
    except re.error:
        return None


def drop_boilerplate(article: Article, patterns: tuple[Pattern, ...]) -> Article:
    """Blocks that wholly match a boilerplate pattern are removed with their reason, and
    so are the headings whose whole section went with them."""
    kept: list[Block] = []
    removed = list(article.removed)
    lost_after: set[int] = set()  # positions in `kept` right after which junk was removed
    any_of = patterns_as_one(patterns)
    for block in article.blocks:
        reason = junk_reason(block.text, patterns, any_of)
        if reason:
            removed.append(Removed(block.text, reason))
            lost_after.add(len(kept) - 1)
        else:
            kept.append(block)
    blocks, emptied = drop_empty_sections(kept, lost_after)
    return replace(article, blocks=blocks, removed=tuple(removed) + emptied)


def drop_empty_sections(blocks: list[Block], lost_after: set[int]) -> tuple[tuple[Block, ...], tuple[Removed, ...]]:
    """Headings left with nothing under them because their section was junk, or at the very end.

    A run of headings with nothing removed between them stays: pages list deals or
    scores as headings alone (the article-extraction benchmark keeps them as body).
    """
    result: list[Block] = []
    dropped: list[Removed] = []
    lost_after = set(lost_after)
    for index in reversed(range(len(blocks))):
        block = blocks[index]
        following = result[-1] if result else None
        empty = following is None or (following.kind == "heading" and following.level <= block.level)
        if block.kind == "heading" and empty and (following is None or index in lost_after):
            dropped.append(Removed(block.text, "heading of an empty section"))
            lost_after.add(index - 1)
            continue
        result.append(block)
    return tuple(reversed(result)), tuple(reversed(dropped))


def drop_repeats(article: Article) -> Article:
    """The same block twice in a row is a copy-paste artefact."""
    kept: list[Block] = []
    for block in article.blocks:
        if kept and kept[-1] == block:
            continue
        kept.append(block)
    return replace(article, blocks=tuple(kept))


def clean(article: Article, patterns: tuple[Pattern, ...]) -> Article:
    """Every cleaning stage; an article left with no text is the caller's to report."""
    return drop_repeats(drop_boilerplate(article, patterns))
