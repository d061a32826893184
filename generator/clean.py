"""Remove what is not the article: boilerplate lines, empty sections, repeated blocks.

The patterns are data (`content/boilerplate.yml`), each with its reason; every
dropped line is kept in `Article.removed` so `briefing check --verbose` can show
a contributor exactly what went and why.
"""

from __future__ import annotations

from dataclasses import replace

from .curated import Pattern
from .model import Article, Block, Removed


def _junk_reason(text: str, patterns: tuple[Pattern, ...]) -> str | None:
    for pattern in patterns:
        if pattern.regex.fullmatch(text):
            return pattern.reason
    return None


def drop_boilerplate(article: Article, patterns: tuple[Pattern, ...]) -> Article:
    """Blocks that wholly match a boilerplate pattern are removed, with their reason."""
    kept: list[Block] = []
    removed = list(article.removed)
    for block in article.blocks:
        reason = _junk_reason(block.text, patterns)
        if reason:
            removed.append(Removed(block.text, reason))
        else:
            kept.append(block)
    return replace(article, blocks=tuple(kept), removed=tuple(removed))


def drop_empty_sections(article: Article) -> Article:
    """A heading with nothing under it (its section was all junk) goes too."""
    kept: list[Block] = []
    removed = list(article.removed)
    blocks = article.blocks
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            following = next((b for b in blocks[index + 1:]), None)
            if following is None or (following.kind == "heading" and following.level <= block.level):
                removed.append(Removed(block.text, "heading of an empty section"))
                continue
        kept.append(block)
    return replace(article, blocks=tuple(kept), removed=tuple(removed))


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
    return drop_repeats(drop_empty_sections(drop_boilerplate(article, patterns)))
