"""Plain text pasted from a page: the first line is the headline, each line a block.

Pasted pages have no markup, so structure is inferred from the shape of each
line: bullets are list items, short unpunctuated lines followed by text are
headings, everything else is a paragraph. Which lines are junk is decided later,
by the cleaner, from `content/boilerplate.yml`.
"""

from __future__ import annotations

import re

from ..model import Article, Block, Seed, with_origin
from ..seeds import SeedError
from ..textutil import clean_text

FORMAT = "text"
_BULLET = re.compile(r"^(?:[-*•·▪●◦‣–]|\d{1,2}[.)])\s+(?=\S)")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s")
_HEADING_MAX_WORDS = 12


def sniff(text: str) -> bool:
    """Anything that is text; this reader is the fallback."""
    return True


def _is_heading(line: str, next_line: str | None) -> bool:
    words = line.split()
    if next_line is None or len(words) > _HEADING_MAX_WORDS:
        return False
    if line.endswith((".", ",", ";", "”.", '."')):
        return False
    if line.endswith(":") and len(words) > 4:
        return False
    return line[0].isupper() or line[0].isdigit() or not line[0].isalpha()


def parse_lines(lines: list[str]) -> tuple[Block, ...]:
    """Non-empty lines of pasted text to blocks."""
    blocks = []
    for index, line in enumerate(lines):
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        bullet = _BULLET.match(line)
        if _NUMBERED.match(line) and _is_heading(line, next_line):
            blocks.append(Block("heading", line, 2))
        elif bullet:
            blocks.append(Block("item", line[bullet.end():]))
        elif _is_heading(line, next_line):
            blocks.append(Block("heading", line.rstrip(":"), 2))
        else:
            blocks.append(Block("paragraph", line))
    return tuple(blocks)


def read(seed: Seed) -> list[Article]:
    """One article: the first line is its title, the rest its blocks."""
    numbered = [(number, clean_text(line)) for number, line in enumerate(seed.text.split("\n"), start=1)]
    numbered = [(number, line) for number, line in numbered if line]
    if not numbered:
        raise SeedError("no text: only invisible or control characters", 1)
    (title_line, title), rest = numbered[0], [line for _, line in numbered[1:]]
    if len(title.split()) > 40:
        raise SeedError("the first line is a paragraph, not a headline: put the article's title on the first line", title_line)
    return [
        Article(
            id=seed.id,
            seed=str(seed.path),
            format=FORMAT,
            title=title,
            blocks=parse_lines(rest),
            warnings=seed.warnings,
            provenance=with_origin((), title="text:first-line", body="text:lines"),
        )
    ]
